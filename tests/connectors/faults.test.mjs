// 1,000 deliveries per outbound target while its stub fails 30% of the
// requests at random (seeded): 429 with Retry-After, 503, errors after
// committing, and answers held past the connector's timeout after
// committing; OAuth targets also have their tokens revoked now and then.
// The caller retries through deliverWithRetry. Every delivery acknowledged
// must be in the vendor's store; a duplicate may exist only under the same
// idempotency key (e-mail for upserts, the submission id otherwise).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { startStub, CREDENTIALS } from "./stub.mjs";
import { deliveries, connectorsPath } from "./deliveries.mjs";
import { mulberry32 } from "../edge/receiver.mjs";

const c = await import(connectorsPath);
const N = 1_000;
const CONCURRENCY = 16;
const stubs = [];
after(async () => {
  for (const s of stubs) await s.close();
});

const storage = () => {
  const m = new Map();
  return { get: (k) => m.get(k), put: (k, v) => void m.set(k, v) };
};

const TARGETS = {
  rdstation: {
    options: (s) => ({ apiBase: s.url, clientId: CREDENTIALS.clientId, clientSecret: CREDENTIALS.clientSecret, refreshToken: CREDENTIALS.refreshToken, storage: storage() }),
    deliver: (d, o) => c.rdstation.deliver(d, o),
    revoke: true,
    check(s, ds) {
      assert.equal(s.store.contacts.size, N);
      assert.equal(s.store.funnels.size, N);
      for (const d of ds) assert.equal(s.store.contacts.get(d.lead.email).cf_leadgate_submission_id, d.submission_id);
      return "contacts and funnels upserted by e-mail: repeats overwrite the same contact";
    },
  },
  hubspot: {
    options: (s) => ({ apiBase: s.url, token: CREDENTIALS.hubspotToken }),
    deliver: (d, o) => c.hubspot.deliver(d, o),
    check(s, ds) {
      assert.equal(s.store.contacts.size, N);
      for (const d of ds) assert.equal(s.store.contacts.get(d.lead.email).trace, d.submission_id);
      const writes = [...s.store.contacts.values()].reduce((n, x) => n + x.writes, 0);
      return `${writes - N} repeated upserts, each on the same e-mail`;
    },
  },
  salesforce: {
    options: (s) => ({ loginUrl: s.url, clientId: CREDENTIALS.clientId, clientSecret: CREDENTIALS.clientSecret, refreshToken: CREDENTIALS.refreshToken, storage: storage() }),
    deliver: (d, o) => c.salesforce.deliver(d, o),
    revoke: true,
    check(s, ds) {
      assert.equal(s.store.leads.size, N);
      for (const d of ds) assert.equal(s.store.leads.get(d.submission_id).body.Email, d.lead.email);
      const writes = [...s.store.leads.values()].reduce((n, x) => n + x.writes, 0);
      return `${writes - N} repeated upserts, each on the same external id`;
    },
  },
  pipedrive: {
    options: (s) => ({ apiBase: s.url, apiToken: CREDENTIALS.pipedriveToken }),
    deliver: (d, o) => c.pipedrive.deliver(d, o),
    check(s, ds) {
      // Pipedrive takes no idempotency key. The person is searched before it
      // is created, but a create that timed out on our side can still commit
      // after the retry's search (seen under CPU load): a duplicate person,
      // under the same e-mail. Leads repeat under the same submission id.
      const persons = new Map();
      for (const p of s.store.persons) persons.set(p.emails[0].value, [...(persons.get(p.emails[0].value) ?? []), p.id]);
      assert.equal(persons.size, N, "every lead's person exists");
      const byId = new Map();
      for (const lead of s.store.leadList) {
        const id = /\((sub-\d{6})\)$/.exec(lead.title)?.[1];
        assert.ok(id, `a lead without its submission id: ${lead.title}`);
        byId.set(id, [...(byId.get(id) ?? []), lead]);
      }
      assert.equal(byId.size, N);
      for (const d of ds) {
        const ids = persons.get(d.lead.email);
        assert.ok(byId.get(d.submission_id).every((l) => ids.includes(l.person_id)), "a lead's person has its e-mail");
      }
      return `${s.store.leadList.length - N} duplicate leads, each titled with its submission id; ${s.store.persons.length - N} duplicate persons, each under its e-mail`;
    },
  },
  webhook: {
    options: (s) => ({ url: `${s.url}/hooks/default`, secret: CREDENTIALS.webhookSecret }),
    deliver: (d, o) => c.webhook.deliver(d, o),
    check(s, ds) {
      assert.equal(s.store.messages.size, N);
      for (const d of ds) assert.deepEqual(s.store.messages.get(d.submission_id).body, d);
      const copies = [...s.store.messages.values()].reduce((n, m) => n + m.copies, 0);
      return `${copies - N} repeated messages, each with its webhook-id`;
    },
  },
};

for (const [name, t] of Object.entries(TARGETS)) {
  test(`${name}: ${N} deliveries, 30% of requests failing: none acknowledged and undelivered, duplicates only under the same key`, async () => {
    const stub = await startStub(name, { hangMs: 400 });
    stubs.push(stub);
    const rng = mulberry32(20261205);
    let requests = 0;
    stub.setFaults(() => {
      requests += 1;
      if (t.revoke && requests % 250 === 0) stub.revoke();
      if (rng() >= 0.3) return null;
      const r = rng();
      return r < 0.3 ? { kind: "429", retryAfter: 1 } : r < 0.6 ? { kind: "503" } : r < 0.8 ? { kind: "500-after-commit" } : { kind: "hang-after-commit" };
    });
    const ds = deliveries(N);
    const options = { ...t.options(stub), timeoutMs: 250 };
    const waits = [];
    const results = new Array(N);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        results[i] = await c.deliverWithRetry(() => t.deliver(ds[i], options), {
          maxAttempts: 30, baseDelayMs: 2, maxWaitMs: 5_000,
          sleep: (ms) => {
            waits.push(ms);
            return new Promise((r) => setTimeout(r, Math.min(ms, 3)));
          },
        });
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 500)); // answers held past the timeout
    const failed = results.filter((r) => !r.ok);
    assert.deepEqual(failed, [], "every delivery ends acknowledged");
    assert.deepEqual(stub.problems, []);
    const summary = t.check(stub, ds);
    const faults = {};
    for (const e of stub.log) if (e.fault) faults[e.fault] = (faults[e.fault] ?? 0) + 1;
    const attempts = results.reduce((n, r) => n + r.attempts, 0);
    assert.ok(waits.filter((ms) => ms === 1000).length > 50, "429's Retry-After: 1 was honoured");
    assert.ok(Object.values(faults).reduce((a, b) => a + b, 0) > 0.25 * stub.log.length, "the stub really failed often");
    console.log(`${name}: ${N} deliveries in ${seconds.toFixed(1)} s, ${attempts} attempts, ${stub.log.length} requests, faults ${JSON.stringify(faults)}, ` +
      `tokens issued ${stub.state.tokensIssued}; ${summary}`);
  });
}
