// The SLA and team routes of durable mode (routes.js dispatches here):
//
//   POST /sla/{submission_id}/contacted   {"contacted_at"?: RFC 3339, "by"?: member id}
//        Bearer ADMIN_TOKEN or SLA_CALLBACK_SECRET (a CRM's callback: it can only do this)
//   GET  /sla/report?from=YYYY-MM-DD&to=YYYY-MM-DD     Bearer ADMIN_TOKEN
//   GET  /admin/teams/{team}                            Bearer ADMIN_TOKEN
//   POST /admin/teams/{team}/members/{member}  {"away": true|false}   Bearer ADMIN_TOKEN
//
// Secrets are compared in constant time (store.js secretMatches) and never echoed.
import { HttpError, SUBMISSION_ID, readBody, decodeUtf8, parseJson } from "../input.js";
import { secretMatches } from "./store.js";
import { setAway, teamView } from "./teams.js";
import { serialized, teamStoreName, slaStoreName } from "./sla-env.js";
import { daysBetween, slaReport, MAX_SCANNED } from "./sla-report.js";
import { isContactedRoute, contactedRoute as crmContactedRoute } from "../contacted/index.js"; // the CRMs' callbacks (issue 15)

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
const error = (status, code, message, headers = {}) => json(status, { error: { code, message } }, headers);

/** Whether `path` is one of these routes. */
export function isSlaRoute(path) {
  return path === "/sla/report" || /^\/sla\/[^/]+\/contacted$/.test(path) || path.startsWith("/admin/teams/") || isContactedRoute(path);
}

/** Null when the bearer token is one of `secrets` (non-null ones), else the refusal. */
async function bearer(request, secrets) {
  const live = secrets.filter((s) => s !== null);
  if (live.length === 0) return error(403, "admin_disabled", "ADMIN_TOKEN (or SLA_CALLBACK_SECRET for contacts) is not set, so this route is closed");
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(request.headers.get("authorization") ?? "");
  let ok = false;
  // Every configured secret is compared (no early exit), each in constant time.
  for (const s of live) if (m && (await secretMatches(m[1], s))) ok = true;
  return ok ? null : error(401, "unauthorized", "send Authorization: Bearer <token>", { "www-authenticate": 'Bearer realm="leadgate"' });
}

async function body(request, config) {
  const bytes = await readBody(request, 16 * 1024, { deadlineMs: config.bodyTimeoutMs, maxReading: config.maxReading });
  return bytes.byteLength === 0 ? {} : parseJson(decodeUtf8(bytes));
}

const CONTACTED = {
  contacted: [200, null],
  already: [200, null],
  not_found: [404, "lead_not_found"],
  no_clock: [409, "no_sla_clock"],
  before_start: [400, "contacted_before_handoff"],
};

async function contactedRoute(request, path, config, backend) {
  if (request.method !== "POST") return error(405, "method_not_allowed", "use POST", { allow: "POST" });
  const denied = await bearer(request, [config.durable.adminToken, config.slaCallbackSecret]);
  if (denied) return denied;
  const id = decodeURIComponent(path.slice("/sla/".length, -"/contacted".length));
  if (!SUBMISSION_ID.test(id)) throw new HttpError(400, "bad_submission_id", "not a submission id");
  const b = await body(request, config);
  const now = Date.now();
  let at = now;
  if (b.contacted_at !== undefined) {
    at = typeof b.contacted_at === "string" && /^\d{4}-\d{2}-\d{2}T/.test(b.contacted_at) ? Date.parse(b.contacted_at) : NaN;
    if (!Number.isFinite(at)) throw new HttpError(400, "bad_contacted_at", "contacted_at must be an RFC 3339 time with its zone, e.g. 2026-12-07T09:12:00-03:00");
    if (at > now + 60_000) throw new HttpError(400, "bad_contacted_at", "contacted_at is in the future");
    at = Math.min(at, now);
  }
  if (b.by !== undefined && (typeof b.by !== "string" || !/^[A-Za-z0-9._@:-]{1,64}$/.test(b.by))) {
    throw new HttpError(400, "bad_by", "by must be a member id (1-64 letters, digits or . _ @ : -)");
  }
  const result = await backend.contacted(id, at, b.by, { source: "api" });
  const [status, code] = CONTACTED[result] ?? [500, "internal"];
  if (code) {
    const why = { lead_not_found: "no lead with this submission id", no_sla_clock: "this lead has no SLA clock (its stage was not delivered, or has no respond_within)", contacted_before_handoff: "contacted_at is before the lead was handed off" };
    return error(status, code, why[code] ?? result);
  }
  return json(status, { submission_id: id, result, contacted_at: new Date(at).toISOString() });
}

async function reportRoute(request, config, backend) {
  if (request.method !== "GET") return error(405, "method_not_allowed", "use GET", { allow: "GET" });
  const denied = await bearer(request, [config.durable.adminToken]);
  if (denied) return denied;
  const q = new URL(request.url).searchParams;
  const range = daysBetween(q.get("from"), q.get("to"));
  if (range.error) throw new HttpError(400, "bad_range", range.error);
  const asOf = Date.now();
  // Every team a lead can have: TEAMS, the model's routing, and none (index "(none)").
  const teams = [...new Set([...config.teams.keys(), ...config.routingTeams]), null];
  const storeOf = (team) => backend.store(slaStoreName(team));
  const out = await slaReport(storeOf, teams, range.days, asOf);
  if (out.tooMany) throw new HttpError(413, "range_too_large", `more than ${MAX_SCANNED} leads in this range: ask for fewer days`);
  const { entries, section } = out;
  return json(200, { from: q.get("from"), to: q.get("to"), as_of: new Date(asOf).toISOString(), leads_scanned: entries, sla: section });
}

async function teamRoute(request, path, config, backend) {
  const denied = await bearer(request, [config.durable.adminToken]);
  if (denied) return denied;
  const parts = path.slice("/admin/teams/".length).split("/").map((p) => decodeURIComponent(p));
  const team = config.teams.get(parts[0]);
  if (!team) return error(404, "team_not_found", "no team of this name in TEAMS");
  const ns = teamStoreName(team.name);
  const store = serialized(ns, backend.store(ns));
  if (parts.length === 1) {
    if (request.method !== "GET") return error(405, "method_not_allowed", "use GET", { allow: "GET" });
    return json(200, await teamView(store, team, Date.now()));
  }
  if (parts.length === 3 && parts[1] === "members") {
    if (request.method !== "POST") return error(405, "method_not_allowed", "use POST", { allow: "POST" });
    const b = await body(request, config);
    if (typeof b.away !== "boolean") throw new HttpError(400, "bad_member_update", 'send {"away": true} or {"away": false}');
    if (!(await setAway(store, team, parts[2], b.away))) return error(404, "member_not_found", "no member of this id in the team");
    return json(200, { team: team.name, member: parts[2], away: b.away });
  }
  return error(404, "not_found", "use /admin/teams/{team} or /admin/teams/{team}/members/{member}");
}

/** Answers one of these routes (durable mode: `backend` is not null). */
export async function slaRoute(request, path, config, backend) {
  try {
    if (path === "/sla/report") return await reportRoute(request, config, backend);
    if (isContactedRoute(path)) return await crmContactedRoute(request, path, config, backend, bearer);
    if (path.startsWith("/sla/")) return await contactedRoute(request, path, config, backend);
    return await teamRoute(request, path, config, backend);
  } catch (e) {
    if (e instanceof HttpError) return error(e.status, e.code, e.message, e.headers);
    if (e instanceof URIError) return error(400, "bad_path", "a path part is not valid percent-encoding");
    console.error(JSON.stringify({ level: "error", event: "storage_failed", message: String(e?.message ?? e) }));
    return error(503, "storage_unavailable", "the storage did not answer; retry", { "retry-after": "1" });
  }
}
