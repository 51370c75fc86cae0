// The scoring half of the model as forms: the model's name, fields (how
// values are read), lists, personas and their rules, shared fit rules,
// grades, engagement. The flow half (stages, disqualifiers, routing, SLA,
// goals, KPI owners) is in flow.js. Each section is a <section> with a
// heading; each array item a fieldset named by its number.
import { getAt, setAt, child, item, renameKey } from "./paths.js";
import { el, text, textField, numberField, selectField, linesField, itemTools, addButton, button } from "./widgets.js";
import { conditionWidget } from "./condition.js";
import { flowSections } from "./flow.js";

/** A section with its heading (`id` for the in-page table of contents). */
export function section(id, titleKey, introKey, ...body) {
  const h = text("h2", titleKey, undefined, { id: `${id}-h` });
  const s = el("section", { id, class: "sec", "aria-labelledby": h.id }, h);
  if (introKey) s.append(text("p", introKey, undefined, { class: "intro" }));
  s.append(...body);
  return s;
}

/** Every section of the form, in the model's order of reading. */
export function allSections(ctx) {
  return [
    section("s-model", "sec_model", "intro_model",
      el("div", { class: "grid3" }, textField(ctx, "id", "model_id", { keep: true }), textField(ctx, "version", "model_version", { keep: true }), textField(ctx, "name", "model_name"))),
    fieldsSection(ctx),
    listsSection(ctx),
    personasSection(ctx),
    section("s-fit", "sec_fit_rules", "intro_fit_rules", rulesEditor(ctx, "fit_rules")),
    section("s-grades", "sec_grades", "intro_grades",
      el("div", { class: "grid3" }, ...["A", "B", "C"].map((g) => numberField(ctx, child("grades", g), "grade_min", { args: { grade: g } })))),
    engagementSection(ctx),
    ...flowSections(ctx),
  ];
}

/** A rule: id, label, points, cap, condition; `perEvent` explains the cap. */
export function ruleEditor(ctx, arrPath, i, { movable = true } = {}) {
  const path = item(arrPath, i);
  const box = el("fieldset", { class: "rule" }, text("legend", "rule_n", { n: i + 1 }));
  box.append(
    el("div", { class: "grid4" },
      textField(ctx, child(path, "id"), "rule_id", { keep: true }),
      textField(ctx, child(path, "label"), "rule_label"),
      numberField(ctx, child(path, "points"), "points", { help: "help_points" }),
      numberField(ctx, child(path, "max"), "rule_max", { help: "help_max" })),
    conditionWidget(ctx, child(path, "if"), { legend: "rule_if" }),
    itemTools(ctx, arrPath, i, "rule", { movable }),
  );
  return box;
}

/** The rules of the array at `arrPath`, and "Add a rule". */
export function rulesEditor(ctx, arrPath) {
  const rules = getAt(ctx.model(), arrPath);
  const wrap = el("div", { class: "rules" });
  (Array.isArray(rules) ? rules : []).forEach((_, i) => wrap.append(ruleEditor(ctx, arrPath, i)));
  wrap.append(addButton(ctx, arrPath, "add_rule", () => ({ id: ctx.freshId("rule"), points: 10, if: { field: "", exists: true } })));
  return wrap;
}

/** An object's key as an editable name (lists, fields, teams): renamed on change, refused when taken. */
export function keyName(ctx, objPath, key, labelKey, { list } = {}) {
  const w = textField(ctx, `${child(objPath, key)}#name`, labelKey, { keep: true, list });
  const input = w.querySelector("input");
  input.value = key;
  input.dataset.path = child(objPath, key);
  input.addEventListener("input", (e) => e.stopImmediatePropagation(), { capture: true });
  input.addEventListener("change", () => {
    const name = input.value.trim();
    if (name && renameKey(getAt(ctx.model(), objPath), key, name)) ctx.rerender(child(objPath, name));
    else {
      ctx.announce("name_taken", { name });
      input.value = key;
    }
  });
  return w;
}

/** "Add …" for an object of named entries (fields, lists, teams); `data-add` like the arrays' buttons. */
export function addKeyButton(key, objPath, onclick) {
  const b = button(key, onclick, { cls: "btn small" });
  b.dataset.add = objPath;
  return b;
}

function fieldsSection(ctx) {
  const fields = ctx.model().fields ?? {};
  const wrap = el("div");
  Object.keys(fields).forEach((name, i) => {
    const path = child("fields", name);
    const box = el("fieldset", { class: "item" }, text("legend", "field_n", { n: i + 1 }));
    box.append(
      el("div", { class: "grid4" },
        keyName(ctx, "fields", name, "field_name"),
        selectField(ctx, child(path, "type"), "field_type", [["number", "type_number"], ["integer", "type_integer"], ["boolean", "type_boolean"]]),
        selectField(ctx, child(path, "format"), "field_format", [["json", "format_json"], ["pt-BR", "format_ptbr"], ["en", "format_en"], ["auto", "format_auto"]], { empty: "default" }),
        selectField(ctx, child(path, "ranges"), "field_ranges", [["low", "ranges_low"], ["high", "ranges_high"], ["middle", "ranges_middle"]], { empty: "ranges_none" }),
        selectField(ctx, child(path, "currency"), "field_currency", ["BRL", "USD", "EUR", "GBP"].map((c) => [c, null, c]), { empty: "none" })),
      button("remove", () => {
        delete fields[name];
        ctx.rerender("fields");
      }, { cls: "btn small danger", aria: "remove_what", ariaArgs: { k_what: "field_decl", n: i + 1 } }),
    );
    wrap.append(box);
  });
  wrap.append(addKeyButton("add_field", "fields", () => {
    if (!ctx.model().fields) setAt(ctx.model(), "fields", {});
    const all = ctx.model().fields;
    let n = 1;
    while (Object.hasOwn(all, `field_${n}`)) n++;
    all[`field_${n}`] = { type: "number" };
    ctx.rerender(child("fields", `field_${n}`));
  }));
  return section("s-fields", "sec_fields", "intro_fields", wrap);
}

function listsSection(ctx) {
  const lists = ctx.model().lists ?? {};
  const wrap = el("div");
  Object.keys(lists).forEach((name, i) => {
    const box = el("fieldset", { class: "item" }, text("legend", "list_n", { n: i + 1 }));
    const nameField = keyName(ctx, "lists", name, "list_name");
    // The entries' widget answers for the list's path (`lists.x[3]` too long); the name is not a model path.
    nameField.querySelector("input").dataset.path = `${child("lists", name)}#name`;
    box.append(
      nameField,
      linesField(ctx, child("lists", name), "list_items"),
      button("remove", () => {
        delete lists[name];
        ctx.rerender("lists");
      }, { cls: "btn small danger", aria: "remove_what", ariaArgs: { k_what: "list", n: i + 1 } }),
    );
    wrap.append(box);
  });
  wrap.append(addKeyButton("add_list", "lists", () => {
    if (!ctx.model().lists) setAt(ctx.model(), "lists", {});
    const all = ctx.model().lists;
    let n = 1;
    while (Object.hasOwn(all, `list_${n}`)) n++;
    all[`list_${n}`] = [];
    ctx.rerender(child("lists", `list_${n}`));
  }));
  return section("s-lists", "sec_lists", "intro_lists", wrap);
}

function personasSection(ctx) {
  const personas = ctx.model().personas;
  const wrap = el("div");
  (Array.isArray(personas) ? personas : []).forEach((_, i) => {
    const path = item("personas", i);
    const box = el("fieldset", { class: "persona" }, text("legend", "persona_n", { n: i + 1 }));
    box.append(
      el("div", { class: "grid3" }, textField(ctx, child(path, "id"), "persona_id", { keep: true }), textField(ctx, child(path, "name"), "persona_name")),
      rulesEditor(ctx, child(path, "rules")),
      itemTools(ctx, "personas", i, "persona", { movable: true }),
    );
    wrap.append(box);
  });
  wrap.append(addButton(ctx, "personas", "add_persona", () => ({ id: ctx.freshId("persona"), rules: [] })));
  return section("s-personas", "sec_personas", "intro_personas", wrap);
}

function engagementSection(ctx) {
  return section("s-engagement", "sec_engagement", "intro_engagement",
    el("div", { class: "grid3" },
      numberField(ctx, "engagement.half_life_days", "half_life_days", { help: "help_half_life" }),
      numberField(ctx, "engagement.max", "engagement_max")),
    rulesEditor(ctx, "engagement.rules"));
}
