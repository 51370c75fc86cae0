// "What changes": a dropped CRM export is read by the report page's wasm
// (www/report/leadgate_report.js, built by scripts/build-report-page; the
// same Rust as `leadgate report --json`), once with the model as it was
// loaded or imported and once with the edits, and the backtest figures are
// shown side by side. How many leads change stage, and from which stage to
// which, is counted lead by lead by the same wasm (`stage_changes`:
// src/report/changes.rs scores every row under both models). Figures are
// shown as the Rust gives them (no formatting in JS: DESIGN, "People").
// "Tune" (tune.js) runs `leadgate tune`'s passes on the same file.
import { tx, applyAll, hasKey } from "../i18n/i18n.js";
import { el, text } from "./widgets.js";
import { setupTune } from "./tune.js";

const engines = {};
/**
 * The report wasm, loaded on first use (the editor works without it): its
 * text build, or with `sheets` its workbook build (www/report/sheets/),
 * which the core asks for with `needs_workbook_reader`, as on the report page.
 */
export async function loadEngine(sheets = false) {
  const key = sheets ? "sheets" : "text";
  if (!engines[key]) {
    engines[key] = import(sheets ? "/report/sheets/leadgate_report.js" : "/report/leadgate_report.js").then(async (m) => {
      await m.default();
      return m;
    });
    engines[key].catch(() => (engines[key] = undefined));
  }
  return engines[key];
}

const raw = (tag, v, cls) => {
  const e = el(tag, { class: cls, "data-raw": "" });
  e.textContent = v === null || v === undefined ? "—" : String(v);
  return e;
};

/** The rows of the comparison: [message key, args, before, after, show the change]. */
function rows(before, after) {
  const b = before.overall;
  const a = after.overall;
  const bt = (r, stage) => r.backtest?.stages?.find((s) => s.stage === stage)?.both;
  const sv = (r, k) => r.backtest?.model_sql_vs_won?.[k];
  const count = (k) => [`whatif_m_${k}`, undefined, b[k], a[k], true];
  return [
    count("leads"), count("model_mql"), count("model_sql"),
    ["whatif_m_sql_agree", undefined, bt(before, "SQL"), bt(after, "SQL"), true],
    ["whatif_m_mql_agree", undefined, bt(before, "MQL"), bt(after, "MQL"), true],
    ["whatif_m_sql_won", undefined, sv(before, "true_positives"), sv(after, "true_positives"), true],
    ["whatif_m_precision", undefined, sv(before, "precision"), sv(after, "precision"), false],
    ["whatif_m_recall", undefined, sv(before, "recall"), sv(after, "recall"), false],
    ["whatif_m_f1", undefined, sv(before, "f1"), sv(after, "f1"), false],
  ];
}

function table(before, after, changes) {
  const head = el("tr", {}, text("th", "whatif_metric", undefined, { scope: "col" }), text("th", "whatif_before", undefined, { scope: "col", class: "num" }),
    text("th", "whatif_after", undefined, { scope: "col", class: "num" }), text("th", "whatif_change", undefined, { scope: "col", class: "num" }));
  const body = rows(before, after).map(([key, args, x, y, diff]) => {
    const change = diff && Number.isInteger(x) && Number.isInteger(y) ? (y - x > 0 ? `+${y - x}` : String(y - x)) : "";
    return el("tr", {}, text("th", key, args, { scope: "row" }), raw("td", x, "num"), raw("td", y, "num"), raw("td", change, "num"));
  });
  body.push(el("tr", { class: "moved" }, text("th", "whatif_moved", undefined, { scope: "row" }), raw("td", "", "num"), raw("td", changes.changed, "num"), raw("td", "", "num")));
  return el("div", { class: "table-wrap" }, el("table", { id: "whatif-table" }, text("caption", "whatif_caption"), el("thead", {}, head), el("tbody", {}, ...body)));
}

/**
 * Leads per (stage as loaded → stage with the changes), exactly as
 * `stage_changes` counted them: a row per stage of the loaded model, a
 * column per stage of the edited one; the diagonal is the leads that stay.
 */
function matrix(changes) {
  const count = (from, to) => changes.moves.find((m) => m.from === from && m.to === to)?.leads ?? 0;
  const head = el("tr", {}, text("th", "whatif_from_to", undefined, { scope: "col" }), ...changes.stages_after.map((s) => {
    const th = raw("th", s, "num");
    th.setAttribute("scope", "col");
    return th;
  }));
  const body = changes.stages_before.map((from) => {
    const th = raw("th", from);
    th.setAttribute("scope", "row");
    return el("tr", {}, th, ...changes.stages_after.map((to) => raw("td", count(from, to), from === to ? "num same" : "num")));
  });
  const wrap = el("div", { class: "table-wrap" }, el("table", { id: "whatif-matrix" }, text("caption", "whatif_matrix_caption"), el("thead", {}, head), el("tbody", {}, ...body)));
  if (changes.only_before || changes.only_after) {
    wrap.append(text("p", "whatif_only", { before: changes.only_before, after: changes.only_after }, { class: "help" }));
  }
  return wrap;
}

/** Paths of the `score_at_least` leaves of a condition, outside `not` (raising one there would mean the opposite). */
export function cutOffs(c, path, out = []) {
  if (c === null || typeof c !== "object") return out;
  if (Array.isArray(c)) {
    c.forEach((x, i) => cutOffs(x, `${path}[${i}]`, out));
    return out;
  }
  if (typeof c.score_at_least === "number") out.push(`${path}.score_at_least`);
  for (const k of ["all", "any"]) if (k in c) cutOffs(c[k], `${path}.${k}`, out);
  return out;
}

/**
 * The report's suggested thresholds, each with "Apply" when its stage's
 * condition has exactly one `score_at_least` to change (DESIGN: apply
 * changes existing numeric cut-offs only); otherwise the suggestion is
 * written, and the change is the user's to make.
 */
function suggestions(report, model, apply) {
  const list = report.backtest?.suggestions ?? [];
  if (!list.length) return null;
  const stages = Array.isArray(model.stages) ? model.stages : [];
  const names = report.backtest?.stage_names ?? {};
  const items = list.map((sg) => {
    const i = stages.findIndex((st) => st?.stage === sg.stage || st?.stage === names[String(sg.stage).toLowerCase()]);
    const paths = i < 0 ? [] : cutOffs(stages[i].if, `stages[${i}].if`);
    const args = { stage: sg.stage, score: sg.score_at_least, precision: sg.precision, recall: sg.recall, f1: sg.f1, k_objective: hasKey(`objective_${sg.objective}`) ? `objective_${sg.objective}` : "objective_other" };
    const li = el("li", {}, text("span", "suggestion", args));
    if (paths.length === 1) {
      const b = el("button", { type: "button", class: "btn small", onclick: () => apply(paths[0], sg.score_at_least) });
      tx(b, "apply");
      b.setAttribute("data-i18n-aria-label", `apply_what ${JSON.stringify(args)}`);
      b.setAttribute("aria-label", "");
      li.append(" ", b);
    } else li.append(" ", text("span", paths.length ? "suggestion_many" : "suggestion_none", args, { class: "help" }));
    return li;
  });
  return el("section", { class: "suggestions", "aria-labelledby": "sg-h" }, text("h2", "suggestions_title", undefined, { id: "sg-h" }), el("ul", {}, ...items));
}

/**
 * Wires the "What changes" tab: `model()` is the model being edited,
 * `baseline()` the one loaded or imported, `valid()` whether it compiles.
 */
export function setupWhatIf({ model, baseline, valid, apply, replace }) {
  const file = document.getElementById("whatif-file");
  const asOf = document.getElementById("whatif-asof");
  const status = document.getElementById("whatif-status");
  const out = document.getElementById("whatif-out");
  const done = (state) => (document.body.dataset.whatif = state);
  let usedAsOf;
  // Whether the last file read needed the workbook build (tune uses the same).
  let workbook = false;
  async function run() {
    const f = file.files?.[0];
    if (!f) return;
    out.replaceChildren();
    if (!valid()) {
      tx(status, "whatif_needs_valid");
      return done("error");
    }
    tx(status, "whatif_running");
    done("running");
    let m;
    try {
      m = await loadEngine();
    } catch {
      tx(status, "whatif_unavailable");
      return done("error");
    }
    const bytes = new Uint8Array(await f.arrayBuffer());
    // The moment the export is judged at is an input; empty means now (read here, never in the core).
    usedAsOf = asOf.value;
    const options = JSON.stringify({ as_of: asOf.value.trim() || new Date().toISOString() });
    const [was, now] = [JSON.stringify(baseline()), JSON.stringify(model())];
    let before = JSON.parse(m.report_bytes(was, bytes, f.name, options));
    if (before.error?.code === "needs_workbook_reader") {
      try {
        m = await loadEngine(true);
      } catch {
        tx(status, "whatif_unavailable");
        return done("error");
      }
      before = JSON.parse(m.report_bytes(was, bytes, f.name, options));
    }
    workbook = m !== (await loadEngine());
    const after = JSON.parse(m.report_bytes(now, bytes, f.name, options));
    const changes = JSON.parse(m.stage_changes(was, now, bytes, f.name, options));
    const failed = before.error ?? after.error ?? changes.error;
    if (failed) {
      tx(status, "whatif_error");
      out.append(raw("p", failed.message, "json-error"));
      return done("error");
    }
    tx(status, "whatif_done", { rows: after.overall.leads });
    out.append(table(before, after, changes), matrix(changes));
    const sg = suggestions(after, model(), async (path, value) => {
      apply(path, value);
      await run();
      tx(status, "applied", { value });
    });
    if (sg) out.append(sg);
    applyAll(out);
    window.leadgateWhatIf = { before, after, changes };
    done("done");
  }
  file.addEventListener("change", run);
  // After edits in the form: the same file, compared again.
  document.getElementById("whatif-rerun").addEventListener("click", run);
  setupTune({
    file: () => file.files?.[0],
    asOf: () => asOf.value.trim() || new Date().toISOString(),
    model,
    replace,
    loadEngine: () => loadEngine(workbook),
    after: run,
  });
  // Only a new date re-runs: the change event also fires when the field
  // loses focus to an "Apply" button, and a re-run would replace the button
  // under the click.
  asOf.addEventListener("change", () => asOf.value !== usedAsOf && run());
  return { rerun: run };
}
