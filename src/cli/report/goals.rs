//! The model's goals in the terminal tables and the HTML page: per goal its
//! target, owner, status and trend, and per period the actual, the
//! projection of a period in progress, the status and the gap. The page
//! draws each goal's periods as bars with the target as a dashed line
//! (class `target`), followed by the same figures as a table.

use super::chart::esc;
use crate::report::goals::{Figure, GoalResult};
use crate::report::output::Report;
use std::fmt::Write;

/// A figure as text (`—` when null); the review writes goal figures with it too.
/// The one formatter (src/report/figures.rs), which the report page calls too.
pub fn fig(f: Figure) -> String {
    crate::report::figures::plain(f.0, false)
}

fn signed(f: Figure) -> String {
    crate::report::figures::plain(f.0, true)
}

/// A goal's label (else its id) with its stage and team, as the report and the review head it.
pub(in crate::cli) fn title(g: &GoalResult) -> String {
    let mut t = g.label.clone().unwrap_or_else(|| g.id.clone());
    let scope: Vec<&str> = [g.stage.as_deref(), g.team.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !scope.is_empty() {
        t.push_str(&format!(" ({})", scope.join(", ")));
    }
    t
}

fn direction(g: &GoalResult) -> &'static str {
    if g.direction == "at_most" {
        "at most"
    } else {
        "at least"
    }
}

fn status_words(status: &str) -> &'static str {
    match status {
        "met" => "met",
        "missed" => "missed",
        "in_progress" => "in progress",
        _ => "not measured",
    }
}

/// The terminal's GOALS section (nothing when the model has no goals).
pub fn terminal(s: &mut String, r: &Report) {
    if r.goals.items.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nGOALS (per calendar period, timezone {})", r.timezone);
    for g in &r.goals.items {
        let _ = writeln!(
            s,
            // Two lines: an id, KPI and owner as long as a model's names keep
            // one within the terminal's 100 columns.
            "  {} — {} {} {} per {} · owner: {}\n    now: {}{}",
            g.id,
            g.kpi,
            direction(g),
            fig(g.target),
            g.per,
            g.owner,
            status_words(g.status),
            g.trend
                .map(|t| format!(" · trend: {t}"))
                .unwrap_or_default()
        );
        if g.label.is_some() || g.stage.is_some() || g.team.is_some() {
            let _ = writeln!(s, "    {}", title(g));
        }
        if let Some(why) = &g.not_measured {
            let _ = writeln!(s, "    not measured: {why}");
            continue;
        }
        for p in &g.periods {
            let value = if p.complete {
                fig(p.actual)
            } else {
                format!("{} so far, {} projected", fig(p.actual), fig(p.projected))
            };
            let _ = writeln!(
                s,
                "    {:<9} {:<32} {:<13} gap {}",
                p.period,
                value,
                status_words(p.status),
                signed(p.gap)
            );
        }
    }
}

const W: f64 = 520.0;
const H: f64 = 150.0;

/// The page's goals: a chart and a table per goal.
pub fn html(s: &mut String, r: &Report) {
    if r.goals.items.is_empty() {
        return;
    }
    s.push_str("<h2>Goals: actual vs target</h2>");
    let _ = write!(s, "<p class=\"note\">{}.</p>", esc(r.goals.method));
    for g in &r.goals.items {
        let _ =
            write!(
            s,
            "<h3>{} <span class=\"owner\">owner: {}</span></h3><p>{} {} {} per {} · now: {}{}</p>",
            esc(&title(g)),
            esc(&g.owner),
            esc(g.kpi),
            direction(g),
            fig(g.target),
            g.per,
            status_words(g.status),
            g.trend.map(|t| format!(" · trend: {t}")).unwrap_or_default()
        );
        if let Some(why) = &g.not_measured {
            let _ = write!(s, "<p class=\"note\">Not measured: {}.</p>", esc(why));
        } else {
            chart(s, g);
        }
        let _ = write!(
            s,
            "<table><caption>{} — {}</caption><tr><th>period</th><th>actual</th>\
             <th>projected</th><th>target</th><th>status</th><th>gap</th></tr>",
            esc(&g.id),
            esc(&title(g))
        );
        for p in &g.periods {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.period),
                fig(p.actual),
                fig(p.projected),
                fig(g.target),
                status_words(p.status),
                signed(p.gap)
            );
        }
        s.push_str("</table>");
    }
}

/// Bars of the periods (a projection as a lighter bar behind the actual)
/// and the target as a dashed line; the table after it has the numbers.
fn chart(s: &mut String, g: &GoalResult) {
    let target = g.target.0.unwrap_or(0.0);
    let top = g
        .periods
        .iter()
        .flat_map(|p| [p.actual.0, p.projected.0])
        .flatten()
        .fold(target, f64::max)
        * 1.15;
    let top = if top > 0.0 { top } else { 1.0 };
    let n = g.periods.len().max(1) as f64;
    let slot = (W - 40.0) / n;
    let y = |v: f64| 20.0 + (H - 40.0) * (1.0 - v / top);
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}: actual per {} against the \
         target {} (line); numbers in the table below\">",
        esc(&g.id),
        g.per,
        fig(g.target)
    );
    for (i, p) in g.periods.iter().enumerate() {
        let x = 30.0 + slot * i as f64 + slot * 0.15;
        let w = slot * 0.7;
        if let (Some(v), false) = (p.projected.0, p.complete) {
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#c9d7ea\"/>",
                y(v),
                (H - 20.0 - y(v)).max(0.0)
            );
        }
        if let Some(v) = p.actual.0 {
            let color = match p.status {
                "met" => "#59a14f",
                "missed" => "#e15759",
                _ => "#4e79a7",
            };
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{color}\"/>",
                y(v),
                (H - 20.0 - y(v)).max(0.0)
            );
        }
        let _ = write!(
            s,
            "<text class=\"l\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x + w / 2.0,
            H - 5.0,
            esc(&p.period)
        );
    }
    let ty = y(target);
    let _ = write!(
        s,
        "<line class=\"target\" x1=\"25\" x2=\"{:.1}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" \
         stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text class=\"v\" \
         x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">target {}</text></svg>",
        W - 5.0,
        W - 5.0,
        ty - 4.0,
        fig(g.target)
    );
}
