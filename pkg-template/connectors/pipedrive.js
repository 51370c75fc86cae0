// Pipedrive: inbound, webhooks v2 (`meta`, `data`, `previous`) for persons,
// authenticated by the HTTP Basic credentials set on the webhook (Pipedrive
// signs nothing); outbound, the person found by e-mail or created, then a
// lead created for it with labels and an owner, with the API token in the
// `x-api-token` header.
//
// Documentation the shapes come from:
// - webhooks v2 (payload `meta` / `data` / `previous`, `meta.action`
//   create|change|delete, `meta.entity`; Basic auth via http_auth_user /
//   http_auth_password): https://pipedrive.readme.io/docs/guide-for-webhooks-v2
// - persons search (GET /api/v2/persons/search?term=&fields=email&exact_match=true)
//   and add (POST /api/v2/persons, `emails: [{ value, primary, label }]`):
//   https://developers.pipedrive.com/docs/api/v2/Persons
// - leads (POST /api/v1/leads: `title`, `person_id`, `owner_id`, `label_ids`):
//   https://developers.pipedrive.com/docs/api/v1/Leads#addLead
// - API token in the x-api-token header: https://pipedrive.readme.io/docs/how-to-find-the-api-token
import { ConnectorError, show } from "./errors.js";
import { readJson, objectAt, arrayAt, emailOf, addCustom, leafValue } from "./inbound.js";
import { expectOk, settle, required, baseUrl } from "./http.js";
import { factsOf, compact } from "./delivery.js";

const VENDOR = "pipedrive";

/** Person (`data`) field → lead field. `emails`/`phones`: the primary one, else the first. */
export const PERSON_MAPPING = [
  ["emails", "email"],
  ["name", "name"],
  ["first_name", "first_name"],
  ["last_name", "last_name"],
  ["phones", "phone"],
  ["org_name", "company"],
  ["job_title", "job_title"],
  ["owner_id", "pipedrive_owner_id"],
  ["label_ids", "pipedrive_label_ids"],
];
const PERSON_IGNORED = new Set(["id", "org_id", "add_time", "update_time", "visible_to", "is_deleted", "picture_id",
  "custom_fields", "emails", "phones", "im", "postal_address", "notes", "birthday", "marketing_status", "label_ids"]);

/** Timing-safe enough comparison of two texts (length leaks, content does not). */
function same(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Checks the Authorization header of a webhook delivery against the Basic
 * credentials configured on the webhook. Fails closed: without both
 * configured credentials every request is refused (`misconfigured`), and a
 * missing or wrong header is `unauthorized`.
 */
export function verify(authorization, { user, password } = {}) {
  if (typeof user !== "string" || user === "" || typeof password !== "string" || password.length < 16) {
    throw new ConnectorError("misconfigured", "pipedrive: the webhook's Basic credentials are not configured (password of at least 16 characters)");
  }
  let want;
  try {
    want = `Basic ${btoa(`${user}:${password}`)}`;
  } catch {
    // btoa takes Latin-1 only; Pipedrive's form takes any text, but HTTP Basic here is ASCII.
    throw new ConnectorError("misconfigured", "pipedrive: the webhook's Basic credentials must be ASCII");
  }
  if (typeof authorization !== "string" || !same(authorization.trim(), want)) {
    throw new ConnectorError("unauthorized", "pipedrive: the webhook's Basic credentials are missing or wrong");
  }
}

function primary(list, path, warnings) {
  const items = arrayAt(list, path, true);
  const pick = items.find((e) => e && e.primary === true) ?? items[0];
  if (pick === undefined) return undefined;
  if (typeof pick === "string") return pick;
  const o = objectAt(pick, `${path}[]`);
  if (typeof o.value !== "string") {
    warnings.push(`${path}: the value is not text, dropped`);
    return undefined;
  }
  return o.value;
}

/**
 * A lead from a Pipedrive webhook v2 body about a person
 * (`meta.entity` "person", `meta.action` "create" or "change"): `{ lead,
 * warnings }`. Other entities and deletions are `unsupported_event` (answer
 * them 2xx and ignore them). `options.customFields`: `{ "<40-hex key>": "lead field" }`.
 */
export function toLead(input, options = {}) {
  const body = readJson(input);
  const meta = objectAt(body.meta, "$.meta");
  if (meta.entity !== "person" || (meta.action !== "create" && meta.action !== "change")) {
    throw new ConnectorError("unsupported_event", `only person create/change events make leads, got ${show(`${meta.action}.${meta.entity}`)}`, { path: "$.meta" });
  }
  const data = objectAt(body.data, "$.data");
  const warnings = [];
  const lead = { email: emailOf(primary(data.emails, "$.data.emails", warnings) ?? data.email, "$.data.emails") };
  const phone = primary(data.phones, "$.data.phones", warnings);
  if (phone) lead.phone = phone;
  for (const [from, to] of PERSON_MAPPING) {
    if (from === "emails" || from === "phones" || data[from] === undefined || data[from] === null || data[from] === "") continue;
    const v = leafValue(data[from], `$.data.${from}`, warnings);
    if (v !== undefined) lead[to] = v;
  }
  const custom = objectAt(data.custom_fields, "$.data.custom_fields", true) ?? {};
  const names = options.customFields ?? {};
  for (const [key, value] of Object.entries(custom)) {
    if (typeof names[key] === "string") addCustom(lead, names[key], typeof value === "object" && value !== null && !Array.isArray(value) ? value.value : value, `$.data.custom_fields.${key}`, warnings);
    else if (value !== null) warnings.push(`$.data.custom_fields.${key}: not mapped, dropped (map it in customFields)`);
  }
  for (const key of Object.keys(data)) {
    if (!PERSON_IGNORED.has(key) && !PERSON_MAPPING.some((r) => r[0] === key) && key !== "email") warnings.push(`$.data.${key}: not mapped, dropped`);
  }
  return { lead, warnings };
}

function api(options) {
  if (options.apiBase) return baseUrl(VENDOR, options.apiBase, "apiBase");
  const domain = required(VENDOR, options, "companyDomain");
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(domain)) throw new ConnectorError("misconfigured", `${VENDOR}: companyDomain must be the subdomain only (acme for acme.pipedrive.com)`, { retryable: false, vendor: VENDOR });
  return `https://${domain}.pipedrive.com`;
}

function headers(options, json) {
  const h = { "x-api-token": required(VENDOR, options, "apiToken"), accept: "application/json" };
  if (json) h["content-type"] = "application/json";
  return h;
}

/** The visitor's answer → a new person's `marketing_status` (Pipedrive Campaigns); not known → not sent. */
const MARKETING_STATUS = Object.freeze({ granted: "subscribed", declined: "no_consent" });

/** The three requests of a delivery, as Pipedrive documents them (the second only when the search found nobody). Exported for the contract tests. */
export function buildRequests(delivery, options = {}) {
  const f = factsOf(delivery);
  const base = api(options);
  const owner = f.team !== undefined ? options.owners?.[f.team] : undefined;
  const search = new URLSearchParams({ term: f.email, fields: "email", exact_match: "true", limit: "1" });
  const labels = options.labels?.[f.stage];
  const lead = compact({
    title: `${f.name ?? f.email}: ${f.stage}${f.score !== undefined ? ` ${f.score}` : ""}${f.grade ? ` ${f.grade}` : ""} (${f.id})`,
    owner_id: owner,
    label_ids: Array.isArray(labels) && labels.length > 0 ? labels : undefined,
  });
  for (const [fact, key] of Object.entries(options.leadFields ?? {})) {
    if (key && f[fact] !== undefined) lead[key] = String(f[fact]);
  }
  return {
    search: { url: `${base}/api/v2/persons/search?${search}`, method: "GET", headers: headers(options, false) },
    person: {
      url: `${base}/api/v2/persons`, method: "POST", headers: headers(options, true),
      body: JSON.stringify(compact({ name: f.name ?? f.email, owner_id: owner, emails: [{ value: f.email, primary: true, label: "work" }],
        phones: f.phone ? [{ value: f.phone, primary: true, label: "work" }] : undefined,
        // Only accounts with Pipedrive Campaigns have the field: opt-in (`marketingStatus: true`).
        marketing_status: options.marketingStatus === true ? MARKETING_STATUS[f.consent.communications] : undefined })),
    },
    lead: (personId) => ({ url: `${base}/api/v1/leads`, method: "POST", headers: headers(options, true), body: JSON.stringify({ ...lead, person_id: personId }) }),
  };
}

function idOf(answer, what) {
  const id = answer.json?.data?.id;
  if (answer.json?.success !== true || (typeof id !== "number" && typeof id !== "string")) {
    throw new ConnectorError("rejected", `${VENDOR}: ${what} answered ${answer.status} without an id`, { status: answer.status, retryable: false, vendor: VENDOR });
  }
  return id;
}

/**
 * Delivers to Pipedrive. Options: `apiToken` (secret binding),
 * `companyDomain` (or `apiBase`), `owners` (`{ team: user id }`), `labels`
 * (`{ stage: [lead label uuid, …] }`), `leadFields` (`{ fact: custom field key }`),
 * `fetch`, `timeoutMs`. Resolves to `{ ok: true, personId, leadId, created }`
 * or `{ ok: false, code, message, retryable, retryAfter? }`; never rejects.
 * The person is found before it is created, so a retry reuses it; a lead
 * created by an attempt whose answer was lost is created again on retry,
 * with the same submission id in its title (see docs/connectors.md).
 */
export function deliver(delivery, options = {}) {
  return settle(VENDOR, async () => {
    const r = buildRequests(delivery, options);
    const found = await expectOk(VENDOR, "the person search", r.search, options);
    const items = found.json?.data?.items;
    let personId = Array.isArray(items) && items.length > 0 ? items[0]?.item?.id : undefined;
    const created = personId === undefined;
    if (created) personId = idOf(await expectOk(VENDOR, "the person creation", r.person, options), "the person creation");
    const leadId = idOf(await expectOk(VENDOR, "the lead creation", r.lead(personId), options), "the lead creation");
    return { personId, leadId, created };
  });
}
