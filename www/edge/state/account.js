// Account roll-up (ABM; ACCOUNTS, durable mode): leads whose email domain is
// corporate — the core's `email_is: corporate`, asked by people.js, so free
// and disposable providers (the core's lists plus the model's
// `free_email_domains` / `disposable_email_domains`) never form an account —
// build up one record per domain. Its facts are put on the lead as the
// nested object `account` before scoring, so a model can have rules on them
// (docs/model.md "Accounts"); once the account crosses ACCOUNTS' threshold,
// its leads go to one owner per team.
//
// The record lives in a Store of its own (`accounts-<shard>`, 16 shards by a
// hash of the domain), key `a:<domain>`; it expires with RETENTION (refreshed
// by each lead):
//
// rec = { v: 1, domain, persons: { <person key, 16 hex>: { s: best score, g: best grade } },
//         crossed_at, owners: { <team>: member id }, first_at, last_at, expires_at (ms) }
//
// Persons are the person keys of person.js (a hash, never the address), at
// most MAX_PERSONS per account (past that, new persons are not counted:
// `full` in the facts). Every update merges a person by maximum, so a repeat
// of a submission changes nothing.
import { hashHex } from "./person.js";

const SHARDS = 16;
/** Persons kept (and counted) per account: bounds the record (~40 bytes each). */
export const MAX_PERSONS = 500;

/** The account's Store. */
export async function accountStore(storeOf, domain) {
  const shard = parseInt((await hashHex(domain, 2)), 16) % SHARDS;
  const store = storeOf(`accounts-${shard}`);
  if (!store) throw new Error("ACCOUNTS is on but the storage binding is gone");
  return store;
}

/**
 * The facts a model reads as `account.*`, from the record with `person`
 * counted (the submitting person is one of the account's leads):
 * { domain, leads, best_score, score, best_grade, crossed }. Scores and
 * grades are those of the account's persons before this submission (its own
 * score is what is being computed); `score` sums each person's best score.
 */
export function accountFacts(rec, domain, person, gradeRank) {
  const persons = { ...(rec?.persons ?? {}) };
  const full = !(person in persons) && Object.keys(persons).length >= MAX_PERSONS;
  if (!full) persons[person] ??= null;
  let best = null;
  let sum = 0;
  let grade = null;
  for (const p of Object.values(persons)) {
    if (!p) continue;
    sum += p.s;
    if (best === null || p.s > best) best = p.s;
    if (p.g !== null && (grade === null || gradeRank(p.g) < gradeRank(grade))) grade = p.g;
  }
  return {
    domain, leads: Object.keys(persons).length, best_score: best, score: sum, best_grade: grade,
    crossed: Boolean(rec?.crossed_at), ...(full ? { full: true } : {}),
  };
}

/** Whether `facts` meet the threshold ({ minLeads, minScore }: every one given must hold). */
export function crosses(threshold, facts) {
  if (!threshold || (threshold.minLeads === null && threshold.minScore === null)) return false;
  return (threshold.minLeads === null || facts.leads >= threshold.minLeads)
    && (threshold.minScore === null || facts.score >= threshold.minScore);
}

/**
 * Merges the scored person into the account (atomic) and says whether the
 * account has crossed its threshold, whether this update made it cross (one
 * update wins: one crossing), and its owner for `team` (null when it has none
 * yet). Resolves to { crossed, justCrossed, owner, facts }.
 */
export function mergePerson(store, domain, { person, score, grade, now, retentionMs, threshold, gradeRank, team }) {
  return store.update(`a:${domain}`, (cur) => {
    const rec = cur ? structuredClone(cur) : { v: 1, domain, persons: {}, crossed_at: null, owners: {}, first_at: new Date(now).toISOString(), last_at: null };
    const had = rec.persons[person];
    if (had || Object.keys(rec.persons).length < MAX_PERSONS) {
      const g = had?.g != null && (grade === null || gradeRank(had.g) <= gradeRank(grade)) ? had.g : grade;
      rec.persons[person] = { s: Math.max(had?.s ?? -Infinity, score), g };
    }
    rec.last_at = new Date(now).toISOString();
    rec.expires_at = now + retentionMs;
    const facts = accountFacts(rec, domain, person, gradeRank);
    let justCrossed = false;
    if (!rec.crossed_at && crosses(threshold, facts)) {
      rec.crossed_at = rec.last_at;
      justCrossed = true;
    }
    const owner = team === null ? null : rec.owners[team] ?? null;
    return { value: rec, expiresAt: rec.expires_at, result: { crossed: Boolean(rec.crossed_at), justCrossed, owner, facts: { ...facts, crossed: Boolean(rec.crossed_at) } } };
  });
}

/**
 * Sets the account's owner for `team` to `owner` unless it has one that is
 * not `stale` (null: claim only when none). The account's first owned lead
 * in a team names its owner; two leads at once: one wins. `stale` is a kept
 * owner found to be no longer a member. Resolves to { owner, ours }: the
 * account's owner for the team, and whether it is the one given.
 */
export function claimAccountOwner(store, domain, team, owner, stale, now, retentionMs) {
  return store.update(`a:${domain}`, (cur) => {
    if (!cur) return { result: { owner, ours: true } };
    const have = cur.owners?.[team] ?? null;
    if (have !== null && have !== stale) return { result: { owner: have, ours: false } };
    const rec = structuredClone(cur);
    rec.owners = { ...(rec.owners ?? {}), [team]: owner };
    rec.expires_at = now + retentionMs;
    return { value: rec, expiresAt: rec.expires_at, result: { owner, ours: true } };
  });
}

/** Erasure: takes the person out of the account (its facts no longer count them). */
export function removePerson(store, domain, person) {
  return store.update(`a:${domain}`, (cur) => {
    if (!cur?.persons?.[person]) return {};
    const rec = structuredClone(cur);
    delete rec.persons[person];
    return { value: rec, expiresAt: rec.expires_at, result: true };
  });
}
