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
// Then, with the SQL threshold back at 60, the points of the two rules
// swapped (big 40 → 20, senior 20 → 40: a score of 40 becomes 20, 20
// becomes 40, 60 stays): L2 L6 L11 fall from MQL to lead, L3 rises from
// lead to MQL — 4 leads change stage, where the per-stage counts alone
// (MQL 3 → 1, lead 2 → 4) could only say "at least 2".
// Last, "Tune" on a generated export (`leadgate generate --export`) gives
// the model `leadgate tune` writes, applied in one click and undone.
// Run by scripts/test-report-page (needs pkg/ and www/report/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { startKitServer } from "./kit-server.mjs";
import { textNotFromTable } from "./editor-text.mjs";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../../..");
const FIX = join(root, "tests/fixtures/report");
const expected = JSON.parse(readFileSync(join(FIX, "funnel.expected.json"), "utf8"));
/** The from → to table of "What changes" as text cells, without its head. */
const matrix = (page) => page.$$eval("#whatif-matrix tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));

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
  // Lead by lead: rows as loaded, columns with the change.
  assert.deepEqual(await matrix(page), [["SQL", "3", "0", "0"], ["MQL", "3", "0", "0"], ["lead", "0", "0", "2"]]);
  assert.deepEqual([o.leads, o.model_mql, o.model_sql, sqlBoth, mqlBoth], [8, 6, 3, 2, 4], "the hand-computed fixture");
  await page.selectOption("#lang", "pt");
  assert.match(await page.textContent("#whatif-table"), /Leads que mudam de etapa/);
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
  assert.deepEqual(await matrix(page), [["SQL", "3", "0", "0"], ["MQL", "0", "3", "0"], ["lead", "0", "0", "2"]]);

  // The two rules' points swapped, compared again: the exact count is 4.
  await page.click("#tab-form");
  await page.fill('[data-path="personas[0].rules[0].points"]', "20");
  await page.fill('[data-path="fit_rules[0].points"]', "40");
  await page.waitForFunction(() => window.leadgateEditor.model().fit_rules[0].points === 40 && document.body.dataset.state === "valid");
  await page.click("#tab-whatif");
  await page.evaluate(() => (document.body.dataset.whatif = "waiting"));
  await page.click("#whatif-rerun");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.whatif), null, { timeout: 60_000 });
  const swapped = await page.$$eval("#whatif-table tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(swapped[1].slice(1), ["6", "4", "-2"], "MQL or above: L1 L3 L4 L7");
  assert.deepEqual(swapped.at(-1).slice(1), ["", "4", ""], "4 leads change stage");
  assert.deepEqual(await matrix(page), [["SQL", "3", "0", "0"], ["MQL", "0", "0", "3"], ["lead", "0", "1", "1"]]);
  // The rows as a workbook (tests/fixtures/ingest/funnel.xlsx): read with
  // the report wasm's workbook build, which the core asks for.
  await page.evaluate(() => (document.body.dataset.whatif = "waiting"));
  await page.setInputFiles("#whatif-file", join(root, "tests/fixtures/ingest/funnel.xlsx"));
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.whatif), null, { timeout: 120_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.whatif), "done", await page.textContent("#whatif-out"));
  // One lead more: CSV line 11 (10 cells: broken CSV) is a short row in a
  // sheet, a lead with neither company_size nor job_title: 0 points, a lead
  // under both models.
  assert.deepEqual(await matrix(page), [["SQL", "3", "0", "0"], ["MQL", "0", "0", "3"], ["lead", "0", "1", "2"]], "the workbook");

  await page.addScriptTag({ path: join(root, "node_modules/axe-core/axe.min.js") });
  const axe = await page.evaluate(() => window.axe.run(document));
  assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], "axe on the What changes tab");
  assert.deepEqual(errors, []);
});

test("tune in the editor: the model `leadgate tune` writes, applied in one click, then undone", async (t) => {
  // An export the default model can be tuned on: generated by the CLI, tuned by the CLI.
  const CLI = join(root, "target/debug/leadgate");
  const AS_OF = "2026-11-26T12:00:00Z";
  const dir = join(root, "target/editor-tune");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "export-20000.csv");
  const gen = spawnSync(CLI, ["generate", "--export", "--count", "20000", "--seed", "11", "--now", AS_OF], { maxBuffer: 1 << 28 });
  assert.equal(gen.status, 0, `leadgate generate: ${gen.stderr}`);
  writeFileSync(file, gen.stdout);
  const out = join(dir, "tuned-cli.json");
  const tuned = spawnSync(CLI, ["tune", "--json", "-q", "--now", AS_OF, "-o", out, file], { encoding: "utf8", maxBuffer: 1 << 26 });
  assert.equal(tuned.status, 0, `leadgate tune: ${tuned.stderr}`);
  const cliModel = JSON.parse(readFileSync(out, "utf8"));
  const cliSummary = JSON.parse(tuned.stdout);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.base}/editor.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "true" && document.body.dataset.state === "valid");
  const start = await page.evaluate(() => window.leadgateEditor.model());
  await page.click("#tab-whatif");
  await page.fill("#whatif-asof", AS_OF);
  await page.setInputFiles("#whatif-file", file);
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.whatif), null, { timeout: 120_000 });
  await page.click("#tune-run");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.tune), null, { timeout: 300_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.tune), "done", await page.textContent("#tune-out"));
  // What the page lists is what the CLI's summary says changes.
  const changedRules = cliSummary.rules.filter((r) => r.points !== r.points_before || (r.max ?? null) !== (r.max_before ?? null));
  const changedCuts = cliSummary.cutoffs.filter((c) => c.after !== c.before);
  assert.ok(changedRules.length > 0, "tune changes some points on this export");
  assert.equal(await page.locator("#tune-rules tbody tr").count(), changedRules.length);
  assert.equal(await page.locator("#tune-cutoffs tbody tr").count(), changedCuts.length);

  await page.click("#tune-apply");
  await page.waitForFunction(() => document.body.dataset.tune === "applied" && document.body.dataset.state === "valid");
  assert.deepEqual(await page.evaluate(() => window.leadgateEditor.model()), cliModel, "the editor's model is the one leadgate tune wrote");
  const rule = changedRules[0];
  assert.equal(await page.inputValue(`[data-path="${rule.path}.points"]`), String(rule.points), `the form shows ${rule.id}'s new points`);
  // The comparison re-runs with the tuned model: every lead is in the from → to table once.
  // (Apply starts it before its click handler returns.)
  await page.waitForFunction(() => document.body.dataset.whatif === "done", null, { timeout: 120_000 });
  const { leads, moved } = await page.evaluate(() => ({ leads: window.leadgateWhatIf.after.overall.leads, moved: window.leadgateWhatIf.changes.moves.reduce((n, m) => n + m.leads, 0) }));
  assert.equal(moved, leads);
  assert.equal(await page.evaluate(() => document.activeElement.id), "tune-undo", "focus on Undo");
  await page.click("#tune-undo");
  await page.waitForFunction(() => document.body.dataset.tune === "undone");
  assert.deepEqual(await page.evaluate(() => window.leadgateEditor.model()), start, "undo puts the model back");
  await page.screenshot({ path: join(root, "artifacts/editor-tune.png"), fullPage: true });
  assert.deepEqual(errors, []);
});
