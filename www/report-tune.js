// The report page's "Tune the model": the same Rust as `leadgate tune`
// (src/wasm/tune.rs, in the report wasm), its three passes each fed the
// whole dropped file's bytes in slices (read as the report reads them); the summary drawn as tables, the tuned model
// offered for download. The summary's JSON text (the bytes of `leadgate
// tune --json`) is `window.leadgateTune`, the model's
// `window.leadgateTunedModel`; `body[data-tune]` is running/done/error.
// Every word from the message table (report_tune_* keys), every figure from
// the report wasm's `format_figure` (src/report/figures.rs, as `leadgate
// tune` prints them): nothing is formatted here.
import { txt, L } from "./report-charts.js";
import { tx } from "./i18n/i18n.js";

let $, state, group, percent, figure, seconds, options, failure;

/** Wires the section to the page's state and helpers; returns `reset(file)` for a new file or model, `redraw()` after a language switch. */
export function setUpTuning(page) {
  ({ $, state, group, percent, figure, seconds, options, failure } = page);
  $("tune-run").addEventListener("click", () => tune().catch((e) => {
    showTuneError(String(e?.stack ?? e));
    document.body.dataset.tune = "error";
  }));
  return { reset, redraw };
}

/** Draws the last tuning again (a language switch). */
function redraw() {
  if (!window.leadgateTune) return;
  $("tune-out").innerHTML = renderTune(JSON.parse(window.leadgateTune));
  link();
}

/** Points the download link at the tuned model. */
function link() {
  const s = JSON.parse(window.leadgateTune);
  const a = $("tune-download");
  a.href = URL.createObjectURL(new Blob([window.leadgateTunedModel], { type: "application/json" }));
  a.download = `${s.model.id}-${s.model.version}.json`;
}

/** A new file or model: the last tuning no longer applies. */
function reset(file) {
  state.tunes++;
  $("tune-out").innerHTML = "";
  showTuneError("");
  window.leadgateTune = window.leadgateTunedModel = undefined;
  delete document.body.dataset.tune;
  $("tune-run").disabled = false;
  tx($("tune-status"), "report_tune_ready", { name: file.name });
}

function tuneOptions() {
  const o = { ...JSON.parse(options()), ...state.extra };
  delete o.sql_capacity;
  o.holdout = Number($("holdout").value || 0.2);
  o.seed = Number($("seed").value || 1);
  return JSON.stringify(o);
}

function showTuneError(text) {
  const e = $("tune-error");
  e.textContent = text;
  e.hidden = !text;
}

async function tune() {
  const file = state.file;
  if (!file) return;
  const id = ++state.tunes;
  document.body.dataset.tune = "running";
  showTuneError("");
  $("tune-out").innerHTML = "";
  window.leadgateTune = window.leadgateTunedModel = undefined;
  const started = performance.now();
  // The wasm the report used (the workbook build for a workbook).
  const run = new state.engine.TuneRun(state.model, file.name, tuneOptions());
  try {
    let error = run.error();
    while (!error && run.pass() > 0) {
      const pass = run.pass();
      // The file's bytes, read by the same Rust as the report (encoding, delimiter, workbook).
      const reader = file.stream().getReader();
      let read = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (id !== state.tunes) return reader.cancel();
        read += value.length;
        error = run.pushBytes(value);
        if (error) {
          await reader.cancel();
          break;
        }
        const pct = Math.min(100, Math.round((read / Math.max(file.size, 1)) * 100));
        tx($("tune-status"), `report_tune_pass_${pass}`, { pct });
      }
      if (!error) error = run.end_pass();
    }
    if (error) {
      showTuneError(`${file.name}: ${failure(error)}`);
      tx($("tune-status"), "report_tune_not");
      document.body.dataset.tune = "error";
      return;
    }
    const summary = run.summary(), model = run.model();
    window.leadgateTune = summary;
    window.leadgateTunedModel = model;
    window.leadgateTuneMs = performance.now() - started;
    $("tune-out").innerHTML = renderTune(JSON.parse(summary));
    link();
    tx($("tune-status"), "report_tune_done", { name: file.name, secs: seconds(window.leadgateTuneMs) });
    document.body.dataset.tune = "done";
  } finally {
    run.free();
  }
}

const fixed = (d) => figure(`fixed${d}`);
const cells = (list) => list.map((c) => `<td>${txt(c)}</td>`).join("");
const heads = (keys) => `<tr>${keys.map((k) => `<th scope="col">${k ? txt(L(k)) : ""}</th>`).join("")}</tr>`;
const h3 = (key, args) => txt(L(key, args), "h3");
const caption = (key) => `<caption>${txt(L(key))}</caption>`;

function renderTune(t) {
  const h = t.held_out, m = t.method, tr = t.split.training;
  let s = txt(L("report_tune_meta", {
    model: t.model.id, before: t.model.version_before, version: t.model.version, hash: t.model.hash,
    leads: group(tr.leads), won: group(m.won), not_won: group(m.not_won), held_out: group(t.split.held_out.leads),
    share: percent(t.split.holdout), seed: group(t.split.seed), rules: group(m.fitted_rules),
    lambda: figure("significant")(m.lambda), folds: group(m.folds),
  }), "p", ' class="meta"');
  s += `<p>${txt(L("report_tune_download", { model: t.model.id, version: t.model.version }), "a",
    ' id="tune-download" class="download" href="#"')}</p>`;
  s += h3("report_tune_check", { n: group(h.leads), won: group(h.won), lost: group(h.lost) }) +
    "<table>" + heads(["", "report_before", "report_after"]) +
    [[L("report_tune_auc_lost"), fixed(3)(h.before.auc), fixed(3)(h.after.auc)],
      [L("report_tune_auc_all"), fixed(3)(h.before.auc_all), fixed(3)(h.after.auc_all)],
      ...["sql", "mql"].flatMap((k) => [
        [L("report_tune_stage_leads", { stage: k.toUpperCase() }), group(h.before[k].predicted), group(h.after[k].predicted)],
        [L("report_tune_stage_precision", { stage: k.toUpperCase() }), percent(h.before[k].precision), percent(h.after[k].precision)],
        [L("report_tune_stage_recall", { stage: k.toUpperCase() }), percent(h.before[k].recall), percent(h.after[k].recall)],
      ])].map((r) => `<tr>${cells(r)}</tr>`).join("") + "</table>";
  const dec = (list, d) => list.find((x) => x.decile === d);
  s += "<table>" + caption("report_tune_deciles") +
    heads(["report_decile", "report_tune_before_scores", "report_conversion", "report_lift",
      "report_tune_after_scores", "report_conversion", "report_lift"]) +
    [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((d) => {
      const side = (x) => (x ? [`${x.score_from}..${x.score_to}`, percent(x.conversion), fixed(2)(x.lift)] : ["—", "—", "—"]);
      return `<tr>${cells([String(d), ...side(dec(h.before.deciles, d)), ...side(dec(h.after.deciles, d))])}</tr>`;
    }).join("") + "</table>";
  s += "<table>" + caption("report_tune_stages") +
    heads(["report_stage", "report_before", "report_after", "report_moved_up", "report_moved_down"]) +
    h.stages.map((c) => `<tr>${cells([c.stage, group(c.before), group(c.after), group(c.moved_up), group(c.moved_down)])}</tr>`).join("") + "</table>";
  s += h3("report_tune_rules") + "<table>" + heads(["report_rule", "report_group", "report_points_before", "report_after",
    "report_log_odds", "report_z", "report_fired", "report_note"]) + t.rules.map((r) =>
    `<tr>${cells([r.id, r.group, String(r.points_before), String(r.points), figure("signed3")(r.coefficient),
      fixed(1)(r.z), percent(r.fired)])}<td class="text">${txt(r.note ?? "")}</td></tr>`).join("") + "</table>";
  s += h3("report_tune_cutoffs") + "<table>" + heads(["report_where", "report_before", "report_after", "report_how"]) +
    t.cutoffs.map((c) => `<tr>${cells([c.path, String(c.before), String(c.after)])}<td class="text">${txt(c.how)}</td></tr>`)
      .join("") + "</table>";
  s += h3("report_tune_candidates") + (t.candidates.length
    ? "<table>" + heads(["report_column_value", "report_leads", "report_won", "report_rest", "report_lift", "report_z", "report_points_hint"]) +
      t.candidates.map((c) => `<tr>${cells([c.value == null ? L("report_column_blank", { field: c.field }) : `${c.field} = ${c.value}`,
        group(c.leads), percent(c.won_rate), percent(c.rest_rate), fixed(2)(c.lift), fixed(1)(c.z), String(c.points_hint)])}</tr>`).join("") +
      "</table>"
    : txt(L("report_tune_no_candidates"), "p", ' class="note"'));
  if (t.notes.length) s += h3("report_tune_notes") + "<ul>" + t.notes.map((n) => txt(n, "li")).join("") + "</ul>";
  return s;
}
