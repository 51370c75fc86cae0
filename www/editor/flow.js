// The flow half of the model as forms: stages (highest first, `requires`,
// condition), disqualifiers (`max_stage`), routing, teams' business hours
// (teams.js), SLA durations per stage, goals and KPI owners (docs/model.md). Order matters for stages and
// routes, so their items move up and down.
import { getAt, child, item } from "./paths.js";
import { el, text, textField, numberField, selectField, commaField, itemTools, addButton } from "./widgets.js";
import { conditionWidget } from "./condition.js";
import { section } from "./forms.js";
import { teamsSection } from "./teams.js";

/** The KPIs of `goals` and `kpi_owners`, with their default owners (docs/model.md). */
export const KPIS = [
  ["leads", "marketing"], ["mql", "sales"], ["sql", "sales"], ["won", "sales"],
  ["lead_to_mql", "marketing"], ["mql_to_sql", "shared"], ["sql_to_won", "sales"],
  ["sla_adherence", "sales"], ["first_contact_median_minutes", "sales"],
  ["won_value", "sales"], ["average_ticket", "sales"], ["marketing_won_share", "marketing"],
];

/** Stage, disqualifier, routing, teams, SLA, goal and KPI-owner sections. */
export function flowSections(ctx) {
  return [stagesSection(ctx), disqualifySection(ctx), routingSection(ctx), teamsSection(ctx), slaSection(ctx), goalsSection(ctx), ownersSection(ctx)];
}

function stagesSection(ctx) {
  const stages = getAt(ctx.model(), "stages");
  const wrap = el("div");
  (Array.isArray(stages) ? stages : []).forEach((_, i) => {
    const path = item("stages", i);
    const box = el("fieldset", { class: "item" }, text("legend", "stage_n", { n: i + 1 }));
    box.append(
      el("div", { class: "grid3" },
        textField(ctx, child(path, "stage"), "stage_name", { keep: true }),
        commaField(ctx, child(path, "requires"), "stage_requires", { help: "help_requires" })),
      conditionWidget(ctx, child(path, "if"), { optional: true, legend: "stage_if" }),
      itemTools(ctx, "stages", i, "stage", { movable: true }),
    );
    wrap.append(box);
  });
  wrap.append(addButton(ctx, "stages", "add_stage", () => ({ stage: ctx.freshId("stage"), if: { score_at_least: 50 } })));
  return section("s-stages", "sec_stages", "intro_stages", wrap);
}

function disqualifySection(ctx) {
  const list = getAt(ctx.model(), "disqualify");
  const wrap = el("div");
  (Array.isArray(list) ? list : []).forEach((_, i) => {
    const path = item("disqualify", i);
    const box = el("fieldset", { class: "item" }, text("legend", "disqualifier_n", { n: i + 1 }));
    box.append(
      el("div", { class: "grid3" },
        textField(ctx, child(path, "id"), "rule_id", { keep: true }),
        textField(ctx, child(path, "label"), "rule_label"),
        selectField(ctx, child(path, "max_stage"), "max_stage", ctx.stageChoices(), { empty: "max_stage_lead", help: "help_max_stage" })),
      conditionWidget(ctx, child(path, "if"), { legend: "disqualifier_if" }),
      itemTools(ctx, "disqualify", i, "disqualifier"),
    );
    wrap.append(box);
  });
  wrap.append(addButton(ctx, "disqualify", "add_disqualifier", () => ({ id: ctx.freshId("disqualify"), if: { field: "", exists: true } })));
  return section("s-disqualify", "sec_disqualify", "intro_disqualify", wrap);
}

function routingSection(ctx) {
  const routes = getAt(ctx.model(), "routing");
  const wrap = el("div");
  (Array.isArray(routes) ? routes : []).forEach((_, i) => {
    const path = item("routing", i);
    const box = el("fieldset", { class: "item" }, text("legend", "route_n", { n: i + 1 }));
    box.append(
      el("div", { class: "grid3" }, textField(ctx, child(path, "id"), "route_id", { keep: true }), textField(ctx, child(path, "team"), "route_team", { list: "lg-teams", keep: true })),
      conditionWidget(ctx, child(path, "if"), { optional: true, legend: "route_if" }),
      itemTools(ctx, "routing", i, "route", { movable: true }),
    );
    wrap.append(box);
  });
  wrap.append(addButton(ctx, "routing", "add_route", () => ({ id: ctx.freshId("route"), team: "" })));
  return section("s-routing", "sec_routing", "intro_routing", wrap);
}

function slaSection(ctx) {
  // Every stage of the model and `lead`, and any key already there (a
  // mistyped stage stays visible: the core's unknown_stage points at it).
  const names = [...ctx.stageChoices().map((c) => c[0]), ...Object.keys(ctx.model().sla ?? {})];
  const grid = el("div", { class: "grid3" });
  for (const name of [...new Set(names)]) {
    const path = child(child("sla", name), "respond_within");
    const w = textField(ctx, path, "sla_for", { args: { stage: name }, help: "help_duration" });
    const input = w.querySelector("input");
    // Empty removes the stage's SLA (`sla.SQL`), not just its duration.
    input.addEventListener("input", (e) => {
      e.stopImmediatePropagation();
      ctx.set(input.value === "" ? child("sla", name) : path, input.value === "" ? undefined : input.value);
    }, { capture: true });
    grid.append(w);
  }
  return section("s-sla", "sec_sla", "intro_sla", grid);
}

function goalsSection(ctx) {
  const goals = getAt(ctx.model(), "goals");
  const wrap = el("div");
  (Array.isArray(goals) ? goals : []).forEach((g, i) => {
    const path = item("goals", i);
    const dir = "at_most" in g ? "at_most" : "at_least";
    const box = el("fieldset", { class: "item" }, text("legend", "goal_n", { n: i + 1 }));
    const direction = selectField(ctx, `${path}#dir`, "goal_direction", [["at_least", "goal_at_least"], ["at_most", "goal_at_most"]], {
      onchange: (d) => {
        const v = g[dir];
        delete g[dir];
        g[d] = v;
        ctx.rerender(path);
      },
    });
    direction.querySelector("select").value = dir;
    box.append(
      el("div", { class: "grid3" },
        textField(ctx, child(path, "id"), "goal_id", { keep: true }),
        textField(ctx, child(path, "label"), "goal_label"),
        selectField(ctx, child(path, "kpi"), "goal_kpi", KPIS.map(([k]) => [k, `kpi_${k}`])),
        direction,
        numberField(ctx, child(path, dir), "goal_target", { help: "help_goal_target" }),
        selectField(ctx, child(path, "per"), "goal_per", [["month", "per_month"], ["quarter", "per_quarter"]], { empty: "per_default" }),
        textField(ctx, child(path, "owner"), "goal_owner", { list: "lg-owners", keep: true }),
        selectField(ctx, child(path, "stage"), "goal_stage", ctx.stageChoices().filter((c) => c[0] !== "lead"), { empty: "none" }),
        textField(ctx, child(path, "team"), "goal_team", { list: "lg-teams" })),
      itemTools(ctx, "goals", i, "goal"),
    );
    wrap.append(box);
  });
  wrap.append(addButton(ctx, "goals", "add_goal", () => ({ id: ctx.freshId("goal"), kpi: "sql", at_least: 100, owner: "marketing" })));
  return section("s-goals", "sec_goals", "intro_goals", wrap);
}

function ownersSection(ctx) {
  const grid = el("div", { class: "grid3" });
  for (const [kpi, owner] of KPIS) {
    grid.append(textField(ctx, child("kpi_owners", kpi), `kpi_${kpi}`, { list: "lg-owners", help: "help_default_owner", helpArgs: { k_owner: `owner_${owner}` } }));
  }
  return section("s-owners", "sec_owners", "intro_owners", grid);
}
