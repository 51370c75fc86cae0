//! The words of the summary: why a rule is as it is, how each cut-off was
//! chosen, and notes on what `tune` left as written.

use super::fit::{Constant, FLIP_Z};
use super::plan::{CutKind, Cutoff, Objective};
use super::scale::Moved;
use super::thresholds::Chosen;
use super::Tuner;
use crate::points::Points;
use crate::report::output::Ratio;
use crate::report::{group, percent};

/// Why a rule is as it is, when that needs saying: `flipped` holds its z,
/// `held` the coefficient and z it had before it was held at 0.
pub(crate) fn rule_note(
    constant: Option<Constant>,
    flipped: Option<f64>,
    held: Option<(f64, f64)>,
    kept_sign: bool,
    points: Points,
) -> Option<String> {
    match (constant, flipped, held) {
        (Some(Constant::Never), _, _) => Some(format!(
            "fired on no training lead with a known outcome: left at {points}"
        )),
        (Some(Constant::Always), _, _) => Some(format!(
            "fired alike on every training lead with a known outcome: left at {points}"
        )),
        (None, Some(z), _) => Some(format!(
            "changed sign: the data says so clearly (z {z:.1}; a change of sign needs |z| ≥ \
             {FLIP_Z})"
        )),
        (None, None, Some((b, z))) => Some(format!(
            "the data does not back its sign (fitted {b:+.3} log-odds, z {z:.1}; a change of \
             sign needs |z| ≥ {FLIP_Z}): kept at {points}, the smallest step of its sign"
        )),
        (None, None, None) if kept_sign => Some(format!(
            "its fitted weight rounds to 0: kept at {points}, the smallest step of its sign"
        )),
        _ => None,
    }
}

/// How a cut-off's new value was chosen.
pub(crate) fn cutoff_how(c: &Cutoff, m: &Moved, chosen: Option<&Chosen>, target: f64) -> String {
    let share = |x: f64| percent(Ratio(Some(x)));
    match (chosen, c.objective, m.kept) {
        (Some(ch), Some(Objective::SqlF1), _) => format!(
            "best F1 of SQL against won on the training leads: {} leads at SQL, {} of the {} won \
             deals (precision {}, recall {})",
            group(ch.predicted),
            group(ch.won),
            group(ch.won_total),
            percent(Ratio::of(ch.won, ch.predicted)),
            percent(Ratio::of(ch.won, ch.won_total)),
        ),
        (Some(ch), _, _) => {
            let kept = percent(Ratio::of(ch.won, ch.won_total));
            if ch.won as f64 >= target * ch.won_total as f64 - 1e-9 {
                format!(
                    "the highest MQL threshold that keeps {kept} of won deals at MQL or above on \
                     the training leads (target {}): {} leads",
                    share(target),
                    group(ch.predicted),
                )
            } else {
                format!(
                    "the target of {} of won deals at MQL or above cannot be reached: the \
                     stage's other conditions leave won deals out whatever the score; the lowest \
                     threshold keeps {kept} ({} leads on the training share)",
                    share(target),
                    group(ch.predicted),
                )
            }
        }
        (None, _, Some(reason)) => format!("kept: {reason}"),
        _ if c.kind == CutKind::EngagementCap => format!(
            "caps the same share of training leads: {} before, {} now",
            share(m.share.0),
            share(m.share.1)
        ),
        _ => format!(
            "keeps the share of training leads at or above it: {} before, {} now",
            share(m.share.0),
            share(m.share.1)
        ),
    }
}

/// What `tune` left as written, and what it suggests instead.
pub(crate) fn notes(t: &Tuner) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((score, leads, won, total)) = t.state.sql_hint {
        let name = crate::report::handoff_ranks(&t.input)
            .0
            .and_then(|r| t.input.stage_names().nth(r))
            .unwrap_or("SQL");
        notes.push(format!(
            "The {name} stage has no score_at_least, so its logic is left as written. On the tuned \
             scores, {name} at score {score} or more would have the best F1 against won on the \
             training leads: {} leads, precision {}, recall {}. Add it by hand if you want it.",
            group(leads),
            percent(Ratio::of(won, leads)),
            percent(Ratio::of(won, total)),
        ));
    }
    for path in &t.plan.untouched {
        notes.push(format!(
            "{path} was left as written: tune changes result leaves in stages and routing only"
        ));
    }
    notes
}
