// The durable delivery queue, written once against the storage interface
// (store.js) and run by both engines: a Durable Object per submission
// (durable-object.js) and Deno KV (deno-kv.js). One record per submission id
// under the key "lead" of that submission's store: the lead's hash, the answer
// the visitor got, the delivery (state, attempts, next due time) and the
// lead's timeline. Time comes from `ctx.now()`; randomness only jitters backoff.
//
// ctx = { id, store, index, attempt(payload, team) → null | reason, settings, now(), webhookTimeoutMs,
//         teams, teamStore(team), notify(url, key, payload) → "ok" | reason, slaIndex(id, entry, expiresAt) }
// where `index` is the dead-letter list: add(id, entry), remove(id); the
// rest serves the SLA clock (sla.js).
import { backoffMs } from "./settings.js";
import { nextWake, newClock, claimStep, finishStep, slaView, indexEntry, contact } from "./sla.js";

export const LEAD_KEY = "lead";
/** Events kept per lead (the oldest are dropped and counted past this). */
export const MAX_EVENTS = 100;

export function event(rec, at, type, detail = {}) {
  rec.events.push({ at: new Date(at).toISOString(), type, ...detail });
  if (rec.events.length > MAX_EVENTS) {
    rec.events.splice(1, rec.events.length - MAX_EVENTS); // keep "received", the first
    rec.events_dropped = (rec.events_dropped ?? 0) + 1;
  }
}

/** How long a claimed attempt holds the lead before another wake may retry it (a crash mid-delivery). */
function leaseMs(ctx) {
  return 2 * (ctx.webhookTimeoutMs ?? 5_000) + 2_000;
}

/**
 * Persists a submission (the acknowledgement point). Resolves to
 * `{ kind: "new" }`, `{ kind: "repeat", answer }` (same id, same lead hash: the
 * first answer again) or `{ kind: "conflict" }` (same id, another lead).
 * `submission` = { id, hash, answer, stage, team, payload, deliver (whether
 * the stage is handed to sales), notes (people.js: timeline events) }.
 */
export function submit(ctx, submission) {
  const now = ctx.now();
  return ctx.store.update(LEAD_KEY, (cur) => {
    if (cur) {
      const same = cur.hash === submission.hash;
      event(cur, now, same ? "repeat" : "conflict");
      // The pending wake goes with every write: a Durable Object has one
      // alarm, and a write without a wake sets it to the retention's end.
      return { value: cur, expiresAt: cur.expires_at, wake: nextWake(cur), result: same ? { kind: "repeat", answer: cur.answer, stage: cur.stage, owner: cur.sla?.owner ?? null, pick: cur.pick ?? null } : { kind: "conflict", pick: cur.pick ?? null } };
    }
    const rec = {
      v: 1,
      id: submission.id,
      hash: submission.hash,
      received_at: new Date(now).toISOString(),
      expires_at: now + ctx.settings.retentionMs,
      stage: submission.stage,
      answer: submission.answer,
      delivery: null,
      payload: submission.payload,
      events: [],
      model: submission.model ?? null, // issue 16, published models: { hash, published } that scored it
    };
    if (submission.pick != null) rec.pick = submission.pick; // the owner's pick (teams.js token): a retry's held pick is this lead's
    event(rec, now, "received", { stage: submission.stage });
    if (submission.deliver) {
      rec.delivery = { team: submission.team, state: "queued", attempts: 0, due: now, queued_at: now, lease: null, last_error: null };
      event(rec, now, "queued", { team: submission.team });
    }
    if (submission.sla) {
      rec.sla = newClock(submission.sla);
      // The clock itself shows in the lead's `sla`; an owner (TEAMS) is an event.
      if (rec.sla.owner !== null) event(rec, now, "assigned", { owner: rec.sla.owner, ...(rec.sla.fallback ? { fallback: true } : {}) });
    }
    // What people.js found (a repeat by the person, a kept owner, an account crossing).
    for (const { type, ...detail } of (submission.notes ?? []).slice(0, 8)) event(rec, now, type, detail);
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: { kind: "new", answer: rec.answer, stage: rec.stage, sla: rec.sla ? { entry: indexEntry(rec), expiresAt: rec.expires_at } : null } };
  });
}

/**
 * `submit`, then the new lead's SLA index entry (sla.js). An index write that
 * fails is logged, not fatal: the lead is stored and acknowledged, and its
 * clock's wake at `respond_by` writes the entry again.
 */
export async function submitIndexed(ctx, submission) {
  const out = await submit(ctx, submission);
  if (out.kind === "new" && out.sla && ctx.slaIndex) {
    try {
      await ctx.slaIndex(ctx.id, out.sla.entry, out.sla.expiresAt);
    } catch (e) {
      console.error(JSON.stringify({ level: "warn", event: "sla_index_failed", submission_id: ctx.id, message: String(e?.message ?? e) }));
    }
  }
  return out;
}

/**
 * Runs the delivery when it is due: claims it (a lease, so a crash mid-attempt
 * is retried once the lease runs out, and a second wake does nothing), makes
 * one attempt, and records the result: delivered, retry at a backoff, or dead
 * letter after `maxAttempts` attempts or `deadAfterMs` since it was queued.
 * A wake that finds nothing due does nothing (and re-arms the next one).
 * Resolves to what happened, for logs and tests.
 */
export async function wake(ctx) {
  const claimed = await claim(ctx);
  const delivery = claimed ? await finish(ctx, claimed) : "idle";
  const sla = await slaWake(ctx);
  return sla === "idle" ? delivery : `${delivery}, sla ${sla}`;
}

/**
 * The SLA half of a wake: escalates a lapsed clock (sla.js) and refreshes
 * the lead's SLA index entry; "idle" when the clock is not due.
 */
export async function slaWake(ctx) {
  const step = await claimStep(slaCtx(ctx), LEAD_KEY);
  if (!step) return "idle";
  const out = await finishStep(slaCtx(ctx), LEAD_KEY, step);
  if (out.entry && ctx.slaIndex) await ctx.slaIndex(ctx.id, out.entry, out.expiresAt);
  return out.result;
}

/** Stops the lead's SLA clock (POST /sla/{id}/contacted) and refreshes its index entry. */
export async function contacted(ctx, at, by, meta) {
  const out = await contact(slaCtx(ctx), LEAD_KEY, at, by, meta);
  if (out.entry && out.result === "contacted" && ctx.slaIndex) await ctx.slaIndex(ctx.id, out.entry, out.expiresAt);
  return out.result;
}

function slaCtx(ctx) {
  return { ...ctx, event };
}

/**
 * The first half of `wake`: takes the lease on a due delivery (committed with
 * the lease's own wake, so a crash after it is retried), or null when nothing
 * is due. A scheduler that must not wait for the webhook (the Deno KV
 * listener) awaits this and runs `finish` in the background.
 */
export function claim(ctx) {
  return ctx.store.update(LEAD_KEY, (rec) => {
    const d = rec?.delivery;
    if (!d || d.state !== "queued") return { result: null };
    const now = ctx.now();
    if (d.due > now) return { result: null }; // early (another part's wake): the record's wake stands
    d.lease = crypto.randomUUID();
    d.due = now + leaseMs(ctx);
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: { lease: d.lease, attempt: d.attempts + 1, payload: rec.payload, team: d.team, id: rec.id, queuedAt: d.queued_at, expiresAt: rec.expires_at } };
  });
}

/** The second half of `wake`: one attempt for a claimed delivery, and its result recorded. */
export async function finish(ctx, claimed) {
  const reason = await ctx.attempt(claimed.payload, claimed.team);
  const now = ctx.now();
  const n = claimed.attempt;
  let dead = reason !== null && (n >= ctx.settings.maxAttempts || now - claimed.queuedAt >= ctx.settings.deadAfterMs);
  let indexed = true;
  if (dead) {
    // The dead-letter list first, the lead's state second: a crash between
    // them leaves a listed lead that is still retrying, never a dead one
    // nobody can find.
    try {
      await ctx.index.add(claimed.id, {
        submission_id: claimed.id, team: claimed.team, attempts: n, last_error: reason,
        dead_at: new Date(now).toISOString(), expires_at: new Date(claimed.expiresAt).toISOString(),
      });
    } catch (e) {
      indexed = false;
      console.error(JSON.stringify({ level: "warn", event: "dead_letter_index_failed", submission_id: claimed.id, message: String(e?.message ?? e) }));
    }
  }
  const result = await ctx.store.update(LEAD_KEY, (rec) => {
    const d = rec?.delivery;
    if (!d || d.lease !== claimed.lease) return { result: "superseded" }; // erased or replayed meanwhile
    d.lease = null;
    d.attempts = n;
    if (reason === null) {
      d.state = "delivered";
      d.due = null;
      d.delivered_at = new Date(now).toISOString();
      event(rec, now, "delivered", { attempt: n });
      return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: "delivered" };
    }
    d.last_error = reason;
    if (dead && indexed) {
      d.state = "dead";
      d.due = null;
      event(rec, now, "dead_letter", { attempt: n, reason });
      return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: "dead" };
    }
    d.due = now + (dead ? 5_000 : backoffMs(ctx.settings, n));
    event(rec, now, "attempt_failed", { attempt: n, reason, next_at: new Date(d.due).toISOString() });
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: "retry" };
  });
  if (result === "dead" && ctx.settings.deadLetterWebhook && ctx.notify) await alertDead(ctx, claimed, n, reason, now);
  return result;
}

/**
 * The dead-letter alert (DEAD_LETTER_WEBHOOK, signed like a delivery): one
 * attempt, after the lead is marked, its result in the timeline. At most
 * once — the dead-letter list stays the record of what needs replaying.
 */
async function alertDead(ctx, claimed, attempts, reason, now) {
  const payload = {
    type: "lead.dead_letter", submission_id: claimed.id, team: claimed.team, attempts, last_error: reason,
    dead_at: new Date(now).toISOString(), expires_at: new Date(claimed.expiresAt).toISOString(),
  };
  const sent = await ctx.notify(ctx.settings.deadLetterWebhook, `${claimed.id}:dead_letter:${now}`, payload);
  await ctx.store.update(LEAD_KEY, (rec) => {
    if (!rec) return {};
    event(rec, ctx.now(), sent === "ok" ? "dead_letter_alerted" : "dead_letter_alert_failed", sent === "ok" ? {} : { reason: sent });
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec) };
  });
}

/**
 * Puts a dead letter back in the queue: attempts and the dead-letter clock
 * start again, the first attempt is due now. Resolves to "replayed",
 * "not_found" or "not_dead" (only dead letters are replayed).
 */
export async function replay(ctx) {
  const now = ctx.now();
  const out = await ctx.store.update(LEAD_KEY, (rec) => {
    if (!rec) return { result: "not_found" };
    const d = rec.delivery;
    if (!d || d.state !== "dead") return { result: "not_dead" };
    Object.assign(d, { state: "queued", attempts: 0, due: now, queued_at: now, lease: null });
    event(rec, now, "replayed");
    return { value: rec, expiresAt: rec.expires_at, wake: nextWake(rec), result: "replayed" };
  });
  if (out === "replayed") await ctx.index.remove(ctx.id);
  return out;
}

/** The lead as `GET /leads/{id}` shows it: state and timeline, the lead and outcome; never configuration. */
export function view(rec) {
  if (!rec) return null;
  const d = rec.delivery;
  return {
    submission_id: rec.id,
    received_at: rec.received_at,
    expires_at: new Date(rec.expires_at).toISOString(),
    stage: rec.stage,
    answer: rec.answer,
    delivery: d && {
      team: d.team,
      state: d.state,
      attempts: d.attempts,
      next_attempt_at: d.state === "queued" && d.due !== null ? new Date(d.due).toISOString() : null,
      last_error: d.last_error,
      delivered_at: d.delivered_at ?? null,
    },
    lead: rec.payload?.lead ?? null,
    outcome: rec.payload?.outcome ?? null,
    owner: rec.payload?.owner ?? null,
    model: rec.model ?? null, // issue 16, published models: { hash, published } — which version scored it
    sla: slaView(rec.sla),
    events: rec.events,
    events_dropped: rec.events_dropped ?? 0,
  };
}
