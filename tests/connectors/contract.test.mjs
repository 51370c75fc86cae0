// Contract tests: each outbound target against its vendor stub (requests
// validated against the JSON Schemas written from the vendor's documents),
// and the failure rules: 401 (OAuth: one refresh, then a clear failure;
// others: no retry), 429 with Retry-After, 5xx and timeouts retryable, and
// no token or secret in any result.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startStub, CREDENTIALS } from "./stub.mjs";
import { SQL_DELIVERY, connectorsPath } from "./deliveries.mjs";

const c = await import(connectorsPath);
const stubs = [];
after(async () => {
  for (const s of stubs) await s.close();
});

function memoryStorage() {
  const m = new Map();
  return { map: m, get: (k) => m.get(k), put: (k, v) => void m.set(k, v) };
}

/** Per target: the vendor stub, the options for it, and what a successful delivery commits. */
const TARGETS = {
  rdstation: {
    stub: "rdstation",
    options: (s) => ({ apiBase: s.url, clientId: CREDENTIALS.clientId, clientSecret: CREDENTIALS.clientSecret, refreshToken: CREDENTIALS.refreshToken, owners: { "latam-sdr": "sdr@acme.example" } }),
    deliver: (d, o) => c.rdstation.deliver(d, o),
    oauth: true,
    committed(s, d) {
      const contact = s.store.contacts.get(d.lead.email);
      const funnel = s.store.funnels.get(d.lead.email);
      assert.equal(contact.cf_leadgate_stage, d.outcome.stage);
      assert.equal(contact.cf_leadgate_score, String(d.outcome.score));
      assert.equal(contact.cf_leadgate_submission_id, d.submission_id);
      assert.equal(contact.cf_leadgate_model_hash, d.outcome.model.hash);
      assert.equal(contact.name, "Ana Souza");
      assert.deepEqual(funnel, { lifecycle_stage: "Qualified Lead", opportunity: true, contact_owner_email: "sdr@acme.example", fit: d.outcome.fit, interest: d.outcome.engagement });
    },
  },
  hubspot: {
    stub: "hubspot",
    options: (s) => ({ apiBase: s.url, token: CREDENTIALS.hubspotToken, owners: { "latam-sdr": "71" } }),
    deliver: (d, o) => c.hubspot.deliver(d, o),
    committed(s, d) {
      const got = s.store.contacts.get(d.lead.email);
      assert.equal(got.trace, d.submission_id);
      assert.deepEqual(got.properties, {
        email: d.lead.email, firstname: "Ana", lastname: "Souza", company: "Acme", jobtitle: "Diretora de Marketing",
        lifecyclestage: "salesqualifiedlead", hubspot_owner_id: "71",
        leadgate_stage: "SQL", leadgate_score: String(d.outcome.score), leadgate_grade: d.outcome.grade, leadgate_persona: d.outcome.persona,
        leadgate_team: "latam-sdr", leadgate_respond_by: d.outcome.route.respond_by, leadgate_model_hash: d.outcome.model.hash,
        leadgate_submission_id: d.submission_id,
      });
    },
  },
  "salesforce REST": {
    stub: "salesforce",
    options: (s) => ({ loginUrl: s.url, clientId: CREDENTIALS.clientId, clientSecret: CREDENTIALS.clientSecret, refreshToken: CREDENTIALS.refreshToken }),
    deliver: (d, o) => c.salesforce.deliver(d, o),
    oauth: true,
    committed(s, d) {
      const got = s.store.leads.get(d.submission_id).body;
      assert.equal(got.Email, d.lead.email);
      assert.equal(got.LastName, "Souza");
      assert.equal(got.Company, "Acme");
      assert.equal(got.Rating, "Hot");
      assert.equal(got.Leadgate_Stage__c, "SQL");
      assert.equal(got.Leadgate_Score__c, d.outcome.score);
      assert.equal(got.Leadgate_Team__c, "latam-sdr");
    },
  },
  "salesforce Web-to-Lead": {
    stub: "salesforce",
    options: (s) => ({ mode: "web-to-lead", webToLeadBase: s.url, orgId: "00D5e000000AbCd", fieldIds: { stage: "00N5e00000StAgE", score: "00N5e00000ScOrE", id: "00N5e00000SuBiD" } }),
    deliver: (d, o) => c.salesforce.deliver(d, o),
    committed(s, d) {
      const got = s.store.leadList.at(-1);
      assert.deepEqual(got, {
        oid: "00D5e000000AbCd", first_name: "Ana", last_name: "Souza", email: d.lead.email, company: "Acme", title: "Diretora de Marketing",
        lead_source: "Web", rating: "Hot", "00N5e00000StAgE": "SQL", "00N5e00000ScOrE": String(d.outcome.score), "00N5e00000SuBiD": d.submission_id,
      });
    },
  },
  pipedrive: {
    stub: "pipedrive",
    options: (s) => ({ apiBase: s.url, apiToken: CREDENTIALS.pipedriveToken, owners: { "latam-sdr": 89 }, labels: { SQL: ["5c2bd6a0-0d2f-11ee-9f1a-0242ac120002"] } }),
    deliver: (d, o) => c.pipedrive.deliver(d, o),
    committed(s, d) {
      const person = s.store.persons.find((p) => p.emails[0].value === d.lead.email);
      assert.deepEqual(person.emails, [{ value: d.lead.email, primary: true, label: "work" }]);
      assert.equal(person.owner_id, 89);
      const lead = s.store.leadList.at(-1);
      assert.equal(lead.person_id, person.id);
      assert.equal(lead.owner_id, 89);
      assert.deepEqual(lead.label_ids, ["5c2bd6a0-0d2f-11ee-9f1a-0242ac120002"]);
      assert.equal(lead.title, `Ana Souza: SQL ${d.outcome.score} ${d.outcome.grade} (${d.submission_id})`);
    },
  },
  webhook: {
    stub: "webhook",
    options: (s) => ({ url: `${s.url}/hooks/latam-sdr`, secret: CREDENTIALS.webhookSecret }),
    deliver: (d, o) => c.webhook.deliver(d, o),
    committed(s, d) {
      assert.deepEqual(s.store.messages.get(d.submission_id).body, d);
    },
  },
};

const SECRETS = [CREDENTIALS.clientSecret, CREDENTIALS.refreshToken, CREDENTIALS.hubspotToken, CREDENTIALS.pipedriveToken, CREDENTIALS.webhookSecret, "at-"];
function noSecrets(result, stub) {
  const text = JSON.stringify(result);
  for (const s of [...SECRETS, ...(stub?.state.valid ?? [])]) assert.ok(!text.includes(s), `the result shows a secret: ${text}`);
}

async function fresh(name) {
  const t = TARGETS[name];
  const stub = await startStub(t.stub, { hangMs: 300 });
  stubs.push(stub);
  return { t, stub, options: { ...t.options(stub), storage: memoryStorage(), timeoutMs: 2_000 } };
}

for (const name of Object.keys(TARGETS)) {
  test(`${name}: a delivery builds the documented requests and commits the lead`, async () => {
    const { t, stub, options } = await fresh(name);
    const r = await t.deliver(SQL_DELIVERY, options);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.deepEqual(stub.problems, []);
    t.committed(stub, SQL_DELIVERY);
    noSecrets(r, stub);
  });

  test(`${name}: 429 is retryable with the vendor's Retry-After, 5xx and timeouts are retryable`, async () => {
    const { t, stub, options } = await fresh(name);
    const cases = [
      [{ kind: "429", retryAfter: 7 }, { code: "rate_limited", retryable: true, retryAfter: 7, status: 429 }],
      [{ kind: "503", retryAfter: 3 }, { code: "vendor_unavailable", retryable: true, retryAfter: 3, status: 503 }],
      [{ kind: "500-after-commit" }, { code: "vendor_unavailable", retryable: true, status: 500 }],
      [{ kind: "hang-after-commit" }, { code: "timeout", retryable: true }],
    ];
    for (const [fault, want] of cases) {
      stub.setFaults((endpoint) => (endpoint === "token" ? null : fault));
      const r = await t.deliver(SQL_DELIVERY, { ...options, timeoutMs: 100 });
      const { message, ...rest } = r;
      assert.deepEqual(rest, { ok: false, ...want }, `${fault.kind}: ${JSON.stringify(r)}`);
      assert.match(message, new RegExp(`^${t.stub}: `));
      noSecrets(r, stub);
    }
    assert.deepEqual(stub.problems, []);
  });

  test(`${name}: 401 is not retried${TARGETS[name].oauth ? " beyond one token refresh" : ""}`, async () => {
    const { t, stub, options } = await fresh(name);
    stub.setFaults((endpoint) => (endpoint === "token" ? null : { kind: "401" }));
    const r = await t.deliver(SQL_DELIVERY, options);
    assert.equal(r.ok, false);
    assert.equal(r.code, "unauthorized");
    assert.equal(r.retryable, false);
    const calls = stub.log.map((e) => e.endpoint);
    const first = calls.find((e) => e !== "token");
    assert.deepEqual(calls, t.oauth ? ["token", first, "token", first] : [first]);
    noSecrets(r, stub);
  });
}

for (const name of ["rdstation", "salesforce REST"]) {
  test(`${name}: the token is cached in the storage passed in, refreshed once on 401, and a refused refresh fails clearly`, async () => {
    const { t, stub, options } = await fresh(name);
    assert.equal((await t.deliver(SQL_DELIVERY, options)).ok, true);
    assert.equal((await t.deliver(SQL_DELIVERY, options)).ok, true);
    assert.equal(stub.state.tokensIssued, 1, "the second delivery used the cached token");
    const [cached] = options.storage.map.values();
    assert.ok(!("refresh_token" in cached), "the refresh token is never stored");
    stub.revoke();
    const r = await t.deliver(SQL_DELIVERY, options);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(stub.state.tokensIssued, 2, "one refresh after the 401");
    const bad = await t.deliver(SQL_DELIVERY, { ...options, storage: memoryStorage(), refreshToken: "wrong-refresh-token" });
    assert.equal(bad.code, "unauthorized");
    assert.equal(bad.retryable, false);
    assert.ok(!JSON.stringify(bad).includes("wrong-refresh-token"));
    assert.deepEqual(stub.problems, []);
  });
}

test("missing credentials are misconfigured, named, never shown; a bad delivery is refused before any request", async () => {
  const { stub } = await fresh("hubspot");
  const r = await c.hubspot.deliver(SQL_DELIVERY, { apiBase: stub.url });
  assert.deepEqual([r.ok, r.code, r.retryable], [false, "misconfigured", false]);
  assert.match(r.message, /token/);
  const insecure = await c.hubspot.deliver(SQL_DELIVERY, { apiBase: "http://api.example.com", token: CREDENTIALS.hubspotToken });
  assert.equal(insecure.code, "misconfigured");
  const noEmail = await c.hubspot.deliver({ ...SQL_DELIVERY, lead: { company: "x" } }, { apiBase: stub.url, token: CREDENTIALS.hubspotToken });
  assert.deepEqual([noEmail.code, noEmail.retryable], ["bad_delivery", false]);
  assert.equal(stub.log.length, 0);
});

test("Standard Webhooks: the published test vector, and verify() accepts what deliver() sent and refuses tampering and replays", async () => {
  // https://github.com/standard-webhooks/standard-webhooks (the libraries' shared test vector)
  assert.equal(await c.webhook.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}'),
    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  const vector = { "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330", "webhook-signature": "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" };
  assert.deepEqual(await c.webhook.verify(vector, '{"test": 2432232314}', "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", { nowSeconds: 1614265330 }), { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330 });
  const { stub, options } = await fresh("webhook");
  assert.equal((await c.webhook.deliver(SQL_DELIVERY, options)).ok, true);
  const sent = stub.log.at(-1);
  const headers = new Headers(Object.entries(sent.headers).map(([k, v]) => [k, String(v)]));
  assert.equal(headers.get("idempotency-key"), SQL_DELIVERY.submission_id);
  assert.equal((await c.webhook.verify(headers, sent.raw, [CREDENTIALS.webhookSecret])).id, SQL_DELIVERY.submission_id);
  await assert.rejects(c.webhook.verify(headers, sent.raw.replace('"SQL"', '"MQL"'), CREDENTIALS.webhookSecret), { code: "bad_signature" });
  await assert.rejects(c.webhook.verify(headers, sent.raw, CREDENTIALS.webhookSecret, { nowSeconds: Number(headers.get("webhook-timestamp")) + 301 }), { code: "bad_signature" });
  await assert.rejects(c.webhook.verify(headers, sent.raw, "whsec_" + btoa("another-secret-of-24-bytes")), { code: "bad_signature" });
  // The edge's older header can be sent as well.
  const both = await c.webhook.buildRequest(SQL_DELIVERY, { ...options, legacySecret: "edge-test-secret-0123456789" });
  assert.match(both.headers["x-leadgate-signature"], /^sha256=[0-9a-f]{64}$/);
});

test("deliverWithRetry waits the vendor's Retry-After, and hands back a wait too long to sleep through", async () => {
  const { stub, options } = await fresh("hubspot");
  let n = 0;
  stub.setFaults(() => (n++ < 2 ? { kind: "429", retryAfter: 2 } : null));
  const waits = [];
  const r = await c.deliverWithRetry(() => c.hubspot.deliver(SQL_DELIVERY, options), { sleep: async (ms) => void waits.push(ms) });
  assert.deepEqual([r.ok, r.attempts, waits], [true, 3, [2000, 2000]]);
  stub.setFaults(() => ({ kind: "429", retryAfter: 3600 }));
  const late = await c.deliverWithRetry(() => c.hubspot.deliver(SQL_DELIVERY, options), { sleep: async () => assert.fail("slept") });
  assert.deepEqual([late.ok, late.code, late.retryAfter, late.attempts], [false, "rate_limited", 3600, 1]);
  assert.equal(c.retryAfterSeconds("Wed, 26 Nov 2026 12:00:30 GMT", Date.parse("2026-11-26T12:00:00Z")), 30);
  assert.equal(c.retryAfterSeconds("soon"), null);
});
