// The pages' UI text, from ONE table (messages.js: `en` and `pt` with the
// same keys, checked by tests/browser/editor.test.mjs). Every element whose
// text comes from the table carries `data-i18n` (and `data-i18n-args` for
// its `{name}` values), every translated attribute `data-i18n-ATTR`, so a
// language switch re-translates the page in place and a test can find text
// that did not come from the table. Model data, codes and the core's own
// messages are marked `data-raw` instead.
import { messages } from "./messages.js";

export const LANGS = Object.keys(messages);
let lang = "en";

/** The current language (`en` or `pt`). */
export const currentLang = () => lang;

/** The text of `key` in the current language with `{name}` replaced from `args`. */
export function t(key, args) {
  const text = messages[lang][key] ?? messages.en[key];
  if (text === undefined) throw new Error(`i18n: no message ${key}`);
  // An argument named `k_…` is itself a message key (`{k_what}` → "rule"/"regra").
  const arg = (m, name) => (!(name in args) ? m : name.startsWith("k_") ? t(args[name]) : String(args[name]));
  return args ? text.replace(/\{(\w+)\}/g, arg) : text;
}

/** Whether the table has `key` (a problem code the table names). */
export const hasKey = (key) => Object.hasOwn(messages.en, key);

/** Sets `el`'s text from the table and marks it; returns `el`. */
export function tx(el, key, args) {
  el.dataset.i18n = key;
  if (args) el.dataset.i18nArgs = JSON.stringify(args);
  else delete el.dataset.i18nArgs;
  el.textContent = t(key, args);
  return el;
}

/** Sets an attribute (`aria-label`, `title`, `placeholder`) from the table and marks it. */
export function ta(el, attr, key, args) {
  el.setAttribute(`data-i18n-${attr}`, args ? `${key} ${JSON.stringify(args)}` : key);
  el.setAttribute(attr, t(key, args));
  return el;
}

const ATTRS = ["aria-label", "title", "placeholder"];

/** Translates every marked element under `root` into the current language. */
export function applyAll(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n, el.dataset.i18nArgs ? JSON.parse(el.dataset.i18nArgs) : undefined);
  }
  for (const attr of ATTRS) {
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      const spec = el.getAttribute(`data-i18n-${attr}`);
      const cut = spec.indexOf(" ");
      el.setAttribute(attr, cut < 0 ? t(spec) : t(spec.slice(0, cut), JSON.parse(spec.slice(cut + 1))));
    }
  }
}

/** Switches the language (remembered in localStorage) and re-translates the page. */
export function setLang(next) {
  lang = LANGS.includes(next) ? next : "en";
  document.documentElement.lang = t("html_lang");
  try {
    localStorage.setItem("leadgate.lang", lang);
  } catch {}
  applyAll();
}

/** The language to start in: remembered, else the browser's (`pt*` → pt), else English. */
export function startLang() {
  let saved = null;
  try {
    saved = localStorage.getItem("leadgate.lang");
  } catch {}
  if (saved && LANGS.includes(saved)) return saved;
  return /^pt\b/i.test(navigator.language || "") ? "pt" : "en";
}
