// The worker's side of the durable state: which backend the bindings give
// (a Durable Object namespace, or the Deno KV backend the Deno entry puts in
// LEADGATE_STATE), persisting a lead at /lead, and the authenticated routes
//
//   GET    /admin/dead-letters?limit=&cursor=   the dead letters
//   POST   /admin/replay  {"submission_ids": [...]} | {"all": true}
//   GET    /leads/{submission_id}              the lead, its delivery and timeline
//   DELETE /leads/{submission_id}              erasure (the lead, its timeline, its dead letter; the person's record)
//   /admin/models…                             published models, versions, audit, rollback (models-routes.js)
//
// Every one needs `Authorization: Bearer <ADMIN_TOKEN>`; with ADMIN_TOKEN unset
// they are closed (403). The token is compared in constant time and never echoed.
import { HttpError, SUBMISSION_ID, readBody, decodeUtf8, parseJson } from "../input.js";
import { leadHash, secretMatches } from "./store.js";
import { doBackend } from "./durable-object.js";
import { isSlaRoute, slaRoute } from "./sla-routes.js";
import { unindexLead } from "../contacted/leads.js";
import { erasePeople } from "./people.js";
import { isModelsRoute, modelsRoute } from "./models-routes.js";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
const error = (status, code, message, headers = {}) => json(status, { error: { code, message } }, headers);

/** Whether `path` is one of the state routes (answered even in stateless mode, with 501). */
export function isStateRoute(path) {
  return path === "/admin/dead-letters" || path === "/admin/replay" || path.startsWith("/leads/") || isSlaRoute(path) || isModelsRoute(path);
}

const backends = new WeakMap();

/** The storage backend for `env`, or null in stateless mode (config.durable is null). */
export function stateFor(env, config) {
  if (!config?.durable) return null;
  const binding = env.LEADGATE_STATE;
  if (typeof binding.submit === "function") return binding; // deno-kv.js kvBackend
  let b = backends.get(binding);
  if (!b) {
    b = doBackend(binding);
    backends.set(binding, b);
  }
  return b;
}

/**
 * A Store of its own for another part of the worker (a connector's OAuth
 * tokens), named `namespace`; null in stateless mode. See README.md.
 */
export function storeFor(env, namespace) {
  const binding = env?.LEADGATE_STATE;
  if (!binding) return null;
  if (typeof binding.submit === "function") return binding.store(namespace);
  if (typeof binding.idFromName !== "function") return null;
  let b = backends.get(binding);
  if (!b) {
    b = doBackend(binding);
    backends.set(binding, b);
  }
  return b.store(namespace);
}

/**
 * Persists the lead; resolves to the queue's `{ kind: "new" | "repeat" |
 * "conflict", answer, stage }`, or `{ kind: "unavailable", reason }` when the
 * storage failed (the lead is not acknowledged; the client retries).
 */
export async function persistLead(backend, submission) {
  const hash = await leadHash(submission.lead);
  try {
    return await backend.submit({ ...submission, hash });
  } catch (e) {
    console.error(JSON.stringify({ level: "error", event: "storage_failed", submission_id: submission.id, message: String(e?.message ?? e) }));
    return { kind: "unavailable", reason: "storage unavailable" };
  }
}

async function authorized(request, token) {
  if (token === null) {
    return error(403, "admin_disabled", "ADMIN_TOKEN is not set, so the admin and lead routes are closed");
  }
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(request.headers.get("authorization") ?? "");
  if (m && (await secretMatches(m[1], token))) return null;
  return error(401, "unauthorized", "send Authorization: Bearer <ADMIN_TOKEN>", { "www-authenticate": 'Bearer realm="leadgate"' });
}

function methodNotAllowed(allow) {
  return error(405, "method_not_allowed", `use ${allow}`, { allow });
}

/** Answers a state route. */
export async function stateRoute(request, path, config, backend) {
  if (!backend) {
    // Published models (models-routes.js) need the storage too: stateless, the model is the MODEL binding (a redeploy changes it).
    if (isModelsRoute(path)) return error(501, "stateless", "this worker has no storage binding (LEADGATE_STATE), so models cannot be published to it: the MODEL binding scores, and a redeploy changes it");
    return error(501, "stateless", "this worker has no storage binding (LEADGATE_STATE), so it keeps no leads");
  }
  if (isSlaRoute(path)) return slaRoute(request, path, config, backend); // its own authentication (sla-routes.js)
  const denied = await authorized(request, config.durable.adminToken);
  if (denied) return denied;
  if (isModelsRoute(path)) return modelsRoute(request, path, config, backend, Date.now()); // published models (models-routes.js)
  const method = request.method;
  try {
    if (path === "/admin/dead-letters") {
      if (method !== "GET") return methodNotAllowed("GET");
      const q = new URL(request.url).searchParams;
      const limit = Math.min(1000, Math.max(1, Number.parseInt(q.get("limit") ?? "100", 10) || 100));
      return json(200, await backend.deadLetters({ limit, cursor: q.get("cursor") || null }));
    }
    if (path === "/admin/replay") {
      if (method !== "POST") return methodNotAllowed("POST");
      const body = parseJson(decodeUtf8(await readBody(request, 64 * 1024, { deadlineMs: config.bodyTimeoutMs, maxReading: config.maxReading })));
      let ids = body.submission_ids;
      if (body.all === true && ids === undefined) {
        ids = (await backend.deadLetters({ limit: 100, cursor: null })).dead_letters.map((d) => d.submission_id);
      }
      if (!Array.isArray(ids) || ids.length > 100 || !ids.every((id) => typeof id === "string" && SUBMISSION_ID.test(id))) {
        throw new HttpError(400, "bad_replay", 'send {"submission_ids": [up to 100 submission ids]} or {"all": true}');
      }
      const results = {};
      for (const id of ids) results[id] = await backend.replay(id);
      return json(200, { results });
    }
    const id = decodeURIComponent(path.slice("/leads/".length));
    if (!SUBMISSION_ID.test(id)) throw new HttpError(400, "bad_submission_id", "not a submission id");
    if (method === "GET") {
      const lead = await backend.lead(id);
      return lead ? json(200, lead) : error(404, "lead_not_found", "no lead with this submission id (never received, erased, or past retention)");
    }
    if (method === "DELETE") {
      // issue 15: the e-mail index entry first (it leads to the lead), then the lead.
      const stored = await backend.lead(id);
      if (stored?.sla) await unindexLead(backend, stored.lead?.email, id);
      // Persons and accounts (people.js) too: the person's record and their place in the account.
      if (config.people) await erasePeople(config.people, (ns) => backend.store(ns), stored?.lead);
      const existed = await backend.erase(id);
      return json(200, { submission_id: id, erased: existed });
    }
    return methodNotAllowed("GET, DELETE");
  } catch (e) {
    if (e instanceof HttpError) return error(e.status, e.code, e.message, e.headers);
    if (e instanceof URIError) return error(400, "bad_submission_id", "not a submission id");
    console.error(JSON.stringify({ level: "error", event: "storage_failed", message: String(e?.message ?? e) }));
    return error(503, "storage_unavailable", "the storage did not answer; retry", { "retry-after": "1" });
  }
}
