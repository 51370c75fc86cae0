// A call that fails inside the wasm (here: out of memory, made certain by
// growing wasm memory to its 4 GiB maximum first) must not break later
// calls: the JS API replaces the instance, scorers made before make their
// engines again, and nothing of the old instance is freed in the new one.
// Before this was fixed, every later call in the process failed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { instances } from "./instances.mjs";
const { leadgate, root, errorCode } = await import("./helpers.mjs");
const pkg = join(root, process.env.LEADGATE_PKG ?? "pkg");
const lite = await import(join(pkg, "lite", "index.js"));
await lite.init(readFileSync(join(pkg, "lite", "leadgate_bg.wasm")));
// Left in place: restarts make instances too.

const { Scorer, LeadgateError, defaultModel, compileModel, validateModel } = leadgate;
const NOW = "2026-11-26T12:00:00Z";
const good = { email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" };
const other = { email: "joe@gmail.com", job_title: "Estagiário", company_size: 3 };
const compiled = compileModel(defaultModel());
const otherModel = compileModel(readFileSync(join(root, "tests/fixtures/models/text.json"), "utf8"));
// May be a number, read whole by the core, so it is copied into wasm memory.
const bigNumberText = "1".repeat(4_000_000);

// Grows the memory of `instance` to the most wasm32 allows: the allocator
// then finds no room for anything new.
function exhaust(instance) {
  const memory = instance.exports.memory;
  memory.grow(65536 - memory.buffer.byteLength / 65536);
}

test("full: after the wasm runs out of memory, the same and new scorers keep working", () => {
  const fromJson = new Scorer(defaultModel());
  const fromBytes = Scorer.fromCompiled(compiled);
  const toFree = Scorer.fromCompiled(compiled);
  const want = fromJson.score(good, { now: NOW });
  const wantOther = fromJson.score(other, { now: NOW });
  const first = instances.at(-1 - 1); // the lite instance was made last
  assert.equal(first.exports.engine_score !== undefined, true);
  exhaust(first);
  // validateModel never throws: the failure is its problem.
  const huge = JSON.stringify({ ...defaultModel(), name: "x".repeat(2_000_000) });
  const validation = validateModel(huge);
  assert.equal(validation.ok, false);
  assert.equal(validation.errors[0].code, "wasm_trap");
  const fresh = instances.at(-1);
  assert.notEqual(fresh, first);
  assert.ok(fresh.exports.memory.buffer.byteLength < 64 << 20, "the new instance has small memory");
  // New scorers, and scorers made before (their engines made again).
  assert.deepStrictEqual(new Scorer(defaultModel()).score(good, { now: NOW }), want);
  assert.deepStrictEqual(fromJson.score(good, { now: NOW }), want);
  assert.deepStrictEqual(fromBytes.scoreMany([other, good], { now: NOW }), [wantOther, want]);
  toFree.free(); // its engine was in the old instance: nothing is freed in the new one
  assert.equal(validateModel(defaultModel()).ok, true);
  assert.deepStrictEqual(compileModel(defaultModel()), compiled);

  // A failure inside score(): the same scorer answers the next call.
  exhaust(fresh);
  assert.equal(errorCode(() => fromJson.score({ ...good, company_size: bigNumberText }, { now: NOW })), "wasm_trap");
  assert.notEqual(instances.at(-1), fresh);
  assert.deepStrictEqual(fromJson.score(good, { now: NOW }), want);
  assert.deepStrictEqual(fromBytes.score(other, { now: NOW }), wantOther);
  // ... and inside scoreMany, and compileModel.
  exhaust(instances.at(-1));
  assert.equal(errorCode(() => fromBytes.scoreMany([good, { ...good, crm: bigNumberText }], { now: NOW })), "wasm_trap");
  assert.deepStrictEqual(fromBytes.scoreMany([good, other], { now: NOW }), [want, wantOther]);
  exhaust(instances.at(-1));
  assert.equal(errorCode(() => compileModel(huge)), "wasm_trap");
  assert.deepStrictEqual(compileModel(defaultModel()), compiled);
  assert.deepStrictEqual(fromJson.score(good, { now: NOW }), want);
});

test("lite: after the wasm runs out of memory, the same scorer keeps working", async () => {
  const s = await lite.loadScorer(compiled);
  const want = s.score(good, { now: NOW });
  const liteInstance = instances.find((i) => i.exports.engine_compiled === undefined);
  exhaust(liteInstance);
  assert.equal(errorCode(() => s.score({ ...good, company_size: bigNumberText }, { now: NOW })), "wasm_trap");
  const fresh = instances.at(-1);
  assert.equal(fresh.exports.engine_compiled, undefined, "a lite instance");
  assert.notEqual(fresh, liteInstance);
  assert.deepStrictEqual(s.score(good, { now: NOW }), want);
  assert.deepStrictEqual(lite.Scorer.fromCompiled(compiled).score(good, { now: NOW }), want);
  assert.deepStrictEqual(s.scoreMany([good, good], { now: NOW }), [want, want]);
});

for (const name of ["full", "lite"]) {
  test(`${name}: engines of a replaced instance are never freed in the new one, even by the garbage collector`, async () => {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc");
    const load = () => (name === "full" ? Scorer.fromCompiled(compiled) : lite.Scorer.fromCompiled(compiled));
    const isLite = (i) => i.exports.engine_compiled === undefined;
    const first = load();
    const want = first.score(good, { now: NOW });
    const latest = () => instances.findLast((i) => isLite(i) === (name === "lite"));
    const restart = (s) => {
      const before = latest();
      exhaust(before);
      assert.equal(errorCode(() => s.score({ ...good, company_size: bigNumberText }, { now: NOW })), "wasm_trap");
      assert.notEqual(latest(), before);
    };
    // Engines in a fresh instance, a restart, then as many engines in the
    // next one: the same calls into an allocator that starts afresh put
    // them at the same addresses.
    restart(first);
    let old = Array.from({ length: 20 }, load);
    restart(old[0]);
    const fresh = Array.from({ length: 20 }, load);
    old = null;
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Memory freed by mistake would now be handed out again, for other models.
    const others = Array.from({ length: 20 }, () => (name === "full" ? Scorer : lite.Scorer).fromCompiled(otherModel));
    for (const s of fresh) assert.deepStrictEqual(s.score(good, { now: NOW }), want);
    assert.deepStrictEqual(fresh.map((s) => s.scoreMany([other, good], { now: NOW })[1]), fresh.map(() => want));
    assert.equal(others[19].score(good, { now: NOW }).model.id, others[0].model.id);
  });
}
