// What POST /lead does with persons (person.js, PERSONS=on) and accounts
// (account.js, ACCOUNTS) in durable mode, in the order worker.js calls it:
//
//   peopleConfig   the bindings checked; the core's email probe built
//   beforeScoring  the person's and the account's records read (in parallel);
//                  the previous stage and the `account` facts the scorer gets
//   afterScoring   never demote (said in the outcome), push only a higher
//                  stage; the scored person merged into the account
//   ownerFor       the account's owner (crossed), else the person's, else a
//                  round-robin pick claimed atomically on both records
//   afterStored    the person's stage and owner recorded (new submissions only)
//   erasePeople    DELETE /leads/{id}: the person's record, and the person in
//                  their account
//
// It may call person.js, account.js, lead-owner.js (round-robin) and the
// package `leadgate` (the email probe: whether an address is one, and
// corporate, is the core's decision — its free and disposable lists and the
// model's own — never a JS copy).
import { Scorer } from "leadgate";
import { normalEmail, personKey, personStore, personOwner, isMember, claimPersonOwner, recordPerson } from "./person.js";
import { accountStore, accountFacts, mergePerson, claimAccountOwner, removePerson } from "./account.js";
import { assignOwner } from "./lead-owner.js";

const ACCOUNT_KEYS = ["min_leads", "min_score"];

/**
 * PERSONS ("on" | "off", default off) and ACCOUNTS (unset: off; JSON `{}` for
 * the facts only, `{"min_leads": 3, "min_score": 200}` for the threshold, every
 * key given must hold) read against `model`; null when both are off.
 */
export function peopleConfig(env, model, durable, fail) {
  const p = env.PERSONS ?? "off";
  if (p !== "on" && p !== "off") fail('PERSONS must be "on" or "off"');
  let accounts = null;
  let raw = env.ACCOUNTS;
  if (raw !== undefined && raw !== null && raw !== "") {
    if (typeof raw === "string") {
      try {
        raw = JSON.parse(raw);
      } catch {
        fail("ACCOUNTS is not valid JSON");
      }
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) fail('ACCOUNTS must be a JSON object: {} or {"min_leads": 3, "min_score": 200}');
    for (const k of Object.keys(raw)) if (!ACCOUNT_KEYS.includes(k)) fail(`ACCOUNTS: unknown key ${JSON.stringify(k.slice(0, 40))} (allowed: ${ACCOUNT_KEYS.join(", ")})`);
    const minLeads = raw.min_leads ?? null;
    const minScore = raw.min_score ?? null;
    if (minLeads !== null && (!Number.isInteger(minLeads) || minLeads < 1 || minLeads > 500)) fail("ACCOUNTS.min_leads must be an integer from 1 to 500");
    if (minScore !== null && (typeof minScore !== "number" || !Number.isFinite(minScore))) fail("ACCOUNTS.min_score must be a number");
    accounts = { minLeads, minScore };
  }
  if (p === "off" && accounts === null) return null;
  if (!durable) fail("PERSONS and ACCOUNTS need a storage binding (LEADGATE_STATE): the records are kept there");
  const stages = (model.stages ?? []).map((s) => s?.stage);
  const grades = Object.entries(model.grades ?? {}).sort((a, b) => b[1] - a[1]).map(([g]) => g);
  // The core's email knowledge, with the model's own additions to its lists.
  const lists = {};
  for (const k of ["free_email_domains", "disposable_email_domains"]) if (model.lists?.[k]) lists[k] = model.lists[k];
  const probe = new Scorer({
    id: "leadgate-email-probe", version: "1", lists,
    fit_rules: [{ id: "corporate", points: 1, if: { field: "email", email_is: "corporate" } }],
  });
  const rankIn = (xs) => (x) => {
    const i = xs.indexOf(x);
    return i < 0 ? xs.length + (x === "lead" ? 0 : 1) : i;
  };
  return { persons: p === "on", accounts, probe, stageRank: rankIn(stages), gradeRank: rankIn(grades) };
}

/**
 * Reads what is known of the lead's person and account. Null when there is
 * nothing to do (no usable email, or neither feature on). `scoring` is what
 * the scorer gets: { previousStage, account } (account: the facts, or
 * undefined when the domain is not corporate).
 */
export async function beforeScoring(people, storeOf, lead, now) {
  const email = normalEmail(lead.email);
  if (email === null) return null;
  const probed = people.probe.score({ email }, { now });
  if (probed.warnings.length > 0) return null; // not an email address (the core says)
  const key = await personKey(email);
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const corporate = people.accounts !== null && probed.score === 1;
  const [person, account] = await Promise.all([
    people.persons ? (async () => {
      const store = personStore(storeOf, key);
      return { store, key, rec: await store.get(`p:${key}`) };
    })() : null,
    corporate ? (async () => {
      const store = await accountStore(storeOf, domain);
      return { store, domain, rec: await store.get(`a:${domain}`) };
    })() : null,
  ]);
  const previousStage = person?.rec?.stage ?? null;
  const facts = account ? accountFacts(account.rec, domain, key.slice(0, 16), people.gradeRank) : undefined;
  return { key, person, account, previousStage, scoring: { previousStage, account: facts }, notes: [], acct: null };
}

/**
 * After scoring: the stage is never below the person's (the core kept it, fed
 * `previousStage`; the outcome says `previous_stage`), and a submission is
 * handed to sales again only when its stage is higher than the person's
 * (equal or kept: the CRM has it, the clock is not restarted). Then the
 * scored person is merged into the account. Resolves to whether it is delivered.
 */
export async function afterScoring(people, known, outcome, payload, delivered, team, now, retentionMs) {
  const prev = known.previousStage;
  let deliver = delivered;
  if (prev !== null) {
    outcome.previous_stage = prev;
    payload.previous_stage = prev;
    const higher = people.stageRank(outcome.stage) < people.stageRank(prev);
    deliver = delivered && higher;
    known.notes.push({ type: "person_repeat", previous_stage: prev, stage: outcome.stage, pushed: deliver });
  }
  if (known.account) {
    const a = known.account;
    const out = await mergePerson(a.store, a.domain, {
      person: known.key.slice(0, 16), score: outcome.score, grade: outcome.grade ?? null, now, retentionMs,
      threshold: people.accounts, gradeRank: people.gradeRank, team,
    });
    known.acct = out;
    payload.account = { ...out.facts, ...(out.justCrossed ? { just_crossed: true } : {}) };
    if (out.justCrossed) known.notes.push({ type: "account_crossed", domain: a.domain, leads: out.facts.leads, score: out.facts.score });
  }
  return deliver;
}

/**
 * The owner of a delivered lead: the account's owner for the team once the
 * account crossed its threshold, else the person's owner, each while a
 * member of the lead's team (no pick, no cap count); else a round-robin pick
 * (lead-owner.js) claimed on the person's record (two submissions at once:
 * one owner). The owner is also claimed as the account's for the team when
 * it has none (its first owned lead names it; two leads at once: one wins,
 * and past the threshold the others take it). Null when the team has no members.
 * `id` is the submission id: a pick is held under it until the lead is stored
 * (lead-owner.js), and the result's `settle(stored)` lets it go or gives it back.
 */
export async function ownerFor(backend, config, team, now, known, id) {
  const t = team === null ? undefined : config.teams.get(team);
  if (!t) return null;
  const retentionMs = config.durable.retentionMs;
  const acct = known.acct;
  const kept = (id, via) => {
    known.notes.push({ type: "owner_kept", owner: id, via });
    return { owner: id, email: t.members.find((m) => m.id === id)?.email ?? null, fallback: false, token: null, settle: () => Promise.resolve() };
  };
  if (acct?.crossed && isMember(config, team, acct.owner)) return kept(acct.owner, "account");
  let owner = personOwner(config, known.person?.rec, team);
  let via = owner === null ? null : "person";
  let picked = null;
  if (owner === null) {
    picked = await assignOwner(backend, config, team, now, id);
    if (picked.fallback) return picked; // a queue, not a member: neither record keeps it
    owner = picked.owner;
    if (known.person) {
      // Another submission of the person took an owner first: theirs (even the same member: the pick is given back).
      const claim = await claimPersonOwner(known.person.store, known.key, config, team, owner, now, retentionMs);
      if (!claim.ours) ({ owner } = claim), (via = "person");
    }
  }
  if (known.account && !isMember(config, team, acct?.owner)) {
    // None yet for this team, or it left (replaced: `stale`).
    const claim = await claimAccountOwner(known.account.store, known.account.domain, team, owner, acct?.owner ?? null, now, retentionMs);
    if (acct?.crossed && !claim.ours && isMember(config, team, claim.owner)) {
      owner = claim.owner;
      via = "account";
    }
  }
  if (picked && via === null) return picked;
  if (picked) await picked.settle({ kind: "discarded" }).catch(() => {}); // not the stored lead's pick: given back
  return kept(owner, via);
}

/** After a new submission is stored: the person's stage and owner. */
export async function afterStored(people, config, known, { id, stage, owner, team, now }) {
  if (!known.person) return;
  await recordPerson(known.person.store, known.key, {
    id, stage, scoredFrom: known.previousStage, owner, team, now, retentionMs: config.durable.retentionMs, rank: people.stageRank, config,
  });
}

/** Erasure of a stored lead's person (`lead`: the lead as stored): their record, and them in their account. */
export async function erasePeople(people, storeOf, lead) {
  if (!people || !lead) return;
  const email = normalEmail(lead.email);
  if (email === null) return;
  const key = await personKey(email);
  await personStore(storeOf, key).delete(`p:${key}`);
  if (people.accounts !== null) {
    const domain = email.slice(email.lastIndexOf("@") + 1);
    await removePerson(await accountStore(storeOf, domain), domain, key.slice(0, 16));
  }
}
