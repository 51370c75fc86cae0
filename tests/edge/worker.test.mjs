// The edge worker on real workerd (127.0.0.1) with a webhook receiver on
// 127.0.0.1: routing and deadlines, what the browser sees, forged score
// fields, form bodies, CORS, at-least-once delivery when the webhook is down
// or slow, and the plain endpoints.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEdge, testBindings, postJson, TEST_SECRET } from "./harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, SQL_ENTERPRISE, SQL_LATAM, MQL } from "./leads.mjs";

let recv;
let edge;

before(async () => {
  recv = await startReceiver({ secret: TEST_SECRET });
  edge = await startEdge(testBindings(recv.url));
});

after(async () => {
  await edge?.stop();
  await recv?.close();
});

const HOUR = 3_600_000;

test("an SQL lead reaches its team's webhook with its deadline, once, before the browser is answered", async () => {
  recv.reset();
  for (const [lead, team] of [[SQL_ENTERPRISE, "enterprise-ae"], [SQL_LATAM, "latam-sdr"]]) {
    const t0 = Date.now();
    const r = await postJson(edge.url, lead);
    const t1 = Date.now();
    assert.equal(r.status, 200);
    const body = await r.json();
    assert.deepEqual(Object.keys(body), ["submission_id", "delivered", "stage", "grade", "respond_by"]);
    assert.equal(body.stage, "SQL");
    assert.equal(body.delivered, true);
    // Delivered before the answer: the receiver already has it.
    const got = recv.accepted.get(body.submission_id);
    assert.ok(got, "the webhook received the lead before the browser's answer");
    assert.equal(got.copies, 1);
    assert.equal(got.path, `/hooks/${team}`);
    const p = got.payload;
    assert.equal(p.submission_id, body.submission_id);
    assert.equal(p.team, team);
    assert.deepEqual(p.lead, lead);
    // Scored at request time: respond_by = received_at + the SQL SLA (1h).
    const receivedAt = Date.parse(p.received_at);
    assert.ok(receivedAt >= t0 - 1_000 && receivedAt <= t1 + 1_000, "received_at is the request time");
    assert.equal(Date.parse(p.respond_by), receivedAt + HOUR);
    assert.equal(body.respond_by, p.respond_by);
    // The full outcome is exactly what the package computes for that lead at that time.
    assert.deepEqual(p.outcome, reference.score(lead, { now: p.received_at }));
    assert.equal(body.grade, p.outcome.grade);
  }
  assert.equal(recv.badSignatures, 0, "every delivery carries a valid HMAC signature");
  assert.ok(recv.attempts.every((a) => a.result === "accepted"));
});

test("an MQL is answered but not delivered; the browser never sees reasons", async () => {
  recv.reset();
  const r = await postJson(edge.url, MQL, { origin: "https://www.example.com" });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("access-control-allow-origin"), "https://www.example.com");
  const body = await r.json();
  const want = reference.score(MQL);
  assert.equal(want.stage, "MQL");
  assert.deepEqual(
    { stage: body.stage, grade: body.grade, delivered: body.delivered },
    { stage: "MQL", grade: want.grade, delivered: false },
  );
  assert.equal(Date.parse(body.respond_by) - Date.now() > 23 * HOUR, true, "MQL deadline is a day out");
  assert.equal("reasons" in body || "score" in body, false);
  assert.equal(recv.attempts.length, 0, "nothing was sent to any webhook");
});

test("forged score fields and previous_stage change nothing", async () => {
  recv.reset();
  const honest = await (await postJson(edge.url, MQL)).json();
  const forged = await postJson(edge.url, {
    ...MQL, score: 999, fit: 999, engagement: 999, grade: "A", stage: "SQL", previous_stage: "SQL",
    route: { team: "enterprise-ae" }, respond_by: "2000-01-01T00:00:00Z",
  });
  assert.equal(forged.status, 200);
  const body = await forged.json();
  assert.equal(body.stage, honest.stage);
  assert.equal(body.grade, honest.grade);
  assert.equal(body.delivered, false);
  assert.equal(recv.attempts.length, 0, "a forged SQL is not delivered");
  // And an SQL lead with forged fields is delivered without them.
  // The form kit's names for the same fields (leadgate_*) are dropped too.
  const r = await postJson(edge.url, { ...SQL_LATAM, score: 999, stage: "lead", previous_stage: "SQL",
    leadgate_stage: "Lead", leadgate_score: "1", leadgate_team: "global-sdr", leadgate_grade: "D",
    leadgate_persona: "x", leadgate_respond_by: "2000-01-01T00:00:00Z", leadgate_model_hash: "0000000000000000",
    leadgate_submission_id: "forged-0001" });
  const sql = await r.json();
  assert.equal(sql.stage, "SQL");
  assert.deepEqual(recv.accepted.get(sql.submission_id).payload.lead, SQL_LATAM);
});

test("an HTML form body (urlencoded) scores like the same lead in JSON, numbers as text included", async () => {
  recv.reset();
  const form = new URLSearchParams({ ...SQL_ENTERPRISE, company_size: "5000", submission_id: "form-0001-abcdef" });
  const r = await fetch(`${edge.url}/lead`, { method: "POST", body: form });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.submission_id, "form-0001-abcdef");
  assert.equal(body.stage, "SQL");
  const got = recv.accepted.get("form-0001-abcdef");
  assert.equal(got.path, "/hooks/enterprise-ae");
  assert.equal(got.payload.lead.company_size, "5000");
  assert.equal(got.payload.outcome.score, reference.score(SQL_ENTERPRISE).score);
});

test("webhook down: 503 + Retry-After, nothing dropped; after recovery the retry is delivered once", async () => {
  recv.reset();
  recv.setMode({ mode: "down" });
  const id = "retry-test-0001";
  try {
    for (let i = 0; i < 3; i++) {
      const r = await postJson(edge.url, SQL_ENTERPRISE, { "idempotency-key": id, origin: "https://forms.example.com" });
      assert.equal(r.status, 503);
      assert.equal(r.headers.get("retry-after"), "1");
      assert.equal(r.headers.get("access-control-allow-origin"), "https://forms.example.com");
      const body = await r.json();
      assert.equal(body.error.code, "delivery_failed");
      assert.equal(body.submission_id, id);
    }
    assert.equal(recv.accepted.size, 0);
    assert.equal(recv.attempts.filter((a) => a.key === id).length, 3, "each try reached the webhook with the id");
  } finally {
    recv.setMode({ mode: "ok" });
  }
  const ok = await postJson(edge.url, SQL_ENTERPRISE, { "idempotency-key": id });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).submission_id, id);
  // The form kit did not see the 200 (say) and retries once more: the receiver drops the repeat.
  assert.equal((await postJson(edge.url, SQL_ENTERPRISE, { "idempotency-key": id })).status, 200);
  assert.equal(recv.accepted.size, 1);
  assert.equal(recv.accepted.get(id).copies, 2);
});

test("webhook too slow: the worker gives up at its timeout with 503; the late copy dedupes", async () => {
  recv.reset();
  recv.setMode({ mode: "hang", hangMs: 1_500 });
  const id = "slow-test-0001";
  try {
    const t0 = Date.now();
    const r = await postJson(edge.url, { ...SQL_LATAM, submission_id: id });
    const took = Date.now() - t0;
    assert.equal(r.status, 503);
    assert.ok(r.headers.get("retry-after"));
    assert.ok(took >= 350 && took < 1_400, `answered at the 400 ms timeout, took ${took} ms`);
  } finally {
    recv.setMode({ mode: "ok" });
  }
  const retry = await postJson(edge.url, { ...SQL_LATAM, submission_id: id });
  assert.equal(retry.status, 200);
  await recv.settle();
  assert.equal(recv.accepted.size, 1, "one lead after dedupe");
  assert.equal(recv.accepted.get(id).path, "/hooks/latam-sdr");
});

test("submission ids: from the body or Idempotency-Key, validated; generated when absent", async () => {
  const gen = await (await postJson(edge.url, MQL)).json();
  assert.match(gen.submission_id, /^[0-9a-f-]{36}$/);
  const viaHeader = await (await postJson(edge.url, MQL, { "idempotency-key": "hdr-000000001" })).json();
  assert.equal(viaHeader.submission_id, "hdr-000000001");
  // A plain HTML form posting here carries the kit's hidden field instead.
  const viaKitField = await (await postJson(edge.url, { ...MQL, leadgate_submission_id: "kit-00000001" })).json();
  assert.equal(viaKitField.submission_id, "kit-00000001");
  for (const [body, headers] of [
    [{ ...MQL, submission_id: "short" }, {}],
    [{ ...MQL, submission_id: 12345678 }, {}],
    [{ ...MQL, submission_id: "has spaces in it" }, {}],
    [MQL, { "idempotency-key": "bad/slash/key" }],
    [{ ...MQL, submission_id: "body-00000001" }, { "idempotency-key": "header-0000001" }],
    [{ ...MQL, leadgate_submission_id: "bad id!" }, {}],
  ]) {
    const r = await postJson(edge.url, body, headers);
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.code, "bad_submission_id");
  }
});

test("CORS: preflight for allowed origins, 403 for others", async () => {
  const pre = await fetch(`${edge.url}/lead`, {
    method: "OPTIONS",
    headers: { origin: "https://www.example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "https://www.example.com");
  assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
  assert.match(pre.headers.get("access-control-allow-headers"), /Content-Type/i);
  for (const method of ["OPTIONS", "POST"]) {
    const r = await fetch(`${edge.url}/lead`, {
      method, headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: method === "POST" ? JSON.stringify(SQL_ENTERPRISE) : undefined,
    });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get("access-control-allow-origin"), null);
    assert.equal((await r.json()).error.code, "origin_not_allowed");
  }
});

test("GET /health and GET /model; 404 and 405 are JSON errors", async () => {
  const health = await (await fetch(`${edge.url}/health`)).json();
  assert.equal(health.ok, true);
  const m = await fetch(`${edge.url}/model`);
  assert.equal(m.status, 200);
  assert.deepEqual(await m.json(), reference.model);
  const cases = [["GET", "/lead", 405, "method_not_allowed"], ["PUT", "/lead", 405, "method_not_allowed"],
    ["POST", "/model", 405, "method_not_allowed"], ["GET", "/nope", 404, "not_found"], ["GET", "/", 404, "not_found"]];
  for (const [method, path, status, code] of cases) {
    const r = await fetch(`${edge.url}${path}`, { method });
    assert.equal(r.status, status, `${method} ${path}`);
    assert.equal((await r.json()).error.code, code);
  }
});

test("a misconfigured worker says so: /health 503, /lead 500 misconfigured, never a silent drop", async () => {
  const bad = await startEdge(testBindings(recv.url, { WEBHOOKS: JSON.stringify({ "global-sdr": "not a url" }) }));
  try {
    const h = await fetch(`${bad.url}/health`);
    assert.equal(h.status, 503);
    assert.equal((await h.json()).error.code, "misconfigured");
    const r = await postJson(bad.url, SQL_ENTERPRISE);
    assert.equal(r.status, 500);
    assert.equal((await r.json()).error.code, "misconfigured");
  } finally {
    await bad.stop();
  }
});
