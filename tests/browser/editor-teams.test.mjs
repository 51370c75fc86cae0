// The model editor's "Teams: business hours" section in headless Chromium:
// a team's hours added through the forms only (team picker, time zone picker
// from the core's own zone list, day pickers, hours, a holiday date), each
// mistake shown next to its widget with the value and the core's hint, in
// English and Portuguese; the .lgm download says plainly that leadgate/lite
// refuses a model with hours (and lite does, with needs_full_build).
// Needs pkg/ (scripts/build-pkg); run by scripts/test-www.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { startKitServer } from "./kit-server.mjs";
import { textNotFromTable } from "./editor-text.mjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../../..");
const { Scorer, defaultModel, timeZones } = await import(join(root, "pkg/node.mjs"));

let browser, server;
before(async () => {
  server = await startKitServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const modelNow = (page) => page.evaluate(() => window.leadgateEditor.model());
const widget = (page, path) => page.locator(`[data-path="${path}"]`);
async function settled(page) {
  await page.waitForFunction(() => ["valid", "invalid"].includes(document.body.dataset.state));
  return page.evaluate(() => document.body.dataset.state);
}
/** The error slot next to the widget at `path` (through its aria-describedby). */
const describedError = (page, path) => page.evaluate((p) => {
  const w = document.querySelector(`[data-path="${p}"]`);
  const ids = (w.getAttribute("aria-describedby") || "").split(/\s+/);
  const slot = ids.map((id) => document.getElementById(id)).find((e) => e && e.classList.contains("err"));
  return { invalid: w.getAttribute("aria-invalid"), text: slot && !slot.hidden ? slot.textContent : null };
}, path);

test("the core's zone list: the table of docs/model.md (tzdb 2026f, 598 names), sorted", () => {
  const zones = timeZones();
  assert.equal(zones.length, 598);
  assert.deepEqual([...zones].sort(), zones);
  for (const z of ["America/Sao_Paulo", "Europe/Lisbon", "UTC"]) assert.ok(zones.includes(z), z);
});

test("a team's business hours through the forms: zone picker, days, hours, a holiday; problems next to their widgets; lite refuses the .lgm", async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: "en-US", timezoneId: "America/Sao_Paulo" });
  await context.addInitScript(() => localStorage.setItem("leadgate.lang", "en"));
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.base}/editor.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 30_000 });
  await settled(page);
  // The picker offers exactly the core's zones.
  const offered = await page.$$eval("#lg-zones option", (os) => os.map((o) => o.value));
  assert.deepEqual(offered, timeZones());
  assert.match(await page.textContent("#lgm-help"), /leadgate\/lite on the landing page/);

  // "Add": the first routing team without hours, in the browser's zone, Monday to Friday 09:00-18:00.
  await page.click('[data-add="teams"]');
  await settled(page);
  const T = "teams.enterprise-ae";
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `${T}.timezone`, "focus on the new team's zone");
  assert.deepEqual((await modelNow(page)).teams, { "enterprise-ae": { timezone: "America/Sao_Paulo", hours: { "mon-fri": "09:00-18:00" } } });
  assert.match(await page.textContent("#lgm-help"), /business hours.*leadgate\/lite refuses it \(needs_full_build\)/);

  // A misspelt zone: the core's problem, the value and its "did you mean" next to the picker.
  await widget(page, `${T}.timezone`).fill("America/Sao_Paolo");
  assert.equal(await settled(page), "invalid");
  let err = await describedError(page, `${T}.timezone`);
  assert.equal(err.invalid, "true");
  assert.match(err.text, /Value given: "America\/Sao_Paolo"/);
  assert.match(err.text, /did you mean `America\/Sao_Paulo`\?/);
  await page.selectOption("#lang", "pt");
  err = await describedError(page, `${T}.timezone`);
  assert.match(err.text, /Valor informado: "America\/Sao_Paolo"/);
  assert.deepEqual((await textNotFromTable(page)).bad, [], "pt: text not from the table");
  await page.selectOption("#lang", "en");
  await widget(page, `${T}.timezone`).fill("America/Sao_Paulo");
  assert.equal(await settled(page), "valid");

  // Days: "to" Saturday renames the key; "Add working days" takes the first free day (Sunday).
  await page.selectOption(`[data-path="${T}.hours.mon-fri#to"]`, "sat");
  await settled(page);
  await page.click(`[data-add="${T}.hours"]`);
  await settled(page);
  await widget(page, `${T}.hours.sun`).fill("10:00-14:00");
  assert.equal(await settled(page), "valid");
  // Overlapping ranges: the core's problem next to the hours, with the value.
  await widget(page, `${T}.hours.sun`).fill("10:00-14:00, 13:00-15:00");
  assert.equal(await settled(page), "invalid");
  err = await describedError(page, `${T}.hours.sun`);
  assert.match(err.text, /Value given: "10:00-14:00, 13:00-15:00"/);
  await widget(page, `${T}.hours.sun`).fill("10:00-14:00");
  // A holiday: picked as a date, added with the button.
  await page.fill(`[data-path="${T}.holidays#new"]`, "2026-12-25");
  await page.click(`[data-add="${T}.holidays"]`);
  assert.equal(await settled(page), "valid");
  const model = await modelNow(page);
  assert.deepEqual(model.teams, {
    "enterprise-ae": { timezone: "America/Sao_Paulo", hours: { "mon-sat": "09:00-18:00", sun: "10:00-14:00" }, holidays: ["2026-12-25"] },
  });

  for (const lang of ["pt", "en"]) {
    await page.selectOption("#lang", lang);
    assert.deepEqual((await textNotFromTable(page)).bad, [], `${lang}: the teams section's text is from the table`);
  }
  await page.locator("#s-teams").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(root, "artifacts/editor-teams.png") });

  // The .lgm: the download says it needs the full build, and it does.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-lgm")]);
  assert.match(await page.textContent("#status"), /business hours: load it with the full leadgate build, not leadgate\/lite/);
  const lgm = readFileSync(await download.path());
  const lite = await page.evaluate(async (bytes) => {
    const { init, Scorer: Lite } = await import("/pkg/lite/index.js");
    await init();
    try {
      Lite.fromCompiled(new Uint8Array(bytes));
      return "loaded";
    } catch (e) {
      return e.code;
    }
  }, [...lgm]);
  assert.equal(lite, "needs_full_build");
  // The full build loads it and agrees with the JSON: an enterprise SQL
  // (routing's first route: company_size ≥ 1000) on Friday 4 December at
  // 17:30 in São Paulo (20:30Z, UTC−3) has its "1h" deadline the next
  // morning, Saturday 09:30 local = 12:30Z (30 minutes Friday, 30 Saturday).
  const lead = { email: "ana@bigco.com.br", company_size: 5000, job_title: "CMO", form: "demo_request" };
  const opts = { now: "2026-12-04T20:30:00Z" };
  const full = Scorer.fromCompiled(lgm).score(lead, opts);
  assert.deepEqual(full, new Scorer(model).score(lead, opts));
  assert.deepEqual([full.stage, full.route.team, full.route.respond_by], ["SQL", "enterprise-ae", "2026-12-05T12:30:00Z"]);

  // Removing the team gives the default model back.
  await page.getByRole("button", { name: "Remove team 1" }).click();
  await settled(page);
  assert.deepEqual(await modelNow(page), defaultModel());

  await page.click('[data-add="teams"]');
  await settled(page);
  await page.addScriptTag({ path: join(root, "node_modules/axe-core/axe.min.js") });
  const axe = await page.evaluate(() => window.axe.run(document));
  assert.deepEqual(axe.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`), [], "axe with the teams section");
  assert.deepEqual(errors, []);
});
