// leadgate/lite runs on its own small allocator (src/wasm/alloc.rs: size
// classes, no coalescing). Hostile and ordinary calls, over and over, must
// leave it answering exactly as the full build does, with wasm memory that
// stops growing once every kind of call has been seen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { leadgate, root } from "./helpers.mjs";

// The lite entry keeps its instance private: catch it as it is made.
const RealInstance = WebAssembly.Instance;
let instance;
WebAssembly.Instance = function (module, imports) {
  instance = new RealInstance(module, imports);
  return instance;
};
const pkg = join(root, process.env.LEADGATE_PKG ?? "pkg");
const lite = await import(join(pkg, "lite", "index.js"));
await lite.init(readFileSync(join(pkg, "lite", "leadgate_bg.wasm")));
WebAssembly.Instance = RealInstance;

const { compileModel, Scorer, defaultModel, LeadgateError } = leadgate;
const NOW = "2026-11-26T12:00:00Z";
const good = { email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" };

function deep(levels) {
  let v = "x";
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}
const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`f${i}`, i]));
const bad = [null, [], "x", { ...good, company: deep(100) }, { ...good, company_size: NaN },
  { ...good, job_title: "é".repeat(1 << 20) }, { ...good, ...wide }, { ...good, events: [{ at: "nope" }, 7] }];

test("lite: 5 rounds of hostile and ordinary calls, same answers as the full build, memory stops growing", async () => {
  const scorer = await lite.loadScorer(compileModel(defaultModel()));
  const want = new Scorer(defaultModel()).score(good, { now: NOW });
  const sizes = [];
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 400; i++) {
      try {
        scorer.score(bad[i % bad.length], { now: i % 7 === 0 ? "bad" : NOW });
      } catch (e) {
        assert.ok(e instanceof LeadgateError, `not a LeadgateError: ${e}`);
      }
      if (i % 40 === 0) assert.deepStrictEqual(scorer.score(good, { now: NOW }), want);
    }
    assert.deepStrictEqual(scorer.scoreMany(Array(300).fill(good), { now: NOW })[299], want);
    sizes.push(instance.exports.memory.buffer.byteLength);
  }
  // Round 1 sees every kind of call; later rounds reuse what it freed.
  assert.deepStrictEqual(sizes.slice(1), Array(4).fill(sizes[0]), `memory by round: ${sizes}`);
});
