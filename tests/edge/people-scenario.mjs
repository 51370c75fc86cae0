// Persons and accounts under concurrency on the real stores (run inside the
// engines by store-worker.mjs and deno-store-serve.mjs at GET /people;
// people.test.mjs compares with PEOPLE_EXPECTED): 12 submissions of one
// person claim an owner at once (picks a, b, c in turn) — one claim is
// taken, all get its owner; 10 persons of one account merge at once with
// min_leads 5 — all counted, exactly one update crosses; 12 claims of the
// account's owner — one is taken.
import { claimPersonOwner } from "../../www/edge/state/person.js";
import { mergePerson, claimAccountOwner } from "../../www/edge/state/account.js";

export const PEOPLE_EXPECTED = { owners: 1, taken: 1, leads: 10, crossings: 1, score: 45, accountOwners: 1, accountTaken: 1 };

export async function peopleScenario(storeOf, run) {
  const config = { teams: new Map([["t", { members: [{ id: "a" }, { id: "b" }, { id: "c" }] }]]) };
  const now = Date.now();
  const day = 86_400_000;
  const persons = storeOf("persons-test");
  const picks = ["a", "b", "c"];
  const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claimPersonOwner(persons, `k${run}`, config, "t", picks[i % 3], now, day)));
  const accounts = storeOf("accounts-test");
  const domain = `acme-${run}.com`;
  const rank = (g) => ["A", "B"].indexOf(g);
  const merged = await Promise.all(Array.from({ length: 10 }, (_, i) => mergePerson(accounts, domain, {
    person: `p${i}`, score: i, grade: "B", now, retentionMs: day, threshold: { minLeads: 5, minScore: null }, gradeRank: rank, team: "t",
  })));
  const owned = await Promise.all(Array.from({ length: 12 }, (_, i) => claimAccountOwner(accounts, domain, "t", picks[i % 3], null, now, day)));
  const last = await mergePerson(accounts, domain, { person: "p0", score: 0, grade: null, now, retentionMs: day, threshold: { minLeads: 5, minScore: null }, gradeRank: rank, team: "t" });
  return {
    owners: new Set(claims.map((c) => c.owner)).size,
    taken: claims.filter((c) => c.ours).length,
    leads: last.facts.leads,
    crossings: merged.filter((m) => m.justCrossed).length,
    score: last.facts.score,
    accountOwners: new Set(owned.map((c) => c.owner)).size,
    accountTaken: owned.filter((c) => c.ours).length,
  };
}
