// The landing-page kit (www/) in real headless Chromium (Debian's chromium +
// playwright-core): leadgate-form.js, leadgate-track.js, the Fluxo landing
// page and the playground, against a local server (tests/browser/kit-server.mjs).
// Screenshots and the measurements go to artifacts/ (git-ignored).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium, until } from "../support/chromium.mjs";
import { SQL_VISITOR, MQL_VISITOR, fillLanding, ready, hidden } from "./landing.mjs";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startKitServer } from "./kit-server.mjs";

const root = join(fileURLToPath(import.meta.url), "../../..");
const artifacts = join(root, "artifacts");
mkdirSync(artifacts, { recursive: true });
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

/** A fresh visitor (own localStorage), with page errors and console warnings collected. */
async function visitor(t, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const log = { errors: [], warnings: [] };
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "warning") log.warnings.push(m.text());
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) log.errors.push(m.text());
  });
  t.after(() => context.close());
  return { context, page, log };
}




/** The lead a receiver would rebuild: the body without the kit's own fields. */
function leadOf(body) {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith("leadgate_") && k !== "submission_id"));
}

test("a visitor browses three pages, submits: the endpoint gets the right fields, an SQL sees the meeting step", async (t) => {
  const { page, log } = await visitor(t);
  await page.goto(`${server.base}/pricing.html?utm_source=linkedin&utm_campaign=sla-q4`);
  await page.goto(`${server.base}/cases.html`);
  await page.click("[data-case='/cases/agrovale']");
  await page.goto(`${server.base}/`);
  await ready(page);
  await page.screenshot({ path: join(artifacts, "kit-landing.png"), fullPage: false });
  await fillLanding(page, SQL_VISITOR);
  const before = server.state.delivered.size;
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#meeting:not([hidden])");
  assert.equal(await page.isHidden("#thanks"), true);
  assert.equal(await page.isHidden("#lead-form"), true);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "meeting", "focus moves to the new step");
  await page.waitForSelector("#demo:not([hidden])");
  await until(() => server.state.delivered.size === before + 1, "the lead at the endpoint");
  const [id, body] = [...server.state.delivered].at(-1);
  const fields = await hidden(page);

  // The hidden fields, in the form and at the endpoint, agree with Node's scoring of the same lead.
  const lead = leadOf(body);
  const expected = reference.score(lead, { now: fields.leadgate_respond_by ? Date.parse(fields.leadgate_respond_by) - 3_600_000 : undefined });
  assert.equal(fields.leadgate_submission_id, id);
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.equal(body.submission_id, id);
  assert.equal(fields.leadgate_stage, "SQL");
  assert.equal(fields.leadgate_stage, expected.stage);
  assert.equal(fields.leadgate_grade, expected.grade);
  assert.equal(fields.leadgate_persona, "marketing_leader");
  assert.equal(fields.leadgate_team, "latam-sdr");
  assert.equal(fields.leadgate_model_hash, reference.modelHash);
  assert.ok(Math.abs(Number(fields.leadgate_score) - expected.score) < 0.5, `${fields.leadgate_score} vs ${expected.score}`);
  assert.equal(Date.parse(fields.leadgate_respond_by) - Date.now() <= 3_600_000, true);
  for (const k of ["stage", "score", "grade", "persona", "team", "respond_by", "model_hash"]) {
    assert.equal(body[`leadgate_${k}`], fields[`leadgate_${k}`], k);
  }
  // The form's fields under model names, plus what the tracker saw on three pages.
  assert.equal(lead.email, SQL_VISITOR.email);
  assert.equal(lead.job_title, SQL_VISITOR.title);
  // The size as the form sends it, a range: the model reads it (fields.company_size).
  assert.equal(lead.company_size, "200-999");
  assert.equal(lead.form, "demo_request");
  const views = lead.events.filter((e) => e.event === "page_view").map((e) => e.path);
  assert.deepEqual(views, ["/pricing.html", "/cases.html", "/"]);
  assert.equal(lead.page_views, 3);
  assert.equal(lead.utm_source, "linkedin");
  assert.equal(lead.events[0].utm_campaign, "sla-q4");
  assert.ok(lead.events.some((e) => e.event === "content_download" && e.path === "/cases/agrovale"));
  for (const e of lead.events) assert.ok(!Number.isNaN(Date.parse(e.at)) && /Z$/.test(e.at), e.at);
  assert.ok(expected.reasons.some((r) => r.rule === "pricing_page") && expected.reasons.some((r) => r.rule === "hand_raise"));
  assert.ok(expected.reasons.some((r) => r.rule === "large_company" && r.value === "200-999"));
  // The demo panel explains it.
  assert.equal(await page.textContent("[data-out=stage]"), "SQL");
  const rules = await page.$$eval("[data-out=reasons] tr", (rows) => rows.length);
  assert.equal(rules, expected.reasons.length);
  assert.equal(await page.evaluate(() => document.cookie), "", "no cookies");
  await page.click("#meeting .slots button >> nth=1");
  await page.waitForSelector("#booked:not([hidden])");
  await page.screenshot({ path: join(artifacts, "kit-sql-step.png"), fullPage: true });
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, []);
});

test("an MQL sees the thank-you, in English", async (t) => {
  const { page, log } = await visitor(t);
  await page.goto(`${server.base}/?lang=en`);
  await ready(page);
  assert.equal(await page.textContent("label[for=f-email]"), "Work email");
  await fillLanding(page, MQL_VISITOR);
  const before = server.state.delivered.size;
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#thanks:not([hidden])");
  assert.equal(await page.isHidden("#meeting"), true);
  const fields = await hidden(page);
  assert.equal(fields.leadgate_stage, "MQL");
  assert.equal(fields.leadgate_team, "latam-sdr");
  await until(() => server.state.delivered.size === before + 1, "the lead at the endpoint");
  assert.equal([...server.state.delivered.values()].at(-1).leadgate_stage, "MQL");
  assert.match(await page.textContent("#demo"), /Demo: what leadgate saw/);
  // The toggle back to Portuguese.
  await page.click("#lang");
  assert.equal(await page.textContent("label[for=f-email]"), "E-mail corporativo");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "pt-BR");
  await page.screenshot({ path: join(artifacts, "kit-mql-thanks.png") });
  assert.deepEqual(log.errors, []);
});

// native.html: a compiled model with leadgate/lite (what a form page ships);
// native-json.html: a JSON model compiled in the page by the full build.
for (const testPage of ["native.html", "native-json.html"]) test(`a plain form submits natively with the hidden fields (aliases mapped, password left out): ${testPage}`, async (t) => {
  const { page, log } = await visitor(t);
  await page.goto(`${server.base}/t/${testPage}`);
  await ready(page);
  await page.fill("#email", "sarah.johnson@northwindbank.com");
  await page.fill("#company", "Northwind Bank");
  await page.fill("#title", "VP of Sales");
  await page.fill("#size", "5000");
  await page.fill("#ind", "Financial Services");
  await page.fill("#secret", "hunter2");
  const n = server.state.submits.length;
  let scored = page.evaluate(() => new Promise((ok) => addEventListener("leadgate:scored", (e) => ok(e.detail.lead), { once: true })));
  await Promise.all([page.waitForURL(`${server.base}/submit`), page.click("button[type=submit]")]);
  assert.equal(server.state.submits.length, n + 1);
  const got = server.state.submits.at(-1);
  const expected = reference.score({ email: got["e-mail"], company: got.empresa, job_title: got.cargo,
    company_size: 5000, industry: got.x_industry, form: "contact", page_views: 1 });
  assert.equal(got.leadgate_stage, expected.stage);
  assert.equal(got.leadgate_grade, expected.grade);
  assert.equal(got.leadgate_persona, "revops_leader");
  assert.equal(got.leadgate_team, "enterprise-ae");
  assert.equal(got.leadgate_model_hash, reference.modelHash);
  assert.match(got.leadgate_submission_id, /^[0-9a-f-]{36}$/);
  assert.equal(got.password, "hunter2", "the form's own fields are untouched");
  assert.deepEqual(log.errors, []);
  void scored;
});

test("the wasm is blocked: forms still submit, unscored, with a warning", async (t) => {
  const { page, log } = await visitor(t);
  await page.route("**/*.wasm", (route) => route.abort());
  // A plain form.
  await page.goto(`${server.base}/t/native.html`);
  await page.waitForSelector("form[data-leadgate-state=unavailable]");
  await page.fill("#email", "ana@acme.com.br");
  const n = server.state.submits.length;
  await Promise.all([page.waitForURL(`${server.base}/submit`), page.click("button[type=submit]")]);
  const got = server.state.submits.at(n);
  assert.equal(got["e-mail"], "ana@acme.com.br");
  assert.equal(got.leadgate_stage, "");
  assert.match(got.leadgate_submission_id, /^[0-9a-f-]{36}$/);
  // The landing page: the lead still reaches the endpoint, the visitor sees the thank-you.
  await page.goto(`${server.base}/`);
  await page.waitForSelector("form[data-leadgate-state=unavailable]");
  await fillLanding(page, SQL_VISITOR);
  const before = server.state.delivered.size;
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#thanks:not([hidden])");
  await until(() => server.state.delivered.size === before + 1, "the unscored lead at the endpoint");
  const body = [...server.state.delivered.values()].at(-1);
  assert.equal(body.email, SQL_VISITOR.email);
  assert.equal(body.leadgate_stage, undefined);
  assert.ok(await page.isVisible("[data-out=unscored]"));
  assert.ok(log.warnings.some((w) => /leadgate: scoring is off/.test(w)), log.warnings.join("\n"));
  assert.deepEqual(log.errors, []);
});

test("the endpoint answers 503 for a while: every lead is kept and delivered once, across reloads", async (t) => {
  const { page, log } = await visitor(t);
  server.state.down = true;
  const seen = server.state.leads.length;
  const ids = [];
  try {
    for (const [i, email] of ["ana@one.com.br", "bia@two.com.br", "caio@three.com.br"].entries()) {
      if (i === 0) await page.goto(`${server.base}/`);
      else await page.reload();
      await ready(page);
      await fillLanding(page, { ...MQL_VISITOR, email });
      await page.click("#lead-form button[type=submit]");
      await page.waitForSelector("#thanks:not([hidden])");
      ids.push(await page.inputValue("input[name=leadgate_submission_id]"));
      // The endpoint refused it at least once; it waits in localStorage.
      await until(() => server.state.leads.slice(seen).some((l) => l.id === ids.at(-1) && l.status === 503), "a 503");
      const queued = await page.evaluate(() => JSON.parse(localStorage.getItem("leadgate:outbox") || "[]").map((x) => x.id));
      assert.ok(queued.includes(ids.at(-1)));
    }
    await page.reload(); // the queue survives this one too; nothing is submitted on this page
    await ready(page);
  } finally {
    server.state.down = false;
  }
  await until(() => ids.every((id) => server.state.delivered.has(id)), "every queued lead delivered");
  await until(async () => (await page.evaluate(() => localStorage.getItem("leadgate:outbox"))) === null, "an empty queue");
  await new Promise((r) => setTimeout(r, 1500)); // time for any stray repeat to arrive
  const after = server.state.leads.slice(seen).filter((l) => ids.includes(l.id));
  const ok = after.filter((l) => l.status === 200);
  t.diagnostic(`attempts: ${after.length} (${after.length - ok.length} answered 503), deliveries: ${ok.length}`);
  assert.deepEqual(ok.map((l) => l.id).sort(), [...ids].sort(), "0 lost, 0 duplicated");
  assert.deepEqual(ids.map((id) => server.state.delivered.get(id).email), ["ana@one.com.br", "bia@two.com.br", "caio@three.com.br"]);
  // Each attempt says how long ago the visitor submitted, so the endpoint
  // starts the SLA clock then: at delivery, each lead's age covers at least
  // the time from its first (refused) attempt to the delivery, as the
  // endpoint saw them (the order of deliveries is the queue's backoff and
  // jitter, so ages are compared with each lead's own span, not each other).
  for (const id of ids) {
    const mine = after.filter((l) => l.id === id);
    const span = mine.find((l) => l.status === 200).at - Math.min(...mine.map((l) => l.at));
    const age = server.state.delivered.get(id).leadgate_attempt_age_ms;
    assert.ok(Number.isInteger(age) && age >= span - 50, `lead ${id}: age ${age} ms, ${span} ms from its first attempt to its delivery`);
  }
  assert.deepEqual(log.errors, []);
});

test("the tracker: consent required, size cap with oldest-first eviction, forget(), no cookies, no network", async (t) => {
  const { page } = await visitor(t);
  const requests = [];
  await page.goto(`${server.base}/t/consent.html`);
  await page.waitForFunction(() => window.leadgate?.track);
  page.on("request", (r) => requests.push(r.url()));
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem("leadgate:events") || "[]"));
  assert.deepEqual(await stored(), [], "nothing stored without consent");
  await page.evaluate(() => leadgate.track("webinar_attended", { path: "/webinars/x" }));
  assert.deepEqual(await stored(), []);
  await page.evaluate(() => leadgate.consent(true));
  assert.deepEqual((await stored()).map((e) => e.event), ["page_view", "webinar_attended"], "this page's events kept until consent");
  await page.evaluate(() => { for (let i = 0; i < 300; i++) leadgate.track("email_click", { n: i }); });
  const capped = await stored();
  assert.equal(capped.length, 200);
  assert.equal(capped[0].n, 100, "the oldest went first");
  assert.equal(capped.at(-1).n, 299);
  assert.deepEqual(Object.keys(capped[0]).slice(0, 2), ["event", "at"]);
  await page.evaluate(() => leadgate.forget());
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("leadgate:"))), []);
  await page.evaluate(() => leadgate.consent(false));
  await page.evaluate(() => leadgate.track("email_click"));
  assert.deepEqual(await stored(), []);
  assert.equal(await page.evaluate(() => document.cookie), "");
  assert.deepEqual(requests, [], "the tracker never touches the network");
});

test("keyboard only: every control is labelled; tab, type, submit, then pick a slot", async (t) => {
  const { page, log } = await visitor(t);
  await page.goto(`${server.base}/`);
  await ready(page);
  const unlabelled = await page.$$eval("#lead-form input:not([type=hidden]), #lead-form select, #lead-form textarea",
    (xs) => xs.filter((x) => x.labels.length === 0 || !x.labels[0].textContent.trim()).map((x) => x.name));
  assert.deepEqual(unlabelled, []);
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.name || document.activeElement?.tagName);
  await page.keyboard.press("Tab");
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Pular para o formulário/);
  await page.keyboard.press("Enter"); // the skip link
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "f-name");
  await page.keyboard.type("Mariana");
  const steps = [["f-company", "AgroVale"], ["f-email", "mariana@agrovale.com.br"], ["f-title", "Diretora de Marketing"], ["f-size", "2"], ["f-country", null], ["f-industry", "Ag"], ["f-crm", null]];
  for (const [id, text] of steps) {
    await page.keyboard.press("Tab");
    assert.equal(await focused(), id);
    if (text) await page.keyboard.type(text);
  }
  assert.equal(await page.inputValue("#f-size"), "200-999");
  assert.equal(await page.inputValue("#f-industry"), "Agronegócio");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "form"); // the radio group: the checked radio
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.type), "submit");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#meeting:not([hidden])");
  assert.equal(await focused(), "meeting");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.waitForSelector("#booked:not([hidden])");
  assert.deepEqual(log.errors, []);
});

test("the playground: a broken model shows its error with the JSON path; fixed, the right outcome; state in the URL", async (t) => {
  const { page, log } = await visitor(t);
  await page.goto(`${server.base}/playground.html`);
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForSelector("body[data-state=scored]");
  const model = await page.inputValue("#model");
  const m = JSON.parse(model);
  m.fit_rules[0].points = "ten";
  const broken = JSON.stringify(m, null, 2);
  await page.fill("#model", broken);
  await page.waitForSelector("#model-problems li");
  const problem = await page.textContent("#model-problems li");
  assert.match(problem, /fit_rules\[0\]\.points/);
  assert.match(problem, /expected_type/);
  assert.ok(await page.isHidden("[data-o=full]"));
  await page.click("#model-problems li button");
  const selected = await page.evaluate(() => { const b = document.querySelector("#model"); return b.value.slice(b.selectionStart, b.selectionEnd); });
  assert.equal(selected, '"ten"', "the path selects the value in the text");
  await page.screenshot({ path: join(artifacts, "kit-playground-error.png"), fullPage: false });
  // Fix it: the outcome comes back and matches Node's.
  await page.fill("#model", model);
  await page.waitForSelector("body[data-state=scored]");
  assert.equal(await page.$$eval("#model-problems li", (xs) => xs.length), 0);
  await page.selectOption("#sample", "1");
  await page.waitForFunction(() => document.querySelector("#lead").value.includes("Northwind"));
  const lead = JSON.parse(await page.inputValue("#lead"));
  const expected = reference.score(lead, { now: "2026-11-26T12:00:00Z" });
  await page.waitForFunction((s) => document.querySelector("[data-o=score]").textContent === s, String(expected.score));
  assert.equal(await page.textContent("[data-o=stage]"), expected.stage);
  assert.equal(await page.textContent("[data-o=grade]"), expected.grade);
  assert.equal(await page.textContent("[data-o=persona]"), expected.persona);
  assert.equal(await page.textContent("[data-o=respond_by]"), expected.route.respond_by);
  assert.equal(await page.$$eval("[data-o=reasons] tr", (xs) => xs.length), expected.reasons.length);
  const next = await page.textContent("[data-o=next]");
  assert.match(next, expected.next.length ? new RegExp(expected.next[0].needs) : /top stage/);
  await page.screenshot({ path: join(artifacts, "kit-playground.png"), fullPage: true });
  // Shared state: the hash restores the lead (and an edited model) in a new tab.
  // The page saves the hash some hundred milliseconds after an edit: wait for
  // the hash to change rather than for a fixed time (that raced under load).
  const hashBefore = await page.evaluate(() => location.hash);
  await page.fill("#model", model.replace('"half_life_days": 90', '"half_life_days": 7'));
  await page.waitForFunction((before) => location.hash.length > 10 && location.hash !== before, hashBefore);
  const url = page.url();
  const other = await page.context().newPage();
  await other.goto(url);
  await other.waitForSelector("body[data-ready=true]");
  assert.equal(await other.inputValue("#lead"), await page.inputValue("#lead"));
  assert.match(await other.inputValue("#model"), /"half_life_days": 7/);
  assert.deepEqual(log.errors, []);
});

// ------------------------------------------------------------ budgets (reported, not asserted)

for (const testPage of ["native.html", "native-json.html"]) test(`budgets: the kit's download and submit-to-hidden-fields time: ${testPage}`, async (t) => {
  const { page } = await visitor(t);
  // What a browser downloads for the kit on the landing page, as served.
  const bytes = new Map();
  page.on("response", async (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/(leadgate-(form|track)\.js|pkg\/)/.test(path)) bytes.set(path, await r.body().catch(() => Buffer.alloc(0)));
  });
  await page.goto(`${server.base}/t/${testPage}`);
  await ready(page);
  await page.waitForTimeout(200);
  const esbuild = await import(join(root, "node_modules/esbuild/lib/main.js"));
  const minGz = async (path, buf) => {
    if (path.endsWith(".wasm")) return gzipSync(buf, { level: 9 }).length;
    const min = await esbuild.transform(buf.toString("utf8"), { minify: true, format: "esm", loader: "js" });
    return gzipSync(min.code, { level: 9 }).length;
  };
  const rows = [];
  for (const [path, buf] of [...bytes].sort()) rows.push({ path, raw: buf.length, minGzip: await minGz(path, buf) });
  const sum = (f) => rows.filter(f).reduce((n, r) => n + r.minGzip, 0);
  const kitJs = sum((r) => r.path.startsWith("/leadgate-"));
  const pkgJs = sum((r) => r.path.startsWith("/pkg/") && r.path.endsWith(".js"));
  const wasm = sum((r) => r.path.endsWith(".wasm"));

  // Submit click → hidden fields written, 50 times (the form posts into a hidden iframe).
  await page.evaluate(() => {
    document.querySelector("#f").target = "sink";
    window.times = [];
    addEventListener("click", () => (window.t0 = performance.now()), true);
    addEventListener("leadgate:scored", () => window.times.push(performance.now() - window.t0));
  });
  await page.fill("#email", "sarah.johnson@northwindbank.com");
  await page.fill("#company", "Northwind Bank");
  await page.fill("#title", "VP of Sales");
  await page.fill("#size", "5000");
  for (let i = 0; i < 50; i++) {
    await page.click("button[type=submit]");
    await page.waitForFunction((n) => window.times.length === n, i + 1);
  }
  const times = (await page.evaluate(() => window.times)).sort((a, b) => a - b);
  const median = (times[24] + times[25]) / 2;
  const result = {
    download_min_gzip_bytes: { kit_js: kitJs, package_js: pkgJs, wasm, total: kitJs + pkgJs + wasm },
    files: rows,
    submit_to_hidden_fields_ms: { median, p90: times[44], max: times[49], n: times.length, target: 10 },
  };
  writeFileSync(join(artifacts, `kit-budgets-${testPage.replace(".html", "")}.json`), JSON.stringify(result, null, 2) + "\n");
  t.diagnostic(`download (min+gzip -9): kit JS ${kitJs} B + package JS ${pkgJs} B + wasm ${wasm} B = ${kitJs + pkgJs + wasm} B`);
  t.diagnostic(`submit click → hidden fields: median ${median.toFixed(2)} ms, p90 ${times[44].toFixed(2)} ms, max ${times[49].toFixed(2)} ms (n=50)`);
});
