// From a CRM's "contacted" event to the leads whose SLA clocks it stops, and
// the counts of what the callbacks did. The rule (docs/connectors.md,
// "Contacted: stopping the SLA clock"):
//
//   1. the event names a submission id (the field leadgate's outbound
//      connector wrote in the CRM) → that lead;
//   2. else the person's e-mail → every lead of that e-mail with an SLA clock
//      still open (at most MAX_PER_EMAIL, the newest first), through the
//      contact index below;
//   3. else, or when nothing matches: ignored, with a counted reason.
//
// The contact index: one small key per lead with a clock, written when the
// lead is stored (worker.js) and removed on erasure (state/routes.js), kept
// no longer than the lead. It holds a hash of the e-mail, never the e-mail:
// 16 Stores (`contacts:<0-f>`, picked by the hash), key `<hash>:<id>`.

/** Leads of one e-mail a callback may stop at once (the newest by hand-off). */
export const MAX_PER_EMAIL = 20;

/** The e-mail as the index keys it: trimmed, lower-cased, SHA-256, 32 hex digits. */
export async function emailKey(email) {
  const norm = String(email).trim().toLowerCase();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(norm)));
  return Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

// `backend`: the durable backend (state/routes.js stateFor); its `store(ns)` is storeFor's Store.
function indexStore(backend, hash) {
  return backend.store(`contacts:${hash[0]}`);
}

/** Indexes a stored lead with a clock under its e-mail (idempotent), kept until `expiresAt`. */
export async function indexLead(backend, email, id, startedAt, expiresAt) {
  if (typeof email !== "string" || !email.includes("@")) return;
  const hash = await emailKey(email);
  await indexStore(backend, hash).put(`${hash}:${id}`, { start: startedAt }, { expiresAt });
}

/** Removes an erased lead from the index. */
export async function unindexLead(backend, email, id) {
  if (typeof email !== "string" || !email.includes("@")) return;
  const hash = await emailKey(email);
  await indexStore(backend, hash).delete(`${hash}:${id}`);
}

/** The submission ids indexed under `email`, newest hand-off first, at most MAX_PER_EMAIL. */
export async function leadsOf(backend, email) {
  const hash = await emailKey(email);
  const store = indexStore(backend, hash);
  // ";" sorts right after ":", so [hash:, hash;) is exactly this e-mail's keys.
  const rows = await store.list({ start: `${hash}:`, end: `${hash};`, limit: 1000 });
  return rows
    .map(([key, v]) => ({ id: key.slice(hash.length + 1), start: Number(v?.start) || 0 }))
    .sort((a, b) => b.start - a.start)
    .slice(0, MAX_PER_EMAIL)
    .map((r) => r.id);
}

/**
 * Applies one contact event to its leads. `event` = { id?, email?, at?
 * (ms, the CRM's time of the contact), orNow (the event's time may be an
 * older contact: when it is before a lead's hand-off, the callback's own
 * receipt counts), ref? }. Resolves to { leads: [{ submission_id, result }],
 * reason } where reason is why nothing was stopped (null when something was).
 */
export async function applyContact(backend, source, event, now) {
  // Never in the future: a CRM clock ahead of ours counts as now.
  const at = Number.isFinite(event.at) ? Math.min(event.at, now) : now;
  let ids;
  if (event.id) ids = [event.id];
  else if (event.email) ids = await leadsOf(backend, event.email);
  else return { leads: [], reason: "no_lead_reference" };
  if (ids.length === 0) return { leads: [], reason: "unknown_lead" };
  const meta = { source, ...(event.ref ? { ref: String(event.ref).slice(0, 80) } : {}) };
  const leads = [];
  for (const id of ids) {
    let result = await backend.contacted(id, at, undefined, meta);
    // Never before the lead: an older contact (a property still holding an
    // earlier call) is not a contact about this lead, unless the event
    // itself is the news (a status just changed), then it counts now.
    if (result === "before_start" && event.orNow && at < now) result = await backend.contacted(id, now, undefined, meta);
    leads.push({ submission_id: id, result });
  }
  const stopped = leads.some((l) => l.result === "contacted" || l.result === "already");
  const reason = stopped ? null : leads.every((l) => l.result === "not_found") ? "unknown_lead"
    : leads.some((l) => l.result === "before_start") ? "before_handoff" : "no_sla_clock";
  return { leads, reason };
}

/**
 * Counts one callback's outcome per CRM in the `contacted` Store (`GET
 * /sla/contacted` lists them): `contacted`, `already` (a retry, or a later
 * contact), and `ignored` by reason. Best effort: a failed count is logged,
 * never a failed callback.
 */
export async function count(backend, source, outcome, reason, now) {
  const store = backend.store("contacted");
  try {
    await store.update(source, (cur) => {
      const c = cur ?? { contacted: 0, already: 0, ignored: {}, last_at: null };
      if (outcome === "ignored") c.ignored[reason] = (c.ignored[reason] ?? 0) + 1;
      else c[outcome] += 1;
      c.last_at = new Date(now).toISOString();
      return { value: c };
    });
  } catch (e) {
    console.error(JSON.stringify({ level: "warn", event: "contacted_count_failed", source, message: String(e?.message ?? e) }));
  }
}

/** The counts of every CRM. */
export async function counts(backend, sources) {
  const store = backend.store("contacted");
  const out = {};
  for (const s of sources) out[s] = (await store.get(s)) ?? { contacted: 0, already: 0, ignored: {}, last_at: null };
  return out;
}
