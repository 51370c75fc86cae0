//! The report as terminal tables, readable in 100 columns.

use crate::report::output::{GroupKpis, Ratio, Report, SlaStage};
use crate::report::{duration, group, percent};
use std::fmt::Write;

/// Width the text is wrapped to.
const WIDTH: usize = 98;

fn pct(r: Ratio) -> String {
    percent(r)
}

/// Cuts a label to `n` characters (with `…`).
pub fn cut(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        return text.to_string();
    }
    let mut s: String = text.chars().take(n.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Wraps words at `WIDTH`, each line indented by `indent`.
pub fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        if line.len() > indent.len() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

fn owner<'r>(report: &'r Report, id: &str) -> &'r str {
    report
        .kpis
        .iter()
        .find(|k| k.id == id)
        .map_or("", |k| k.owner.as_str())
}

/// The whole report; group tables show the `top` largest groups.
pub fn render(r: &Report, top: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "leadgate report · model {} {} ({})\nas of {} · timezone {}",
        r.model.id, r.model.version, r.model.hash, r.as_of, r.timezone
    );
    let _ = writeln!(
        s,
        "input: {} rows ({}), {} used, {} skipped · {} problems{}",
        group(r.input.rows),
        r.input.format,
        group(r.input.used),
        group(r.input.skipped),
        group(r.problems.total),
        if r.problems.total > 0 {
            " (listed on stderr and in --json)"
        } else {
            ""
        }
    );
    funnel(&mut s, r);
    super::revenue::terminal(&mut s, r, top);
    super::goals::terminal(&mut s, r);
    sla(&mut s, r);
    super::sla_months::terminal(&mut s, r);
    let months: Vec<&GroupKpis> = r.by_month.iter().collect();
    let m = r.sla.measured;
    groups(&mut s, "BY MONTH OF CREATION", &months, usize::MAX, m);
    if let Some(note) = crate::report::maturity::note(&r.maturity) {
        s.push_str(&wrap(&note, "  "));
    }
    groups(&mut s, "BY TEAM", &sorted(&r.by_team), top, m);
    groups(&mut s, "BY OWNER", &sorted(&r.by_owner), top, m);
    let (sources, personas) = (sorted(&r.by_source), sorted(&r.by_persona));
    groups(&mut s, "BY SOURCE (utm_source)", &sources, top, m);
    groups(&mut s, "BY PERSONA (re-scored)", &personas, top, m);
    let grades: Vec<&GroupKpis> = r.by_grade.iter().collect();
    groups(&mut s, "BY GRADE (re-scored)", &grades, usize::MAX, m);
    scores(&mut s, r);
    backtest(&mut s, r);
    s
}

/// Groups by leads, largest first (ties by name).
fn sorted(groups: &[GroupKpis]) -> Vec<&GroupKpis> {
    let mut v: Vec<&GroupKpis> = groups.iter().collect();
    v.sort_by(|a, b| b.leads.cmp(&a.leads).then_with(|| a.key.cmp(&b.key)));
    v
}

fn funnel(s: &mut String, r: &Report) {
    let o = &r.overall;
    let _ = writeln!(s, "\nFUNNEL{:>33}   {:<20} owner", "count", "conversion");
    let rows = [
        ("leads", o.leads, "", Ratio(None), "leads"),
        ("MQL", o.mql, "lead → MQL", o.lead_to_mql, "lead_to_mql"),
        ("SQL", o.sql, "MQL → SQL", o.mql_to_sql, "mql_to_sql"),
        ("won", o.won, "SQL → won", o.sql_to_won, "sql_to_won"),
    ];
    for (label, n, conv, ratio, id) in rows {
        let ratio = if conv.is_empty() {
            String::new()
        } else {
            pct(ratio)
        };
        let _ = writeln!(
            s,
            "  {label:<10}{:>27}   {conv:<12}{ratio:>7}  {}",
            group(n),
            owner(r, id)
        );
    }
    let _ = writeln!(s, "  lost{:>33}", group(o.lost));
}

fn stage_row(s: &mut String, label: &str, st: &SlaStage) {
    let _ = writeln!(
        s,
        "  {:<14}{:<7}{:>9}{:>10}{:>8}{:>8}{:>9}{:>8}{:>8}{:>7}{:>10}",
        cut(label, 14),
        st.respond_within.as_deref().unwrap_or("—"),
        group(st.handoffs),
        group(st.contacted),
        duration(st.median_minutes),
        duration(st.p90_minutes),
        group(st.met),
        group(st.late),
        group(st.never),
        group(st.open),
        pct(st.adherence)
    );
}

/// What the SLA figures say without a first-contact column (never 0%).
const NOT_MEASURED: &str = "not measured: the export has no first-contact column \
                            (--map first_contact_at=COLUMN); adherence is unknown, not 0%";

fn sla(s: &mut String, r: &Report) {
    let _ = writeln!(
        s,
        "\nSLA · TIME TO FIRST CONTACT BY HAND-OFF STAGE (owner: {})",
        owner(r, "sla_adherence")
    );
    let header = format!(
        "  {:<14}{:<7}{:>9}{:>10}{:>8}{:>8}{:>9}{:>8}{:>8}{:>7}{:>10}",
        "stage",
        "within",
        "handoffs",
        "contacted",
        "median",
        "p90",
        "met",
        "late",
        "never",
        "open",
        "adherence"
    );
    if !r.sla.measured {
        let _ = writeln!(s, "  {NOT_MEASURED}");
        return;
    }
    let _ = writeln!(s, "{header}");
    for st in r.sla.stages.iter().filter(|st| st.handoffs > 0) {
        stage_row(s, st.stage, st);
    }
    if r.sla.by_team.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\nSLA BY TEAM AND STAGE (owner: {})",
        owner(r, "sla_adherence")
    );
    let _ = writeln!(
        s,
        "{}",
        header.replacen("stage         ", "team · stage  ", 1)
    );
    for team in &r.sla.by_team {
        let _ = writeln!(
            s,
            "  {} — adherence {} ({} of {} due)",
            team.team,
            pct(team.adherence),
            group(team.met),
            group(team.due)
        );
        for st in team.stages.iter().filter(|st| st.handoffs > 0) {
            stage_row(s, &format!("  · {}", st.stage), st);
        }
    }
}

fn groups(s: &mut String, title: &str, rows: &[&GroupKpis], top: usize, measured: bool) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n{title}");
    let _ = writeln!(
        s,
        "  {:<16}{:>8}{:>8}{:>7}{:>6}{:>7}{:>8}{:>8}{:>7}{:>7}{:>7}{:>9}",
        "",
        "leads",
        "MQL",
        "SQL",
        "won",
        "L→MQL",
        "MQL→SQL",
        "SQL→won",
        "SLA",
        "median",
        "p90",
        "mdl SQL"
    );
    for g in rows.iter().take(top) {
        let _ = writeln!(
            s,
            "  {:<16}{:>8}{:>8}{:>7}{:>6}{:>7}{:>8}{:>8}{:>7}{:>7}{:>7}{:>9}",
            cut(&g.key, 15),
            group(g.leads),
            group(g.mql),
            group(g.sql),
            group(g.won),
            pct(g.lead_to_mql),
            pct(g.mql_to_sql),
            pct(g.sql_to_won),
            pct(g.sla_adherence),
            duration(g.first_contact_median_minutes),
            duration(g.first_contact_p90_minutes),
            group(g.model_sql)
        );
    }
    if !measured {
        let _ = writeln!(s, "  (SLA, median, p90: not measured)");
    }
    if rows.len() > top {
        let _ = writeln!(s, "  … {} more (all in --json)", rows.len() - top);
    }
}

/// A bar of `share` (0..1) in `width` cells.
pub fn bar(share: f64, width: usize) -> String {
    let cells = libm::round(share.clamp(0.0, 1.0) * width as f64) as usize;
    "█".repeat(cells)
}

fn scores(s: &mut String, r: &Report) {
    let d = &r.score_distribution;
    if d.bins.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\nSCORE DISTRIBUTION, WON VS LOST (re-scored as of created_at; owner: {})",
        owner(r, "score_distribution")
    );
    let _ = writeln!(
        s,
        "  {:<12}{:>8}{:>7}{:>7}{:>7}  {:<20}   share of lost",
        "score", "leads", "won", "lost", "won %", "share of won"
    );
    let won: u64 = d.bins.iter().map(|b| b.won).sum();
    let lost: u64 = d.bins.iter().map(|b| b.lost).sum();
    // Bars are scaled to the largest share, so the two shapes compare at a glance.
    let top = d
        .bins
        .iter()
        .flat_map(|b| [Ratio::of(b.won, won).0, Ratio::of(b.lost, lost).0])
        .flatten()
        .fold(0.0f64, f64::max);
    let scale = if top > 0.0 { top } else { 1.0 };
    for b in &d.bins {
        let range = format!("{}..{}", b.from, b.from + d.bin_width - 1);
        let w = Ratio::of(b.won, won).0.unwrap_or(0.0) / scale;
        let l = Ratio::of(b.lost, lost).0.unwrap_or(0.0) / scale;
        let _ = writeln!(
            s,
            "  {range:<12}{:>8}{:>7}{:>7}{:>7}  {:<20} │ {}",
            group(b.leads),
            group(b.won),
            group(b.lost),
            pct(Ratio::of(b.won, b.won + b.lost)),
            bar(w, 20),
            "░".repeat(libm::round(l.clamp(0.0, 1.0) * 20.0) as usize)
        );
    }
}

fn backtest(s: &mut String, r: &Report) {
    let b = &r.backtest;
    let _ = writeln!(
        s,
        "\nBACKTEST · the model re-scored each lead as of its created_at (owner: {})",
        owner(r, "model_sql")
    );
    let _ = writeln!(
        s,
        "  {:<8}{:>10}{:>10}{:>10}",
        "stage", "model", "CRM", "both"
    );
    for st in &b.stages {
        let _ = writeln!(
            s,
            "  {:<8}{:>10}{:>10}{:>10}",
            st.stage,
            group(st.model),
            group(st.crm),
            group(st.both)
        );
    }
    for (label, p) in [
        ("model SQL", &b.model_sql_vs_won),
        ("CRM SQL", &b.crm_sql_vs_won),
    ] {
        let _ = writeln!(
            s,
            "  {label:<10} as a prediction of won: {} SQLs, precision {}, recall {}, F1 {}",
            group(p.predicted),
            pct(p.precision),
            pct(p.recall),
            pct(p.f1)
        );
    }
    if !b.deciles.is_empty() {
        let _ = writeln!(
            s,
            "\n  CONVERSION TO WON BY SCORE DECILE (10 = highest scores)"
        );
        let _ = writeln!(
            s,
            "  {:<8}{:>14}{:>9}{:>8}{:>11}",
            "decile", "scores", "leads", "won", "conversion"
        );
        let best = b
            .deciles
            .iter()
            .filter_map(|d| d.conversion.0)
            .fold(0.0f64, f64::max);
        for d in b.deciles.iter().rev() {
            let share = d.conversion.0.unwrap_or(0.0) / if best > 0.0 { best } else { 1.0 };
            let _ = writeln!(
                s,
                "  {:<8}{:>14}{:>9}{:>8}{:>11}  {}",
                d.decile,
                format!("{}..{}", d.score_from, d.score_to),
                group(d.leads),
                group(d.won),
                pct(d.conversion),
                bar(share, 30)
            );
        }
    }
    let _ = writeln!(
        s,
        "\nSUGGESTED THRESHOLDS (owner: {})",
        owner(r, "suggestions")
    );
    for sug in &b.suggestions {
        let head = match sug.score_at_least {
            Some(t) => format!(
                "{} at score ≥ {t} ({})",
                sug.stage,
                sug.objective.replace('_', " ")
            ),
            None => format!("{} ({}): none", sug.stage, sug.objective.replace('_', " ")),
        };
        let _ = writeln!(s, "  {head}");
        s.push_str(&wrap(&sug.explanation, "    "));
    }
}
