// The report page's goals (issue 18): per goal and per period, the report's
// `goals` as the CLI's --html shows them (src/cli/report/goals.rs) — owner,
// KPI, target, status, trend, a chart with the target as a dashed line, and
// the same figures as a table (the chart's text alternative) — in the
// page's language. Figures come formatted from the report wasm (the caller's
// `goalFig`, `gapFig`); words from the message table.
import { esc, goalChart, L, txt } from "./report-charts.js";
import { note } from "./report-words.js";

const h2 = (key) => `<h2>${txt(L(key))}</h2>`;
const heads = (keys) => `<tr>${keys.map((k) => `<th scope="col">${txt(L(k))}</th>`).join("")}</tr>`;
const td = (x) => `<td>${txt(x)}</td>`;

const STATUS = ["met", "missed", "in_progress", "not_measured"];
const status = (x) => (STATUS.includes(x) ? L(`report_status_${x}`) : x);
const TRENDS = ["improving", "worsening", "steady"];

/** The goals section of report `r` (nothing without goals); `who` marks an owner, `goalFig` / `gapFig` format figures. */
export function goals(r, { who, goalFig, gapFig }) {
  const items = r.goals?.items ?? [];
  if (!items.length) return "";
  let s = h2("report_goals") + note("report_goals_note") + txt(r.goals.method, "p", ' class="note"');
  for (const g of items) {
    const scope = [g.stage, g.team].filter(Boolean);
    const title = (g.label ?? g.id) + (scope.length ? ` (${scope.join(", ")})` : "");
    const line = [txt(g.kpi, "code"), txt(L(g.direction === "at_most" ? "report_at_most" : "report_at_least")),
      txt(goalFig(g.target)), txt(L(g.per === "quarter" ? "report_per_quarter" : "report_per_month")), txt("·"),
      txt(L("report_now")), txt(status(g.status), "strong")];
    if (TRENDS.includes(g.trend)) line.push(txt("·"), txt(L("report_trend")), txt(L(`report_trend_${g.trend}`)));
    s += `<section class="goal" data-goal="${esc(g.id)}"><h3>${txt(title)} <span class="owner">${txt(L("report_owner"))} ${who(g.owner)}</span></h3>` +
      `<p class="goal-line">${line.join(" ")}</p>`;
    const caption = L("report_goal_table", { id: g.id, title });
    if (g.not_measured) s += `<p class="note">${txt(L("report_goal_not_measured"))} ${txt(g.not_measured)}</p>`;
    else s += goalChart(g, goalFig, L("report_goal_chart", { id: g.id, target: goalFig(g.target) }));
    s += `<table class="goal-table"><caption>${txt(caption)}</caption>` +
      heads(["report_period", "report_actual", "report_projected", "report_target", "report_status", "report_gap"]) +
      g.periods.map((p) => `<tr data-period="${esc(p.period)}"${p.complete ? "" : ' class="in-progress"'}>` +
        [p.period, goalFig(p.actual), goalFig(p.projected), goalFig(g.target), status(p.status), gapFig(p.gap)]
          .map((c) => td(c)).join("") + "</tr>").join("") + "</table>" +
      (g.periods.some((p) => !p.complete) ? note("report_goal_projected_note") : "") + "</section>";
  }
  return s;
}
