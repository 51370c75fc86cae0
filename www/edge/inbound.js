// Inbound routes: a vendor's payload → leads (leadgate/connectors' inbound
// mappings) → the same scoring and delivery as POST /lead (pipeline.js).
//
//   POST /in/rdstation   RD Station webhooks (legacy { leads } or WEBHOOK.CONVERTED), ?key=IN_RDSTATION_KEY
//   POST /in/hubspot     a HubSpot Forms API body, ?key=IN_HUBSPOT_KEY (plus the origin check)
//   POST /in/salesforce  a Web-to-Lead form, ?key=IN_SALESFORCE_KEY (plus the origin check)
//   POST /in/pipedrive   Pipedrive webhooks v2, Basic auth leadgate:IN_PIPEDRIVE_KEY
//
// Each route is closed until its key binding is set (403 inbound_disabled).
// RD Station and Pipedrive sign nothing, so their key rides in the URL or in
// Basic auth as the vendors allow; HubSpot and Web-to-Lead bodies come from
// browsers, where the key is visible in the page: there it only opens the
// route, and ALLOWED_ORIGINS is the door.
import { rdstation, hubspot, salesforce, pipedrive, ConnectorError } from "leadgate/connectors";
import { HttpError, bodyKind, bodyEncoding, readBody, decodeUtf8 } from "./input.js";
import { scoreAndDeliver, visible } from "./pipeline.js";
import { isNavigation, thanksResponse, retryResponse } from "./pages.js";

export const INBOUND_PATH = "/in/";

/** Route → body kind, how it authenticates, and its mapping (bytes/text → [{ lead, warnings }]). */
const ROUTES = {
  rdstation: { kind: "json", auth: "key", read: (text) => rdstation.toLeads(text) },
  hubspot: { kind: "json", auth: "key", read: (text, s) => [hubspot.toLead(text, { form: s.form })] },
  salesforce: { kind: "form", auth: "key", read: (text, s) => [salesforce.toLead(text, { orgId: s.orgId, customFields: s.fields })] },
  pipedrive: { kind: "json", auth: "basic", read: (text, s) => [pipedrive.toLead(text, { customFields: s.fields })] },
};
const STATUS = { too_large: 413, bad_json: 400, bad_encoding: 400, bad_form: 400, empty_body: 400, unauthorized: 401, misconfigured: 500 };

/**
 * The IN_* bindings as a Map of route → settings; `fail(message)` throws the
 * configuration error. A route whose key is unset stays closed.
 */
export function inboundConfig(env, json, fail) {
  const routes = new Map();
  for (const name of Object.keys(ROUTES)) {
    const up = name.toUpperCase();
    const key = env[`IN_${up}_KEY`];
    if (key === undefined || key === null || key === "") continue;
    if (typeof key !== "string" || key.length < 16 || !/^[\x21-\x7e]+$/.test(key)) fail(`IN_${up}_KEY must be at least 16 printable ASCII characters`);
    const fields = json(`IN_${up}_FIELDS`, {});
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) fail(`IN_${up}_FIELDS must be a JSON object {"<vendor field>": "<lead field>"}`);
    routes.set(name, { key, fields, form: env.IN_HUBSPOT_FORM || undefined, orgId: env.IN_SALESFORCE_ORG_ID || undefined });
  }
  return routes;
}

function same(a, b) {
  if (typeof a !== "string" || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

async function idBase(route, bytes) {
  // The same payload sent again (a vendor's retry) gets the same id, so targets dedupe it.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `${route}-${Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Handles POST /in/<route>; throws HttpError for the caller to answer.
 * `tokens`: the Store for OAuth targets' tokens, or null (stateless).
 */
export async function handleInbound(request, config, route, cors, tokens = null) {
  const spec = Object.hasOwn(ROUTES, route) ? ROUTES[route] : undefined;
  if (!spec) throw new HttpError(404, "not_found", `no inbound route ${JSON.stringify(route.slice(0, 40))}`);
  if (request.method !== "POST") throw new HttpError(405, "method_not_allowed", "use POST", { allow: "POST" });
  const settings = config.inbound.get(route);
  if (!settings) throw new HttpError(403, "inbound_disabled", `this route is closed until IN_${route.toUpperCase()}_KEY is set`);
  if (spec.auth === "key") {
    const given = new URL(request.url).searchParams.get("key") ?? request.headers.get("x-leadgate-key");
    if (!same(given, settings.key)) throw new HttpError(401, "unauthorized", "the route's key is missing or wrong");
  } else {
    try {
      pipedrive.verify(request.headers.get("authorization"), { user: "leadgate", password: settings.key });
    } catch {
      throw new HttpError(401, "unauthorized", "the webhook's Basic credentials are missing or wrong", { "www-authenticate": 'Basic realm="leadgate"' });
    }
  }
  const kind = bodyKind(request.headers.get("content-type"));
  if (kind !== spec.kind) {
    throw new HttpError(415, "unsupported_media_type", `this route takes ${spec.kind === "json" ? "application/json" : "application/x-www-form-urlencoded"}`);
  }
  const navigation = isNavigation(request, kind);
  const bytes = await readBody(request, config.maxBodyBytes, {
    deadlineMs: config.bodyTimeoutMs,
    maxReading: config.maxReading,
    encoding: bodyEncoding(request.headers.get("content-encoding")),
  });
  if (bytes.byteLength === 0) throw new HttpError(400, "empty_body", "the body is empty");
  const text = decodeUtf8(bytes);
  let leads;
  try {
    leads = spec.read(text, settings);
  } catch (e) {
    if (!(e instanceof ConnectorError)) throw e;
    // An event that makes no lead (a deletion, a deal): acknowledged, so the vendor does not retry it.
    if (e.code === "unsupported_event") return json(202, { ignored: true, reason: e.message }, cors);
    throw new HttpError(STATUS[e.code] ?? 422, e.code, e.message);
  }
  // A re-post from the retry page (pages.js) carries the id it was given.
  const reposted = kind === "form" ? new URLSearchParams(text).get("submission_id") : null;
  const base = reposted !== null && /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/.test(reposted) ? reposted : await idBase(route, bytes);
  const results = [];
  const stages = [];
  let failed = null;
  for (const [i, { lead: mapped, warnings }] of leads.entries()) {
    const id = leads.length === 1 ? base : `${base}-${i}`;
    const lead = {};
    for (const key of Object.keys(mapped)) if (!config.stripped.has(key)) lead[key] = mapped[key];
    const receivedAt = new Date();
    const r = await scoreAndDeliver(config, lead, id, receivedAt, receivedAt, tokens);
    if (warnings.length > 0) console.error(JSON.stringify({ level: "info", event: "inbound_warnings", route, submission_id: id, warnings: warnings.length }));
    if (r.failure !== null) {
      console.error(JSON.stringify({ level: "warn", event: "delivery_failed", route, submission_id: id, team: r.outcome.route?.team ?? null, reason: r.failure }));
      failed = { id, wait: Math.max(config.retryAfter, r.retryAfter ?? 0) };
      break; // the vendor retries the whole payload; what was delivered is deduped by its id
    }
    results.push({ submission_id: id, delivered: r.delivered, ...visible(r.outcome, config.expose) });
    stages.push(r.outcome.stage);
  }
  if (failed) {
    if (navigation) {
      const fields = {};
      for (const [k, v] of new URLSearchParams(text)) fields[k] = Object.hasOwn(fields, k) ? [fields[k], v].flat() : v;
      const url = new URL(request.url);
      return retryResponse(fields, failed.id, `${url.pathname}${url.search}`, failed.wait, cors);
    }
    return json(503, { error: { code: "delivery_failed", message: "the lead could not be handed to sales yet; send the same payload again" }, submission_id: failed.id },
      { ...cors, "retry-after": String(failed.wait) });
  }
  if (navigation && results.length === 1) return thanksResponse(config, stages[0], cors);
  return json(200, results.length === 1 ? results[0] : { leads: results }, cors);
}
