// Salesforce: inbound, a Web-to-Lead post (application/x-www-form-urlencoded,
// sent by a browser: Salesforce does not sign it, `oid` is public, so only
// the org id check and the edge's origin check apply); outbound, the Lead
// upserted through the REST API by an external id (the submission id, so a
// retry updates the same Lead) with OAuth refresh-once, or a Web-to-Lead post.
//
// Documentation the shapes come from:
// - Web-to-Lead fields and endpoint (servlet.WebToLead?encoding=UTF-8, `oid`,
//   `retURL`, `first_name`, …, custom fields by their 15-character id):
//   https://help.salesforce.com/s/articleView?id=sf.setting_up_web-to-lead.htm
// - upsert by external id (PATCH /services/data/vXX.X/sobjects/Lead/{field}/{value}):
//   https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
// - Lead fields (LastName and Company required, Rating Hot/Warm/Cold):
//   https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm
// - refresh token flow (POST /services/oauth2/token, grant_type=refresh_token):
//   https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm
import { ConnectorError, show } from "./errors.js";
import { payloadText, emailOf, addCustom, LIMITS } from "./inbound.js";
import { expectOk, withOAuth, settle, required, baseUrl } from "./http.js";
import { tokenSource, refreshRequest } from "./oauth.js";
import { factsOf, compact } from "./delivery.js";

const VENDOR = "salesforce";

/** Web-to-Lead field → lead field. Custom fields (ids like `00N5e00000AbCdE`) go through `options.customFields`. */
export const WEB_TO_LEAD_MAPPING = [
  ["email", "email"],
  ["first_name", "first_name"],
  ["last_name", "last_name"],
  ["company", "company"],
  ["title", "job_title"],
  ["lead_source", "lead_source"],
  ["phone", "phone"],
  ["mobile", "mobile_phone"],
  ["URL", "website"],
  ["city", "city"],
  ["state", "state"],
  ["country", "country"],
  ["zip", "postal_code"],
  ["industry", "industry"],
  ["employees", "company_size"],
  ["description", "description"],
  ["Campaign_ID", "campaign_id"],
];
const MAPPED = new Map(WEB_TO_LEAD_MAPPING);
/** Web-to-Lead controls, not lead data. `retURL` is returned as `redirect` (where the form expected to go). */
const CONTROLS = new Set(["oid", "orgid", "retURL", "debug", "debugEmail", "encoding", "captcha_settings", "g-recaptcha-response", "member_status", "recordType"]);
const CUSTOM_ID = /^00N[A-Za-z0-9]{12}$/;

function part(s) {
  try {
    return decodeURIComponent(s.replaceAll("+", " "));
  } catch {
    throw new ConnectorError("bad_form", "the form body has a malformed percent-escape or invalid UTF-8");
  }
}

/** Pairs of an urlencoded body (text, bytes, or URLSearchParams), strictly decoded. */
function pairsOf(input) {
  if (input instanceof URLSearchParams) return [...input];
  const text = payloadText(input);
  const out = [];
  for (const piece of text.split("&")) {
    if (piece === "") continue;
    if (out.length >= LIMITS.maxFields) throw new ConnectorError("too_many_fields", `a form may have at most ${LIMITS.maxFields} fields`);
    const eq = piece.indexOf("=");
    const name = part(eq < 0 ? piece : piece.slice(0, eq));
    if (name === "") throw new ConnectorError("bad_form", "a form field has no name");
    if (name === "__proto__" || name === "constructor" || name === "prototype") throw new ConnectorError("forbidden_key", `the field ${show(name)} is not accepted`, { path: name });
    out.push([name, eq < 0 ? "" : part(piece.slice(eq + 1))]);
  }
  return out;
}

/**
 * A lead from a Web-to-Lead post: `{ lead, warnings, redirect }` (`redirect`:
 * the form's `retURL`, for the caller to check against its own allowed
 * list before using it). `options.orgId`: when set, a post for another org
 * (`oid`) is `wrong_org`. `options.customFields`: `{ "00N…": "lead field" }`.
 * A name given twice gives a list (multi-select picklists), except `email`
 * and `oid` (`duplicate_field`).
 */
export function toLead(input, options = {}) {
  const pairs = pairsOf(input);
  if (pairs.length === 0) throw new ConnectorError("empty_body", "the form has no fields");
  const warnings = [];
  const values = new Map();
  for (const [name, value] of pairs) {
    if (!values.has(name)) values.set(name, value);
    else if (name === "email" || name === "oid" || name === "retURL") {
      if (values.get(name) !== value) throw new ConnectorError("duplicate_field", `${name} is given twice with different values`, { path: name });
    } else {
      const seen = values.get(name);
      values.set(name, Array.isArray(seen) ? [...seen, value] : [seen, value]);
    }
  }
  const oid = values.get("oid") ?? values.get("orgid");
  if (options.orgId !== undefined && oid !== options.orgId) {
    throw new ConnectorError("wrong_org", `the post is for Salesforce org ${show(oid ?? null)}, not this one`, { path: "oid" });
  }
  const lead = { email: emailOf(values.get("email"), "email") };
  const custom = options.customFields ?? {};
  for (const [name, value] of values) {
    if (name === "email" || CONTROLS.has(name)) continue;
    if (MAPPED.has(name)) addCustom(lead, MAPPED.get(name), value, name, warnings);
    else if (CUSTOM_ID.test(name) && typeof custom[name] === "string") addCustom(lead, custom[name], value, name, warnings);
    else warnings.push(`${name}: not mapped, dropped${CUSTOM_ID.test(name) ? " (a custom field id: map it in customFields)" : ""}`);
  }
  const redirect = typeof values.get("retURL") === "string" && values.get("retURL") !== "" ? values.get("retURL") : undefined;
  return { lead, warnings, ...(redirect ? { redirect } : {}) };
}

/** leadgate stage → Lead `Rating` (a standard picklist). */
export const DEFAULT_RATING = Object.freeze({ SQL: "Hot", MQL: "Warm", lead: "Cold" });
/** leadgate fact → Lead custom field API name (create them first; the submission id one as Unique + External ID). */
export const DEFAULT_FIELDS = Object.freeze({
  stage: "Leadgate_Stage__c",
  score: "Leadgate_Score__c",
  grade: "Leadgate_Grade__c",
  persona: "Leadgate_Persona__c",
  team: "Leadgate_Team__c",
  respondBy: "Leadgate_Respond_By__c",
  modelHash: "Leadgate_Model_Hash__c",
});
/** The External ID field the upsert is keyed by. */
export const DEFAULT_EXTERNAL_ID = "Leadgate_Submission_Id__c";
/** REST API version used in paths. */
export const API_VERSION = "v62.0";
const NOT_PROVIDED = "[not provided]";

function requiredNames(f, warnings) {
  const lastName = f.lastName ?? (warnings.push(`LastName: the lead has no last name, "${NOT_PROVIDED}" sent (Salesforce requires one)`), NOT_PROVIDED);
  const company = f.company ?? (warnings.push(`Company: the lead has no company, "${NOT_PROVIDED}" sent (Salesforce requires one)`), NOT_PROVIDED);
  return { lastName, company };
}

/** The REST upsert for one delivery, as Salesforce documents it. Exported for the contract tests. */
export function buildRestRequest(delivery, token, instanceUrl, options = {}, warnings = []) {
  const f = factsOf(delivery);
  const base = baseUrl(VENDOR, instanceUrl, "instanceUrl");
  const { lastName, company } = requiredNames(f, warnings);
  const body = compact({
    FirstName: f.firstName,
    LastName: lastName,
    Company: company,
    Email: f.email,
    Title: f.jobTitle,
    Phone: f.phone,
    LeadSource: options.leadSource ?? "Web",
    Rating: (options.rating ?? DEFAULT_RATING)[f.stage],
    OwnerId: f.team !== undefined ? options.owners?.[f.team] : undefined,
    // Consent: only an explicit answer sets the standard opt-out field.
    HasOptedOutOfEmail: options.consent === false || !f.consent.communications ? undefined : f.consent.communications === "declined",
  });
  for (const [fact, field] of Object.entries({ ...DEFAULT_FIELDS, ...options.fields })) {
    if (field && f[fact] !== undefined) body[field] = fact === "score" ? f[fact] : String(f[fact]);
  }
  const external = options.externalIdField ?? DEFAULT_EXTERNAL_ID;
  return {
    url: `${base}/services/data/${options.apiVersion ?? API_VERSION}/sobjects/Lead/${encodeURIComponent(external)}/${encodeURIComponent(f.id)}`,
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  };
}

/** The Web-to-Lead post for one delivery. `options.fieldIds`: `{ stage: "00N…", score: "00N…", …, id: "00N…" }`. */
export function buildWebToLeadRequest(delivery, options = {}, warnings = []) {
  const f = factsOf(delivery);
  const oid = required(VENDOR, options, "orgId");
  const base = baseUrl(VENDOR, options.webToLeadBase ?? "https://webto.salesforce.com", "webToLeadBase");
  const { lastName, company } = requiredNames(f, warnings);
  const form = new URLSearchParams(compact({
    oid, first_name: f.firstName, last_name: lastName, email: f.email, company, title: f.jobTitle, phone: f.phone,
    lead_source: options.leadSource ?? "Web", rating: (options.rating ?? DEFAULT_RATING)[f.stage],
    // Web-to-Lead's opt-out checkbox (the generated form's `emailOptOut`, value 1): sent only when declined.
    emailOptOut: options.consent !== false && f.consent.communications === "declined" ? "1" : undefined,
  }));
  for (const [fact, id] of Object.entries(options.fieldIds ?? {})) {
    if (!CUSTOM_ID.test(id)) throw new ConnectorError("misconfigured", `${VENDOR}: fieldIds.${fact} is not a custom field id (00N…)`, { retryable: false, vendor: VENDOR });
    if (f[fact] !== undefined) form.append(id, String(f[fact]));
  }
  return {
    url: `${base}/servlet/servlet.WebToLead?encoding=UTF-8`,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  };
}

/**
 * Delivers to Salesforce. `options.mode`: `"rest"` (default; `clientId`,
 * `clientSecret`, `refreshToken`, `loginUrl`, optional `instanceUrl`,
 * `storage`, `fields`, `externalIdField`, `owners`) or `"web-to-lead"`
 * (`orgId`, `fieldIds`; no credentials, and no confirmation: Salesforce
 * answers 200 to every post). Resolves to `{ ok: true, warnings, … }` or
 * `{ ok: false, code, message, retryable, retryAfter? }`; never rejects.
 */
export function deliver(delivery, options = {}) {
  return settle(VENDOR, async () => {
    const warnings = [];
    if (options.mode === "web-to-lead") {
      await expectOk(VENDOR, "the Web-to-Lead post", buildWebToLeadRequest(delivery, options, warnings), options);
      return { warnings };
    }
    if (options.mode !== undefined && options.mode !== "rest") {
      throw new ConnectorError("misconfigured", `${VENDOR}: mode must be "rest" or "web-to-lead"`, { retryable: false, vendor: VENDOR });
    }
    const clientId = required(VENDOR, options, "clientId");
    const clientSecret = required(VENDOR, options, "clientSecret");
    const refreshToken = required(VENDOR, options, "refreshToken");
    const login = baseUrl(VENDOR, options.loginUrl ?? "https://login.salesforce.com", "loginUrl");
    factsOf(delivery); // a bad delivery fails before any token is fetched
    const getToken = tokenSource(VENDOR, {
      storage: options.storage,
      key: `leadgate:oauth:salesforce:${clientId}`,
      now: options.now,
      refresh: () => refreshRequest(VENDOR, {
        url: `${login}/services/oauth2/token`,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ grant_type: "refresh_token", client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken }).toString(),
      }, options),
    });
    const answer = await withOAuth(VENDOR, getToken, async (token) => {
      const instance = options.instanceUrl ?? getToken.extra().instance_url;
      if (typeof instance !== "string") throw new ConnectorError("misconfigured", `${VENDOR}: no instanceUrl option and none from the token endpoint`, { retryable: false, vendor: VENDOR });
      warnings.length = 0;
      return expectOk(VENDOR, "the Lead upsert", buildRestRequest(delivery, token, instance, options, warnings), options);
    });
    return { leadId: typeof answer.json?.id === "string" ? answer.json.id : undefined, created: answer.status === 201, warnings };
  });
}
