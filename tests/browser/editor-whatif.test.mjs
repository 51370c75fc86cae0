// The model editor's "What changes" tab in headless Chromium: the report
// page's wasm (www/report/, scripts/build-report-page) reads a CRM export
// with the model as imported and with an edit, and the page shows both
// backtests. Known answers: tests/fixtures/report/funnel.csv with
// tests/fixtures/report/model.json, as of 2026-03-01 — the "before" column
// is funnel.expected.json (hand-computed); "after" lowers the SQL threshold
// from 60 to 40, worked out by hand from the lead scores listed in its
// _comment (L1 60, L2 40, L3 20, L4 60, L5 0, L6 40, L7 60, L11 40; CRM SQLs
// L1–L4; won L1): SQL = L1 L2 L4 L6 L7 L11 (6), of them in the CRM's SQLs
// L1 L2 L4 (3), won 1 → precision 1/6, recall 1, F1 2/7; MQL-or-above is
// the same six leads; L2, L6 and L11 move from MQL to SQL (3).
// Run by scripts/test-report-page (needs pkg/ and www/report/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { startKitServer } from "./kit-server.mjs";
import { textNotFromTable } from "./editor-text.mjs";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../../..");
const FIX = join(root, "tests/fixtures/report");
const expected = JSON.parse(readFileSync(join(FIX, "funnel.expected.json"), "utf8"));

let browser, server;
before(async () => {
  assert.ok(existsSync(join(root, "www/report/leadgate_report.js")), "run scripts/build-report-page first");
  server = await startKitServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("what changes: an export read with the imported model and with an edit, before/after figures and leads that move", async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.base}/editor.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  await page.setInputFiles("#import", join(FIX, "model.json"));
  await page.waitForFunction(() => window.leadgateEditor.model().id === "report-test" && document.body.dataset.state === "valid");
  await page.fill('[data-path="stages[0].if.score_at_least"]', "40");
  await page.waitForFunction(() => window.leadgateEditor.model().stages[0].if.score_at_least === 40 && document.body.dataset.state === "valid");

  await page.click("#tab-whatif");
  await page.fill("#whatif-asof", "2026-03-01T00:00:00Z");
  await page.setInputFiles("#whatif-file", join(FIX, "funnel.csv"));
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.whatif), null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.whatif), "done", await page.textContent("#whatif-out"));
  const rows = await page.$$eval("#whatif-table tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const bt = expected.backtest;
  const o = expected.overall;
  const sqlBoth = bt.stages.find((s) => s.stage === "SQL").both;
  const mqlBoth = bt.stages.find((s) => s.stage === "MQL").both;
  const sv = bt.model_sql_vs_won;
  // [before, after, change] per row, in the table's order.
  assert.deepEqual(rows.map((r) => r.slice(1)), [
    [String(o.leads), "8", "0"],
    [String(o.model_mql), "6", "0"],
    [String(o.model_sql), "6", "+3"],
    [String(sqlBoth), "3", "+1"],
    [String(mqlBoth), "4", "0"],
    [String(sv.true_positives), "1", "0"],
    [String(sv.precision), "0.1667", ""],
    [String(sv.recall), "1", ""],
    [String(sv.f1), "0.2857", ""],
    ["", "3", ""],
  ]);
  assert.deepEqual([o.leads, o.model_mql, o.model_sql, sqlBoth, mqlBoth], [8, 6, 3, 2, 4], "the hand-computed fixture");
  await page.selectOption("#lang", "pt");
  assert.match(await page.textContent("#whatif-table"), /Leads que mudam de etapa \(pelo menos\)/);
  assert.match(await page.textContent("#whatif-status"), /Pronto: 8 leads comparados/);
  assert.deepEqual((await textNotFromTable(page)).bad, [], "the What changes tab: text not from the table");
  await page.screenshot({ path: join(root, "artifacts/editor-whatif-pt.png"), fullPage: true });

  // The report's suggested SQL threshold (best F1: 60, the fixture's own
  // suggestion; scores do not depend on stage thresholds) in one click:
  // the model is back to the imported one, so both columns agree.
  const apply = page.locator("#whatif-out .suggestions button").first();
  assert.match(await apply.getAttribute("aria-label"), /60 a SQL/);
  await page.selectOption("#lang", "en");
  assert.match(await apply.getAttribute("aria-label"), /Apply score at least 60 to SQL/);
  await apply.click();
  await page.waitForFunction(() => /Applied/.test(document.getElementById("whatif-status").textContent));
  assert.equal(await page.evaluate(() => window.leadgateEditor.model().stages[0].if.score_at_least), 60);
  assert.equal(await page.inputValue('[data-path="stages[0].if.score_at_least"]'), "60", "the form shows it");
  const again = await page.$$eval("#whatif-table tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  for (const r of again.slice(0, -1)) assert.equal(r[1], r[2], `${r[0]}: before = after once the suggestion is applied`);
  assert.equal(again.at(-1)[2], "0", "no lead changes stage");

  await page.addScriptTag({ path: join(root, "node_modules/axe-core/axe.min.js") });
  const axe = await page.evaluate(() => window.axe.run(document));
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], "axe on the What changes tab");
  assert.deepEqual(errors, []);
});
