// Published models' per-request cost (www/edge/state/models-cache.js), on
// Deno with real Deno KV in a file: runs models-deno.mjs and reports its
// numbers. Used by bench.mjs; `node benches/edge/models.mjs` runs it alone.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root, bin } from "../../tests/edge/harness.mjs";

/** Runs the measurement and reports through `say`. */
export function benchModels(say) {
  const dir = mkdtempSync(join(tmpdir(), "leadgate-bench-models-"));
  try {
    writeFileSync(join(dir, "deno.json"), JSON.stringify({
      imports: { leadgate: pathToFileURL(join(root, "pkg/deno.js")).href, "leadgate/connectors": pathToFileURL(join(root, "pkg/connectors/index.js")).href },
      lock: false, nodeModulesDir: "none",
    }));
    const r = spawnSync(bin("deno"), ["run", "--quiet", "--unstable-kv", "--allow-net=127.0.0.1", `--allow-read=${dir},${root}`, `--allow-write=${dir}`,
      "--config", join(dir, "deno.json"), join(root, "benches/edge/models-deno.mjs"), join(dir, "kv.sqlite")],
    { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
    const line = r.stdout.trim().split("\n").pop();
    if (r.status !== 0 || !line?.startsWith("{")) throw new Error(`models-deno.mjs failed:\n${r.stdout}\n${r.stderr}`);
    const m = JSON.parse(line);
    say(`\nPublished models, Deno ${spawnSync(bin("deno"), ["--version"], { encoding: "utf8" }).stdout.split("\n")[0].replace("deno ", "")}, Deno KV in a file, a published version current (wall time, one process):`);
    say("| what | µs per call |");
    say("| --- | ---: |");
    say(`| which model scores, check fresh (every request within MODEL_REFRESH_MS) | ${m.hit_us.toFixed(3)} |`);
    say(`| which model scores, head read from KV (once per isolate per MODEL_REFRESH_MS; every request at 0) | ${m.check_us.toFixed(1)} |`);
    say(`| \`GET /model\` handler, MODEL_REFRESH_MS=5000 | ${m.model_route_refresh_5s_us.toFixed(1)} |`);
    say(`| \`GET /model\` handler, MODEL_REFRESH_MS=0 | ${m.model_route_refresh_0_us.toFixed(1)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) benchModels(console.log);
