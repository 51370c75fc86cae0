// POST /lead on the durable path (LEADGATE_STATE: the LeadgateState Durable
// Object on workerd's local disk, and on tmpfs; Deno KV in a file) against the
// stateless path, with the same SQL leads and unique submission ids, on real
// workerd and Deno. Per
// path: requests/s and latency of the acknowledgements (4 concurrent clients),
// and the server's CPU per lead (schedstat, all threads) from the first request
// until the webhook receiver has every lead, so the durable rows include the
// queue's own work (the alarm, the claim, the delivery, its record).
// Used by bench.mjs; `node benches/edge/durable.mjs [--requests 1000]` runs it alone.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { freePort } from "../../tests/pkg/util.mjs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, bin, prepareEdge, testBindings, TEST_SECRET } from "../../tests/edge/harness.mjs";
import { startReceiver } from "../../tests/edge/receiver.mjs";
import { SQL_ENTERPRISE } from "../../tests/edge/leads.mjs";

const CONCURRENCY = 4;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function cpuNs(pid) {
  let total = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // thread ended
    }
  }
  return total;
}

const listening = (port) => new Promise((resolve) => {
  const s = net.connect(port, "127.0.0.1");
  s.on("connect", () => { s.destroy(); resolve(true); });
  s.on("error", () => resolve(false));
});

async function serve(dir, port, cmd = bin("workerd"), args = ["serve", "config.capnp"]) {
  const child = spawn(cmd, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const deadline = Date.now() + 15_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`workerd did not start:\n${err}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return child;
}

async function stop(child) {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

async function run(label, recv, prepared, n, prefix) {
  const { dir, port, cmd, args } = prepared;
  const url = `http://127.0.0.1:${port}`;
  const child = await serve(dir, port, cmd, args);
  try {
    const post = (id) => fetch(`${url}/lead`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...SQL_ENTERPRISE, submission_id: id }),
    });
    for (let i = 0; i < 200; i++) await (await post(`bench-${prefix}-warm-${String(i).padStart(6, "0")}`)).arrayBuffer(); // warm-up
    while (recv.accepted.size < 200) await new Promise((r) => setTimeout(r, 20));
    recv.reset();
    const lat = [];
    let next = 0;
    const c0 = cpuNs(child.pid);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const id = `bench-${prefix}-${String(next++).padStart(6, "0")}`;
        const t = performance.now();
        const r = await post(id);
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${label}: status ${r.status}`);
        lat.push(performance.now() - t);
      }
    }));
    const ackSeconds = (performance.now() - t0) / 1000;
    while (recv.accepted.size < n) await new Promise((r) => setTimeout(r, 10));
    const cpuMs = (cpuNs(child.pid) - c0) / 1e6 / n;
    return `| ${label} | ${(n / ackSeconds).toFixed(0)} | ${median(lat).toFixed(2)} | ${pct(lat, 0.99).toFixed(2)} | ${cpuMs.toFixed(3)} |`;
  } finally {
    await stop(child);
  }
}

/** Runs the comparison and reports through `say`. */
export async function benchDurable(say, n = 1000) {
  const recv = await startReceiver({ secret: TEST_SECRET });
  const dirs = [];
  try {
    const base = testBindings(recv.url, { WEBHOOK_TIMEOUT_MS: "5000" }); // the production default: the tests' 400 ms gives 503s on a loaded machine
    const stateless = await prepareEdge(base);
    dirs.push(stateless.dir);
    // Owners (TEAMS): each lead also takes a pick in its team's record (one more object and commit).
    const owners = { TEAMS: JSON.stringify({ "enterprise-ae": { fallback: "q", members: [["a", 3], ["b", 2], ["c", 1]].map(([id, weight]) => ({ id, email: `${id}@example.com`, weight })) } }) };
    const durable = async (where, extra = {}) => {
      const storage = mkdtempSync(join(where, "leadgate-bench-state-"));
      dirs.push(storage);
      const p = await prepareEdge({ ...base, ADMIN_TOKEN: "bench-admin-token-0123456789", ...extra }, {
        template: "config-durable.capnp.in", values: { STORAGE: JSON.stringify(storage) },
      });
      dirs.push(p.dir);
      return p;
    };
    say(`\nPOST /lead, SQL with a new submission id each, ${n} requests, ${CONCURRENCY} concurrent, webhook always 2xx; ` +
      "CPU = the server process's (workerd or Deno), from the first request until the receiver has every lead:");
    say("| path | acknowledged req/s | ack latency p50 ms | p99 ms | server CPU ms/lead |");
    say("| --- | ---: | ---: | ---: | ---: |");
    say(await run("stateless (webhook before the answer)", recv, stateless, n, "sl"));
    say(await run(`durable, Durable Object on disk (${tmpdir()})`, recv, await durable(tmpdir()), n, "dd"));
    if (existsSync("/dev/shm")) say(await run("durable, Durable Object on tmpfs (/dev/shm)", recv, await durable("/dev/shm"), n, "dm"));
    if (existsSync("/dev/shm")) say(await run("durable + owners (TEAMS, weights 3/2/1), Durable Object on tmpfs", recv, await durable("/dev/shm", owners), n, "do"));
    // Deno: the same module under Deno.serve, stateless and with Deno KV in a file on disk.
    const denoDir = mkdtempSync(join(tmpdir(), "leadgate-bench-deno-"));
    dirs.push(denoDir);
    writeFileSync(join(denoDir, "deno.json"), JSON.stringify({ imports: { leadgate: pathToFileURL(join(root, "pkg/deno.js")).href, "leadgate/connectors": pathToFileURL(join(root, "pkg/connectors/index.js")).href }, lock: false, nodeModulesDir: "none" }));
    const deno = async (script, extra, env) => ({
      dir: denoDir, port: await freePort(), cmd: bin("deno"),
      get args() {
        return ["run", "--quiet", ...extra, "--allow-net=127.0.0.1", "--config", join(denoDir, "deno.json"), join(root, script), String(this.port), JSON.stringify(env), join(denoDir, "kv.sqlite")];
      },
    });
    say(await run("Deno, stateless", recv, await deno("tests/edge/deno-serve.mjs", [], base), n, "ns"));
    say(await run(`Deno, durable, Deno KV on disk (${tmpdir()})`, recv, await deno("tests/edge/deno-durable-serve.mjs",
      ["--unstable-kv", `--allow-read=${denoDir}`, `--allow-write=${denoDir}`], { ...base, ADMIN_TOKEN: "bench-admin-token-0123456789" }), n, "nk"));
    say(await run(`Deno, durable + owners (TEAMS, weights 3/2/1), Deno KV on disk (${tmpdir()})`, recv, await deno("tests/edge/deno-durable-serve.mjs",
      ["--unstable-kv", `--allow-read=${denoDir}`, `--allow-write=${denoDir}`], { ...base, ADMIN_TOKEN: "bench-admin-token-0123456789", ...owners }), n, "no"));
  } finally {
    await recv.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf("--requests");
  await benchDurable(console.log, i > 0 ? Number(process.argv[i + 1]) : 1000);
}
