//! `leadgate explain`: one lead's outcome as a readable breakdown (fits 100 columns).

use super::args::{Arg, Args};
use super::common::{self, Failure};
use super::{help, EXIT_FAILED, EXIT_OK};
use crate::lead::Value;
use crate::outcome::{Group, Outcome, Reason, Shown};
use crate::{CompiledModel, ScoreOptions};
use std::fmt::Write as _;

const WIDTH: usize = 100;
const FLAGS: &[&str] = &["--model", "--now", "--previous-stage", "--json", "--help"];

/// Runs `leadgate explain`.
pub fn run(mut args: Args) -> Result<u8, Failure> {
    let mut model_path = None;
    let mut now = None;
    let mut previous = None;
    let mut json = false;
    let mut input = None;
    while let Some(arg) = args.next_arg() {
        let (flag, inline) = match arg {
            Arg::Positional(p) if input.is_none() => {
                input = Some(p);
                continue;
            }
            Arg::Positional(p) => {
                return Err(args
                    .error(format!("one lead at a time; unexpected {p:?}"))
                    .into())
            }
            Arg::Flag(f, v) => (f, v),
        };
        match flag.as_str() {
            "--model" | "-m" => model_path = Some(args.value(&flag, inline)?),
            "--now" => now = Some(args.value(&flag, inline)?),
            "--previous-stage" => previous = Some(args.value(&flag, inline)?),
            "--json" => {
                args.no_value(&flag, inline)?;
                json = true;
            }
            "--help" | "-h" => {
                common::write_stdout(help::EXPLAIN.as_bytes())?;
                return Ok(EXIT_OK);
            }
            _ => return Err(args.unknown(&flag, FLAGS).into()),
        }
    }
    let input =
        input.ok_or_else(|| args.error("no lead given (a JSON file, or - for stdin)".into()))?;
    let now = common::parse_now(now.as_deref(), "explain")?;
    let model = common::load_model(model_path.as_deref())?;
    let text = common::read_text(&input)?;
    let mut fixed = None;
    let (lead, lone_surrogates): (Value<'_>, bool) =
        match crate::lead::parse_json_lead(&text, &mut fixed) {
            Ok(parsed) => parsed,
            Err(e) => {
                eprintln!(
                    "{input}: bad_json: {}",
                    super::worker::json_error_message(&e)
                );
                return Ok(EXIT_FAILED);
            }
        };
    let options = ScoreOptions {
        now,
        previous_stage: previous,
        lone_surrogates,
    };
    let outcome = match model.score(&lead, &options) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("{input}: {}: {}", e.code, e.message);
            return Ok(EXIT_FAILED);
        }
    };
    let text = if json {
        let mut pretty = serde_json::to_string_pretty(&outcome)
            .map_err(|e| Failure::Fatal(format!("cannot render the outcome: {e}")))?;
        pretty.push('\n');
        pretty
    } else {
        breakdown(&model, &lead, &outcome)
    };
    common::write_stdout(text.as_bytes())?;
    Ok(EXIT_OK)
}

/// The human-readable report.
fn breakdown(model: &CompiledModel, lead: &Value<'_>, o: &Outcome<'_, '_>) -> String {
    let mut s = String::new();
    if let Some(who) = who(lead) {
        line(&mut s, "Lead", &who);
    }
    let fired = disqualified(model, o);
    // The disqualifiers that hold the lead at its stage (not those capping it higher).
    let holding: Vec<&str> = fired
        .iter()
        .filter(|(_, max)| *max == o.stage)
        .map(|(r, _)| r.rule)
        .collect();
    if holding.is_empty() {
        line(&mut s, "Stage", o.stage);
    } else {
        let capped = format!("{} (capped by disqualify {})", o.stage, holding.join(", "));
        line(&mut s, "Stage", &capped);
    }
    line(
        &mut s,
        "Score",
        &format!("{} = fit {} + engagement {}", o.score, o.fit, o.engagement),
    );
    line(&mut s, "Grade", o.grade.as_str());
    line(&mut s, "Persona", o.persona.unwrap_or("(none matched)"));
    let route = match &o.route {
        Some(r) => {
            let by = r
                .respond_by
                .map_or("no SLA for this stage".to_string(), |t| {
                    format!("respond by {t}")
                });
            format!("{} (rule {}), {by}", r.team, r.rule)
        }
        None => "(no route matched)".to_string(),
    };
    line(&mut s, "Route", &route);
    line(
        &mut s,
        "Model",
        &format!("{} {} ({})", o.model.id, o.model.version, o.model.hash),
    );
    disqualifiers(&mut s, &fired);
    reasons(&mut s, o);
    next(&mut s, o);
    if !o.warnings.is_empty() {
        s.push_str("\nWarnings\n");
        for w in &o.warnings {
            let _ = writeln!(s, "  - {}", clip(w, WIDTH - 4));
        }
    }
    s
}

/// The disqualifiers that fired, each with the highest stage it allows.
fn disqualified<'o, 'm, 'l>(
    model: &'m CompiledModel,
    o: &'o Outcome<'m, 'l>,
) -> Vec<(&'o Reason<'m, 'l>, &'m str)> {
    o.reasons
        .iter()
        .filter(|r| r.group == Group::Disqualify)
        .map(|r| (r, model.disqualifier_max_stage(r.rule).unwrap_or("?")))
        .collect()
}

/// The disqualifiers that fired: why the lead cannot rise, apart from the points.
fn disqualifiers(s: &mut String, fired: &[(&Reason<'_, '_>, &str)]) {
    if fired.is_empty() {
        return;
    }
    s.push_str("\nDisqualified (the stage is at most MAX STAGE while these hold)\n");
    let rule_w = fired
        .iter()
        .map(|(r, _)| r.rule.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    let max_w = fired
        .iter()
        .map(|(_, m)| m.chars().count())
        .max()
        .unwrap_or(9)
        .clamp(9, 16);
    let indent = 2 + max_w + 2 + rule_w + 2;
    let text_w = WIDTH.saturating_sub(indent);
    let _ = writeln!(
        s,
        "  {:<max_w$}  {:<rule_w$}  LABEL / FIELD = VALUE",
        "MAX STAGE", "RULE"
    );
    for (r, max) in fired {
        let rule = clip(r.rule, rule_w);
        let label = clip(r.label, text_w);
        let max = clip(max, max_w);
        let _ = writeln!(s, "  {max:<max_w$}  {rule:<rule_w$}  {label}");
        if let Some(value) = witness(r) {
            let _ = writeln!(s, "{:indent$}{}", "", clip(&value, text_w));
        }
    }
}

/// `field = value` of what made a rule fire (`events: n matching` for per-event rules).
fn witness(r: &Reason<'_, '_>) -> Option<String> {
    match (r.field, &r.value) {
        (Some("events"), Shown::Count(n)) => Some(format!("events: {n} matching")),
        (Some(field), value) => Some(format!("{field} = {}", shown(value))),
        (None, _) => None,
    }
}

fn reasons(s: &mut String, o: &Outcome<'_, '_>) {
    s.push_str("\nReasons\n");
    // Disqualifiers have their own table above; these are the points.
    let scored: Vec<&Reason<'_, '_>> = o
        .reasons
        .iter()
        .filter(|r| r.group != Group::Disqualify)
        .collect();
    if scored.is_empty() {
        s.push_str("  (no rule fired)\n");
        return;
    }
    let rule_w = scored
        .iter()
        .map(|r| r.rule.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    // Indent, points (7), group (10) and rule columns, two spaces apart; the rest is text.
    let indent = 2 + 7 + 2 + 10 + 2 + rule_w + 2;
    let text_w = WIDTH.saturating_sub(indent);
    let _ = writeln!(
        s,
        "  {:>7}  {:<10}  {:<rule_w$}  LABEL / FIELD = VALUE",
        "POINTS", "GROUP", "RULE"
    );
    for r in scored {
        let group = match r.group {
            Group::Fit => "fit",
            Group::Engagement => "engagement",
            Group::Disqualify => "disqualify",
        };
        let points = if r.points.0 > 0 {
            format!("+{}", r.points)
        } else {
            r.points.to_string()
        };
        let rule = clip(r.rule, rule_w);
        let label = clip(r.label, text_w);
        let _ = writeln!(s, "  {points:>7}  {group:<10}  {rule:<rule_w$}  {label}");
        if let Some(value) = witness(r) {
            let _ = writeln!(s, "{:indent$}{}", "", clip(&value, text_w));
        }
    }
    let _ = writeln!(s, "  {:>7}", "-------");
    let _ = writeln!(
        s,
        "  {:>7}  score = fit {} + engagement {}",
        o.score.to_string(),
        o.fit,
        o.engagement
    );
}

fn next(s: &mut String, o: &Outcome<'_, '_>) {
    let Some(first) = o.next.first() else {
        return;
    };
    let _ = writeln!(s, "\nNext stage: {} still needs", first.stage);
    let needs_w = o
        .next
        .iter()
        .map(|n| n.needs.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 48);
    let has_w = WIDTH.saturating_sub(2 + needs_w + 1);
    let _ = writeln!(s, "  {:<needs_w$} HAS", "NEEDS");
    for n in &o.next {
        let has = match n.has {
            Shown::Nothing => "(missing)".to_string(),
            ref other => shown(other),
        };
        let _ = writeln!(
            s,
            "  {:<needs_w$} {}",
            clip(&n.needs, needs_w),
            clip(&has, has_w)
        );
    }
}

/// `Label      value`, the header lines.
fn line(s: &mut String, label: &str, value: &str) {
    let _ = writeln!(s, "{label:<10} {}", clip(value, WIDTH - 11));
}

/// A value as compact JSON (strings quoted, so blanks and types are visible).
fn shown(value: &Shown<'_>) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Who the lead is, from the usual fields, for the first line.
fn who(lead: &Value<'_>) -> Option<String> {
    let text = |key: &str| {
        lead.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    let name = match (text("first_name"), text("last_name"), text("name")) {
        (Some(f), Some(l), _) => Some(format!("{f} {l}")),
        (Some(f), None, _) => Some(f.to_string()),
        (None, _, Some(n)) => Some(n.to_string()),
        _ => None,
    };
    let parts: Vec<String> = [
        name,
        text("email").map(|e| format!("<{e}>")),
        text("job_title").map(str::to_string),
        text("company").map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Cuts text to `width` characters, marking the cut with `…`.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests;
