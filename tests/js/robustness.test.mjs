// Hostile and broken leads: each gives a LeadgateError or an outcome with a
// warning, never a trap, and the same Scorer keeps scoring correctly after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { errorCode, leadgate, scorerFor } from "./helpers.mjs";

const { LeadgateError } = leadgate;
const NOW = "2026-11-26T12:00:00Z";
const good = { email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" };

function nested(depth, leaf = "x") {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

test("leads that are not objects: not_an_object", () => {
  const s = scorerFor("default");
  for (const lead of [null, undefined, 0, 1.5, "", "lead", "x".repeat(1 << 20), true, [], [good], () => 1, Symbol("s")]) {
    assert.equal(errorCode(() => s.score(lead, { now: NOW })), "not_an_object", String(typeof lead));
  }
});

test("values that JSON cannot hold: NaN, Infinity, cycles and BigInt are bad_json", () => {
  const s = scorerFor("default");
  // As the CLI refuses 1e400 (what JSON.parse reads as Infinity), naming the field.
  const refused = (lead) => {
    try {
      s.score(lead, { now: NOW });
    } catch (e) {
      assert.ok(e instanceof LeadgateError, `not a LeadgateError: ${e}`);
      assert.equal(e.code, "bad_json");
      return e.message;
    }
    assert.fail("scored");
  };
  assert.equal(refused({ ...good, company_size: NaN }), "the lead cannot be read as JSON: company_size: NaN is not a JSON number");
  assert.equal(refused({ ...good, industry: JSON.parse("1e400") }), "the lead cannot be read as JSON: industry: Infinity is not a JSON number");
  assert.match(refused({ ...good, events: [{ event: "page_view", at: NOW, n: -Infinity }] }), /events: -Infinity is not a JSON number/);
  assert.match(refused({ ...good, crm: { toJSON: () => NaN } }), /crm: NaN is not a JSON number/);
  assert.match(refused(NaN), /lead: NaN is not a JSON number/);
  assert.throws(() => s.scoreMany([good, { ...good, company_size: Infinity }], { now: NOW }), (e) => e.code === "bad_json" && e.index === 1);
  // Fields the model does not read are never looked at.
  assert.equal(s.score({ ...good, unrelated: NaN }, { now: NOW }).stage, "SQL");
  const cyclic = { ...good };
  cyclic.crm = { self: cyclic };
  assert.equal(errorCode(() => s.score(cyclic, { now: NOW })), "bad_json");
  assert.equal(errorCode(() => s.score({ ...good, company_size: 10n }, { now: NOW })), "bad_json");
  const throwing = { ...good };
  Object.defineProperty(throwing, "job_title", { enumerable: true, get() { throw new Error("boom"); } });
  assert.equal(errorCode(() => s.score(throwing, { now: NOW })), "bad_json");
  // Fields the model does not read are never looked at.
  assert.equal(s.score({ ...good, unrelated: 10n }, { now: NOW }).stage, "SQL");
});

test("wrong types where text or numbers are expected: warnings", () => {
  const s = scorerFor("default");
  const o = s.score({ ...good, job_title: { nested: ["Diretor"] }, company_size: "abc", events: "many" }, { now: NOW });
  assert.ok(o.warnings.some((w) => w.startsWith("job_title: expected text")), o.warnings.join("; "));
  assert.ok(o.warnings.some((w) => w.startsWith("company_size: expected a number")));
  assert.ok(o.warnings.some((w) => w.startsWith("events: expected an array")));
});

test("100,000 fields and megabyte strings are scored", () => {
  const s = scorerFor("default");
  const wide = { ...good };
  for (let i = 0; i < 100_000; i++) wide[`f${i}`] = i;
  assert.equal(s.score(wide, { now: NOW }).stage, "SQL");
  const big = "Diretora de Marketing ".repeat(50_000);
  const o = s.score({ ...good, job_title: big, industry: "x".repeat(1 << 20) }, { now: NOW });
  assert.ok(o.warnings.some((w) => w.includes("longer than 4096 bytes")), o.warnings.join("; "));
  assert.equal(o.reasons[0].value.length, big.length);
});

test("deep nesting: too_deep past 64 levels, never a stack overflow", () => {
  const s = scorerFor("default");
  assert.equal(s.score({ ...good, crm: nested(62) }, { now: NOW }).stage, "SQL");
  assert.equal(errorCode(() => s.score({ ...good, crm: nested(64) }, { now: NOW })), "too_deep");
  assert.equal(errorCode(() => s.score({ ...good, crm: nested(100_000) }, { now: NOW })), "too_deep");
  const deepArray = JSON.parse("[".repeat(5000) + "]".repeat(5000));
  assert.equal(errorCode(() => s.score({ ...good, events: deepArray }, { now: NOW })), "too_deep");
});

test("__proto__ and constructor keys are plain fields, never the prototype", () => {
  const s = scorerFor("default");
  const parsed = JSON.parse('{"__proto__": {"job_title": "CEO"}, "constructor": "x", "email": "ana@acme.com.br"}');
  const o = s.score(parsed, { now: NOW });
  assert.equal(o.stage, "lead");
  assert.ok(!o.reasons.some((r) => r.rule === "decision_maker"));
  // A model that reads such field names sees own properties only.
  const m = new leadgate.Scorer({ id: "p", version: "1", fit_rules: [
    { id: "proto", points: 5, if: { field: "__proto__", exists: true } },
    { id: "ctor", points: 7, if: { field: "constructor", exists: true } },
    { id: "tostring", points: 9, if: { field: "toString", exists: true } }] });
  assert.equal(m.score({}, { now: NOW }).fit, 0);
  assert.equal(m.score(parsed, { now: NOW }).fit, 12);
  assert.equal(Object.prototype.job_title, undefined);
});

test("10,000 bad calls leave the scorer healthy", () => {
  const s = scorerFor("default");
  const want = s.score(good, { now: NOW });
  const deep = nested(100);
  const bad = [null, [], "x", { ...good, company: deep }, { ...good, company_size: NaN }, { ...good, job_title: "é".repeat(10_000) }];
  for (let i = 0; i < 10_000; i++) {
    try {
      s.score(bad[i % bad.length], { now: i % 7 === 0 ? "bad" : NOW });
    } catch (e) {
      assert.ok(e instanceof LeadgateError);
    }
  }
  assert.deepStrictEqual(s.score(good, { now: NOW }), want);
  assert.deepStrictEqual(s.scoreMany([good, good], { now: NOW }), [want, want]);
});
