// The form kit in plain-POST mode (no endpoint, no step: the browser submits
// the form natively) in real headless Chromium: the visit's summary travels
// with the answers (first-touch UTM, page views, the tracker's events as
// `leadgate_events`), and a submit held while the scorer loads shows a
// waiting state on the button. The summary is then posted, exactly as the
// browser sent it, to the edge worker on workerd, which scores the events
// it carries (tests/edge/harness.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../support/chromium.mjs";
import { startKitServer } from "./kit-server.mjs";
import { startEdge, testBindings, TEST_SECRET } from "../edge/harness.mjs";
import { startReceiver } from "../edge/receiver.mjs";

const root = join(fileURLToPath(import.meta.url), "../../..");
const { Scorer, defaultModel } = await import(join(root, "pkg/node.mjs"));
const reference = new Scorer(defaultModel());

let browser;
let server;
before(async () => {
  server = await startKitServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function visitor(t) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  t.after(() => context.close());
  return { page, errors };
}

test("plain POST: the answers carry first-touch UTM, page views and the events; the edge scores them", async (t) => {
  const { page, errors } = await visitor(t);
  await page.goto(`${server.base}/pricing.html?utm_source=linkedin&utm_campaign=sla-q4`);
  await page.goto(`${server.base}/cases.html`);
  await page.goto(`${server.base}/t/native.html`);
  await page.waitForSelector("form[data-leadgate-state=ready]");
  await page.fill("#email", "ana@acme.com.br");
  await page.fill("#company", "Acme");
  await page.fill("#title", "Diretora de Marketing");
  await page.fill("#size", "450");
  const n = server.state.submits.length;
  await Promise.all([page.waitForURL(`${server.base}/submit`), page.click("button[type=submit]")]);
  const got = server.state.submits.at(n);
  assert.equal(got.utm_source, "linkedin");
  assert.equal(got.utm_campaign, "sla-q4");
  // The kit imports the tracker, so the form's page counts too.
  assert.equal(got.page_views, "3");
  const events = JSON.parse(got.leadgate_events);
  assert.deepEqual(events.filter((e) => e.event === "page_view").map((e) => e.path), ["/pricing.html", "/cases.html", "/t/native.html"]);
  assert.equal(events[0].utm_source, "linkedin");
  assert.ok(got.leadgate_events.length <= 4000);
  assert.deepEqual(errors, []);

  // The same body, as the browser posted it, at the edge: the events are scored.
  const recv = await startReceiver({ secret: TEST_SECRET });
  const edge = await startEdge(testBindings(recv.url, { EXPOSE: "stage,score", CLIENT_EVENTS: "trust" }));
  t.after(async () => {
    await edge.stop();
    await recv.close();
  });
  const answer = await fetch(`${edge.url}/lead`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://www.example.com" },
    body: new URLSearchParams(got).toString(),
  });
  const text = await answer.text();
  assert.equal(answer.status, 200, text);
  // The lead the edge builds from that body: the form's own fields (a back end
  // re-scoring with model names names its inputs so), the summary's events.
  const lead = Object.fromEntries(Object.entries(got).filter(([k]) => !k.startsWith("leadgate_")));
  lead.events = events;
  const withEvents = reference.score(lead);
  const withoutEvents = reference.score({ ...lead, events: undefined });
  assert.notEqual(withEvents.score, withoutEvents.score, "the events matter to this lead's score");
  assert.equal(JSON.parse(text).score, withEvents.score, "the edge scored the events it was posted");
});

test("a submit held while the scorer loads shows a waiting state, then submits scored", async (t) => {
  const { page, errors } = await visitor(t);
  // The wasm arrives late: the kit holds the submit (data-leadgate-wait-ms, 3 s default).
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route("**/*.wasm", async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(`${server.base}/t/native.html`);
  await page.waitForSelector("form[data-leadgate-state=loading]");
  await page.fill("#email", "bia@acme.com.br");
  const n = server.state.submits.length;
  await page.click("button[type=submit]");
  await page.waitForSelector("form[data-leadgate-state=waiting]");
  const button = await page.$eval("button[type=submit]", (b) => ({ disabled: b.disabled, busy: b.getAttribute("aria-busy"), opacity: getComputedStyle(b).opacity, cursor: getComputedStyle(b).cursor }));
  assert.deepEqual(button, { disabled: true, busy: "true", opacity: "0.6", cursor: "progress" });
  release();
  await page.waitForURL(`${server.base}/submit`);
  const got = server.state.submits.at(n);
  assert.equal(got["e-mail"], "bia@acme.com.br");
  assert.notEqual(got.leadgate_stage, "", "scored once the scorer arrived");
  assert.deepEqual(errors, []);
});
