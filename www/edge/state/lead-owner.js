// What POST /lead does in durable mode besides persisting (worker.js calls
// these): pick the lead's owner in its team (teams.js, through the team's
// Store) and start its SLA clock (sla.js) at the core's respond_by.
//
// The owner is picked before the lead is persisted, so the stored lead, the
// delivered payload and the answer all carry it; when the submission turns
// out to be a repeat (it keeps its first owner) or a conflict, the pick is
// given back (`release`). A crash between the two leaves one count on the
// member's daily cap (caps err on the safe side).
import { assign, release } from "./teams.js";
import { serialized, teamStoreName } from "./sla-env.js";

/**
 * The owner of a new lead of `team` at `now` (ms), or null when the team has
 * no members configured (TEAMS). Resolves to { owner, email, fallback, release() }.
 */
export async function assignOwner(backend, config, team, now) {
  const t = team === null ? undefined : config.teams.get(team);
  if (!t) return null;
  const ns = teamStoreName(t.name);
  const store = serialized(ns, backend.store(ns));
  const p = await assign(store, t, now);
  return { owner: p.owner, email: p.email, fallback: p.fallback, release: () => release(store, t, p) };
}

/**
 * The clock of a delivered lead: from its hand-off (`startedAt`, when the
 * visitor submitted) to the outcome's `respond_by` (null: the stage has no
 * SLA, so no clock).
 */
export function slaStart(outcome, team, owned, startedAt) {
  const due = Date.parse(outcome.route?.respond_by ?? "");
  if (!Number.isFinite(due)) return null;
  return {
    team, owner: owned?.owner ?? null, owner_email: owned?.email ?? null, fallback: Boolean(owned?.fallback),
    stage: outcome.stage, started_at: startedAt.getTime(), respond_by: due,
  };
}
