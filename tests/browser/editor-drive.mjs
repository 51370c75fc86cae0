// Drives the model editor's forms like a person would, to build a given
// model from an empty one through the UI only (clicks, typing, picks; no
// JSON): what editor.test.mjs uses to rebuild models/default.json. Widgets
// are found by their `data-path` (the core's path text), "Add" buttons by
// `data-add`, so the driver knows the model language, not the page's layout.
const OPS = ["equals", "in", "gt", "gte", "lt", "lte", "between", "exists", "starts_with", "contains_any", "words_any", "domain_in", "email_is"];
const RESULTS = ["grade_at_least", "score_at_least", "fit_at_least", "engagement_at_least", "stage_in"];
const EMAIL_KINDS = ["free", "disposable", "role", "corporate"];
const sel = (path) => `[data-path="${path}"]`;

function kindOf(c) {
  if ("field" in c) return "field";
  if ("event" in c) return "event";
  return ["all", "any", "not", ...RESULTS].find((k) => k in c);
}

export function driver(page) {
  const type = (path, value) => page.fill(sel(path), String(value));
  const pick = (path, value) => page.selectOption(sel(path), String(value));
  const add = (path) => page.click(`[data-add="${path}"]`);
  const lines = (v) => (Array.isArray(v) ? v : [v]).join("\n");
  const lengthAt = (path) => page.evaluate((p) => {
    let v = window.leadgateEditor.model();
    for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) v = v?.[m[2] === undefined ? m[1] : Number(m[2])];
    return Array.isArray(v) ? v.length : 0;
  }, path);

  const keysAt = (key) => page.evaluate((k) => Object.keys(window.leadgateEditor.model()[k] ?? {}), key);
  /** Clicks "Add" of `fields` / `lists`; the key the editor made. */
  async function addKey(key) {
    const before = await keysAt(key);
    await add(key);
    return (await keysAt(key)).find((k) => !before.includes(k));
  }

  async function rename(path, name) {
    const input = page.locator(sel(path));
    await input.fill(name);
    await input.dispatchEvent("change");
  }

  async function listArg(at, value) {
    if (typeof value === "string") return pick(`${at}#source`, value);
    return type(at, lines(value));
  }

  async function checks(path, values, order) {
    const boxes = page.locator(`fieldset${sel(path)} input[type=checkbox]`);
    for (let i = 0; i < order.length; i++) await boxes.nth(i).uncheck();
    for (const v of Array.isArray(values) ? values : [values]) await boxes.nth(order.indexOf(v)).check();
  }

  async function condition(path, c, { stages } = {}) {
    const kind = kindOf(c);
    await pick(path, kind);
    if (kind === "field") {
      await type(`${path}.field`, c.field);
      const op = OPS.find((o) => o in c);
      await pick(`${path}#op`, op);
      const at = `${path}.${op}`;
      const v = c[op];
      if (["gt", "gte", "lt", "lte", "equals"].includes(op)) await type(at, v);
      else if (op === "between") {
        await type(`${at}[0]`, v[0]);
        await type(`${at}[1]`, v[1]);
      } else if (op === "exists") await pick(at, v);
      else if (op === "email_is") await checks(at, v, EMAIL_KINDS);
      else if (op === "starts_with") await type(at, lines(v));
      else await listArg(at, v);
    } else if (kind === "event") {
      await type(`${path}.event`, c.event);
      if ("count_at_least" in c) await type(`${path}.count_at_least`, c.count_at_least);
      if ("within_days" in c) await type(`${path}.within_days`, c.within_days);
      if ("where" in c) {
        await page.check(`[id="${path}-where"]`);
        await condition(`${path}.where`, c.where);
      }
    } else if (kind === "all" || kind === "any") {
      // Turning a condition into a group keeps it as the first member.
      for (let i = 0; i < c[kind].length; i++) {
        if (i >= (await lengthAt(`${path}.${kind}`))) await add(`${path}.${kind}`);
        await condition(`${path}.${kind}[${i}]`, c[kind][i], { stages });
      }
    } else if (kind === "not") await condition(`${path}.not`, c.not, { stages });
    else if (kind === "grade_at_least") await pick(`${path}.${kind}`, c[kind]);
    else if (kind === "stage_in") await checks(`${path}.stage_in`, c.stage_in, [...stages, "lead"]);
    else await type(`${path}.${kind}`, c[kind]);
  }

  async function rule(path, r) {
    await type(`${path}.id`, r.id);
    if ("label" in r) await type(`${path}.label`, r.label);
    await type(`${path}.points`, r.points);
    if ("max" in r) await type(`${path}.max`, r.max);
    await condition(`${path}.if`, r.if);
  }

  async function rules(arrPath, list = []) {
    for (let i = 0; i < list.length; i++) {
      await add(arrPath);
      await rule(`${arrPath}[${i}]`, list[i]);
    }
  }

  /** Builds `m` in the editor, which must hold an empty model. */
  async function build(m) {
    const stages = (m.stages ?? []).map((s) => s.stage);
    if ("id" in m) await type("id", m.id);
    if ("version" in m) await type("version", m.version);
    if ("name" in m) await type("name", m.name);
    for (const [name, decl] of Object.entries(m.fields ?? {})) {
      await rename(`fields.${await addKey("fields")}`, name);
      for (const k of ["type", "format", "ranges", "currency"]) if (k in decl) await pick(`fields.${name}.${k}`, decl[k]);
    }
    for (const [name, items] of Object.entries(m.lists ?? {})) {
      await rename(`lists.${await addKey("lists")}#name`, name);
      await type(`lists.${name}`, lines(items));
    }
    for (let i = 0; i < (m.personas ?? []).length; i++) {
      const p = m.personas[i];
      await add("personas");
      await type(`personas[${i}].id`, p.id);
      if ("name" in p) await type(`personas[${i}].name`, p.name);
      await rules(`personas[${i}].rules`, p.rules);
    }
    await rules("fit_rules", m.fit_rules);
    for (const [g, v] of Object.entries(m.grades ?? {})) await type(`grades.${g}`, v);
    if (m.engagement) {
      for (const k of ["half_life_days", "max"]) if (k in m.engagement) await type(`engagement.${k}`, m.engagement[k]);
      await rules("engagement.rules", m.engagement.rules);
    }
    for (let i = 0; i < stages.length; i++) {
      const s = m.stages[i];
      await add("stages");
      await type(`stages[${i}].stage`, s.stage);
      if (s.requires) await type(`stages[${i}].requires`, s.requires.join(", "));
      if (s.if) await condition(`stages[${i}].if`, s.if, { stages });
      else await pick(`stages[${i}].if`, "");
    }
    for (let i = 0; i < (m.disqualify ?? []).length; i++) {
      const d = m.disqualify[i];
      await add("disqualify");
      await type(`disqualify[${i}].id`, d.id);
      if ("label" in d) await type(`disqualify[${i}].label`, d.label);
      if ("max_stage" in d) await pick(`disqualify[${i}].max_stage`, d.max_stage);
      await condition(`disqualify[${i}].if`, d.if, { stages });
    }
    for (let i = 0; i < (m.routing ?? []).length; i++) {
      const r = m.routing[i];
      await add("routing");
      await type(`routing[${i}].id`, r.id);
      await type(`routing[${i}].team`, r.team);
      if (r.if) await condition(`routing[${i}].if`, r.if, { stages });
    }
    for (const [stage, { respond_within }] of Object.entries(m.sla ?? {})) await type(`sla.${stage}.respond_within`, respond_within);
    // Goals (issue 18): "Add goal", then each widget; the direction select
    // moves the target between at_least and at_most.
    for (let i = 0; i < (m.goals ?? []).length; i++) {
      const g = m.goals[i];
      const at = `goals[${i}]`;
      await add("goals");
      await type(`${at}.id`, g.id);
      if ("label" in g) await type(`${at}.label`, g.label);
      await pick(`${at}.kpi`, g.kpi);
      const dir = "at_most" in g ? "at_most" : "at_least";
      await pick(`${at}#dir`, dir);
      await type(`${at}.${dir}`, g[dir]);
      if ("per" in g) await pick(`${at}.per`, g.per);
      await type(`${at}.owner`, g.owner);
      if ("stage" in g) await pick(`${at}.stage`, g.stage);
      if ("team" in g) await type(`${at}.team`, g.team);
    }
    for (const [kpi, owner] of Object.entries(m.kpi_owners ?? {})) await type(`kpi_owners.${kpi}`, owner);
  }

  return { build };
}
