// The report page in plain words: the language switch (English / PT-BR), the
// glossary of the report's terms and the notes that say how to read a chart
// (the funnel's widths, suggested thresholds, months still maturing). Their
// text comes from the editor's message table (www/i18n/messages.js, `report_*`
// keys) through its helper (www/i18n/i18n.js): elements carry `data-i18n`, so
// the switch re-translates them in place. Figures inside a note come from the
// report wasm's formatter, passed as arguments.
import { t, LANGS, setLang, startLang, applyAll, currentLang } from "./i18n/i18n.js";
import { esc, txt, L } from "./report-charts.js";

/** A note paragraph from the table: `key` with `args` (already formatted). */
export const note = (key, args, cls = "") => txt(L(key, args), "p", ` class="note plain${cls ? ` ${cls}` : ""}"`);

const TERMS = ["mql", "sql", "conversion", "median", "p90", "adherence", "handoff", "decile",
  "precision", "recall", "f1", "threshold", "rfc3339"];

/** The glossary: each term and its plain meaning, in a <details> the reader opens. */
function glossary() {
  return `<details id="glossary"><summary data-i18n="report_glossary">${esc(t("report_glossary"))}</summary><dl>` +
    TERMS.map((k) => `<dt data-i18n="report_term_${k}">${esc(t(`report_term_${k}`))}</dt>` +
      `<dd data-i18n="report_def_${k}">${esc(t(`report_def_${k}`))}</dd>`).join("") + "</dl></details>";
}

/**
 * Puts the language switch and the glossary on the page; starts in the
 * remembered or browser language; `redraw()` runs after each switch (the
 * report, the Columns step and the tuning draw again in the new language).
 */
export function setUpWords($, redraw = () => {}) {
  const bar = document.createElement("div");
  bar.className = "row lang";
  bar.innerHTML = `<label for="lang" data-i18n="language">${esc(t("language"))}</label><select id="lang">` +
    LANGS.map((l) => `<option value="${l}" data-i18n="lang_${l}">${esc(t(`lang_${l}`))}</option>`).join("") + "</select>";
  document.querySelector("header").prepend(bar);
  $("words").innerHTML = glossary();
  $("lang").addEventListener("change", (e) => {
    setLang(e.target.value);
    redraw();
  });
  setLang(startLang());
  $("lang").value = currentLang();
}

/** Translates what a new report drew (its notes and tables' labels). */
export const translate = (root) => applyAll(root);
