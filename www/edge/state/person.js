// A person's record: what the edge remembers about one person across their
// submissions (PERSONS=on, durable mode), so that a new submission by someone
// already known re-scores with the new answers, never drops below the stage
// the person already reached (the core's never-demote, fed `previousStage`),
// and keeps the person's owner.
//
// "The same person" is the same normalised email (`normalEmail`): the lead's
// `email` field, surrounding blanks trimmed, lower-cased, and accepted by the
// core as an email address (people.js asks the core). Nothing else is folded
// (no dots or +tags removed: merging two people is worse than missing a
// repeat). A lead without a usable email has no record: it is a stranger each
// time.
//
// The record lives in a Store of its own (`persons-<shard>`, 16 shards by the
// key's first hex digit), under `p:<key>`, where the key is a hash of the
// normalised email, so the address itself is never in a key (nor in the
// record). It expires with RETENTION (refreshed by each submission) and is
// deleted with the person's lead (DELETE /leads/{id}).
//
// rec = { v: 1, stage, owner: { id, team } | null, submissions, first_at, last_at, last_id }

/** Person Stores (`persons-0` … `persons-15`). */
const SHARDS = 16;

/** The normalised address, or null when the value is not text that can be one. */
export function normalEmail(value) {
  if (typeof value !== "string") return null;
  const e = value.trim().toLowerCase();
  if (e.length < 3 || e.length > 254 || !e.includes("@")) return null;
  return e;
}

/** Hex SHA-256 of `text`, the first `hex` digits. */
export async function hashHex(text, hex = 64) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("").slice(0, hex);
}

/** The person's key (128 bits of SHA-256 over a prefix and the normalised email). */
export function personKey(email) {
  return hashHex(`leadgate-person\u0000${email}`, 32);
}

/** The person's Store and key; `storeOf(namespace)` is state/routes.js `storeFor` bound to env. */
export function personStore(storeOf, key) {
  const store = storeOf(`persons-${parseInt(key.slice(0, 1), 16) % SHARDS}`);
  if (!store) throw new Error("PERSONS is on but the storage binding is gone");
  return store;
}

/** Whether `id` is a member of `team` now (an owner is kept only while so). */
export function isMember(config, team, id) {
  const t = team === null ? undefined : config.teams.get(team);
  return Boolean(t && typeof id === "string" && t.members.some((m) => m.id === id));
}

/** The person's owner when it is a member of `team`, else null. */
export function personOwner(config, rec, team) {
  const id = rec?.owner?.id;
  return isMember(config, team, id) ? id : null;
}

/**
 * Takes `picked` (a member id just picked by round-robin) as the person's
 * owner unless another submission of the person already set an owner who is
 * a member of `team` (two submissions at once: one owner). Resolves to
 * { owner, ours }: the owner the lead gets, and whether it is the pick.
 */
export function claimPersonOwner(store, key, config, team, picked, now, retentionMs) {
  return store.update(`p:${key}`, (cur) => {
    const have = personOwner(config, cur, team);
    if (have !== null) return { result: { owner: have, ours: false } };
    if (!isMember(config, team, picked)) return { result: { owner: picked, ours: true } }; // a fallback queue is not kept
    const rec = cur ? structuredClone(cur) : fresh(now);
    rec.owner = { id: picked, team };
    return { value: rec, expiresAt: now + retentionMs, result: { owner: picked, ours: true } };
  });
}

function fresh(now) {
  return { v: 1, stage: null, owner: null, submissions: 0, first_at: new Date(now).toISOString(), last_at: null, last_id: null };
}

/**
 * Records a stored submission: its stage (`scoredFrom` is the previous stage
 * it was scored with; when the record still says that, the core's stage is
 * taken as is — it is below it only when a disqualifier capped it; when a
 * concurrent submission changed it meanwhile, the higher of the two is kept),
 * its owner when a member, the count. `rank(stage)`: 0 is the highest.
 */
export function recordPerson(store, key, { id, stage, scoredFrom, owner, team, now, retentionMs, rank, config }) {
  return store.update(`p:${key}`, (cur) => {
    const rec = cur ? structuredClone(cur) : fresh(now);
    if (rec.stage === null || (rec.stage ?? null) === (scoredFrom ?? null) || rank(stage) < rank(rec.stage)) rec.stage = stage;
    if (isMember(config, team, owner)) rec.owner = { id: owner, team };
    rec.submissions += 1;
    rec.last_at = new Date(now).toISOString();
    rec.last_id = id;
    return { value: rec, expiresAt: now + retentionMs };
  });
}
