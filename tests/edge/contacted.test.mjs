// The CRMs' "contacted" callbacks (www/edge/contacted/) on both real engines:
// workerd with Durable Objects on local disk, Deno with Deno KV. For each CRM
// a payload shaped as the vendor documents it (tests/fixtures/connectors/*,
// with the doc pages in that folder's README) stops the lead's clock at the
// CRM's time of the contact; a wrong secret or signature is 401; an unknown
// lead is acknowledged and counted, never an error; a retry is idempotent
// (one `contacted` event); /sla/report shows the lead met. Known answers:
// each lead is handed off 30 min before the test posts it (the form kit's
// attempt age), the CRM reports the contact 10 min after the hand-off, so
// contacted_at is exactly start + 10 min and within the SQL's 1 h: met.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testBindings, postJson, root, TEST_SECRET } from "./harness.mjs";
import { startDurable, admin, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { SQL_ENTERPRISE } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
const MIN = 60_000;
const FIX = join(root, "tests/fixtures/connectors");
const fixture = (p) => readFileSync(join(FIX, p), "utf8");
const SECRETS = {
  SLA_HUBSPOT_APP_SECRET: "hubspot-app-secret-0123456789abcdef",
  SLA_HUBSPOT_KEY: "hubspot-api-key-0123456789abcdef",
  SLA_RDSTATION_KEY: "rdstation-key-0123456789abcdef",
  SLA_PIPEDRIVE_KEY: "pipedrive-key-0123456789abcdef",
  PIPEDRIVE_API_TOKEN: "pipedrive-api-token-0123456789",
  SLA_SALESFORCE_KEY: "salesforce-key-0123456789abcdef",
  SLA_SALESFORCE_ORG_ID: "00D5e000000KQ2eEAG",
};
const PD_LEAD = "adf21080-0e10-11eb-879b-05d71fb426ec";

/** Pipedrive's API as the lookups need it: GET a lead and a person, x-api-token checked. */
async function startPipedrive(records) {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers["x-api-token"] !== SECRETS.PIPEDRIVE_API_TOKEN) return send(401, { success: false, error: "unauthorized" });
    const data = req.method === "GET" ? records.get(req.url) : undefined;
    return data ? send(200, { success: true, data }) : send(404, { success: false, error: "not found" });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

function hubspotSigned(url, body, secret = SECRETS.SLA_HUBSPOT_APP_SECRET, ts = Date.now()) {
  const sig = createHmac("sha256", secret).update(`POST${url}${body}${ts}`).digest("base64");
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-hubspot-signature-v3": sig, "x-hubspot-request-timestamp": String(ts) }, body });
}

const post = (url, body, headers = {}) => fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const basic = (password) => ({ authorization: `Basic ${Buffer.from(`leadgate:${password}`).toString("base64")}` });
const soap = (url, xml) => fetch(url, { method: "POST", headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""' }, body: xml });

for (const engine of ["workerd", "deno"]) {
  describe(`CRM "contacted" callbacks on ${engine}`, () => {
    let recv;
    let pd;
    let edge;
    const records = new Map();

    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      pd = await startPipedrive(records);
      edge = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, ...SECRETS, SLA_PIPEDRIVE_API_BASE: pd.url }));
    });

    after(async () => {
      await edge?.stop();
      await pd?.close();
      await recv?.close();
    });

    /** A delivered SQL lead handed off 30 min ago; resolves to its clock's start (ms). */
    async function handOff(id, email) {
      const r = await postJson(edge.url, { ...SQL_ENTERPRISE, email, submission_id: id, leadgate_attempt_age_ms: 30 * MIN });
      assert.equal(r.status, 200);
      const v = await (await admin(edge.url, `/leads/${id}`)).json();
      assert.equal(v.sla.state, "open");
      return Date.parse(v.sla.started_at);
    }

    async function contactedEvents(id) {
      const v = await (await admin(edge.url, `/leads/${id}`)).json();
      return { sla: v.sla, events: v.events.filter((e) => e.type === "contacted") };
    }

    test("HubSpot: the workflow webhook (all properties), signed v3, stops the clock at notes_last_contacted; a retry is idempotent", async () => {
      const id = `${engine}-hs-0001`;
      const start = await handOff(id, `hs1-${engine}@bigcorp.com`);
      const body = JSON.parse(fixture("hubspot/workflow-webhook-contacted.payload.json"));
      body.properties.leadgate_submission_id.value = id;
      body.properties.notes_last_contacted.value = String(start + 10 * MIN);
      const text = JSON.stringify(body);
      const url = `${edge.url}/sla/contacted/hubspot`;
      // Wrong secret, stale timestamp, no credentials at all: 401.
      assert.equal((await hubspotSigned(url, text, "not-the-app-secret-0123456789")).status, 401);
      assert.equal((await hubspotSigned(url, text, undefined, Date.now() - 6 * MIN)).status, 401);
      assert.equal((await post(url, text)).status, 401);
      const r = await hubspotSigned(url, text);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { result: "contacted", leads: [{ submission_id: id, result: "contacted" }] });
      // HubSpot retries (a lost answer): same event, no second timeline entry.
      const again = await hubspotSigned(url, text);
      assert.deepEqual(await again.json(), { result: "already", leads: [{ submission_id: id, result: "already" }] });
      // The v2 signature (hex SHA-256 of secret + method + URI + body), as workflow actions may send it.
      const v2 = (secret) => createHash("sha256").update(`${secret}POST${url}${text}`).digest("hex");
      const sendV2 = (secret) => fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-hubspot-signature": v2(secret), "x-hubspot-signature-version": "v2" }, body: text });
      assert.equal((await sendV2("not-the-app-secret-0123456789")).status, 401);
      assert.equal((await (await sendV2(SECRETS.SLA_HUBSPOT_APP_SECRET)).json()).result, "already");
      const { sla, events } = await contactedEvents(id);
      assert.equal(sla.contacted_at, new Date(start + 10 * MIN).toISOString());
      assert.deepEqual([sla.state, sla.contacted_source], ["met", "hubspot"]);
      assert.equal(events.length, 1);
      assert.deepEqual([events[0].source, events[0].ref, events[0].met], ["hubspot", "contact:451", true]);
    });

    test("HubSpot: a customized body with the e-mail only (API key auth) finds the open lead by e-mail; unknown e-mail → 202 ignored", async () => {
      const email = `hs2-${engine}@bigcorp.com`;
      const id = `${engine}-hs-0002`;
      const start = await handOff(id, email);
      const body = JSON.parse(fixture("hubspot/workflow-webhook-custom.payload.json"));
      body.email = email.toUpperCase(); // the index is case-insensitive
      body.notes_last_contacted = String(start + 10 * MIN);
      const url = `${edge.url}/sla/contacted/hubspot`;
      assert.equal((await post(url, JSON.stringify(body), { "x-leadgate-key": "wrong-key-0123456789abcdef" })).status, 401);
      const r = await post(`${url}?key=${SECRETS.SLA_HUBSPOT_KEY}`, JSON.stringify(body));
      assert.equal(r.status, 200);
      assert.deepEqual((await r.json()).leads, [{ submission_id: id, result: "contacted" }]);
      assert.equal((await contactedEvents(id)).sla.contacted_at, new Date(start + 10 * MIN).toISOString());
      const unknown = await post(url, JSON.stringify({ ...body, email: `nobody-${engine}@example.com` }), { "x-leadgate-key": SECRETS.SLA_HUBSPOT_KEY });
      assert.equal(unknown.status, 202);
      assert.deepEqual(await unknown.json(), { ignored: true, reason: "unknown_lead" });
      // A status that is not a contact yet: ignored.
      const open = await post(url, JSON.stringify({ email, hs_lead_status: "NEW" }), { "x-leadgate-key": SECRETS.SLA_HUBSPOT_KEY });
      assert.deepEqual([open.status, (await open.json()).reason], [202, "not_contacted_status"]);
    });

    test("RD Station: WEBHOOK.MARKED_OPPORTUNITY names the lead by cf_leadgate_submission_id; CONVERTED is not a contact; wrong key → 401", async () => {
      const id = `${engine}-rd-0001`;
      const start = await handOff(id, `rd1-${engine}@bigcorp.com`);
      const body = JSON.parse(fixture("rdstation/webhook-marked-opportunity.payload.json"));
      body.contact.cf_leadgate_submission_id = id;
      body.event_timestamp = new Date(start + 10 * MIN).toISOString().replace("Z", "+00:00");
      const url = `${edge.url}/sla/contacted/rdstation`;
      assert.equal((await post(`${url}?key=wrong-0123456789abcdef`, JSON.stringify(body))).status, 401);
      const r = await post(`${url}?key=${SECRETS.SLA_RDSTATION_KEY}`, JSON.stringify(body));
      assert.equal(r.status, 200);
      assert.equal((await post(`${url}?key=${SECRETS.SLA_RDSTATION_KEY}`, JSON.stringify(body))).status, 200); // retry
      const { sla, events } = await contactedEvents(id);
      assert.deepEqual([sla.contacted_at, sla.state, events.length, events[0].source], [new Date(start + 10 * MIN).toISOString(), "met", 1, "rdstation"]);
      const converted = JSON.parse(fixture("rdstation/webhook-converted.payload.json"));
      const c = await post(`${url}?key=${SECRETS.SLA_RDSTATION_KEY}`, JSON.stringify(converted));
      assert.deepEqual([c.status, (await c.json()).reason], [202, "not_contact_event"]);
      const gone = await post(`${url}?key=${SECRETS.SLA_RDSTATION_KEY}`, JSON.stringify({ ...body, contact: { ...body.contact, cf_leadgate_submission_id: `${engine}-never-seen`, email: "x@example.com" } }));
      assert.deepEqual([gone.status, (await gone.json()).reason], [202, "unknown_lead"]);
    });

    test("Pipedrive: an activity marked done names its lead (looked up: the title carries the submission id) or its person (the e-mail)", async () => {
      const id = `${engine}-pd-0001`;
      const start = await handOff(id, `pd1-${engine}@bigcorp.com`);
      records.set(`/api/v1/leads/${PD_LEAD}`, { id: PD_LEAD, title: `Bob Bigcorp: SQL 85 A (${id})`, person_id: 123 });
      const body = JSON.parse(fixture("pipedrive/webhook-v2-activity-done.payload.json"));
      body.data.marked_as_done_time = new Date(start + 10 * MIN).toISOString().replace(".000", "");
      const url = `${edge.url}/sla/contacted/pipedrive`;
      const wrong = await post(url, JSON.stringify(body), basic("wrong-password-0123456789"));
      assert.equal(wrong.status, 401);
      assert.match(wrong.headers.get("www-authenticate"), /^Basic/);
      const r = await post(url, JSON.stringify(body), basic(SECRETS.SLA_PIPEDRIVE_KEY));
      assert.equal(r.status, 200);
      assert.deepEqual((await r.json()).leads, [{ submission_id: id, result: "contacted" }]);
      const { sla, events } = await contactedEvents(id);
      assert.deepEqual([sla.contacted_at, events[0].source, events[0].ref], [new Date(start + 10 * MIN).toISOString(), "pipedrive", "activity:77"]);

      // No lead on the activity: the person's primary e-mail finds the lead.
      const id2 = `${engine}-pd-0002`;
      const email2 = `pd2-${engine}@bigcorp.com`;
      const start2 = await handOff(id2, email2);
      records.set("/api/v2/persons/124", { id: 124, emails: [{ value: "home@example.com", primary: false }, { value: email2, primary: true, label: "work" }] });
      const byPerson = { ...body, data: { ...body.data, id: 78, lead_id: null, person_id: 124, marked_as_done_time: new Date(start2 + 5 * MIN).toISOString() } };
      const r2 = await post(url, JSON.stringify(byPerson), basic(SECRETS.SLA_PIPEDRIVE_KEY));
      assert.deepEqual((await r2.json()).leads, [{ submission_id: id2, result: "contacted" }]);
      assert.equal((await contactedEvents(id2)).sla.contacted_at, new Date(start2 + 5 * MIN).toISOString());
      assert.ok(pd.seen.includes(`GET /api/v1/leads/${PD_LEAD}`) && pd.seen.includes("GET /api/v2/persons/124"));

      // Not a contact: an edit of an open activity, a task; done before the hand-off.
      const notDone = await post(url, JSON.stringify({ ...body, data: { ...body.data, done: false } }), basic(SECRETS.SLA_PIPEDRIVE_KEY));
      assert.deepEqual([notDone.status, (await notDone.json()).reason], [202, "activity_not_done"]);
      const task = await post(url, JSON.stringify({ ...body, data: { ...body.data, type: "task" } }), basic(SECRETS.SLA_PIPEDRIVE_KEY));
      assert.deepEqual([task.status, (await task.json()).reason], [202, "activity_type_not_counted"]);
      const id3 = `${engine}-pd-0003`;
      const start3 = await handOff(id3, `pd3-${engine}@bigcorp.com`);
      records.set("/api/v2/persons/125", { id: 125, emails: [{ value: `pd3-${engine}@bigcorp.com`, primary: true }] });
      const early = { ...body, data: { ...body.data, lead_id: null, person_id: 125, marked_as_done_time: new Date(start3 - MIN).toISOString() } };
      const e = await post(url, JSON.stringify(early), basic(SECRETS.SLA_PIPEDRIVE_KEY));
      assert.deepEqual([e.status, (await e.json()).reason], [202, "before_handoff"]);
      assert.equal((await contactedEvents(id3)).sla.state, "open");
    });

    test("Salesforce: an Outbound Message is acked with the SOAP Ack; org id and key checked; unknown lead acked too; a DOCTYPE is refused", async () => {
      const id = `${engine}-sf-0001`;
      const start = await handOff(id, `sf1-${engine}@bigcorp.com`);
      const when = new Date(start + 10 * MIN).toISOString();
      const xml = fixture("salesforce/outbound-message-contacted.payload.xml").replace("SUBMISSION-ID", id).replace("2026-11-26T12:10:00.000Z", when);
      const url = `${edge.url}/sla/contacted/salesforce`;
      assert.equal((await soap(`${url}?key=wrong-0123456789abcdef`, xml)).status, 401);
      const other = await soap(`${url}?key=${SECRETS.SLA_SALESFORCE_KEY}`, xml.replaceAll("00D5e000000KQ2e", "00D5e000000ZZZZ"));
      assert.equal(other.status, 403);
      const r = await soap(`${url}?key=${SECRETS.SLA_SALESFORCE_KEY}`, xml);
      assert.equal(r.status, 200);
      assert.match(r.headers.get("content-type"), /^text\/xml/);
      assert.match(await r.text(), /<notificationsResponse xmlns="http:\/\/soap\.sforce\.com\/2005\/09\/outbound"><Ack>true<\/Ack><\/notificationsResponse>/);
      const retry = await soap(`${url}?key=${SECRETS.SLA_SALESFORCE_KEY}`, xml);
      assert.equal(retry.status, 200);
      const { sla, events } = await contactedEvents(id);
      assert.deepEqual([sla.contacted_at, sla.state, events.length, events[0].source, events[0].ref], [when, "met", 1, "salesforce", "notification:04l5e00000Gx7QzAAJ"]);
      const unknown = await soap(`${url}?key=${SECRETS.SLA_SALESFORCE_KEY}`, xml.replace(id, `${engine}-sf-unknown`).replace(`sf1-${engine}`, "nobody"));
      assert.equal(unknown.status, 200);
      assert.match(await unknown.text(), /<Ack>true<\/Ack>/);
      const bomb = xml.replace("<soapenv:Envelope", '<!DOCTYPE x [<!ENTITY a "aaaa">]><soapenv:Envelope');
      assert.equal((await soap(`${url}?key=${SECRETS.SLA_SALESFORCE_KEY}`, bomb)).status, 400);
      // Bounded: 256 KB for a message (100 notifications fit), 413 past it.
      const big = xml.replace("<sf:Status>", `<sf:Description>${"x".repeat(300 * 1024)}</sf:Description><sf:Status>`);
      assert.equal((await soap(`${url}?key=${SECRETS.SLA_SALESFORCE_KEY}`, big)).status, 413);
    });

    test("the callbacks' counts, and /sla/report shows the leads met", async () => {
      const c = await (await admin(edge.url, "/sla/contacted")).json();
      assert.deepEqual(c.open.sort(), ["hubspot", "pipedrive", "rdstation", "salesforce"]);
      // By hand from the tests above: contacted / already (retries) / ignored by reason.
      assert.deepEqual([c.callbacks.hubspot.contacted, c.callbacks.hubspot.already, c.callbacks.hubspot.ignored], [2, 2, { unknown_lead: 1, not_contacted_status: 1 }]);
      assert.deepEqual([c.callbacks.rdstation.contacted, c.callbacks.rdstation.already, c.callbacks.rdstation.ignored], [1, 1, { not_contact_event: 1, unknown_lead: 1 }]);
      assert.deepEqual([c.callbacks.pipedrive.contacted, c.callbacks.pipedrive.ignored], [2, { activity_not_done: 1, activity_type_not_counted: 1, before_handoff: 1 }]);
      assert.deepEqual([c.callbacks.salesforce.contacted, c.callbacks.salesforce.already, c.callbacks.salesforce.ignored], [1, 1, { unknown_lead: 1 }]);
      assert.equal((await fetch(`${edge.url}/sla/contacted`)).status, 401);
      const day = new Date().toISOString().slice(0, 10);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const rep = await (await admin(edge.url, `/sla/report?from=${yesterday}&to=${day}`)).json();
      const sql = rep.sla.stages.find((s) => s.stage === "SQL");
      // 7 leads handed off (hs 1–2, rd 1, pd 1–3, sf 1): 6 contacted 5 or 10 min after (met), pd-0003 still open.
      assert.deepEqual([sql.handoffs, sql.contacted, sql.met, sql.open], [7, 6, 6, 1]);
    });

    test("erasure removes the lead from the e-mail index", async () => {
      const email = `erase-${engine}@bigcorp.com`;
      const id = `${engine}-erase-0001`;
      await handOff(id, email);
      assert.equal((await admin(edge.url, `/leads/${id}`, { method: "DELETE" })).status, 200);
      const r = await post(`${edge.url}/sla/contacted/hubspot`, JSON.stringify({ email, hs_lead_status: "CONNECTED" }), { "x-leadgate-key": SECRETS.SLA_HUBSPOT_KEY });
      assert.deepEqual([r.status, (await r.json()).reason], [202, "unknown_lead"]);
    });
  });
}

test("fail closed: without its secret a callback is 403; RD's callback with a target that marks opportunities itself is refused at start", async () => {
  const recv = await startReceiver({ secret: TEST_SECRET });
  const closed = await startDurable("workerd", testBindings(recv.url, { ADMIN_TOKEN }));
  try {
    for (const crm of ["hubspot", "rdstation", "pipedrive", "salesforce"]) {
      const r = await post(`${closed.url}/sla/contacted/${crm}?key=anything-0123456789`, "{}");
      assert.equal(r.status, 403, crm);
      assert.equal((await r.json()).error.code, "callback_disabled");
    }
  } finally {
    await closed.stop();
  }
  const rdTarget = { TARGETS: JSON.stringify({ "*": { type: "rdstation" } }), RDSTATION_CLIENT_ID: "id-0123456789", RDSTATION_CLIENT_SECRET: "secret-0123456789", RDSTATION_REFRESH_TOKEN: "refresh-0123456789" };
  const bad = await startDurable("workerd", testBindings(recv.url, { ADMIN_TOKEN, SLA_RDSTATION_KEY: SECRETS.SLA_RDSTATION_KEY, ...rdTarget }));
  try {
    const h = await fetch(`${bad.url}/health`);
    assert.equal(h.status, 503);
    const text = await h.text();
    assert.match(text, /SLA_RDSTATION_KEY: TARGETS\[\\"\*\\"\] marks SQL leads as opportunities itself/);
    assert.doesNotMatch(text, /rdstation-key-0123456789abcdef|secret-0123456789/);
  } finally {
    await bad.stop();
    await recv.close();
  }
});
