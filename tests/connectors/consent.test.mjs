// Consent reaches the CRM as each vendor records it, and only when the
// visitor answered: the vendors' own payloads (a HubSpot Forms body with
// legalConsentOptions, an RD Station WEBHOOK.CONVERTED with legal_bases, a
// plain form's checkbox) are read by the inbound connectors, scored, and
// delivered to the vendor stubs, which validate each request against the
// documented schema (tests/fixtures/connectors/).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startStub, CREDENTIALS, root } from "./stub.mjs";
import { deliveryOf, connectorsPath } from "./deliveries.mjs";
import { SQL_LATAM } from "../edge/leads.mjs";

const c = await import(connectorsPath);
const stubs = [];
after(async () => {
  for (const s of stubs) await s.close();
});
async function stub(vendor) {
  const s = await startStub(vendor);
  stubs.push(s);
  return s;
}
const fixture = (vendor, name) => readFileSync(join(root, "tests/fixtures/connectors", vendor, name), "utf8");
/** The scored delivery of an inbound lead, with the SQL facts of SQL_LATAM so every target delivers. */
function delivered(inbound, id) {
  return deliveryOf({ ...SQL_LATAM, ...inbound }, id);
}
function requests(s, endpoint) {
  return s.log.filter((e) => e.endpoint === endpoint);
}

test("consentOf reads only explicit answers", () => {
  assert.deepEqual(c.consentOf({}), { communications: undefined, processing: undefined, subscriptions: [] });
  assert.equal(c.consentOf({ consent: "on" }).communications, "granted", "an HTML checkbox's default value");
  assert.equal(c.consentOf({ consent: true }).communications, "granted", "the form kit's ticked checkbox");
  assert.equal(c.consentOf({ consent_communications: "declined" }).communications, "declined");
  assert.equal(c.consentOf({ consent: "maybe" }).communications, undefined, "not understood: nothing claimed");
  assert.deepEqual(c.consentOf({ consent_to_process: true, consent_subscriptions: [999, "12", -1, "x"] }), { communications: "granted", processing: "granted", subscriptions: ["999", "12"] });
});

test("HubSpot: a Forms body's consent becomes the legal basis and the ticked subscriptions", async () => {
  const s = await stub("hubspot");
  const { lead } = c.hubspot.toLead(fixture("hubspot", "forms-submission.payload.json"), { form: "demo" });
  const d = delivered(lead, "sub-consent-hs-1");
  const options = { apiBase: s.url, token: CREDENTIALS.hubspotToken };
  let r = await c.hubspot.deliver(d, options);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.subscribed, 1);
  assert.equal(s.store.contacts.get(d.lead.email).properties.hs_legal_basis, "Freely given consent from contact");
  const sub = s.store.subscriptions.get(`${d.lead.email} 999`);
  assert.equal(sub.legalBasis, "CONSENT_WITH_NOTICE");
  assert.match(sub.legalBasisExplanation, /sub-consent-hs-1/);
  // A retry (the answer was lost, say): HubSpot says "already subscribed", which is done.
  r = await c.hubspot.deliver(d, options);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(r.subscribed, 0);
  assert.ok(s.log.every((e) => !e.problem), JSON.stringify(s.log.filter((e) => e.problem)));
});

test("HubSpot: no answer on the form sends no legal basis and no subscription", async () => {
  const s = await stub("hubspot");
  const d = delivered({}, "sub-consent-hs-2");
  const r = await c.hubspot.deliver(d, { apiBase: s.url, token: CREDENTIALS.hubspotToken, subscriptionId: "42" });
  assert.equal(r.ok, true);
  assert.equal(s.store.contacts.get(d.lead.email).properties.hs_legal_basis, undefined);
  assert.equal(requests(s, "subscribe").length, 0);
  // A single consent box ticked: the configured subscription type.
  const ticked = delivered({ consent: true, email: "bia@acme.com.br" }, "sub-consent-hs-3");
  assert.equal((await c.hubspot.deliver(ticked, { apiBase: s.url, token: CREDENTIALS.hubspotToken, subscriptionId: "42" })).subscribed, 1);
  assert.ok(s.store.subscriptions.has("bia@acme.com.br 42"));
});

test("RD Station: legal bases as RD records them, from its own webhook's legal_bases", async () => {
  const s = await stub("rdstation");
  const [{ lead }] = c.rdstation.toLeads(fixture("rdstation", "webhook-converted.payload.json"));
  const d = delivered(lead, "sub-consent-rd-1");
  const options = { apiBase: s.url, clientId: CREDENTIALS.clientId, clientSecret: CREDENTIALS.clientSecret, refreshToken: CREDENTIALS.refreshToken };
  const r = await c.rdstation.deliver(d, options);
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.deepEqual(s.store.contacts.get(d.lead.email).legal_bases, [{ category: "communications", type: "consent", status: "granted" }]);
  const none = delivered({ email: "caio@acme.com.br" }, "sub-consent-rd-2");
  assert.equal((await c.rdstation.deliver(none, options)).ok, true);
  assert.equal(s.store.contacts.get("caio@acme.com.br").legal_bases, undefined, "nothing claimed without an answer");
  assert.ok(s.log.every((e) => !e.problem), JSON.stringify(s.log.filter((e) => e.problem)));
});

test("Salesforce: an explicit decline sets the opt-out, REST and Web-to-Lead; no answer sets nothing", async () => {
  const s = await stub("salesforce");
  const rest = { loginUrl: s.url, clientId: CREDENTIALS.clientId, clientSecret: CREDENTIALS.clientSecret, refreshToken: CREDENTIALS.refreshToken };
  for (const [consent, want] of [["declined", true], [true, false], [undefined, undefined]]) {
    const d = delivered(consent === undefined ? {} : { consent_communications: consent }, `sub-consent-sf-${String(consent)}`);
    assert.equal((await c.salesforce.deliver(d, rest)).ok, true);
    assert.equal(s.store.leads.get(d.submission_id).body.HasOptedOutOfEmail, want);
  }
  const w2l = { mode: "web-to-lead", webToLeadBase: s.url, orgId: "00D5e000000AbCd" };
  assert.equal((await c.salesforce.deliver(delivered({ consent: "declined" }, "sub-consent-w2l-1"), w2l)).ok, true);
  assert.equal(s.store.leadList.at(-1).emailOptOut, "1");
  assert.equal((await c.salesforce.deliver(delivered({ consent: "on" }, "sub-consent-w2l-2"), w2l)).ok, true);
  assert.equal(s.store.leadList.at(-1).emailOptOut, undefined);
  assert.ok(s.log.every((e) => !e.problem), JSON.stringify(s.log.filter((e) => e.problem)));
});

test("Pipedrive: marketing_status on a new person, only with Campaigns (marketingStatus: true)", async () => {
  const s = await stub("pipedrive");
  const base = { apiBase: s.url, apiToken: CREDENTIALS.pipedriveToken };
  assert.equal((await c.pipedrive.deliver(delivered({ consent: "on", email: "dani@acme.com.br" }, "sub-consent-pd-1"), base)).ok, true);
  assert.equal(s.store.persons.at(-1).marketing_status, undefined, "off by default: accounts without Campaigns lack the field");
  assert.equal((await c.pipedrive.deliver(delivered({ consent: "on", email: "edu@acme.com.br" }, "sub-consent-pd-2"), { ...base, marketingStatus: true })).ok, true);
  assert.equal(s.store.persons.at(-1).marketing_status, "subscribed");
  assert.equal((await c.pipedrive.deliver(delivered({ consent_communications: "declined", email: "fer@acme.com.br" }, "sub-consent-pd-3"), { ...base, marketingStatus: true })).ok, true);
  assert.equal(s.store.persons.at(-1).marketing_status, "no_consent");
  assert.ok(s.log.every((e) => !e.problem), JSON.stringify(s.log.filter((e) => e.problem)));
});
