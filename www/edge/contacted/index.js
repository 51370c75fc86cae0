// The CRMs' "contacted" callbacks: the event in each CRM that counts as the
// first sales contact stops the lead's SLA clock (durable mode).
//
//   POST /sla/contacted/hubspot     a workflow's "Send a webhook": X-HubSpot-Signature-v3 or v2 (SLA_HUBSPOT_APP_SECRET)
//                                   or the API key HubSpot adds (SLA_HUBSPOT_KEY: X-Leadgate-Key header or ?key=)
//   POST /sla/contacted/rdstation   an RD Station Marketing webhook, ?key=SLA_RDSTATION_KEY (RD signs nothing)
//   POST /sla/contacted/pipedrive   a Pipedrive webhook v2 on activities, Basic leadgate:SLA_PIPEDRIVE_KEY
//   POST /sla/contacted/salesforce  an Outbound Message (SOAP), ?key=SLA_SALESFORCE_KEY, OrganizationId = SLA_SALESFORCE_ORG_ID
//   GET  /sla/contacted             Bearer ADMIN_TOKEN: what each callback did (contacted, already, ignored by reason)
//
// Each route is closed (403 callback_disabled) until its secret is set. A
// callback that stops nothing (an unknown lead, not a contact event) is
// acknowledged (202, Salesforce's SOAP Ack) and counted, so the CRM does not
// retry it; a wrong secret is 401; a storage or CRM-lookup failure is 503
// (the CRM retries). Secrets are compared in constant time and never echoed.
// Which event counts, per CRM: vendors.js; the lead it names: leads.js.
import { pipedrive as pipedriveConnector, rdstation as rdConnector } from "leadgate/connectors";
import { HttpError, bodyKind, readBody, decodeUtf8 } from "../input.js";
import { secretMatches } from "../state/store.js";
import { VENDORS } from "./vendors.js";
import { ACK, SoapError } from "./soap.js";
import { applyContact, count, counts } from "./leads.js";

export const CONTACTED_PATH = "/sla/contacted";
const HUBSPOT_MAX_AGE_MS = 5 * 60_000;

const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
const error = (status, code, message, headers = {}) => json(status, { error: { code, message } }, headers);

function secret(env, name, fail, min = 16) {
  const v = env[name];
  if (v === undefined || v === null || v === "") return null;
  if (typeof v !== "string" || v.length < min || !/^[\x21-\x7e]+$/.test(v)) fail(`${name} must be at least ${min} printable ASCII characters`);
  return v;
}

/**
 * The SLA_* callback bindings, checked (fail closed: a route without its
 * secret stays closed; one whose other settings are wrong makes the worker
 * misconfigured, naming the binding, never its value). `durable`: whether
 * LEADGATE_STATE is bound (the callbacks stop clocks kept there).
 */
export function contactedConfig(env, durable, fail) {
  const routes = new Map();
  const hub = { appSecret: secret(env, "SLA_HUBSPOT_APP_SECRET", fail), key: secret(env, "SLA_HUBSPOT_KEY", fail) };
  if (hub.appSecret || hub.key) routes.set("hubspot", { ...hub, openStatuses: env.SLA_HUBSPOT_OPEN_STATUSES });
  const rdKey = secret(env, "SLA_RDSTATION_KEY", fail);
  if (rdKey) {
    // leadgate's own RD target marking opportunities would fire
    // WEBHOOK.MARKED_OPPORTUNITY at every hand-off: refuse the pair.
    let targets = env.TARGETS ?? null;
    try {
      if (typeof targets === "string") targets = JSON.parse(targets);
    } catch {
      targets = null; // config.js reports a bad TARGETS itself
    }
    for (const [team, spec] of Object.entries(targets && typeof targets === "object" ? targets : {})) {
      if (spec?.type !== "rdstation") continue;
      const map = spec.stageMap ?? rdConnector.DEFAULT_STAGE_MAP;
      const marks = Object.keys(map).filter((stage) => map[stage]?.opportunity === true);
      if (marks.length > 0) fail(`SLA_RDSTATION_KEY: TARGETS[${JSON.stringify(team)}] marks ${marks.join(", ")} leads as opportunities itself, so RD's WEBHOOK.MARKED_OPPORTUNITY would stop every clock at the hand-off; give it a stageMap with "opportunity": false and let sales mark opportunities`);
    }
    routes.set("rdstation", { key: rdKey, conversions: env.SLA_RDSTATION_CONVERSIONS });
  }
  const pdKey = secret(env, "SLA_PIPEDRIVE_KEY", fail);
  if (pdKey) {
    const token = env.PIPEDRIVE_API_TOKEN;
    if (typeof token !== "string" || token === "") fail("SLA_PIPEDRIVE_KEY needs PIPEDRIVE_API_TOKEN: an activity names its lead and person by id, looked up in Pipedrive");
    let api;
    if (env.SLA_PIPEDRIVE_API_BASE) {
      let u;
      try {
        u = new URL(env.SLA_PIPEDRIVE_API_BASE);
      } catch {
        fail("SLA_PIPEDRIVE_API_BASE must be a URL");
      }
      if (u.protocol !== "https:" && !(u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost"))) fail("SLA_PIPEDRIVE_API_BASE must be https (http only to loopback)");
      api = u.origin;
    } else {
      const domain = env.SLA_PIPEDRIVE_DOMAIN;
      if (typeof domain !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/i.test(domain)) fail("SLA_PIPEDRIVE_KEY needs SLA_PIPEDRIVE_DOMAIN, the company subdomain (acme for acme.pipedrive.com)");
      api = `https://${domain}.pipedrive.com`;
    }
    routes.set("pipedrive", { key: pdKey, token, api, activityTypes: env.SLA_PIPEDRIVE_ACTIVITY_TYPES });
  }
  const sfKey = secret(env, "SLA_SALESFORCE_KEY", fail);
  if (sfKey) {
    const org = env.SLA_SALESFORCE_ORG_ID;
    if (typeof org !== "string" || !/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(org)) fail("SLA_SALESFORCE_KEY needs SLA_SALESFORCE_ORG_ID, the org's id (00D…, 15 or 18 characters)");
    routes.set("salesforce", { key: sfKey, orgId: org.slice(0, 15), openStatuses: env.SLA_SALESFORCE_OPEN_STATUSES });
  }
  if (routes.size > 0 && !durable) fail("the SLA_* CRM callbacks need LEADGATE_STATE: they stop SLA clocks kept in the storage");
  return routes;
}

/** HubSpot's requestUri for v3: the URL with these escapes decoded, as its page lists them. */
const HUBSPOT_DECODED = { "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";" };

/**
 * X-HubSpot-Signature-v3: base64 HMAC-SHA256, keyed by the app's client
 * secret, of method + URI + body + X-HubSpot-Request-Timestamp (ms; refused
 * when more than 5 minutes away). https://developers.hubspot.com/docs/api/webhooks/validating-requests
 */
async function hubspotSigned(request, text, appSecret, now) {
  const sig = request.headers.get("x-hubspot-signature-v3");
  const ts = request.headers.get("x-hubspot-request-timestamp");
  if (!sig || !ts || !/^\d{1,15}$/.test(ts) || Math.abs(now - Number(ts)) > HUBSPOT_MAX_AGE_MS) return false;
  const uri = request.url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => HUBSPOT_DECODED[m.toUpperCase()]);
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(appSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${request.method}${uri}${text}${ts}`)));
  return secretMatches(sig, btoa(String.fromCharCode(...mac)));
}

/**
 * The v2 signature (`X-HubSpot-Signature-Version: v2`): hex SHA-256 of
 * client secret + method + URI + body. HubSpot documents v2 for workflow
 * webhook actions; it carries no timestamp, so a replay verifies — harmless
 * here, a callback is idempotent (the earliest contact wins).
 */
async function hubspotSignedV2(request, text, appSecret) {
  const sig = request.headers.get("x-hubspot-signature");
  if (!sig || request.headers.get("x-hubspot-signature-version") !== "v2") return false;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${appSecret}${request.method}${request.url}${text}`)));
  return secretMatches(sig.toLowerCase(), Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
}

async function keyGiven(request, key) {
  const given = new URL(request.url).searchParams.get("key") ?? request.headers.get("x-leadgate-key") ?? "";
  return secretMatches(given, key);
}

async function authenticated(vendor, request, text, s, now) {
  if (vendor === "hubspot") {
    if (s.appSecret && request.headers.has("x-hubspot-signature-v3")) return hubspotSigned(request, text, s.appSecret, now);
    if (s.appSecret && request.headers.has("x-hubspot-signature")) return hubspotSignedV2(request, text, s.appSecret);
    return s.key ? keyGiven(request, s.key) : false;
  }
  if (vendor === "pipedrive") {
    try {
      pipedriveConnector.verify(request.headers.get("authorization"), { user: "leadgate", password: s.key });
      return true;
    } catch {
      return false;
    }
  }
  return keyGiven(request, s.key);
}

/** GET of a Pipedrive record (`data`), null when it does not exist; a failure throws a 503 (Pipedrive retries the webhook). */
function pipedriveLookup(s, timeoutMs) {
  return async (path) => {
    let r;
    try {
      r = await fetch(`${s.api}${path}`, { headers: { "x-api-token": s.token, accept: "application/json" }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      throw new HttpError(503, "crm_lookup_failed", "pipedrive: the lookup did not answer; retry", { "retry-after": "10" });
    }
    if (r.status === 404) return null;
    const body = r.status === 200 ? await r.json().catch(() => null) : null;
    if (body?.success !== true) {
      // Loud: a 401 here is a wrong PIPEDRIVE_API_TOKEN, not the webhook's fault.
      console.error(JSON.stringify({ level: "error", event: "crm_lookup_failed", source: "pipedrive", status: r.status }));
      throw new HttpError(503, "crm_lookup_failed", `pipedrive: the lookup answered ${r.status}; retry`, { "retry-after": "10" });
    }
    return body.data ?? null;
  };
}

async function callback(request, vendor, config, backend) {
  const spec = VENDORS[vendor];
  const s = config.contacted.get(vendor);
  if (!s) return error(403, "callback_disabled", `this callback is closed until its secret binding is set (docs/connectors.md, "Contacted")`);
  if (request.method !== "POST") return error(405, "method_not_allowed", "use POST", { allow: "POST" });
  const type = request.headers.get("content-type") ?? "";
  const xml = /^(text\/xml|application\/soap\+xml|application\/xml)\s*(;|$)/i.test(type);
  if (spec.kind === "xml" ? !xml : bodyKind(type) !== "json") {
    throw new HttpError(415, "unsupported_media_type", `this callback takes ${spec.kind === "xml" ? "text/xml (SOAP)" : "application/json"}`);
  }
  const bytes = await readBody(request, Math.max(spec.maxBytes, config.maxBodyBytes),
    { deadlineMs: config.bodyTimeoutMs, maxReading: config.maxReading });
  const text = decodeUtf8(bytes);
  const now = Date.now();
  if (!(await authenticated(vendor, request, text, s, now))) {
    const basic = vendor === "pipedrive" ? { "www-authenticate": 'Basic realm="leadgate"' } : {};
    return error(401, "unauthorized", "the callback's signature or key is missing or wrong", basic);
  }
  if (text.trim() === "") throw new HttpError(400, "empty_body", "the body is empty");
  let read;
  try {
    read = await spec.read(text, s, now, pipedriveLookup(s, config.webhookTimeoutMs));
  } catch (e) {
    if (e instanceof SoapError) throw new HttpError(400, "bad_soap", `not an Outbound Message: ${e.message}`);
    throw e;
  }
  if (vendor === "salesforce" && read.organizationId.slice(0, 15) !== s.orgId) {
    return error(403, "wrong_org", "the message is from another Salesforce org");
  }
  const leads = [];
  let reason = read.ignored ?? null;
  for (const event of read.events) {
    const out = await applyContact(backend, vendor, event, now);
    leads.push(...out.leads);
    reason = out.reason ?? reason;
  }
  const outcome = leads.some((l) => l.result === "contacted") ? "contacted" : leads.some((l) => l.result === "already") ? "already" : "ignored";
  await count(backend, vendor, outcome, reason ?? "not_contact_event", now);
  console.error(JSON.stringify({ level: "info", event: "contacted_callback", source: vendor, outcome, ...(outcome === "ignored" ? { reason } : {}), leads: leads.length }));
  if (vendor === "salesforce") return new Response(ACK, { status: 200, headers: { "content-type": "text/xml; charset=utf-8" } });
  if (outcome === "ignored") return json(202, { ignored: true, reason: reason ?? "not_contact_event" });
  return json(200, { result: outcome, leads });
}

/** Whether `path` is one of these routes. */
export function isContactedRoute(path) {
  return path === CONTACTED_PATH || path.startsWith(`${CONTACTED_PATH}/`);
}

/**
 * Answers one of these routes (durable mode: `backend` is not null);
 * `bearer(request, secrets)` is the admin check of sla-routes.js. HttpErrors
 * and storage failures are left to the caller (sla-routes.js answers them).
 */
export async function contactedRoute(request, path, config, backend, bearer) {
  if (path === CONTACTED_PATH) {
    if (request.method !== "GET") return error(405, "method_not_allowed", "use GET", { allow: "GET" });
    const denied = await bearer(request, [config.durable.adminToken]);
    if (denied) return denied;
    return json(200, { callbacks: await counts(backend, Object.keys(VENDORS)), open: [...config.contacted.keys()] });
  }
  const vendor = path.slice(CONTACTED_PATH.length + 1);
  if (!Object.hasOwn(VENDORS, vendor)) return error(404, "not_found", "the callbacks are /sla/contacted/hubspot, rdstation, pipedrive and salesforce");
  return callback(request, vendor, config, backend);
}
