// The core's problems (code, path, message, hint) shown where they belong:
// next to the widget whose `data-path` is the problem's path or its nearest
// ancestor, with `aria-invalid` and `aria-describedby` on the control, plus
// a summary list whose buttons move focus to the widget. The code's name is
// translated (codes are stable); the core's message and hint are shown as
// the core wrote them, with the offending value read from the model at the
// problem's path (so "quinze" is visible whatever the message says).
import { tx, hasKey } from "../i18n/i18n.js";
import { ancestors, getAt } from "./paths.js";
import { el, text } from "./widgets.js";

/**
 * The control for `path`: the widget at it, else the first one inside it
 * (`sla.SQL` → its duration; `stages[0]` → the stage's name), else the
 * widget at its nearest ancestor.
 */
export function widgetFor(root, path) {
  if (!path) return null;
  const widgets = [...root.querySelectorAll("[data-path][data-err]")];
  const at = (p) => widgets.find((w) => w.dataset.path === p);
  const inside = widgets.find((w) => w.dataset.path.startsWith(`${path}.`) || w.dataset.path.startsWith(`${path}[`));
  const own = at(path) ?? inside;
  if (own) return own;
  for (const p of ancestors(path)) {
    if (p === "") return null;
    const found = at(p);
    if (found) return found;
  }
  return null;
}

/** The value at the problem's path, as JSON text of at most 80 characters; null when absent. */
export function valueText(model, path) {
  if (!path) return null;
  const v = getAt(model, path);
  if (v === undefined) return null;
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

const raw = (tag, s, cls) => {
  const e = el(tag, { class: cls, "data-raw": "" });
  e.textContent = s;
  return e;
};

/** One problem: its translated code, the value given, the core's message and hint. */
function view(p, model) {
  const box = el("div", { class: "problem" });
  box.append(text("strong", hasKey(`code_${p.code}`) ? `code_${p.code}` : "code_other"), " ");
  const value = valueText(model, p.path);
  if (value !== null) box.append(text("span", "value_given"), " ", raw("code", value, "value"), " ");
  // The core writes English: marked so, a Portuguese screen reader reads it as English.
  const msg = raw("span", p.message, "msg");
  msg.lang = "en";
  box.append(msg);
  if (p.hint) {
    const hint = raw("span", p.hint);
    hint.lang = "en";
    box.append(el("span", { class: "hint" }, text("span", "hint"), " ", hint));
  }
  return box;
}

/** Clears the marks of the last validation under `root`. */
function clear(root) {
  for (const c of root.querySelectorAll("[aria-invalid]")) {
    c.removeAttribute("aria-invalid");
    const help = c.dataset.help;
    if (help) c.setAttribute("aria-describedby", help);
    else c.removeAttribute("aria-describedby");
  }
  for (const slot of root.querySelectorAll(".err")) {
    slot.replaceChildren();
    slot.hidden = true;
  }
}

/**
 * Marks every problem's widget under `form` and fills `summary` (a <ul>);
 * `go(control)` shows and focuses a widget. Returns how many problems found
 * no widget (shown in the summary only).
 */
export function showProblems(form, summary, problems, model, go) {
  clear(form);
  summary.replaceChildren();
  let unplaced = 0;
  for (const p of problems) {
    const control = widgetFor(form, p.path);
    if (control) {
      const slot = document.getElementById(control.dataset.err);
      slot.append(view(p, model));
      slot.hidden = false;
      if (control.dataset.help === undefined) control.dataset.help = control.getAttribute("aria-describedby") ?? "";
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", `${control.dataset.help} ${slot.id}`.trim());
    } else unplaced++;
    const li = el("li", {}, p.path ? raw("code", p.path, "path") : text("code", "root_path"), " ", view(p, model));
    if (control) {
      const b = el("button", { type: "button", class: "btn small ghost", onclick: () => go(control) });
      tx(b, "go_to_widget");
      li.prepend(b, " ");
    }
    summary.append(li);
  }
  return unplaced;
}
