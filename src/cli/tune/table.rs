//! The tune summary as terminal tables, readable in 100 columns.

use super::super::report::table::{cut, wrap};
use crate::report::output::{Prediction, Ratio};
use crate::report::{group, percent};
use crate::tune::{Metrics, TuneSummary};
use std::fmt::Write;

// The one formatter (src/report/figures.rs): the report page's tuning
// tables call the same functions through the report wasm's `format_figure`.
use crate::report::figures::{fixed, signed, significant};

fn ratio(r: Option<f64>) -> String {
    fixed(r, 3)
}

/// As the JSON writes it (4 decimals), so the page, which has only the JSON,
/// prints the same (a lift of 2.08501 is 2.0850 there, and `2.08`).
fn lift(r: Ratio) -> String {
    fixed(r.rounded(), 2)
}

/// The whole summary; `written` is where the model went.
pub fn render(t: &TuneSummary, written: Option<&str>) -> String {
    let mut s = String::new();
    let m = &t.model;
    let _ = writeln!(
        s,
        "leadgate tune · model {} {} → {} ({} → {}){}",
        m.id,
        m.version_before,
        m.version,
        m.hash_before,
        m.hash,
        written.map_or_else(String::new, |w| format!(", written to {w}"))
    );
    let _ = writeln!(
        s,
        "input: {} rows, {} skipped · {} problems",
        group(t.input.rows),
        group(t.input.skipped),
        group(t.input.problems)
    );
    let (tr, ho) = (&t.split.training, &t.split.held_out);
    let _ = writeln!(
        s,
        "split: {} training (won {}, lost {}, open {}) · {} held out ({:.0}%, seed {})",
        group(tr.leads),
        group(tr.won),
        group(tr.lost),
        group(tr.open),
        group(ho.leads),
        t.split.holdout * 100.0,
        t.split.seed
    );
    let me = &t.method;
    let _ = writeln!(
        s,
        "fit: {} won vs {} {} · L2 logistic regression on {} rules, λ {} (5-fold CV), {} \
         Newton steps; 1 unit of log-odds = {:.1} points, rounded to {}",
        group(me.won),
        group(me.not_won),
        match me.settle_days {
            Some(d) => format!("not won (lost, or open {d} days or more)"),
            None => "lost".to_string(),
        },
        me.fitted_rules,
        significant(me.lambda),
        me.iterations,
        me.points_per_logit,
        me.step
    );
    check(&mut s, t);
    rules(&mut s, t);
    cutoffs(&mut s, t);
    candidates(&mut s, t);
    if !t.notes.is_empty() {
        let _ = writeln!(s, "\nNOTES");
        for note in &t.notes {
            s.push_str(&wrap(&format!("- {note}"), "  "));
        }
    }
    s
}

fn check(s: &mut String, t: &TuneSummary) {
    let h = &t.held_out;
    let _ = writeln!(
        s,
        "\nHELD-OUT CHECK · {} leads, {} won, {} lost (each model as written, re-scored)",
        group(h.leads),
        group(h.won),
        group(h.lost)
    );
    let _ = writeln!(s, "  {:<26}{:>12}{:>12}", "", "before", "after");
    let row = |s: &mut String, label: &str, a: String, b: String| {
        let _ = writeln!(s, "  {label:<26}{a:>12}{b:>12}");
    };
    row(
        s,
        "AUC (won vs lost)",
        ratio(h.before.auc),
        ratio(h.after.auc),
    );
    row(
        s,
        "AUC (won vs all others)",
        ratio(h.before.auc_all),
        ratio(h.after.auc_all),
    );
    for (name, pick) in [
        (
            "SQL",
            (|m: &Metrics| m.sql.clone()) as fn(&Metrics) -> Prediction,
        ),
        ("MQL", |m: &Metrics| m.mql.clone()),
    ] {
        let (b, a) = (pick(&h.before), pick(&h.after));
        row(
            s,
            &format!("{name} leads"),
            group(b.predicted),
            group(a.predicted),
        );
        row(
            s,
            &format!("{name} precision vs won"),
            percent(b.precision),
            percent(a.precision),
        );
        row(
            s,
            &format!("{name} recall vs won"),
            percent(b.recall),
            percent(a.recall),
        );
    }
    let _ = writeln!(
        s,
        "\n  LIFT BY SCORE DECILE (10 = highest scores; lift = conversion / base rate)"
    );
    let _ = writeln!(
        s,
        "  {:<8}{:>14}{:>8}{:>7}   {:>14}{:>8}{:>7}",
        "decile", "before: scores", "conv", "lift", "after: scores", "conv", "lift"
    );
    for d in (1..=10u8).rev() {
        let pick = |m: &Metrics| m.deciles.iter().find(|x| x.decile == d).cloned();
        let cell = |x: Option<crate::tune::DecileLift>| match x {
            Some(x) => (
                format!("{}..{}", x.score_from, x.score_to),
                percent(x.conversion),
                lift(x.lift),
            ),
            None => ("—".into(), "—".into(), "—".into()),
        };
        let (b, a) = (cell(pick(&h.before)), cell(pick(&h.after)));
        let _ = writeln!(
            s,
            "  {d:<8}{:>14}{:>8}{:>7}   {:>14}{:>8}{:>7}",
            b.0, b.1, b.2, a.0, a.1, a.2
        );
    }
    let _ = writeln!(s, "\n  STAGES (held-out leads)");
    let _ = writeln!(
        s,
        "  {:<12}{:>10}{:>10}{:>11}{:>12}",
        "stage", "before", "after", "moved up", "moved down"
    );
    for c in &h.stages {
        let _ = writeln!(
            s,
            "  {:<12}{:>10}{:>10}{:>11}{:>12}",
            cut(&c.stage, 12),
            group(c.before),
            group(c.after),
            group(c.moved_up),
            group(c.moved_down)
        );
    }
    if !h.moves.is_empty() {
        let moves: Vec<String> = h
            .moves
            .iter()
            .map(|m| format!("{} → {} {}", m.from, m.to, group(m.leads)))
            .collect();
        s.push_str(&wrap(&format!("changes: {}", moves.join("; ")), "  "));
    }
}

fn rules(s: &mut String, t: &TuneSummary) {
    let _ = writeln!(
        s,
        "\nRULES · points before → after; effect = log-odds per unit (z); fired = share of training leads"
    );
    let _ = writeln!(
        s,
        "  {:<26}{:<11}{:>8}{:>8}{:>9}{:>7}{:>8}",
        "rule", "group", "before", "after", "effect", "z", "fired"
    );
    for r in &t.rules {
        let effect = signed(r.coefficient, 3);
        let z = fixed(r.z, 1);
        let _ = writeln!(
            s,
            "  {:<26}{:<11}{:>8}{:>8}{:>9}{:>7}{:>8}",
            cut(&r.id, 25),
            r.group,
            r.points_before.to_string(),
            r.points.to_string(),
            effect,
            z,
            percent(r.fired)
        );
        if let (Some(a), Some(b)) = (r.max_before, r.max) {
            if a != b {
                let _ = writeln!(s, "    max {a} → {b} (the same number of events)");
            }
        }
        if let Some(note) = &r.note {
            s.push_str(&wrap(note, "    "));
        }
    }
}

fn cutoffs(s: &mut String, t: &TuneSummary) {
    if t.cutoffs.is_empty() {
        return;
    }
    let _ = writeln!(s, "\nCUT-OFFS");
    for c in &t.cutoffs {
        let _ = writeln!(s, "  {} ({}): {} → {}", c.path, c.kind, c.before, c.after);
        s.push_str(&wrap(&c.how, "    "));
    }
}

fn candidates(s: &mut String, t: &TuneSummary) {
    let _ = writeln!(
        s,
        "\nCANDIDATE RULES · not applied: columns no rule reads, by value (training leads, won rate vs the rest)"
    );
    if t.candidates.is_empty() {
        let _ = writeln!(s, "  none with a strong, significant lift");
    }
    for c in &t.candidates {
        let value = c
            .value
            .as_deref()
            .map_or_else(|| "(blank)".to_string(), |v| format!("{v:?}"));
        let _ = writeln!(
            s,
            "  {} = {}: {} leads, won {:.1}% vs {:.1}% (lift {:.2}, z {:.1}), ≈ {:+} points",
            c.field,
            cut(&value, 40),
            group(c.leads),
            c.won_rate * 100.0,
            c.rest_rate * 100.0,
            c.lift,
            c.z,
            c.points_hint
        );
    }
}
