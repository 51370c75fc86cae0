// 1,000 SQL submissions through the edge worker on real workerd while the
// webhook fails 30% of the time at random (seeded): refusals, errors after
// committing, and hangs past the worker's timeout. The test is the retrying
// form kit: on 503 it waits a little and retries with the same submission id,
// a bounded number of times. Every lead must end up at its team's webhook
// exactly once after dedupe by Idempotency-Key; none lost, none extra.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEdge, testBindings, postJson, TEST_SECRET } from "./harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, sqlLeads } from "./leads.mjs";

const N = 1_000;
const CONCURRENCY = 16;
const MAX_ATTEMPTS = 25; // P(25 failures in a row at 30%) ≈ 1e-13 per lead
let recv;
let edge;

before(async () => {
  recv = await startReceiver({ secret: TEST_SECRET });
  edge = await startEdge(testBindings(recv.url, { WEBHOOK_TIMEOUT_MS: "250", RETRY_AFTER_SECONDS: "1" }));
});

after(async () => {
  await edge?.stop();
  await recv?.close();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test(`${N} submissions, webhook failing 30% at random: each delivered exactly once after dedupe, none lost`, async () => {
  const leads = sqlLeads(N);
  const expected = leads.map((lead) => reference.score(lead));
  assert.ok(expected.every((o) => o.stage === "SQL"), "the generated leads are all SQL");
  recv.setMode({ mode: "random", failRate: 0.3, seed: 20261126, hangMs: 600 });

  const results = new Array(N);
  let next = 0;
  let tries = 0;
  let retries503 = 0;
  async function client() {
    while (next < N) {
      const i = next++;
      const id = `sub-${String(i).padStart(6, "0")}`;
      for (let attempt = 1; ; attempt++) {
        tries += 1;
        const r = await postJson(edge.url, { ...leads[i], submission_id: id });
        const body = await r.json();
        if (r.status === 200) {
          results[i] = { body, attempts: attempt };
          break;
        }
        assert.equal(r.status, 503, `lead ${i}: ${JSON.stringify(body)}`);
        assert.equal(body.error.code, "delivery_failed");
        assert.ok(r.headers.get("retry-after"), "503 carries Retry-After");
        retries503 += 1;
        assert.ok(attempt < MAX_ATTEMPTS, `lead ${i} still failing after ${attempt} attempts`);
        // Retry-After says 1 s; this client backs off 5–40 ms to keep the run short.
        await sleep(Math.min(40, 5 * attempt));
      }
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (performance.now() - t0) / 1000;
  await recv.settle();

  // None lost, none extra: the receiver's deduped log is exactly the submitted ids.
  const ids = leads.map((_, i) => `sub-${String(i).padStart(6, "0")}`);
  assert.deepEqual([...recv.accepted.keys()].sort(), ids, "every lead exactly once after dedupe");
  for (let i = 0; i < N; i++) {
    const got = recv.accepted.get(ids[i]);
    assert.equal(got.path, `/hooks/${expected[i].route.team}`, `lead ${i} went to its team`);
    assert.deepEqual(got.payload.lead, leads[i]);
    assert.equal(got.payload.outcome.score, expected[i].score);
    assert.equal(results[i].body.stage, "SQL");
  }
  const copies = [...recv.accepted.values()].reduce((n, a) => n + a.copies, 0);
  const failures = recv.attempts.filter((a) => a.result !== "accepted" && a.result !== "late").length;
  const kinds = {};
  for (const a of recv.attempts) kinds[a.result] = (kinds[a.result] ?? 0) + 1;
  assert.ok(retries503 > 0.2 * N, `the webhook really failed often (${retries503} 503s)`);
  assert.equal(recv.badSignatures, 0);
  console.log(`${N} leads in ${seconds.toFixed(1)} s: ${tries} requests, ${retries503} answered 503; webhook attempts ${recv.attempts.length} (${JSON.stringify(kinds)}); ` +
    `failures ${failures}; copies received ${copies}, duplicates dropped by the key ${copies - N}`);
});
