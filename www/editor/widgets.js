// Form widgets over one model path each. A widget writes its value into the
// model object in place (unknown keys of an imported model stay as they
// were) and calls ctx.changed(); a change of shape (a rule added, an
// operator switched) calls ctx.rerender(). Every control has a label, a
// `data-path` (the core's path text, see paths.js) and an error slot next to
// it that problems.js fills. Numbers are typed as text so that what the user
// wrote ("quinze") reaches the model and the core says what is wrong with it.
import { tx, ta } from "../i18n/i18n.js";
import { getAt, setAt } from "./paths.js";

let ids = 0;
const nextId = () => `w${++ids}`;

/** `document.createElement` with attributes (`class`, `data-*`, props) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** An element whose text is the message `key`. */
export const text = (tag, key, args, attrs = {}) => tx(el(tag, attrs), key, args);

/** A button labelled by `key`; `aria` gives a fuller accessible name (`Remove rule 3`). */
export function button(key, onclick, { args, aria, ariaArgs, cls = "btn" } = {}) {
  const b = el("button", { type: "button", class: cls, onclick });
  tx(b, key, args);
  if (aria) ta(b, "aria-label", aria, ariaArgs);
  return b;
}

/** The label + control + error slot of one field. */
function wrap(id, labelKey, labelArgs, control, help, helpArgs) {
  const err = el("div", { class: "err", id: `${id}-err`, hidden: true });
  control.id = id;
  control.dataset.err = err.id;
  const f = el("div", { class: "f" }, text("label", labelKey, labelArgs, { for: id }), control);
  if (help) {
    const h = text("div", help, helpArgs, { class: "help", id: `${id}-help` });
    control.setAttribute("aria-describedby", h.id);
    f.append(h);
  }
  f.append(err);
  return f;
}

/** JSON number syntax: what the core reads as a number. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A number typed as text: a JSON number, else the text itself (the core says what is wrong), empty = absent. */
export function readNumber(s) {
  const v = s.trim();
  if (v === "") return undefined;
  return NUMBER.test(v) ? Number(v) : s;
}

const shown = (v) => (v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A text input for the string at `path` (empty = absent). */
export function textField(ctx, path, labelKey, { list, args, help, helpArgs, keep } = {}) {
  const input = el("input", { type: "text", value: shown(getAt(ctx.model(), path)), list, autocomplete: "off", spellcheck: "false" });
  input.dataset.path = path;
  input.addEventListener("input", () => {
    ctx.set(path, input.value === "" && !keep ? undefined : input.value);
  });
  return wrap(nextId(), labelKey, args, input, help, helpArgs);
}

/** A number typed as text (`inputmode=decimal`) at `path`. */
export function numberField(ctx, path, labelKey, { args, help } = {}) {
  const input = el("input", { type: "text", inputmode: "decimal", value: shown(getAt(ctx.model(), path)), autocomplete: "off", class: "num" });
  input.dataset.path = path;
  input.addEventListener("input", () => ctx.set(path, readNumber(input.value)));
  return wrap(nextId(), labelKey, args, input, help);
}

/**
 * A select over `options` ([value, messageKey] or [value, null, rawText]);
 * `empty` adds a first option meaning "absent". A current value not among
 * the options is kept as an option of its own, so an imported mistake stays
 * visible (and is what the core's problem points at).
 */
export function selectField(ctx, path, labelKey, options, { empty, args, onchange, help } = {}) {
  const current = getAt(ctx.model(), path);
  const select = el("select");
  select.dataset.path = path;
  if (empty) select.append(text("option", empty, undefined, { value: "" }));
  const values = options.map((o) => o[0]);
  if (current !== undefined && !values.includes(current)) options = [...options, [current, null, shown(current)]];
  for (const [value, key, raw] of options) {
    const o = el("option", { value: shown(value) });
    if (key) tx(o, key);
    else {
      o.textContent = raw ?? shown(value);
      o.dataset.raw = "";
    }
    o.selected = value === current;
    select.append(o);
  }
  select.addEventListener("change", () => {
    const picked = options.find((o) => shown(o[0]) === select.value);
    const value = select.value === "" && empty ? undefined : picked ? picked[0] : select.value;
    if (onchange) onchange(value);
    else ctx.set(path, value);
  });
  return wrap(nextId(), labelKey, args, select, help);
}

/**
 * A textarea, one entry per line, for the array at `path`; `read` turns a
 * line into a value (a number for numeric fields), `single` writes one line
 * as a plain string (`starts_with`), `optional` writes no lines as absent.
 */
export function linesField(ctx, path, labelKey, { read = (s) => s, single, optional, args, help } = {}) {
  const v = getAt(ctx.model(), path);
  const lines = Array.isArray(v) ? v.map(shown) : v === undefined ? [] : [shown(v)];
  const area = el("textarea", { rows: String(Math.min(8, Math.max(2, lines.length + 1))), spellcheck: "false" });
  area.value = lines.join("\n");
  area.dataset.path = path;
  area.addEventListener("input", () => {
    const items = area.value.split("\n").map((s) => s.trim()).filter((s) => s !== "").map(read);
    if (items.length === 0 && optional) ctx.set(path, undefined);
    else ctx.set(path, single && items.length === 1 ? items[0] : items);
  });
  return wrap(nextId(), labelKey, args, area, help || "help_lines");
}

/** A comma-separated list in one line (`requires`: email, company). */
export function commaField(ctx, path, labelKey, { help } = {}) {
  const v = getAt(ctx.model(), path);
  const input = el("input", { type: "text", value: Array.isArray(v) ? v.join(", ") : shown(v), autocomplete: "off", spellcheck: "false" });
  input.dataset.path = path;
  input.addEventListener("input", () => {
    const items = input.value.split(",").map((s) => s.trim()).filter((s) => s !== "");
    ctx.set(path, items.length ? items : undefined);
  });
  return wrap(nextId(), labelKey, undefined, input, help);
}

/** Checkboxes in a fieldset for the array at `path` (`stage_in`, `email_is`). */
export function checksField(ctx, path, legendKey, choices, { single } = {}) {
  const v = getAt(ctx.model(), path);
  // In the order given, a new one last: the model's array keeps its order (and its hash).
  const set = new Set(Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const fs = el("fieldset", { class: "checks" }, text("legend", legendKey));
  fs.dataset.path = path;
  fs.tabIndex = -1;
  for (const [value, key, raw] of choices) {
    const id = nextId();
    const box = el("input", { type: "checkbox", id, checked: set.has(value) });
    box.addEventListener("change", () => {
      if (box.checked) set.add(value);
      else set.delete(value);
      const list = [...set];
      ctx.set(path, single && list.length === 1 ? list[0] : list);
    });
    const label = el("label", { for: id });
    if (key) tx(label, key);
    else {
      label.textContent = raw;
      label.dataset.raw = "";
    }
    fs.append(el("span", { class: "choice" }, box, label));
  }
  const err = el("div", { class: "err", id: `${nextId()}-err`, hidden: true });
  fs.dataset.err = err.id;
  fs.append(err);
  return fs;
}

/**
 * The controls of one array item: move up/down (when order matters) and
 * remove, named after the item (`Move rule 3 up`).
 */
export function itemTools(ctx, arrPath, i, whatKey, { movable } = {}) {
  const arr = () => getAt(ctx.model(), arrPath);
  const n = i + 1;
  const move = (d) => () => {
    const a = arr();
    const j = i + d;
    if (j < 0 || j >= a.length) return;
    [a[i], a[j]] = [a[j], a[i]];
    ctx.rerender(`${arrPath}[${j}]`);
  };
  const bar = el("div", { class: "tools" });
  if (movable) {
    bar.append(
      button("move_up", move(-1), { cls: "btn small ghost", aria: "move_up_what", ariaArgs: { k_what: whatKey, n } }),
      button("move_down", move(1), { cls: "btn small ghost", aria: "move_down_what", ariaArgs: { k_what: whatKey, n } }),
    );
  }
  bar.append(
    button("remove", () => {
      arr().splice(i, 1);
      ctx.rerender(arrPath);
    }, { cls: "btn small danger", aria: "remove_what", ariaArgs: { k_what: whatKey, n } }),
  );
  return bar;
}

/** An "Add …" button that appends `make()` to the array at `arrPath`. */
export function addButton(ctx, arrPath, key, make) {
  const b = button(key, () => {
    const a = getAt(ctx.model(), arrPath);
    if (Array.isArray(a)) a.push(make());
    else setAt(ctx.model(), arrPath, [make()]);
    ctx.rerender(`${arrPath}[${getAt(ctx.model(), arrPath).length - 1}]`);
  }, { cls: "btn small" });
  // Focus lands here when the last item of the array is removed.
  b.dataset.add = arrPath;
  return b;
}
