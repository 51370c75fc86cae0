// "Tune on this export" in the editor's What changes tab: `leadgate tune`'s
// three passes (src/tune/, `TuneRun` of the report page's wasm: the same
// Rust, the same model and summary as the CLI's, byte for byte) run on the
// dropped export with the model being edited. The changes it proposes are
// listed — rule points (and a per-event rule's cap), numeric cut-offs — with
// the notes the Rust writes for what it does not change (DESIGN, "tune and
// apply suggestions": other stage logic gets a written suggestion). "Apply"
// replaces the model with the tuned document tune wrote, which is the
// edited model with exactly those numbers and its version changed; "Undo"
// puts back the model as it was before the click.
//
// In the browser, not from a file the CLI wrote: the report page already
// tunes 50,000 rows in about 2.5 s (docs/cli.md, "Performance"), and the
// tune is of the model being edited, which the CLI does not have.
import { tx, applyAll } from "../i18n/i18n.js";
import { el, text, button } from "./widgets.js";

const raw = (tag, v, cls) => {
  const e = el(tag, { class: cls, "data-raw": "" });
  e.textContent = v === null || v === undefined ? "—" : String(v);
  return e;
};

/** A table with a caption key, head keys and rows of raw cells. */
function table(id, captionKey, headKeys, rows) {
  const head = el("tr", {}, ...headKeys.map((k, i) => text("th", k, undefined, { scope: "col", class: i === 0 ? undefined : "num" })));
  const body = rows.map((cells) => el("tr", {}, ...cells.map((c, i) => {
    const cell = raw(i === 0 ? "th" : "td", c, i === 0 ? undefined : "num");
    if (i === 0) cell.setAttribute("scope", "row");
    return cell;
  })));
  return el("div", { class: "table-wrap" }, el("table", { id }, text("caption", captionKey), el("thead", {}, head), el("tbody", {}, ...body)));
}

/** What the summary proposes: rules whose points or cap change, cut-offs that move. */
export function proposed(summary) {
  const rules = summary.rules.filter((r) => r.points !== r.points_before || (r.max ?? null) !== (r.max_before ?? null));
  const cutoffs = summary.cutoffs.filter((c) => c.after !== c.before);
  return { rules, cutoffs };
}

/**
 * Wires the tune box: `file()` the dropped export, `asOf()` the moment it
 * is judged at, `model()` the model being edited, `replace(model)` puts a
 * model in the editor, `loadEngine()` the report wasm, `after()` re-runs
 * the comparison.
 */
export function setupTune({ file, asOf, model, replace, loadEngine, after }) {
  const run = document.getElementById("tune-run");
  const status = document.getElementById("tune-status");
  const out = document.getElementById("tune-out");
  const done = (state) => (document.body.dataset.tune = state);
  let undo = null;

  async function tune() {
    const f = file();
    if (!f) {
      tx(status, "tune_needs_file");
      return done("error");
    }
    out.replaceChildren();
    tx(status, "tune_running");
    done("running");
    let m;
    try {
      m = await loadEngine();
    } catch {
      tx(status, "whatif_unavailable");
      return done("error");
    }
    const source = JSON.stringify(model());
    const bytes = new Uint8Array(await f.arrayBuffer());
    const tuning = new m.TuneRun(source, f.name, JSON.stringify({ as_of: asOf() }));
    let error, summary, tuned;
    try {
      error = tuning.error();
      // Each pass reads the whole file, as `leadgate tune` reads it three times.
      while (!error && tuning.pass() > 0) error = tuning.pushBytes(bytes) || tuning.end_pass();
      if (!error) [summary, tuned] = [tuning.summary(), tuning.model()];
    } finally {
      tuning.free();
    }
    if (error) {
      tx(status, "tune_error");
      out.append(raw("p", JSON.parse(error).error.message, "json-error"));
      return done("error");
    }
    show(JSON.parse(summary), tuned, source);
  }

  function show(s, tuned, source) {
    const { rules, cutoffs } = proposed(s);
    out.replaceChildren();
    const parts = [text("p", "tune_done", { rules: rules.length, cutoffs: cutoffs.length, leads: s.split.training.leads, version: s.model.version })];
    if (rules.length) {
      parts.push(table("tune-rules", "tune_rules_caption", ["tune_rule", "tune_before", "tune_after"],
        rules.map((r) => [r.id, r.max_before === undefined ? r.points_before : `${r.points_before} (max ${r.max_before})`, r.max === undefined ? r.points : `${r.points} (max ${r.max})`])));
    }
    if (cutoffs.length) {
      parts.push(table("tune-cutoffs", "tune_cutoffs_caption", ["tune_where", "tune_before", "tune_after"], cutoffs.map((c) => [c.path, c.before, c.after])));
    }
    if (s.notes.length) {
      const notes = el("ul", { class: "notes" }, ...s.notes.map((n) => {
        const li = raw("li", n);
        li.lang = "en";
        return li;
      }));
      parts.push(el("section", { "aria-labelledby": "tune-notes-h" }, text("h3", "tune_notes", undefined, { id: "tune-notes-h" }), notes));
    }
    const apply = button("tune_apply", () => {
      if (JSON.stringify(model()) !== source) {
        tx(status, "tune_stale");
        return;
      }
      undo = JSON.parse(source);
      replace(JSON.parse(tuned));
      tx(status, "tune_applied", { version: s.model.version });
      undoButton.hidden = false;
      undoButton.focus();
      done("applied");
      after();
    });
    apply.id = "tune-apply";
    const undoButton = button("tune_undo", () => {
      if (!undo) return;
      replace(undo);
      undo = null;
      undoButton.hidden = true;
      tx(status, "tune_undone");
      apply.focus();
      done("undone");
      after();
    }, { cls: "btn ghost" });
    undoButton.id = "tune-undo";
    undoButton.hidden = true;
    parts.push(el("div", { class: "toolbar" }, apply, undoButton));
    out.append(...parts);
    applyAll(out);
    tx(status, "tune_ready");
    window.leadgateTuned = { summary: s, model: tuned };
    done("done");
  }

  run.addEventListener("click", () => tune().catch((e) => {
    tx(status, "tune_error");
    out.replaceChildren(raw("p", String(e?.message ?? e), "json-error"));
    done("error");
  }));
}
