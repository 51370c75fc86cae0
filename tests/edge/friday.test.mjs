// Issue 16's "Done when", end to end on both real engines: a lead posted at
// 17:55 on a Friday (São Paulo) is assigned to a member available then, is
// due on Monday within business hours, is not escalated before its deadline,
// is escalated when the deadline passes without contact (reassigned, the
// manager's webhook told) and shows up in /sla/report as breached for its
// team and owner — with the engine killed (kill -9) and restarted in between,
// so the deadline is kept by the engine's own storage and scheduler (a Durable
// Object alarm on disk, a Deno KV queue message).
//
// The edge reads the real clock (time is an input only in the core), so the
// engine's clock is set from outside: each process is started with
// friday-clock.c preloaded (LD_PRELOAD), which shifts its wall clock by an
// offset; monotonic time is untouched. See that file for why not libfaketime.
//
// Worked by hand: Friday 2026-12-04 17:55 in America/Sao_Paulo (UTC−3, no
// DST since 2019) is 20:55Z. The model's latam-sdr team works 09:00–18:00
// Mon–Fri; SQL's respond_within is 1h: 5 minutes on Friday (17:55–18:00),
// nothing on the weekend, 55 minutes on Monday from 09:00 → Monday
// 2026-12-07 09:55 local = 12:55Z. The engine boots a moment after the clock
// is set, so the lead is handed off S seconds after 17:55 and is due S
// seconds after 09:55 (both inside working hours).
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testBindings, postJson, TEST_SECRET, root } from "./harness.mjs";
import { startDurable, admin, eventually, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { SQL_LATAM } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
const FRIDAY_1755 = Date.parse("2026-12-04T20:55:00Z");
const MONDAY_0955 = Date.parse("2026-12-07T12:55:00Z");
const MONDAY_0950 = Date.parse("2026-12-07T12:50:00Z");
const MONDAY_0956 = Date.parse("2026-12-07T12:56:00Z");
const HOURS = (close) => ({ timezone: "America/Sao_Paulo", hours: { "mon-fri": `09:00-${close}` } });

let work;
let shim;
let modelFile;

/** The engine's environment for a wall clock reading `at` (ms) now. */
const clockAt = (at) => ({ LD_PRELOAD: shim, LEADGATE_TEST_CLOCK_OFFSET_MS: String(at - Date.now()) });

before(() => {
  work = mkdtempSync(join(tmpdir(), "leadgate-friday-"));
  shim = join(work, "friday-clock.so");
  execFileSync(process.env.CC ?? "cc", ["-O2", "-shared", "-fPIC", "-o", shim, join(root, "tests/edge/friday-clock.c")]);
  // The default model with business hours for latam-sdr (docs/model.md "Teams and business hours").
  const model = JSON.parse(readFileSync(join(root, "models/default.json"), "utf8"));
  model.teams = { "latam-sdr": HOURS("18:00") };
  modelFile = join(work, "model.json");
  writeFileSync(modelFile, JSON.stringify(model));
  // The zone is what the hand arithmetic assumes: 17:55 local is 20:55Z.
  assert.equal(new Intl.DateTimeFormat("en-GB", { timeZone: "America/Sao_Paulo", weekday: "long", hour: "2-digit", minute: "2-digit" }).format(FRIDAY_1755), "Friday 17:55");
});

after(() => rmSync(work, { recursive: true, force: true }));

for (const engine of ["workerd", "deno"]) {
  describe(`Friday 17:55 on ${engine}`, () => {
    let recv;
    let edge;
    after(async () => {
      await edge?.stop();
      await recv?.close();
    });

    test("assigned to an available member, due Monday 09:55 local, not escalated at 09:50, escalated after 09:55 and counted breached in /sla/report — across restarts", async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      // ana works until 18:00, bruno until 17:00 (out of hours on Friday at 17:55).
      const TEAMS = JSON.stringify({
        "latam-sdr": {
          timezone: "America/Sao_Paulo",
          fallback: "latam-queue",
          members: [
            { id: "bruno", email: "bruno@example.com", hours: HOURS("17:00") },
            { id: "ana", email: "ana@example.com", hours: HOURS("18:00") },
          ],
          escalation: { reassign: true, notify: `${recv.url}/hooks/manager`, max_steps: 1 },
        },
      });
      const t0 = performance.now();
      // The webhook timeout is the production default: the manager is notified once per step, right
      // after a restart, and the tests' 400 ms can run out on a loaded machine.
      edge = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, TEAMS, EXPOSE: "stage,respond_by,owner", WEBHOOK_TIMEOUT_MS: "5000" }), { model: modelFile, env: clockAt(FRIDAY_1755) });

      // Friday 17:55: posted, assigned to ana (bruno is out of hours), delivered.
      const id = `${engine}-friday-1755`;
      const r = await postJson(edge.url, { ...SQL_LATAM, submission_id: id });
      assert.equal(r.status, 200);
      const answer = await r.json();
      assert.deepEqual([answer.stage, answer.owner], ["SQL", "ana"]);
      const friday = await (await admin(edge.url, `/leads/${id}`)).json();
      const started = Date.parse(friday.sla.started_at);
      const late = started - FRIDAY_1755; // the S seconds the engine took to boot
      assert.ok(late >= 0 && late < 60_000, `handed off at ${friday.sla.started_at}, within 17:55 local`);
      assert.equal(Date.parse(friday.sla.respond_by), MONDAY_0955 + late, `due Monday 09:55 local + ${late} ms: ${friday.sla.respond_by}`);
      assert.equal(answer.respond_by, friday.sla.respond_by);
      assert.deepEqual([friday.sla.team, friday.sla.owner, friday.sla.state], ["latam-sdr", "ana", "open"]);
      const team = await (await admin(edge.url, "/admin/teams/latam-sdr")).json();
      assert.deepEqual(team.members.map((m) => [m.id, m.available]), [["bruno", "out_of_hours"], ["ana", "yes"]]);
      const delivered = await eventually(() => recv.accepted.get(id), 10_000, "the delivery");
      assert.deepEqual([delivered.path, delivered.payload.owner.id, delivered.payload.respond_by], ["/hooks/latam-sdr", "ana", friday.sla.respond_by]);
      await edge.kill();

      // Monday 09:50: back up, the deadline is ahead: open, no escalation, open in the report.
      await edge.restart({ env: clockAt(MONDAY_0950) });
      const monday = await (await admin(edge.url, `/leads/${id}`)).json();
      assert.deepEqual([monday.sla.state, monday.sla.next_check_at], ["open", friday.sla.respond_by]);
      assert.ok(!monday.events.some((e) => e.type === "sla_breached"), "not escalated before 09:55");
      const report = async () => {
        const x = await admin(edge.url, "/sla/report?from=2026-12-04&to=2026-12-07");
        assert.equal(x.status, 200);
        return x.json();
      };
      const early = await report();
      assert.ok(Date.parse(early.as_of) >= MONDAY_0950 && Date.parse(early.as_of) < MONDAY_0955, `as_of ${early.as_of}: Monday 09:50 local`);
      assert.deepEqual(pick(early.sla.stages[0]), { stage: "SQL", handoffs: 1, contacted: 0, met: 0, late: 0, never: 0, open: 1 });
      await edge.kill();

      // Monday 09:56: the deadline passed while the engine was down; its wake fires after the restart.
      await edge.restart({ env: clockAt(MONDAY_0956) });
      const v = await eventually(async () => {
        const x = await (await admin(edge.url, `/leads/${id}`)).json();
        return x.events.some((e) => e.type === "manager_notified" || e.type === "manager_notify_failed") && x;
      }, 20_000, "the escalation after the restart");
      const types = v.events.map((e) => e.type);
      for (const t of ["assigned", "delivered", "sla_breached", "reassigned", "manager_notified"]) assert.ok(types.includes(t), `${t} in ${types}`);
      assert.equal(v.sla.state, "breached");
      assert.ok(Date.parse(v.sla.breached_at) >= MONDAY_0956, `breached at ${v.sla.breached_at}, after the Monday restart`);
      const moved = v.events.find((e) => e.type === "reassigned");
      assert.deepEqual([moved.from, moved.to, v.sla.owner], ["ana", "bruno", "bruno"], "reassigned to bruno, in his hours on Monday");
      const note = recv.accepted.get(`${id}:sla:1`);
      assert.equal(note?.path, "/hooks/manager");
      assert.deepEqual([note.payload.type, note.payload.submission_id, note.payload.team, note.payload.previous_owner, note.payload.owner, note.payload.respond_by],
        ["sla.breached", id, "latam-sdr", "ana", "bruno", friday.sla.respond_by]);

      // /sla/report: breached (never contacted) for latam-sdr and its current owner.
      const r2 = await report();
      assert.deepEqual(pick(r2.sla.stages[0]), { stage: "SQL", handoffs: 1, contacted: 0, met: 0, late: 0, never: 1, open: 0 });
      assert.equal(r2.sla.stages[0].adherence, 0);
      assert.deepEqual(r2.sla.by_team.map((t) => [t.team, t.due, t.met, t.adherence]), [["latam-sdr", 1, 0, 0]]);
      assert.deepEqual(r2.sla.by_owner.map((t) => [t.owner, t.due, t.met, t.adherence]), [["bruno", 1, 0, 0]]);
      console.log(`${engine}: Friday 17:55 lead handed off at ${friday.sla.started_at}, due ${friday.sla.respond_by}, breached ${v.sla.breached_at} after two restarts; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });
  });
}

/** A stage's counts, for comparing with the hand-worked ones. */
function pick(s) {
  return { stage: s.stage, handoffs: s.handoffs, contacted: s.contacted, met: s.met, late: s.late, never: s.never, open: s.open };
}
