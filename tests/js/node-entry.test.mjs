// The Node entry's start-up paths: node.mjs takes node:fs from
// process.getBuiltinModule when Node has it (20.16+, 22.3+) and imports it
// otherwise (pkg-template/node-fs.js); both must load and score. And
// leadgate/lite falls back from streaming compilation with a warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./helpers.mjs";

const entry = pathToFileURL(join(root, process.env.LEADGATE_PKG ?? "pkg", "node.mjs")).href;
const script = `const { Scorer, defaultModel } = await import(${JSON.stringify(entry)});
const o = new Scorer(defaultModel()).score({ email: "ana@acme.com", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" }, { now: "2026-11-26T12:00:00Z" });
console.log(typeof process.getBuiltinModule, o.stage, o.route.respond_by);`;

for (const [label, preload] of [
  ["with process.getBuiltinModule", []],
  ["without process.getBuiltinModule (older Node)", ["--import", "data:text/javascript,delete process.getBuiltinModule"]],
]) {
  test(`node.mjs loads and scores ${label}`, () => {
    const r = spawnSync(process.execPath, [...preload, "--input-type=module", "-e", script], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const [kind, stage, respondBy] = r.stdout.trim().split(" ");
    // Each case must run the path it names (this Node has getBuiltinModule).
    assert.equal(kind, preload.length > 0 ? "undefined" : "function");
    assert.equal(stage, "SQL");
    assert.equal(respondBy, "2026-11-26T13:00:00Z");
  });
}

test("leadgate/lite: a wasm Response without application/wasm still loads, with a warning", () => {
  const dir = join(root, process.env.LEADGATE_PKG ?? "pkg");
  const lite = pathToFileURL(join(dir, "lite", "index.js")).href;
  const script = `import { readFileSync } from "node:fs";
const { init, loadScorer } = await import(${JSON.stringify(lite)});
await init(new Response(readFileSync(${JSON.stringify(join(dir, "lite", "leadgate_bg.wasm"))}), { headers: { "content-type": "application/octet-stream" } }));
const s = await loadScorer(readFileSync(${JSON.stringify(join(dir, "default.lgm"))}));
console.log(s.score({ email: "ana@acme.com", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" }, { now: "2026-11-26T12:00:00Z" }).stage);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), "SQL");
  assert.match(r.stderr, /leadgate: serve the wasm as application\/wasm/);
});
