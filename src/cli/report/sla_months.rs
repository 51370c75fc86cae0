//! The report's SLA adherence per team per month (`sla.by_team_month`): in
//! the terminal a line per team and month (due, met, late, never, open,
//! adherence), in the HTML page a team × month table whose cells are the
//! month's adherence and `met/due` (`—` when nothing was due). The figures
//! are the report's (src/report/sla_months.rs); nothing is recomputed.

use super::chart::esc;
use crate::report::output::Report;
use crate::report::sla_months::TeamMonthSla;
use crate::report::{group, percent};
use std::fmt::Write;

/// (months in order, teams in order) of the table.
fn axes(rows: &[TeamMonthSla]) -> (Vec<&str>, Vec<&str>) {
    let mut months: Vec<&str> = rows.iter().map(|r| r.month.as_str()).collect();
    months.sort_unstable();
    months.dedup();
    let mut teams: Vec<&str> = rows.iter().map(|r| r.team.as_str()).collect();
    teams.dedup();
    (months, teams)
}

fn cell(rows: &[TeamMonthSla], team: &str, month: &str) -> String {
    match rows.iter().find(|r| r.team == team && r.month == month) {
        Some(r) if r.due > 0 => {
            format!("{} {}/{}", percent(r.adherence), group(r.met), group(r.due))
        }
        _ => "—".to_string(),
    }
}

fn owner(r: &Report) -> &str {
    r.kpis
        .iter()
        .find(|k| k.id == "sla_adherence")
        .map_or("", |k| k.owner.as_str())
}

/// The terminal section, one line per team and month (≤ 100 columns
/// whatever the counts); nothing when the SLA is not measured or no team
/// had a hand-off.
pub fn terminal(s: &mut String, r: &Report) {
    let rows = &r.sla.by_team_month;
    if !r.sla.measured || rows.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\nSLA BY TEAM AND MONTH OF HAND-OFF (owner: {})",
        owner(r)
    );
    let _ = writeln!(
        s,
        "  {:<20}{:>8}{:>10}{:>10}{:>10}{:>10}{:>10}{:>12}",
        "team", "month", "due", "met", "late", "never", "open", "adherence"
    );
    for t in rows {
        let sum = |f: fn(&crate::report::sla_months::MonthStage) -> u64| -> u64 {
            t.stages.iter().map(f).sum()
        };
        let _ = writeln!(
            s,
            "  {:<20}{:>8}{:>10}{:>10}{:>10}{:>10}{:>10}{:>12}",
            super::table::cut(&t.team, 19),
            t.month,
            group(t.due),
            group(t.met),
            group(sum(|x| x.late)),
            group(sum(|x| x.never)),
            group(sum(|x| x.open)),
            percent(t.adherence)
        );
    }
}

/// The HTML section: a table with header cells.
pub fn html(s: &mut String, r: &Report) {
    let rows = &r.sla.by_team_month;
    if !r.sla.measured || rows.is_empty() {
        return;
    }
    let (months, teams) = axes(rows);
    let _ = write!(
        s,
        "<table><caption>SLA adherence by team and month of hand-off (met/due; owner: {})\
         </caption><tr><th scope=\"col\">team</th>",
        esc(owner(r))
    );
    for m in &months {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(m));
    }
    s.push_str("</tr>");
    for team in teams {
        let _ = write!(s, "<tr><th scope=\"row\">{}</th>", esc(team));
        for m in &months {
            let _ = write!(s, "<td>{}</td>", esc(&cell(rows, team, m)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</table>");
}
