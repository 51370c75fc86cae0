// Every shared fixture through the npm package: the same outcomes, model
// hashes and model problems as the Rust tests and the CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fixtures, leadgate, modelText, readJson, root, scorerFor } from "./helpers.mjs";

const cases = fixtures("tests/fixtures/cases");

test("there are fixture cases to run", () => {
  assert.ok(cases.length > 0, "tests/fixtures/cases is empty");
});

for (const [stem, c] of cases) {
  test(`case ${stem}`, () => {
    const options = { now: c.now };
    if (c.previous_stage !== undefined) options.previousStage = c.previous_stage;
    const outcome = scorerFor(c.model).score(c.lead, options);
    for (const [key, want] of Object.entries(c.expect ?? {})) {
      assert.deepStrictEqual(outcome[key], want, `expect.${key}`);
    }
    const golden = join(root, "tests/fixtures/expected", `${stem}.json`);
    assert.ok(existsSync(golden), `no expected/${stem}.json`);
    const want = JSON.parse(readFileSync(golden, "utf8"));
    assert.deepStrictEqual(outcome, want);
    // Same keys in the same order, so JSON.stringify gives the CLI's text shape.
    assert.equal(JSON.stringify(outcome), JSON.stringify(want));
  });
}

test("scoreMany gives each case's outcome, in order", () => {
  const groups = new Map();
  for (const [stem, c] of cases) {
    const key = JSON.stringify([c.model, c.now, c.previous_stage ?? null]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push([stem, c]);
  }
  for (const group of groups.values()) {
    const [, first] = group[0];
    const options = { now: first.now };
    if (first.previous_stage !== undefined) options.previousStage = first.previous_stage;
    const outcomes = scorerFor(first.model).scoreMany(group.map(([, c]) => c.lead), options);
    assert.equal(outcomes.length, group.length);
    group.forEach(([stem], i) => {
      assert.deepStrictEqual(outcomes[i], readJson(`tests/fixtures/expected/${stem}.json`), stem);
    });
  }
});

for (const [stem, c] of fixtures("tests/fixtures/invalid")) {
  test(`invalid model ${stem}`, () => {
    const model = c.model_text !== undefined ? c.model_text : c.model;
    const result = leadgate.validateModel(model);
    assert.equal(result.ok, false, "validateModel said ok");
    const pairs = (list) => list.map((p) => `${p.code} ${p.path}`).sort();
    assert.deepStrictEqual(pairs(result.errors), pairs(c.errors));
    for (const p of result.errors) {
      assert.ok(p.message.length > 0, `empty message for ${p.code}`);
      assert.ok(p.hint === null || typeof p.hint === "string");
    }
    assert.throws(
      () => new leadgate.Scorer(model),
      (e) => e instanceof leadgate.LeadgateError && e.code === "invalid_model" &&
        JSON.stringify(e.errors) === JSON.stringify(result.errors),
    );
  });
}

test("model hashes are the CLI's (tests/fixtures/hashes.json)", () => {
  const hashes = readJson("tests/fixtures/hashes.json");
  for (const [path, hash] of Object.entries(hashes)) {
    const name = path === "models/default.json" ? "default" : path.replace(/^tests\/fixtures\/models\/|\.json$/g, "");
    const text = modelText(name);
    assert.equal(new leadgate.Scorer(text).modelHash, hash, `${path} as text`);
    // An object is turned into JSON text first: same content, same hash.
    assert.equal(new leadgate.Scorer(JSON.parse(text)).modelHash, hash, `${path} as object`);
  }
  assert.equal(new leadgate.Scorer(leadgate.defaultModel()).modelHash, hashes["models/default.json"]);
});

test("every fixture model and the default model validate", () => {
  for (const [stem] of fixtures("tests/fixtures/models")) {
    assert.deepStrictEqual(leadgate.validateModel(modelText(stem)), { ok: true, errors: [] }, stem);
  }
  assert.deepStrictEqual(leadgate.validateModel(leadgate.defaultModel()), { ok: true, errors: [] });
});
