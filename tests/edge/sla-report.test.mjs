// GET /sla/report (www/edge/state/sla-report.js) on both real engines, and
// the same leads through `leadgate report --json` (target/debug/leadgate):
// DESIGN says the two use the same rules, so their SLA figures must agree.
// Ten leads with hand-off times in the past (the form kit's attempt age) and
// contact times reported through POST /sla/{id}/contacted; the expected
// figures are worked out by hand below, then the CLI must say the same.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testBindings, postJson, TEST_SECRET, root } from "./harness.mjs";
import { startDurable, admin } from "./durable-harness.mjs";
import { ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { SQL_ENTERPRISE, SQL_LATAM, MQL } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
const MIN = 60_000;
const HOUR = 60 * MIN;
const CLI = join(root, "target/debug/leadgate");

const TEAMS = JSON.stringify({ "enterprise-ae": { fallback: "ae-queue", members: [{ id: "a", email: "a@example.com", weight: 2 }, { id: "b", email: "b@example.com" }, { id: "c", email: "c@example.com" }] } });

// [name, lead, age (ms before now), contact (ms after the hand-off) or null]. The
// default model: SQL respond_within 1h, MQL 1d. Posted in order, so enterprise-ae's
// round-robin (weights 2:1:1) gives E1..E5 the owners a, b, c, a, a.
const LEADS = [
  ["E1", SQL_ENTERPRISE, 3 * HOUR, 10 * MIN], // met, 600 s
  ["E2", SQL_ENTERPRISE, 3 * HOUR, 50 * MIN], // met, 3000 s
  ["E3", SQL_ENTERPRISE, 3 * HOUR, 2 * HOUR], // late, 7200 s
  ["E4", SQL_ENTERPRISE, 2 * HOUR, null], // never (breached)
  ["E5", SQL_ENTERPRISE, 0, null], // open
  ["L1", SQL_LATAM, 5 * HOUR, 30 * MIN], // met, 1800 s
  ["L2", SQL_LATAM, 5 * HOUR, 4 * HOUR], // late, 14400 s
  ["L3", SQL_LATAM, 90 * MIN, null], // never
  ["M1", MQL, 2 * HOUR, HOUR], // MQL met, 3600 s
  ["M2", MQL, 0, null], // MQL open
];

const stage = (name, s) => ({ stage: name, ...s });
// By hand. SQL: 8 hand-offs, 5 contacted (3 met, 2 late), 2 never, 1 open; adherence 3/7;
// times 600, 1800, 3000, 7200, 14400 s: median (rank 3) 50 min, p90 (rank 5) 240 min.
const EXPECTED_STAGES = [
  stage("SQL", { handoffs: 8, contacted: 5, met: 3, late: 2, never: 2, open: 1, adherence: 0.4286, median_minutes: 50, p90_minutes: 240 }),
  stage("MQL", { handoffs: 2, contacted: 1, met: 1, late: 0, never: 0, open: 1, adherence: 1, median_minutes: 60, p90_minutes: 60 }),
  stage("lead", { handoffs: 0, contacted: 0, met: 0, late: 0, never: 0, open: 0, adherence: null, median_minutes: null, p90_minutes: null }),
];
const EXPECTED_TEAMS = [["enterprise-ae", 4, 2, 0.5], ["global-sdr", 1, 1, 1], ["latam-sdr", 3, 1, 0.3333]];
const EXPECTED_OWNERS = [["(none)", 4, 2, 0.5], ["a", 2, 1, 0.5], ["b", 1, 1, 1], ["c", 1, 0, 0]];
const FIGURES = ["handoffs", "contacted", "met", "late", "never", "open", "adherence", "median_minutes", "p90_minutes"];
const figures = (s) => Object.fromEntries([["stage", s.stage], ...FIGURES.map((k) => [k, s[k]])]);

for (const engine of ["workerd", "deno"]) {
  describe(`/sla/report on ${engine}`, () => {
    let recv;
    let edge;
    const stored = new Map();

    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      edge = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, DELIVER_STAGES: "SQL,MQL", TEAMS }));
      for (const [name, lead, age, contact] of LEADS) {
        const id = `${engine}-report-${name}`;
        const r = await postJson(edge.url, { ...lead, email: `${name.toLowerCase()}@${lead.email.split("@")[1]}`, submission_id: id, leadgate_attempt_age_ms: age });
        assert.equal(r.status, 200);
        const v = await (await admin(edge.url, `/leads/${id}`)).json();
        const start = Date.parse(v.sla.started_at);
        if (contact !== null) {
          const c = await admin(edge.url, `/sla/${id}/contacted`, { method: "POST", body: { contacted_at: new Date(start + contact).toISOString() } });
          assert.equal(c.status, 200);
        }
        stored.set(name, { id, lead, start, contact, stage: v.stage, team: v.sla.team, owner: v.sla.owner });
      }
    });

    after(async () => {
      await edge?.stop();
      await recv?.close();
    });

    async function report() {
      const day = (ms) => new Date(ms).toISOString().slice(0, 10);
      const r = await admin(edge.url, `/sla/report?from=${day(Date.now() - 86_400_000)}&to=${day(Date.now())}`);
      assert.equal(r.status, 200);
      return r.json();
    }

    test("adherence per stage, team and owner, worked out by hand", async () => {
      assert.deepEqual(["E1", "E2", "E3", "E4", "E5"].map((n) => stored.get(n).owner), ["a", "b", "c", "a", "a"]);
      const r = await report();
      assert.equal(r.leads_scanned, 10);
      assert.deepEqual(r.sla.stages.map(figures), EXPECTED_STAGES);
      assert.equal(r.sla.stages[0].respond_within, "1h");
      assert.deepEqual(r.sla.by_team.map((t) => [t.team, t.due, t.met, t.adherence]), EXPECTED_TEAMS);
      assert.deepEqual(r.sla.by_owner.map((t) => [t.owner, t.due, t.met, t.adherence]), EXPECTED_OWNERS);
      assert.equal(r.sla.measured, true);
      // Refusals: no token, a bad range, more than 92 days.
      assert.equal((await fetch(`${edge.url}/sla/report?from=2026-01-01&to=2026-01-02`)).status, 401);
      assert.equal((await admin(edge.url, "/sla/report?from=2026-01-02&to=2026-01-01")).status, 400);
      assert.equal((await admin(edge.url, "/sla/report?from=2026-01-01&to=2026-06-01")).status, 400);
    });

    test("the CLI's `leadgate report --json` says the same of the same leads", { skip: existsSync(CLI) ? false : `${CLI} is not built (cargo build)` }, async () => {
      const r = await report();
      const dir = mkdtempSync(join(tmpdir(), "leadgate-sla-cli-"));
      try {
        const iso = (ms) => new Date(ms).toISOString();
        const rows = [...stored.values()].map((s) => [
          iso(s.start), s.stage === "MQL" ? iso(s.start) : "", s.stage === "SQL" ? iso(s.start) : "",
          s.contact === null ? "" : iso(s.start + s.contact), s.team ?? "", s.owner ?? "", s.lead.email,
        ].join(","));
        writeFileSync(join(dir, "export.csv"), ["created_at,mql_at,sql_at,first_contact_at,team,owner,email", ...rows].join("\n") + "\n");
        const out = JSON.parse(execFileSync(CLI, ["report", "--json", "-q", "--now", r.as_of, join(dir, "export.csv")], { encoding: "utf8" }));
        assert.deepEqual(r.sla.stages.map(figures), out.sla.stages.map(figures));
        assert.deepEqual(r.sla.by_team.map((t) => [t.team, t.due, t.met, t.adherence, t.stages.map(figures)]),
          out.sla.by_team.map((t) => [t.team, t.due, t.met, t.adherence, t.stages.map(figures)]));
        assert.equal(r.sla.stages[0].respond_within, out.sla.stages[0].respond_within);
        const owners = out.by_owner ?? out.groups?.owner;
        assert.ok(Array.isArray(owners), "the CLI's per-owner KPIs");
        assert.deepEqual(r.sla.by_owner.map((o) => [o.owner, o.due, o.met, o.adherence]), owners.map((o) => [o.key, o.sla_due, o.sla_met, o.sla_adherence]));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("erasure takes the lead out of the report", async () => {
      assert.equal((await admin(edge.url, `/leads/${stored.get("E5").id}`, { method: "DELETE" })).status, 200);
      const r = await report();
      assert.equal(r.leads_scanned, 9);
      assert.deepEqual([r.sla.stages[0].handoffs, r.sla.stages[0].open], [7, 0]);
    });
  });
}

test("past 512 contacts a group's quantiles come from the CLI's histogram: the edge's aggregation agrees with the CLI", { skip: existsSync(CLI) ? false : `${CLI} is not built (cargo build)` }, async () => {
  const { slaSection } = await import("../../www/edge/state/sla-report.js");
  const dir = mkdtempSync(join(tmpdir(), "leadgate-sla-sketch-"));
  try {
    const asOf = Date.parse("2026-12-05T12:00:00Z");
    const entries = [];
    const rows = ["created_at,sql_at,first_contact_at,team,owner,email"];
    for (let i = 0; i < 700; i++) {
      const start = asOf - 48 * HOUR + i * 60_000;
      // Contact times from 7 s to about 2 days, spread unevenly (squares), some never.
      const contact = i % 10 === 9 ? null : start + 7_000 + ((i * i * 3_517) % (40 * HOUR));
      entries.push({ team: i % 2 ? "t1" : "t2", owner: `o${i % 3}`, stage: "SQL", start, due: start + HOUR, contact });
      rows.push([new Date(start).toISOString(), new Date(start).toISOString(), contact === null ? "" : new Date(contact).toISOString(), i % 2 ? "t1" : "t2", `o${i % 3}`, `p${i}@corp${i}.com`].join(","));
    }
    writeFileSync(join(dir, "export.csv"), rows.join("\n") + "\n");
    const out = JSON.parse(execFileSync(CLI, ["report", "--json", "-q", "--now", new Date(asOf).toISOString(), join(dir, "export.csv")], { encoding: "utf8", maxBuffer: 64 << 20 }));
    const mine = slaSection(entries, asOf);
    assert.equal(mine.stages[0].contacted, 630);
    assert.deepEqual(mine.stages.map(figures), out.sla.stages.map(figures));
    assert.deepEqual(mine.by_team.map((t) => t.stages.map(figures)), out.sla.by_team.map((t) => t.stages.map(figures)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an SLA index entry is small: at most 160 bytes of JSON for a 24-character id and a short owner, 260 with 64-character ones (state/README.md's figures)", async () => {
  const { indexEntry } = await import("../../www/edge/state/sla-report.js");
  const t = Date.parse("2026-12-05T12:00:00.123Z");
  const size = (id, owner) => {
    const entry = indexEntry({ sla: { team: "enterprise-ae", owner, stage: "SQL", started_at: t, respond_by: t + HOUR, contacted_at: t + 61_000, steps: 3 } });
    return Buffer.byteLength(JSON.stringify({ [id]: entry }));
  };
  assert.ok(size("x".repeat(24), "ana") <= 160, `${size("x".repeat(24), "ana")} bytes`);
  assert.ok(size("x".repeat(64), "x".repeat(64)) <= 260, `${size("x".repeat(64), "x".repeat(64))} bytes`);
});
