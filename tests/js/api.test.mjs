// The JS API around the core: errors, options, validateModel, scoreMany.
import { test } from "node:test";
import assert from "node:assert/strict";
import { leadgate, scorerFor } from "./helpers.mjs";

const { Scorer, LeadgateError, validateModel, defaultModel, version } = leadgate;
const NOW = "2026-11-26T12:00:00Z";
const lead = { email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" };

test("version and model info", () => {
  assert.match(version, /^\d+\.\d+\.\d+/);
  const s = new Scorer(defaultModel());
  assert.deepStrictEqual(Object.keys(s.model), ["id", "version", "hash"]);
  assert.equal(s.modelHash, s.model.hash);
  assert.match(s.modelHash, /^[0-9a-f]{16}$/);
});

test("defaultModel returns a fresh object each call", () => {
  const a = defaultModel();
  a.id = "changed";
  assert.notEqual(defaultModel().id, "changed");
});

test("a bad model throws a LeadgateError with the problem list", () => {
  const e = assert.throws(() => new Scorer({ id: "x", version: "1", stagse: [] }), LeadgateError);
  let caught;
  try { new Scorer({ id: "x", version: "1", stagse: [] }); } catch (err) { caught = err; }
  assert.ok(caught instanceof Error && caught instanceof LeadgateError);
  assert.equal(caught.name, "LeadgateError");
  assert.equal(caught.code, "invalid_model");
  assert.deepStrictEqual(caught.errors.map((p) => [p.code, p.path]), [["unknown_key", "stagse"]]);
  assert.deepStrictEqual(Object.keys(caught.errors[0]), ["code", "path", "message", "hint"]);
  assert.match(caught.message, /stagse/);
  assert.ok(caught.stack.includes("LeadgateError"));
  void e;
});

test("validateModel never throws, whatever it is given", () => {
  const cyclic = { id: "x" };
  cyclic.self = cyclic;
  const inputs = [undefined, null, 0, NaN, "", "{", "[]", "null", [], {}, () => 1, Symbol("s"), 10n, cyclic,
    { id: 1, version: [] }, { id: "x".repeat(10_000), version: "1" }, "x".repeat(2 << 20), new Date(), new Map()];
  for (const input of inputs) {
    const r = validateModel(input);
    assert.equal(r.ok, false, String(typeof input));
    assert.ok(r.errors.length > 0 && r.errors.every((p) => typeof p.code === "string" && typeof p.message === "string"));
  }
  assert.deepStrictEqual(validateModel(defaultModel()), { ok: true, errors: [] });
  assert.deepStrictEqual(validateModel(JSON.stringify(defaultModel())), { ok: true, errors: [] });
  assert.equal(validateModel("x".repeat(2 << 20)).errors[0].code, "model_too_large");
});

test("now: Date, milliseconds and RFC 3339 text agree; default is the current time", () => {
  const s = scorerFor("default");
  const byText = s.score(lead, { now: NOW });
  assert.deepStrictEqual(s.score(lead, { now: new Date(NOW) }), byText);
  assert.deepStrictEqual(s.score(lead, { now: Date.parse(NOW) }), byText);
  assert.deepStrictEqual(s.score(lead, { now: "2026-11-26T09:00:00-03:00" }), byText);
  assert.equal(byText.route.respond_by, "2026-11-26T13:00:00Z");
  const before = Date.now();
  const current = s.score(lead);
  const due = Date.parse(current.route.respond_by);
  assert.ok(due >= Math.floor(before / 1000) * 1000 + 3_600_000 && due <= Date.now() + 3_600_000);
});

test("bad now and bad options are LeadgateErrors", () => {
  const s = scorerFor("default");
  for (const now of ["yesterday", "2026-13-01", "", new Date("nope"), NaN, Infinity, 1e300, {}, true]) {
    assert.throws(() => s.score(lead, { now }), (e) => e instanceof LeadgateError && e.code === "bad_timestamp", String(now));
  }
  assert.throws(() => s.score(lead, { previousStage: 3 }), (e) => e.code === "bad_option");
  assert.throws(() => s.score(lead, "now"), (e) => e.code === "bad_option");
  assert.throws(() => s.scoreMany(lead), (e) => e.code === "bad_option");
});

test("previousStage: never demoted; the option overrides the lead's field; unknown warns", () => {
  const s = scorerFor("default");
  const cold = { email: "x@gmail.com" };
  assert.equal(s.score(cold, { now: NOW }).stage, "lead");
  assert.equal(s.score(cold, { now: NOW, previousStage: "SQL" }).stage, "SQL");
  assert.equal(s.score({ ...cold, previous_stage: "MQL" }, { now: NOW }).stage, "MQL");
  assert.equal(s.score({ ...cold, previous_stage: "MQL" }, { now: NOW, previousStage: "SQL" }).stage, "SQL");
  const unknown = s.score(cold, { now: NOW, previousStage: "Customer" });
  assert.equal(unknown.stage, "lead");
  assert.ok(unknown.warnings.some((w) => w.includes("Customer")));
});

test("scoreMany equals score for each lead, across batch boundaries", () => {
  const s = scorerFor("default");
  const leads = Array.from({ length: 600 }, (_, i) => ({ ...lead, company_size: i, email: `p${i}@acme.com` }));
  const many = s.scoreMany(leads, { now: NOW });
  assert.equal(many.length, leads.length);
  leads.forEach((l, i) => assert.deepStrictEqual(many[i], s.score(l, { now: NOW })));
  assert.deepStrictEqual(s.scoreMany([], { now: NOW }), []);
});

test("scoreMany reports which lead failed", () => {
  const s = scorerFor("default");
  const leads = Array.from({ length: 300 }, () => lead);
  leads[270] = "not a lead";
  let caught;
  try { s.scoreMany(leads, { now: NOW }); } catch (e) { caught = e; }
  assert.ok(caught instanceof LeadgateError);
  assert.equal(caught.code, "not_an_object");
  assert.equal(caught.index, 270);
});

test("the outcome is plain data, independent of the lead", () => {
  const s = scorerFor("default");
  const l = { ...lead };
  const o = s.score(l, { now: NOW });
  l.job_title = "changed";
  assert.equal(o.reasons[0].value, "Diretora de Marketing");
  assert.equal(Object.getPrototypeOf(o), Object.prototype);
  assert.deepStrictEqual(structuredClone(o), o);
});

test("free releases the model; a freed scorer throws LeadgateError freed, and free twice is harmless", () => {
  const s = new Scorer(defaultModel());
  s.free();
  s.free();
  const freed = (e) => e instanceof LeadgateError && e.code === "freed";
  assert.throws(() => s.score(lead, { now: NOW }), freed);
  assert.throws(() => s.scoreMany([lead], { now: NOW }), freed);
  // Other scorers are unaffected.
  assert.equal(new Scorer(defaultModel()).score(lead, { now: NOW }).stage, scorerFor("default").score(lead, { now: NOW }).stage);
});

test("respond_by is written as the core writes it, inside and outside years 0000-9999", () => {
  const s = scorerFor("default");
  const hour = 3_600_000;
  const yearZero = -62_167_219_200_000;
  const yearTenThousand = 253_402_300_800_000;
  // `now` one hour before each deadline (the default model's SQL SLA is 1h).
  const cases = [
    [Date.parse("2026-11-26T12:00:00Z"), "2026-11-26T13:00:00Z"],
    [Date.parse("2026-11-26T12:00:00.5Z"), "2026-11-26T13:00:00.500Z"],
    [Date.parse("1969-12-31T22:59:59.999Z"), "1969-12-31T23:59:59.999Z"],
    [yearZero - hour, "0000-01-01T00:00:00Z"],
    [yearTenThousand - 1 - hour, "9999-12-31T23:59:59.999Z"],
    // Beyond four-digit years the core's text travels as is (src/time.rs tests the same strings).
    [yearTenThousand - hour, "10000-01-01T00:00:00Z"],
    [yearZero - 24 * hour - hour, "-0001-12-31T00:00:00Z"],
  ];
  for (const [now, want] of cases) {
    const o = s.score(lead, { now });
    assert.equal(o.stage, "SQL");
    assert.equal(o.route.respond_by, want, new Date(now).toISOString());
  }
});

test("respond_by equals toISOString's text (without .000) for deadlines across years 0000-9999", () => {
  // api.js writes these deadlines with arithmetic, not Date: compare with Date
  // at every month start and end, leap days, and pseudo-random instants.
  const s = scorerFor("default");
  const hour = 3_600_000;
  const iso = (ms) => new Date(ms).toISOString().replace(/\.000Z$/, "Z");
  const deadlines = [];
  for (const year of [0, 1, 99, 100, 400, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 9999]) {
    for (let month = 0; month < 12; month++) {
      const first = new Date(0).setUTCFullYear(year, month, 1);
      deadlines.push(first, first - 1, first + 1, first + 86_399_999);
    }
  }
  let x = 0x2545f491; // xorshift: the same instants every run
  for (let i = 0; i < 2000; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const fraction = (x >>> 0) / 2 ** 32;
    deadlines.push(Math.floor(-62_167_219_200_000 + fraction * (253_402_300_800_000 - -62_167_219_200_000)));
  }
  for (const due of deadlines) {
    if (due < -62_167_219_200_000 || due >= 253_402_300_800_000) continue;
    const o = s.score(lead, { now: due - hour });
    assert.equal(o.route.respond_by, iso(due), String(due));
  }
});
