// The doors an adversarial run found open (issue 15), each shut and tested on
// real workerd: origins fail closed when ALLOWED_ORIGINS is unset; stalled
// bodies time out and cannot pile up; /health never prints a configured
// value; compressed bodies are decoded within the size limit, unknown
// encodings named; a retried lead keeps its place on the SLA clock; client
// events can be kept out of scoring.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { gzipSync, deflateSync } from "node:zlib";
import { startEdge, testBindings, postJson, stalledPost, TEST_SECRET } from "./harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, SQL_LATAM, MQL } from "./leads.mjs";

let recv;
let edge;

before(async () => {
  recv = await startReceiver({ secret: TEST_SECRET });
  edge = await startEdge(testBindings(recv.url, { BODY_TIMEOUT_MS: "600", MAX_READING: "3" }));
});

after(async () => {
  await edge?.stop();
  await recv?.close();
});

test("ALLOWED_ORIGINS unset: /health says so, sites are refused, servers still post; '*' must be explicit", async () => {
  const open = await startEdge(testBindings(recv.url, { ALLOWED_ORIGINS: undefined }));
  try {
    const h = await fetch(`${open.url}/health`);
    assert.equal(h.status, 503);
    const health = await h.json();
    assert.equal(health.error.code, "origins_unset");
    const evil = await postJson(open.url, MQL, { origin: "https://evil.example" });
    assert.equal(evil.status, 403);
    assert.equal((await evil.json()).error.code, "origin_not_allowed");
    assert.equal(evil.headers.get("access-control-allow-origin"), null);
    const server = await postJson(open.url, MQL);
    assert.equal(server.status, 200, "a request without Origin is a server's, not a site's");
  } finally {
    await open.stop();
  }
  const any = await startEdge(testBindings(recv.url, { ALLOWED_ORIGINS: "*" }));
  try {
    assert.equal((await fetch(`${any.url}/health`)).status, 200);
    const r = await postJson(any.url, MQL, { origin: "https://anyone.example" });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("access-control-allow-origin"), "https://anyone.example");
  } finally {
    await any.stop();
  }
});

test("/health and the logs never print a configured value (a webhook URL's token)", async () => {
  const token = "tok_live_9f8e7d6c5b4a";
  const bad = await startEdge(testBindings(recv.url, { WEBHOOKS: JSON.stringify({ "*": `https//hooks.example.com/in?token=${token}` }) }));
  try {
    const h = await fetch(`${bad.url}/health`);
    assert.equal(h.status, 503);
    const text = await h.text();
    assert.match(text, /WEBHOOKS\[\\"\*\\"\] is not a URL/);
    assert.ok(!text.includes(token), text);
    await postJson(bad.url, MQL);
  } finally {
    await bad.stop();
  }
  assert.ok(!bad.server.output.includes(token), "the token reached the logs");
});

test("a stalled body times out with 408, and stalled bodies cannot pile up (503 busy past MAX_READING)", async () => {
  const started = Date.now();
  const one = stalledPost(edge.url);
  const got = await one.answer;
  const waited = Date.now() - started;
  assert.equal(got.status, 408, got.text);
  assert.equal(JSON.parse(got.text).error.code, "body_timeout");
  assert.ok(waited < 5000, `answered after ${waited} ms`);

  const stalled = [stalledPost(edge.url), stalledPost(edge.url), stalledPost(edge.url)];
  await new Promise((r) => setTimeout(r, 200)); // all three are being read now
  const extra = await postJson(edge.url, MQL);
  assert.equal(extra.status, 503);
  assert.equal((await extra.json()).error.code, "busy");
  assert.equal(extra.headers.get("retry-after"), "1");
  const answers = await Promise.all(stalled.map((s) => s.answer));
  assert.deepEqual(answers.map((a) => a.status), [408, 408, 408]);
  // Once they timed out, submissions are read again.
  assert.equal((await postJson(edge.url, MQL)).status, 200);
});

test("gzip and deflate bodies are decoded (bounded); other encodings get 415 naming them", async () => {
  const body = JSON.stringify(SQL_LATAM);
  const plain = await (await postJson(edge.url, body)).json();
  for (const [name, bytes] of [["gzip", gzipSync(body)], ["deflate", deflateSync(body)]]) {
    const r = await postJson(edge.url, bytes, { "content-encoding": name });
    assert.equal(r.status, 200, name);
    const got = await r.json();
    assert.deepEqual([got.stage, got.grade, got.delivered], [plain.stage, plain.grade, true], name);
  }
  const br = await postJson(edge.url, body, { "content-encoding": "br" });
  assert.equal(br.status, 415);
  const brError = (await br.json()).error;
  assert.equal(brError.code, "unsupported_encoding");
  assert.match(brError.message, /"br"/);
  // 10 MB of spaces in 10 KB: stops at the 64 KB limit, never inflated whole.
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"email":"a@b.co","x":"'), Buffer.alloc(10 << 20, 0x20), Buffer.from('"}')]));
  assert.ok(bomb.length < 64 * 1024);
  const big = await postJson(edge.url, bomb, { "content-encoding": "gzip" });
  assert.equal(big.status, 413);
  assert.equal((await big.json()).error.code, "too_large");
  const corrupt = await postJson(edge.url, gzipSync(body).subarray(0, 20), { "content-encoding": "gzip" });
  assert.equal(corrupt.status, 400);
  assert.equal((await corrupt.json()).error.code, "bad_encoding");
});

test("a retried lead keeps its place on the SLA clock: scored at its first attempt, within a bounded window", async () => {
  const age = 90_000;
  const r = await postJson(edge.url, { ...SQL_LATAM, leadgate_attempt_age_ms: age });
  const body = await r.json();
  assert.equal(body.delivered, true);
  const got = recv.accepted.get(body.submission_id).payload;
  assert.equal(Date.parse(got.received_at) - Date.parse(got.submitted_at), age);
  assert.deepEqual(got.lead, SQL_LATAM, "the kit's own field is not forwarded as lead data");
  assert.deepEqual(got.outcome, reference.score(SQL_LATAM, { now: got.submitted_at }));
  assert.equal(body.respond_by, got.outcome.route.respond_by);
  // Negative, over a day (MAX_ATTEMPT_AGE_SECONDS) or not a number: the clock starts at receipt.
  for (const bad of [-5000, 2 * 86_400_000, "soon", 1.5]) {
    const b = await (await postJson(edge.url, { ...SQL_LATAM, leadgate_attempt_age_ms: bad })).json();
    const p = recv.accepted.get(b.submission_id).payload;
    assert.equal(p.submitted_at, p.received_at, String(bad));
  }
});

test("CLIENT_EVENTS=ignore: events a client posts are forwarded, never scored", async () => {
  const forged = { ...MQL, events: [{ event: "meeting_booked", at: "2099-01-01T00:00:00Z" }] };
  const trusting = await (await postJson(edge.url, forged)).json();
  assert.equal(trusting.stage, "SQL", "the default trusts client events (documented)");
  const strict = await startEdge(testBindings(recv.url, { CLIENT_EVENTS: "ignore" }));
  try {
    const r = await (await postJson(strict.url, forged)).json();
    assert.equal(r.stage, reference.score(MQL).stage);
    assert.notEqual(r.stage, "SQL");
  } finally {
    await strict.stop();
  }
});
