// The edge worker with leadgate/connectors, on real workerd and on Deno:
// vendor payloads in through /in/<vendor> (documented fixtures, each route's
// key, fail-closed when unset), hot leads out to the CRM targets of TARGETS
// (vendor stubs validating every request against the JSON Schemas), a
// failing CRM answered 503 with its Retry-After, and a vendor's retry of the
// same payload landing on the same submission id.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { request as httpRequest } from "node:http";
import { root, bin, startEdge, testBindings, postJson, TEST_SECRET } from "./harness.mjs";
import { start, freePort, waitForHttp } from "../pkg/util.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, SQL_ENTERPRISE } from "./leads.mjs";
import { startStub, readFixture, CREDENTIALS } from "../connectors/stub.mjs";

const KEYS = { rd: "rd-route-key-0123456789", hs: "hs-route-key-0123456789", sf: "sf-route-key-0123456789", pd: "pd-route-key-0123456789" };
let recv;
let stubs;
let edge;

function connectorBindings(overrides = {}) {
  return testBindings(recv.url, {
    TARGETS: JSON.stringify({
      "global-sdr": { type: "hubspot", apiBase: stubs.hubspot.url },
      "enterprise-ae": { type: "pipedrive", apiBase: stubs.pipedrive.url, owners: { "enterprise-ae": 7 } },
      "latam-sdr": { type: "salesforce", loginUrl: stubs.salesforce.url },
    }),
    HUBSPOT_TOKEN: CREDENTIALS.hubspotToken,
    PIPEDRIVE_API_TOKEN: CREDENTIALS.pipedriveToken,
    SALESFORCE_CLIENT_ID: CREDENTIALS.clientId,
    SALESFORCE_CLIENT_SECRET: CREDENTIALS.clientSecret,
    SALESFORCE_REFRESH_TOKEN: CREDENTIALS.refreshToken,
    IN_RDSTATION_KEY: KEYS.rd,
    IN_HUBSPOT_KEY: KEYS.hs,
    IN_HUBSPOT_FORM: "demo_request",
    IN_PIPEDRIVE_KEY: KEYS.pd,
    IN_PIPEDRIVE_FIELDS: JSON.stringify({ "8a4c2f0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a": "company_size" }),
    ...overrides,
  });
}

before(async () => {
  recv = await startReceiver({ secret: TEST_SECRET });
  stubs = { hubspot: await startStub("hubspot"), pipedrive: await startStub("pipedrive"), salesforce: await startStub("salesforce") };
  edge = await startEdge(connectorBindings()); // IN_SALESFORCE_KEY unset: that route stays closed here
});

after(async () => {
  await edge?.stop();
  await recv?.close();
  for (const s of Object.values(stubs ?? {})) await s.close();
});

/** A POST through node:http (fetch would replace Sec-Fetch-Mode: navigate with cors). */
function navigate(url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { "content-length": Buffer.byteLength(body), ...headers } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const post = (url, path, body, headers = {}) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

test("workerd: an RD Station WEBHOOK.CONVERTED payload is scored and its hot lead upserted in HubSpot; the vendor's retry lands on the same id", async () => {
  const payload = readFixture("rdstation", "webhook-converted.payload.json");
  const expected = reference.score({ email: "ana.souza@acme.com.br", name: "Ana Souza", job_title: "Diretora de Marketing", company: "Acme", form: "demo_request", company_size: "120", city: "Florianópolis" });
  assert.equal(expected.route.team, "global-sdr");
  const r = await post(edge.url, `/in/rdstation?key=${KEYS.rd}`, payload);
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(body.stage, expected.stage);
  assert.equal(body.delivered, true);
  assert.match(body.submission_id, /^rdstation-[0-9a-f]{32}$/);
  const contact = stubs.hubspot.store.contacts.get("ana.souza@acme.com.br");
  assert.equal(contact.trace, body.submission_id);
  assert.equal(contact.properties.leadgate_stage, expected.stage);
  assert.equal(contact.properties.leadgate_team, "global-sdr");
  const again = await (await post(edge.url, `/in/rdstation?key=${KEYS.rd}`, payload)).json();
  assert.equal(again.submission_id, body.submission_id);
  assert.equal(stubs.hubspot.store.contacts.get("ana.souza@acme.com.br").writes, 2, "the repeat updated the same contact");
  assert.deepEqual(stubs.hubspot.problems, []);
});

test("workerd: inbound routes check their key (401), refuse a wrong body (coded 4xx), stay closed when unset (403), and ignore non-lead events (202)", async () => {
  const payload = readFixture("rdstation", "webhook-converted.payload.json");
  assert.equal((await post(edge.url, "/in/rdstation", payload)).status, 401);
  assert.equal((await post(edge.url, "/in/rdstation?key=wrong-key-0123456789", payload)).status, 401);
  const dup = await post(edge.url, `/in/rdstation?key=${KEYS.rd}`, '{"leads": [{"email": "a@b.co", "email": "c@d.co"}]}');
  assert.deepEqual([dup.status, (await dup.json()).error.code], [422, "duplicate_key"]);
  const noEmail = await post(edge.url, `/in/hubspot?key=${KEYS.hs}`, JSON.stringify({ fields: [{ name: "firstname", value: "Ana" }] }));
  assert.deepEqual([noEmail.status, (await noEmail.json()).error.code], [422, "missing_email"]);
  const closed = await fetch(`${edge.url}/in/salesforce?key=x`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a%40b.co" });
  assert.deepEqual([closed.status, (await closed.json()).error.code], [403, "inbound_disabled"]);
  assert.equal((await post(edge.url, "/in/marketo?key=x", "{}")).status, 404);
  const evil = await post(edge.url, `/in/hubspot?key=${KEYS.hs}`, readFixture("hubspot", "forms-submission.payload.json"), { origin: "https://evil.example" });
  assert.equal(evil.status, 403);
  const basic = `Basic ${btoa(`leadgate:${KEYS.pd}`)}`;
  const wrong = await post(edge.url, "/in/pipedrive", readFixture("pipedrive", "webhook-v2-person.payload.json"), { authorization: `Basic ${btoa("leadgate:nope")}` });
  assert.equal(wrong.status, 401);
  const deletion = JSON.parse(readFixture("pipedrive", "webhook-v2-person.payload.json"));
  deletion.meta.action = "delete";
  const ignored = await post(edge.url, "/in/pipedrive", JSON.stringify(deletion), { authorization: basic });
  assert.equal(ignored.status, 202);
  const person = await post(edge.url, "/in/pipedrive", readFixture("pipedrive", "webhook-v2-person.payload.json"), { authorization: basic });
  const got = await person.json();
  assert.equal(person.status, 200, JSON.stringify(got));
  assert.equal(got.stage, reference.score({ email: "carla@midsize.com", phone: "+55 21 99999-0000", name: "Carla Dias", first_name: "Carla", last_name: "Dias", pipedrive_owner_id: 89, pipedrive_label_ids: [5], company_size: "200" }).stage);
});

test("workerd: a HubSpot form body from an allowed page, and /lead's hot leads to Pipedrive (find-or-create, lead with owner); a failing CRM is a 503 with its Retry-After", async () => {
  const form = await post(edge.url, `/in/hubspot?key=${KEYS.hs}`, readFixture("hubspot", "forms-submission.payload.json"), { origin: "https://www.example.com" });
  const fb = await form.json();
  assert.equal(form.status, 200, JSON.stringify(fb));
  assert.equal(form.headers.get("access-control-allow-origin"), "https://www.example.com");
  const preflight = await fetch(`${edge.url}/in/hubspot`, { method: "OPTIONS", headers: { origin: "https://www.example.com", "access-control-request-method": "POST" } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get("access-control-allow-headers"), /X-Leadgate-Key/);
  const r = await postJson(edge.url, { ...SQL_ENTERPRISE, submission_id: "sub-edge-pd-0001" });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(body.delivered, true);
  const lead = stubs.pipedrive.store.leadList.at(-1);
  assert.match(lead.title, /\(sub-edge-pd-0001\)$/);
  assert.equal(lead.owner_id, 7);
  assert.equal(stubs.pipedrive.store.persons.at(-1).emails[0].value, SQL_ENTERPRISE.email);
  stubs.pipedrive.setFaults(() => ({ kind: "429", retryAfter: 9 }));
  const busy = await postJson(edge.url, { ...SQL_ENTERPRISE, submission_id: "sub-edge-pd-0002" });
  assert.equal(busy.status, 503);
  assert.equal(busy.headers.get("retry-after"), "9");
  assert.equal((await busy.json()).error.code, "delivery_failed");
  stubs.pipedrive.setFaults(null);
  assert.equal((await postJson(edge.url, { ...SQL_ENTERPRISE, submission_id: "sub-edge-pd-0002" })).status, 200);
  assert.deepEqual(stubs.pipedrive.problems, []);
});

async function startDeno(env) {
  const dir = mkdtempSync(join(tmpdir(), "leadgate-edge-deno-conn-"));
  const config = { imports: { leadgate: pathToFileURL(join(root, "pkg/deno.js")).href, "leadgate/connectors": pathToFileURL(join(root, "pkg/connectors/index.js")).href }, lock: false, nodeModulesDir: "none" };
  writeFileSync(join(dir, "deno.json"), JSON.stringify(config));
  const port = await freePort();
  const server = start(bin("deno"), ["run", "--quiet", "--allow-net=127.0.0.1", "--config", join(dir, "deno.json"),
    join(root, "tests/edge/deno-serve.mjs"), String(port), JSON.stringify(env)], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, server);
  return { url, stop: async () => { await server.stop(); rmSync(dir, { recursive: true, force: true }); } };
}

test("Deno: a Web-to-Lead form (no JavaScript) becomes a Salesforce Lead through the REST target, and the browser is sent to the thank-you page", async () => {
  process.env.DENO_NO_UPDATE_CHECK = "1";
  const deno = await startDeno(connectorBindings({ IN_SALESFORCE_KEY: KEYS.sf, IN_SALESFORCE_ORG_ID: "00D5e000000AbCd", THANK_YOU_URL: "https://www.example.com/thanks",
    IN_SALESFORCE_FIELDS: JSON.stringify({ "00N5e00000AbCdE": "form" }) }));
  try {
    // 120 employees in Brazil: routed to latam-sdr, whose target is Salesforce.
    const text = readFixture("salesforce", "web-to-lead.payload.txt").replace("bob%40bigcorp.com", "bia%40bigcorp.com.br").replace("employees=5000", "employees=120") + "&country=BR";
    const r = await navigate(`${deno.url}/in/salesforce?key=${KEYS.sf}`, text,
      { "content-type": "application/x-www-form-urlencoded", "sec-fetch-mode": "navigate", accept: "text/html", origin: "https://www.example.com" });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.headers.location, "https://www.example.com/thanks");
    assert.equal(stubs.salesforce.store.leads.size, 1, JSON.stringify(stubs.salesforce.log.map((e) => [e.endpoint, e.status, e.problem])));
    const [[ext, saved]] = [...stubs.salesforce.store.leads.entries()];
    assert.match(ext, /^salesforce-[0-9a-f]{32}$/);
    assert.equal(saved.body.Email, "bia@bigcorp.com.br");
    assert.equal(saved.body.Leadgate_Team__c, "latam-sdr");
    assert.deepEqual(stubs.salesforce.problems, []);
  } finally {
    await deno.stop();
  }
});

test("Deno: a target without its secret binding is a misconfiguration that /health names, never with a value", async () => {
  const deno = await startDeno(connectorBindings({ HUBSPOT_TOKEN: undefined, TARGETS: JSON.stringify({ "*": { type: "hubspot", token: "pat-inline-0123456789" } }) }));
  try {
    const h = await (await fetch(`${deno.url}/health`)).json();
    assert.equal(h.ok, false);
    assert.match(h.error.message, /TARGETS\["\*"\]\.token: secrets come from secret bindings/);
    assert.ok(!JSON.stringify(h).includes("pat-inline"));
  } finally {
    await deno.stop();
  }
  const missing = await startDeno(connectorBindings({ HUBSPOT_TOKEN: undefined }));
  try {
    const h = await (await fetch(`${missing.url}/health`)).json();
    assert.match(h.error.message, /needs the secret binding HUBSPOT_TOKEN/);
  } finally {
    await missing.stop();
  }
});
