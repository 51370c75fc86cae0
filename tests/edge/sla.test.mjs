// Owner assignment and the SLA clock (www/edge/state/teams.js, sla.js) on
// both real engines: workerd with Durable Objects on local disk, Deno with
// Deno KV. Smooth weighted round-robin worked out by hand (weights 2:1:1, a
// daily cap of 2, 30 concurrent leads → 19, 9, 2), an away member's credit
// given back, the fallback owner, a repeat keeping its owner; a breached
// clock escalating (reassigned to the other member, the manager's webhook
// called with a signed body, each step in the timeline); a contact stopping
// the clock; a deadline that passes while the engine is down (kill -9) still
// escalating after the restart. Members' working hours need the package's
// withinHours (www/edge/state/hours.js): refused while it is missing.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { testBindings, postJson, startEdge, TEST_SECRET } from "./harness.mjs";
import { startDurable, admin, eventually, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { SQL_ENTERPRISE } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
const HOUR = 3_600_000;
const CALLBACK = "crm-callback-secret-0123456789";

/** The enterprise-ae team: a (weight 2), b, c (daily cap 2); fallback ae-queue. */
function teams(recvUrl, escalation) {
  return JSON.stringify({
    "enterprise-ae": {
      timezone: "America/Sao_Paulo", // the caps' day, by the runtime's Intl (checked on both engines)
      fallback: "ae-queue",
      members: [
        { id: "a", email: "a@example.com", weight: 2 },
        { id: "b", email: "b@example.com" },
        { id: "c", email: "c@example.com", daily_cap: 2 },
      ],
      ...(escalation ? { escalation: { ...escalation, notify: `${recvUrl}/hooks/manager` } } : {}),
    },
  });
}

const lead = (i, extra = {}) => ({ ...SQL_ENTERPRISE, email: `buyer${i}@bigcorp.com`, ...extra });

for (const engine of ["workerd", "deno"]) {
  describe(`owners and the SLA clock on ${engine}`, () => {
    let recv;
    let edge;
    let esc;

    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      const common = { ADMIN_TOKEN, EXPOSE: "stage,grade,respond_by,owner", SLA_CALLBACK_SECRET: CALLBACK };
      edge = await startDurable(engine, testBindings(recv.url, { ...common, TEAMS: teams(recv.url, null) }));
      esc = await startDurable(engine, testBindings(recv.url, { ...common, TEAMS: teams(recv.url, { reassign: true, respond_within_minutes: 1, max_steps: 2 }) }));
    });

    after(async () => {
      await edge?.stop();
      await esc?.stop();
      await recv?.close();
    });

    test("30 concurrent leads go 19/9/2 by weight and cap; away gets its credit back; nobody available → fallback; a repeat keeps its owner", async () => {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => postJson(edge.url, { ...lead(i), submission_id: `${engine}-rr-${String(i).padStart(4, "0")}` }).then((r) => r.json())));
      const count = (xs) => xs.reduce((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});
      assert.deepEqual(count(answers.map((a) => a.owner)), { a: 19, b: 9, c: 2 });
      const view = await (await admin(edge.url, "/admin/teams/enterprise-ae")).json();
      assert.deepEqual(view.members.map((m) => [m.id, m.assigned_today, m.available]), [["a", 19, "yes"], ["b", 9, "yes"], ["c", 2, "at_cap"]]);
      // The delivered payload carries the owner (with the email for the CRM).
      const got = await eventually(() => recv.accepted.get(`${engine}-rr-0000`), 10_000, "delivery");
      assert.equal(got.payload.owner.id, answers[0].owner);
      assert.equal(got.payload.owner.email, `${answers[0].owner}@example.com`);
      assert.equal(got.payload.outcome.owner, answers[0].owner);

      // By hand (state after 30: a 0, b 1, c 4 (capped)): b away → a, a, a; b back → b (its credit), a, a, b.
      assert.equal((await admin(edge.url, "/admin/teams/enterprise-ae/members/b", { method: "POST", body: { away: true } })).status, 200);
      const seq = [];
      for (let i = 30; i < 37; i++) {
        if (i === 33) assert.equal((await admin(edge.url, "/admin/teams/enterprise-ae/members/b", { method: "POST", body: { away: false } })).status, 200);
        seq.push((await (await postJson(edge.url, { ...lead(i), submission_id: `${engine}-rr-${String(i).padStart(4, "0")}` })).json()).owner);
      }
      assert.deepEqual(seq, ["a", "a", "a", "b", "a", "a", "b"]);

      // A repeat keeps its owner and takes no new count.
      const again = await (await postJson(edge.url, { ...lead(36), submission_id: `${engine}-rr-0036` })).json();
      assert.equal(again.owner, "b");
      const after36 = await (await admin(edge.url, "/admin/teams/enterprise-ae")).json();
      assert.deepEqual(after36.members.map((m) => m.assigned_today), [24, 11, 2]);

      for (const m of ["a", "b"]) await admin(edge.url, `/admin/teams/enterprise-ae/members/${m}`, { method: "POST", body: { away: true } });
      const fb = await (await postJson(edge.url, { ...lead(40), submission_id: `${engine}-rr-fallback` })).json();
      assert.equal(fb.owner, "ae-queue");
      const fbLead = await (await admin(edge.url, `/leads/${engine}-rr-fallback`)).json();
      assert.deepEqual([fbLead.owner.id, fbLead.owner.fallback, fbLead.sla.fallback], ["ae-queue", true, true]);

      // Admin refusals: no token, unknown team or member, bad body.
      assert.equal((await fetch(`${edge.url}/admin/teams/enterprise-ae`)).status, 401);
      assert.equal((await admin(edge.url, "/admin/teams/nope")).status, 404);
      assert.equal((await admin(edge.url, "/admin/teams/enterprise-ae/members/zed", { method: "POST", body: { away: true } })).status, 404);
      assert.equal((await admin(edge.url, "/admin/teams/enterprise-ae/members/a", { method: "POST", body: { away: "yes" } })).status, 400);
    });

    test("a lapsed clock escalates: breach, reassigned to another member, manager notified (signed), re-armed; contact stops it", async () => {
      // Submitted 1 h − 1.5 s ago: the default model's SQL respond_within (1h) ends in 1.5 s.
      const id = `${engine}-esc-0001`;
      const r = await (await postJson(esc.url, { ...lead(1), submission_id: id, leadgate_attempt_age_ms: HOUR - 1500 })).json();
      assert.equal(r.owner, "a");
      const before = await (await admin(esc.url, `/leads/${id}`)).json();
      assert.equal(before.sla.state, "open");
      assert.equal(Date.parse(before.sla.respond_by) - Date.parse(before.sla.started_at), HOUR);
      const breached = await eventually(async () => {
        const v = await (await admin(esc.url, `/leads/${id}`)).json();
        return v.events.some((e) => e.type === "sla_rearmed") && v;
      }, 15_000, "the escalation");
      const types = breached.events.map((e) => e.type);
      for (const t of ["assigned", "sla_breached", "reassigned", "manager_notified", "sla_rearmed"]) assert.ok(types.includes(t), `${t} in ${types}`);
      const moved = breached.events.find((e) => e.type === "reassigned");
      assert.deepEqual([moved.from, moved.to], ["a", "b"]);
      assert.deepEqual([breached.sla.state, breached.sla.owner, breached.sla.escalations], ["breached", "b", 1]);
      const rearm = Date.parse(breached.events.find((e) => e.type === "sla_rearmed").due) - Date.parse(breached.sla.breached_at);
      assert.equal(rearm, 60_000, "re-armed respond_within_minutes (1) later");
      const note = await eventually(() => recv.accepted.get(`${id}:sla:1`), 5_000, "the manager's webhook");
      assert.equal(note.path, "/hooks/manager");
      assert.deepEqual([note.payload.type, note.payload.previous_owner, note.payload.owner], ["sla.breached", "a", "b"]);

      // Contact (by the CRM's callback secret) stops the clock: late.
      const c = await fetch(`${esc.url}/sla/${id}/contacted`, { method: "POST", headers: { authorization: `Bearer ${CALLBACK}` }, body: JSON.stringify({ by: "b" }) });
      assert.equal(c.status, 200);
      const done = await (await admin(esc.url, `/leads/${id}`)).json();
      assert.deepEqual([done.sla.state, done.sla.contacted_by, done.sla.next_check_at], ["late", "b", null]);
      // Refusals: the wrong secret, an unknown lead, a contact before the hand-off, a future one.
      assert.equal((await fetch(`${esc.url}/sla/${id}/contacted`, { method: "POST", headers: { authorization: "Bearer wrong-secret-0123456789" } })).status, 401);
      assert.equal((await admin(esc.url, `/sla/${engine}-nope/contacted`, { method: "POST", body: {} })).status, 404);
      assert.equal((await admin(esc.url, `/sla/${id}/contacted`, { method: "POST", body: { contacted_at: "2020-01-01T00:00:00Z" } })).status, 400);
      assert.equal((await admin(esc.url, `/sla/${id}/contacted`, { method: "POST", body: { contacted_at: "2999-01-01T00:00:00Z" } })).status, 400);

      // Contacted in time: met, no escalation.
      const ok = `${engine}-esc-0002`;
      await postJson(esc.url, { ...lead(2), submission_id: ok });
      assert.equal((await admin(esc.url, `/sla/${ok}/contacted`, { method: "POST", body: {} })).status, 200);
      const met = await (await admin(esc.url, `/leads/${ok}`)).json();
      assert.equal(met.sla.state, "met");
    });

    test("a deadline that passes while the engine is down escalates after the restart", async () => {
      const id = `${engine}-restart-0001`;
      await postJson(esc.url, { ...lead(3), submission_id: id, leadgate_attempt_age_ms: HOUR - 2500 });
      await esc.kill();
      await new Promise((r) => setTimeout(r, 3000));
      await esc.restart();
      const v = await eventually(async () => {
        const x = await (await admin(esc.url, `/leads/${id}`)).json();
        return x.sla?.state === "breached" && x;
      }, 20_000, "the breach after the restart");
      assert.ok(v.events.some((e) => e.type === "reassigned"));
    });

    test("members with working hours are skipped outside them", async () => {
      // "off" is on holiday yesterday, today and tomorrow (UTC); "on" works around the clock.
      const day = (d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
      const always = { timezone: "UTC", hours: { "mon-sun": "00:00-24:00" } };
      const never = { timezone: "UTC", hours: { "mon-sun": "00:00-24:00" }, holidays: [day(-1), day(0), day(1)] };
      const cfg = JSON.stringify({ "enterprise-ae": { fallback: "q", members: [{ id: "off", email: "o@example.com", weight: 5, hours: never }, { id: "on", email: "n@example.com", hours: always }] } });
      const h = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, EXPOSE: "stage,owner", TEAMS: cfg }));
      try {
        const owners = [];
        for (let i = 0; i < 3; i++) owners.push((await (await postJson(h.url, { ...lead(i), submission_id: `${engine}-hours-${i}` })).json()).owner);
        assert.deepEqual(owners, ["on", "on", "on"]);
        const view = await (await admin(h.url, "/admin/teams/enterprise-ae")).json();
        assert.deepEqual(view.members.map((m) => [m.id, m.available]), [["off", "out_of_hours"], ["on", "yes"]]);
      } finally {
        await h.stop();
      }
    });
  });
}

test("TEAMS is checked at start: fail closed, the message names the key and never a value", async () => {
  const recv = await startReceiver({ secret: TEST_SECRET });
  const secretUrl = "https://hooks.example.com/manager?token=s3cr3t-value";
  const bad = JSON.stringify({ "enterprise-ae": { members: [{ id: "a", email: "a@example.com" }], escalation: { notify: secretUrl, max_steps: 0 } } });
  const edge = await startDurable("workerd", testBindings(recv.url, { ADMIN_TOKEN, TEAMS: bad }));
  try {
    const h = await fetch(`${edge.url}/health`);
    assert.equal(h.status, 503);
    const text = await h.text();
    assert.match(text, /TEAMS\[\\"enterprise-ae\\"\]\.fallback is required/);
    assert.doesNotMatch(text, /s3cr3t/);
    assert.equal((await postJson(edge.url, { ...lead(1), submission_id: "teams-bad-0001" })).status, 500);
    // Owners keep counters: TEAMS without storage is refused too.
    const good = JSON.stringify({ "enterprise-ae": { fallback: "q", members: [{ id: "a", email: "a@example.com" }] } });
    const stateless = await startEdge(testBindings(recv.url, { TEAMS: good }));
    try {
      const body = await (await fetch(`${stateless.url}/health`)).json();
      assert.match(body.error.message, /TEAMS needs LEADGATE_STATE/);
    } finally {
      await stateless.stop();
    }
  } finally {
    await edge.stop();
    await recv.close();
  }
});
