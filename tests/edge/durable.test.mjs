// The durable delivery queue (www/edge/state/) on both real engines: workerd
// with the LeadgateState Durable Object on local disk, and Deno with Deno KV
// in a file. The same checks run on each: acknowledgement once stored, the
// first answer to a repeat, 409 on a reused id with another lead, retries and
// dead letters, listing and replay, the lead's timeline, erasure, retention,
// admin refusals (no token, a wrong one, ADMIN_TOKEN unset, stateless mode),
// and a restart on the same storage.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { testBindings, postJson, startEdge, TEST_SECRET } from "./harness.mjs";
import { startDurable, admin, eventually, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, SQL_LATAM, SQL_ENTERPRISE, MQL } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
/** POSTs a urlencoded form as a browser without JavaScript does (node:http: fetch() overrides Sec-Fetch-Mode). */
function navigate(url, fields) {
  const body = new URLSearchParams(fields).toString();
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: hostname, port, path: "/lead", method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), "sec-fetch-mode": "navigate", accept: "text/html", origin: "https://www.example.com" },
    }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const QUEUE = { THANK_YOU_URL: JSON.stringify({ SQL: "https://www.example.com/agendar", "*": "/obrigado" }), ADMIN_TOKEN, RETRY_BASE_MS: "50", RETRY_MAX_MS: "200", MAX_DELIVERY_ATTEMPTS: "3" };

for (const engine of ["workerd", "deno"]) {
  describe(`durable queue on ${engine}`, () => {
    let recv;
    let edge;
    let closed; // ADMIN_TOKEN unset, short retention

    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      edge = await startDurable(engine, testBindings(recv.url, QUEUE));
      closed = await startDurable(engine, testBindings(recv.url, { RETENTION_SECONDS: "2" }));
    });

    after(async () => {
      await edge?.stop();
      await closed?.stop();
      await recv?.close();
    });

    test("a lead is acknowledged once stored, delivered by the queue; a repeat gets the first answer; another lead under the id is 409", async () => {
      recv.setMode({ mode: "ok" });
      const health = await (await fetch(`${edge.url}/health`)).json();
      assert.equal(health.storage, engine === "workerd" ? "durable-object" : "deno-kv");
      const id = `${engine}-first-0001`;
      const r = await postJson(edge.url, { ...SQL_LATAM, submission_id: id, score: 999 });
      assert.equal(r.status, 200);
      const first = await r.json();
      const want = reference.score(SQL_LATAM, { now: Date.now() });
      assert.deepEqual([first.stage, first.grade, first.delivered, first.queued], [want.stage, want.grade, true, true]);
      const got = await eventually(() => recv.accepted.get(id), 10_000, "the delivery");
      assert.equal(got.path, "/hooks/latam-sdr");
      assert.deepEqual(got.payload.lead, SQL_LATAM);
      assert.equal(got.payload.outcome.stage, "SQL");

      const again = await postJson(edge.url, { ...SQL_LATAM, submission_id: id });
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), first, "a repeat gets the first answer");
      // Key order does not make another lead (the hash is over canonical JSON).
      const reordered = Object.fromEntries(Object.entries(SQL_LATAM).reverse());
      assert.equal((await postJson(edge.url, { submission_id: id, ...reordered })).status, 200);

      const conflict = await postJson(edge.url, { ...SQL_LATAM, company: "Other", submission_id: id });
      assert.equal(conflict.status, 409);
      assert.equal((await conflict.json()).error.code, "submission_id_conflict");
      await new Promise((res) => setTimeout(res, 300));
      assert.equal(recv.accepted.get(id).copies, 1, "neither the repeat nor the conflict was delivered again");

      const timeline = await (await admin(edge.url, `/leads/${id}`)).json();
      assert.equal(timeline.delivery.state, "delivered");
      assert.equal(timeline.delivery.attempts, 1);
      assert.deepEqual(timeline.lead, SQL_LATAM);
      assert.deepEqual(timeline.events.map((e) => e.type), ["received", "queued", "delivered", "repeat", "repeat", "conflict"]);
    });

    test("a form posted without JavaScript: 303 once stored, the same 303 on a repeat, an HTML 409 page on a conflict", async () => {
      recv.setMode({ mode: "ok" });
      const id = `${engine}-form-00001`;
      const fields = { ...Object.fromEntries(Object.entries(SQL_LATAM).map(([k, v]) => [k, String(v)])), submission_id: id };
      const first = await navigate(edge.url, fields);
      assert.equal(first.status, 303);
      assert.equal(first.headers.location, "https://www.example.com/agendar");
      await eventually(() => recv.accepted.has(id), 10_000, "the form's delivery");
      assert.equal((await navigate(edge.url, fields)).headers.location, "https://www.example.com/agendar");
      const clash = await navigate(edge.url, { ...fields, company: "Someone else" });
      assert.equal(clash.status, 409);
      assert.match(clash.headers["content-type"], /^text\/html/);
      assert.match(clash.text, /submission_id_conflict/);
    });

    test("racing submissions under one id: one entry; the same lead 20 times gets one answer, 20 different leads get one 200 and 19 409s", async () => {
      recv.setMode({ mode: "ok" });
      const same = `${engine}-race-same1`;
      const answers = await Promise.all(Array.from({ length: 20 }, () => postJson(edge.url, { ...SQL_ENTERPRISE, submission_id: same }).then(async (r) => [r.status, await r.text()])));
      assert.deepEqual(new Set(answers.map(([status, text]) => `${status} ${text}`)).size, 1, "one answer for all");
      assert.equal(answers[0][0], 200);
      const clash = `${engine}-race-diff1`;
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => postJson(edge.url, { ...SQL_ENTERPRISE, company: `Company ${i}`, submission_id: clash }).then((r) => r.status)));
      assert.deepEqual(statuses.filter((s) => s === 200).length, 1);
      assert.deepEqual(statuses.filter((s) => s === 409).length, 19);
      await eventually(() => recv.accepted.has(same) && recv.accepted.has(clash), 10_000, "both deliveries");
      await new Promise((res) => setTimeout(res, 300));
      assert.deepEqual([recv.accepted.get(same).copies, recv.accepted.get(clash).copies], [1, 1], "one queue entry each");
      const lead = await (await admin(edge.url, `/leads/${same}`)).json();
      assert.deepEqual(lead.events.filter((e) => e.type === "repeat").length, 19);
      assert.deepEqual(lead.events.filter((e) => e.type === "queued").length, 1);
    });

    test("an MQL is stored (so its id is taken) and not delivered", async () => {
      const id = `${engine}-mql-00001`;
      const body = await (await postJson(edge.url, { ...MQL, submission_id: id })).json();
      assert.deepEqual([body.stage, body.delivered, body.queued], ["MQL", false, false]);
      const lead = await (await admin(edge.url, `/leads/${id}`)).json();
      assert.equal(lead.delivery, null);
      assert.equal((await postJson(edge.url, { ...SQL_ENTERPRISE, submission_id: id })).status, 409);
    });

    test("retries with backoff, a dead letter after MAX_DELIVERY_ATTEMPTS, listed, replayed, delivered", async () => {
      recv.setMode({ mode: "down" });
      const ids = [`${engine}-dead-0001`, `${engine}-dead-0002`];
      for (const id of ids) assert.equal((await postJson(edge.url, { ...SQL_ENTERPRISE, submission_id: id })).status, 200);
      const listed = await eventually(async () => {
        const l = await (await admin(edge.url, "/admin/dead-letters")).json();
        return ids.every((id) => l.dead_letters.some((d) => d.submission_id === id)) && l;
      }, 10_000, "the dead letters");
      const page1 = await (await admin(edge.url, "/admin/dead-letters?limit=1")).json();
      assert.equal(page1.dead_letters.length, 1);
      const page2 = await (await admin(edge.url, `/admin/dead-letters?limit=1&cursor=${encodeURIComponent(page1.cursor)}`)).json();
      assert.deepEqual([...page1.dead_letters, ...page2.dead_letters].map((d) => d.submission_id), ids, "pages in id order");
      const entry = listed.dead_letters.find((d) => d.submission_id === ids[0]);
      assert.ok(Date.parse(entry.expires_at) > Date.now() + 80 * 86_400_000, "a dead letter expires with its lead (90 days)");
      assert.deepEqual([entry.attempts, entry.team, entry.last_error], [3, "enterprise-ae", "answered 503"]);
      const lead = await (await admin(edge.url, `/leads/${ids[0]}`)).json();
      assert.equal(lead.delivery.state, "dead");
      assert.deepEqual(lead.events.map((e) => e.type), ["received", "queued", "attempt_failed", "attempt_failed", "dead_letter"]);
      const waits = lead.events.filter((e) => e.type === "attempt_failed").map((e) => Date.parse(e.next_at) - Date.parse(e.at));
      assert.ok(waits[0] >= 25 && waits[0] <= 50 && waits[1] >= 50 && waits[1] <= 100, `backoff doubles with jitter: ${waits}`);
      assert.ok(!recv.accepted.has(ids[0]));

      recv.setMode({ mode: "ok" });
      const one = await (await admin(edge.url, "/admin/replay", { method: "POST", body: { submission_ids: [ids[0], `${engine}-first-0001`, "never-seen-0001"] } })).json();
      assert.deepEqual(one.results, { [ids[0]]: "replayed", [`${engine}-first-0001`]: "not_dead", "never-seen-0001": "not_found" });
      const all = await (await admin(edge.url, "/admin/replay", { method: "POST", body: { all: true } })).json();
      assert.deepEqual(all.results, { [ids[1]]: "replayed" });
      await eventually(() => ids.every((id) => recv.accepted.has(id)), 10_000, "the replayed deliveries");
      const after = await (await admin(edge.url, "/admin/dead-letters")).json();
      assert.deepEqual(after.dead_letters.filter((d) => ids.includes(d.submission_id)), []);
      const replayed = await (await admin(edge.url, `/leads/${ids[0]}`)).json();
      assert.deepEqual(replayed.events.slice(-2).map((e) => e.type), ["replayed", "delivered"]);
    });

    test("erasure removes the lead, its timeline and its dead letter; the id is free again", async () => {
      recv.setMode({ mode: "down" });
      const id = `${engine}-erase-001`;
      await postJson(edge.url, { ...SQL_LATAM, submission_id: id });
      await eventually(async () => (await (await admin(edge.url, "/admin/dead-letters")).json()).dead_letters.some((d) => d.submission_id === id), 10_000, "the dead letter");
      const del = await admin(edge.url, `/leads/${id}`, { method: "DELETE" });
      assert.deepEqual(await del.json(), { submission_id: id, erased: true });
      assert.equal((await admin(edge.url, `/leads/${id}`)).status, 404);
      const dead = await (await admin(edge.url, "/admin/dead-letters")).json();
      assert.ok(!dead.dead_letters.some((d) => d.submission_id === id));
      assert.deepEqual(await (await admin(edge.url, `/leads/${id}`, { method: "DELETE" })).json(), { submission_id: id, erased: false });
      recv.setMode({ mode: "ok" });
      assert.equal((await postJson(edge.url, { ...MQL, submission_id: id })).status, 200, "an erased id is free");
    });

    test("admin routes refuse without the token, with a wrong one, and never echo it; closed when ADMIN_TOKEN is unset", async () => {
      const paths = [["GET", "/admin/dead-letters"], ["POST", "/admin/replay"], ["GET", `/leads/${engine}-first-0001`], ["DELETE", `/leads/${engine}-first-0001`]];
      for (const [method, path] of paths) {
        const none = await fetch(`${edge.url}${path}`, { method });
        assert.equal(none.status, 401, `${method} ${path}`);
        assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="leadgate"');
        for (const token of [`${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(0, -1), "", "x".repeat(600)]) {
          const wrong = await admin(edge.url, path, { method, token });
          const text = await wrong.text();
          assert.equal(wrong.status, 401, `${method} ${path} with a wrong token`);
          assert.ok(!text.includes(ADMIN_TOKEN.slice(0, 12)), "the token is never echoed");
        }
        const shut = await admin(closed.url, path, { method });
        assert.equal(shut.status, 403);
        assert.equal((await shut.json()).error.code, "admin_disabled");
      }
      // The lead was not erased by any refused DELETE.
      assert.equal((await admin(edge.url, `/leads/${engine}-first-0001`)).status, 200);
    });

    test("retention: a lead past RETENTION_SECONDS is gone (its id is free again)", async () => {
      recv.setMode({ mode: "ok" });
      const id = `${engine}-retain-01`;
      assert.equal((await postJson(closed.url, { ...MQL, submission_id: id })).status, 200);
      assert.equal((await postJson(closed.url, { ...SQL_LATAM, submission_id: id })).status, 409);
      await new Promise((res) => setTimeout(res, 2_500));
      assert.equal((await postJson(closed.url, { ...SQL_LATAM, submission_id: id })).status, 200, "expired: the id is free");
    });

    test("a restart on the same storage keeps leads, answers and the queue (a repeat and a conflict after it do not lose the wake)", async () => {
      // Slower retries than QUEUE's, so the lead is still queued at the kill.
      const slow = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, RETRY_BASE_MS: "400", RETRY_MAX_MS: "800", MAX_DELIVERY_ATTEMPTS: "50" }));
      try {
        recv.setMode({ mode: "down" });
        const id = `${engine}-restart-1`;
        const first = await (await postJson(slow.url, { ...SQL_ENTERPRISE, submission_id: id })).json();
        await eventually(() => recv.attempts.some((a) => a.key === id), 5_000, "a failed first attempt");
        await slow.kill();
        await slow.restart();
        assert.deepEqual(await (await postJson(slow.url, { ...SQL_ENTERPRISE, submission_id: id })).json(), first);
        assert.equal((await postJson(slow.url, { ...MQL, submission_id: id })).status, 409);
        recv.setMode({ mode: "ok" });
        await eventually(() => recv.accepted.has(id), 10_000, "the delivery after the restart");
        const lead = await (await admin(slow.url, `/leads/${id}`)).json();
        assert.equal(lead.delivery.state, "delivered");
        assert.ok(lead.delivery.attempts >= 2);
      } finally {
        await slow.stop();
      }
    });
  });
}

test("stateless mode (no LEADGATE_STATE): the state routes answer 501, /lead delivers before answering", async () => {
  const recv = await startReceiver({ secret: TEST_SECRET });
  const edge = await startEdge(testBindings(recv.url, { ADMIN_TOKEN }));
  try {
    const r = await admin(edge.url, "/admin/dead-letters");
    assert.equal(r.status, 501);
    assert.equal((await r.json()).error.code, "stateless");
    const body = await (await postJson(edge.url, { ...SQL_LATAM, submission_id: "stateless-0001" })).json();
    assert.equal(body.delivered, true);
    assert.equal(body.queued, undefined);
    assert.ok(recv.accepted.has("stateless-0001"), "delivered before the answer");
  } finally {
    await edge.stop();
    await recv.close();
  }
});
