// The report page: reads a dropped CRM export in slices (File.stream()), feeds
// them to the report wasm (src/wasm/report.rs, built into www/report/ by
// scripts/build-report-page) and draws the report's JSON — the bytes of
// `leadgate report --json` — as the CLI's HTML report does (src/cli/report/
// html.rs, chart.rs). Nothing leaves the tab. The last report's JSON text is
// `window.leadgateReport`; `body[data-state]` is loading/ready/running/done/error.
// "Tune the model" runs `leadgate tune`'s passes on the same file (below);
// the "Columns" step shows and changes the column mapping (report-map.js).
// The wasm reads text exports; a workbook makes the page load the workbook
// build (www/report/sheets/, the same Rust with calamine) and read it again.
import init, * as base from "./report/leadgate_report.js";
import { setUpTuning } from "./report-tune.js";
import { setUpMapping, pageText } from "./report-map.js";
import { esc, hbars, vbars, funnel, maxOf } from "./report-charts.js";
import { setUpWords, note, translate } from "./report-words.js";

const $ = (id) => document.getElementById(id);
const state = { model: "", modelName: "default model", file: null, runs: 0, tunes: 0, mapping: {}, workbook: false,
  engine: base, extra: {} };
let tuning = { reset() {} };
let mapper = { reset() {}, read: () => ({}), async show() {} };
let sheets;

/** The workbook build, loaded the first time a workbook is dropped. */
async function sheetsEngine() {
  if (!sheets) {
    $("status").textContent = "Loading the workbook reader…";
    const m = await import("./report/sheets/leadgate_report.js");
    await m.default();
    sheets = m;
  }
  return sheets;
}

// ---- formatting: every figure is formatted by the report wasm's
// `format_figure` (src/report/figures.rs), the CLI's own formatter; the charts
// (report-charts.js) and the plain-words notes (report-words.js) get it too ----
const figure = (kind) => (x) => base.format_figure(kind, x == null ? NaN : Number(x));
const group = figure("group");
const percent = figure("percent");
const duration = figure("duration");

// ---- sections (same order and content as the CLI's --html) ----
function render(r, name) {
  const badge = (id) => `<span class="owner">owner: ${esc(r.kpis.find((k) => k.id === id)?.owner ?? "")}</span>`;
  const o = r.overall;
  let s = `<h2>Report: ${esc(name)}</h2><p class="meta">Model <code>${esc(r.model.id)} ${esc(r.model.version)}</code> ` +
    `(${esc(r.model.hash)}) · as of ${esc(r.as_of)} · timezone ${esc(r.timezone)} · ${group(r.input.rows)} rows ` +
    `(${esc(describeInput(r.input))}), ${group(r.input.used)} used, ${group(r.input.skipped)} skipped, ` +
    `${group(r.problems.total)} problems</p>`;
  s += problems(r);
  s += `<h2>Funnel${badge("lead_to_mql")}</h2>` + funnel([
    ["leads", o.leads, ""],
    ["MQL", o.mql, `lead → MQL ${percent(o.lead_to_mql)} (marketing)`],
    ["SQL", o.sql, `MQL → SQL ${percent(o.mql_to_sql)} (shared)`],
    ["won", o.won, `SQL → won ${percent(o.sql_to_won)} (sales)`],
  ], group) + note("report_funnel_note");
  if (r.by_month.length) {
    const pick = (k) => r.by_month.map((m) => m[k]);
    const series = [
      { name: "lead → MQL", color: "#59a14f", values: pick("lead_to_mql") },
      { name: "MQL → SQL", color: "#f28e2b", values: pick("mql_to_sql") },
      { name: "SQL → won", color: "#e15759", values: pick("sql_to_won") },
    ];
    s += `<h2>Conversion by month${badge("mql_to_sql")}</h2>` +
      vbars("Conversion by month of creation", r.by_month.map((m) => m.key), series, maxOf(series), percent, [], "month") +
      note("report_months_note", { months: r.by_month.slice(-2).map((m) => m.key).join(", ") });
  }
  s += sla(r, badge) + scores(r, badge) + backtest(r, badge);
  const byLeads = (rows) => [...rows].sort((a, b) => b.leads - a.leads || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const m = r.sla.measured !== false;
  s += groupTable("By month of creation", r.by_month, m) + groupTable("By team", byLeads(r.by_team), m) +
    groupTable("By owner", byLeads(r.by_owner), m) + groupTable("By source (utm_source)", byLeads(r.by_source), m) +
    groupTable("By persona (re-scored)", byLeads(r.by_persona), m) + groupTable("By grade (re-scored)", r.by_grade, m);
  s += "<h2>KPIs and owners</h2><table><tr><th>KPI</th><th>owner</th><th>definition</th></tr>" +
    r.kpis.map((k) => `<tr><td>${esc(k.label)}</td><td>${esc(k.owner)}</td><td class="text">${esc(k.definition)}</td></tr>`).join("") +
    "</table>";
  return s;
}

function problems(r) {
  const p = r.problems;
  if (p.total === 0) return "";
  const codes = Object.entries(p.by_code).map(([c, n]) => `${esc(c)} ${group(n)}`).join(", ");
  const rows = p.first.map((x) => `<tr><td>${x.line}</td><td>${esc(x.column ?? "")}</td><td>${esc(x.code)}</td>` +
    `<td class="text">${esc(x.message)}</td></tr>`).join("");
  const more = p.not_listed > 0 ? `<p class="note">… and ${group(p.not_listed)} more not listed.</p>` : "";
  return `<section class="problems" id="problems" aria-labelledby="problems-title"><h2 id="problems-title">` +
    `Problems (${group(p.total)})</h2><p class="note">${codes}. Rows with a problem in <code>created_at</code> or ` +
    `broken CSV were skipped; other problems only ignored that field. Line 1 is the file's first line.</p>` +
    `<div class="scroll"><table><tr><th>line</th><th>column</th><th>code</th><th>message</th></tr>${rows}</table></div>${more}</section>`;
}

const STAGE_HEAD = "<th>within</th><th>hand-offs</th><th>contacted</th><th>median</th><th>p90</th>" +
  "<th>met</th><th>late</th><th>never</th><th>open</th><th>adherence</th>";
const stageCells = (st) => [esc(st.respond_within ?? "—"), group(st.handoffs), group(st.contacted),
  duration(st.median_minutes), duration(st.p90_minutes), group(st.met), group(st.late), group(st.never),
  group(st.open), percent(st.adherence)].map((c) => `<td>${c}</td>`).join("");

function sla(r, badge) {
  let s = `<h2>SLA: time to first contact${badge("sla_adherence")}</h2>`;
  if (r.sla.measured === false) {
    return s + '<p class="note"><strong>Not measured</strong>: the export has no first-contact column ' +
      "(map <code>first_contact_at</code>), so SLA adherence is unknown, not 0%.</p>";
  }
  const bars = r.sla.by_team.filter((t) => t.due > 0)
    .map((t) => ({ label: t.team, value: t.adherence ?? 0, text: `${percent(t.adherence)} of ${group(t.due)}` }));
  if (bars.length) s += hbars("SLA adherence by team", bars, 1, "#4e79a7", ["team", "adherence of leads due"]);
  s += `<table><tr><th>hand-off stage</th>${STAGE_HEAD}</tr>` + r.sla.stages.filter((st) => st.handoffs > 0)
    .map((st) => `<tr><td>${esc(st.stage)}</td>${stageCells(st)}</tr>`).join("") + "</table>";
  s += `<table><tr><th>team · stage</th>${STAGE_HEAD}</tr>` + r.sla.by_team.flatMap((t) =>
    t.stages.filter((st) => st.handoffs > 0).map((st) => `<tr><td>${esc(t.team)} · ${esc(st.stage)}</td>${stageCells(st)}</tr>`))
    .join("") + "</table>";
  return s;
}

function scores(r, badge) {
  const d = r.score_distribution;
  if (!d.bins.length) return "";
  const won = d.bins.reduce((a, b) => a + b.won, 0), lost = d.bins.reduce((a, b) => a + b.lost, 0);
  const share = (n, of) => (of > 0 ? n / of : null);
  // The suggested thresholds as dashed lines at their place among the bins.
  const marks = r.backtest.suggestions.filter((g) => g.score_at_least != null).map((g) => {
    const i = d.bins.findIndex((b) => g.score_at_least < b.from + d.bin_width);
    const at = i < 0 ? d.bins.length : i + Math.max(0, (g.score_at_least - d.bins[i].from) / d.bin_width);
    return { at, label: `${g.stage} ≥ ${g.score_at_least}` };
  });
  const series = [
    { name: `won (${group(won)})`, color: "#59a14f", values: d.bins.map((b) => share(b.won, won)) },
    { name: `lost (${group(lost)})`, color: "#bab0ac", values: d.bins.map((b) => share(b.lost, lost)) },
  ];
  return `<h2>Score of won vs lost leads${badge("score_distribution")}</h2><p class="note">Share of each group ` +
    `per ${d.bin_width}-point bin of the score re-computed as of each lead's creation.</p>` +
    vbars("Score histogram: won vs lost", d.bins.map((b) => String(b.from)), series, maxOf(series), percent, marks, "score from") +
    (marks.length ? note("report_marks_note", { marks: marks.map((m) => m.label).join(", ") }) : note("report_marks_none"));
}

function backtest(r, badge) {
  const b = r.backtest;
  const series = [{ name: "conversion to won", color: "#4e79a7", values: b.deciles.map((d) => d.conversion) }];
  let s = `<h2>Backtest of the model${badge("model_sql")}</h2>` +
    vbars("Conversion by score decile (10 = highest)", b.deciles.map((d) => String(d.decile)), series,
      maxOf(series), percent, [], "decile");
  s += "<table><tr><th>stage</th><th>model</th><th>CRM</th><th>both</th></tr>" + b.stages.map((st) =>
    `<tr><td>${esc(st.stage)}</td><td>${group(st.model)}</td><td>${group(st.crm)}</td><td>${group(st.both)}</td></tr>`).join("") +
    "</table><table><tr><th>SQL as a prediction of won</th><th>SQLs</th><th>precision</th><th>recall</th><th>F1</th></tr>" +
    [["model", b.model_sql_vs_won], ["CRM", b.crm_sql_vs_won]].map(([label, p]) => `<tr><td>${label}</td>` +
      `<td>${group(p.predicted)}</td><td>${percent(p.precision)}</td><td>${percent(p.recall)}</td><td>${percent(p.f1)}</td></tr>`).join("") +
    "</table>";
  s += `<h2>Suggested thresholds${badge("suggestions")}</h2>` + b.suggestions.map((g) => {
    const head = g.score_at_least == null ? `${g.stage}: no threshold` : `${g.stage} at score ≥ ${g.score_at_least}`;
    return `<div class="sug"><b>${esc(head)}</b> (${esc(g.objective.replace(/_/g, " "))})<br>${esc(g.explanation)}</div>`;
  }).join("");
  return s;
}

function groupTable(title, rows, measured = true) {
  if (!rows.length) return "";
  return `<h2>${esc(title)}</h2><table><tr><th scope="col">group</th><th>leads</th><th>MQL</th><th>SQL</th><th>won</th>` +
    "<th>lead→MQL</th><th>MQL→SQL</th><th>SQL→won</th><th>SLA</th><th>median contact</th><th>p90</th><th>model SQL</th></tr>" +
    rows.map((g) => `<tr><td>${esc(g.key)}</td>` + [group(g.leads), group(g.mql), group(g.sql), group(g.won),
      percent(g.lead_to_mql), percent(g.mql_to_sql), percent(g.sql_to_won), measured ? percent(g.sla_adherence) : "not measured",
      duration(g.first_contact_median_minutes), duration(g.first_contact_p90_minutes), group(g.model_sql)]
      .map((c) => `<td>${c}</td>`).join("") + "</tr>").join("") + "</table>";
}

// ---- running a report ----
/** How the export was read: format, encoding, delimiter, sheet (as the report's `input` says). */
function describeInput(input) {
  return [
    input.format,
    input.encoding,
    input.delimiter && `delimiter ${input.delimiter}`,
    input.sheet && `sheet ${input.sheet}`,
  ].filter(Boolean).join(", ");
}

function options() {
  const o = { as_of: $("as-of").value.trim(), ...mapper.read() };
  const tz = $("timezone").value.trim();
  if (tz) o.timezone = tz;
  const cap = $("capacity").value.trim();
  if (cap) o.sql_capacity = Number(cap);
  return JSON.stringify(o);
}

function showError(text) {
  const e = $("error");
  e.textContent = text;
  e.hidden = !text;
}

function failure(json) {
  const { error } = JSON.parse(json);
  const list = (error.problems ?? []).map((p) => `\n  ${p.path ?? ""}: ${p.message} [${p.code}]`).join("");
  return `${pageText(error.message)} [${error.code}]${list}`;
}

async function run() {
  const file = state.file;
  if (!file) return;
  const id = ++state.runs;
  document.body.dataset.state = "running";
  showError("");
  $("status").textContent = `Reading ${file.name}…`;
  const started = performance.now();
  // The file's bytes go to the same Rust as `leadgate report`: it decides the
  // format (CSV, NDJSON, a workbook), the encoding and the delimiter.
  let engine = state.workbook ? await sheetsEngine() : base;
  state.extra = {};
  let text = await readReport(file, id, state.extra, engine);
  if (text?.startsWith('{"error":{"code":"needs_workbook_reader"')) {
    state.workbook = true;
    engine = await sheetsEngine();
    if (id !== state.runs) return;
    text = await readReport(file, id, state.extra, engine);
  }
  // UTF-8 for its first 64 KiB only: read again knowing it is not UTF-8 (as
  // the CLI, which checks a whole file first, would read it).
  if (text?.startsWith('{"error":{"code":"not_utf8_later"')) {
    state.extra = { utf8: false };
    text = await readReport(file, id, state.extra, engine);
  }
  if (text === undefined) return;
  state.engine = engine;
  await mapper.show(file, engine, JSON.stringify({ ...JSON.parse(options()), ...state.extra }));
  if (id !== state.runs) return;
  const ms = performance.now() - started;
  if (text.startsWith('{"error"')) {
    window.leadgateReport = undefined;
    showError(`${file.name}: ${failure(text)}`);
    $("status").textContent = "No report.";
    $("out").innerHTML = "";
    document.body.dataset.state = "error";
    return;
  }
  window.leadgateReport = text;
  window.leadgateReportMs = ms;
  const r = JSON.parse(text);
  $("out").innerHTML = render(r, file.name);
  translate($("out"));
  $("status").textContent = `${file.name}: ${group(r.input.rows)} rows in ${(ms / 1000).toFixed(2)} s` +
    (r.problems.total ? ` · ${group(r.problems.total)} problems (listed below)` : " · no problems");
  document.body.dataset.state = "done";
}

/** Streams the file's bytes into a report; its JSON (or error JSON), or undefined if superseded. */
async function readReport(file, id, extra, engine) {
  const report = new engine.ReportRun(state.model, file.name, JSON.stringify({ ...JSON.parse(options()), ...extra }));
  try {
    let error = report.error();
    let read = 0;
    const reader = file.stream().getReader();
    while (!error) {
      const { done, value } = await reader.read();
      if (done || id !== state.runs) break;
      read += value.length;
      error = report.pushBytes(value);
      $("status").textContent = `Reading ${file.name}… ${Math.min(100, Math.round((read / Math.max(file.size, 1)) * 100))}%`;
    }
    if (id !== state.runs) {
      await reader.cancel();
      return undefined;
    }
    if (error) await reader.cancel();
    return error || report.finish();
  } finally {
    report.free();
  }
}

function pick(file) {
  state.file = file;
  state.workbook = false;
  mapper.reset();
  tuning.reset(file);
  run().catch((e) => {
    showError(String(e?.stack ?? e));
    document.body.dataset.state = "error";
  });
}

/** Runs the report again on the same file (a new mapping, encoding or delimiter). */
function rerunReport() {
  tuning.reset(state.file);
  run().catch((e) => {
    showError(String(e?.stack ?? e));
    document.body.dataset.state = "error";
  });
}

async function main() {
  await init();
  state.model = base.default_model_json();
  const asOf = new URLSearchParams(location.search).get("as_of");
  $("as-of").value = asOf ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const drop = $("drop");
  $("file").addEventListener("change", (e) => e.target.files[0] && pick(e.target.files[0]));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) pick(e.dataTransfer.files[0]);
  });
  $("model-file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    state.model = await f.text();
    state.modelName = f.name;
    $("model-name").textContent = f.name;
    if (state.file) pick(state.file);
  });
  $("model-default").addEventListener("click", () => {
    state.model = base.default_model_json();
    $("model-name").textContent = state.modelName = "default model";
    $("model-file").value = "";
    if (state.file) pick(state.file);
  });
  for (const id of ["as-of", "timezone", "capacity"]) $(id).addEventListener("change", () => state.file && pick(state.file));
  setUpWords($);
  tuning = setUpTuning({ $, state, esc, group, percent, options, failure });
  mapper = setUpMapping({ $, state, esc, rerun: () => state.file && rerunReport() });
  $("status").textContent = "Ready: drop an export, or choose one.";
  document.body.dataset.state = "ready";
}

main().catch((e) => {
  showError(`The report engine did not load: ${e?.message ?? e}`);
  document.body.dataset.state = "error";
});
