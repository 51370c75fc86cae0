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
import { esc, hbars, vbars, funnel, maxOf, L, say, txt, mark } from "./report-charts.js";
import { setUpWords, note, translate } from "./report-words.js";
import { goals } from "./report-goals.js";
import { tx } from "./i18n/i18n.js";

const $ = (id) => document.getElementById(id);
const state = { model: "", modelName: "default model", file: null, runs: 0, tunes: 0, mapping: {}, workbook: false,
  engine: base, extra: {} };
let tuning = { reset() {} };
let mapper = { reset() {}, read: () => ({}), async show() {} };
let sheets;

/** The workbook build, loaded the first time a workbook is dropped. */
async function sheetsEngine() {
  if (!sheets) {
    tx($("status"), "report_status_workbook");
    const m = await import("./report/sheets/leadgate_report.js");
    await m.default();
    sheets = m;
  }
  return sheets;
}

// ---- formatting: every figure is formatted by the report wasm's
// `format_figure` (src/report/figures.rs), the CLI's own formatter; the charts
// (report-charts.js), the plain-words notes (report-words.js) and the tuning
// (report-tune.js) get it too ----
const figure = (kind) => (x) => base.format_figure(kind, x == null ? NaN : Number(x));
const group = figure("group");
const percent = figure("percent");
const duration = figure("duration");
const goalFig = figure("goal");
const gapFig = figure("gap");
/** Seconds with 2 decimals (how long a run took). */
const seconds = (ms) => base.format_figure("fixed2", ms / 1000);

// ---- sections (same order and content as the CLI's --html); every word is
// a label from the message table (L), every datum marked raw (report-charts.js) ----
const OWNERS = ["marketing", "sales", "shared"];
/** An owner: the table's word for marketing / sales / shared, a named person as written. */
const who = (o) => txt(OWNERS.includes(o) ? L(`report_who_${o}`) : o ?? "");
const h2 = (key, args, extra = "") => `<h2>${txt(L(key, args))}${extra}</h2>`;
const th = (key) => `<th scope="col">${txt(L(key))}</th>`;
const td = (x, cls = "") => `<td${cls ? ` class="${cls}"` : ""}>${txt(x)}</td>`;
const row = (cells) => `<tr>${cells.map((c) => td(c)).join("")}</tr>`;
const heads = (keys) => `<tr>${keys.map(th).join("")}</tr>`;

function render(r, name) {
  const badge = (id) => `<span class="owner">${txt(L("report_owner"))} ${who(r.kpis.find((k) => k.id === id)?.owner)}</span>`;
  const o = r.overall;
  let s = h2("report_title", { name }) + txt(L("report_meta", {
    model: `${r.model.id} ${r.model.version}`, hash: r.model.hash, as_of: r.as_of, timezone: r.timezone,
    rows: group(r.input.rows), input: describeInput(r.input), used: group(r.input.used),
    skipped: group(r.input.skipped), problems: group(r.problems.total),
  }), "p", ' class="meta"');
  s += problems(r);
  s += h2("report_funnel", null, badge("lead_to_mql")) + funnel([
    [L("report_leads"), o.leads, ""],
    ["MQL", o.mql, L("report_step_note", { step: "lead → MQL", share: percent(o.lead_to_mql), who: say(L("report_who_marketing")) })],
    ["SQL", o.sql, L("report_step_note", { step: "MQL → SQL", share: percent(o.mql_to_sql), who: say(L("report_who_shared")) })],
    [L("report_won"), o.won, L("report_step_note", { step: `SQL → ${say(L("report_won"))}`, share: percent(o.sql_to_won), who: say(L("report_who_sales")) })],
  ], group) + note("report_funnel_note");
  if (r.by_month.length) {
    const pick = (k) => r.by_month.map((m) => m[k]);
    const series = [
      { name: "lead → MQL", color: "#59a14f", values: pick("lead_to_mql") },
      { name: "MQL → SQL", color: "#f28e2b", values: pick("mql_to_sql") },
      { name: L("report_sql_to_won"), color: "#e15759", values: pick("sql_to_won") },
    ];
    s += h2("report_by_month_chart", null, badge("mql_to_sql")) +
      vbars(L("report_by_month_chart_title"), r.by_month.map((m) => m.key), series, maxOf(series), percent, [], L("report_month")) +
      maturing(r);
  }
  s += goals(r, { who, goalFig, gapFig }) + sla(r, badge) + scores(r, badge) + backtest(r, badge);
  const byLeads = (rows) => [...rows].sort((a, b) => b.leads - a.leads || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const m = r.sla.measured !== false;
  s += groupTable("report_by_month", r.by_month, m) + (r.by_month.length ? maturing(r) : "") +
    groupTable("report_by_team", byLeads(r.by_team), m) + groupTable("report_by_owner", byLeads(r.by_owner), m) +
    groupTable("report_by_source", byLeads(r.by_source), m) + groupTable("report_by_persona", byLeads(r.by_persona), m) +
    groupTable("report_by_grade", r.by_grade, m);
  s += h2("report_kpis") + "<table>" + heads(["report_kpi", "report_owner_col", "report_definition"]) +
    r.kpis.map((k) => `<tr>${td(k.label)}<td>${who(k.owner)}</td>${td(k.definition, "text")}</tr>`).join("") + "</table>";
  return s;
}

/** The note on months still maturing (the report's `maturity`, src/report/maturity.rs). */
function maturing(r) {
  const m = r.maturity;
  if (!m || !m.months.length) return "";
  const months = m.months.join(", ");
  return m.won_within_days == null ? note("report_maturing_open", { months }, "maturing")
    : note("report_maturing", { months, days: group(m.won_within_days) }, "maturing");
}

function problems(r) {
  const p = r.problems;
  if (p.total === 0) return "";
  const codes = Object.entries(p.by_code).map(([c, n]) => `${c} ${group(n)}`).join(", ");
  const rows = p.first.map((x) => row([String(x.line), x.column ?? "", x.code, x.message])).join("");
  const more = p.not_listed > 0 ? note("report_problems_more", { n: group(p.not_listed) }) : "";
  return `<section class="problems" id="problems" aria-labelledby="problems-title"><h2 id="problems-title"${mark(L("report_problems", { n: group(p.total) }))}>` +
    `${esc(say(L("report_problems", { n: group(p.total) })))}</h2><p class="note">${txt(`${codes}.`)} ${txt(L("report_problems_note"))}</p>` +
    `<div class="scroll"><table>${heads(["report_line", "report_column", "report_code", "report_message"])}${rows}</table></div>${more}</section>`;
}

const STAGE_HEAD = ["report_within", "report_handoffs", "report_contacted", "report_median", "report_p90",
  "report_met", "report_late", "report_never", "report_open", "report_adherence"];
const stageCells = (st) => [st.respond_within ?? "—", group(st.handoffs), group(st.contacted),
  duration(st.median_minutes), duration(st.p90_minutes), group(st.met), group(st.late), group(st.never),
  group(st.open), percent(st.adherence)].map((c) => td(c)).join("");

function sla(r, badge) {
  let s = h2("report_sla", null, badge("sla_adherence"));
  if (r.sla.measured === false) return s + note("report_sla_not_measured");
  const bars = r.sla.by_team.filter((t) => t.due > 0)
    .map((t) => ({ label: t.team, value: t.adherence ?? 0, text: L("report_of", { share: percent(t.adherence), n: group(t.due) }) }));
  if (bars.length) s += hbars(L("report_sla_by_team"), bars, 1, "#4e79a7", [L("report_team"), L("report_adherence_due")]);
  s += "<table>" + heads(["report_handoff_stage", ...STAGE_HEAD]) + r.sla.stages.filter((st) => st.handoffs > 0)
    .map((st) => `<tr>${td(st.stage)}${stageCells(st)}</tr>`).join("") + "</table>";
  s += "<table>" + heads(["report_team_stage", ...STAGE_HEAD]) + r.sla.by_team.flatMap((t) =>
    t.stages.filter((st) => st.handoffs > 0).map((st) => `<tr>${td(`${t.team} · ${st.stage}`)}${stageCells(st)}</tr>`))
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
    { name: L("report_won_n", { n: group(won) }), color: "#59a14f", values: d.bins.map((b) => share(b.won, won)) },
    { name: L("report_lost_n", { n: group(lost) }), color: "#bab0ac", values: d.bins.map((b) => share(b.lost, lost)) },
  ];
  return h2("report_scores", null, badge("score_distribution")) + note("report_scores_note", { width: group(d.bin_width) }) +
    vbars(L("report_scores_chart"), d.bins.map((b) => String(b.from)), series, maxOf(series), percent, marks, L("report_score_from")) +
    (marks.length ? note("report_marks_note", { marks: marks.map((m) => m.label).join(", ") }) : note("report_marks_none"));
}

function backtest(r, badge) {
  const b = r.backtest;
  const series = [{ name: L("report_conversion_to_won"), color: "#4e79a7", values: b.deciles.map((d) => d.conversion) }];
  let s = h2("report_backtest", null, badge("model_sql")) +
    vbars(L("report_deciles_chart"), b.deciles.map((d) => String(d.decile)), series, maxOf(series), percent, [], L("report_decile"));
  s += "<table>" + heads(["report_stage", "report_model_col", "report_crm", "report_both"]) + b.stages.map((st) =>
    row([st.stage, group(st.model), group(st.crm), group(st.both)])).join("") + "</table><table>" +
    heads(["report_sql_prediction", "report_sqls", "report_precision", "report_recall", "report_f1"]) +
    [[L("report_model_col"), b.model_sql_vs_won], [L("report_crm"), b.crm_sql_vs_won]].map(([label, p]) =>
      row([label, group(p.predicted), percent(p.precision), percent(p.recall), percent(p.f1)])).join("") + "</table>";
  s += h2("report_suggestions", null, badge("suggestions")) + b.suggestions.map((g) => {
    const head = g.score_at_least == null ? L("report_sug_none", { stage: g.stage })
      : L("report_sug_at", { stage: g.stage, score: group(g.score_at_least) });
    const objective = ["best_f1", "capacity", "recall"].includes(g.objective) ? L(`report_objective_${g.objective}`) : g.objective;
    return `<div class="sug">${txt(head, "b")} <span data-raw>(${txt(objective)})</span><br>${txt(g.explanation)}</div>`;
  }).join("");
  return s;
}

function groupTable(title, rows, measured = true) {
  if (!rows.length) return "";
  return h2(title) + "<table>" + heads(["report_group", "report_leads", "report_mql", "report_sql",
    "report_won", "report_lead_to_mql", "report_mql_to_sql", "report_sql_to_won", "report_sla_col", "report_median_contact",
    "report_p90", "report_model_sql"]) +
    rows.map((g) => row([g.key, group(g.leads), group(g.mql), group(g.sql), group(g.won),
      percent(g.lead_to_mql), percent(g.mql_to_sql), percent(g.sql_to_won), measured ? percent(g.sla_adherence) : L("report_not_measured"),
      duration(g.first_contact_median_minutes), duration(g.first_contact_p90_minutes), group(g.model_sql)])).join("") + "</table>";
}

// ---- running a report ----
/** How the export was read: format, encoding, delimiter, sheet (as the report's `input` says). */
function describeInput(input) {
  return [
    input.format,
    input.encoding,
    input.delimiter && say(L("report_delimiter_is", { d: input.delimiter })),
    input.sheet && say(L("report_sheet_is", { sheet: input.sheet })),
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
  tx($("status"), "report_status_reading", { name: file.name });
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
    tx($("status"), "report_status_none");
    $("out").innerHTML = "";
    document.body.dataset.state = "error";
    return;
  }
  window.leadgateReport = text;
  window.leadgateReportMs = ms;
  const r = JSON.parse(text);
  state.name = file.name;
  $("out").innerHTML = render(r, file.name);
  translate($("out"));
  const done = { name: file.name, rows: group(r.input.rows), secs: seconds(ms), n: group(r.problems.total) };
  tx($("status"), r.problems.total ? "report_status_done_problems" : "report_status_done", done);
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
      tx($("status"), "report_status_reading_pct", { name: file.name, pct: Math.min(100, Math.round((read / Math.max(file.size, 1)) * 100)) });
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

/** After a language switch: the report, the Columns step and the tuning drawn again in it. */
function redraw() {
  if (window.leadgateReport && state.name) {
    $("out").innerHTML = render(JSON.parse(window.leadgateReport), state.name);
  }
  mapper.redraw?.();
  tuning.redraw?.();
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
    delete $("model-name").dataset.i18n;
    $("model-name").dataset.raw = "";
    if (state.file) pick(state.file);
  });
  $("model-default").addEventListener("click", () => {
    state.model = base.default_model_json();
    state.modelName = "default model";
    delete $("model-name").dataset.raw;
    tx($("model-name"), "report_default_model");
    $("model-file").value = "";
    if (state.file) pick(state.file);
  });
  for (const id of ["as-of", "timezone", "capacity"]) $(id).addEventListener("change", () => state.file && pick(state.file));
  setUpWords($, redraw);
  tuning = setUpTuning({ $, state, group, percent, figure, seconds, options, failure });
  mapper = setUpMapping({ $, state, esc, rerun: () => state.file && rerunReport() });
  tx($("status"), "report_status_ready");
  document.body.dataset.state = "ready";
}

main().catch((e) => {
  showError(`${say(L("report_engine_failed"))} ${e?.message ?? e}`);
  document.body.dataset.state = "error";
});
