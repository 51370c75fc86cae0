// Inbound mappings: each vendor's documented payload (checked first against
// the schema written from the vendor's page) → the lead a person expects
// from the mapping tables, and hostile variants → coded errors, never a raw
// TypeError.
import { test } from "node:test";
import assert from "node:assert/strict";
import Ajv from "ajv";
import { readFixture } from "./stub.mjs";
import { connectorsPath } from "./deliveries.mjs";

const c = await import(connectorsPath);
const ajv = new Ajv({ allErrors: true, strict: false });
function documented(vendor, payload, schema) {
  const text = readFixture(vendor, payload);
  const check = ajv.compile(JSON.parse(readFixture(vendor, schema)));
  assert.ok(check(JSON.parse(text)), `${payload} matches ${schema}: ${ajv.errorsText(check.errors)}`);
  return text;
}

test("RD Station WEBHOOK.CONVERTED → lead (contact fields, cf_ fields, company, funnel, consent, the conversion as form)", () => {
  const text = documented("rdstation", "webhook-converted.payload.json", "webhook-converted.payload.schema.json");
  const [{ lead, warnings }] = c.rdstation.toLeads(text);
  assert.deepEqual(lead, {
    email: "ana.souza@acme.com.br", name: "Ana Souza", job_title: "Diretora de Marketing", phone: "48 30252598",
    mobile_phone: "48 30252598", website: "https://acme.com.br", city: "Florianópolis", tags: ["tag 1", "tag 2"],
    company: "Acme", form: "demo_request", rd_lifecycle_stage: "Lead", rd_opportunity: false, owner_email: "owner@acme.com.br",
    consent_communications: "granted", company_size: "120", interesse: ["Option1", "Option2"],
  });
  assert.deepEqual(warnings, []);
});

test("RD Station legacy { leads } → one lead each (last conversion as form and UTM, custom fields by label)", () => {
  const text = documented("rdstation", "webhook-legacy.payload.json", "webhook-legacy.payload.schema.json");
  const leads = c.rdstation.toLeads(new TextEncoder().encode(text));
  assert.equal(leads.length, 1);
  assert.deepEqual(leads[0].lead, {
    email: "bob@bigcorp.com", name: "Bob Lima", company: "BigCorp", job_title: "VP Sales", phone: "+55 11 3333-4444",
    website: "https://bigcorp.com", city: "São Paulo", state: "SP", tags: ["evento"], conversions: "3", rd_lead_stage: "Lead",
    form: "demo_request", utm_source: "newsletter", utm_medium: "email", utm_campaign: "nov", first_utm_source: "google",
    "Número de funcionários": "5000",
  });
  assert.deepEqual(leads[0].warnings, []);
});

test("HubSpot Forms submission → lead (properties mapped, repeated checkbox as a list, company object, context, consent)", () => {
  const text = documented("hubspot", "forms-submission.payload.json", "forms-submission.payload.schema.json");
  const { lead, warnings } = c.hubspot.toLead(text, { form: "demo_request" });
  assert.deepEqual(lead, {
    email: "ana@acme.com.br", first_name: "Ana", last_name: "Souza", job_title: "Diretora de Marketing", company_size: "120",
    interests: ["scoring", "routing"], company: "Acme", page_uri: "https://www.acme-site.example/demo", page_name: "Demo request",
    hutk: "ac2e8d3b5c1f4e7a9b0d2c4e6f8a0b1c", submitted_at: "2026-11-26T12:00:00.000Z", consent_to_process: true,
    consent_subscriptions: [999], form: "demo_request",
  });
  assert.deepEqual(warnings, []);
});

test("Salesforce Web-to-Lead post → lead (standard fields, mapped custom field id, oid checked, retURL handed back)", () => {
  const text = readFixture("salesforce", "web-to-lead.payload.txt");
  const { lead, warnings, redirect } = c.salesforce.toLead(text, { orgId: "00D5e000000AbCd", customFields: { "00N5e00000AbCdE": "form" } });
  assert.deepEqual(lead, {
    email: "bob@bigcorp.com", first_name: "Bob", last_name: "Lima", company: "BigCorp", job_title: "VP Sales",
    lead_source: "Web", phone: "+55 11 3333-4444", company_size: "5000", form: "demo_request",
  });
  assert.deepEqual(warnings, ["00N5e00000ZzZzZ: not mapped, dropped (a custom field id: map it in customFields)"]);
  assert.equal(redirect, "https://www.bigcorp-site.example/thanks");
  assert.throws(() => c.salesforce.toLead(text, { orgId: "00D000000000Other" }), { code: "wrong_org" });
});

test("Pipedrive webhook v2 person → lead (primary e-mail, phone, mapped custom field), Basic auth checked, fail-closed", () => {
  const text = documented("pipedrive", "webhook-v2-person.payload.json", "webhook-v2.payload.schema.json");
  const { lead, warnings } = c.pipedrive.toLead(text, { customFields: { "8a4c2f0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a": "company_size" } });
  assert.deepEqual(lead, {
    email: "carla@midsize.com", phone: "+55 21 99999-0000", name: "Carla Dias", first_name: "Carla", last_name: "Dias",
    pipedrive_owner_id: 89, pipedrive_label_ids: [5], company_size: "200",
  });
  assert.deepEqual(warnings, []);
  const credentials = { user: "leadgate", password: "a-long-shared-secret-123" };
  c.pipedrive.verify(`Basic ${btoa("leadgate:a-long-shared-secret-123")}`, credentials);
  assert.throws(() => c.pipedrive.verify(`Basic ${btoa("leadgate:wrong")}`, credentials), { code: "unauthorized" });
  assert.throws(() => c.pipedrive.verify(undefined, credentials), { code: "unauthorized" });
  assert.throws(() => c.pipedrive.verify(`Basic ${btoa(":")}`, {}), { code: "misconfigured" });
  assert.throws(() => c.pipedrive.verify("Basic x", { user: "leadgate", password: "senha-com-€-0123456789" }), { code: "misconfigured" });
  const deletion = JSON.parse(text);
  deletion.meta.action = "delete";
  assert.throws(() => c.pipedrive.toLead(deletion), { code: "unsupported_event" });
});

const huge = "x".repeat(5000);
const HOSTILE = [
  ["rdstation", () => c.rdstation.toLeads("[]"), "not_an_object"],
  ["rdstation", () => c.rdstation.toLeads('{"leads": {"email": "a@b.co"}}'), "bad_payload"],
  ["rdstation", () => c.rdstation.toLeads('{"leads": []}'), "bad_payload"],
  ["rdstation", () => c.rdstation.toLeads({ leads: [{ name: "no email" }] }), "missing_email"],
  ["rdstation", () => c.rdstation.toLeads({ leads: [{ email: 42 }] }), "bad_email"],
  ["rdstation", () => c.rdstation.toLeads({ leads: Array.from({ length: 101 }, (_, i) => ({ email: `a${i}@b.co` })) }), "too_many_leads"],
  ["rdstation", () => c.rdstation.toLeads('{"event_type": "WEBHOOK.CONVERTED", "contact": {"email": "a@b.co", "email": "c@d.co"}}'), "duplicate_key"],
  ["rdstation", () => c.rdstation.toLeads('{"event_type": "WEBHOOK.CONVERTED", "contact": {"email": "a@b.co", "__proto__": {"x": 1}}}'), "forbidden_key"],
  ["rdstation", () => c.rdstation.toLeads({ event_type: "WEBHOOK.DELETED", contact: { email: "a@b.co" } }), "unsupported_event"],
  ["rdstation", () => c.rdstation.toLeads({ event_type: "WEBHOOK.CONVERTED", contact: "a@b.co" }), "bad_payload"],
  ["rdstation", () => c.rdstation.toLeads({ event_type: "WEBHOOK.CONVERTED", contact: { email: "a@b.co", cf_x: JSON.parse("[".repeat(40) + "]".repeat(40)) } }), "too_deep"],
  ["rdstation", () => c.rdstation.toLeads({ event_type: "WEBHOOK.CONVERTED", contact: Object.fromEntries([["email", "a@b.co"], ...Array.from({ length: 600 }, (_, i) => [`cf_f${i}`, "v"])]) }), "too_many_fields"],
  ["rdstation", () => c.rdstation.toLeads(new Uint8Array([0x7b, 0xff, 0x7d])), "bad_encoding"],
  ["rdstation", () => c.rdstation.toLeads("{" + " ".repeat(300 * 1024) + "}"), "too_large"],
  ["hubspot", () => c.hubspot.toLead('{"fields": "email=a@b.co"}'), "bad_payload"],
  ["hubspot", () => c.hubspot.toLead({ fields: [{ name: "firstname", value: "Ana" }] }), "missing_email"],
  ["hubspot", () => c.hubspot.toLead({ fields: [{ name: "email", value: "a@b.co" }, { name: "email", value: "evil@x.co" }] }), "duplicate_field"],
  ["hubspot", () => c.hubspot.toLead({ fields: [{ name: 7, value: "a@b.co" }] }), "bad_payload"],
  ["hubspot", () => c.hubspot.toLead({ fields: [null] }), "bad_payload"],
  ["hubspot", () => c.hubspot.toLead('{"fields": [{"name": "email", "value": "a@b.co"}], "context": {"constructor": {}}}'), "forbidden_key"],
  ["hubspot", () => c.hubspot.toLead("{not json"), "bad_json"],
  ["salesforce", () => c.salesforce.toLead("email=%E0%A4%A&last_name=x"), "bad_form"],
  ["salesforce", () => c.salesforce.toLead("last_name=Lima&company=X"), "missing_email"],
  ["salesforce", () => c.salesforce.toLead("email=a%40b.co&email=c%40d.co"), "duplicate_field"],
  ["salesforce", () => c.salesforce.toLead("email=a%40b.co&__proto__=x"), "forbidden_key"],
  ["salesforce", () => c.salesforce.toLead("=x&email=a%40b.co"), "bad_form"],
  ["salesforce", () => c.salesforce.toLead(""), "empty_body"],
  ["pipedrive", () => c.pipedrive.toLead({ meta: "x", data: {} }), "bad_payload"],
  ["pipedrive", () => c.pipedrive.toLead({ meta: { action: "create", entity: "person" }, data: { emails: [] } }), "missing_email"],
  ["pipedrive", () => c.pipedrive.toLead({ meta: { action: "create", entity: "person" }, data: { emails: "a@b.co" } }), "bad_payload"],
  ["pipedrive", () => c.pipedrive.toLead({ meta: { action: "create", entity: "deal" }, data: {} }), "unsupported_event"],
];

test("hostile payloads get coded errors (LeadgateError with .code), never a raw TypeError", () => {
  for (const [vendor, run, code] of HOSTILE) {
    assert.throws(run, (e) => {
      assert.ok(e, `${vendor} ${code}`);
      assert.equal(e.name, "LeadgateError", `${vendor} ${code}: ${e.stack}`);
      assert.ok(e instanceof c.ConnectorError);
      assert.equal(e.code, code, `${vendor}: ${e.message}`);
      return true;
    }, `${vendor}: expected ${code}`);
  }
});

test("wrong leaf types and huge values are dropped with a warning naming the field, the rest of the lead kept", () => {
  const { lead, warnings } = c.hubspot.toLead({ fields: [{ name: "email", value: "a@b.co" }, { name: "jobtitle", value: 12 }, { name: "notes", value: huge }, { name: "company", value: "Acme" }] });
  assert.deepEqual(lead, { email: "a@b.co", company: "Acme" });
  assert.deepEqual(warnings, ["$.fields[1].value: dropped, HubSpot sends text, got 12 (wrong_type)", "$.fields[2].value: dropped, 5000 characters is over 4096 (value_too_long)"]);
  const [rd] = c.rdstation.toLeads({ event_type: "WEBHOOK.CONVERTED", contact: { email: "a@b.co", name: { first: "x" }, cf_email: "other@x.co", cf_big: huge } });
  assert.deepEqual(rd.lead, { email: "a@b.co" });
  assert.deepEqual(rd.warnings, ['$.contact.name: dropped, {"first":"x"} is not text, a number or a list (wrong_type)', '$.contact.cf_email: dropped, the lead already has "email" from a standard field (field_collision)', "$.contact.cf_big: dropped, 5000 characters is over 4096 (value_too_long)"]);
});
