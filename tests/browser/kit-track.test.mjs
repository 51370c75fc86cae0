// The tracker with an endpoint (data-endpoint), in Chromium against the edge
// worker on workerd with durable storage: the visitor's page views reach
// POST /track under a first-party visitor id, the form kit sends that id with
// the lead, and the edge scores the lead with the events it recorded itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { startKitServer } from "./kit-server.mjs";
import { testBindings, TEST_SECRET } from "../edge/harness.mjs";
import { startDurable, eventually } from "../edge/durable-harness.mjs";
import { startReceiver } from "../edge/receiver.mjs";

let browser;
let server;
let recv;
let edge;
before(async () => {
  server = await startKitServer();
  recv = await startReceiver({ secret: TEST_SECRET });
  edge = await startDurable("workerd", testBindings(recv.url, { ALLOWED_ORIGINS: server.base, TRACK_EVENTS: "page_view", DELIVER_STAGES: "SQL,MQL" }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await edge?.stop();
  await recv?.close();
  await server?.close();
});

const page = (body) => `<!doctype html><html lang="en" data-leadgate-track-endpoint="/edge/track"><meta charset="utf-8"><title>t</title>
<script type="module" src="/leadgate-track.js"></script>${body}</html>`;

test("page views go to /track; the lead carries the visitor id; the edge scores the views it recorded", async (t) => {
  const context = await browser.newContext();
  t.after(() => context.close());
  const tab = await context.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  await tab.route(`${server.base}/t/track-*.html`, (route) => {
    const name = new URL(route.request().url()).pathname;
    const form = name.endsWith("form.html")
      ? `<script type="module" src="/leadgate-form.js" data-model="/model.lgm" data-pkg="/pkg/lite/index.js"></script>
<form data-leadgate data-leadgate-endpoint="/edge/lead" data-leadgate-thanks="#ok" action="/submit" method="post">
<label for="e">Email</label><input id="e" name="email"><label for="c">Company</label><input id="c" name="company">
<label for="t">Title</label><input id="t" name="job_title"><label for="s">Size</label><input id="s" name="company_size">
<label for="i">Industry</label><input id="i" name="industry"><button>Send</button></form><p id="ok" hidden>ok</p>`
      : "";
    route.fulfill({ contentType: "text/html", body: page(form) });
  });
  // The edge as the site's own path (Chromium refuses a page's requests to
  // another loopback port: Local Network Access), forwarded from here.
  await tab.route(`${server.base}/edge/**`, async (route) => {
    const response = await route.fetch({ url: route.request().url().replace(`${server.base}/edge`, edge.url) });
    await route.fulfill({ response });
  });
  const tracked = [];
  const answers = [];
  tab.on("requestfailed", (r) => answers.push(`failed ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  tab.on("response", async (r) => r.url() === `${server.base}/edge/lead` && answers.push(`${r.status()} ${await r.text().catch(() => "")}`));
  tab.on("request", (r) => r.url() === `${server.base}/edge/track` && tracked.push(JSON.parse(r.postData())));
  await tab.goto(`${server.base}/t/track-pricing.html`);
  await tab.evaluate(() => window.leadgate.page({ path: "/pricing" }));
  await tab.goto(`${server.base}/t/track-form.html`);
  await tab.waitForSelector("form[data-leadgate-state=ready]");
  await eventually(() => tracked.length >= 3, 10_000, "three /track requests");
  const visitor = tracked[0].visitor_id;
  assert.match(visitor, /^[0-9a-f-]{36}$/);
  assert.ok(tracked.every((b) => b.visitor_id === visitor));
  await tab.fill("#e", "carl@midsize.com");
  await tab.fill("#c", "Midsize");
  await tab.fill("#t", "Marketing Coordinator");
  await tab.fill("#s", "200");
  await tab.fill("#i", "software");
  await tab.click("button");
  await tab.waitForSelector("#ok:not([hidden])");
  const delivery = await eventually(() => [...recv.accepted.values()].find((d) => d.payload.lead.email === "carl@midsize.com"), 20_000, "the delivery").catch((e) => assert.fail(`${e.message}: ${answers.join(" | ")} ${edge.logs ?? ""} ${edge.server?.output ?? ""}`));
  const { lead, outcome } = delivery.payload;
  assert.equal(lead.visitor_id, visitor);
  // The pricing view the edge recorded scores (the default model's pricing_page rule).
  assert.ok(outcome.reasons.some((r) => r.rule === "pricing_page"), JSON.stringify(outcome.reasons.map((r) => r.rule)));
  assert.deepEqual(errors, []);
});
