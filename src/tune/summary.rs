//! What `tune` reports (`--json` prints it; docs/cli.md documents it): the
//! model before and after, the data and split, the method's numbers, each
//! rule's and cut-off's change with why, the held-out check, candidate
//! rules and notes.

use super::candidates::Candidate;
use super::evaluate::Check;
use super::explain;
use super::gather::Tally;
use super::plan::CutKind;
use super::split::FOLDS;
use super::{codes, TuneError, Tuner};
use crate::eval::RuleGroup;
use crate::points::Points;
use crate::report::output::Ratio;
use crate::report::Summary;
use serde::Serialize;

/// The version of this JSON's shape.
pub const TUNE_VERSION: u32 = 1;

/// The summary of a tuning.
#[derive(Debug, Clone, Serialize)]
pub struct TuneSummary {
    /// [`TUNE_VERSION`].
    pub tune_version: u32,
    /// The model before and after.
    pub model: ModelChange,
    /// The export.
    pub input: InputInfo,
    /// The split.
    pub split: SplitInfo,
    /// The method's numbers.
    pub method: Method,
    /// Every rule, in model order.
    pub rules: Vec<RuleChange>,
    /// Every numeric cut-off.
    pub cutoffs: Vec<CutoffChange>,
    /// The held-out check.
    pub held_out: Check,
    /// Candidate new rules (not applied).
    pub candidates: Vec<Candidate>,
    /// What else to know.
    pub notes: Vec<String>,
}

/// The model's identity before and after.
#[derive(Debug, Clone, Serialize)]
pub struct ModelChange {
    /// The model's id.
    pub id: String,
    /// The input version.
    pub version_before: String,
    /// The tuned version.
    pub version: String,
    /// The input model's hash.
    pub hash_before: String,
    /// The tuned model's hash.
    pub hash: String,
}

/// The export as read.
#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    /// Records read.
    pub rows: u64,
    /// Records that could not be used.
    pub skipped: u64,
    /// Problems reported (as `leadgate report` reports them).
    pub problems: u64,
    /// The column read for each lifecycle field.
    pub columns: Summary,
}

/// Leads by outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcomes {
    /// Leads.
    pub leads: u64,
    /// Won.
    pub won: u64,
    /// Lost.
    pub lost: u64,
    /// Neither.
    pub open: u64,
}

impl From<Tally> for Outcomes {
    fn from(t: Tally) -> Outcomes {
        Outcomes {
            leads: t.leads,
            won: t.won,
            lost: t.lost,
            open: t.leads - t.won - t.lost,
        }
    }
}

/// The split.
#[derive(Debug, Clone, Serialize)]
pub struct SplitInfo {
    /// Share held out.
    pub holdout: f64,
    /// The seed.
    pub seed: u64,
    /// The training share.
    pub training: Outcomes,
    /// The held-out share.
    pub held_out: Outcomes,
}

/// One penalty tried.
#[derive(Debug, Clone, Serialize)]
pub struct Tried {
    /// λ.
    pub lambda: f64,
    /// Its cross-validated deviance (lower is better).
    pub deviance: f64,
}

/// The method's numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// In words.
    pub regression: &'static str,
    /// Open leads this many days old or more counted as not won (`null`: left out).
    pub settle_days: Option<f64>,
    /// Training leads fitted on: won.
    pub won: u64,
    /// Training leads fitted on: not won.
    pub not_won: u64,
    /// Cross-validation folds.
    pub folds: usize,
    /// The chosen penalty.
    pub lambda: f64,
    /// Every penalty tried.
    pub tried: Vec<Tried>,
    /// Newton steps of the final fit.
    pub iterations: u32,
    /// Log-odds of winning for a lead no fitted rule fired on.
    pub intercept: f64,
    /// Groups of training leads with the same rules fired.
    pub groups: u64,
    /// Rules fitted.
    pub fitted_rules: usize,
    /// Won and lost leads the training share needed.
    pub min_outcomes: u64,
    /// Points per unit of log-odds.
    pub points_per_logit: f64,
    /// Points are rounded to multiples of this.
    pub step: f64,
}

/// One rule's change.
#[derive(Debug, Clone, Serialize)]
pub struct RuleChange {
    /// The rule's id.
    pub id: String,
    /// Where it is.
    pub path: String,
    /// `persona`, `fit` or `engagement`.
    pub group: &'static str,
    /// Points before.
    pub points_before: Points,
    /// Points after.
    pub points: Points,
    /// `max` before, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_before: Option<Points>,
    /// `max` after, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Points>,
    /// Log-odds per unit of its amount (`null`: not fitted).
    pub coefficient: Option<f64>,
    /// Its z statistic.
    pub z: Option<f64>,
    /// Share of training leads with a known outcome it fired on.
    pub fired: Ratio,
    /// Why it is as it is, when that needs saying.
    pub note: Option<String>,
}

/// One cut-off's change.
#[derive(Debug, Clone, Serialize)]
pub struct CutoffChange {
    /// Where it is.
    pub path: String,
    /// `grade`, `engagement_cap`, `score_at_least`, `fit_at_least` or `engagement_at_least`.
    pub kind: &'static str,
    /// Before.
    pub before: Points,
    /// After.
    pub after: Points,
    /// Share of training leads at or above it, before and after.
    pub share_before: Ratio,
    /// After.
    pub share_after: Ratio,
    /// How the new value was chosen.
    pub how: String,
}

fn round(x: f64, places: i32) -> f64 {
    let f = libm::pow(10.0, f64::from(places));
    libm::round(x * f) / f
}

/// Builds the summary of a finished tuning.
pub(crate) fn summary(t: &Tuner) -> Result<TuneSummary, TuneError> {
    let s = &t.state;
    let missing = || TuneError::new(codes::FAILED, "tune has not run its passes");
    let (Some(g), Some(fitted), Some(scaled), Some((_, tuned)), Some(check)) =
        (&s.gathered, &s.fitted, &s.scaled, &s.tuned, &s.check)
    else {
        return Err(missing());
    };
    let known: u64 = g.groups.values().map(|grp| grp.known()).sum();
    let fired = |r: usize| {
        let n: u64 = g
            .groups
            .iter()
            .filter(|(key, _)| key.iter().any(|p| (p >> 16) as usize == r))
            .map(|(_, grp)| grp.known())
            .sum();
        Ratio::of(n, known)
    };
    let mut rules = Vec::new();
    for (r, rule) in t.plan.rules.iter().enumerate() {
        let column = s.columns.iter().position(|&c| c == r);
        let get = |v: &[f64]| column.and_then(|c| v.get(c).copied());
        let points = scaled.points.get(r).copied().unwrap_or(rule.points);
        let held = column.and_then(|c| fitted.held.get(c).copied().flatten());
        let flipped = column.is_some_and(|c| fitted.flipped.get(c).copied().unwrap_or(false));
        let z = get(&fitted.z);
        let note = explain::rule_note(
            s.constant.get(r).copied().flatten(),
            flipped.then_some(z.unwrap_or(0.0)),
            held,
            scaled.kept_sign.get(r).copied().unwrap_or(false),
            points,
        );
        rules.push(RuleChange {
            id: rule.id.clone(),
            path: rule.path.clone(),
            group: match rule.group {
                RuleGroup::Persona(_) => "persona",
                RuleGroup::Fit => "fit",
                RuleGroup::Engagement => "engagement",
            },
            points_before: rule.points,
            points,
            max_before: rule.max,
            max: scaled.max.get(r).copied().flatten(),
            coefficient: get(&fitted.beta).map(|b| round(b, 4)),
            z: z.map(|z| round(z, 2)),
            fired: fired(r),
            note,
        });
    }
    let mut cutoffs = Vec::new();
    for (i, (c, m)) in t.plan.cutoffs.iter().zip(&s.moved).enumerate() {
        let chosen = s.chosen.iter().find(|ch| ch.cutoff == i);
        let share = |x: f64| Ratio(Some(x));
        let how = explain::cutoff_how(c, m, chosen, t.options.report.targets.mql_recall);
        cutoffs.push(CutoffChange {
            path: c.path.clone(),
            kind: match c.kind {
                CutKind::Grade(_) => "grade",
                CutKind::EngagementCap => "engagement_cap",
                CutKind::Leaf { metric, .. } => match metric {
                    crate::model::Metric::Score => "score_at_least",
                    crate::model::Metric::Fit => "fit_at_least",
                    crate::model::Metric::Engagement => "engagement_at_least",
                },
            },
            before: c.value,
            after: m.value,
            share_before: share(m.share.0),
            share_after: share(m.share.1),
            how,
        });
    }
    let notes = explain::notes(t);
    let info = t.input.info();
    Ok(TuneSummary {
        tune_version: TUNE_VERSION,
        model: ModelChange {
            id: info.id.clone(),
            version_before: info.version.clone(),
            version: tuned.info().version.clone(),
            hash_before: info.hash.clone(),
            hash: tuned.info().hash.clone(),
        },
        input: InputInfo {
            rows: g.rows,
            skipped: g.skipped,
            problems: g.problems,
            columns: g.columns.clone().unwrap_or_default(),
        },
        split: SplitInfo {
            holdout: t.options.holdout,
            seed: t.options.seed,
            training: g.train.into(),
            held_out: g.held.into(),
        },
        method: Method {
            regression: "L2-penalised logistic regression of won against not won on the \
                         rules' amounts, Newton's method; the penalty by 5-fold cross-validation",
            settle_days: t.options.settle_days,
            won: g.labels.won,
            not_won: g.labels.lost,
            folds: FOLDS,
            lambda: fitted.lambda,
            tried: fitted
                .tried
                .iter()
                .map(|&(lambda, deviance)| Tried {
                    lambda: round(lambda, 4),
                    deviance: round(deviance, 2),
                })
                .collect(),
            iterations: fitted.iterations,
            intercept: round(fitted.intercept, 4),
            groups: g.groups.len() as u64,
            fitted_rules: s.columns.len(),
            min_outcomes: s.min_outcomes,
            points_per_logit: round(scaled.scale, 3),
            step: scaled.step as f64 / 100.0,
        },
        rules,
        cutoffs,
        held_out: check.clone(),
        candidates: g.candidates.candidates(scaled.scale),
        notes,
    })
}
