// The model editor (www/editor.html): the model is one JS object; the forms
// write into it, the JSON tab shows it and replaces it, and every change is
// validated by the full package's compiler (the same Rust as `leadgate
// check`), whose problems are shown next to their widgets. Downloads: the
// model's JSON and its compiled `.lgm` (compileModel: the same bytes as
// `leadgate compile`) for leadgate/lite. "What changes" is whatif.js.
import { init, validateModel, compileModel, defaultModel, timeZones } from "/pkg/index.js";
import { t, tx, setLang, startLang, LANGS, currentLang } from "../i18n/i18n.js";
import { ancestors, setAt } from "./paths.js";
import { allSections } from "./forms.js";
import { showProblems } from "./problems.js";
import { sampleNames, fillDatalists } from "./samples.js";
import { setupWhatIf } from "./whatif.js";
import { hasHours } from "./teams.js";

const $ = (s) => document.querySelector(s);
const form = $("#form");
const jsonBox = $("#json");
const jsonError = $("#json-error");
const status = $("#status");
const summary = $("#problems");

let model = {};
// The model as loaded or imported: "What changes" compares the edits with it.
let baseline = {};
let problems = [];
let timer;
let validations = 0;

/** What the widgets are given: the model, how to change it, the model's names. */
const ctx = {
  model: () => model,
  set(path, value) {
    setAt(model, path, value);
    changed();
  },
  rerender(focusPath) {
    render(focusPath);
    changed(0);
  },
  announce,
  freshId(prefix) {
    const text = JSON.stringify(model);
    let n = 1;
    while (text.includes(`"${prefix}_${n}"`)) n++;
    return `${prefix}_${n}`;
  },
  stageChoices() {
    const names = (Array.isArray(model.stages) ? model.stages : []).map((s) => s?.stage).filter((s) => typeof s === "string" && s);
    return [...names.map((n) => [n, null, n]), ["lead", "stage_lead"]];
  },
};

/** Says `key` in the live region (screen readers announce it). */
function announce(key, args) {
  tx(status, key, args);
}

/** Rebuilds the forms from the model; focuses the widget nearest `focusPath`, else the one focused before. */
function render(focusPath) {
  const before = document.activeElement?.dataset?.path;
  const sections = allSections(ctx);
  // A table of contents: the form is long.
  const toc = document.createElement("ul");
  toc.className = "toc";
  for (const sec of sections) {
    const a = Object.assign(document.createElement("a"), { href: `#${sec.id}` });
    tx(a, sec.querySelector("h2").dataset.i18n);
    const li = document.createElement("li");
    li.append(a);
    toc.append(li);
  }
  const nav = document.createElement("nav");
  nav.setAttribute("data-i18n-aria-label", "toc_label");
  nav.setAttribute("aria-label", t("toc_label"));
  nav.append(toc);
  form.replaceChildren(nav, ...sections);
  fillDatalists(model);
  const target = focusPath ?? before;
  if (target === undefined) return;
  const widgets = [...form.querySelectorAll("[data-path], [data-add]")];
  for (const p of ancestors(target)) {
    if (p === "") return;
    // The widget itself, else the first one inside it (a new rule's id), else its "Add" button.
    const found = widgets.find((w) => w.dataset.path === p) ??
      widgets.find((w) => w.dataset.path?.startsWith(`${p}.`) || w.dataset.path?.startsWith(`${p}[`)) ??
      widgets.find((w) => w.dataset.add === p);
    if (found) {
      found.focus();
      return;
    }
  }
}

/** Validates after `delay` ms of quiet (typing), then shows problems and the JSON. */
function changed(delay = 150) {
  clearTimeout(timer);
  document.body.dataset.state = "editing";
  timer = setTimeout(validate, delay);
}

function validate() {
  problems = validateModel(model).errors;
  validations++;
  const unplaced = showProblems(form, summary, problems, model, go);
  if (document.activeElement !== jsonBox) {
    jsonBox.value = JSON.stringify(model, null, 2);
    jsonError.hidden = true;
  }
  $("#download-lgm").setAttribute("aria-disabled", String(problems.length > 0));
  // leadgate/lite refuses a model with business hours (needs_full_build): said before the download.
  tx($("#lgm-help"), hasHours(model) ? "help_lgm_hours" : "help_lgm");
  $(".problems-box").hidden = problems.length === 0;
  if (problems.length === 0) announce("status_valid");
  else announce(unplaced ? "status_problems_some_unplaced" : "status_problems", { n: problems.length, m: unplaced });
  document.body.dataset.state = problems.length ? "invalid" : "valid";
  document.body.dataset.validations = String(validations);
}

/** Shows the form tab and focuses `control`. */
function go(control) {
  selectTab("tab-form");
  control.scrollIntoView({ block: "center" });
  control.focus();
}

// ------------------------------------------------------------------ tabs
const tabs = [...document.querySelectorAll("[role=tab]")];
function selectTab(id, focus) {
  for (const tab of tabs) {
    const on = tab.id === id;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    if (on && focus) tab.focus();
  }
}
for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab.id));
  tab.addEventListener("keydown", (e) => {
    const i = tabs.indexOf(tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    selectTab(tabs[(to + tabs.length) % tabs.length].id, true);
  });
}

// -------------------------------------------------------------- JSON tab
let jsonTimer;
jsonBox.addEventListener("input", () => {
  clearTimeout(jsonTimer);
  jsonTimer = setTimeout(() => loadText(jsonBox.value, { fromJsonTab: true }), 250);
});
// Leaving the JSON tab applies a pending edit at once, then shows the model tidy.
jsonBox.addEventListener("blur", () => {
  clearTimeout(jsonTimer);
  if (jsonBox.value !== JSON.stringify(model, null, 2)) loadText(jsonBox.value, { fromJsonTab: true });
  if (jsonError.hidden) jsonBox.value = JSON.stringify(model, null, 2);
});

/**
 * Replaces the model with JSON text; invalid JSON (or not an object) keeps
 * the forms' last good model and shows why in the JSON tab.
 */
function loadText(text, { fromJsonTab } = {}) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return jsonFailed("json_invalid", e.message, text, fromJsonTab);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return jsonFailed("json_not_object", "", text, fromJsonTab);
  model = parsed;
  if (!fromJsonTab) baseline = structuredClone(parsed);
  jsonError.hidden = true;
  if (!fromJsonTab) jsonBox.value = JSON.stringify(model, null, 2);
  render();
  changed(0);
}

function jsonFailed(key, detail, text, fromJsonTab) {
  clearTimeout(timer);
  if (!fromJsonTab) {
    jsonBox.value = text;
    selectTab("tab-json");
  }
  const d = $("#json-error-detail");
  d.textContent = detail;
  tx($("#json-error-what"), key);
  jsonError.hidden = false;
  announce("status_json_kept");
  document.body.dataset.state = "json-error";
}

// ------------------------------------------------------- files in and out
function download(name, type, data) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
const baseName = () => (typeof model.id === "string" && /^[\w.-]+$/.test(model.id) ? model.id : "model");

$("#import").addEventListener("change", async (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  loadText(await file.text());
  e.target.value = "";
});
$("#load-default").addEventListener("click", () => {
  model = defaultModel();
  baseline = defaultModel();
  render();
  changed(0);
  announce("status_default_loaded");
});
$("#new-empty").addEventListener("click", () => {
  model = {};
  baseline = {};
  render();
  changed(0);
  announce("status_empty_loaded");
});
$("#download-json").addEventListener("click", () => {
  download(`${baseName()}.json`, "application/json", `${JSON.stringify(model, null, 2)}\n`);
});
$("#download-lgm").addEventListener("click", () => {
  validate();
  if (problems.length) {
    announce("lgm_needs_valid", { n: problems.length });
    return;
  }
  download(`${baseName()}.lgm`, "application/octet-stream", compileModel(model));
  announce(hasHours(model) ? "status_lgm_ready_hours" : "status_lgm_ready");
});

// -------------------------------------------------------------- language
const langSelect = $("#lang");
for (const l of LANGS) langSelect.append(tx(Object.assign(document.createElement("option"), { value: l }), `lang_${l}`));
langSelect.addEventListener("change", () => setLang(langSelect.value));

// ------------------------------------------------------------------ start
setLang(startLang());
langSelect.value = currentLang();
selectTab("tab-form");
await init();
await sampleNames();
// The time zone picker: the zones the core knows (the table `leadgate check` reads).
$("#lg-zones").replaceChildren(...timeZones().map((z) => Object.assign(document.createElement("option"), { value: z })));
model = defaultModel();
baseline = defaultModel();
render();
validate();
setupWhatIf({
  model: () => model,
  baseline: () => baseline,
  valid: () => problems.length === 0,
  // A suggested threshold: written into the model as if typed in its widget.
  apply(path, value) {
    setAt(model, path, value);
    render();
    validate();
  },
  // Tune's model (or the one before it, on undo) in place of the edited one.
  replace(next) {
    model = next;
    render();
    validate();
  },
});
document.body.dataset.ready = "true";
// For tests and the curious: the model being edited.
window.leadgateEditor = { model: () => model, problems: () => problems, t };
