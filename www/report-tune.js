// The report page's "Tune the model": the same Rust as `leadgate tune`
// (src/wasm/tune.rs, in the report wasm), its three passes each fed the
// whole dropped file's bytes in slices (read as the report reads them); the summary drawn as tables, the tuned model
// offered for download. The summary's JSON text (the bytes of `leadgate
// tune --json`) is `window.leadgateTune`, the model's
// `window.leadgateTunedModel`; `body[data-tune]` is running/done/error.
const PASS_NAMES = ["", "fit", "thresholds", "held-out check"];
let $, state, esc, group, percent, options, failure;

/** Wires the section to the page's state and helpers; returns `reset(file)` for a new file or model. */
export function setUpTuning(page) {
  ({ $, state, esc, group, percent, options, failure } = page);
  $("tune-run").addEventListener("click", () => tune().catch((e) => {
    showTuneError(String(e?.stack ?? e));
    document.body.dataset.tune = "error";
  }));
  return { reset };
}

/** A new file or model: the last tuning no longer applies. */
function reset(file) {
  state.tunes++;
  $("tune-out").innerHTML = "";
  showTuneError("");
  window.leadgateTune = window.leadgateTunedModel = undefined;
  delete document.body.dataset.tune;
  $("tune-run").disabled = false;
  $("tune-status").textContent = `Ready to tune on ${file.name}.`;
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
        $("tune-status").textContent = `Tuning: pass ${pass} of 3 (${PASS_NAMES[pass]})… ${pct}%`;
      }
      if (!error) error = run.end_pass();
    }
    if (error) {
      showTuneError(`${file.name}: ${failure(error)}`);
      $("tune-status").textContent = "Not tuned.";
      document.body.dataset.tune = "error";
      return;
    }
    const summary = run.summary(), model = run.model();
    window.leadgateTune = summary;
    window.leadgateTunedModel = model;
    window.leadgateTuneMs = performance.now() - started;
    const s = JSON.parse(summary);
    $("tune-out").innerHTML = renderTune(s);
    const link = $("tune-download");
    link.href = URL.createObjectURL(new Blob([model], { type: "application/json" }));
    link.download = `${s.model.id}-${s.model.version}.json`;
    $("tune-status").textContent = `Tuned on ${file.name} in ${(window.leadgateTuneMs / 1000).toFixed(2)} s.`;
    document.body.dataset.tune = "done";
  } finally {
    run.free();
  }
}

const num = (x, d = 3) => (x == null ? "—" : Number(x).toFixed(d));
const cells = (list) => list.map((c) => `<td>${c}</td>`).join("");

function renderTune(t) {
  const h = t.held_out, m = t.method, tr = t.split.training;
  let s = `<p class="meta">Model <code>${esc(t.model.id)} ${esc(t.model.version_before)}</code> → ` +
    `<code>${esc(t.model.version)}</code> (${esc(t.model.hash)}) · training ${group(tr.leads)} leads ` +
    `(${group(m.won)} won vs ${group(m.not_won)} not won) · held out ${group(t.split.held_out.leads)} ` +
    `(${percent(t.split.holdout)}, seed ${t.split.seed}) · L2 logistic regression on ${m.fitted_rules} rules, ` +
    `λ ${m.lambda} by ${m.folds}-fold cross-validation</p>`;
  s += `<p><a id="tune-download" class="download" href="#">Download the tuned model ` +
    `(${esc(t.model.id)} ${esc(t.model.version)})</a></p>`;
  s += `<h3>Held-out check (${group(h.leads)} leads, ${group(h.won)} won, ${group(h.lost)} lost)</h3>` +
    "<table><tr><th></th><th>before</th><th>after</th></tr>" +
    [["AUC (won vs lost)", num(h.before.auc), num(h.after.auc)],
      ["AUC (won vs all others)", num(h.before.auc_all), num(h.after.auc_all)],
      ...["sql", "mql"].flatMap((k) => [
        [`${k.toUpperCase()} leads`, group(h.before[k].predicted), group(h.after[k].predicted)],
        [`${k.toUpperCase()} precision vs won`, percent(h.before[k].precision), percent(h.after[k].precision)],
        [`${k.toUpperCase()} recall vs won`, percent(h.before[k].recall), percent(h.after[k].recall)],
      ])].map(([l, a, b]) => `<tr><td>${l}</td>${cells([a, b])}</tr>`).join("") + "</table>";
  const dec = (list, d) => list.find((x) => x.decile === d);
  s += "<table><caption>Conversion and lift by score decile (10 = highest scores)</caption>" +
    "<tr><th>decile</th><th>before: scores</th><th>conversion</th><th>lift</th>" +
    "<th>after: scores</th><th>conversion</th><th>lift</th></tr>" +
    [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((d) => {
      const side = (x) => (x ? [`${x.score_from}..${x.score_to}`, percent(x.conversion), num(x.lift, 2)] : ["—", "—", "—"]);
      return `<tr><td>${d}</td>${cells([...side(dec(h.before.deciles, d)), ...side(dec(h.after.deciles, d))])}</tr>`;
    }).join("") + "</table>";
  s += "<table><caption>Stages of the held-out leads</caption><tr><th>stage</th><th>before</th><th>after</th>" +
    "<th>moved up</th><th>moved down</th></tr>" + h.stages.map((c) => `<tr><td>${esc(c.stage)}</td>` +
    cells([group(c.before), group(c.after), group(c.moved_up), group(c.moved_down)]) + "</tr>").join("") + "</table>";
  s += "<h3>Rules</h3><table><tr><th>rule</th><th>group</th><th>points before</th><th>after</th>" +
    "<th>log-odds</th><th>z</th><th>fired</th><th>note</th></tr>" + t.rules.map((r) =>
    `<tr><td>${esc(r.id)}</td>` + cells([esc(r.group), r.points_before, r.points, num(r.coefficient),
      num(r.z, 1), percent(r.fired)]) + `<td class="text">${esc(r.note ?? "")}</td></tr>`).join("") + "</table>";
  s += "<h3>Cut-offs</h3><table><tr><th>where</th><th>before</th><th>after</th><th>how</th></tr>" +
    t.cutoffs.map((c) => `<tr><td>${esc(c.path)}</td>${cells([c.before, c.after])}<td class="text">${esc(c.how)}</td></tr>`)
      .join("") + "</table>";
  s += "<h3>Candidate rules (not applied)</h3>" + (t.candidates.length
    ? "<table><tr><th>column = value</th><th>leads</th><th>won</th><th>rest</th><th>lift</th><th>z</th><th>≈ points</th></tr>" +
      t.candidates.map((c) => `<tr><td>${esc(c.field)} = ${esc(c.value ?? "(blank)")}</td>` +
        cells([group(c.leads), percent(c.won_rate), percent(c.rest_rate), num(c.lift, 2), num(c.z, 1), c.points_hint]) +
        "</tr>").join("") + "</table>"
    : `<p class="note">No column that no rule reads has a strong, significant lift.</p>`);
  if (t.notes.length) s += "<h3>Notes</h3><ul>" + t.notes.map((n) => `<li>${esc(n)}</li>`).join("") + "</ul>";
  return s;
}
