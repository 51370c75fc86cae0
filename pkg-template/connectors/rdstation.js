// RD Station Marketing: inbound webhooks (the legacy `{"leads": [...]}`
// payload and the current WEBHOOK.CONVERTED / WEBHOOK.MARKED_OPPORTUNITY
// contact payload) → leads; outbound: a delivery → the contact upserted by
// e-mail with leadgate's custom fields, and its default funnel (lifecycle
// stage, opportunity, owner, fit) updated, through the REST API with OAuth.
//
// Documentation the shapes come from:
// - current webhook payload: https://developers.rdstation.com/reference/webhooks-payload-copy
// - webhooks (event types, no signature; a secret can only ride in the URL):
//   https://developers.rdstation.com/en/reference/webhooks
// - legacy webhook payload (`leads`, `first_conversion`, `last_conversion`,
//   `custom_fields`, `lead_stage`): https://legacydevelopers.rdstation.com/en/integrations/webhooks
// - contacts (upsert by e-mail: PATCH /platform/contacts/email:{email}):
//   https://legacydevelopers.rdstation.com/en/reference/contacts
// - funnels (PUT /platform/contacts/email:{email}/funnels/default):
//   https://legacydevelopers.rdstation.com/en/reference/contacts/funnels
// - OAuth (POST /auth/token with client_id, client_secret, refresh_token):
//   https://developers.rdstation.com/en/authentication
import { ConnectorError } from "./errors.js";
import { readJson, objectAt, arrayAt, emailOf, applyTable, addCustom, warnUnmapped, leafValue, LIMITS } from "./inbound.js";
import { expectOk, withOAuth, settle, required, baseUrl } from "./http.js";
import { tokenSource, refreshRequest } from "./oauth.js";
import { factsOf, compact } from "./delivery.js";

const VENDOR = "rdstation";

/** Legacy payload, per lead: RD field → lead field. */
export const LEGACY_MAPPING = [
  ["email", "email"],
  ["name", "name"],
  ["company", "company"],
  ["job_title", "job_title"],
  ["personal_phone", "phone"],
  ["mobile_phone", "mobile_phone"],
  ["website", "website"],
  ["city", "city"],
  ["state", "state"],
  ["tags", "tags"],
  ["number_conversions", "conversions"],
  ["lead_stage", "rd_lead_stage"],
];
/** Legacy conversion objects: RD field → lead field. */
export const LEGACY_CONVERSION_MAPPING = [
  ["last_conversion.content.identificador", "form"],
  ["last_conversion.conversion_origin.source", "utm_source"],
  ["last_conversion.conversion_origin.medium", "utm_medium"],
  ["last_conversion.conversion_origin.campaign", "utm_campaign"],
  ["first_conversion.conversion_origin.source", "first_utm_source"],
];
/** Legacy fields read on purpose by nothing: RD's own scores and ids (leadgate computes its own). */
const LEGACY_IGNORED = ["id", "uuid", "public_url", "created_at", "opportunity", "user", "bio", "fit_score", "interest",
  "first_conversion", "last_conversion", "custom_fields"];

/** Current (WEBHOOK.CONVERTED) payload: `contact` field → lead field; `cf_*` custom fields keep their name without `cf_`. */
export const CONTACT_MAPPING = [
  ["email", "email"],
  ["name", "name"],
  ["job_title", "job_title"],
  ["personal_phone", "phone"],
  ["mobile_phone", "mobile_phone"],
  ["website", "website"],
  ["city", "city"],
  ["state", "state"],
  ["country", "country"],
  ["tags", "tags"],
];
/** `funnel` field → lead field (RD's view of the contact, for the record; never `previous_stage`). */
export const FUNNEL_MAPPING = [
  ["lifecycle_stage", "rd_lifecycle_stage"],
  ["opportunity", "rd_opportunity"],
  ["contact_owner_email", "owner_email"],
];
const CONTACT_IGNORED = ["uuid", "bio", "facebook", "linkedin", "twitter", "company", "funnel", "legal_bases",
  "created_at", "updated_at", "extra_emails", "birthdate"];
const EVENTS = new Set(["WEBHOOK.CONVERTED", "WEBHOOK.MARKED_OPPORTUNITY"]);

function dig(object, path) {
  let v = object;
  for (const part of path.split(".")) {
    if (typeof v !== "object" || v === null || Array.isArray(v) || !Object.hasOwn(v, part)) return undefined;
    v = v[part];
  }
  return v;
}

function legacyLead(raw, i, warnings) {
  const path = `$.leads[${i}]`;
  const source = objectAt(raw, path);
  const lead = { email: emailOf(source.email, `${path}.email`) };
  applyTable(source, LEGACY_MAPPING.slice(1), lead, warnings, path);
  for (const [from, to] of LEGACY_CONVERSION_MAPPING) {
    const v = dig(source, from);
    if (v === undefined || v === null || v === "") continue;
    const got = leafValue(v, `${path}.${from}`, warnings);
    if (got !== undefined) lead[to] = got;
  }
  const custom = objectAt(source.custom_fields, `${path}.custom_fields`, true) ?? {};
  for (const [name, value] of Object.entries(custom)) addCustom(lead, name, value, `${path}.custom_fields.${name}`, warnings);
  warnUnmapped(source, new Set([...LEGACY_MAPPING.map((r) => r[0]), ...LEGACY_IGNORED]), path, warnings);
  return lead;
}

function contactLead(payload, warnings) {
  const contact = objectAt(payload.contact, "$.contact");
  const lead = { email: emailOf(contact.email, "$.contact.email") };
  applyTable(contact, CONTACT_MAPPING.slice(1), lead, warnings, "$.contact");
  const company = objectAt(contact.company, "$.contact.company", true);
  if (company && typeof company.name === "string" && company.name !== "") {
    const v = leafValue(company.name, "$.contact.company.name", warnings);
    if (v !== undefined) lead.company = v;
  }
  if (typeof payload.event_identifier === "string" && payload.event_identifier !== "") {
    const v = leafValue(payload.event_identifier, "$.event_identifier", warnings);
    if (v !== undefined) lead.form = v;
  }
  const funnel = objectAt(contact.funnel ?? payload.funnel, "$.contact.funnel", true);
  if (funnel) applyTable(funnel, FUNNEL_MAPPING, lead, warnings, "$.contact.funnel");
  for (const [i, basis] of arrayAt(contact.legal_bases, "$.contact.legal_bases", true).entries()) {
    const b = objectAt(basis, `$.contact.legal_bases[${i}]`);
    if (typeof b.category === "string" && /^[a-z_]{1,40}$/.test(b.category) && typeof b.status === "string") {
      lead[`consent_${b.category}`] = b.status;
    } else {
      warnings.push(`$.contact.legal_bases[${i}]: not a {category, status} pair, dropped`);
    }
  }
  const known = new Set([...CONTACT_MAPPING.map((r) => r[0]), ...CONTACT_IGNORED]);
  for (const [key, value] of Object.entries(contact)) {
    if (key.startsWith("cf_") && key.length > 3) addCustom(lead, key.slice(3), value, `$.contact.${key}`, warnings);
    else if (!known.has(key)) warnings.push(`$.contact.${key}: not mapped, dropped`);
  }
  return lead;
}

/**
 * Leads from an RD Station webhook body (object, JSON text or bytes): the
 * legacy `{ leads: [...] }` payload gives one per lead (at most
 * LIMITS.maxLeads), the current contact payload one. Each is
 * `{ lead, warnings }`. Throws a ConnectorError with a `code` for a payload
 * that is not one of these (`bad_payload`, `unsupported_event`,
 * `missing_email`, `bad_email`, `duplicate_key`, `forbidden_key`, …).
 */
export function toLeads(input) {
  const payload = readJson(input);
  if (Object.hasOwn(payload, "leads")) {
    const leads = arrayAt(payload.leads, "$.leads");
    if (leads.length === 0) throw new ConnectorError("bad_payload", "$.leads is empty", { path: "$.leads" });
    if (leads.length > LIMITS.maxLeads) throw new ConnectorError("too_many_leads", `at most ${LIMITS.maxLeads} leads per payload, got ${leads.length}`, { path: "$.leads" });
    return leads.map((raw, i) => {
      const warnings = [];
      return { lead: legacyLead(raw, i, warnings), warnings };
    });
  }
  if (!EVENTS.has(payload.event_type)) {
    throw new ConnectorError("unsupported_event", `event_type must be WEBHOOK.CONVERTED or WEBHOOK.MARKED_OPPORTUNITY (or a legacy { leads } payload), got ${JSON.stringify(String(payload.event_type)).slice(0, 60)}`, { path: "$.event_type" });
  }
  const warnings = [];
  return [{ lead: contactLead(payload, warnings), warnings }];
}

/** leadgate stage → RD's default funnel (`lifecycle_stage`: Lead, Qualified Lead, Client; `opportunity`). */
export const DEFAULT_STAGE_MAP = Object.freeze({
  SQL: { lifecycle_stage: "Qualified Lead", opportunity: true },
  MQL: { lifecycle_stage: "Qualified Lead", opportunity: false },
  lead: { lifecycle_stage: "Lead", opportunity: false },
});

/** leadgate fact → RD custom field (create them in RD as text fields first; docs/connectors.md). */
export const DEFAULT_CUSTOM_FIELDS = Object.freeze({
  stage: "cf_leadgate_stage",
  score: "cf_leadgate_score",
  grade: "cf_leadgate_grade",
  persona: "cf_leadgate_persona",
  team: "cf_leadgate_team",
  respondBy: "cf_leadgate_respond_by",
  modelHash: "cf_leadgate_model_hash",
  id: "cf_leadgate_submission_id",
});

/**
 * The requests for one delivery with `token`, as RD documents them: the
 * contact upsert, then the funnel update. Exported for the contract tests.
 */
export function buildRequests(delivery, token, options = {}) {
  const f = factsOf(delivery);
  const api = baseUrl(VENDOR, options.apiBase ?? "https://api.rd.services", "apiBase");
  const fields = { ...DEFAULT_CUSTOM_FIELDS, ...options.customFields };
  const ref = `email:${encodeURIComponent(f.email).replace("%40", "@")}`;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" };
  const contact = compact({ name: f.name, job_title: f.jobTitle });
  for (const [fact, field] of Object.entries(fields)) {
    if (field && f[fact] !== undefined) contact[field] = String(f[fact]);
  }
  // Consent as RD records it: a legal basis per category, only when the
  // visitor answered (https://developers.rdstation.com/reference/contatos).
  const bases = [];
  if (f.consent.communications) bases.push({ category: "communications", type: "consent", status: f.consent.communications });
  if (f.consent.processing) bases.push({ category: "data_processing", type: "consent", status: f.consent.processing });
  if (bases.length > 0 && options.consent !== false) contact.legal_bases = bases;
  const stage = (options.stageMap ?? DEFAULT_STAGE_MAP)[f.stage];
  const requests = [{ what: "the contact upsert", url: `${api}/platform/contacts/${ref}`, method: "PATCH", headers, body: JSON.stringify(contact) }];
  if (stage) {
    const owner = f.team !== undefined ? options.owners?.[f.team] : undefined;
    const funnel = compact({
      lifecycle_stage: stage.lifecycle_stage,
      opportunity: stage.opportunity,
      contact_owner_email: owner,
      fit: f.fit !== undefined ? Math.max(0, Math.round(f.fit)) : undefined,
      interest: f.engagement !== undefined ? Math.max(0, Math.round(f.engagement)) : undefined,
    });
    requests.push({ what: "the funnel update", url: `${api}/platform/contacts/${ref}/funnels/default`, method: "PUT", headers, body: JSON.stringify(funnel) });
  }
  return requests;
}

/**
 * Delivers to RD Station Marketing. Options: `clientId`, `clientSecret`,
 * `refreshToken` (bindings), `storage` (token cache), `apiBase`,
 * `stageMap`, `customFields`, `owners` (`{ team: owner e-mail }`), `fetch`,
 * `timeoutMs`. Resolves to `{ ok: true, requests }` or
 * `{ ok: false, code, message, retryable, retryAfter? }`; never rejects.
 */
export function deliver(delivery, options = {}) {
  return settle(VENDOR, async () => {
    const clientId = required(VENDOR, options, "clientId");
    const clientSecret = required(VENDOR, options, "clientSecret");
    const refreshToken = required(VENDOR, options, "refreshToken");
    const auth = baseUrl(VENDOR, options.authBase ?? options.apiBase ?? "https://api.rd.services", "authBase");
    buildRequests(delivery, "-", options); // a bad delivery fails before any token is fetched
    const getToken = tokenSource(VENDOR, {
      storage: options.storage,
      key: `leadgate:oauth:rdstation:${clientId}`,
      now: options.now,
      refresh: () => refreshRequest(VENDOR, {
        url: `${auth}/auth/token`,
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken }),
      }, options),
    });
    let sent = 0;
    await withOAuth(VENDOR, getToken, async (token) => {
      for (const request of buildRequests(delivery, token, options).slice(sent)) {
        await expectOk(VENDOR, request.what, request, options);
        sent += 1;
      }
    });
    return { requests: sent };
  });
}
