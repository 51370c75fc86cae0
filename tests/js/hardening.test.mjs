// Issue 12 ("Hardening"), the JS API's findings: calls made from a lead's
// getters (re-entrancy), errors that were not LeadgateErrors, megabyte lead
// values that stayed in wasm memory, lone surrogates and non-finite numbers.
// Each test here failed on the package before its fix (run it with
// LEADGATE_PKG pointing at an older build to see).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { instances, stopRecording } from "./instances.mjs";
const { leadgate, root, errorCode } = await import("./helpers.mjs");
const full = instances.at(-1);
const pkg = join(root, process.env.LEADGATE_PKG ?? "pkg");
const lite = await import(join(pkg, "lite", "index.js"));
await lite.init(readFileSync(join(pkg, "lite", "leadgate_bg.wasm")));
stopRecording();

const { Scorer, LeadgateError, defaultModel, compileModel, validateModel } = leadgate;
const NOW = "2026-11-26T12:00:00Z";
const good = { email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" };
const other = { email: "joe@gmail.com", job_title: "Estagiário", company_size: 3 };
const compiled = compileModel(defaultModel());
const LONE_WARNING = "lead: a lone surrogate was replaced by U+FFFD";


// A lead whose job_title getter runs `call` while the lead is being read.
function withGetter(call) {
  const lead = { ...good };
  Object.defineProperty(lead, "job_title", {
    enumerable: true,
    get() {
      call();
      return good.job_title;
    },
  });
  return lead;
}

for (const [name, make] of [["full", () => new Scorer(defaultModel())], ["lite", () => lite.Scorer.fromCompiled(compiled)]]) {
  test(`${name}: a call on the same scorer from a getter or toJSON is reentrant_call, never a wrong outcome`, () => {
    const s = make();
    const want = s.score(good, { now: NOW });
    const other_ = s.score(other, { now: NOW });
    assert.notDeepEqual(want.reasons, other_.reasons);
    const nested = [
      () => s.score(other, { now: NOW }),
      () => s.scoreMany([other, other], { now: NOW }),
      () => s.free(),
    ];
    for (const inner of nested) {
      // Not caught by the getter: the outer call fails with the inner error.
      assert.equal(errorCode(() => s.score(withGetter(inner), { now: NOW })), "reentrant_call");
      assert.equal(errorCode(() => s.scoreMany([good, withGetter(inner)], { now: NOW })), "reentrant_call");
      const viaToJSON = { ...good, email: { toJSON() { inner(); return good.email; } } };
      assert.equal(errorCode(() => s.score(viaToJSON, { now: NOW })), "reentrant_call");
      // Caught by the getter: the outer outcome is the right one.
      let innerCode;
      const lead = withGetter(() => {
        innerCode = errorCode(inner);
      });
      assert.deepStrictEqual(s.score(lead, { now: NOW }), want);
      assert.equal(innerCode, "reentrant_call");
      // An option's getter too.
      const options = { get now() { inner(); return NOW; } };
      assert.equal(errorCode(() => s.score(good, options)), "reentrant_call");
    }
    // The scorer was not freed by the refused free() and still scores right.
    assert.deepStrictEqual(s.score(good, { now: NOW }), want);
    assert.deepStrictEqual(s.scoreMany([other, good], { now: NOW }), [other_, want]);
  });

  test(`${name}: other scorers, fromCompiled and validateModel inside a getter give the right answers`, () => {
    const s = make();
    const want = s.score(good, { now: NOW });
    const wantOther = s.score(other, { now: NOW });
    const got = [];
    const lead = withGetter(() => {
      const t = name === "full" ? Scorer.fromCompiled(compiled) : lite.Scorer.fromCompiled(compiled);
      got.push(t.score(other, { now: NOW }));
      if (name === "full") got.push(validateModel(defaultModel()).ok, new Scorer(defaultModel()).score(other, { now: NOW }));
      t.free();
    });
    assert.deepStrictEqual(s.score(lead, { now: NOW }), want);
    assert.deepStrictEqual(got, name === "full" ? [wantOther, true, wantOther] : [wantOther]);
    assert.deepStrictEqual(s.scoreMany([lead, other], { now: NOW }), [want, wantOther]);
  });

  test(`${name}: a throwing getter in the options, a detached buffer: LeadgateErrors`, () => {
    const s = make();
    const options = { get now() { throw new Error("boom"); } };
    assert.equal(errorCode(() => s.score(good, options)), "bad_option");
    assert.equal(errorCode(() => s.scoreMany([good], options)), "bad_option");
    // A getter on scoreMany's array belongs to that lead.
    const leads = [good];
    Object.defineProperty(leads, 1, { enumerable: true, get() { throw new Error("boom"); } });
    assert.throws(() => s.scoreMany(leads, { now: NOW }), (e) => e instanceof LeadgateError && e.code === "bad_json" && e.index === 1);
    const buffer = compiled.slice().buffer;
    structuredClone(buffer, { transfer: [buffer] }); // detaches it
    const load = name === "full" ? Scorer.fromCompiled : lite.Scorer.fromCompiled;
    assert.equal(errorCode(() => load(buffer)), "bad_compiled_model");
    // The compiled bytes are copied: changing them later changes nothing.
    const bytes = compiled.slice();
    const t = load(bytes);
    bytes.fill(0);
    assert.deepStrictEqual(t.score(good, { now: NOW }), s.score(good, { now: NOW }));
  });

  test(`${name}: a lone surrogate becomes U+FFFD with one warning, first`, () => {
    const s = make();
    const lone = { ...good, job_title: "Diretora de Marketing\ud800", industry: "Software\udfff" };
    const replaced = { ...good, job_title: "Diretora de Marketing\ufffd", industry: "Software\ufffd" };
    const want = s.score(replaced, { now: NOW });
    const o = s.score(lone, { now: NOW });
    assert.deepStrictEqual(o, { ...want, warnings: [LONE_WARNING, ...want.warnings] });
    // As the CLI shows it: U+FFFD in the reason's value.
    assert.equal(o.reasons.find((r) => r.field === "job_title").value, "Diretora de Marketing\ufffd");
    // Pairs are not lone; only the lead that has one warns; keys and nested values count.
    assert.ok(!s.score({ ...good, industry: "Software \ud83d\ude00" }, { now: NOW }).warnings.includes(LONE_WARNING));
    const [a, b, c] = s.scoreMany([good, { ...good, events: [{ event: "page_view", at: NOW, ["k\udc00"]: 1 }] }, good], { now: NOW });
    assert.ok(!a.warnings.includes(LONE_WARNING) && !c.warnings.includes(LONE_WARNING));
    assert.equal(b.warnings[0], LONE_WARNING);
    // Past the part of a long text that is compared, too.
    const long = s.score({ ...good, industry: "Software ".repeat(2000) + "\ud800" }, { now: NOW });
    assert.equal(long.warnings[0], LONE_WARNING);
  });

  test(`${name}: a 100M-character value is scored as a shorter one and leaves wasm memory as it was`, () => {
    const memory = () => (name === "full" ? full : instances.at(-1)).exports.memory.buffer.byteLength;
    const s = make();
    const title = "Diretora de Marketing ";
    const shorter = s.score({ ...good, job_title: title + "x".repeat(10_000) }, { now: NOW });
    const before = memory();
    const huge = title + "x".repeat(100_000_000);
    const o = s.score({ ...good, job_title: huge }, { now: NOW });
    const grown = memory() - before;
    assert.ok(grown < 1 << 20, `wasm memory grew by ${grown} bytes`);
    // The same outcome, the lead's own string shown.
    assert.equal(o.reasons.find((r) => r.field === "job_title").value, huge);
    const shown = (outcome) => outcome.reasons.map((r) => ({ ...r, value: r.field === "job_title" ? "…" : r.value }));
    assert.deepStrictEqual(shown(o), shown(shorter));
    assert.deepStrictEqual({ ...o, reasons: [] }, { ...shorter, reasons: [] });
    assert.ok(o.warnings.includes("job_title: text longer than 4096 bytes, compared on the first 4096"), o.warnings.join("; "));
    // In scoreMany and as a key, too.
    const many = s.scoreMany([{ ...good, industry: huge }, { ...good, events: [{ event: "page_view", at: NOW, [huge]: 1 }] }], { now: NOW });
    assert.equal(many[0].stage, shorter.stage);
    assert.ok(memory() - before < 1 << 20);
    // A number with 100M blanks before it is read as the number.
    const blankLed = s.score({ ...good, company_size: " ".repeat(100_000_000) + "120 " }, { now: NOW });
    const plain = s.score(good, { now: NOW });
    assert.deepStrictEqual([blankLed.stage, blankLed.score, blankLed.warnings], [plain.stage, plain.score, plain.warnings]);
    assert.ok(memory() - before < 1 << 20, `wasm memory grew by ${memory() - before} bytes`);
  });
}
