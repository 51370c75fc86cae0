// The model editor (www/editor.html) in headless Chromium: a rule's points
// edited through the form reach the JSON tab and back; "quinze" in a number
// widget gets the core's problem with the value next to the widget, in
// English and Portuguese; the JSON tab keeps the forms' last good model on
// invalid JSON; the downloaded JSON and .lgm load (the .lgm in
// leadgate/lite) and score a lead as the full build does; both languages
// have every key and the page has no text outside the table; axe-core finds
// no violation; the page works at 320 px and with the keyboard.
// Needs pkg/ (scripts/build-pkg); run by scripts/test-www.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { startKitServer } from "./kit-server.mjs";
import { textNotFromTable } from "./editor-text.mjs";
import { driver } from "./editor-drive.mjs";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../../..");
const { Scorer, defaultModel } = await import(join(root, "pkg/node.mjs"));
const { messages } = await import(join(root, "www/i18n/messages.js"));
const NOW = "2026-11-26T12:00:00Z";
const artifacts = join(root, "artifacts");
mkdirSync(artifacts, { recursive: true });
const LEAD = JSON.parse(readFileSync(join(root, "examples/leads.ndjson"), "utf8").split("\n")[9]);

let browser, server;
before(async () => {
  server = await startKitServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh editor page (English unless `lang`), with page errors collected. */
async function open(t, { lang = "en", width = 1280 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale: "en-US" });
  await context.addInitScript((l) => localStorage.setItem("leadgate.lang", l), lang);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  t.after(() => context.close());
  await page.goto(`${server.base}/editor.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30_000 });
  return { page, errors };
}

/** Waits for the validation after a change to settle; returns the state. */
async function settled(page) {
  await page.waitForFunction(() => ["valid", "invalid"].includes(document.body.dataset.state));
  return page.evaluate(() => document.body.dataset.state);
}

const modelNow = (page) => page.evaluate(() => window.leadgateEditor.model());
const widget = (page, path) => page.locator(`[data-path="${path}"]`);

/** The text of the error slot the widget's aria-describedby points to. */
async function describedError(page, path) {
  return page.evaluate((p) => {
    const w = document.querySelector(`[data-path="${p}"]`);
    const ids = (w.getAttribute("aria-describedby") || "").split(/\s+/);
    const slot = ids.map((id) => document.getElementById(id)).find((e) => e && e.classList.contains("err"));
    return { invalid: w.getAttribute("aria-invalid"), text: slot ? slot.textContent : null, visible: slot ? !slot.hidden : false };
  }, path);
}

test("the message table: both languages have every key, no empty text, every problem code of src/error.rs", () => {
  const en = Object.keys(messages.en).sort();
  const pt = Object.keys(messages.pt).sort();
  assert.deepEqual(pt, en, "pt and en have the same keys");
  for (const lang of ["en", "pt"]) {
    for (const [k, v] of Object.entries(messages[lang])) assert.ok(typeof v === "string" && v.trim() !== "", `${lang}.${k} is empty`);
  }
  const codes = [...readFileSync(join(root, "src/error.rs"), "utf8").matchAll(/pub const \w+: &str = "(\w+)";/g)].map((m) => m[1]);
  // Lead and compiled-model codes never come from validating a model.
  const modelCodes = codes.filter((c) => !["not_an_object", "bad_json", "bad_timestamp", "bad_compiled_model", "compiled_model_version"].includes(c));
  assert.ok(modelCodes.length >= 29);
  for (const c of modelCodes) assert.ok(`code_${c}` in messages.en, `no message for problem code ${c}`);
});

test("editor.html has no text of its own: every text and label comes from the table", () => {
  const html = readFileSync(join(root, "www/editor.html"), "utf8").replace(/<(script|style)[\s\S]*?<\/\1>/g, "");
  const texts = [...html.matchAll(/>([^<]+)</g)].map((m) => m[1].trim()).filter(Boolean);
  assert.deepEqual(texts, [], "text between tags");
  assert.doesNotMatch(html, /\s(aria-label|title|placeholder|alt)=/, "an attribute with text of its own");
});

test("starts valid on the default model; the page's text is all from the table, in both languages", async (t) => {
  const { page, errors } = await open(t);
  assert.equal(await settled(page), "valid");
  assert.deepEqual(await modelNow(page), defaultModel(), "rendering the forms changes nothing");
  for (const lang of ["en", "pt"]) {
    await page.selectOption("#lang", lang);
    const found = await textNotFromTable(page);
    assert.deepEqual(found.bad, [], `${lang}: text not from the table`);
    assert.equal(found.lang, lang === "pt" ? "pt-BR" : "en");
    // Nothing left in the other language: no English-only text on the Portuguese page, and back.
    const other = lang === "pt" ? "en" : "pt";
    const onlyOther = new Set(Object.keys(messages.en).filter((k) => messages.en[k] !== messages.pt[k]).map((k) => messages[other][k]));
    assert.deepEqual(found.texts.filter((s) => onlyOther.has(s)), [], `${lang}: untranslated text`);
  }
  assert.deepEqual(errors, []);
});

test("a rule's points through the form reach the JSON tab; 'quinze' shows the core's problem with its value, in both languages", async (t) => {
  const { page, errors } = await open(t);
  await settled(page);
  const path = "fit_rules[0].points";
  const before = defaultModel().fit_rules[0].points;
  await widget(page, path).fill("35");
  assert.equal(await settled(page), "valid");
  await page.click("#tab-json");
  const shown = JSON.parse(await page.inputValue("#json"));
  assert.equal(shown.fit_rules[0].points, 35, "the JSON tab has the new points");
  assert.notEqual(before, 35);
  await page.click("#tab-form");

  await widget(page, path).fill("quinze");
  assert.equal(await settled(page), "invalid");
  let err = await describedError(page, path);
  assert.equal(err.invalid, "true");
  assert.ok(err.visible);
  assert.match(err.text, /Wrong kind of value/);
  assert.match(err.text, /Value given: "quinze"/);
  assert.match(err.text, /expected a number, got the string "quinze"/);
  assert.match(err.text, /Hint: write the number in digits, without quotes/);
  await widget(page, path).evaluate((e) => e.scrollIntoView({ block: "center" }));
  await page.screenshot({ path: join(artifacts, "editor-error-en.png") });
  assert.match(await page.textContent("#status"), /1 problem/);
  assert.match(await page.textContent("#problems"), /fit_rules\[0\]\.points/);

  await page.selectOption("#lang", "pt");
  err = await describedError(page, path);
  assert.match(err.text, /Tipo de valor errado/);
  assert.match(err.text, /Valor informado: "quinze"/);
  assert.match(err.text, /Dica:/);
  assert.match(await page.textContent("#status"), /O modelo tem 1 problema/);
  assert.deepEqual((await textNotFromTable(page)).bad, [], "problems shown: text not from the table");
  await page.screenshot({ path: join(artifacts, "editor-error-pt.png") });

  // "15" in quotes is another value, and the core says so: the value differs, and the hint.
  await page.click("#tab-json");
  const text = JSON.stringify({ ...(await modelNow(page)), grades: { A: "15", B: 35, C: 23 } }, null, 2);
  await page.fill("#json", text);
  await page.click("#tab-form");
  await page.waitForFunction(() => window.leadgateEditor.problems().length === 2);
  err = await describedError(page, "grades.A");
  assert.match(err.text, /Valor informado: "15"/);
  assert.match(err.text, /write 15 without quotes/);
  assert.equal(await widget(page, "grades.A").inputValue(), "15", "the form shows the JSON tab's value");
  assert.deepEqual(errors, []);
});

test("a rule added with the keyboard: focus on its id, the operator picker gives its argument's widget, removed again", async (t) => {
  const { page, errors } = await open(t);
  await settled(page);
  const n = defaultModel().fit_rules.length;
  await page.focus('[data-add="fit_rules"]');
  await page.keyboard.press("Enter");
  await settled(page);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `fit_rules[${n}].id`, "focus on the new rule");
  const at = `fit_rules[${n}].if`;
  await widget(page, `${at}.field`).fill("company_size");
  await page.selectOption(`[data-path="${at}#op"]`, "between");
  await widget(page, `${at}.between[0]`).fill("10");
  await widget(page, `${at}.between[1]`).fill("20");
  assert.equal(await settled(page), "valid");
  const rule = (await modelNow(page)).fit_rules[n];
  assert.deepEqual(rule.if, { field: "company_size", between: [10, 20] });
  // email_is: one checkbox per kind.
  await page.selectOption(`[data-path="${at}#op"]`, "email_is");
  assert.equal(await page.locator(`[data-path="${at}.email_is"] input[type=checkbox]`).count(), 4);
  await page.getByRole("button", { name: `Remove rule ${n + 1}` }).click();
  await settled(page);
  assert.deepEqual(await modelNow(page), defaultModel(), "back to the default model");
  assert.deepEqual(errors, []);
});

test("the default model built from an empty editor through the forms only: the same model, the same hash", async (t) => {
  const { page, errors } = await open(t);
  await settled(page);
  await page.click("#new-empty");
  assert.equal(await settled(page), "invalid", "an empty model lacks its id and version");
  assert.deepEqual(await modelNow(page), {});
  await driver(page).build(defaultModel());
  assert.equal(await settled(page), "valid");
  const built = await modelNow(page);
  assert.deepEqual(built, defaultModel());
  const hash = (m) => new Scorer(m).score({}, { now: NOW }).model.hash;
  assert.equal(hash(built), hash(defaultModel()));
  assert.deepEqual(errors, []);
});

test("invalid JSON in the JSON tab keeps the forms' last good model", async (t) => {
  const { page } = await open(t);
  await settled(page);
  await widget(page, "grades.B").fill("36");
  await settled(page);
  await page.click("#tab-json");
  await page.fill("#json", '{ "id": "x", ');
  await page.waitForFunction(() => document.body.dataset.state === "json-error");
  assert.equal(await page.isVisible("#json-error"), true);
  assert.match(await page.textContent("#json-error"), /not valid JSON/);
  assert.equal((await modelNow(page)).grades.B, 36, "the model is the last good one");
  await page.click("#tab-form");
  assert.equal(await widget(page, "grades.B").inputValue(), "36");
});

test("downloads: the JSON is the model; the .lgm loads in leadgate/lite and scores a lead as the full build", async (t) => {
  const { page, errors } = await open(t);
  await settled(page);
  await widget(page, "fit_rules[0].points").fill("35");
  await settled(page);
  const [jsonDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-json")]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), "utf8"));
  assert.equal(jsonDownload.suggestedFilename(), "fluxo-b2b.json");
  assert.deepEqual(json, { ...defaultModel(), fit_rules: defaultModel().fit_rules.map((r, i) => (i === 0 ? { ...r, points: 35 } : r)) });

  const [lgmDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-lgm")]);
  assert.equal(lgmDownload.suggestedFilename(), "fluxo-b2b.lgm");
  const lgm = readFileSync(await lgmDownload.path());
  // The full build in Node, from the downloaded JSON: lead 9 (a CMO) fires the edited rule.
  const expected = new Scorer(json).score(LEAD, { now: NOW });
  assert.ok(expected.reasons.some((r) => r.rule === json.fit_rules[0].id && r.points === 35), "the edit is in the model");
  assert.deepEqual(Scorer.fromCompiled(lgm).score(LEAD, { now: NOW }), expected, "the .lgm in the full build");
  // leadgate/lite in the browser, from the downloaded bytes.
  const lite = await page.evaluate(async ({ bytes, lead, now }) => {
    const { init, Scorer: Lite } = await import("/pkg/lite/index.js");
    await init();
    return Lite.fromCompiled(new Uint8Array(bytes)).score(lead, { now });
  }, { bytes: [...lgm], lead: LEAD, now: NOW });
  assert.deepEqual(lite, JSON.parse(JSON.stringify(expected)));
  assert.deepEqual(errors, []);
});

test("keyboard: the tabs follow the arrow keys; usable at 320 px; axe-core finds no violation", async (t) => {
  const { page, errors } = await open(t, { width: 320 });
  await settled(page);
  await page.focus("#tab-form");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-json");
  assert.equal(await page.isVisible("#panel-json"), true);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.isVisible("#panel-form"), true);
  await page.screenshot({ path: join(artifacts, "editor-320.png") });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 320 px (${overflow} px too wide)`);

  // An invalid widget too: errors are part of what must be accessible.
  await widget(page, "fit_rules[0].points").fill("quinze");
  await settled(page);
  await page.addScriptTag({ path: join(root, "node_modules/axe-core/axe.min.js") });
  for (const lang of ["en", "pt"]) {
    await page.selectOption("#lang", lang);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations", "incomplete"] }));
    const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(violations, [], `${lang}: axe violations`);
    const contrast = result.incomplete.filter((v) => v.id === "color-contrast").flatMap((v) => v.nodes);
    t.diagnostic(`${lang}: axe "needs review" color-contrast nodes: ${contrast.length}`);
  }
  assert.deepEqual(errors, []);
});
