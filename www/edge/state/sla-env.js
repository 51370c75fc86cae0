// What the SLA clock and owner assignment need from the bindings and the
// backend, built the same way for the worker, the Durable Object and the Deno
// KV backend: the teams (TEAMS, teams.js), each team's Store (fairness
// counters) and SLA index Store, and the manager webhook (deliver.js, signed
// with WEBHOOK_SECRET exactly like a lead delivery).
import { teamsConfig } from "./teams.js";
import { indexPut } from "./sla.js";
import { deliver } from "../deliver.js";

const teamsCache = new WeakMap();

/** The TEAMS binding of `env` (JSON text or an object) as teams.js's Map; throws an Error naming the problem. */
export function teamsOf(env) {
  let t = teamsCache.get(env);
  if (t) return t;
  let raw = env.TEAMS ?? null;
  if (raw === "") raw = null;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new Error("TEAMS is not valid JSON"); // the parser's message would quote the text
    }
  }
  t = teamsConfig(raw);
  teamsCache.set(env, t);
  return t;
}

/**
 * A Store whose updates run one at a time in this isolate (a promise chain
 * per key), so that many concurrent leads of one team do not exhaust the
 * compare-and-set retries; other isolates and processes are still kept apart
 * by the compare-and-set itself. A team's record on Durable Objects does not
 * go through this chain (teams.js `teamOp` runs in the object; on workerd a
 * chain across requests hung after about 520 picks).
 */
const chains = new Map();
export function serialized(name, store) {
  return {
    ...store,
    update(key, fn) {
      const k = `${name}\u0000${key}`;
      const prev = chains.get(k) ?? Promise.resolve();
      const run = prev.catch(() => {}).then(() => store.update(key, fn));
      const tail = run.catch(() => {});
      chains.set(k, tail);
      tail.then(() => {
        if (chains.get(k) === tail) chains.delete(k);
      });
      return run;
    },
  };
}

/** The Store names: a team's fairness counters, a team's SLA index. */
export const teamStoreName = (team) => `team:${team}`;
export const slaStoreName = (team) => `sla:${team ?? "(none)"}`;

/**
 * The SLA part of a queue ctx: `storeOf(namespace)` gives the backend's Store.
 * A bad TEAMS leaves no teams here (the worker refuses to start and /health says why).
 */
export function slaContext(env, storeOf) {
  let teams = new Map();
  try {
    teams = teamsOf(env);
  } catch {
    // reported by the worker's configuration
  }
  const secret = typeof env.WEBHOOK_SECRET === "string" && env.WEBHOOK_SECRET.length >= 16 ? env.WEBHOOK_SECRET : null;
  const timeout = Number.parseInt(env.WEBHOOK_TIMEOUT_MS ?? "5000", 10) || 5000;
  return {
    teams,
    teamStore: (team) => serialized(teamStoreName(team), storeOf(teamStoreName(team))),
    slaIndex: (id, entry, expiresAt) => indexPut(storeOf(slaStoreName(entry.team)), id, entry, expiresAt),
    notify: async (url, key, payload) => (await deliver({ secret, webhookTimeoutMs: timeout }, url, key, payload)) ?? "ok",
  };
}
