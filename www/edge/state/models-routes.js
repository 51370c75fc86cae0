// The admin routes of published models (durable mode; routes.js checks the
// bearer ADMIN_TOKEN before dispatching here, and answers 501 without storage):
//
//   POST /admin/models                   {"model": {…}, "author": "…", "note"?: "…"} → 201, the new current version
//   GET  /admin/models                   the kept versions, the deployed model, the audit trail
//   GET  /admin/models/{n}               one version with its model JSON
//   POST /admin/models/{n}/activate      {"author": "…", "note"?: "…"} → it is current again
//   POST /admin/models/deployed/activate  the same, back to the MODEL binding / bundled default
//
// A model is compiled by the package's Scorer before anything is stored (the
// core's coded errors otherwise) and checked against the bindings like MODEL
// is at start (config.js targetProblems). May call: models.js,
// models-cache.js, config.js, input.js.
import { HttpError, readBody, decodeUtf8, parseJson } from "../input.js";
import { targetProblems } from "../config.js";
import { serialized } from "./sla-env.js";
import { MODELS_NAMESPACE, publish, activate, readHead, readVersion, listing } from "./models.js";
import { scorerFor, forgetCheck, modelsSettings } from "./models-cache.js";
import { Scorer } from "leadgate";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
const error = (status, code, message, extra = {}, headers = {}) => json(status, { error: { code, message, ...extra } }, headers);

/**
 * The largest model body: MAX_BODY_BYTES, and never more than this, so the
 * version record fits one Durable Object value (128 KiB on Cloudflare).
 */
export const MODEL_MAX_BYTES = 120 * 1024;
/** What an author label may be: 1–100 characters, no control characters. */
const AUTHOR = /^[^\p{Cc}]{1,100}$/u;
const NOTE_MAX = 1000;

/** Whether `path` is one of these routes. */
export function isModelsRoute(path) {
  return path === "/admin/models" || path.startsWith("/admin/models/");
}

/** `author` and `note` of a request body; throws 400 naming the problem (never echoing a secret: these are the admin's own labels). */
function byOf(body, allowed) {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new HttpError(400, "bad_request", `unknown key ${JSON.stringify(key.slice(0, 40))}; send ${allowed.join(", ")}`);
  }
  const author = typeof body.author === "string" ? body.author.trim() : "";
  if (!AUTHOR.test(author)) throw new HttpError(400, "bad_author", "author is required: who publishes (1–100 characters, no control characters)");
  const note = body.note ?? null;
  if (note !== null && (typeof note !== "string" || note.length > NOTE_MAX || /[\x00-\x08\x0b-\x1f\x7f]/.test(note))) {
    throw new HttpError(400, "bad_note", `note must be text of at most ${NOTE_MAX} characters`);
  }
  return { author, note };
}

async function bodyOf(request, config, max) {
  const bytes = await readBody(request, max, { deadlineMs: config.bodyTimeoutMs, maxReading: config.maxReading });
  if (bytes.byteLength === 0) throw new HttpError(400, "empty_body", "the body is empty");
  const body = parseJson(decodeUtf8(bytes));
  return body;
}

/** Compiles and checks the model, or throws the answer refusing it (422 with the core's problems). */
function validated(model, config) {
  if (model === null || typeof model !== "object" || Array.isArray(model)) {
    throw Object.assign(new HttpError(422, "invalid_model", "model must be the model's JSON object"), {
      errors: [{ code: "expected_type", path: "", message: "model must be a JSON object", hint: null }],
    });
  }
  let scorer;
  try {
    scorer = new Scorer(model);
  } catch (e) {
    if (e?.name !== "LeadgateError") throw e;
    throw Object.assign(new HttpError(422, e.code, e.message), { errors: (e.errors ?? []).slice(0, 50) });
  }
  const problems = targetProblems(model, config);
  if (problems.length > 0) {
    throw Object.assign(new HttpError(422, "model_unroutable", problems[0].message), { errors: problems });
  }
  return scorer;
}

function versionOf(segment) {
  if (segment === "deployed") return "deployed";
  if (!/^[1-9]\d{0,9}$/.test(segment)) throw new HttpError(400, "bad_version", "a version is a positive integer (or \"deployed\")");
  return Number(segment);
}

/** Answers a models route for an authenticated request. `backend` keys this isolate's cache; `now` is ms since epoch. */
export async function modelsRoute(request, path, config, backend, now) {
  const method = request.method;
  const store = serialized(MODELS_NAMESPACE, backend.store(MODELS_NAMESPACE));
  // The MODEL binding / bundled default, whichever model scores now.
  const deployed = config.deployedModel ?? config.scorer.model;
  const settings = config.models ?? modelsSettings({});
  try {
    if (path === "/admin/models") {
      if (method === "GET") return json(200, listing(await readHead(store), deployed));
      if (method !== "POST") return error(405, "method_not_allowed", "use GET, POST", {}, { allow: "GET, POST" });
      const body = await bodyOf(request, config, Math.min(config.maxBodyBytes, MODEL_MAX_BYTES));
      const by = byOf(body, ["model", "author", "note"]);
      const scorer = validated(body.model, config);
      const routing = Array.isArray(body.model.routing) ? body.model.routing : [];
      const teams = [...new Set(routing.map((r) => r?.team).filter((t) => typeof t === "string"))];
      const { meta, head } = await publish(store, { model: body.model, info: scorer.model, teams }, by, now, settings.kept);
      scorerFor(meta.hash, body.model, scorer); // compiled already: the next lead here does not compile it again
      forgetCheck(backend);
      return json(201, { ...meta, current: head.current === meta.version });
    }
    const m = /^\/admin\/models\/([^/]+)(\/activate)?$/.exec(path);
    if (!m) return error(404, "not_found", "no such models route");
    const version = versionOf(m[1]);
    if (m[2]) {
      if (method !== "POST") return error(405, "method_not_allowed", "use POST", {}, { allow: "POST" });
      const by = byOf(await bodyOf(request, config, 16 * 1024), ["author", "note"]);
      const out = await activate(store, version, by, now, deployed);
      if (out.result === "not_found") return error(404, "model_version_not_found", "no kept version with this number (see GET /admin/models)");
      forgetCheck(backend);
      const entry = out.head.audit[out.head.audit.length - 1];
      return json(200, { result: out.result, current: out.head.current, ...(out.result === "activated" ? { audit: entry } : {}) });
    }
    if (method !== "GET") return error(405, "method_not_allowed", "use GET", {}, { allow: "GET" });
    if (version === "deployed") return json(200, { deployed: true, ...deployed });
    const head = await readHead(store);
    const record = await readVersion(store, head, version);
    if (!record) return error(404, "model_version_not_found", "no kept version with this number (see GET /admin/models)");
    return json(200, { ...record, current: head.current === version });
  } catch (e) {
    if (e instanceof HttpError) return error(e.status, e.code, e.message, e.errors ? { errors: e.errors } : {}, e.headers);
    console.error(JSON.stringify({ level: "error", event: "storage_failed", route: "models", message: String(e?.message ?? e) }));
    return error(503, "storage_unavailable", "the storage did not answer; retry", {}, { "retry-after": "1" });
  }
}
