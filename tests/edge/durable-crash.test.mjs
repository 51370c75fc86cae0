// The durable queue under faults and a crash, on real engines: N SQL
// submissions from 64 concurrent clients while the webhook fails 30% of the
// time at random (refusals, errors after committing, hangs past the timeout),
// and the engine is killed with SIGKILL mid-run and restarted on the same
// storage. Clients behave like the form kit: on a 503 or a dropped
// connection they retry with the same submission id. Every acknowledged lead
// must reach its team's webhook at least once (exactly once after the
// receiver's dedupe by Idempotency-Key), including those still queued at the
// kill, which only the engine's own scheduler (alarms / KV queue) can deliver.
//
// The same run has owners (TEAMS, issue 16): enterprise-ae with weights 3/2/1
// and latam-sdr with 1/1 (no caps, hours or away: everyone is available, so
// the smooth weighted round-robin must give each member its share within one
// lead: n·w/W ± 1, counted over the acknowledged leads, and the persisted
// counters (`GET /admin/teams/{team}`) must say exactly what was delivered —
// a pick that a kill -9 cut off from its lead must not count). Every copy the
// webhook sees and every lead's timeline (`GET /leads/{id}`) name one owner.
// Just before the kill, TIMERS latam leads are posted whose SLA deadline
// (the form kit's attempt age) falls while the engine is down: their clocks
// must breach and escalate (notify the manager) after the restart.
//
// workerd's storage directory is on tmpfs (/dev/shm) when there is one: a kill -9
// ends the process, not the machine, so what was committed to the kernel
// survives either way, and this shared VM's disk (about 5 ms per fsync, a few
// per SQLite commit, one SQLite file per Durable Object in workerd) would make
// the run take minutes (durable.test.mjs runs on the real disk). Deno KV's
// file stays on disk. The webhook timeout is 1 s (hangs 1.5 s): on two busy
// cores a tighter one expires while the receiver's 200 is on its way, which
// is correct (a duplicate, dropped by the key) but only noise here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { testBindings, postJson, TEST_SECRET } from "./harness.mjs";
import { startDurable, eventually, admin, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, sqlLeads, SQL_LATAM } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
if (!process.env.LEADGATE_STATE_TMP && existsSync("/dev/shm")) process.env.LEADGATE_STATE_TMP = "/dev/shm";
const CONCURRENCY = 64;
const HOUR = 3_600_000;
const TIMERS = 16;
/** How long before its deadline a timer lead is posted; the engine stays down until the last one is due. */
const TIMER_LEAD_MS = 10_000;
const WEIGHTS = { "enterprise-ae": { a: 3, b: 2, c: 1 }, "latam-sdr": { l1: 1, l2: 1 } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function teams(recvUrl) {
  const members = (team) => Object.entries(WEIGHTS[team]).map(([id, weight]) => ({ id, email: `${id}@example.com`, weight }));
  return JSON.stringify({
    "enterprise-ae": { fallback: "ae-queue", members: members("enterprise-ae") },
    "latam-sdr": { fallback: "latam-queue", members: members("latam-sdr"), escalation: { notify: `${recvUrl}/hooks/manager`, max_steps: 1 } },
  });
}

/** Runs `fn` over `xs` with at most `n` at once. */
async function pool(xs, n, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (i < xs.length) {
      const x = xs[i++];
      await fn(x);
    }
  }));
}

for (const [engine, N] of [["workerd", 1_000], ["deno", 1_000]]) {
  test(`${engine}: ${N} concurrent submissions with owners, webhook failing 30%, kill -9 mid-run and restart: every acknowledged lead delivered, one owner each, fair counters, timers fire after the restart`, async () => {
    const recv = await startReceiver({ secret: TEST_SECRET });
    const edge = await startDurable(engine, testBindings(recv.url, {
      ADMIN_TOKEN, WEBHOOK_TIMEOUT_MS: "1000", RETRY_BASE_MS: "100", RETRY_MAX_MS: "1000", MAX_DELIVERY_ATTEMPTS: "60",
      TEAMS: teams(recv.url), EXPOSE: "stage,grade,respond_by,owner",
    }));
    try {
      const leads = sqlLeads(N, 16);
      const expected = leads.map((lead) => reference.score(lead));
      assert.ok(expected.every((o) => o.stage === "SQL"));
      recv.setMode({ mode: "random", failRate: 0.3, seed: 20261205, hangMs: 1500 });
      const ids = leads.map((_, i) => `${engine}-crash-${String(i).padStart(5, "0")}`);
      const timerIds = Array.from({ length: TIMERS }, (_, k) => `${engine}-timer-${String(k).padStart(3, "0")}`);
      const all = [...ids, ...timerIds];
      const teamOf = new Map([...ids.map((id, i) => [id, expected[i].route.team]), ...timerIds.map((id) => [id, "latam-sdr"])]);
      const day0 = new Date().toISOString().slice(0, 10);
      const acked = new Map(); // id → the 200 answer
      let refused = 0;
      let next = 0;
      let killedAt = null;
      let pendingAtKill = null;
      let crash = null;
      let killAt = 0;
      let restartAt = 0;
      let paused = null; // while the timer leads are posted, clients start no new submission

      /** Posts like the form kit: retries on a 503 or a refused connection until acknowledged. */
      async function submit(id, body) {
        for (let attempt = 1; ; attempt++) {
          assert.ok(attempt < 200, `${id} never acknowledged`);
          let r;
          try {
            r = await postJson(edge.url, { ...body, submission_id: id });
          } catch {
            refused += 1; // the engine is down: the kit retries
            await sleep(50);
            continue;
          }
          const answer = await r.json().catch(() => null);
          if (r.status === 200) {
            assert.equal(answer.submission_id, id);
            acked.set(id, answer);
            return answer;
          }
          assert.equal(r.status, 503, `${id}: ${r.status} ${JSON.stringify(answer)}`);
          refused += 1;
          await sleep(50);
        }
      }

      async function client() {
        while (next < N) {
          if (paused) await paused;
          if (next >= N) break;
          const i = next++;
          await submit(ids[i], leads[i]);
          if (killedAt === null && acked.size >= N * 0.4) {
            killedAt = acked.size;
            crash = (async () => {
              // Due TIMER_LEAD_MS after now: the deadlines lapse while the engine is down. The
              // clients pause so that a loaded machine still acknowledges them in time, then
              // run again for a moment so that the kill cuts requests in flight.
              let resume;
              paused = new Promise((r) => (resume = r));
              await Promise.all(timerIds.map((id, k) => submit(id, { ...SQL_LATAM, email: `timer${k}@acme.com.br`, leadgate_attempt_age_ms: HOUR - TIMER_LEAD_MS })));
              paused = null;
              resume();
              await sleep(300);
              killAt = Date.now();
              await edge.kill();
              pendingAtKill = [...acked.keys()].filter((id) => !recv.accepted.has(id)).length;
              const lastDue = Math.max(...timerIds.map((id) => Date.parse(acked.get(id).respond_by)));
              await sleep(Math.max(1_000, lastDue + 300 - Date.now()));
              restartAt = Date.now();
              await edge.restart();
            })();
          }
        }
      }
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, client));
      await crash;
      const ackSeconds = (performance.now() - t0) / 1000;
      assert.equal(acked.size, N + TIMERS, "every submission was acknowledged in the end");
      try {
        await eventually(() => all.every((id) => recv.accepted.has(id)), 120_000, "every acknowledged lead delivered");
      } catch (e) {
        const missing = all.filter((id) => !recv.accepted.has(id));
        const sample = await Promise.all(missing.slice(0, 3).map(async (id) => (await admin(edge.url, `/leads/${id}`)).json().then((v) => ({ id, delivery: v.delivery, events: v.events?.slice(-4) }), () => ({ id }))));
        console.log(`${engine}: ${missing.length} not delivered; ${JSON.stringify(sample)}\n${edge.server.output.slice(-3000)}`);
        throw e;
      }
      const seconds = (performance.now() - t0) / 1000;
      await recv.settle();

      for (let i = 0; i < N; i++) {
        const got = recv.accepted.get(ids[i]);
        assert.equal(got.path, `/hooks/${expected[i].route.team}`, `lead ${i} went to its team`);
        assert.deepEqual(got.payload.lead, leads[i]);
        assert.equal(got.payload.outcome.score, expected[i].score);
      }
      assert.ok(pendingAtKill > 0, "some acknowledged leads were still queued at the kill (delivered after the restart)");
      assert.equal(recv.badSignatures, 0);

      // One owner per lead: the answer, the delivered payload, every copy the webhook saw, the timeline.
      const ownerOf = new Map();
      for (const id of all) {
        const team = teamOf.get(id);
        const owner = recv.accepted.get(id).payload.owner?.id ?? null;
        if (WEIGHTS[team]) assert.ok(owner in WEIGHTS[team], `${id} (${team}) owned by a member, not ${owner}`);
        else assert.equal(owner, null, `${id} (${team}: no TEAMS entry) has no owner`);
        assert.equal(acked.get(id).owner ?? null, owner, `${id}: the answer names the delivered owner`);
        ownerOf.set(id, owner);
      }
      let copiesSeen = 0;
      for (const a of recv.attempts) {
        if (!ownerOf.has(a.key) || a.owner === undefined) continue;
        copiesSeen += 1;
        assert.equal(a.owner ?? null, ownerOf.get(a.key), `${a.key}: a copy named another owner`);
      }
      const views = new Map();
      const tViews = performance.now();
      await pool(all, 16, async (id) => {
        const r = await admin(edge.url, `/leads/${id}`);
        assert.equal(r.status, 200);
        views.set(id, await r.json());
      });
      for (const id of all) {
        const v = views.get(id);
        const owner = ownerOf.get(id);
        assert.equal(v.owner?.id ?? null, owner, `${id}: the stored owner`);
        const assigned = v.events.filter((e) => e.type === "assigned");
        assert.deepEqual(assigned.map((e) => e.owner), owner === null ? [] : [owner], `${id}: assigned once, to its owner`);
        assert.ok(!v.events.some((e) => e.type === "reassigned"), `${id}: never reassigned`);
      }
      const viewSeconds = (performance.now() - tViews) / 1000;

      // Fairness: each member's share within ±1 of n·w/W, and the persisted counters say the same.
      const fairness = {};
      for (const [team, weights] of Object.entries(WEIGHTS)) {
        const mine = all.filter((id) => teamOf.get(id) === team);
        const total = Object.values(weights).reduce((s, w) => s + w, 0);
        const count = Object.fromEntries(Object.keys(weights).map((m) => [m, mine.filter((id) => ownerOf.get(id) === m).length]));
        for (const [m, w] of Object.entries(weights)) {
          const share = (mine.length * w) / total;
          assert.ok(Math.abs(count[m] - share) <= 1, `${team}: ${m} got ${count[m]} of ${mine.length}, its weight's share is ${share.toFixed(2)}`);
        }
        const view = await (await admin(edge.url, `/admin/teams/${team}`)).json();
        if (view.day === day0) {
          assert.deepEqual(Object.fromEntries(view.members.map((m) => [m.id, m.assigned_today])), count, `${team}: persisted counts = the acknowledged leads' owners`);
        }
        fairness[team] = { leads: mine.length, count, credits: Object.fromEntries(view.members.map((m) => [m.id, m.credit])) };
      }

      // Timers: deadlines inside the down time breach after the restart, and the manager is told.
      let lapsedWhileDown = 0;
      for (const id of timerIds) {
        const due = Date.parse(acked.get(id).respond_by);
        if (!(due > killAt && due <= restartAt)) continue;
        lapsedWhileDown += 1;
        const v = await eventually(async () => {
          const x = await (await admin(edge.url, `/leads/${id}`)).json();
          return x.events.some((e) => e.type === "manager_notified" || e.type === "manager_notify_failed") && x;
        }, 20_000, `${id}'s escalation`);
        assert.equal(v.sla.state, "breached");
        assert.ok(Date.parse(v.sla.breached_at) >= restartAt, `${id} breached after the restart (${v.sla.breached_at})`);
        assert.equal(v.events.find((e) => e.type === "sla_breached").owner, ownerOf.get(id));
        if (v.events.some((e) => e.type === "manager_notified")) assert.equal(recv.accepted.get(`${id}:sla:1`)?.path, "/hooks/manager");
      }
      assert.ok(lapsedWhileDown >= TIMERS / 2, `${lapsedWhileDown} of ${TIMERS} timer deadlines fell while the engine was down`);

      const kinds = {};
      for (const a of recv.attempts) kinds[a.result] = (kinds[a.result] ?? 0) + 1;
      const copies = all.reduce((n, id) => n + recv.accepted.get(id).copies, 0);
      console.log(`${engine}: ${N + TIMERS} leads acknowledged in ${ackSeconds.toFixed(1)} s, all delivered after ${seconds.toFixed(1)} s; ` +
        `killed after ${killedAt} acks with ${pendingAtKill} acknowledged and not yet delivered; ${refused} client retries; ` +
        `webhook attempts ${recv.attempts.length} ${JSON.stringify(kinds)}; duplicates dropped by the key ${copies - all.length}; ` +
        `owners checked on ${copiesSeen} copies and ${all.length} timelines (${viewSeconds.toFixed(1)} s); fairness ${JSON.stringify(fairness)}; ${lapsedWhileDown} timers lapsed while down and escalated after the restart`);
    } finally {
      await edge.stop();
      await recv.close();
    }
  });
}
