// Which model scores, per isolate, in durable mode: the published current
// version (models.js) when there is one, else the MODEL binding / bundled
// default (config.js). Reading the storage on every request would add a round
// trip to every lead, so each isolate keeps the current version's number and
// hash and checks the head again only when MODEL_REFRESH_MS has passed (one
// small read per isolate per interval; 0 checks on every request). A Scorer is
// compiled once per model hash (the newest few kept), and the configuration
// derived for it once per (bindings, hash). The isolate that publishes or
// activates forgets its check at once, so its next request reads the head.
// May call: models.js, config.js (targetProblems), the package's Scorer.
import { Scorer } from "leadgate";
import { targetProblems } from "../config.js";
import { MODELS_NAMESPACE, readHead, readVersion } from "./models.js";

/** Defaults of the bindings read here. */
export const MODELS_DEFAULTS = { MODEL_REFRESH_MS: 5_000, MODEL_VERSIONS_KEPT: 20 };
/** Scorers kept per isolate (a rollback finds its scorer still compiled). */
const SCORERS_KEPT = 4;

function int(env, name, min, max) {
  const v = env[name];
  if (v === undefined || v === null || v === "") return MODELS_DEFAULTS[name];
  const n = typeof v === "number" ? v : /^\s*\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** MODEL_REFRESH_MS and MODEL_VERSIONS_KEPT, checked (an Error names the binding, never its value). */
export function modelsSettings(env) {
  return {
    refreshMs: int(env, "MODEL_REFRESH_MS", 0, 600_000),
    kept: int(env, "MODEL_VERSIONS_KEPT", 1, 100),
  };
}

/** A published model that cannot score with these bindings: the worker answers `misconfigured` (fail closed). */
export class PublishedModelError extends Error {}

const scorers = new Map(); // hash → Scorer, oldest first

/** The Scorer for `model` with hash `hash`, compiled once per isolate; throws LeadgateError. */
export function scorerFor(hash, model, compiled = null) {
  let s = scorers.get(hash);
  if (s) {
    scorers.delete(hash); // most recently used last
  } else {
    s = compiled ?? new Scorer(model);
  }
  scorers.set(hash, s);
  // Evicted scorers are not freed here: a request may still hold one (the GC frees them).
  while (scorers.size > SCORERS_KEPT) scorers.delete(scorers.keys().next().value);
  return s;
}

const states = new WeakMap(); // storage backend → { checkedAt, current, teams, pending, out, outFor, gen }
const derived = new WeakMap(); // config → Map(key → config for a published version)

/** Forgets this isolate's check of the head (after a publish or activation here). */
export function forgetCheck(backend) {
  const s = states.get(backend);
  if (!s) return;
  // A check already under way may have read the head before the change: its
  // result is dropped (the generation moved on) and the next request reads again.
  s.gen += 1;
  s.checkedAt = -Infinity;
  s.pending = null;
}

/** `config` with the published version `pub` ({ version, hash, model } or null) and the teams ever published. */
function configWith(config, pub, teams) {
  let byKey = derived.get(config);
  if (!byKey) {
    byKey = new Map();
    derived.set(config, byKey);
  }
  const key = `${pub ? `${pub.version}:${pub.hash}` : "deployed"}|${teams.join(",")}`;
  let out = byKey.get(key);
  if (out) return out;
  // The SLA report lists the teams of every version ever published, so a rollback hides none of their leads.
  const routingTeams = [...new Set([...config.routingTeams, ...teams])];
  const deployedModel = config.scorer.model;
  if (!pub) {
    out = { ...config, routingTeams, published: null, deployedModel };
  } else {
    let scorer;
    try {
      scorer = scorerFor(pub.hash, pub.model);
    } catch (e) {
      // A newer worker may refuse a model an older one accepted: never score with a guess.
      out = { error: `published model version ${pub.version} does not compile: ${e.errors?.[0]?.message ?? e.message}; activate another version` };
    }
    if (scorer) {
      const problems = targetProblems(pub.model, config);
      out = problems.length > 0
        ? { error: `published model version ${pub.version}: ${problems[0].message}; activate another version or set the binding` }
        : { ...config, scorer, routingTeams, published: { version: pub.version, hash: scorer.modelHash }, deployedModel };
    }
  }
  if (byKey.size >= 16) byKey.clear(); // bounded: a few versions and team sets per configuration
  byKey.set(key, out);
  return out;
}

/** Reads the head (and the current version's record when it is not the one `s` has): `{ current, teams }`. */
async function check(s, store) {
  const head = await readHead(store);
  const teams = head.teams ?? [];
  const meta = head.current === null ? null : head.versions.find((v) => v.version === head.current);
  if (!meta) return { current: null, teams };
  if (s.current?.version === meta.version && s.current?.hash === meta.hash) return { current: s.current, teams };
  const record = await readVersion(store, head, meta.version);
  if (!record) throw new PublishedModelError(`published model version ${meta.version} is missing from the storage; activate another version`);
  return { current: { version: meta.version, hash: meta.hash, model: record.model }, teams };
}

/** The configuration for this isolate's last check (throws PublishedModelError when that version cannot score). */
function derive(s, config) {
  if (s.out === null || s.outFor !== config) {
    s.out = configWith(config, s.current, s.teams);
    s.outFor = config;
  }
  if (s.out.error) throw new PublishedModelError(s.out.error);
  return s.out;
}

function startCheck(s, backend, now) {
  const gen = s.gen;
  const p = check(s, backend.store(MODELS_NAMESPACE)).then(
    (r) => {
      if (s.gen !== gen) return; // a publish or activation here since it began: dropped
      s.current = r.current;
      s.teams = r.teams;
      s.out = null; // derive again (configWith caches what did not change)
      s.checkedAt = now;
    },
    (e) => {
      if (s.gen !== gen) return;
      if (s.current === undefined || e instanceof PublishedModelError) throw e;
      console.error(JSON.stringify({ level: "warn", event: "model_check_failed", message: String(e?.message ?? e) }));
      s.checkedAt = now; // the last known version until the next check
    },
  ).finally(() => {
    if (s.pending === p) s.pending = null;
  });
  return p;
}

async function recheck(s, config, backend, now) {
  // Concurrent requests share one read; one dropped by a publish here is read again.
  for (let round = 0; round < 4; round++) {
    const gen = s.gen;
    s.pending ??= startCheck(s, backend, now);
    await s.pending;
    if (s.gen === gen && s.current !== undefined) break;
  }
  // Never read (publishes kept overtaking the read): not a guess at the model, a 503.
  if (s.current === undefined) throw new Error("the current model could not be read; retry");
  return derive(s, config);
}

/**
 * The configuration that scores now: `config` itself in stateless mode, else
 * `config` with the current published model (config.published = { version,
 * hash }) or with the deployed one (config.published = null). `backend` is
 * the storage backend (routes.js stateFor: one object per binding, which
 * keys this isolate's cache), `now` ms since epoch.
 *
 * While this isolate's check is fresh the answer is synchronous (a WeakMap
 * lookup and two comparisons: no await, so no extra turn of the event loop
 * per request); when a check is due it is a Promise. Either way it throws
 * (or rejects with) PublishedModelError when the current published model
 * cannot score with these bindings, and the storage's error when the storage
 * cannot be read and this isolate never read it (a later failure keeps the
 * last known version, logged).
 */
export function modelConfig(config, backend, now) {
  if (!config.durable || !config.models || !backend) return config;
  let s = states.get(backend);
  if (!s) {
    s = { checkedAt: -Infinity, current: undefined, teams: [], pending: null, out: null, outFor: null, gen: 0 };
    states.set(backend, s);
  }
  if (s.current === undefined || now - s.checkedAt >= config.models.refreshMs) return recheck(s, config, backend, now);
  return derive(s, config);
}
