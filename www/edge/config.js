// Reads the worker's environment bindings into a checked configuration.
// Every binding is optional except WEBHOOKS (when some stage is delivered).
// JSON bindings may be given as JSON text (a text/var binding) or as an
// already-parsed value (a workerd `json` binding, a Wrangler `[vars]` table).
import { Scorer, defaultModel } from "leadgate";
import { targetsConfig } from "./targets.js";
import { inboundConfig } from "./inbound.js";
import { durableSettings } from "./state/settings.js";
import { guardConfig, TURNSTILE_FIELD } from "./guard.js";
import { trackConfig } from "./track.js";
import { teamsOf } from "./state/sla-env.js";
import { contactedConfig } from "./contacted/index.js";
import { peopleConfig } from "./state/people.js";
import { modelsSettings } from "./state/models-cache.js";

/** Outcome parts the browser may be shown; `reasons` is deliberately absent. */
export const EXPOSABLE = ["stage", "grade", "respond_by", "score", "fit", "engagement", "persona", "team", "next", "warnings", "model", "owner"];

/**
 * Client fields dropped before scoring: the outcome's own fields (a browser
 * may send back what it computed), the same under the names the form kit
 * (www/leadgate-form.js) sends them as (`leadgate_stage`, … — its hidden
 * inputs and JSON body), and `previous_stage`, which would let a client
 * promote itself (the scorer never demotes below it). The edge keeps no CRM
 * state, so nothing the client sends can set the previous stage.
 */
export const STRIPPED_FIELDS = ["score", "fit", "engagement", "grade", "stage", "persona", "reasons", "next",
  "route", "model", "warnings", "respond_by", "previous_stage",
  "leadgate_stage", "leadgate_score", "leadgate_grade", "leadgate_persona", "leadgate_team",
  "leadgate_respond_by", "leadgate_model_hash", "leadgate_submission_id", "leadgate_attempt_age_ms",
  TURNSTILE_FIELD];

const DEFAULTS = {
  DELIVER_STAGES: ["SQL"],
  EXPOSE: ["stage", "grade", "respond_by"],
  MAX_BODY_BYTES: 64 * 1024,
  WEBHOOK_TIMEOUT_MS: 5000,
  RETRY_AFTER_SECONDS: 10,
  BODY_TIMEOUT_MS: 10_000,
  MAX_READING: 256,
  MAX_ATTEMPT_AGE_SECONDS: 86_400,
  CLIENT_EVENTS: "trust",
};

class ConfigError extends Error {}

/** A JSON binding: text is parsed, anything else is taken as already parsed. */
function jsonBinding(env, name, fallback) {
  const v = env[name];
  if (v === undefined || v === null || v === "") return fallback;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch (e) {
    // The parser's message quotes the text: never echo a configured value.
    throw new ConfigError(`${name} is not valid JSON`);
  }
}

/** A list binding: a JSON array, or comma-separated text. */
function listBinding(env, name, fallback) {
  const v = env[name];
  if (v === undefined || v === null) return fallback;
  let list = v;
  if (typeof v === "string") {
    const t = v.trim();
    list = t.startsWith("[") ? jsonBinding(env, name) : t === "" ? [] : t.split(",").map((s) => s.trim());
  }
  if (!Array.isArray(list) || !list.every((s) => typeof s === "string" && s !== "")) {
    throw new ConfigError(`${name} must be a list of non-empty strings (a JSON array or comma-separated text)`);
  }
  return list;
}

function intBinding(env, name, fallback, min, max) {
  const v = env[name];
  if (v === undefined || v === null || v === "") return fallback;
  const n = typeof v === "number" ? v : /^\s*\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

// Messages name the binding and key, never the value: a webhook URL often
// carries a token, and /health and the logs show these messages.
function webhookUrl(name, key, url) {
  let parsed;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new ConfigError(`${name}[${JSON.stringify(key)}] is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError(`${name}[${JSON.stringify(key)}] must be an http(s) URL`);
  }
  return parsed.href;
}

/**
 * THANK_YOU_URL: where a form posted without JavaScript is redirected (303):
 * one URL, or `{"<stage>": "<url>", "*": "<url>"}` (e.g. SQLs to a meeting
 * page). Absolute http(s) URLs or same-site paths (`/obrigado`).
 */
function thankYouUrls(env) {
  const v = env.THANK_YOU_URL;
  const urls = new Map();
  if (v === undefined || v === null || v === "") return urls;
  const text = typeof v === "string" ? v.trim() : null;
  const table = text !== null && !text.startsWith("{") ? { "*": text } : jsonBinding(env, "THANK_YOU_URL", {});
  if (typeof table !== "object" || table === null || Array.isArray(table)) {
    throw new ConfigError('THANK_YOU_URL must be a URL or {"<stage>": "<url>", "*": "<url>"}');
  }
  for (const [stage, url] of Object.entries(table)) {
    const path = typeof url === "string" && url.startsWith("/") && !url.startsWith("//");
    urls.set(stage, path ? url : webhookUrl("THANK_YOU_URL", stage, url));
  }
  return urls;
}

/**
 * What delivering needs (also read by the Durable Object, which delivers
 * queued leads without compiling the model): the webhook per team, the
 * signing secret, the attempt timeout.
 */
export function deliveryConfig(env) {
  const hooks = jsonBinding(env, "WEBHOOKS", {});
  if (typeof hooks !== "object" || hooks === null || Array.isArray(hooks)) {
    throw new ConfigError('WEBHOOKS must be a JSON object: {"<team>": "<url>", "*": "<default url>"}');
  }
  const webhooks = new Map();
  for (const [team, url] of Object.entries(hooks)) webhooks.set(team, webhookUrl("WEBHOOKS", team, url));
  const secret = env.WEBHOOK_SECRET;
  if (secret !== undefined && (typeof secret !== "string" || secret.length < 16)) {
    throw new ConfigError("WEBHOOK_SECRET must be text of at least 16 characters");
  }
  const fail = (message) => {
    throw new ConfigError(message);
  };
  return {
    webhooks,
    // CRM targets per team (leadgate/connectors), secrets from their own bindings.
    targets: targetsConfig(jsonBinding(env, "TARGETS", null), env, fail),
    secret: secret ?? null,
    webhookTimeoutMs: intBinding(env, "WEBHOOK_TIMEOUT_MS", DEFAULTS.WEBHOOK_TIMEOUT_MS, 100, 60_000),
  };
}

/** The durable queue's settings (state/settings.js), or null in stateless mode (no LEADGATE_STATE binding). */
function durableBindings(env) {
  const binding = env.LEADGATE_STATE;
  if (binding === undefined || binding === null) return null;
  if (typeof binding.idFromName !== "function" && typeof binding.submit !== "function") {
    throw new ConfigError("LEADGATE_STATE must be a Durable Object namespace binding (class LeadgateState) or the Deno KV backend (state/deno-kv.js)");
  }
  try {
    return durableSettings(env);
  } catch (e) {
    throw new ConfigError(e.message);
  }
}

/**
 * The delivery check a model must pass against the bindings (at start for
 * MODEL, and for a model published to the edge, state/models-routes.js):
 * without a "*" webhook or target, every team the model routes to needs its
 * own. Returns problems in the core's shape ({ code, path, message, hint }),
 * empty when none; the message names teams, never a configured URL.
 */
export function targetProblems(model, { deliver, webhooks, targets }) {
  if (deliver.size === 0 || webhooks.has("*") || targets.has("*")) return [];
  const routing = Array.isArray(model?.routing) ? model.routing : [];
  const teams = new Set(routing.map((r) => r?.team));
  const missing = [...teams].filter((t) => !webhooks.has(t) && !targets.has(t));
  if (missing.length === 0 && teams.size > 0) return [];
  const i = routing.findIndex((r) => missing.includes(r?.team));
  return [{
    code: "no_target",
    path: i >= 0 ? `routing[${i}].team` : "routing",
    message: `WEBHOOKS and TARGETS have no "*" default and nothing for team(s): ${missing.join(", ") || "(the model routes nowhere)"}`,
    hint: "add the team to WEBHOOKS or TARGETS (or a \"*\" default), or route to a team that has one",
  }];
}

/** Builds the configuration from `env`; throws ConfigError with a readable message. */
export function buildConfig(env, defaults = {}) {
  const modelBinding = jsonBinding(env, "MODEL", null);
  const model = modelBinding ?? defaults.model ?? defaultModel();
  if (typeof model !== "object" || Array.isArray(model)) throw new ConfigError("MODEL must be a JSON object");
  let scorer;
  try {
    scorer = new Scorer(model);
  } catch (e) {
    const problems = (e.errors ?? []).slice(0, 5).map((p) => `${p.path || "(root)"}: ${p.message}`).join("; ");
    throw new ConfigError(`MODEL does not compile: ${problems || e.message}`);
  }

  const deliver = new Set(listBinding(env, "DELIVER_STAGES", DEFAULTS.DELIVER_STAGES));
  const expose = listBinding(env, "EXPOSE", DEFAULTS.EXPOSE);
  for (const f of expose) {
    if (!EXPOSABLE.includes(f)) {
      throw new ConfigError(`EXPOSE: ${JSON.stringify(f)} cannot be shown to the browser (allowed: ${EXPOSABLE.join(", ")}; never reasons)`);
    }
  }

  const { webhooks, targets, secret, webhookTimeoutMs } = deliveryConfig(env);
  const unroutable = targetProblems(model, { deliver, webhooks, targets });
  if (unroutable.length > 0) throw new ConfigError(unroutable[0].message);

  // Fail closed: with ALLOWED_ORIGINS unset no site may submit (requests
  // carrying an Origin are refused and /health says why); `*` must be
  // written out, and an empty list means "servers only, no browsers".
  const originsUnset = env.ALLOWED_ORIGINS === undefined || env.ALLOWED_ORIGINS === null;
  const origins = listBinding(env, "ALLOWED_ORIGINS", []);
  const extraStripped = listBinding(env, "STRIP_FIELDS", []);

  const durable = durableBindings(env);
  const fail = (message) => {
    throw new ConfigError(message);
  };
  // Server-side engagement (track.js): once the edge keeps its own events,
  // the client's no longer score by default.
  const track = trackConfig(env, durable !== null, (name, fallback) => listBinding(env, name, fallback),
    (name, fallback, min, max) => intBinding(env, name, fallback, min, max), fail);
  const clientEvents = env.CLIENT_EVENTS ?? (track ? "ignore" : DEFAULTS.CLIENT_EVENTS);
  if (clientEvents !== "trust" && clientEvents !== "ignore") {
    throw new ConfigError('CLIENT_EVENTS must be "trust" or "ignore"');
  }

  // --- issue 16: teams, owner assignment, the SLA clock (state/teams.js, state/sla*.js) ---
  let teams;
  try {
    teams = teamsOf(env);
  } catch (e) {
    throw new ConfigError(e.message);
  }
  if (teams.size > 0 && durable === null) throw new ConfigError("TEAMS needs LEADGATE_STATE: owner assignment keeps its counters in the storage");
  const callback = env.SLA_CALLBACK_SECRET;
  if (callback !== undefined && callback !== null && (typeof callback !== "string" || callback.length < 16)) {
    throw new ConfigError("SLA_CALLBACK_SECRET must be text of at least 16 characters");
  }
  const routingTeams = [...new Set((model.routing ?? []).map((r) => r?.team).filter((t) => typeof t === "string"))];
  // --- end issue 16 ---
  // --- issue 16: persons (PERSONS) and accounts (ACCOUNTS), state/people.js ---
  const people = peopleConfig(env, model, durable, fail);
  // A client may not state its own account facts: the edge's replace them.
  if (people?.accounts) extraStripped.push("account");
  // --- end issue 16 (persons, accounts) ---
  // --- issue 16: models published to the edge (state/models*.js): MODEL_REFRESH_MS, MODEL_VERSIONS_KEPT ---
  let models = null;
  try {
    models = durable === null ? null : modelsSettings(env);
  } catch (e) {
    throw new ConfigError(e.message);
  }
  // --- end published models ---

  return {
    scorer,
    deliver,
    expose,
    webhooks,
    targets,
    inbound: inboundConfig(env, (name, fallback) => jsonBinding(env, name, fallback), (message) => {
      throw new ConfigError(message);
    }),
    originsUnset,
    anyOrigin: origins.includes("*"),
    origins: new Set(origins.filter((o) => o !== "*")),
    stripped: new Set([...STRIPPED_FIELDS, ...extraStripped, "submission_id"]),
    maxBodyBytes: intBinding(env, "MAX_BODY_BYTES", DEFAULTS.MAX_BODY_BYTES, 1024, 16 * 1024 * 1024),
    webhookTimeoutMs,
    retryAfter: intBinding(env, "RETRY_AFTER_SECONDS", DEFAULTS.RETRY_AFTER_SECONDS, 0, 3600),
    secret,
    bodyTimeoutMs: intBinding(env, "BODY_TIMEOUT_MS", DEFAULTS.BODY_TIMEOUT_MS, 100, 120_000),
    maxReading: intBinding(env, "MAX_READING", DEFAULTS.MAX_READING, 1, 100_000),
    maxAttemptAgeMs: 1000 * intBinding(env, "MAX_ATTEMPT_AGE_SECONDS", DEFAULTS.MAX_ATTEMPT_AGE_SECONDS, 0, 7 * 86_400),
    trustClientEvents: clientEvents === "trust",
    thankYou: thankYouUrls(env),
    durable,
    // Per-client rate limit and bot check at /lead (guard.js).
    guard: guardConfig(env, durable !== null, fail),
    track,
    teams,
    routingTeams,
    slaCallbackSecret: callback || null,
    // issue 15: the CRMs' "contacted" callbacks (contacted/index.js), each closed until its SLA_* secret is set.
    contacted: contactedConfig(env, durable !== null, fail),
    people,
    models,
  };
}

/**
 * A configuration cache: one configuration per env object (the same object
 * for every request of an isolate in workerd), so the model is compiled once,
 * at the first request. `configFor(env)` gives `{ config }` or `{ error }`
 * (a message) and never throws for a bad configuration.
 */
export function configCache(defaults = {}) {
  let cached = { env: undefined, config: null, error: null };
  return function configFor(env) {
    if (cached.env !== env) {
      try {
        cached = { env, config: buildConfig(env, defaults), error: null };
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        console.error(JSON.stringify({ level: "error", event: "misconfigured", message: e.message }));
        cached = { env, config: null, error: e.message };
      }
    }
    return cached;
  };
}
