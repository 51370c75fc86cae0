// Each CRM's callback → contact events: which of its events counts as
// "contacted", how its payload names the lead, and when the contact
// happened. `read(body, settings, now, lookups)` resolves to { events:
// [{ id?, email?, at?, orNow, ref }], ignored?: reason }. Field names and
// shapes are the vendors' own, from the pages cited per vendor; the rule
// from event to lead is in leads.js, the routes and auth in index.js.
import { SUBMISSION_ID, parseJson } from "../input.js";
import { readNotifications } from "./soap.js";

/** A time as the CRMs write it: ms since 1970 (number or digits), RFC 3339, or "YYYY-MM-DD HH:MM:SS" (UTC, Pipedrive v1). */
export function timeOf(v) {
  if (typeof v === "number") return Number.isSafeInteger(v) && v > 0 ? v : undefined;
  if (typeof v !== "string" || v === "") return undefined;
  if (/^\d{10,15}$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) return Date.parse(`${v.replace(" ", "T")}Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const ms = Date.parse(v);
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

const idOf = (v) => (typeof v === "string" && SUBMISSION_ID.test(v.trim()) ? v.trim() : undefined);
const emailOf = (v) => (typeof v === "string" && /^[^\s@]{1,64}@[^\s@]{1,255}$/.test(v.trim()) ? v.trim() : undefined);
const list = (text, fallback) => new Set((text ?? fallback).split(",").map((s) => s.trim()).filter(Boolean));

// --- HubSpot: a workflow's "Send a webhook" action (POST, the enrolled contact) ---
// https://knowledge.hubspot.com/workflows/how-do-i-use-webhooks-with-hubspot-workflows
// https://developers.hubspot.com/docs/methods/workflows/webhook_information
// The body is either "Include all contact properties" (the contact as the
// API returns it: `properties: { name: { value } }` for contact-based
// workflows, or `properties: { name: "value" }`) or a customized body of
// chosen key/property pairs (`{ "leadgate_submission_id": "…", … }`).
// Counted: `hs_lead_status` other than the not-yet-contacted values (NEW,
// OPEN by default, SLA_HUBSPOT_OPEN_STATUSES), or, without a status, the
// workflow's own enrollment ("Last contacted is known"). Time:
// `notes_last_contacted` (Last contacted: a logged call, sales e-mail or
// meeting) when it is at or after the hand-off, else the callback's receipt.
function hubspotProperty(body, name) {
  const props = body.properties && typeof body.properties === "object" ? body.properties : {};
  const v = Object.hasOwn(body, name) ? body[name] : Object.hasOwn(props, name) ? props[name] : undefined;
  if (v && typeof v === "object" && !Array.isArray(v)) return v.value;
  return v;
}

function hubspot(text, s) {
  const body = parseJson(text);
  const status = hubspotProperty(body, "hs_lead_status");
  if (typeof status === "string" && list(s.openStatuses, "NEW,OPEN").has(status.trim())) return { events: [], ignored: "not_contacted_status" };
  const last = timeOf(hubspotProperty(body, "notes_last_contacted"));
  if (status === undefined || status === null || status === "") {
    if (last === undefined) return { events: [], ignored: "no_contact_event" };
  }
  const ref = body.vid ?? body.objectId ?? body.id ?? hubspotProperty(body, "hs_object_id");
  return {
    events: [{
      id: idOf(hubspotProperty(body, s.idProperty ?? "leadgate_submission_id")),
      email: emailOf(hubspotProperty(body, "email")),
      at: last,
      orNow: typeof status === "string" && status !== "",
      ref: ref === undefined ? undefined : `contact:${ref}`,
    }],
  };
}

// --- RD Station Marketing: webhooks (Integrations → Webhooks) ---
// https://developers.rdstation.com/reference/webhooks
// https://developers.rdstation.com/reference/webhooks-payload-copy
// RD Station Marketing records no sales touch; its one sales-side event is
// the contact marked as an opportunity (WEBHOOK.MARKED_OPPORTUNITY), which
// sales does when they take the lead. Counted: that event, and
// WEBHOOK.CONVERTED only for the conversion identifiers listed in
// SLA_RDSTATION_CONVERSIONS (e.g. a "contato-realizado" form sales fill).
// Time: `event_timestamp`. Lead: `contact.cf_leadgate_submission_id` (the
// outbound connector's field), else `contact.email`.
function rdstation(text, s) {
  const body = parseJson(text);
  const type = body.event_type;
  const conversions = list(s.conversions, "");
  const counted = type === "WEBHOOK.MARKED_OPPORTUNITY"
    || (type === "WEBHOOK.CONVERTED" && typeof body.event_identifier === "string" && conversions.has(body.event_identifier));
  if (!counted) return { events: [], ignored: "not_contact_event" };
  const contact = body.contact && typeof body.contact === "object" ? body.contact : {};
  return {
    events: [{
      id: idOf(contact[s.idField ?? "cf_leadgate_submission_id"]),
      email: emailOf(contact.email),
      at: timeOf(body.event_timestamp) ?? timeOf(body.timestamp),
      orNow: false,
      ref: typeof contact.uuid === "string" ? `contact:${contact.uuid.slice(0, 40)}` : undefined,
    }],
  };
}

// --- Pipedrive: webhooks v2 on activities, HTTP Basic auth ---
// https://pipedrive.readme.io/docs/guide-for-webhooks-v2
// https://pipedrive.readme.io/docs/list-of-webhooks-v2
// Counted: an activity of a contact type (call, meeting, email by default:
// SLA_PIPEDRIVE_ACTIVITY_TYPES) that is done — created done, or changed to
// done (`previous.done` false). Time: `data.marked_as_done_time`, else
// `meta.timestamp`. The activity names no e-mail: its `lead_id` is looked up
// (GET /api/v1/leads/{id}: the outbound connector titles the lead "… (<id>)"),
// else its `person_id` (GET /api/v2/persons/{id}: the primary e-mail).
// https://developers.pipedrive.com/docs/api/v1/Leads#getLead
// https://developers.pipedrive.com/docs/api/v2/Persons#getPerson
async function pipedrive(text, s, now, lookup) {
  const body = parseJson(text);
  const meta = body.meta && typeof body.meta === "object" ? body.meta : {};
  if (meta.entity !== "activity" || (meta.action !== "create" && meta.action !== "change")) return { events: [], ignored: "not_contact_event" };
  const data = body.data && typeof body.data === "object" ? body.data : {};
  const previous = body.previous && typeof body.previous === "object" ? body.previous : null;
  if (data.done !== true) return { events: [], ignored: "activity_not_done" };
  if (meta.action === "change" && previous?.done !== false) return { events: [], ignored: "activity_not_marked_done" };
  if (!list(s.activityTypes, "call,meeting,email").has(String(data.type))) return { events: [], ignored: "activity_type_not_counted" };
  const event = { at: timeOf(data.marked_as_done_time) ?? timeOf(meta.timestamp), orNow: false, ref: `activity:${String(data.id ?? meta.entity_id).slice(0, 40)}` };
  if (typeof data.lead_id === "string" && /^[0-9a-f-]{36}$/i.test(data.lead_id)) {
    const lead = await lookup(`/api/v1/leads/${data.lead_id}`);
    const m = typeof lead?.title === "string" ? /\(([A-Za-z0-9][A-Za-z0-9._:-]{7,127})\)\s*$/.exec(lead.title) : null;
    if (m) return { events: [{ ...event, id: m[1] }] };
  }
  if (Number.isSafeInteger(data.person_id) && data.person_id > 0) {
    const person = await lookup(`/api/v2/persons/${data.person_id}`);
    const emails = Array.isArray(person?.emails) ? person.emails : [];
    const pick = emails.find((e) => e?.primary === true) ?? emails[0];
    const email = emailOf(pick?.value);
    if (email) return { events: [{ ...event, email }] };
  }
  return { events: [], ignored: "no_lead_reference" };
}

// --- Salesforce: a record-triggered Flow's Outbound Message action on Lead ---
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_understanding.htm
// https://developer.salesforce.com/docs/platform/api/guide/sforce-api-om-outboundmessaging-wsdl.html
// Counted: each Lead notification whose Status is not an open status
// (SLA_SALESFORCE_OPEN_STATUSES, default "Open - Not Contacted"): the Flow
// sends it when Status changes. Time: `LastModifiedDate` (the change that
// fired it). Lead: `Leadgate_Submission_Id__c` (the REST target's External
// ID), else `Email`. `orgId` is checked by the route.
function salesforce(text, s) {
  const msg = readNotifications(text);
  const open = list(s.openStatuses, "Open - Not Contacted");
  const idField = s.idField ?? "Leadgate_Submission_Id__c";
  const events = [];
  let ignored = null;
  for (const n of msg.notifications) {
    const f = n.fields;
    if (typeof f.Status === "string" && open.has(f.Status)) {
      ignored = "not_contacted_status";
      continue;
    }
    events.push({ id: idOf(f[idField]), email: emailOf(f.Email), at: timeOf(f.LastModifiedDate), orNow: true, ref: n.id ? `notification:${n.id}` : undefined });
  }
  return { events, ignored: events.length === 0 ? ignored ?? "not_contact_event" : undefined, organizationId: msg.organizationId };
}

/**
 * Callback name → its reader, body kind and body limit (at least
 * MAX_BODY_BYTES): HubSpot's "all contact properties" carries each
 * property's history, and an Outbound Message up to 100 records, so both
 * get more room than a form post; a body over it is 413 (HubSpot does not
 * retry a 4xx: customize its body to the four keys to stay small).
 */
export const VENDORS = {
  hubspot: { read: hubspot, kind: "json", maxBytes: 1024 * 1024 },
  rdstation: { read: rdstation, kind: "json", maxBytes: 0 },
  pipedrive: { read: pipedrive, kind: "json", maxBytes: 0 },
  salesforce: { read: salesforce, kind: "xml", maxBytes: 256 * 1024 },
};
