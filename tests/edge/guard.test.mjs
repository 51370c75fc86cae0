// The /lead door's guards (www/edge/guard.js) on the real runtimes: the
// per-client rate limit counted in durable storage (workerd's Durable Object
// on disk, Deno KV), and the Turnstile bot check against a siteverify stub
// that checks each request as Cloudflare documents it
// (https://developers.cloudflare.com/turnstile/get-started/server-side-validation/:
// POST, urlencoded or JSON `secret`, `response`, optional `remoteip` and
// `idempotency_key`; answer `{ success, "error-codes": [...] }`).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { testBindings, postJson, startEdge, TEST_SECRET } from "./harness.mjs";
import { startDurable } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { SQL_LATAM, MQL } from "./leads.mjs";
import { slide } from "../../www/edge/guard.js";

process.env.DENO_NO_UPDATE_CHECK = "1";
const ORIGIN = { origin: "https://www.example.com" };

test("the sliding window: hand-worked counts and waits", () => {
  const rate = { limit: 4, windowMs: 60_000 };
  // Window 10 (600 s … 660 s): four admitted, the fifth refused until the next window.
  let r;
  for (let i = 0; i < 4; i++) {
    const out = slide(r, 600_000 + i * 1000, rate);
    assert.equal(out.retryAfter, 0, `request ${i + 1} is admitted`);
    r = out.record;
  }
  assert.deepEqual(r, { w: 10, c: 4, p: 0 });
  let out = slide(r, 630_000, rate);
  // c = 4 = limit: wait into window 11 until 4·(1 − f) + 1 ≤ 4, f ≥ 1/4: 30 s left here + 15 s.
  assert.equal(out.retryAfter, 45);
  assert.deepEqual(out.record, r, "a refusal is not counted");
  // 15 s into window 11 the previous 4 weigh 4·0.75 = 3: one more fits (3 + 1 ≤ 4).
  out = slide(r, 675_000, rate);
  assert.equal(out.retryAfter, 0);
  assert.deepEqual(out.record, { w: 11, c: 1, p: 4 });
  // Right after, estimate 4·0.75 + 1 = 4: refused until 4·(1 − f) + 2 ≤ 4, f ≥ 0.5: 30 s in, so 15 s.
  out = slide(out.record, 675_000, rate);
  assert.equal(out.retryAfter, 15);
  // Two windows later nothing weighs any more.
  out = slide({ w: 11, c: 4, p: 4 }, 780_000, rate);
  assert.deepEqual(out.record, { w: 13, c: 1, p: 0 });
});

for (const engine of ["workerd", "deno"]) {
  describe(`rate limit on ${engine}`, () => {
    let recv;
    let edge;
    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      edge = await startDurable(engine, testBindings(recv.url, { RATE_LIMIT: "3/1m" }));
    });
    after(async () => {
      await edge?.stop();
      await recv?.close();
    });

    test("a client gets three submissions a minute, then 429 with Retry-After", async () => {
      const client = { ...ORIGIN, "cf-connecting-ip": "203.0.113.7" };
      for (let i = 0; i < 3; i++) {
        const r = await postJson(edge.url, { ...MQL, email: `ana${i}@acme.com.br` }, client);
        const text = await r.text();
        assert.equal(r.status, 200, `submission ${i + 1}: ${text}`);
      }
      const r = await postJson(edge.url, MQL, client);
      assert.equal(r.status, 429);
      const body = await r.json();
      assert.equal(body.error.code, "rate_limited");
      const wait = Number(r.headers.get("retry-after"));
      assert.ok(wait >= 1 && wait <= 120, `Retry-After ${wait}`);
      assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN.origin, "the browser can read the 429");
      if (engine === "workerd") {
        // Another address has its own count (on Cloudflare the header is set by the platform).
        const other = await postJson(edge.url, MQL, { ...ORIGIN, "cf-connecting-ip": "198.51.100.4" });
        assert.equal(other.status, 200);
      }
    });
  });
}

describe("rate limit configuration", () => {
  test("RATE_LIMIT without storage, or malformed, is a misconfiguration /health names", async () => {
    for (const [value, says] of [["3/1m", "needs a storage binding"], ["lots", "must be"]]) {
      const edge = await startEdge(testBindings("http://127.0.0.1:9", { RATE_LIMIT: value }));
      try {
        const h = await fetch(`${edge.url}/health`);
        assert.equal(h.status, 503);
        const body = await h.json();
        assert.match(body.error.message, new RegExp(says));
        assert.ok(!body.error.message.includes(value === "lots" ? "lots" : "3/1m"), "the value is not echoed");
        const r = await postJson(edge.url, MQL, ORIGIN);
        assert.equal(r.status, 500, "no lead is taken while misconfigured");
      } finally {
        await edge.stop();
      }
    }
  });
});

/** A siteverify stand-in: "good-…" tokens pass, "bad" fails, "down" answers 500. */
async function startSiteverify(secret) {
  const seen = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const form = new URLSearchParams(text);
      seen.push({ method: req.method, type: req.headers["content-type"], form: Object.fromEntries(form) });
      const send = (status, body) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || !req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) return send(405, {});
      if (form.get("secret") !== secret) return send(200, { success: false, "error-codes": ["invalid-input-secret"] });
      const token = form.get("response") ?? "";
      if (token === "down") return send(500, {});
      if (token.startsWith("good-")) return send(200, { success: true, hostname: "www.example.com", action: "lead", "error-codes": [] });
      return send(200, { success: false, "error-codes": ["invalid-input-response"] });
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}/siteverify`, seen, close: () => new Promise((r) => server.close(r)) };
}

describe("Turnstile bot check (workerd, stateless)", () => {
  const SECRET = "0x4AAAAAAA-test-secret";
  let recv;
  let verify;
  let edge;
  before(async () => {
    recv = await startReceiver({ secret: TEST_SECRET });
    verify = await startSiteverify(SECRET);
    edge = await startEdge(testBindings(recv.url, { BOT_CHECK: "turnstile", TURNSTILE_SECRET: SECRET, TURNSTILE_VERIFY_URL: verify.url }));
  });
  after(async () => {
    await edge?.stop();
    await verify?.close();
    await recv?.close();
  });

  test("no token, a refused token and an unreachable siteverify never reach sales", async () => {
    let r = await postJson(edge.url, SQL_LATAM, ORIGIN);
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error.code, "bot_check_failed");
    r = await postJson(edge.url, { ...SQL_LATAM, "cf-turnstile-response": "bad" }, ORIGIN);
    assert.equal(r.status, 403);
    const refused = await r.json();
    assert.equal(refused.error.code, "bot_check_failed");
    assert.match(refused.error.message, /invalid-input-response/);
    r = await postJson(edge.url, { ...SQL_LATAM, "cf-turnstile-response": "down" }, ORIGIN);
    assert.equal(r.status, 503, "siteverify down: the client retries, nothing is lost");
    assert.equal((await r.json()).error.code, "bot_check_unavailable");
    assert.ok(Number(r.headers.get("retry-after")) >= 1);
    assert.equal(recv.accepted.size, 0, "nothing was delivered");
  });

  test("a verified form is scored and delivered without its token; siteverify got the documented request", async () => {
    const id = "3f0c2a9e-6d1b-4c55-9e2f-7a8b9c0d1e2f";
    const r = await postJson(edge.url, { ...SQL_LATAM, submission_id: id, "cf-turnstile-response": "good-token-1" }, ORIGIN);
    const text = await r.text();
    assert.equal(r.status, 200, text);
    assert.equal(JSON.parse(text).stage, "SQL");
    const call = verify.seen.at(-1);
    assert.equal(call.method, "POST");
    assert.equal(call.form.secret, SECRET);
    assert.equal(call.form.response, "good-token-1");
    assert.equal(call.form.idempotency_key, id, "a retry of this submission can re-verify the same token");
    const delivered = [...recv.accepted.values()].at(-1);
    assert.ok(delivered, "delivered to sales");
    assert.ok(!JSON.stringify(delivered.payload).includes("good-token-1"), "the token is not forwarded");
  });
});
