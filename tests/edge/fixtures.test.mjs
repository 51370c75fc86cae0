// The shared fixture cases under Deno, with the builds the edge and the
// browsers run (the browsers' full wasm and leadgate/lite): the same golden
// outcomes as the CLI and Node (tests/edge/deno-fixtures.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root, bin } from "./harness.mjs";

test("every fixture case gives its golden outcome under Deno (full and lite wasm)", () => {
  const dir = mkdtempSync(join(tmpdir(), "leadgate-edge-fixtures-"));
  try {
    const config = { imports: { leadgate: pathToFileURL(join(root, "pkg/deno.js")).href }, lock: false, nodeModulesDir: "none" };
    writeFileSync(join(dir, "deno.json"), JSON.stringify(config));
    const out = execFileSync(bin("deno"), ["run", "--quiet", `--allow-read=${root}`, "--config", join(dir, "deno.json"),
      join(root, "tests/edge/deno-fixtures.mjs"), root], { cwd: dir, encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
    const { checked, hoursChecked, failures } = JSON.parse(out.trim().split("\n").pop());
    assert.ok(hoursChecked > 0, "withinHours / addBusinessTime not checked under Deno");
    const cases = readdirSync(join(root, "tests/fixtures/cases")).filter((f) => f.endsWith(".json")).length;
    assert.deepEqual(failures, []);
    assert.equal(checked, 2 * cases);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
