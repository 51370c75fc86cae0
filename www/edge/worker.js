// leadgate edge worker: authoritative re-scoring of web-form leads and
// at-least-once delivery of hot leads to the sales team's webhook.
//
//   POST /lead     JSON, urlencoded or multipart form → the allowed parts of the outcome
//                  (a form posted without JavaScript: 303 to THANK_YOU_URL, pages.js)
//   OPTIONS /lead  CORS preflight for ALLOWED_ORIGINS
//   POST /in/<vendor>  rdstation, hubspot, salesforce, pipedrive payloads → leads (inbound.js)
//   POST /track    the tracker's events for a visitor, kept server-side (track.js)
//   GET /health    { ok, model }
//   GET /model     { id, version, hash }
//   /admin/dead-letters, /admin/replay, /leads/{id}: the durable queue (state/routes.js)
//   /admin/models…: models published to the edge, versions, audit, rollback (state/models-routes.js)
//
// Configured by environment bindings (see README.md). The package is imported
// through its `workerd`/`worker` entry (or `deno` under Deno), which
// instantiates the wasm synchronously at import.
import { configCache } from "./config.js";
import { HttpError, bodyKind, bodyEncoding, readBody, decodeUtf8, parseJson, parseForm, parseMultipart, submissionId, eventsFromForm } from "./input.js";
import { isNavigation, thanksResponse, retryResponse, errorPage } from "./pages.js";
import { scoreLead, deliverTo, targetFor, visible } from "./pipeline.js";
import { handleInbound, INBOUND_PATH } from "./inbound.js";
import { stateFor, storeFor, persistLead, isStateRoute, stateRoute } from "./state/routes.js";
import { checkRate, checkBot } from "./guard.js";
import { handleTrack, visitorEvents } from "./track.js";
import { assignOwner, slaStart } from "./state/lead-owner.js";
import { indexLead } from "./contacted/leads.js";
import { beforeScoring, afterScoring, ownerFor, afterStored } from "./state/people.js";
import { modelConfig, PublishedModelError } from "./state/models-cache.js";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

function errorResponse(status, code, message, extra = {}, headers = {}) {
  return json(status, { error: { code, message }, ...extra }, headers);
}

const ORIGINS_UNSET = "ALLOWED_ORIGINS is not set, so no site may submit leads: set it to the sites' origins, "
  + '"*" for any site, or an empty list for servers only';

/** CORS headers for this request's Origin, or null when it is not allowed. */
function corsFor(request, config) {
  const origin = request.headers.get("origin");
  if (origin === null) return {};
  if (config.originsUnset) return null;
  if (config.anyOrigin || config.origins.has(origin)) {
    return {
      "access-control-allow-origin": origin,
      "access-control-expose-headers": "Retry-After, Idempotency-Key",
      vary: "Origin",
    };
  }
  return null;
}

/**
 * When the visitor submitted: the form kit sends how long ago its first
 * attempt was (`leadgate_attempt_age_ms`, measured on the visitor's clock at
 * each attempt, so clock skew cancels out), so a lead retried after an
 * outage keeps its place on the SLA clock. Ages outside 0…MAX_ATTEMPT_AGE are
 * ignored (logged): the clock never starts in the future or unboundedly early.
 */
function submittedAt(submitted, receivedAt, config, id) {
  const raw = submitted.leadgate_attempt_age_ms;
  if (raw === undefined) return receivedAt;
  const age = typeof raw === "number" ? raw : /^\d{1,15}$/.test(String(raw)) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(age) || age < 0 || age > config.maxAttemptAgeMs) {
    console.error(JSON.stringify({ level: "warn", event: "attempt_age_ignored", submission_id: id }));
    return receivedAt;
  }
  return new Date(receivedAt.getTime() - age);
}

async function handleLead(request, config, cors, kind, navigation, state, clientAddress, storeOf) {
  const encoding = bodyEncoding(request.headers.get("content-encoding"));
  const bytes = await readBody(request, config.maxBodyBytes, {
    deadlineMs: config.bodyTimeoutMs,
    maxReading: config.maxReading,
    encoding,
  });
  if (bytes.byteLength === 0) throw new HttpError(400, "empty_body", "the body is empty");
  let submitted;
  if (kind === "multipart") {
    const { lead: fields, files } = await parseMultipart(bytes, request.headers.get("content-type"));
    if (files > 0) console.error(JSON.stringify({ level: "info", event: "files_ignored", files }));
    submitted = fields;
  } else {
    const text = decodeUtf8(bytes);
    submitted = kind === "json" ? parseJson(text) : parseForm(text);
  }
  if (kind !== "json") eventsFromForm(submitted); // the form kit's plain-POST summary
  const { id } = submissionId(submitted, request.headers.get("idempotency-key"));
  await checkBot(submitted, id, config, clientAddress);

  // The lead as scored and forwarded: everything the client sent except
  // score fields it may have computed (or forged) and the submission id.
  const lead = {};
  for (const key of Object.keys(submitted)) {
    if (!config.stripped.has(key)) lead[key] = submitted[key];
  }
  const receivedAt = new Date();
  const startedAt = submittedAt(submitted, receivedAt, config, id);
  // Tracking on: the visitor's events as the edge recorded them (track.js).
  const serverEvents = config.track && state ? await visitorEvents(lead.visitor_id, config.track, storeOf, receivedAt.getTime()) : null;
  // --- issue 16: persons and accounts (state/people.js): what is known before scoring ---
  const people = state ? config.people : null;
  let known = null;
  let peopleFailed = false; // storage: not acknowledged, the client retries
  const logFailure = (e) => console.error(JSON.stringify({ level: "error", event: "storage_failed", submission_id: id, message: String(e?.message ?? e) }));
  if (people) known = await beforeScoring(people, storeOf, lead, receivedAt.getTime()).catch((e) => (logFailure(e), (peopleFailed = true), null));
  const scored = scoreLead(config, lead, id, receivedAt, startedAt, serverEvents, known?.scoring);
  const { outcome, team, payload } = scored;
  let delivered = scored.delivered;
  if (known) {
    delivered = await afterScoring(people, known, outcome, payload, delivered, team, receivedAt.getTime(), config.durable.retentionMs)
      .catch((e) => (logFailure(e), (peopleFailed = true), delivered));
  }
  // --- end issue 16 (persons, accounts) ---
  // A configuration fault, not the client's: loud, and never a silent drop.
  if (delivered && targetFor(config, team) === null) {
    throw new Error(`no target or webhook for team ${JSON.stringify(team)} and no "*" default`);
  }
  // --- issue 16: the owner (TEAMS) and the SLA clock, durable mode only (state/lead-owner.js) ---
  let owned = null;
  let ownerFailed = peopleFailed;
  if (state && delivered && !ownerFailed) {
    try {
      owned = known ? await ownerFor(state, config, team, receivedAt.getTime(), known, id) : await assignOwner(state, config, team, receivedAt.getTime(), id);
    } catch (e) {
      ownerFailed = true; // storage: not acknowledged, the client retries
      console.error(JSON.stringify({ level: "error", event: "storage_failed", submission_id: id, message: String(e?.message ?? e) }));
    }
    if (owned) {
      outcome.owner = owned.owner; // the delivered outcome and the answer (EXPOSE "owner") carry it
      payload.owner = { id: owned.owner, email: owned.email, fallback: owned.fallback };
    }
  }
  const sla = state && delivered ? slaStart(outcome, team, owned, startedAt) : null;
  // --- end issue 16 ---
  // Durable mode answers once the lead is stored: `queued` says the target
  // has it to come (the queue delivers), `delivered` that its stage is handed to sales.
  let answer = { submission_id: id, delivered, ...(state ? { queued: delivered } : {}), ...visible(outcome, config.expose) };
  let failure = null;
  let retryAfter = 0;
  let stage = outcome.stage;
  if (state) {
    // Durable mode (state/): acknowledged once persisted; the queue delivers.
    const stored = ownerFailed ? { kind: "unavailable", reason: "storage unavailable" } : await persistLead(state, { id, lead, payload, answer, stage, team, deliver: delivered, sla, notes: known?.notes, model: scoredWith(config), pick: owned?.token ?? null });
    // A repeat keeps its first owner; a conflict takes none: a pick that is not the stored lead's goes back.
    if (owned) await owned.settle(stored).catch(() => {});
    if (stored.kind === "new" && known) {
      // Not fatal: the lead is stored and acknowledged; the person's record catches up at their next submission.
      await afterStored(people, config, known, { id, stage, owner: owned?.owner ?? null, team, now: receivedAt.getTime() })
        .catch((e) => console.error(JSON.stringify({ level: "warn", event: "person_record_failed", submission_id: id, message: String(e?.message ?? e) })));
    }
    if (stored.kind === "conflict") throw new HttpError(409, "submission_id_conflict", "this submission_id was already used for a different lead; use a new id");
    // --- issue 15: a lead with a clock is found by its e-mail when a CRM reports a contact (contacted/leads.js);
    // one small write, only while some CRM callback is open (SLA_* set) ---
    if (stored.kind === "new" && sla && config.contacted.size > 0) {
      await indexLead(state, lead.email, id, sla.started_at, receivedAt.getTime() + config.durable.retentionMs)
        .catch((e) => console.error(JSON.stringify({ level: "warn", event: "contact_index_failed", submission_id: id, message: String(e?.message ?? e) })));
    }
    // --- end issue 15 ---
    if (stored.kind === "unavailable") {
      failure = stored.reason; // not stored, so not acknowledged: the client retries
    } else {
      answer = stored.answer; // a repeat gets the first answer, not a re-scoring
      stage = stored.stage;
    }
  } else if (delivered) {
    ({ failure, retryAfter = 0 } = await deliverTo(config, team, payload, storeOf("oauth")));
  }
  if (failure !== null) {
    console.error(JSON.stringify({ level: "warn", event: "delivery_failed", submission_id: id, team, reason: failure }));
    // A target's own Retry-After (a CRM's 429) is honoured when longer.
    const wait = Math.max(config.retryAfter, retryAfter ?? 0);
    if (navigation) return retryResponse(submitted, id, new URL(request.url).pathname, wait, cors);
    return errorResponse(
      503,
      "delivery_failed",
      "the lead could not be handed to sales yet; retry with the same submission_id",
      { submission_id: id },
      { ...cors, "retry-after": String(wait) },
    );
  }
  if (navigation) return thanksResponse(config, stage, cors);
  return json(200, answer, cors);
}

/**
 * --- issue 16: models published to the edge (state/models-cache.js) ---
 * The configuration that scores now: in durable mode with the current
 * published model, if any (else the MODEL binding's). `{ config }`, or
 * `{ fault }`: a published model that cannot score here (500 misconfigured,
 * fail closed) or a storage this isolate could never read (503). Synchronous
 * while the isolate's check is fresh (most requests), else a Promise.
 */
function liveConfig(env, config) {
  if (!config?.durable) return { config };
  let out;
  try {
    out = modelConfig(config, stateFor(env, config), Date.now());
  } catch (e) {
    return modelFault(e);
  }
  return out instanceof Promise ? out.then((c) => ({ config: c }), modelFault) : { config: out };
}

function modelFault(e) {
  const published = e instanceof PublishedModelError;
  console.error(JSON.stringify({ level: "error", event: published ? "misconfigured" : "storage_failed", message: String(e?.message ?? e) }));
  return {
    config: null,
    fault: published
      ? { status: 500, code: "misconfigured", message: e.message }
      : { status: 503, code: "storage_unavailable", message: "the storage did not answer; retry" },
  };
}

/** Which model scored a stored lead: its hash and, when it was published to the edge, its version number (null: the MODEL binding's). */
function scoredWith(config) {
  return { hash: config.scorer.modelHash, published: config.published?.version ?? null };
}

/** `{ id, version, hash }` of the model that scores, and `published` (its version number) when it was published to the edge. */
function modelInfo(config) {
  return config.published ? { ...config.scorer.model, published: config.published.version } : config.scorer.model;
}
// --- end published models ---

async function handle(request, env, configFor, clientAddress) {
  const url = new URL(request.url);
  const path = url.pathname;
  const method = request.method;
  const inbound = path.startsWith(INBOUND_PATH);
  const stateful = isStateRoute(path);
  if (path !== "/lead" && path !== "/track" && path !== "/model" && path !== "/health" && !inbound && !stateful) {
    return errorResponse(404, "not_found", `no route for ${path.slice(0, 200)}`);
  }
  const { config: bound, error } = configFor(env ?? {});
  // The admin routes work with a broken published model (to activate another one).
  const skip = path === "/track" || method === "OPTIONS" || (stateful && !bound?.durable);
  let live = skip ? { config: bound } : liveConfig(env, bound);
  if (live instanceof Promise) live = await live;
  const config = live.config ?? (stateful ? bound : null);
  if (bound && !config) {
    const { status, code, message } = live.fault;
    if (path === "/health") return json(503, { ok: false, error: { code, message } });
    const headers = { ...(corsFor(request, bound) ?? {}), ...(status === 503 ? { "retry-after": "1" } : {}) };
    return errorResponse(status, code, status === 500 ? "the worker is misconfigured; see /health and its logs" : message, {}, headers);
  }

  if (path === "/health") {
    if (method !== "GET" && method !== "HEAD") return methodNotAllowed("GET, HEAD");
    if (!config) return json(503, { ok: false, error: { code: "misconfigured", message: error } });
    if (config.originsUnset) {
      return json(503, { ok: false, model: modelInfo(config), error: { code: "origins_unset", message: ORIGINS_UNSET } });
    }
    const storage = stateFor(env, config)?.kind;
    return json(200, storage ? { ok: true, model: modelInfo(config), storage } : { ok: true, model: modelInfo(config) });
  }
  if (!config) return errorResponse(500, "misconfigured", "the worker is misconfigured; see its logs");
  if (stateful) return stateRoute(request, path, config, stateFor(env, config));

  if (path === "/model") {
    if (method !== "GET" && method !== "HEAD") return methodNotAllowed("GET, HEAD");
    return json(200, modelInfo(config));
  }

  // /lead and /in/<vendor>
  const cors = corsFor(request, config);
  if (cors === null) {
    const why = config.originsUnset ? ORIGINS_UNSET : "this origin may not submit leads";
    return errorResponse(403, "origin_not_allowed", why);
  }
  if (inbound && method !== "OPTIONS") {
    try {
      return await handleInbound(request, config, path.slice(INBOUND_PATH.length), cors, storeFor(env, "oauth"));
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      return errorResponse(e.status, e.code, e.message, {}, { ...cors, ...e.headers });
    }
  }
  if (method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: {
        ...cors,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": inbound ? "Content-Type, X-Leadgate-Key" : "Content-Type, Idempotency-Key",
        "access-control-max-age": "86400",
      },
    });
  }
  if (method !== "POST") return methodNotAllowed("POST, OPTIONS", cors);
  const storeOf = (namespace) => storeFor(env, namespace);
  if (path === "/track") {
    if (!config.track) return errorResponse(501, "tracking_off", "this worker keeps no events: set TRACK_EVENTS (and LEADGATE_STATE)", {}, cors);
    try {
      return json(202, await handleTrack(request, config.track, storeOf), cors);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      return errorResponse(e.status, e.code, e.message, {}, { ...cors, ...e.headers });
    }
  }
  let navigation = isNavigation(request, null);
  try {
    const kind = bodyKind(request.headers.get("content-type"));
    navigation = isNavigation(request, kind);
    // Counted before the body is read: a flood costs no parsing or scoring.
    await checkRate(request, config, storeOf, clientAddress);
    return await handleLead(request, config, cors, kind, navigation, stateFor(env, config), clientAddress, storeOf);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const headers = { ...cors, ...e.headers };
    return navigation ? errorPage(e.status, e.code, e.message, headers) : errorResponse(e.status, e.code, e.message, {}, headers);
  }
}

function methodNotAllowed(allow, headers = {}) {
  return errorResponse(405, "method_not_allowed", `use ${allow}`, {}, { ...headers, allow });
}

/**
 * A worker with build-time defaults: `createWorker({ model })` uses `model`
 * (an object, e.g. `import model from "./sla.json"`) when no MODEL binding is
 * set, for platforms whose text bindings are too small for a model.
 */
export function createWorker(defaults = {}) {
  const configFor = configCache(defaults);
  return {
    // `context.clientAddress`: the client's IP where the runtime gives it
    // (Deno's `info.remoteAddr`, passed by the serving wrapper); on
    // Cloudflare it comes from the CF-Connecting-IP header (guard.js).
    async fetch(request, env, context) {
      try {
        const clientAddress = typeof context?.clientAddress === "string" ? context.clientAddress : undefined;
        return await handle(request, env, configFor, clientAddress);
      } catch (e) {
        // Only internal faults get here; user input is answered with a 4xx above.
        console.error(JSON.stringify({ level: "error", event: "internal_error", message: String(e?.stack ?? e) }));
        return errorResponse(500, "internal", "internal error");
      }
    },
  };
}

/** The Durable Object class behind LEADGATE_STATE (Cloudflare, workerd); see state/README.md. */
export { LeadgateState } from "./state/durable-object.js";

/** The worker configured by bindings alone (MODEL, or the package's default model). */
export default createWorker();
