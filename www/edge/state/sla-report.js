// GET /sla/report: SLA adherence per hand-off stage, team and owner, in the
// JSON shape of the `sla` section of `leadgate report --json`
// (src/report/output.rs: SlaReport { stages: [SlaStage], by_team: [TeamSla],
// measured }), plus `by_owner` (TeamSla's shape keyed by `owner`).
//
// The rules are the CLI's (src/report/groups.rs `Sla::of`, `StageCounts`):
// a lead handed off at `start` with deadline `due` (the core's respond_by) is
// met when first contacted at or before `due`, late when after, never
// (breached) when not contacted and `due` <= as_of, open otherwise; adherence
// = met / (met + late + never); times to first contact in whole seconds with
// nearest-rank quantiles, exact up to 512 values and then the CLI's log-linear
// histogram (src/report/sketch.rs); ratios rounded to 4 decimals, minutes to 1.
// tests/edge/sla-report.test.mjs checks that the CLI and this agree on the
// same leads. Only the edge's hand-off differs: it is the stage the lead was
// delivered at (a stage other than SQL or MQL counts as `lead`).
//
// Cost: a bounded scan. Each lead with a clock has one small key in its
// team's index Store, `i:<hand-off UTC day>:<id>` (sla.js indexPut: one small
// write per clock event, nothing shared rewritten); a report lists the keys
// of its days (at most MAX_DAYS) team by team, 1,000 a call, classifying each
// entry at as_of — open and breached are exact at the moment asked, with no
// counters to drift — and refuses a range holding more than MAX_SCANNED.

/** The lead's entry in the SLA index (sla.js writes it): what a report needs of a lead. */
export function indexEntry(rec) {
  const s = rec.sla;
  return { team: s.team, owner: s.owner, stage: s.stage, start: s.started_at, due: s.respond_by, contact: s.contacted_at, steps: s.steps };
}

/** Longest range a report may ask for, in days. */
export const MAX_DAYS = 92;
const HANDOFF = ["SQL", "MQL", "lead"];
const EXACT_MAX = 512;
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS;
const MAX_VALUE = 2 ** 32 - 1;

function bucket(v) {
  v = Math.min(v, MAX_VALUE);
  if (v < SUB) return v;
  const exponent = 31 - Math.clz32(v);
  const shift = exponent - SUB_BITS;
  const sub = Math.floor(v / 2 ** shift) - SUB;
  return SUB + shift * SUB + sub;
}

function bucketValue(i) {
  if (i < SUB) return i;
  const shift = Math.floor((i - SUB) / SUB);
  const sub = (i - SUB) % SUB;
  const low = (SUB + sub) * 2 ** shift;
  return low + Math.floor((2 ** shift - 1) / 2);
}

/** The nearest-rank quantile num/den of whole seconds, as the CLI's Sketch computes it; null when empty. */
export function quantile(values, num, den) {
  const n = values.length;
  if (n === 0) return null;
  const rank = Math.min(n, Math.max(1, Math.ceil((n * num) / den)));
  if (n <= EXACT_MAX) return [...values].sort((a, b) => a - b)[rank - 1];
  const h = new Map();
  for (const v of values) h.set(bucket(v), (h.get(bucket(v)) ?? 0) + 1);
  let seen = 0;
  for (const i of [...h.keys()].sort((a, b) => a - b)) {
    seen += h.get(i);
    if (seen >= rank) return bucketValue(i);
  }
  return null;
}

const ratio = (num, den) => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);
const minutes = (s) => (s === null ? null : Math.round((s / 60) * 10) / 10);

/** `90061000` ms → `1d1h1m1s` (src/report/groups.rs format_duration). */
export function formatDuration(ms) {
  let rest = Math.floor(Math.max(0, ms) / 1000);
  let out = "";
  for (const [unit, secs] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]]) {
    if (rest >= secs) {
      out += `${Math.floor(rest / secs)}${unit}`;
      rest %= secs;
    }
  }
  return out || "0s";
}

/** The hand-off stage name of an entry, as the CLI names them. */
function handoff(stage) {
  const s = String(stage ?? "");
  return HANDOFF.find((h) => h.toLowerCase() === s.toLowerCase()) ?? "lead";
}

function stageCounts() {
  return { handoffs: 0, contacted: 0, met: 0, late: 0, never: 0, open: 0, seconds: [], limits: new Set() };
}

function add(c, e, asOf) {
  c.handoffs += 1;
  c.limits.add(e.due - e.start);
  if (e.contact != null) {
    c.contacted += 1;
    c.seconds.push(Math.floor(Math.max(0, e.contact - e.start) / 1000));
    if (e.contact <= e.due) c.met += 1;
    else c.late += 1;
  } else if (e.due <= asOf) c.never += 1;
  else c.open += 1;
}

function finishStage(name, c) {
  const limit = c.limits.size === 1 ? [...c.limits][0] : null;
  return {
    stage: name,
    respond_within: limit === null ? null : formatDuration(limit),
    respond_within_minutes: limit === null ? null : Math.round((limit / 60_000) * 10) / 10,
    handoffs: c.handoffs,
    contacted: c.contacted,
    met: c.met,
    late: c.late,
    never: c.never,
    open: c.open,
    adherence: ratio(c.met, c.met + c.late + c.never),
    median_minutes: minutes(quantile(c.seconds, 1, 2)),
    p90_minutes: minutes(quantile(c.seconds, 9, 10)),
  };
}

function group(key, name, stages) {
  const done = HANDOFF.map((h) => finishStage(h, stages.get(h)));
  const due = done.reduce((s, x) => s + x.met + x.late + x.never, 0);
  const met = done.reduce((s, x) => s + x.met, 0);
  return { [key]: name, due, met, adherence: ratio(met, due), stages: done };
}

/**
 * The SLA section for `entries` ([{ team, owner, stage, start, due, contact }],
 * times in ms) as of `asOf` (ms).
 */
export function slaSection(entries, asOf) {
  const fresh = () => new Map(HANDOFF.map((h) => [h, stageCounts()]));
  const overall = fresh();
  const teams = new Map();
  const owners = new Map();
  for (const e of entries) {
    const h = handoff(e.stage);
    const team = e.team ?? "(none)";
    const owner = e.owner ?? "(none)";
    if (!teams.has(team)) teams.set(team, fresh());
    if (!owners.has(owner)) owners.set(owner, fresh());
    for (const m of [overall, teams.get(team), owners.get(owner)]) add(m.get(h), e, asOf);
  }
  const sorted = (m) => [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    stages: HANDOFF.map((h) => finishStage(h, overall.get(h))),
    by_team: sorted(teams).map((t) => group("team", t, teams.get(t))),
    by_owner: sorted(owners).map((o) => group("owner", o, owners.get(o))),
    measured: true,
  };
}

/** The UTC days from `from` to `to` (YYYY-MM-DD, inclusive), or an error message. */
export function daysBetween(from, to) {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  if (!re.test(from ?? "") || !re.test(to ?? "")) return { error: "send from and to as dates, YYYY-MM-DD (UTC days of the hand-off, both included)" };
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) return { error: "from must be a date on or before to" };
  const n = (b - a) / 86_400_000 + 1;
  if (n > MAX_DAYS) return { error: `at most ${MAX_DAYS} days per report` };
  return { days: Array.from({ length: n }, (_, i) => new Date(a + i * 86_400_000).toISOString().slice(0, 10)) };
}

/** Entries a report may scan before it asks for a shorter range (a bound on its cost). */
export const MAX_SCANNED = 200_000;
const PAGE = 1000;

/**
 * The report for `days` over `teams` (names; null for leads without a team)
 * listed through `storeOf(team)` (the team's SLA index Store) as of `asOf`.
 * Resolves to { entries, section } or { tooMany: true } past MAX_SCANNED.
 */
export async function slaReport(storeOf, teams, days, asOf) {
  const entries = [];
  let scanned = 0;
  const end = `i:${new Date(Date.parse(`${days[days.length - 1]}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}`;
  for (const team of teams) {
    const store = storeOf(team);
    let start = `i:${days[0]}`;
    for (;;) {
      const page = await store.list({ start, end, limit: PAGE });
      for (const [, e] of page) {
        scanned += 1;
        if (e.start <= asOf) entries.push(e);
      }
      if (scanned > MAX_SCANNED) return { tooMany: true };
      if (page.length < PAGE) break;
      start = `${page[page.length - 1][0]}\u0000`;
    }
  }
  return { entries: scanned, section: slaSection(entries, asOf) };
}
