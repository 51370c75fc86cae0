// www/report.html in headless Chromium: the page's report JSON must equal,
// byte for byte, `leadgate report --json` on the same file (the CLI's final
// newline aside); its tuning, `leadgate tune --json` and the model `tune`
// writes. Needs `cargo build --bin leadgate` and
// `scripts/build-report-page` first (scripts/test-report-page runs all three).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { spawn, spawnSync } from "node:child_process";
import { textNotFromTable } from "./editor-text.mjs";
import { createServer } from "node:http";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = join(root, "target/debug/leadgate");
const WWW = join(root, "www");
const AS_OF = "2026-11-26T12:00:00Z";
const FIXTURES = join(root, "tests/fixtures/report");
const EXPORT = join(root, "target/report-page/export-50000.csv");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

let server, url, browser, page;

/** What `leadgate report --json` prints for `file`, without its final newline. */
function cliReport(file, ...flags) {
  const r = spawnSync(CLI, ["report", "--json", "-q", "--now", AS_OF, ...flags, file], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  assert.ok(r.status === 0 || r.status === 1, `leadgate report exited ${r.status}: ${r.stderr}`);
  assert.ok(r.stdout.endsWith("}\n"), "the CLI's JSON ends with a newline");
  return r.stdout.slice(0, -1);
}

/** Asserts equal text, showing where two long texts first differ. */
function assertSameText(actual, expected, what) {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  assert.fail(`${what}: differs at ${i} (lengths ${actual?.length} vs ${expected.length}):\n` +
    `page: ${JSON.stringify(actual?.slice(Math.max(0, i - 80), i + 80))}\n` +
    `CLI:  ${JSON.stringify(expected.slice(Math.max(0, i - 80), i + 80))}`);
}

/** Chooses `file` in the page's file input and waits for the report (or an error). */
async function runPage(file, input = "#file") {
  await page.evaluate(() => {
    window.leadgateReport = undefined;
    document.body.dataset.state = "waiting";
  });
  await page.setInputFiles(input, file);
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, {
    timeout: 120_000,
  });
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    json: window.leadgateReport,
    ms: window.leadgateReportMs,
    error: document.getElementById("error").textContent,
  }));
}

/** Loads a model file; the page re-runs the chosen export with it: waits for that run. */
async function loadModel(file) {
  await page.evaluate(() => (document.body.dataset.state = "waiting"));
  await page.setInputFiles("#model-file", file);
  const name = file.split("/").pop();
  await page.waitForFunction((n) => document.getElementById("model-name").textContent === n &&
    ["done", "error"].includes(document.body.dataset.state), name);
}

/** Back to the embedded model; waits for the re-run. */
async function defaultModel() {
  await page.evaluate(() => (document.body.dataset.state = "waiting"));
  await page.click("#model-default");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state));
}

function serve(dir) {
  const srv = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((ok) => srv.listen(0, "127.0.0.1", () => ok(srv)));
}

before(async () => {
  assert.ok(existsSync(CLI), "target/debug/leadgate is missing: run `cargo build --bin leadgate`");
  assert.ok(existsSync(join(WWW, "report/leadgate_report_bg.wasm")), "www/report/ is missing: run scripts/build-report-page");
  mkdirSync(dirname(EXPORT), { recursive: true });
  const out = openSync(EXPORT, "w");
  const gen = spawnSync(CLI, ["generate", "--export", "--count", "50000", "--seed", "7", "--now", AS_OF], {
    stdio: ["ignore", out, "inherit"],
  });
  closeSync(out);
  assert.equal(gen.status, 0, "leadgate generate --export");
  server = await serve(WWW);
  url = `http://127.0.0.1:${server.address().port}/report.html?as_of=${AS_OF}`;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const failures = [];
  page.on("pageerror", (e) => failures.push(e.message));
  page.on("requestfailed", (r) => failures.push(`request failed: ${r.url()}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(`http://127.0.0.1:${server.address().port}/`)) failures.push(`outside request: ${r.url()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state === "ready");
  assert.deepEqual(failures, []);
  assert.equal(await page.inputValue("#as-of"), AS_OF);
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

test("funnel.csv: the page's JSON is the CLI's, and problems are listed with their lines", async () => {
  const file = join(FIXTURES, "funnel.csv");
  const got = await runPage(file);
  assert.equal(got.state, "done", got.error);
  // Text exports need only the page's wasm: the workbook build is not fetched.
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  assert.ok(fetched.some((u) => u.endsWith("/report/leadgate_report_bg.wasm")), fetched.join(" "));
  assert.ok(!fetched.some((u) => u.includes("/report/sheets/")), fetched.join(" "));
  assertSameText(got.json, cliReport(file), "funnel.csv");
  const rows = await page.$$eval("#problems tr", (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)));
  const expected = JSON.parse(got.json).problems.first.map((p) => [String(p.line), p.column ?? "", p.code, p.message]);
  assert.deepEqual(rows, expected);
  // The fixture's unparseable created_at ("ontem") on line 10 and its short record on line 11.
  assert.ok(rows.some((r) => r[0] === "10" && r[2] === "bad_timestamp"));
  assert.ok(rows.some((r) => r[0] === "11" && r[2] === "bad_csv"));
  await page.screenshot({ path: join(root, "artifacts/report-page-funnel.png"), fullPage: true });
});

/** RFC 4180 records of a CSV text (quoted cells may hold the delimiter, quotes, line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else if (c !== "\r") cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

test("the file's bytes are read by the CLI's Rust: Windows-1252 with ';', late non-UTF-8, a workbook", async () => {
  const dir = dirname(EXPORT);
  const gen = spawnSync(CLI, ["generate", "--export", "--count", "400", "--seed", "3", "--now", AS_OF], { encoding: "utf8" });
  assert.equal(gen.status, 0);
  const quote = (v) => (/[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const semi = parseCsv(gen.stdout).map((r) => r.map(quote).join(";")).join("\r\n") + "\r\n";
  // Latin-1 bytes are Windows-1252 here (the export has no character in U+0080–U+009F).
  const files = { "semi-cp1252.csv": Buffer.from(semi, "latin1") };
  let late = "id,created_at,first_name\n";
  while (late.length < 70_000) late += `x${late.length},2026-01-01T00:00:00Z,Ana\n`;
  files["late-cp1252.csv"] = Buffer.from(late + "y,2026-01-02T00:00:00Z,João\n", "latin1");
  for (const [name, bytes] of Object.entries(files)) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const got = await runPage(file);
    assert.equal(got.state, "done", got.error);
    assertSameText(got.json, cliReport(file), name);
    assert.equal(JSON.parse(got.json).input.encoding, "windows-1252", name);
  }
  const book = join(root, "tests/fixtures/ingest/funnel.xlsx");
  const got = await runPage(book);
  assert.equal(got.state, "done", got.error);
  assertSameText(got.json, cliReport(book), "funnel.xlsx");
  assert.equal(JSON.parse(got.json).input.sheet, "Leads");
  // A PDF is named, not read.
  const pdf = join(dir, "not-an-export.pdf");
  writeFileSync(pdf, "%PDF-1.7\n%…");
  const refused = await runPage(pdf);
  assert.equal(refused.state, "error");
  assert.match(refused.error, /a PDF document, not an export.*\[not_an_export\]/);
});

test("funnel.ndjson and a candidate model (tests/fixtures/report/model.json)", async () => {
  const ndjson = join(FIXTURES, "funnel.ndjson");
  const model = join(FIXTURES, "model.json");
  await loadModel(model);
  const got = await runPage(ndjson);
  assert.equal(got.state, "done", got.error);
  assertSameText(got.json, cliReport(ndjson, "--model", model), "funnel.ndjson with model.json");
  await defaultModel();
});

test("a model that does not compile is shown as an error, not a report", async () => {
  await loadModel(join(root, "tests/fixtures/invalid/001-unknown-top-level-key.json"));
  const got = await runPage(join(FIXTURES, "funnel.csv"));
  assert.equal(got.state, "error");
  assert.equal(got.json, undefined);
  assert.match(got.error, /invalid_model/);
  await defaultModel();
});

test("50,000 generated rows: same JSON as the CLI; timed; screenshot", async () => {
  const got = await runPage(EXPORT);
  assert.equal(got.state, "done", got.error);
  assertSameText(got.json, cliReport(EXPORT), "export-50000.csv");
  console.log(`browser: 50,000 rows (${EXPORT.split("/").pop()}) in ${got.ms.toFixed(0)} ms`);
  mkdirSync(join(root, "artifacts"), { recursive: true });
  await page.screenshot({ path: join(root, "artifacts/report-page.png"), fullPage: true });
});

/** What `leadgate tune --json` prints for `file` (without its final newline) and the model it writes. */
function cliTune(file) {
  const out = join(dirname(EXPORT), "tuned-cli.json");
  const r = spawnSync(CLI, ["tune", "--json", "-q", "--now", AS_OF, "-o", out, file], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 0, `leadgate tune exited ${r.status}: ${r.stderr}`);
  assert.ok(r.stdout.endsWith("}\n"), "the CLI's JSON ends with a newline");
  return { summary: r.stdout.slice(0, -1), model: readFileSync(out, "utf8") };
}

/** Clicks "Tune the model" and waits for the tuning (or its error). */
async function runTune() {
  await page.evaluate(() => (document.body.dataset.tune = "waiting"));
  await page.click("#tune-run");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.tune), null, {
    timeout: 300_000,
  });
  return page.evaluate(() => ({
    state: document.body.dataset.tune,
    summary: window.leadgateTune,
    model: window.leadgateTunedModel,
    ms: window.leadgateTuneMs,
    error: document.getElementById("tune-error").textContent,
  }));
}

/** What `leadgate tune` prints as terminal tables for `file` (run in the background). */
function cliTuneTables(file) {
  return new Promise((ok, fail) => {
    const child = spawn(CLI, ["tune", "-q", "--now", AS_OF, "-o", join(dirname(EXPORT), "tuned-cli-tables.json"), file]);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? ok(out) : fail(new Error(`leadgate tune exited ${code}`))));
  });
}

/** The tune tables' figures as the CLI prints them: AUC rows, decile rows, rule rows. */
function tuneFigures(text) {
  const auc = ["AUC (won vs lost)", "AUC (won vs all others)"].map((label) => {
    const m = text.match(new RegExp(`^  ${label.replace(/[()]/g, "\\$&")}\\s+(\\S+)\\s+(\\S+)$`, "m"));
    return [label, m[1], m[2]];
  });
  const lift = text.split("LIFT BY SCORE DECILE")[1].split("STAGES")[0];
  const deciles = [...lift.matchAll(/^  (\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/gm)].map((m) => m.slice(1));
  const rules = text.split("\nRULES")[1].split(/\n(CUT-OFFS|CANDIDATE)/)[0];
  const ruleRows = [...rules.matchAll(/^  (\S+)\s+(\S+)\s+(-?\d+)\s+(-?\d+)\s+(\S+)\s+(\S+)\s+(\S+)$/gm)].map((m) => m.slice(1));
  return { auc, deciles, rules: ruleRows };
}

test("tuning on the page: the CLI's tuned model and summary, byte for byte; the CLI's figures; a download", async () => {
  // The 50,000-row export is the page's file since the test above.
  const tables = cliTuneTables(EXPORT);
  const got = await runTune();
  assert.equal(got.state, "done", got.error);
  const cli = cliTune(EXPORT);
  assertSameText(got.summary, cli.summary, "tune summary");
  assertSameText(got.model, cli.model, "tuned model");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#tune-download")]);
  assert.equal(await readFile(await download.path(), "utf8"), cli.model);
  assert.match(download.suggestedFilename(), /^fluxo-b2b-.*-tuned-2026-11-26\.json$/);
  const rows = await page.$$eval("#tune-out tr", (trs) => trs.length);
  assert.ok(rows > JSON.parse(got.summary).rules.length, "the rules table is drawn");
  console.log(`browser: tuned on 50,000 rows in ${got.ms.toFixed(0)} ms`);
  // Every figure of the tables is the one formatter's (src/report/figures.rs), as `leadgate tune` prints it.
  const printed = tuneFigures(await tables);
  const shown = await page.$$eval("#tune-out table", (ts) => ts.map((t) =>
    [...t.rows].slice(1).map((tr) => [...tr.cells].map((c) => c.textContent.trim()))));
  assert.deepEqual(shown[0].slice(0, 2), printed.auc);
  assert.equal(printed.deciles.length, 10);
  assert.deepEqual(shown[1], printed.deciles);
  const rulesShown = shown[3].map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[6]]).filter((r) => r[0].length <= 25);
  assert.ok(printed.rules.length >= 20, `${printed.rules.length} rules in the CLI's table`);
  assert.deepEqual(rulesShown, printed.rules.filter((r) => r[0].length <= 25));
  assert.ok(printed.rules.some((r) => /^[+-]\d\.\d{3}$/.test(r[4])), "effects are signed, 3 decimals");
  // The tuning's text is all from the message table, in both languages.
  await assertAllFromTable("tuning");
  await page.screenshot({ path: join(root, "artifacts/report-page-tune.png"), fullPage: true });
});

test("tuning a tiny export is refused with the reason and its code", async () => {
  const report = await runPage(join(FIXTURES, "funnel.csv"));
  assert.equal(report.state, "done", report.error);
  const got = await runTune();
  assert.equal(got.state, "error");
  assert.equal(got.model, undefined);
  assert.match(got.error, /\[too_little_data\]/);
  assert.match(got.error, /at least \d+ won/);
});

// ---- Issue 14 leftovers: vendor exports, the Columns step, the workbook build ----
const EXPORTS = join(root, "tests/fixtures/exports");

/** The Columns step as drawn: [field, selected column text, matched by] rows, and the preview. */
function readColumns() {
  return page.evaluate(() => ({
    visible: !document.getElementById("map").hidden,
    read: document.getElementById("map-read").textContent,
    fields: [...document.querySelectorAll("#map-fields tr")].slice(1).map((tr) => [
      tr.querySelector("label").textContent,
      tr.querySelector("select").selectedOptions[0].textContent,
      tr.cells[2].textContent,
    ]),
    caption: document.querySelector("#map-preview caption")?.textContent,
    head: [...document.querySelectorAll("#map-preview thead th")].map((th) => th.textContent),
    rows: [...document.querySelectorAll("#map-preview tbody tr")].map((tr) => [...tr.cells].map((c) => c.textContent)),
  }));
}

test("RD Station's Windows-1252 ';' export and an .xlsx: the CLI's JSON; the Columns step", async () => {
  const loaded = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  const rd = join(EXPORTS, "rdstation.csv");
  const got = await runPage(rd);
  assert.equal(got.state, "done", got.error);
  assertSameText(got.json, cliReport(rd), "rdstation.csv");
  const input = JSON.parse(got.json).input;
  assert.deepEqual([input.encoding, input.delimiter], ["windows-1252", ";"]);
  // The step, read off the fixture's header by hand: RD's preset columns.
  const c = await readColumns();
  assert.ok(c.visible);
  assert.match(c.read, /csv, encoding windows-1252 \(detected\), delimiter ; \(detected\), preset rdstation/);
  const field = (name) => c.fields.find((f) => f[0].startsWith(name));
  assert.deepEqual(field("created_at"), ["created_at (required)", "Data da primeira conversão", "the vendor preset"]);
  assert.deepEqual(field("owner"), ["owner", "Dono do lead", "the vendor preset"]);
  assert.deepEqual(field("first_contact_at"), ["first_contact_at", "(none)", "not found"]);
  assert.equal(c.head[4], "Número de funcionários");
  assert.equal(c.rows.length, 5);
  assert.deepEqual(c.rows[0].slice(0, 2), ["gassuncao@guanabara.com.br", "Gabriela Assunção"]);
  assert.match(c.caption, /^First 5 rows of rdstation\.csv/);
  // Picks: owner → none, team → Empresa; the re-run is the CLI's with that mapping file.
  await page.selectOption("#map-owner", { label: "(none)" });
  await page.selectOption("#map-team", { label: "Empresa" });
  await page.evaluate(() => (document.body.dataset.state = "waiting"));
  await page.click("#map-apply");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state));
  const mapped = await page.evaluate(() => window.leadgateReport);
  const mapFile = join(dirname(EXPORT), "rd-mapping.json");
  writeFileSync(mapFile, JSON.stringify({ owner: null, team: "Empresa" }));
  assertSameText(mapped, cliReport(rd, "--mapping", mapFile), "rdstation.csv with the picked mapping");
  const columns = JSON.parse(mapped).input.columns;
  assert.deepEqual([columns.owner, columns.team], [null, "Empresa"]);
  const after = await readColumns();
  assert.deepEqual(after.fields.find((f) => f[0] === "team"), ["team", "Empresa", "your choice"]);
  assert.deepEqual(after.fields.find((f) => f[0] === "owner"), ["owner", "(none)", "none (your choice)"]);
  // A workbook: the workbook build is loaded, and gives the CLI's JSON.
  const book = join(root, "tests/fixtures/ingest/funnel.xlsx");
  const fromBook = await runPage(book);
  assert.equal(fromBook.state, "done", fromBook.error);
  assertSameText(fromBook.json, cliReport(book), "funnel.xlsx");
  assert.ok((await loaded()).some((u) => u.endsWith("/report/sheets/leadgate_report_bg.wasm")), "the workbook build");
  assert.match((await readColumns()).read, /^Read as: xlsx, sheet Leads/);
});

test("errors point at the page's controls, not at CLI flags", async () => {
  const file = join(dirname(EXPORT), "no-created.csv");
  writeFileSync(file, "email;quando\na@x.io;2026-01-01\n");
  const got = await runPage(file);
  assert.equal(got.state, "error");
  assert.match(got.error, /\[missing_column\]/);
  assert.doesNotMatch(got.error, /--map|--delimiter|--encoding/);
  assert.match(got.error, /the Columns step below/);
  // The step is there to fix it: pick the delimiter, then the column.
  assert.ok((await readColumns()).visible);
  await page.evaluate(() => (document.body.dataset.state = "waiting"));
  await page.selectOption("#map-delimiter", ";");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state));
  const c = await readColumns();
  assert.deepEqual(c.head, ["email", "quando"]);
  await page.selectOption("#map-created_at", { label: "quando" });
  await page.evaluate(() => (document.body.dataset.state = "waiting"));
  await page.click("#map-apply");
  await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state));
  const report = await page.evaluate(() => window.leadgateReport);
  const mapFile = join(dirname(EXPORT), "no-created-mapping.json");
  writeFileSync(mapFile, JSON.stringify({ created_at: "quando" }));
  assertSameText(report, cliReport(file, "--delimiter", ";", "--mapping", mapFile), "no-created.csv mapped");
});

// ---- one formatter: the page's figures are the CLI's (src/report/figures.rs) ----

/** A formatted figure: a count, a percentage, a duration or `—`. */
const FIGURE = /^(—|\d{1,3}(,\d{3})*|\d+\.\d%|\d+(\.\d)?[smhd])$/;

/** The table rows (cell texts) of `leadgate report --html` on `file` that hold a figure, in order. */
function cliHtmlRows(file) {
  const out = join(dirname(EXPORT), "figures-cli.html");
  const r = spawnSync(CLI, ["report", "-q", "--now", AS_OF, "--html", out, file], { encoding: "utf8", maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `leadgate report --html exited ${r.status}: ${r.stderr}`);
  // Its list of problems (line numbers) comes last; the page's is left out too.
  const html = readFileSync(out, "utf8").split("<h2>Problems (")[0];
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((tr) => [...tr[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]*>/g, "").trim()))
    .filter((cells) => cells.some((t) => FIGURE.test(t)));
}

/** The same rows on the page (its list of problems and its charts' data tables, which the CLI's HTML has not, left out). */
const pageRows = () => page.$$eval("#out tr", (trs) => trs.filter((tr) => !tr.closest("#problems, .chart-data"))
  .map((tr) => [...tr.cells].filter((c) => c.tagName === "TD").map((c) => c.textContent.trim())))
  .then((rows) => rows.filter((cells) => cells.some((t) => FIGURE.test(t))));

/** Every row of the page's tables is a row of the CLI's (the CLI's HTML has a few tables more). */
function assertRowsOfCli(pageRowsGot, cliRows, what) {
  const left = cliRows.map((r) => JSON.stringify(r));
  for (const row of pageRowsGot) {
    const i = left.indexOf(JSON.stringify(row));
    assert.ok(i >= 0, `${what}: the page's row ${JSON.stringify(row)} is not in the CLI's HTML`);
    left.splice(i, 1);
  }
}

test("the page and the CLI's --html show the same formatted figures (2.5 min is 2m, 135 min 2.2h on both)", async () => {
  // Hand-made: one MQL contacted after 150 s (September), one after 8,100 s (October).
  const file = join(dirname(EXPORT), "figures.csv");
  writeFileSync(file, "created_at,mql_at,first_contact_at,team,owner\n" +
    "2026-09-01T10:00:00Z,2026-09-01T10:00:00Z,2026-09-01T10:02:30Z,a,ana\n" +
    "2026-10-01T10:00:00Z,2026-10-01T10:00:00Z,2026-10-01T12:15:00Z,a,ana\n");
  const got = await runPage(file);
  assert.equal(got.state, "done", got.error);
  const rows = await pageRows();
  // Columns: key, leads, MQL, SQL, won, 3 conversions, SLA, median contact, p90, model SQL.
  // (the monthly table's rows: goals and SLA-per-team tables have month rows too, with fewer columns)
  assert.deepEqual(rows.filter((r) => /^2026-(09|10)$/.test(r[0]) && r.length >= 11).map((r) => [r[0], r[9], r[10]]),
    [["2026-09", "2m", "2m"], ["2026-10", "2.2h", "2.2h"]]);
  assert.deepEqual(rows, cliHtmlRows(file));
  // (funnel.csv last: choosing the file already chosen fires no change, and the next test reads EXPORT.)
  for (const [f, min] of [[EXPORT, 50], [join(FIXTURES, "funnel.csv"), 10]]) {
    const run = await runPage(f);
    assert.equal(run.state, "done", run.error);
    const got = await pageRows();
    assert.ok(got.length >= min, `${f}: ${got.length} rows with figures`);
    assertRowsOfCli(got, cliHtmlRows(f), f);
  }
});

// ---- plain words (PT-BR / English), text alternatives, accessibility ----

const { messages } = await import(join(root, "www/i18n/messages.js"));

/**
 * In Portuguese, then English: no text on the page outside the message table
 * (tests/browser/editor-text.mjs, as for the editor), no text left in the
 * other language, and every marked text is its message in this language.
 */
async function assertAllFromTable(what) {
  try {
    await allFromTable(what);
  } finally {
    await page.selectOption("#lang", "en");
  }
}

async function allFromTable(what) {
  for (const lang of ["pt", "en"]) {
    await page.selectOption("#lang", lang);
    const found = await textNotFromTable(page);
    assert.deepEqual(found.bad, [], `${what}, ${lang}: text not from the table`);
    assert.equal(found.lang, lang === "pt" ? "pt-BR" : "en");
    const other = lang === "pt" ? "en" : "pt";
    const onlyOther = new Set(Object.keys(messages.en).filter((k) => messages.en[k] !== messages.pt[k]).map((k) => messages[other][k]));
    assert.deepEqual(found.texts.filter((x) => onlyOther.has(x)), [], `${what}, ${lang}: untranslated text`);
    const texts = await page.$$eval("[data-i18n]", (els) => els.map((e) => [e.dataset.i18n, e.dataset.i18nArgs ?? null, e.textContent]));
    for (const [key, args, text] of texts) {
      assert.ok(key in messages[lang], `${lang}: no message ${key}`);
      const want = args ? Object.entries(JSON.parse(args)).reduce((x, [k, v]) => x.replace(`{${k}}`, v), messages[lang][key]) : messages[lang][key];
      assert.equal(text, want, `${what}, ${lang}: ${key}`);
    }
  }
}

test("plain words: glossary and notes from the message table in both languages; thresholds drawn; charts as tables; axe", async (t) => {
  const reportKeys = Object.keys(messages.en).filter((k) => k.startsWith("report_"));
  assert.ok(reportKeys.length >= 200, `${reportKeys.length} report_ keys`);
  for (const k of reportKeys) assert.ok(messages.pt[k] && messages.pt[k] !== "", `pt is missing ${k}`);

  const got = await runPage(EXPORT);
  assert.equal(got.state, "done", got.error);
  const r = JSON.parse(got.json);
  // Every chart is followed by a table with its numbers.
  const charts = await page.$$eval("#out svg:not(.goal)", (s) => s.length);
  const tables = await page.$$eval("#out table.chart-data", (s) => s.length);
  assert.ok(charts >= 4 && tables === charts, `${charts} charts, ${tables} data tables`);
  const funnelRows = await page.$$eval("#out table.chart-data", (ts) => [...ts[0].rows].slice(1).map((tr) => tr.cells[1].textContent));
  assert.deepEqual(funnelRows, [r.overall.leads, r.overall.mql, r.overall.sql, r.overall.won].map((n) => n.toLocaleString("en-US")));
  // The suggested thresholds are dashed lines inside their score bin.
  const d = r.score_distribution;
  const sugs = r.backtest.suggestions.filter((g) => g.score_at_least != null);
  assert.ok(sugs.length > 0, "the 50,000-row export has suggestions");
  const marks = await page.$$eval("#out svg", (ss) => {
    const svg = ss.find((s) => s.querySelector("line.mark"));
    return [...svg.querySelectorAll("line.mark")].map((l) => Number(l.getAttribute("x1")))
      .map((x, i) => ({ x, label: svg.querySelectorAll("text.mk")[i].textContent }));
  });
  const slot = (760 - 48 - 10) / d.bins.length;
  assert.deepEqual(marks.map((m) => m.label), sugs.map((g) => `${g.stage} ≥ ${g.score_at_least}`));
  sugs.forEach((g, i) => {
    const bin = d.bins.findIndex((b) => b.from <= g.score_at_least && g.score_at_least < b.from + d.bin_width);
    assert.ok(bin >= 0, `bin of ${g.score_at_least}`);
    assert.ok(marks[i].x >= 48 + slot * bin - 0.1 && marks[i].x <= 48 + slot * (bin + 1) + 0.1, `${marks[i].label} at x ${marks[i].x}`);
  });
  // Months still maturing, from the report's `maturity` (src/report/maturity.rs): the 50,000-row
  // export's last months by creation (its wins take weeks), said under the chart and the table.
  assert.ok(r.maturity.won_within_days > 0 && r.maturity.months.length >= 1, JSON.stringify(r.maturity));
  const last = r.by_month.map((m) => m.key).slice(-r.maturity.months.length);
  assert.deepEqual(r.maturity.months, last, "the maturing months are the latest ones");
  const months = r.maturity.months.join(", ");
  // The CLI's --html says the same, in the same words (the English table's text).
  const cliHtml = join(dirname(EXPORT), "maturing-cli.html");
  assert.equal(spawnSync(CLI, ["report", "-q", "--now", AS_OF, "--html", cliHtml, EXPORT]).status, 0);
  const cliNotes = [...readFileSync(cliHtml, "utf8").matchAll(/<p class="note maturing">([^<]*)<\/p>/g)]
    .map((m) => m[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
  assert.equal(cliNotes.length, 2);
  await assertAllFromTable("report of export-50000.csv");

  await page.addScriptTag({ path: join(root, "node_modules/axe-core/axe.min.js") });
  for (const lang of ["pt", "en"]) {
    await page.selectOption("#lang", lang);
    const texts = await page.$$eval("[data-i18n]", (els) => els.map((e) => [e.dataset.i18n, e.dataset.i18nArgs ?? null, e.textContent]));
    for (const [key, args, text] of texts) {
      const want = args ? Object.entries(JSON.parse(args)).reduce((s, [k, v]) => s.replace(`{${k}}`, v), messages[lang][key]) : messages[lang][key];
      assert.equal(text, want, `${lang}: ${key}`);
    }
    const keys = new Set(texts.map(([k]) => k));
    for (const k of ["report_glossary", "report_def_f1", "report_def_p90", "report_def_median", "report_def_rfc3339",
      "report_funnel_note", "report_maturing", "report_marks_note"]) assert.ok(keys.has(k), `${lang}: ${k} shown`);
    const notes = texts.filter(([k]) => k === "report_maturing").map(([, , x]) => x);
    assert.equal(notes.length, 2, "under the months' chart and their table");
    for (const n of notes) assert.ok(n.includes(months) && n.includes(` ${r.maturity.won_within_days} `), n);
    if (lang === "en") assert.deepEqual(notes, cliNotes);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang === "pt" ? "pt-BR" : "en");
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations", "incomplete"] }));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(bad, [], `${lang}: axe serious/critical violations`);
    const other = result.violations.map((v) => `${v.id} (${v.impact})`);
    t.diagnostic(`${lang}: axe other violations: ${other.join(", ") || "none"}; contrast to review: ` +
      `${result.incomplete.filter((v) => v.id === "color-contrast").flatMap((v) => v.nodes).length}`);
  }
  assert.equal(await page.$$eval("main", (m) => m.length), 1);
  await page.screenshot({ path: join(root, "artifacts/report-page-plain.png"), fullPage: true });
});

// ---- goals on the page (issue 18): the report's `goals` per goal and per period ----

/** tests/goals.rs' export and goals (its rows are counted by hand there), as of its NOW in -03:00. */
const GOALS_NOW = "2026-11-20T12:00:00Z";
const GOALS_EXPORT = `created_at,mql_at,sql_at,first_contact_at,won_at,team
2026-10-05T12:00:00Z,2026-10-05T12:00:00Z,2026-10-06T12:00:00Z,2026-10-06T12:30:00Z,2026-10-20T12:00:00Z,latam-sdr
2026-10-10T12:00:00Z,2026-10-10T12:00:00Z,2026-10-11T12:00:00Z,2026-10-11T14:00:00Z,,latam-sdr
2026-11-01T01:00:00Z,2026-11-01T01:00:00Z,,,,global-sdr
2026-11-03T12:00:00Z,2026-11-03T12:00:00Z,2026-11-04T12:00:00Z,2026-11-04T12:20:00Z,2026-11-15T12:00:00Z,latam-sdr
2026-11-05T12:00:00Z,2026-11-05T12:00:00Z,2026-11-06T12:00:00Z,2026-11-06T12:40:00Z,,latam-sdr
2026-09-15T12:00:00Z,2026-09-15T12:00:00Z,2026-09-16T12:00:00Z,2026-09-16T12:10:00Z,2026-10-02T12:00:00Z,global-sdr
`;
const GOALS = [
  { id: "sql_volume", kpi: "sql", at_least: 3, per: "month", owner: "marketing" },
  { id: "mql_to_sql", kpi: "mql_to_sql", at_least: 0.5, owner: "shared" },
  { id: "sla_sql", kpi: "sla_adherence", stage: "SQL", team: "latam-sdr", at_least: 0.9, owner: "sales" },
  { id: "first_contact", kpi: "first_contact_median_minutes", at_most: 60, owner: "Ana Souza" },
  { id: "won_q", kpi: "won", at_least: 4, per: "quarter", owner: "sales" },
  { id: "revenue", kpi: "won_value", at_least: 250000, per: "quarter", owner: "sales" },
];

/** The goals' tables of `leadgate report --html`: caption → rows of cell texts. */
function cliGoalTables(file, flags) {
  const out = join(dirname(EXPORT), "goals-cli.html");
  const r = spawnSync(CLI, ["report", "-q", ...flags, "--html", out, file], { encoding: "utf8" });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const unescape = (x) => x.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  const html = readFileSync(out, "utf8");
  return Object.fromEntries([...html.matchAll(/<table><caption>([^<]*)<\/caption>([\s\S]*?)<\/table>/g)].map((m) => [unescape(m[1]),
    [...m[2].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) => [...tr[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => unescape(c[1])))
      .filter((cells) => cells.length)]));
}

/** The page's goals as drawn: caption → rows of cell texts, plus each goal's target line and owner. */
const pageGoals = () => page.$$eval("#out section.goal", (ss) => ss.map((s) => ({
  id: s.dataset.goal,
  caption: s.querySelector("table.goal-table caption").textContent,
  rows: [...s.querySelectorAll("table.goal-table tr")].slice(1).map((tr) => [...tr.cells].map((c) => c.textContent)),
  target: s.querySelector("svg line.target") ? s.querySelector("svg text.v:last-of-type")?.textContent : null,
  owner: s.querySelector("h3 .owner").textContent,
  line: s.querySelector(".goal-line").textContent,
})));

test("goals on the page: target, actual, status, gap, owner and trend per period — the CLI's figures, in English and Portuguese", async () => {
  const dir = dirname(EXPORT);
  const exp = join(dir, "goals-export.csv");
  writeFileSync(exp, GOALS_EXPORT);
  const doc = JSON.parse(readFileSync(join(root, "models/default.json"), "utf8"));
  doc.goals = GOALS;
  doc.kpi_owners = { sql_to_won: "Marcelo Castro", mql: "sales" };
  const model = join(dir, "goals-model.json");
  writeFileSync(model, JSON.stringify(doc));
  const flags = ["--now", GOALS_NOW, "--timezone", "-03:00", "--model", model];
  await page.selectOption("#lang", "en");
  await page.evaluate((now) => {
    document.getElementById("as-of").value = now;
    document.getElementById("timezone").value = "-03:00";
  }, GOALS_NOW);
  await loadModel(model);
  const got = await runPage(exp);
  assert.equal(got.state, "done", got.error);
  // The same JSON as `leadgate report --json` for this export and model.
  const cli = spawnSync(CLI, ["report", "--json", "-q", ...flags, exp], { encoding: "utf8" });
  assertSameText(got.json, cli.stdout.slice(0, -1), "goals-export.csv with goals");
  const r = JSON.parse(got.json);
  assert.deepEqual(r.goals.items.map((g) => g.id), GOALS.map((g) => g.id));

  // English: every goal's table is the CLI's --html table, cell for cell.
  const cliTables = cliGoalTables(exp, flags);
  const en = await pageGoals();
  assert.equal(en.length, GOALS.length);
  for (const g of en) assert.deepEqual(g.rows, cliTables[g.caption], `${g.id}: the CLI's table "${g.caption}"`);
  // Known answers (counted by hand in tests/goals.rs): SQLs per month against at least 3, November in progress.
  assert.deepEqual(en[0].rows, [
    ["2026-09", "1", "—", "3", "missed", "-2"],
    ["2026-10", "2", "—", "3", "missed", "-1"],
    ["2026-11", "2", "3.1", "3", "in progress", "+0.1"],
  ]);
  assert.deepEqual(en[3].rows.map((x) => [x[0], x[1], x[4], x[5]]), [["2026-09", "10", "met", "-50"], ["2026-10", "30", "met", "-30"], ["2026-11", "20", "in progress", "-40"]]);
  assert.deepEqual(en[4].rows.map((x) => [x[0], x[1], x[2], x[4]]), [["2026-Q3", "0", "—", "missed"], ["2026-Q4", "3", "5.5", "in progress"]]);
  // Each figure is the JSON's number, as text.
  for (const [i, g] of r.goals.items.entries()) {
    g.periods.forEach((p, k) => {
      const row = en[i].rows[k];
      assert.equal(row[0], p.period);
      for (const [cell, v] of [[row[1], p.actual], [row[2], p.projected], [row[3], g.target]]) {
        assert.equal(cell === "—" ? null : Number(cell), v, `${g.id} ${p.period}`);
      }
    });
  }
  // Owners and trend; the target as a line on each measured goal's chart; the money goal not measured (no value column).
  assert.deepEqual(en.map((g) => g.owner), ["owner: marketing", "owner: shared", "owner: sales", "owner: Ana Souza", "owner: sales", "owner: sales"]);
  assert.match(en[0].line, /^sql at least 3 per month · now: in progress · trend: improving$/);
  assert.deepEqual(en.map((g) => g.target), ["target 3", "target 0.5", "target 0.9", "target 60", "target 4", null]);
  assert.equal(r.goals.items[5].not_measured != null, true);
  const projected = await page.$$eval("#out section.goal svg rect.projected", (x) => x.length);
  assert.equal(projected, r.goals.items.filter((g) => !g.not_measured && g.periods.some((p) => !p.complete && p.projected != null)).length);

  // Portuguese: the same figures; the words from the table.
  await page.selectOption("#lang", "pt");
  const pt = await pageGoals();
  const status = Object.fromEntries(["met", "missed", "in_progress", "not_measured"].map((k) => [messages.en[`report_status_${k}`], messages.pt[`report_status_${k}`]]));
  for (const [i, g] of pt.entries()) {
    assert.deepEqual(g.rows, en[i].rows.map((x) => [x[0], x[1], x[2], x[3], status[x[4]], x[5]]), `${g.id} in Portuguese`);
  }
  assert.deepEqual(pt.map((g) => g.owner), ["responsável: marketing", "responsável: compartilhado", "responsável: vendas",
    "responsável: Ana Souza", "responsável: vendas", "responsável: vendas"]);
  assert.match(pt[0].line, /^sql pelo menos 3 por mês · agora: em andamento · tendência: melhorando$/);
  assert.equal(pt[0].target, "meta 3");
  await assertAllFromTable("goals");
  await page.screenshot({ path: join(root, "artifacts/report-page-goals.png"), fullPage: true });

  await page.evaluate((asOf) => {
    document.getElementById("as-of").value = asOf;
    document.getElementById("timezone").value = "";
  }, AS_OF);
  await defaultModel();
});
