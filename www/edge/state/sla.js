// The SLA clock of a stored lead, written against the Store like the queue
// (queue.js keeps the record; this file owns its `sla` part). The deadline is
// the core's `respond_by` (business hours are counted by the core, never
// here). The lead's one wake (a Durable Object alarm, a KV queue message) is
// the earlier of its next delivery attempt and its SLA deadline (`nextWake`).
//
// rec.sla = { team, owner, owner_email, fallback, stage, started_at, respond_by (ms),
//             due (ms: the next SLA check, null once contacted or escalations are done),
//             contacted_at (ms|null), contacted_by, breached_at, steps, lease }
//
// At `due` without a contact: breach (first time), then the team's escalation:
// reassign to the next available member (teams.js `assign`, the late owner
// excluded) and/or notify the manager webhook (signed like WEBHOOKS), each an
// event in the timeline; the clock is re-armed for the (new) owner
// `respond_within_minutes` later — in that member's working hours when they
// have hours (the package's addBusinessTime), else on the wall clock — up to
// `max_steps` times.
// The SLA index (one key per lead in its team's Store, sla-report.js) is
// written after each change of the clock; /sla/report lists it.
import { assign } from "./teams.js";
import { deadlineAfter } from "./hours.js";
import { indexEntry } from "./sla-report.js";

export { indexEntry };

/** How long a claimed escalation step holds the clock before a retry (a crash mid-step). */
const STEP_LEASE_MS = 30_000;

/** The lead's next wake: its queued delivery or its open SLA clock, whichever is first (undefined: none). */
export function nextWake(rec) {
  const a = rec?.delivery?.state === "queued" && rec.delivery.due != null ? rec.delivery.due : Infinity;
  const s = rec?.sla;
  const b = s && s.contacted_at == null && s.due != null ? s.due : Infinity;
  const m = Math.min(a, b);
  return Number.isFinite(m) ? m : undefined;
}

/** The SLA part of a new record, from the submission's `sla` ({ team, owner, owner_email, fallback, stage, started_at, respond_by } in ms). */
export function newClock(sla) {
  return { ...sla, due: sla.respond_by, contacted_at: null, contacted_by: null, breached_at: null, steps: 0, lease: null };
}

/** The UTC day of a hand-off: the index record it lives in. */
export const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The index key of a lead: its hand-off day first, so a report lists a range of days. */
export const indexKey = (start, id) => `i:${dayOf(start)}:${id}`;

/**
 * Writes the lead's index entry (idempotent: replaced) in its team's SLA
 * Store, one small key per lead (no shared record to rewrite), kept as long
 * as the lead.
 */
export function indexPut(store, id, entry, expiresAt) {
  return store.put(indexKey(entry.start, id), entry, { expiresAt });
}

/** Removes an erased lead from the index. */
export function indexRemove(store, id, start) {
  return store.delete(indexKey(start, id));
}

function event(ctx, rec, at, type, detail) {
  ctx.event(rec, at, type, detail);
}

/**
 * Stops the clock: the first contact (the earliest reported) at `at` (ms) by
 * `by` (optional), reported by `meta.source` (`api`, or the CRM whose
 * callback it was: www/edge/contacted/) with the CRM's own reference
 * `meta.ref` (both go in the timeline event). Resolves to { result:
 * "contacted" | "already" | "not_found" | "no_clock" | "before_start",
 * entry, expiresAt }.
 */
export function contact(ctx, key, at, by, meta = {}) {
  return ctx.store.update(key, (rec) => {
    if (!rec) return { result: { result: "not_found" } };
    const s = rec.sla;
    if (!s) return { result: { result: "no_clock" } };
    if (at < s.started_at) return { result: { result: "before_start" } };
    if (s.contacted_at != null && s.contacted_at <= at) return { result: { result: "already", entry: indexEntry(rec), expiresAt: rec.expires_at } };
    s.contacted_at = at;
    s.contacted_by = by ?? null;
    s.contacted_source = meta.source ?? null;
    s.lease = null;
    event(ctx, rec, ctx.now(), "contacted", {
      at: new Date(at).toISOString(), ...(by ? { by } : {}), met: at <= s.respond_by,
      ...(meta.source ? { source: meta.source } : {}), ...(meta.ref ? { ref: meta.ref } : {}),
    });
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: { result: "contacted", entry: indexEntry(rec), expiresAt: rec.expires_at } };
  });
}

/**
 * The first half of an SLA wake: when the clock is due and nobody made
 * contact, takes a lease on the escalation step (committed with its own wake,
 * so a crash is retried) and says what to do; null when nothing is due.
 */
export function claimStep(ctx, key) {
  return ctx.store.update(key, (rec) => {
    const s = rec?.sla;
    const now = ctx.now();
    if (!s || s.contacted_at != null || s.due == null || s.due > now) return { result: null };
    s.lease = crypto.randomUUID();
    s.due = now + STEP_LEASE_MS;
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: { lease: s.lease, step: s.steps + 1, team: s.team, owner: s.owner, id: rec.id, stage: s.stage, respond_by: s.respond_by, started_at: s.started_at } };
  });
}

/**
 * The second half: the escalation itself (outside any update: it calls the
 * team's Store and the manager's webhook), then its events recorded and the
 * clock re-armed or stopped. Resolves to { result, entry, expiresAt }.
 */
export async function finishStep(ctx, key, claimed) {
  const now = ctx.now();
  const team = ctx.teams.get(claimed.team) ?? null;
  const esc = team?.escalation ?? null;
  let reassigned = null;
  if (esc?.reassign && ctx.teamStore) {
    const p = await assign(ctx.teamStore(team.name), team, now, [claimed.owner]);
    if (!p.fallback || p.owner !== claimed.owner) reassigned = p;
  }
  const owner = reassigned?.owner ?? claimed.owner;
  let notified = null;
  if (esc?.notify) {
    const payload = {
      type: "sla.breached", submission_id: claimed.id, team: claimed.team, stage: claimed.stage, step: claimed.step,
      started_at: new Date(claimed.started_at).toISOString(), respond_by: new Date(claimed.respond_by).toISOString(),
      breached_at: new Date(now).toISOString(), previous_owner: claimed.owner, owner,
    };
    notified = await ctx.notify(esc.notify, `${claimed.id}:sla:${claimed.step}`, payload);
  }
  return ctx.store.update(key, (rec) => {
    const s = rec?.sla;
    if (!s || s.lease !== claimed.lease) return { result: { result: "superseded" } }; // contacted or erased meanwhile
    s.lease = null;
    if (s.steps === 0) {
      s.breached_at = now;
      event(ctx, rec, now, "sla_breached", { owner: s.owner, respond_by: new Date(s.respond_by).toISOString() });
    }
    s.steps += 1;
    if (reassigned) {
      event(ctx, rec, now, "reassigned", { from: s.owner, to: reassigned.owner, step: s.steps, ...(reassigned.fallback ? { fallback: true } : {}) });
      s.owner = reassigned.owner;
      s.owner_email = reassigned.email;
      s.fallback = reassigned.fallback;
    } else if (esc?.reassign) {
      event(ctx, rec, now, "reassign_skipped", { step: s.steps, reason: "nobody else available" });
    }
    if (notified !== null) {
      event(ctx, rec, now, notified === "ok" ? "manager_notified" : "manager_notify_failed", { step: s.steps, ...(notified === "ok" ? {} : { reason: notified }) });
    }
    const more = esc !== null && (esc.reassign || esc.notify) && s.steps < esc.maxSteps;
    const hours = team?.members.find((m) => m.id === s.owner)?.hours ?? null;
    s.due = more ? deadlineAfter(hours, now, esc.respondWithinMs) : null;
    if (more) event(ctx, rec, now, "sla_rearmed", { owner: s.owner, due: new Date(s.due).toISOString() });
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: { result: "escalated", entry: indexEntry(rec), expiresAt: rec.expires_at } };
  });
}

/** The `sla` part of `GET /leads/{id}`. */
export function slaView(s) {
  if (!s) return null;
  const iso = (ms) => (ms == null ? null : new Date(ms).toISOString());
  return {
    team: s.team, owner: s.owner, fallback: Boolean(s.fallback), stage: s.stage,
    started_at: iso(s.started_at), respond_by: iso(s.respond_by), contacted_at: iso(s.contacted_at),
    contacted_by: s.contacted_by ?? null, contacted_source: s.contacted_source ?? null, breached_at: iso(s.breached_at), escalations: s.steps,
    next_check_at: s.contacted_at == null ? iso(s.due) : null,
    state: s.contacted_at != null ? (s.contacted_at <= s.respond_by ? "met" : "late") : s.breached_at != null ? "breached" : "open",
  };
}
