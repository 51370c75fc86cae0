// What POST /lead does in durable mode besides persisting (worker.js calls
// these): pick the lead's owner in its team (teams.js, through the team's
// Store) and start its SLA clock (sla.js) at the core's respond_by.
//
// The owner is picked before the lead is persisted, so the stored lead, the
// delivered payload and the answer all carry it. The pick and the lead are in
// different objects (no transaction spans both), so the pick is *held* in the
// team's record under the submission id (teams.js `assign`) until the lead is
// known stored: a retry of a submission whose lead a crash cut off gets the
// same owner and takes no second count. When the submission turns out to be
// a repeat or a conflict, a pick that is not the stored lead's is given back
// (`release`) at once; a stored lead's pick is let go lazily, with this
// isolate's next pick in the team (no extra write per lead). An isolate that
// ends first leaves held entries for a day (bounded): harmless, a retry then
// finds its stored lead's own pick.
import { assign, release } from "./teams.js";
import { serialized, teamStoreName } from "./sla-env.js";

/** Stored leads' picks to let go with the next pick, per team Store name. */
const settledByTeam = new Map();

/**
 * The owner of a new lead of `team` at `now` (ms) for submission `id`, or null
 * when the team has no members configured (TEAMS). Resolves to { owner,
 * email, fallback, token, settle(stored) } where `settle` takes persistLead's
 * result.
 */
export async function assignOwner(backend, config, team, now, id) {
  const t = team === null ? undefined : config.teams.get(team);
  if (!t) return null;
  const ns = teamStoreName(t.name);
  const store = serialized(ns, backend.store(ns));
  const settled = settledByTeam.get(ns) ?? [];
  settledByTeam.set(ns, []);
  const p = await assign(store, t, now, [], { id, settled });
  return {
    owner: p.owner, email: p.email, fallback: p.fallback, token: p.token ?? null,
    settle(stored) {
      if (p.fallback || stored.kind === "unavailable") return Promise.resolve(); // held for the kit's retry
      if (stored.kind === "new" || stored.pick === p.token) {
        settledByTeam.get(ns)?.push({ id, token: p.token });
        return Promise.resolve();
      }
      return release(store, t, p, id); // a repeat or conflict of a lead stored with another pick
    },
  };
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
