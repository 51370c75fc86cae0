//! The report as one self-contained HTML page: inline CSS and SVG, no script,
//! no fonts or images from anywhere, so it opens offline and can be mailed.

use super::chart::{esc, funnel, hbars, nice_max, vbars, HBar, Series};
use crate::report::output::{GroupKpis, Ratio, Report, SlaStage};
use crate::report::{duration, group, percent};
use std::fmt::Write;

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;\
color:#222;margin:24px auto;max-width:1100px;padding:0 16px}h1{font-size:22px;margin:0 0 4px}\
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}\
.meta{color:#666}.owner{display:inline-block;font-size:11px;padding:1px 6px;border-radius:8px;\
background:#eef;color:#335;margin-left:6px;vertical-align:middle}table{border-collapse:collapse;\
margin:6px 0 12px;font-variant-numeric:tabular-nums}th,td{padding:3px 8px;text-align:right;\
border-bottom:1px solid #eee}th{background:#f6f6f6}td:first-child,th:first-child{text-align:left}\
svg{max-width:100%;height:auto;display:block;margin:8px 0}svg .t{font:bold 14px sans-serif}\
svg .l{font:12px sans-serif;fill:#333}svg .v{font:12px sans-serif;fill:#555}\
svg .b{font:bold 13px sans-serif;fill:#fff}svg .g{stroke:#e4e4e4}.note{color:#555;max-width:820px}\
.sug{background:#f7faf7;border-left:4px solid #59a14f;padding:8px 12px;margin:8px 0}\
code{background:#f3f3f3;padding:0 3px}";

fn owner_badge(r: &Report, id: &str) -> String {
    let owner = r.kpis.iter().find(|k| k.id == id).map_or("", |k| &k.owner);
    format!(r#"<span class="owner">owner: {}</span>"#, esc(owner))
}

fn owner_of<'r>(r: &'r Report, id: &str) -> &'r str {
    r.kpis.iter().find(|k| k.id == id).map_or("", |k| &k.owner)
}

fn share(x: Ratio) -> f64 {
    x.0.unwrap_or(0.0)
}

/// The page for a report of the export `name`.
pub fn render(r: &Report, name: &str) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>leadgate report — \
         {}</title><style>{CSS}</style></head><body><main><h1>SLA report: {}</h1>",
        esc(name),
        esc(name)
    );
    let _ = write!(
        s,
        r#"<p class="meta">Model <code>{} {}</code> ({}) · as of {} · timezone {} · {} rows ({}), {} used, {} skipped, {} problems</p>"#,
        esc(&r.model.id),
        esc(&r.model.version),
        esc(&r.model.hash),
        esc(&r.as_of),
        esc(&r.timezone),
        group(r.input.rows),
        r.input.format,
        group(r.input.used),
        group(r.input.skipped),
        group(r.problems.total)
    );
    let o = &r.overall;
    let _ = write!(s, "<h2>Funnel{}</h2>", owner_badge(r, "lead_to_mql"));
    s.push_str(&funnel(&[
        ("leads".into(), o.leads, String::new()),
        (
            "MQL".into(),
            o.mql,
            format!(
                "lead → MQL {} ({})",
                percent(o.lead_to_mql),
                owner_of(r, "lead_to_mql")
            ),
        ),
        (
            "SQL".into(),
            o.sql,
            format!(
                "MQL → SQL {} ({})",
                percent(o.mql_to_sql),
                owner_of(r, "mql_to_sql")
            ),
        ),
        (
            "won".into(),
            o.won,
            format!(
                "SQL → won {} ({})",
                percent(o.sql_to_won),
                owner_of(r, "sql_to_won")
            ),
        ),
    ]));
    months_chart(&mut s, r);
    super::revenue::html(&mut s, r);
    super::goals::html(&mut s, r);
    sla(&mut s, r);
    super::sla_months::html(&mut s, r);
    scores(&mut s, r);
    backtest(&mut s, r);
    let by_leads = |rows: &[GroupKpis]| {
        let mut v = rows.to_vec();
        v.sort_by(|a, b| b.leads.cmp(&a.leads).then_with(|| a.key.cmp(&b.key)));
        v
    };
    let m = r.sla.measured;
    group_table(&mut s, "By month of creation", &r.by_month, m);
    if !r.by_month.is_empty() {
        maturing(&mut s, r);
    }
    group_table(&mut s, "By team", &by_leads(&r.by_team), m);
    group_table(&mut s, "By owner", &by_leads(&r.by_owner), m);
    let (sources, personas) = (by_leads(&r.by_source), by_leads(&r.by_persona));
    group_table(&mut s, "By source (utm_source)", &sources, m);
    group_table(&mut s, "By persona (re-scored)", &personas, m);
    group_table(&mut s, "By grade (re-scored)", &r.by_grade, m);
    kpis_and_problems(&mut s, r);
    s.push_str("</main></body></html>\n");
    s
}

fn months_chart(s: &mut String, r: &Report) {
    if r.by_month.is_empty() {
        return;
    }
    let cats: Vec<String> = r.by_month.iter().map(|m| m.key.clone()).collect();
    let pick = |f: fn(&GroupKpis) -> Ratio| -> Vec<Option<f64>> {
        r.by_month.iter().map(|m| f(m).0).collect()
    };
    let series = [
        Series {
            name: "lead → MQL".into(),
            color: "#59a14f",
            values: pick(|m| m.lead_to_mql),
        },
        Series {
            name: "MQL → SQL".into(),
            color: "#f28e2b",
            values: pick(|m| m.mql_to_sql),
        },
        Series {
            name: "SQL → won".into(),
            color: "#e15759",
            values: pick(|m| m.sql_to_won),
        },
    ];
    let max = series
        .iter()
        .flat_map(|se| se.values.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let max = nice_max(max);
    let _ = write!(
        s,
        "<h2>Conversion by month{}</h2>",
        owner_badge(r, "mql_to_sql")
    );
    s.push_str(&vbars(
        "Conversion by month of creation",
        &cats,
        &series,
        max,
        &|v| format!("{:.0}%", v * 100.0),
    ));
    maturing(s, r);
}

/// The note on months still maturing (src/report/maturity.rs), if any.
fn maturing(s: &mut String, r: &Report) {
    if let Some(note) = crate::report::maturity::note(&r.maturity) {
        let _ = write!(s, "<p class=\"note maturing\">{}</p>", esc(&note));
    }
}

fn stage_cells(st: &SlaStage) -> String {
    format!(
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        esc(st.respond_within.as_deref().unwrap_or("—")),
        group(st.handoffs),
        group(st.contacted),
        duration(st.median_minutes),
        duration(st.p90_minutes),
        group(st.met),
        group(st.late),
        group(st.never),
        group(st.open),
        percent(st.adherence)
    )
}

const STAGE_HEAD: &str = "<th>within</th><th>hand-offs</th><th>contacted</th><th>median</th>\
<th>p90</th><th>met</th><th>late</th><th>never</th><th>open</th><th>adherence</th>";

fn sla(s: &mut String, r: &Report) {
    let _ = write!(
        s,
        "<h2>SLA: time to first contact{}</h2>",
        owner_badge(r, "sla_adherence")
    );
    if !r.sla.measured {
        s.push_str(
            "<p class=\"note\"><strong>Not measured</strong>: the export has no first-contact \
             column (<code>--map first_contact_at=COLUMN</code>), so SLA adherence is unknown, \
             not 0%.</p>",
        );
        return;
    }
    let bars: Vec<HBar> = r
        .sla
        .by_team
        .iter()
        .filter(|t| t.due > 0)
        .map(|t| HBar {
            label: t.team.clone(),
            value: share(t.adherence),
            text: format!("{} of {}", percent(t.adherence), group(t.due)),
        })
        .collect();
    if !bars.is_empty() {
        s.push_str(&hbars("SLA adherence by team", &bars, 1.0, "#4e79a7"));
    }
    let _ = write!(s, "<table><tr><th>hand-off stage</th>{STAGE_HEAD}</tr>");
    for st in r.sla.stages.iter().filter(|st| st.handoffs > 0) {
        let _ = write!(s, "<tr><td>{}</td>{}</tr>", st.stage, stage_cells(st));
    }
    let _ = write!(
        s,
        "</table><table><tr><th>team · stage</th>{STAGE_HEAD}</tr>"
    );
    for team in &r.sla.by_team {
        for st in team.stages.iter().filter(|st| st.handoffs > 0) {
            let _ = write!(
                s,
                "<tr><td>{} · {}</td>{}</tr>",
                esc(&team.team),
                st.stage,
                stage_cells(st)
            );
        }
    }
    s.push_str("</table>");
}

fn scores(s: &mut String, r: &Report) {
    let d = &r.score_distribution;
    if d.bins.is_empty() {
        return;
    }
    let won: u64 = d.bins.iter().map(|b| b.won).sum();
    let lost: u64 = d.bins.iter().map(|b| b.lost).sum();
    let cats: Vec<String> = d.bins.iter().map(|b| b.from.to_string()).collect();
    let series = [
        Series {
            name: format!("won ({})", group(won)),
            color: "#59a14f",
            values: d.bins.iter().map(|b| Ratio::of(b.won, won).0).collect(),
        },
        Series {
            name: format!("lost ({})", group(lost)),
            color: "#bab0ac",
            values: d.bins.iter().map(|b| Ratio::of(b.lost, lost).0).collect(),
        },
    ];
    let max = series
        .iter()
        .flat_map(|se| se.values.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let max = nice_max(max);
    let _ = write!(
        s,
        "<h2>Score of won vs lost leads{}</h2><p class=\"note\">Share of each group per \
         {}-point bin of the score re-computed as of each lead's creation.</p>",
        owner_badge(r, "score_distribution"),
        d.bin_width
    );
    s.push_str(&vbars(
        "Score histogram: won vs lost",
        &cats,
        &series,
        max,
        &|v| format!("{:.0}%", v * 100.0),
    ));
}

fn backtest(s: &mut String, r: &Report) {
    let b = &r.backtest;
    let _ = write!(
        s,
        "<h2>Backtest of the model{}</h2>",
        owner_badge(r, "model_sql")
    );
    let cats: Vec<String> = b.deciles.iter().map(|d| d.decile.to_string()).collect();
    let series = [Series {
        name: "conversion to won".into(),
        color: "#4e79a7",
        values: b.deciles.iter().map(|d| d.conversion.0).collect(),
    }];
    let max = b
        .deciles
        .iter()
        .filter_map(|d| d.conversion.0)
        .fold(0.0f64, f64::max);
    let max = nice_max(max);
    s.push_str(&vbars(
        "Conversion by score decile (10 = highest)",
        &cats,
        &series,
        max,
        &|v| format!("{:.1}%", v * 100.0),
    ));
    s.push_str("<table><tr><th>stage</th><th>model</th><th>CRM</th><th>both</th></tr>");
    for st in &b.stages {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            st.stage,
            group(st.model),
            group(st.crm),
            group(st.both)
        );
    }
    s.push_str("</table><table><tr><th>SQL as a prediction of won</th><th>SQLs</th><th>precision</th><th>recall</th><th>F1</th></tr>");
    for (label, p) in [("model", &b.model_sql_vs_won), ("CRM", &b.crm_sql_vs_won)] {
        let _ = write!(
            s,
            "<tr><td>{label}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            group(p.predicted),
            percent(p.precision),
            percent(p.recall),
            percent(p.f1)
        );
    }
    s.push_str("</table>");
    let _ = write!(
        s,
        "<h2>Suggested thresholds{}</h2>",
        owner_badge(r, "suggestions")
    );
    for sug in &b.suggestions {
        let head = match sug.score_at_least {
            Some(t) => format!("{} at score ≥ {t}", sug.stage),
            None => format!("{}: no threshold", sug.stage),
        };
        let _ = write!(
            s,
            "<div class=\"sug\"><b>{}</b> ({})<br>{}</div>",
            esc(&head),
            esc(&sug.objective.replace('_', " ")),
            esc(&sug.explanation)
        );
    }
}

fn group_table(s: &mut String, title: &str, rows: &[GroupKpis], measured: bool) {
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        s,
        "<h2>{}</h2><table><tr><th></th><th>leads</th><th>MQL</th><th>SQL</th><th>won</th>\
         <th>lead→MQL</th><th>MQL→SQL</th><th>SQL→won</th><th>SLA</th><th>median contact</th>\
         <th>p90</th><th>model SQL</th></tr>",
        esc(title)
    );
    for g in rows {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&g.key),
            group(g.leads),
            group(g.mql),
            group(g.sql),
            group(g.won),
            percent(g.lead_to_mql),
            percent(g.mql_to_sql),
            percent(g.sql_to_won),
            sla_cell(g, measured),
            duration(g.first_contact_median_minutes),
            duration(g.first_contact_p90_minutes),
            group(g.model_sql)
        );
    }
    s.push_str("</table>");
}

/// A group's SLA adherence, or "not measured" (never 0%).
fn sla_cell(g: &GroupKpis, measured: bool) -> String {
    let text = measured.then(|| percent(g.sla_adherence));
    text.unwrap_or_else(|| "not measured".to_string())
}

fn kpis_and_problems(s: &mut String, r: &Report) {
    s.push_str(
        "<h2>KPIs and owners</h2><table><tr><th>KPI</th><th>owner</th><th>definition</th></tr>",
    );
    for k in &r.kpis {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
            esc(k.label),
            k.owner,
            esc(k.definition)
        );
    }
    s.push_str("</table>");
    if r.problems.total == 0 {
        return;
    }
    let _ = write!(
        s,
        "<h2>Problems ({})</h2><table><tr><th>line</th><th>column</th><th>code</th><th>message</th></tr>",
        group(r.problems.total)
    );
    for p in r.problems.first.iter().take(50) {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
            p.line,
            esc(p.column.as_deref().unwrap_or("")),
            p.code,
            esc(&p.message)
        );
    }
    s.push_str("</table>");
    if r.problems.total > 50 {
        let _ = write!(
            s,
            "<p class=\"note\">… and {} more (see --json or --errors).</p>",
            group(r.problems.total - 50)
        );
    }
}
