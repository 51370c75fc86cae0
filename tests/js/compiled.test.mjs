// Compiled models: compileModel's bytes, Scorer.fromCompiled, and the small
// leadgate/lite build, which loads only compiled models. Every shared
// fixture case must give the golden outcome through both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtures, leadgate, modelText, readJson, root } from "./helpers.mjs";

const { compileModel, Scorer, LeadgateError } = leadgate;
const lite = await import(join(root, process.env.LEADGATE_PKG ?? "pkg", "lite", "index.js"));
// Node's fetch cannot read files: hand the lite entry its wasm bytes.
await lite.init(readFileSync(join(root, process.env.LEADGATE_PKG ?? "pkg", "lite", "leadgate_bg.wasm")));

const cases = fixtures("tests/fixtures/cases");
const compiled = new Map();
function bytesFor(name) {
  if (!compiled.has(name)) compiled.set(name, compileModel(modelText(name)));
  return compiled.get(name);
}

function hasHours(name) {
  return Object.keys(JSON.parse(modelText(name)).teams ?? {}).length > 0;
}

test("leadgate/lite refuses a model whose teams have business hours, and the full build loads it", async () => {
  assert.ok(cases.some(([, c]) => hasHours(c.model)), "no fixture case has business hours");
  const bytes = bytesFor("hours");
  let error;
  try {
    await lite.loadScorer(bytes);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof LeadgateError, `lite loaded a model with business hours: ${error}`);
  assert.equal(error.code, "needs_full_build");
  assert.match(error.message, /use leadgate, not lite/);
  const full = Scorer.fromCompiled(bytes);
  const outcome = full.score({ form: "demo_request", queue: "latam" }, { now: "2026-12-03T20:30:00Z" });
  assert.equal(outcome.route.respond_by, "2026-12-04T12:30:00Z");
});

function errorOf(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

test("compileModel gives the same bytes for the same model, and throws on a bad one", () => {
  const bytes = bytesFor("default");
  assert.ok(bytes instanceof Uint8Array);
  assert.deepStrictEqual(compileModel(JSON.parse(modelText("default"))), bytes);
  assert.equal(String.fromCharCode(...bytes.subarray(0, 3)), "LGM");
  const e = errorOf(() => compileModel({ id: "x" }));
  assert.ok(e instanceof LeadgateError);
  assert.equal(e.code, "invalid_model");
  assert.ok(e.errors.length > 0);
});

for (const [label, load] of [
  ["Scorer.fromCompiled", async (bytes) => Scorer.fromCompiled(bytes)],
  ["leadgate/lite", (bytes) => lite.loadScorer(bytes)],
]) {
  test(`${label}: every fixture case gives the golden outcome`, async () => {
    const scorers = new Map();
    for (const [stem, c] of cases) {
      // leadgate/lite refuses models whose teams have business hours
      // (docs/js.md): checked in the next test, never a different respond_by.
      if (label === "leadgate/lite" && hasHours(c.model)) continue;
      if (!scorers.has(c.model)) scorers.set(c.model, await load(bytesFor(c.model)));
      const options = { now: c.now };
      if (c.previous_stage !== undefined) options.previousStage = c.previous_stage;
      const outcome = scorers.get(c.model).score(c.lead, options);
      const want = readJson(`tests/fixtures/expected/${stem}.json`);
      assert.deepStrictEqual(outcome, want, stem);
      assert.equal(JSON.stringify(outcome), JSON.stringify(want), stem);
    }
  });

  test(`${label}: the model's identity and hash survive compilation`, async () => {
    const s = await load(bytesFor("default"));
    const original = new Scorer(modelText("default"));
    assert.deepStrictEqual(s.model, original.model);
    assert.equal(s.modelHash, original.modelHash);
    const leads = cases.filter(([, c]) => c.model === "default").map(([, c]) => c.lead);
    const now = "2026-11-26T12:00:00Z";
    assert.deepStrictEqual(s.scoreMany(leads, { now }), original.scoreMany(leads, { now }));
  });

  test(`${label}: bad bytes are LeadgateErrors, never traps`, async () => {
    const good = bytesFor("default");
    const codeOf = async (bytes) => {
      try {
        await load(bytes);
      } catch (e) {
        assert.ok(e instanceof LeadgateError && e instanceof lite.LeadgateError, `not a LeadgateError of both copies: ${e}`);
        return e.code;
      }
      return null;
    };
    assert.equal(await codeOf(new Uint8Array(0)), "bad_compiled_model");
    assert.equal(await codeOf(good.subarray(0, good.length - 1)), "bad_compiled_model");
    const flipped = good.slice();
    flipped[flipped.length >> 1] ^= 0xff;
    assert.equal(await codeOf(flipped), "bad_compiled_model");
    const future = good.slice();
    future[3] = 99;
    assert.equal(await codeOf(future), "compiled_model_version");
    assert.equal(await codeOf("not bytes at all"), label === "leadgate/lite" ? "load_failed" : "bad_compiled_model");
    // An ArrayBuffer and a DataView of the bytes load as well.
    const hash = new Scorer(modelText("default")).modelHash;
    assert.equal((await load(good.slice().buffer)).modelHash, hash);
    assert.equal((await load(new DataView(good.slice().buffer))).modelHash, hash);
  });
}

test("leadgate/lite: loadScorer fetches a compiled model from a URL", async () => {
  const bytes = bytesFor("default");
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => {
    assert.equal(String(url), "https://example.invalid/model.lgm");
    return new Response(bytes);
  };
  try {
    const s = await lite.loadScorer("https://example.invalid/model.lgm");
    assert.equal(s.modelHash, new Scorer(modelText("default")).modelHash);
    globalThis.fetch = async () => new Response("gone", { status: 404 });
    await assert.rejects(lite.loadScorer("https://example.invalid/missing.lgm"), { code: "load_failed" });
  } finally {
    globalThis.fetch = realFetch;
  }
});

test("leadgate/lite: new Scorer(model JSON) is a LeadgateError no_compiler that says what to use", () => {
  for (const model of [modelText("default"), JSON.parse(modelText("default")), bytesFor("default")]) {
    const e = errorOf(() => new lite.Scorer(model));
    assert.ok(e instanceof lite.LeadgateError && e instanceof LeadgateError, `not a LeadgateError: ${e}`);
    assert.equal(e.code, "no_compiler");
    assert.deepStrictEqual(e.errors, []);
    for (const word of ["loadScorer", "Scorer.fromCompiled", "compileModel", "leadgate compile"]) {
      assert.ok(e.message.includes(word), `message does not mention ${word}: ${e.message}`);
    }
  }
  // The lite entry exports no compiler functions at all.
  assert.equal(lite.compileModel, undefined);
  assert.equal(lite.validateModel, undefined);
});
