// End to end: the Fluxo landing page (www/index.html) in headless Chromium,
// its form delivering cross-origin to the REAL edge worker (www/edge/worker.js
// bundled and served by workerd, tests/edge/harness.mjs), which re-scores and
// hands hot leads to a Node webhook receiver (tests/edge/receiver.mjs).
// Everything listens on 127.0.0.1; every process started here is stopped.
//
// The page is served as it is, except that its form's data-leadgate-endpoint
// ("/lead", the same-origin stand-in of scripts/serve.mjs) is pointed at the
// worker's URL, so the delivery is cross-origin as in production.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium, until } from "../support/chromium.mjs";
import { SQL_VISITOR, MQL_VISITOR, fillLanding, ready, hidden } from "./landing.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHandler, listen } from "../../scripts/serve.mjs";
import { startEdge, testBindings, TEST_SECRET } from "../edge/harness.mjs";
import { startReceiver } from "../edge/receiver.mjs";

const root = join(fileURLToPath(import.meta.url), "../../..");
const { Scorer, defaultModel } = await import(join(root, "pkg/node.mjs"));
const reference = new Scorer(defaultModel()); // models/default.json, as served at /model.json and to workerd

let browser, site, receiver, edge;

/** Static server: scripts/serve.mjs, with index.html's endpoint pointed at the worker. */
async function startSite() {
  const page = async (req, res) => {
    const html = readFileSync(join(root, "www/index.html"), "utf8");
    const attr = 'data-leadgate-endpoint="/lead"';
    if (!html.includes(attr)) throw new Error(`www/index.html no longer has ${attr}`);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" });
    res.end(html.replace(attr, `data-leadgate-endpoint="${edge.url}/lead"`));
  };
  const server = await listen(createHandler({ "/": page, "/index.html": page }));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}

before(async () => {
  site = await startSite();
  receiver = await startReceiver({ secret: TEST_SECRET });
  // The page's origin is the only one allowed; a short webhook timeout and Retry-After: 1.
  edge = await startEdge(testBindings(receiver.url, { ALLOWED_ORIGINS: site.base }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await edge?.stop();
  await receiver?.close();
  await site?.close();
});

async function visitor(t) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const log = { errors: [], warnings: [], worker: [] };
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "warning") log.warnings.push(m.text());
    // A 503 from the worker is logged by Chromium as a failed resource: expected in scenario 2.
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) log.errors.push(m.text());
  });
  // Every answer of the worker's POST /lead the page saw. The kit's requests are keepalive
  // fetches, whose response bodies Playwright cannot read: status, headers and request body only.
  page.on("response", (r) => {
    if (!r.url().startsWith(`${edge.url}/lead`) || r.request().method() !== "POST") return;
    const sent = JSON.parse(r.request().postData() ?? "null");
    log.worker.push({ status: r.status(), headers: r.headers(), id: sent?.submission_id, sent });
  });
  t.after(() => context.close());
  return { context, page, log };
}



const pending = (page) => page.evaluate(() => window.leadgate.pending());
const attemptsOf = (id) => receiver.attempts.filter((a) => a.key === id);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Checks one accepted delivery against an independent scoring of the forwarded lead. */
function checkDelivery(id, { team }) {
  const got = receiver.accepted.get(id);
  assert.ok(got, `the receiver has ${id}`);
  const { payload, path } = got;
  assert.equal(path, `/hooks/${team}`);
  assert.equal(payload.submission_id, id);
  assert.equal(payload.team, team);
  assert.equal(payload.outcome.stage, "SQL");
  assert.equal(payload.outcome.route.team, team);
  assert.match(payload.respond_by, /^\d{4}-\d\d-\d\dT.*Z$/);
  assert.equal(payload.respond_by, payload.outcome.route.respond_by);
  assert.ok(Date.parse(payload.respond_by) > Date.parse(payload.submitted_at));
  // The SLA clock starts when the visitor submitted (the kit's first attempt), never after receipt.
  assert.ok(Date.parse(payload.submitted_at) <= Date.parse(payload.received_at));
  // The worker's outcome is exactly Node's for the lead it forwarded, at the time it was submitted.
  assert.deepEqual(payload.outcome, reference.score(payload.lead, { now: Date.parse(payload.submitted_at) }));
  for (const k of ["submission_id", "stage", "score", "grade", "persona", "previous_stage", "respond_by"]) {
    assert.ok(!(k in payload.lead), `${k} is not forwarded as lead data`);
  }
  for (const k of Object.keys(payload.lead)) assert.ok(!k.startsWith("leadgate_"), `${k}: the browser's score fields are not forwarded`);
  return payload;
}

test("an SQL visitor browses pricing, submits: meeting step, delivered once to the right team, same stage both sides", async (t) => {
  const { page, log } = await visitor(t);
  await page.goto(`${site.base}/pricing.html?utm_source=linkedin&utm_campaign=sla-q4`);
  await page.goto(`${site.base}/pricing.html`);
  await page.goto(`${site.base}/cases.html`);
  await page.click("[data-case='/cases/agrovale']");
  await page.goto(`${site.base}/`);
  await ready(page);
  await fillLanding(page, SQL_VISITOR);
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#meeting:not([hidden])");
  assert.equal(await page.isHidden("#thanks"), true);
  const fields = await hidden(page);
  const id = fields.leadgate_submission_id;
  await until(() => receiver.accepted.has(id), "the lead at the receiver");
  await until(async () => (await pending(page)).length === 0, "the kit's queue to empty (a readable 2xx)");

  const payload = checkDelivery(id, { team: "latam-sdr" });
  // Browser and worker: same model, same stage, team, grade, persona; scores within the decay of a few ms.
  assert.equal(fields.leadgate_stage, "SQL");
  assert.equal(payload.outcome.stage, fields.leadgate_stage);
  assert.equal(payload.team, fields.leadgate_team);
  assert.equal(payload.outcome.grade, fields.leadgate_grade);
  assert.equal(payload.outcome.persona, fields.leadgate_persona);
  assert.equal(payload.outcome.model.hash, fields.leadgate_model_hash);
  assert.ok(Math.abs(payload.outcome.score - Number(fields.leadgate_score)) < 0.5, `${payload.outcome.score} vs ${fields.leadgate_score}`);
  assert.ok(Math.abs(Date.parse(payload.respond_by) - Date.parse(fields.leadgate_respond_by)) < 60_000);
  // The tracked browsing reached the worker and counted there.
  const views = payload.lead.events.filter((e) => e.event === "page_view").map((e) => e.path);
  assert.deepEqual(views, ["/pricing.html", "/pricing.html", "/cases.html", "/"]);
  assert.equal(payload.lead.utm_source, "linkedin");
  assert.equal(payload.lead.email, SQL_VISITOR.email);
  assert.ok(payload.outcome.reasons.some((r) => r.rule === "pricing_page"));
  assert.ok(payload.outcome.reasons.some((r) => r.rule === "hand_raise"));
  assert.ok(payload.outcome.reasons.some((r) => r.rule === "large_company" && r.value === "200-999"));
  // The browser could read the worker's answer (CORS): a 200 for this submission, the queue emptied.
  const answer = log.worker.find((w) => w.status === 200 && w.id === id);
  assert.ok(answer, JSON.stringify(log.worker));
  assert.equal(answer.headers["access-control-allow-origin"], site.base);
  assert.equal(answer.sent.leadgate_stage, "SQL", "the kit sent its stage; the worker ignored it");
  // Exactly once: one attempt at the webhook, still one a moment later (page left included).
  await page.goto(`${site.base}/pricing.html`);
  await sleep(300);
  assert.equal(attemptsOf(id).length, 1, JSON.stringify(attemptsOf(id)));
  assert.equal(receiver.accepted.get(id).copies, 1);
  assert.equal(receiver.badSignatures, 0);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, []);
});

test("the receiver is down: the kit keeps the lead across reloads; after recovery it is delivered once (repeats deduped)", async (t) => {
  const { page, log } = await visitor(t);
  receiver.setMode({ mode: "down" });
  try {
    await page.goto(`${site.base}/`);
    await ready(page);
    await fillLanding(page, { ...SQL_VISITOR, email: "rafael.lima@andinalog.com.br", name: "Rafael" });
    await page.click("#lead-form button[type=submit]");
    await page.waitForSelector("#meeting:not([hidden])"); // the visitor is not kept waiting
    const id = await page.inputValue("input[name=leadgate_submission_id]");
    // The worker tried the webhook, answered 503 + Retry-After with CORS; the kit retries (backoff ≥ 1 s).
    await until(() => attemptsOf(id).filter((a) => a.result === "refused").length >= 2, "two refused attempts");
    const refused = log.worker.find((w) => w.status === 503 && w.id === id);
    assert.ok(refused, JSON.stringify(log.worker));
    assert.equal(refused.headers["access-control-allow-origin"], site.base, "the 503 is readable cross-origin");
    assert.equal(refused.headers["retry-after"], "1");
    const queued = await pending(page);
    assert.equal(queued.length, 1);
    assert.equal(queued[0].id, id);
    assert.ok(queued[0].attempts >= 1);
    const stored = await page.evaluate(() => localStorage.getItem("leadgate:outbox"));

    // A reload while still down: the queue survives and is tried again.
    const before = attemptsOf(id).length;
    await page.reload();
    await ready(page);
    await until(() => attemptsOf(id).length > before, "an attempt after the reload");
    assert.equal((await pending(page)).map((x) => x.id).join(), id);
    assert.equal(receiver.accepted.has(id), false);

    // Leave the page, the receiver recovers, the visitor comes back: delivered.
    await page.goto("about:blank");
    await sleep(200);
    receiver.setMode({ mode: "ok" });
    await page.goto(`${site.base}/`);
    await ready(page);
    await until(() => receiver.accepted.has(id), "the delivery after recovery");
    await until(async () => (await pending(page)).length === 0, "the queue to empty");
    checkDelivery(id, { team: "latam-sdr" });
    // Delivered at a retry after the outage, clocked from the first attempt.
    const late = receiver.accepted.get(id).payload;
    assert.ok(Date.parse(late.received_at) - Date.parse(late.submitted_at) >= 200, `${late.submitted_at} → ${late.received_at}`);
    await sleep(300);
    const copiesBefore = receiver.accepted.get(id).copies;

    // A 2xx lost in a reload means a repeat: put the item back, reload. The worker
    // forwards the same Idempotency-Key and the receiver drops the repeat.
    await page.evaluate((s) => localStorage.setItem("leadgate:outbox", s), stored);
    await page.reload();
    await ready(page);
    await until(() => receiver.accepted.get(id).copies > copiesBefore, "the repeat at the receiver");
    await until(async () => (await pending(page)).length === 0, "the queue to empty again");
    assert.equal([...receiver.accepted.keys()].filter((k) => k === id).length, 1, "one lead, once");
    const tried = attemptsOf(id);
    t.diagnostic(`webhook attempts: ${tried.length} (${tried.filter((a) => a.result === "refused").length} refused), copies deduped: ${receiver.accepted.get(id).copies}`);
    assert.deepEqual(log.errors, []);
  } finally {
    receiver.setMode({ mode: "ok" });
  }
});

test("forged score fields do not change what the worker delivers", async (t) => {
  const { page, log } = await visitor(t);
  await page.goto(`${site.base}/`);
  await ready(page);

  // (a) An MQL visitor whose form carries forged score fields, previous_stage included.
  const forge = (values) => page.evaluate((values) => {
    const form = document.querySelector("#lead-form");
    for (const [name, value] of Object.entries(values)) {
      const input = Object.assign(document.createElement("input"), { type: "hidden", name, value });
      form.append(input);
    }
  }, values);
  await fillLanding(page, MQL_VISITOR);
  await forge({ leadgate_stage: "SQL", leadgate_score: "999", leadgate_team: "enterprise-ae",
    stage: "SQL", score: "999", grade: "A", previous_stage: "SQL" });
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#lead-form", { state: "hidden" });
  const a = await page.inputValue("input[name=leadgate_submission_id]");
  await until(() => log.worker.some((w) => w.id === a && w.status === 200), "the worker's 200");
  await until(async () => (await pending(page)).length === 0, "the queue to empty");
  assert.equal(await page.inputValue("input[name=leadgate_stage]"), "SQL", "the browser believed the forged previous_stage");
  const sentA = log.worker.find((w) => w.id === a).sent;
  assert.equal(sentA.previous_stage, "SQL");
  assert.equal(sentA.stage, "SQL");
  // What the worker answered: the same body again, from the page (a plain fetch, readable).
  const answerA = await page.evaluate(async ([url, body]) => {
    const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "Idempotency-Key": body.submission_id }, body: JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  }, [`${edge.url}/lead`, sentA]);
  assert.equal(answerA.status, 200);
  assert.equal(answerA.body.submission_id, a);
  assert.equal(answerA.body.stage, "MQL", "the worker scores the facts, not the forged fields");
  assert.equal(answerA.body.delivered, false);
  assert.equal(attemptsOf(a).length, 0, "an MQL is not handed to sales");
  const { leadgate_stage, leadgate_score, leadgate_team, stage, score, grade, previous_stage, submission_id, ...facts } = sentA;
  assert.equal(reference.score(facts).stage, "MQL");

  // (b) An SQL visitor whose request is rewritten in transit to claim a cold lead for another team.
  await page.goto(`${site.base}/`);
  await ready(page);
  let rewritten = 0;
  await page.route(`${edge.url}/lead`, (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const body = JSON.parse(route.request().postData());
    Object.assign(body, { leadgate_stage: "Lead", leadgate_score: "1", leadgate_team: "global-sdr",
      leadgate_respond_by: "2099-01-01T00:00:00Z", stage: "Lead", score: 1, route: { team: "global-sdr" },
      respond_by: "2099-01-01T00:00:00Z", previous_stage: "Lead" });
    rewritten += 1;
    return route.continue({ postData: JSON.stringify(body) });
  });
  await fillLanding(page, { ...SQL_VISITOR, email: "lucia@agrovale.com.br", name: "Lúcia" });
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#meeting:not([hidden])");
  const b = await page.inputValue("input[name=leadgate_submission_id]");
  await until(() => receiver.accepted.has(b), "the forged SQL at the receiver");
  assert.ok(rewritten >= 1);
  const payload = checkDelivery(b, { team: "latam-sdr" });
  assert.notEqual(payload.respond_by, "2099-01-01T00:00:00Z");
  assert.equal(receiver.accepted.get(b).copies, 1);
  assert.deepEqual(log.errors, []);
});
