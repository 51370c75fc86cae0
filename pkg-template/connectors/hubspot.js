// HubSpot: inbound, the Forms API submission body a page sends to HubSpot
// (`fields[{name, value}]`, `context`, `legalConsentOptions`), accepted as
// sent: HubSpot does not sign it, so the edge's origin check and rate limits
// are its only doors; outbound, the contact upserted by e-mail through the
// CRM v3 objects API with leadgate's properties and a lifecycle stage.
//
// Documentation the shapes come from:
// - Forms submission body: https://developers.hubspot.com/docs/api-reference/legacy/marketing/forms/v3-legacy/submit-data-unauthenticated
// - batch upsert (POST /crm/v3/objects/contacts/batch/upsert, `idProperty`,
//   `objectWriteTraceId`): https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts
// - contacts and `lifecyclestage` internal values: https://developers.hubspot.com/docs-beta/crm/contacts
// - private app tokens (Authorization: Bearer): https://developers.hubspot.com/docs/api/private-apps
import { ConnectorError, show } from "./errors.js";
import { readJson, arrayAt, objectAt, emailOf, addCustom, leafValue, LIMITS } from "./inbound.js";
import { expectOk, attempt, failure, settle, required, baseUrl } from "./http.js";
import { factsOf, compact } from "./delivery.js";

const VENDOR = "hubspot";

/** HubSpot contact property (a form field's `name`) → lead field; other names are kept as they are. */
export const FIELD_MAPPING = [
  ["email", "email"],
  ["firstname", "first_name"],
  ["lastname", "last_name"],
  ["company", "company"],
  ["jobtitle", "job_title"],
  ["phone", "phone"],
  ["mobilephone", "mobile_phone"],
  ["website", "website"],
  ["city", "city"],
  ["state", "state"],
  ["country", "country"],
  ["industry", "industry"],
  ["numemployees", "company_size"],
  ["lifecyclestage", "hubspot_lifecycle_stage"],
];
/** `context` field → lead field. `ipAddress` is not kept (personal data leadgate does not score). */
export const CONTEXT_MAPPING = [
  ["pageUri", "page_uri"],
  ["pageName", "page_name"],
  ["hutk", "hutk"],
  ["sfdcCampaignId", "campaign_id"],
];
const FIELD_TO_LEAD = new Map(FIELD_MAPPING);

/**
 * A lead from a HubSpot Forms API submission body (object, JSON text or
 * bytes): `{ lead, warnings }`. A field named twice gives a list of its
 * values (multiple checkboxes), except `email`: two different addresses are
 * `duplicate_field`. Company fields (`objectTypeId` "0-2") are read with a
 * `company_` prefix (`name` is the company). `options.form` names the form
 * (the route knows which one posted: the body does not say).
 */
export function toLead(input, options = {}) {
  const body = readJson(input);
  const warnings = [];
  const fields = arrayAt(body.fields, "$.fields");
  if (fields.length > LIMITS.maxFields) throw new ConnectorError("too_many_fields", `at most ${LIMITS.maxFields} fields, got ${fields.length}`, { path: "$.fields" });
  const values = new Map(); // lead field → [value, path]
  for (const [i, raw] of fields.entries()) {
    const path = `$.fields[${i}]`;
    const field = objectAt(raw, path);
    if (typeof field.name !== "string" || field.name === "") throw new ConnectorError("bad_payload", `${path}.name must be a non-empty text`, { path: `${path}.name` });
    const type = field.objectTypeId ?? "0-1";
    let name;
    if (type === "0-1") name = FIELD_TO_LEAD.get(field.name) ?? field.name;
    else if (type === "0-2") name = field.name === "name" ? "company" : `company_${field.name}`;
    else {
      warnings.push(`${path}: objectTypeId ${show(type)} is not a contact or company field, dropped`);
      continue;
    }
    if (typeof field.value !== "string") {
      warnings.push(`${path}.value: dropped, HubSpot sends text, got ${show(field.value)} (wrong_type)`);
      continue;
    }
    if (field.value === "") continue;
    if (!values.has(name)) values.set(name, [field.value, path]);
    else {
      const seen = values.get(name);
      if (name === "email") {
        if (seen[0].trim().toLowerCase() !== field.value.trim().toLowerCase()) {
          throw new ConnectorError("duplicate_field", `email is given twice with different values (${path})`, { path });
        }
        continue;
      }
      seen[0] = Array.isArray(seen[0]) ? [...seen[0], field.value] : [seen[0], field.value];
    }
  }
  const emailEntry = values.get("email");
  const lead = { email: emailOf(emailEntry?.[0], emailEntry?.[1] ? `${emailEntry[1]}.value` : "$.fields[email]") };
  values.delete("email");
  for (const [name, [value, path]] of values) addCustom(lead, name, value, `${path}.value`, warnings);
  const context = objectAt(body.context, "$.context", true);
  if (context) {
    for (const [from, to] of CONTEXT_MAPPING) {
      if (context[from] === undefined || context[from] === null || context[from] === "") continue;
      const v = leafValue(context[from], `$.context.${from}`, warnings);
      if (v !== undefined) addCustom(lead, to, v, `$.context.${from}`, warnings);
    }
  }
  if (body.submittedAt !== undefined) {
    const ms = Number(body.submittedAt);
    if (Number.isSafeInteger(ms) && ms > 0) lead.submitted_at = new Date(ms).toISOString();
    else warnings.push(`$.submittedAt: dropped, not milliseconds since 1970: ${show(body.submittedAt)}`);
  }
  const legal = objectAt(body.legalConsentOptions, "$.legalConsentOptions", true);
  if (legal) {
    const consent = objectAt(legal.consent, "$.legalConsentOptions.consent", true);
    if (consent) {
      if (typeof consent.consentToProcess === "boolean") lead.consent_to_process = consent.consentToProcess;
      const granted = arrayAt(consent.communications, "$.legalConsentOptions.consent.communications", true)
        .filter((c) => c && c.value === true && Number.isSafeInteger(c.subscriptionTypeId))
        .map((c) => c.subscriptionTypeId);
      if (granted.length > 0) lead.consent_subscriptions = granted;
    }
    const interest = objectAt(legal.legitimateInterest, "$.legalConsentOptions.legitimateInterest", true);
    if (interest && typeof interest.legalBasis === "string") lead.consent_legal_basis = interest.legalBasis;
  }
  if (typeof options.form === "string" && options.form !== "" && !Object.hasOwn(lead, "form")) lead.form = options.form;
  return { lead, warnings };
}

/** leadgate stage → HubSpot `lifecyclestage` internal value. */
export const DEFAULT_LIFECYCLE = Object.freeze({ SQL: "salesqualifiedlead", MQL: "marketingqualifiedlead", lead: "lead" });

/** leadgate fact → HubSpot contact property (create them as single-line text properties first; docs/connectors.md). */
export const DEFAULT_PROPERTIES = Object.freeze({
  stage: "leadgate_stage",
  score: "leadgate_score",
  grade: "leadgate_grade",
  persona: "leadgate_persona",
  team: "leadgate_team",
  respondBy: "leadgate_respond_by",
  modelHash: "leadgate_model_hash",
  id: "leadgate_submission_id",
});

/** The upsert request for one delivery, as HubSpot documents it. Exported for the contract tests. */
export function buildRequest(delivery, options = {}) {
  const f = factsOf(delivery);
  const token = required(VENDOR, options, "token");
  const api = baseUrl(VENDOR, options.apiBase ?? "https://api.hubapi.com", "apiBase");
  const properties = compact({
    email: f.email,
    firstname: f.firstName,
    lastname: f.lastName,
    company: f.company,
    jobtitle: f.jobTitle,
    phone: f.phone,
    lifecyclestage: (options.lifecycle ?? DEFAULT_LIFECYCLE)[f.stage],
    hubspot_owner_id: f.team !== undefined ? options.owners?.[f.team] : undefined,
  });
  for (const [fact, property] of Object.entries({ ...DEFAULT_PROPERTIES, ...options.properties })) {
    if (property && f[fact] !== undefined) properties[property] = String(f[fact]);
  }
  // HubSpot's own "Legal basis for processing contact's data" property, set
  // only when the visitor consented on the form.
  if (options.consent !== false && (f.consent.processing === "granted" || f.consent.communications === "granted")) {
    properties.hs_legal_basis = "Freely given consent from contact";
  }
  const body = { inputs: [{ idProperty: "email", id: f.email, objectWriteTraceId: f.id, properties }] };
  return {
    url: `${api}/crm/v3/objects/contacts/batch/upsert`,
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  };
}

/**
 * The subscribe requests for the e-mail subscription types the visitor
 * ticked (their ids, as the Forms body's `legalConsentOptions` carries
 * them), else `options.subscriptionId` when a consent box was ticked; none
 * when the visitor did not consent. A decline unsubscribes nothing: it
 * only means "not asked to subscribe" here. As HubSpot documents it:
 * https://developers.hubspot.com/docs/api-reference/legacy/communication-preferences/v3/guide
 * Exported for the contract tests.
 */
export function buildSubscribeRequests(delivery, options = {}) {
  const f = factsOf(delivery);
  if (options.consent === false || f.consent.communications !== "granted") return [];
  const token = required(VENDOR, options, "token");
  const api = baseUrl(VENDOR, options.apiBase ?? "https://api.hubapi.com", "apiBase");
  const ids = f.consent.subscriptions.length > 0 ? f.consent.subscriptions : options.subscriptionId !== undefined ? [String(options.subscriptionId)] : [];
  return ids.map((subscriptionId) => ({
    url: `${api}/communication-preferences/v3/subscribe`,
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      emailAddress: f.email,
      subscriptionId,
      legalBasis: "CONSENT_WITH_NOTICE",
      legalBasisExplanation: `Consent given on the form (leadgate submission ${f.id})`,
    }),
  }));
}

/**
 * Delivers to HubSpot. Options: `token` (a private app's access token, from
 * a secret binding), `apiBase`, `lifecycle`, `properties`, `owners`
 * (`{ team: HubSpot owner id }`), `subscriptionId`, `consent`, `fetch`, `timeoutMs`. Resolves to
 * `{ ok: true, contactId }` or `{ ok: false, code, message, retryable,
 * retryAfter? }`; never rejects. The upsert is keyed by e-mail, so a repeat
 * updates the same contact. `subscriptionId`: the subscription type a
 * form's single consent box stands for; `consent: false` sends no consent.
 */
export function deliver(delivery, options = {}) {
  return settle(VENDOR, async () => {
    const answer = await expectOk(VENDOR, "the contact upsert", buildRequest(delivery, options), options);
    // 207 multi-status: some input failed (a property missing in the portal, say).
    const result = answer.json?.results?.[0];
    if (answer.status === 207 || (answer.json?.numErrors ?? 0) > 0 || typeof result?.id !== "string") {
      throw new ConnectorError("rejected", `${VENDOR}: the contact upsert was not applied (${answer.status}): check that the leadgate_* properties exist`, { status: answer.status, retryable: false, vendor: VENDOR });
    }
    // Then the subscriptions the visitor asked for. A retry repeats them;
    // one already in place is answered 400 "already subscribed", which is done.
    let subscribed = 0;
    for (const request of buildSubscribeRequests(delivery, options)) {
      const done = await attempt(VENDOR, request, options);
      if (done.status === 400 && /already subscribed/i.test(String(done.json?.message ?? ""))) continue;
      if (done.status < 200 || done.status > 299) throw failure(VENDOR, "the subscription", done);
      subscribed += 1;
    }
    return { contactId: result.id, subscribed };
  });
}
