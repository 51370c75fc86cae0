// Server-side engagement (www/edge/track.js) on the real engines, with the
// edge's storage (workerd's Durable Object on disk, Deno KV): POST /track
// keeps only the event names TRACK_EVENTS allows, stamped with the server's
// time and capped per visitor and minute; POST /lead then scores with those
// events, and a client's forged events (a meeting "booked" in 2099) no longer
// make it SQL.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { testBindings, postJson, startEdge, TEST_SECRET } from "./harness.mjs";
import { startDurable } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, MQL } from "./leads.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./harness.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
const ORIGIN = { origin: "https://www.example.com" };
const VISITOR = "0f8fad5b-d9cb-469f-a165-70867728950e";

function track(url, body, type = "text/plain") {
  return fetch(`${url}/track`, { method: "POST", headers: { "content-type": type, ...ORIGIN }, body: JSON.stringify(body) });
}

for (const engine of ["workerd", "deno"]) {
  describe(`tracking on ${engine}`, () => {
    let recv;
    let edge;
    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      edge = await startDurable(engine, testBindings(recv.url, { TRACK_EVENTS: "page_view,content_download", TRACK_PER_MINUTE: "4", EXPOSE: "stage,score,engagement" }));
    });
    after(async () => {
      await edge?.stop();
      await recv?.close();
    });

    test("the edge keeps allowed events with its own time, drops the rest, caps a minute", async () => {
      const before = Date.now();
      let r = await track(edge.url, { visitor_id: VISITOR, events: [
        { event: "page_view", path: "/pricing", at: "2099-01-01T00:00:00Z", utm_source: "linkedin", secret: "dropped" },
        { event: "meeting_booked", at: "2099-01-01T00:00:00Z" },
        { event: "page_view", path: "/precos/anual" },
      ] });
      assert.equal(r.status, 202, await r.clone().text());
      assert.deepEqual(await r.json(), { stored: 2, dropped: 1 });
      assert.equal(r.headers.get("access-control-allow-origin"), ORIGIN.origin);
      // Four a minute: two more fit, the third is dropped.
      r = await track(edge.url, { visitor_id: VISITOR, events: [{ event: "content_download", path: "/cases/a" }, { event: "page_view", path: "/" }, { event: "page_view", path: "/blog" }] });
      assert.deepEqual(await r.json(), { stored: 2, dropped: 1 });
      // The lead of this visitor, with no events of its own: scored with the
      // edge's record (pricing views, at the server's time).
      const server = [
        { event: "page_view", path: "/pricing", utm_source: "linkedin" }, { event: "page_view", path: "/precos/anual" },
        { event: "content_download", path: "/cases/a" }, { event: "page_view", path: "/" },
      ].map((e) => ({ ...e, at: new Date(before).toISOString() }));
      r = await postJson(edge.url, { ...MQL, email: "carl2@midsize.com", visitor_id: VISITOR }, ORIGIN);
      let text = await r.text();
      assert.equal(r.status, 200, text);
      let got = JSON.parse(text);
      const expected = reference.score({ ...MQL, email: "carl2@midsize.com", visitor_id: VISITOR, events: server, page_views: 3 }, { now: before });
      assert.equal(expected.stage, "SQL", "the recorded pricing views make this fit an SQL");
      assert.equal(got.stage, expected.stage);
      assert.equal(got.engagement, expected.engagement);
      assert.ok(got.engagement > 0);
      // Another visitor, who only saw the home page, posts a "booked meeting" and pricing views the edge never saw.
      const other = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";
      await track(edge.url, { visitor_id: other, events: [{ event: "page_view", path: "/" }] });
      const forged = [{ event: "meeting_booked", at: new Date().toISOString() }, { event: "page_view", path: "/pricing", at: "2099-01-01T00:00:00Z" }];
      assert.equal(reference.score({ ...MQL, events: forged }).stage, "SQL", "trusted, the forged events would make it SQL");
      r = await postJson(edge.url, { ...MQL, visitor_id: other, events: forged }, ORIGIN);
      text = await r.text();
      assert.equal(r.status, 200, text);
      got = JSON.parse(text);
      assert.equal(got.stage, "MQL", "the forged events do not count");
      assert.equal(got.engagement, 0);
    });

    test("malformed /track bodies get coded 4xx", async () => {
      for (const [body, code] of [[{ events: [{ event: "page_view" }] }, "bad_visitor_id"], [{ visitor_id: VISITOR, events: [] }, "bad_events"], [[1], "not_an_object"]]) {
        const r = await track(edge.url, body);
        assert.equal(r.status, 422);
        assert.equal((await r.json()).error.code, code);
      }
      const r = await fetch(`${edge.url}/track`, { method: "POST", headers: { "content-type": "text/plain", ...ORIGIN }, body: "{" });
      assert.equal((await r.json()).error.code, "bad_json");
      const evil = await fetch(`${edge.url}/track`, { method: "POST", headers: { "content-type": "text/plain", origin: "https://evil.example" }, body: "{}" });
      assert.equal(evil.status, 403);
    });
  });
}

describe("client page views", () => {
  test("CLIENT_EVENTS=ignore: a client's page_views does not score either (forwarded, not trusted)", async () => {
    // A model with a rule on page_views: trusted, 99 claimed views are worth 40 points.
    const model = JSON.parse(readFileSync(join(root, "models/default.json"), "utf8"));
    model.fit_rules.push({ id: "many_views", points: 40, if: { field: "page_views", gte: 10 } });
    const score = async (clientEvents, lead) => {
      const edge = await startEdge(testBindings("http://127.0.0.1:9", { MODEL: JSON.stringify(model), CLIENT_EVENTS: clientEvents, EXPOSE: "score", DELIVER_STAGES: "" }));
      try {
        const r = await postJson(edge.url, lead, ORIGIN);
        const text = await r.text();
        assert.equal(r.status, 200, text);
        return JSON.parse(text).score;
      } finally {
        await edge.stop();
      }
    };
    const claimed = { ...MQL, page_views: 99 };
    const trusted = await score("trust", claimed);
    const ignored = await score("ignore", claimed);
    assert.notEqual(trusted, ignored, "trusted, the claimed views score");
    assert.equal(ignored, await score("ignore", MQL), "ignored, the lead scores as if it claimed none");
  });
});

describe("tracking configuration", () => {
  test("TRACK_EVENTS without storage is a misconfiguration; tracking off answers 501", async () => {
    let edge = await startEdge(testBindings("http://127.0.0.1:9", { TRACK_EVENTS: "page_view" }));
    try {
      const h = await fetch(`${edge.url}/health`);
      assert.equal(h.status, 503);
      assert.match((await h.json()).error.message, /TRACK_EVENTS needs a storage binding/);
    } finally {
      await edge.stop();
    }
    edge = await startEdge(testBindings("http://127.0.0.1:9"));
    try {
      const r = await track(edge.url, { visitor_id: VISITOR, events: [{ event: "page_view" }] });
      assert.equal(r.status, 501);
      assert.equal((await r.json()).error.code, "tracking_off");
    } finally {
      await edge.stop();
    }
  });
});
