// Teams and their members (the TEAMS binding) and owner assignment: who gets
// a lead, by smooth weighted round-robin among the members available now,
// with fairness counters and daily caps kept per team in the Store.
//
// TEAMS = {"<team>": {
//   "timezone": "America/Sao_Paulo",          // the team's day for daily caps (default UTC)
//   "fallback": "latam-queue",                // required: the owner when nobody is available
//   "members": [{"id": "ana", "email": "ana@x.com", "weight": 2, "daily_cap": 20,
//                "hours": {"timezone": "...", "hours": {"mon-fri": "09:00-18:00"}, "holidays": [...]}}],
//   "escalation": {"reassign": true, "notify": "https://…", "respond_within_minutes": 30, "max_steps": 3}}}
//
// Messages name the binding and the key, never a value (a notify URL may carry
// a token; emails are personal data). Working hours are checked by the
// package's `withinHours` (hours.js): no time-zone logic here beyond the
// platform's Intl for the calendar date of the caps.
import { withinHours } from "./hours.js";

const ID = /^[A-Za-z0-9._@:-]{1,64}$/;
/** Calendar days of cap counts kept in a team's record (today and two before, for zones either side of UTC). */
const DAYS_KEPT = 3;

function fail(message) {
  throw new Error(message);
}

function intIn(v, where, min, max) {
  if (!Number.isInteger(v) || v < min || v > max) fail(`${where} must be an integer from ${min} to ${max}`);
  return v;
}

/** The calendar date (YYYY-MM-DD) of `nowMs` in `timeZone`, by the platform's Intl. */
export function localDate(timeZone, nowMs) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(nowMs));
  const get = (t) => parts.find((p) => p.type === t)?.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function zone(v, where) {
  if (typeof v !== "string" || v === "") fail(`${where} must be an IANA time zone name`);
  try {
    new Intl.DateTimeFormat("en", { timeZone: v });
  } catch {
    fail(`${where} is not a time zone this runtime knows`);
  }
  return v;
}

function httpUrl(v, where) {
  let u;
  try {
    u = new URL(String(v));
  } catch {
    fail(`${where} is not a URL`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") fail(`${where} must be an http(s) URL`);
  return u.href;
}

function member(m, where) {
  if (typeof m !== "object" || m === null || Array.isArray(m)) fail(`${where} must be an object with "id" and "email"`);
  for (const k of Object.keys(m)) {
    if (!["id", "email", "weight", "daily_cap", "hours"].includes(k)) fail(`${where}.${k} is not a member setting (id, email, weight, daily_cap, hours)`);
  }
  if (typeof m.id !== "string" || !ID.test(m.id)) fail(`${where}.id must be 1-64 letters, digits or . _ @ : -`);
  if (typeof m.email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(m.email)) fail(`${where}.email must be an email address`);
  const hours = m.hours ?? null;
  if (hours !== null) {
    if (typeof hours !== "object" || Array.isArray(hours)) fail(`${where}.hours must be {"timezone", "hours", "holidays"}`);
    try {
      withinHours(hours, 0); // the package validates the shape (its LeadgateError names the problem)
    } catch (e) {
      fail(`${where}.hours: ${String(e?.message ?? e).slice(0, 200)}`);
    }
  }
  return {
    id: m.id,
    email: m.email,
    weight: m.weight === undefined ? 1 : intIn(m.weight, `${where}.weight`, 1, 1000),
    dailyCap: m.daily_cap === undefined || m.daily_cap === null ? null : intIn(m.daily_cap, `${where}.daily_cap`, 1, 100_000),
    hours,
  };
}

function escalation(e, where) {
  if (e === undefined || e === null) return { reassign: false, notify: null, respondWithinMs: 30 * 60_000, maxSteps: 3 };
  if (typeof e !== "object" || Array.isArray(e)) fail(`${where} must be an object`);
  for (const k of Object.keys(e)) {
    if (!["reassign", "notify", "respond_within_minutes", "max_steps"].includes(k)) fail(`${where}.${k} is not an escalation setting (reassign, notify, respond_within_minutes, max_steps)`);
  }
  if (e.reassign !== undefined && typeof e.reassign !== "boolean") fail(`${where}.reassign must be true or false`);
  return {
    reassign: e.reassign === true,
    notify: e.notify === undefined || e.notify === null ? null : httpUrl(e.notify, `${where}.notify`),
    respondWithinMs: 60_000 * (e.respond_within_minutes === undefined ? 30 : intIn(e.respond_within_minutes, `${where}.respond_within_minutes`, 1, 10_080)),
    maxSteps: e.max_steps === undefined ? 3 : intIn(e.max_steps, `${where}.max_steps`, 1, 20),
  };
}

/**
 * The TEAMS binding (parsed JSON, or null when unset) as a Map of team →
 * { name, timezone, fallback, members, escalation, totalWeight }. Throws an
 * Error naming the offending key (config.js makes it `misconfigured`).
 */
export function teamsConfig(raw) {
  const teams = new Map();
  if (raw === null || raw === undefined) return teams;
  if (typeof raw !== "object" || Array.isArray(raw)) fail('TEAMS must be a JSON object: {"<team>": {"fallback": "<owner>", "members": [...]}}');
  for (const [name, spec] of Object.entries(raw)) {
    const where = `TEAMS[${JSON.stringify(name)}]`;
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) fail(`${where} must be an object`);
    for (const k of Object.keys(spec)) {
      if (!["timezone", "fallback", "members", "escalation"].includes(k)) fail(`${where}.${k} is not a team setting (timezone, fallback, members, escalation)`);
    }
    if (typeof spec.fallback !== "string" || !ID.test(spec.fallback)) fail(`${where}.fallback is required: the owner (a member id or a queue name) when nobody is available`);
    if (!Array.isArray(spec.members) || spec.members.length === 0 || spec.members.length > 200) fail(`${where}.members must be a list of 1-200 members`);
    const members = spec.members.map((m, i) => member(m, `${where}.members[${i}]`));
    const seen = new Set();
    for (const m of members) {
      if (seen.has(m.id)) fail(`${where}.members: the id ${JSON.stringify(m.id)} appears twice`);
      seen.add(m.id);
    }
    teams.set(name, {
      name,
      timezone: spec.timezone === undefined ? "UTC" : zone(spec.timezone, `${where}.timezone`),
      fallback: spec.fallback,
      members,
      escalation: escalation(spec.escalation, `${where}.escalation`),
      totalWeight: members.reduce((s, m) => s + m.weight, 0),
    });
  }
  return teams;
}

/** An empty fairness record of a team: credits, cap counts per local day, away flags, held picks. */
function fresh() {
  return { current: {}, days: {}, away: {}, held: {}, seq: 0 };
}

/** Why `m` cannot take a lead now, or null when it can. */
function unavailable(team, rec, m, day, now, exclude) {
  if (exclude.includes(m.id)) return "excluded";
  if (rec.away[m.id]) return "away";
  if (m.dailyCap !== null && (rec.days[day]?.[m.id] ?? 0) >= m.dailyCap) return "at_cap";
  if (m.hours !== null && !withinHours(m.hours, now)) return "out_of_hours";
  return null;
}

/**
 * One assignment as a pure step on the team's record `rec` (mutated): smooth
 * weighted round-robin (nginx's). Every member's credit grows by its weight —
 * those skipped (away, at their cap, out of hours) too, which is the credit
 * they get back — the available member with the most credit gets the lead
 * (ties: the order in TEAMS) and gives back the sum of the available members'
 * weights, so among the available the credits sum to what they were and each
 * gets leads in proportion to its weight (within one lead). Credits are kept
 * within ±(the team's total weight), so an absence is made up by about one
 * round, not by a burst. Counts toward the member's daily cap in the team's
 * zone. Nobody available: the team's fallback, counters untouched.
 */
export function pick(team, rec, now, exclude = []) {
  const day = localDate(team.timezone, now);
  rec.days[day] ??= {};
  for (const d of Object.keys(rec.days).sort().slice(0, -DAYS_KEPT)) delete rec.days[d];
  const skipped = {};
  let best = null;
  for (const m of team.members) {
    const why = unavailable(team, rec, m, day, now, exclude);
    if (why !== null) skipped[m.id] = why;
    else if (best === null || (rec.current[m.id] ?? 0) > (rec.current[best.id] ?? 0)) best = m;
  }
  if (best === null) return { owner: team.fallback, email: null, fallback: true, day, skipped };
  const total = team.totalWeight;
  const credited = team.members.filter((m) => !exclude.includes(m.id));
  const given = credited.filter((m) => skipped[m.id] === undefined).reduce((s, m) => s + m.weight, 0);
  // Recomputed with the chosen member's credit first: the pick is the
  // highest credit after this round's weights are added.
  best = null;
  for (const m of credited) {
    rec.current[m.id] = Math.max(-total, Math.min(total, (rec.current[m.id] ?? 0) + m.weight));
    if (skipped[m.id] === undefined && (best === null || rec.current[m.id] > rec.current[best.id])) best = m;
  }
  rec.current[best.id] -= given;
  rec.days[day][best.id] = (rec.days[day][best.id] ?? 0) + 1;
  return { owner: best.id, email: best.email, fallback: false, day, skipped, given, credited: credited.map((m) => m.id) };
}

/** Undoes `pick` (a repeat or conflicting submission took no lead): the cap count and the credits. */
export function unpick(team, rec, p) {
  if (p.fallback) return;
  if (rec.days[p.day]?.[p.owner]) rec.days[p.day][p.owner] -= 1;
  for (const m of team.members) {
    if (p.credited.includes(m.id)) rec.current[m.id] = (rec.current[m.id] ?? 0) - m.weight;
  }
  rec.current[p.owner] = (rec.current[p.owner] ?? 0) + p.given;
}

/** Key of a team's fairness record in its Store (`storeFor(env, "team:<team>")`). */
export const TEAM_KEY = "rr";

/** How long a held pick waits for its submission's retry, and how many a team's record keeps. */
const HELD_MS = 86_400_000;
const HELD_MAX = 256;

/**
 * Drops held picks: those `settled` (their lead is stored with that pick:
 * [{ id, token }]), those older than a day, and the oldest past HELD_MAX.
 * Dropping one is always safe: a retry without its held pick just gets a new
 * one (one count too many on a cap: the safe side). Returns whether `rec` changed.
 */
function dropHeld(rec, settled, now) {
  let changed = false;
  for (const { id, token } of settled) {
    if (rec.held[id]?.token === token) {
      delete rec.held[id];
      changed = true;
    }
  }
  const ids = Object.keys(rec.held).sort((x, y) => rec.held[x].at - rec.held[y].at);
  ids.forEach((id, i) => {
    if (rec.held[id].at < now - HELD_MS || i < ids.length - HELD_MAX) {
      delete rec.held[id];
      changed = true;
    }
  });
  return changed;
}

/**
 * The operations on a team's record, by name, as pure steps: (the stored
 * record or undefined, the team, JSON arguments) → a Store update's
 * { value, result } (value undefined: unchanged). Pure and JSON in, JSON
 * out, so they run where the record lives: inside the team's Durable Object
 * (`teamOp` below), or in a compare-and-set update (Deno KV).
 */
export const TEAM_OPS = {
  assign(cur, team, { now, exclude = [], hold = null }) {
    const rec = cur ? structuredClone(cur) : fresh();
    rec.held ??= {};
    const dropped = hold ? dropHeld(rec, hold.settled, now) : false;
    const held = hold ? rec.held[hold.id] : undefined;
    if (held) return { value: dropped ? rec : undefined, result: { ...held, fallback: false, reused: true } };
    const p = pick(team, rec, now, exclude);
    if (p.fallback) return { value: dropped ? rec : undefined, result: p };
    if (hold) {
      rec.seq = (rec.seq ?? 0) + 1;
      p.token = rec.seq;
      rec.held[hold.id] = { owner: p.owner, email: p.email, day: p.day, given: p.given, credited: p.credited, token: p.token, at: now };
    }
    return { value: rec, result: p };
  },
  release(cur, team, { p, id = null }) {
    if (!cur) return {};
    const rec = structuredClone(cur);
    if (id !== null && p.token !== undefined) {
      if (rec.held?.[id]?.token !== p.token) return {}; // already given back (or dropped: counted, the safe side)
      delete rec.held[id];
    }
    unpick(team, rec, p);
    return { value: rec };
  },
  away(cur, team, { id, away }) {
    const rec = cur ? structuredClone(cur) : fresh();
    if (away) rec.away[id] = true;
    else delete rec.away[id];
    return { value: rec, result: true };
  },
};

/**
 * Runs TEAM_OPS[name] on the team's record, atomically. A Store that offers
 * `teamOp` (the Durable Object backend) runs it inside the team's object, one
 * event at a time, in one round trip and without compare-and-set retries;
 * otherwise it is a compare-and-set `update`. (On workerd, the isolate-local
 * promise chain that `serialized` puts in front of `update` must not carry
 * these: after about 520 leads of one team in one isolate, every POST /lead
 * hung ("code had hung", 500) — found by `scripts/bench-edge`'s owners row.
 * The likely mechanism: a promise one request settles resumes the next
 * request's pick in the first request's I/O context, so the picks pile up as
 * that request's subrequests (two per pick) until its limit of about 1,000.)
 */
function teamOp(store, team, name, args) {
  if (typeof store.teamOp === "function") return store.teamOp(team.name, name, args);
  return store.update(TEAM_KEY, (cur) => TEAM_OPS[name](cur, team, args));
}

/**
 * Assigns an owner for a lead of `team` at `now` through the team's Store
 * (atomic: concurrent leads never exceed a cap). `exclude` lists members
 * that may not take it (the owner who let the SLA lapse).
 *
 * With `hold: { id, settled }` (a submission of POST /lead) the pick is kept
 * in the record under the submission id, with a `token` the stored lead
 * keeps too, until its lead is known to be stored (`settled`, passed with a
 * later pick): the pick and the lead live in different objects, so a kill -9
 * between the two commits would otherwise leave a count and a credit with no
 * lead, and the kit's retry of the same id would be picked again — the
 * fairness counters would drift from the leads by every pick a crash cut off.
 * A retry finds its held pick and gets the same owner (`reused: true`), no
 * new count.
 */
export function assign(store, team, now, exclude = [], hold = null) {
  return teamOp(store, team, "assign", { now, exclude, hold });
}

/**
 * Gives back an assignment that did not take (see unpick): a repeat or a
 * conflict whose stored lead has another pick. Its held entry goes with it.
 */
export function release(store, team, p, id = null) {
  if (p.fallback) return Promise.resolve();
  return teamOp(store, team, "release", { p, id });
}

/** Sets or clears a member's away flag; resolves to false when the team has no such member. */
export function setAway(store, team, id, away) {
  if (!team.members.some((m) => m.id === id)) return Promise.resolve(false);
  return teamOp(store, team, "away", { id, away });
}

/** A team's state for the admin route: members (never emails' owners' secrets), away flags, today's counts, credits. */
export async function teamView(store, team, now) {
  const rec = (await store.get(TEAM_KEY)) ?? fresh();
  const day = localDate(team.timezone, now);
  return {
    team: team.name,
    timezone: team.timezone,
    day,
    fallback: team.fallback,
    members: team.members.map((m) => ({
      id: m.id,
      weight: m.weight,
      daily_cap: m.dailyCap,
      has_hours: m.hours !== null,
      away: Boolean(rec.away[m.id]),
      assigned_today: rec.days[day]?.[m.id] ?? 0,
      credit: rec.current[m.id] ?? 0,
      available: unavailable(team, rec, m, day, now, []) ?? "yes",
    })),
    held: Object.keys(rec.held ?? {}).length,
  };
}
