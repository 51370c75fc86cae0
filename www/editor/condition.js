// The condition widget (docs/model.md, "Conditions"), recursive: a kind
// picker (all / any / not / a field / an event / a result / stage_in), then
// the widgets of that kind; for a field leaf, an operator picker and the
// widget its argument needs (a number, two numbers, a list typed here or a
// named list, email kinds, yes/no). Values of `equals` and `in` are typed by
// the field's declaration in `fields` (numbers for a declared number). What
// is allowed where (`stage_in` in routing only, …) is the core's to say.
import { tx } from "../i18n/i18n.js";
import { getAt, setAt, child, item } from "./paths.js";
import { el, text, textField, numberField, selectField, linesField, checksField, addButton, itemTools, readNumber } from "./widgets.js";

export const OPERATORS = ["equals", "in", "gt", "gte", "lt", "lte", "between", "exists", "starts_with", "contains_any", "words_any", "domain_in", "email_is"];
const RESULTS = ["grade_at_least", "score_at_least", "fit_at_least", "engagement_at_least"];
const LIST_OPS = ["in", "contains_any", "words_any", "domain_in"];
const KINDS = ["field", "event", "all", "any", "not", ...RESULTS, "stage_in"];
const EMAIL_KINDS = ["free", "disposable", "role", "corporate"];

/** The kind of a condition object (its first recognised key). */
export function kindOf(c) {
  if (c === null || typeof c !== "object" || Array.isArray(c)) return undefined;
  if ("field" in c) return "field";
  if ("event" in c) return "event";
  return KINDS.find((k) => k in c);
}

/** A new condition of `kind`, keeping the field of a field leaf. */
function fresh(kind, old) {
  switch (kind) {
    case "field": return { field: old?.field ?? "", exists: true };
    case "event": return { event: "page_view" };
    case "all": case "any": return { [kind]: old && kindOf(old) !== kind ? [old] : [] };
    case "not": return { not: old ?? { field: "", exists: true } };
    case "grade_at_least": return { grade_at_least: "B" };
    case "stage_in": return { stage_in: [] };
    default: return { [kind]: 50 };
  }
}

/** The operator of a field leaf (its first key that is an operator). */
const opOf = (c) => OPERATORS.find((o) => o in c);

/** A default argument for `op`. */
function freshArg(op) {
  if (op === "between") return [0, 100];
  if (op === "exists") return true;
  if (op === "email_is") return "corporate";
  if (LIST_OPS.includes(op)) return [];
  if (["gt", "gte", "lt", "lte"].includes(op)) return 0;
  return "";
}

/** How values compared with `field` are typed: the declaration, else what is there. */
function valueType(ctx, field, current) {
  const declared = ctx.model().fields?.[field]?.type;
  if (declared === "boolean") return "boolean";
  if (declared === "number" || declared === "integer") return "number";
  const items = Array.isArray(current) ? current : current === undefined ? [] : [current];
  if (items.length && items.every((v) => typeof v === "number")) return "number";
  if (items.length && items.every((v) => typeof v === "boolean")) return "boolean";
  return "string";
}

const reader = (type) =>
  type === "number" ? readNumber : type === "boolean" ? (s) => (s === "true" ? true : s === "false" ? false : s) : (s) => s;

/**
 * The widget of the condition at `path`; `optional` offers "always" (no
 * condition: the key is removed), `event` marks a condition inside an
 * event's `where` (field paths are the event's properties).
 */
export function conditionWidget(ctx, path, { optional, legend = "condition", legendArgs, event } = {}) {
  const c = getAt(ctx.model(), path);
  const kind = c === undefined ? "" : kindOf(c) ?? "field";
  const box = el("fieldset", { class: `cond cond-${kind || "none"}` }, text("legend", legend, legendArgs));
  const kinds = KINDS.filter((k) => !event || ["field", "all", "any", "not"].includes(k)).map((k) => [k, `kind_${k}`]);
  box.append(
    selectField(ctx, `${path}#kind`, "condition_kind", kinds, {
      empty: optional ? "kind_always" : undefined,
      onchange: (k) => {
        setAt(ctx.model(), path, k === undefined ? undefined : fresh(k, c));
        ctx.rerender(path);
      },
    }),
  );
  // The kind select shows the current kind: its data-path is not a model path.
  const kindSelect = box.querySelector("select");
  kindSelect.value = kind;
  kindSelect.dataset.path = path;
  if (c === undefined) return box;

  if (kind === "field") box.append(...fieldLeaf(ctx, path, c, event));
  else if (kind === "event") box.append(...eventLeaf(ctx, path, c));
  else if (kind === "all" || kind === "any") box.append(children(ctx, child(path, kind), kind));
  else if (kind === "not") box.append(conditionWidget(ctx, child(path, "not"), { legend: "kind_not_child", event }));
  else if (kind === "grade_at_least") {
    box.append(selectField(ctx, child(path, kind), "grade_at_least", ["A", "B", "C", "D"].map((g) => [g, null, g])));
  } else if (kind === "stage_in") {
    box.append(checksField(ctx, child(path, kind), "stage_in", ctx.stageChoices()));
  } else box.append(numberField(ctx, child(path, kind), `kind_${kind}`));
  return box;
}

/** The children of `all` / `any`, each removable, and "Add a condition". */
function children(ctx, arrPath, kind) {
  const list = getAt(ctx.model(), arrPath);
  const wrap = el("div", { class: "children" });
  (Array.isArray(list) ? list : []).forEach((_, i) => {
    const w = conditionWidget(ctx, item(arrPath, i), { legend: "condition_n", legendArgs: { n: i + 1 } });
    w.append(itemTools(ctx, arrPath, i, "condition"));
    wrap.append(w);
  });
  wrap.append(addButton(ctx, arrPath, kind === "all" ? "add_condition_all" : "add_condition_any", () => ({ field: "", exists: true })));
  return wrap;
}

/** A field leaf: field, operator, the argument's widget. */
function fieldLeaf(ctx, path, c, event) {
  const op = opOf(c) ?? "";
  const field = c.field;
  const out = [
    textField(ctx, child(path, "field"), event ? "event_property" : "field", { list: event ? "lg-props" : "lg-fields", keep: true }),
    selectField(ctx, `${path}#op`, "operator", OPERATORS.map((o) => [o, `op_${o}`]), {
      onchange: (next) => {
        if (op) delete c[op];
        c[next] = freshArg(next);
        ctx.rerender(path);
      },
    }),
  ];
  const opSelect = out[1].querySelector("select");
  opSelect.value = op;
  if (!op) return out;
  const at = child(path, op);
  const arg = c[op];
  if (["gt", "gte", "lt", "lte"].includes(op)) out.push(numberField(ctx, at, "value_number"));
  else if (op === "between") {
    out.push(el("div", { class: "pair" }, numberField(ctx, item(at, 0), "between_low"), numberField(ctx, item(at, 1), "between_high")));
  } else if (op === "exists") {
    out.push(selectField(ctx, at, "exists_value", [[true, "exists_true"], [false, "exists_false"]]));
  } else if (op === "email_is") {
    out.push(checksField(ctx, at, "email_kinds", EMAIL_KINDS.map((k) => [k, `email_${k}`]), { single: true }));
  } else if (op === "starts_with") {
    out.push(linesField(ctx, at, "value_texts", { single: true }));
  } else if (op === "equals") out.push(...equalsArg(ctx, at, field, arg));
  else if (LIST_OPS.includes(op)) out.push(...listArg(ctx, at, op, field, arg));
  return out;
}

/** `equals`: the value, typed as the field is declared (or as it is now). */
function equalsArg(ctx, at, field, arg) {
  const type = valueType(ctx, field, arg);
  if (type === "boolean") return [selectField(ctx, at, "value_yes_no", [[true, "yes"], [false, "no"]])];
  if (type === "number") return [numberField(ctx, at, "value_number")];
  return [textField(ctx, at, "value_text", { keep: true })];
}

/** A list argument: typed here (one per line) or one of the model's named lists. */
function listArg(ctx, at, op, field, arg) {
  const named = Object.keys(ctx.model().lists ?? {});
  const source = selectField(ctx, `${at}#source`, "list_source", [["", "list_inline"], ...named.map((n) => [n, null, n])], {
    onchange: (v) => {
      setAt(ctx.model(), at, v === "" || v === undefined ? (typeof arg === "string" ? [] : arg) : v);
      ctx.rerender(at);
    },
  });
  const sel = source.querySelector("select");
  if (typeof arg === "string" && !named.includes(arg)) {
    const o = el("option", { value: arg, "data-raw": "" });
    o.textContent = arg;
    sel.append(o);
  }
  sel.value = typeof arg === "string" ? arg : "";
  sel.dataset.path = typeof arg === "string" ? at : `${at}#source`;
  if (typeof arg === "string") return [source];
  const type = op === "in" ? valueType(ctx, field, arg) : "string";
  return [source, linesField(ctx, at, op === "domain_in" ? "value_domains" : "value_items", { read: reader(type) })];
}

/** An event leaf: name, how many, how recent, and an optional `where`. */
function eventLeaf(ctx, path, c) {
  const wherePath = child(path, "where");
  const has = c.where !== undefined;
  const toggle = el("input", { type: "checkbox", id: `${path}-where`, checked: has });
  toggle.addEventListener("change", () => {
    setAt(ctx.model(), wherePath, toggle.checked ? { field: "", exists: true } : undefined);
    ctx.rerender(path);
  });
  const out = [
    textField(ctx, child(path, "event"), "event_name", { list: "lg-events", keep: true, help: "help_event_name" }),
    el("div", { class: "pair" }, numberField(ctx, child(path, "count_at_least"), "count_at_least"), numberField(ctx, child(path, "within_days"), "within_days")),
    el("span", { class: "choice" }, toggle, tx(el("label", { for: toggle.id }), "event_where")),
  ];
  if (has) out.push(conditionWidget(ctx, wherePath, { legend: "event_where_legend", event: true }));
  return out;
}
