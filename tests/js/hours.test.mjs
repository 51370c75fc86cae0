// withinHours / addBusinessTime (docs/js.md, "Business hours") on the shared
// fixture tests/fixtures/hours/cases.json, which tests/hours.rs also reads:
// the same answers from the Rust API and through the npm package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { leadgate, readJson } from "./helpers.mjs";

const { withinHours, addBusinessTime, LeadgateError } = leadgate;
const doc = readJson("tests/fixtures/hours/cases.json");

test("withinHours gives the hand-worked answers, for a Date, milliseconds and RFC 3339 text", () => {
  for (const c of doc.within) {
    const hours = doc.hours[c.hours];
    for (const now of [c.now, new Date(c.now), Date.parse(c.now)]) {
      assert.equal(withinHours(hours, now), c.expect, `${c.why} (${typeof now})`);
    }
  }
});

test("addBusinessTime gives the hand-worked deadlines as Dates", () => {
  for (const c of doc.add) {
    const due = addBusinessTime(doc.hours[c.hours], new Date(c.now), c.duration_ms);
    assert.ok(due instanceof Date);
    assert.equal(due.toISOString().replace(".000Z", "Z"), c.expect, c.why);
  }
});

test("bad hours, times and durations throw LeadgateErrors with the model compiler's codes", () => {
  for (const c of doc.errors) {
    let error;
    try {
      if (c.duration_ms !== undefined) addBusinessTime(c.hours, c.now ?? "2026-12-07T12:00:00Z", c.duration_ms);
      else withinHours(c.hours, c.now ?? "2026-12-07T12:00:00Z");
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof LeadgateError, `${JSON.stringify(c)}: ${error}`);
    assert.equal(error.code, c.code, JSON.stringify(c));
  }
  const e = (() => {
    try {
      withinHours({ timezone: "America/Sao_Paolo", hours: { mon: "09:00-18:00" } }, 0);
    } catch (e) {
      return e;
    }
  })();
  assert.match(e.message, /America\/Sao_Paolo.*did you mean `America\/Sao_Paulo`/);
  for (const bad of [null, [], "hours", undefined]) {
    assert.throws(() => withinHours(bad, 0), (e) => e instanceof LeadgateError && e.code === "expected_type");
  }
  assert.throws(() => addBusinessTime(doc.hours["sao-paulo"], 0, "1h"), (e) => e.code === "bad_duration");
  assert.throws(() => addBusinessTime(doc.hours["sao-paulo"], 0, 1.5), (e) => e.code === "bad_duration");
  assert.throws(() => withinHours(doc.hours["sao-paulo"], {}), (e) => e.code === "bad_timestamp");
});

test("timeZones: the core's zone table (tzdb 2026f, 598 names, sorted), and exactly the names a team's timezone accepts", () => {
  const zones = leadgate.timeZones();
  assert.equal(zones.length, 598);
  assert.deepEqual([...zones].sort(), zones);
  const always = { "mon-sun": "00:00-24:00" };
  for (const z of zones) assert.equal(withinHours({ timezone: z, hours: always }, "2026-12-07T12:00:00Z"), true, z);
  for (const z of ["America/Sao_Paolo", "america/sao_paulo", "", "Mars/Olympus"]) {
    assert.ok(!zones.includes(z));
    assert.throws(() => withinHours({ timezone: z, hours: always }, "2026-12-07T12:00:00Z"), (e) => e.code === "unknown_time_zone", z);
  }
  assert.notEqual(leadgate.timeZones(), leadgate.timeZones(), "a fresh array each call");
});
