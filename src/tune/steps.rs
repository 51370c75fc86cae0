//! What `tune` does at the end of each pass: refuse when the data cannot
//! carry the fit, fit, scale and write the draft (pass 1); choose the SQL
//! and MQL thresholds and write the tuned model (pass 2); compare the two
//! models on the held-out leads (pass 3). Every model written is compiled
//! before it is used, so `tune` never hands out a model that fails `check`.

use super::evaluate::{self, Check, Checked};
use super::fit::{self, Constant, Fitted};
use super::gather::Gathered;
use super::plan::CutKind;
use super::scale::{self, Moved, Scaled};
use super::thresholds::{Chosen, StageTable};
use super::{codes, write, Pass, TuneError, Tuner, MIN_OUTCOMES, PER_PARAMETER};
use crate::model::CompiledModel;
use crate::report::{best_f1_cut, handoff_ranks, ScoreHist};

/// What the passes have found so far.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub gathered: Option<Gathered>,
    /// Per rule: why it was left as it was.
    pub constant: Vec<Option<Constant>>,
    /// The rule of each regression column.
    pub columns: Vec<usize>,
    pub fitted: Option<Fitted>,
    pub scaled: Option<Scaled>,
    pub moved: Vec<Moved>,
    pub chosen: Vec<Chosen>,
    /// Won and lost leads the training share needed.
    pub min_outcomes: u64,
    /// The version written.
    pub version: String,
    /// A threshold the SQL stage would take had it a `score_at_least`: (score, predicted, won, won in all).
    pub sql_hint: Option<(i64, u64, u64, u64)>,
    /// Share of the training leads the second pass reads (see [`THRESHOLD_SAMPLE`]).
    pub sample: f64,
    pub draft: Option<(String, CompiledModel)>,
    pub tuned: Option<(String, CompiledModel)>,
    pub check: Option<Check>,
}

/// Most training leads the thresholds are chosen on: beyond it, a seeded
/// sample of this size (a 95% recall measured on 200,000 leads is within a
/// fraction of a point of the whole), so the second pass costs the same on
/// ten million rows as on two hundred thousand.
pub(crate) const THRESHOLD_SAMPLE: u64 = 200_000;

const OUTCOME_FIELDS: [&str; 4] = ["won_at", "lost_at", "outcome", "lifecycle_stage"];

impl Tuner {
    /// After pass 1.
    pub(super) fn fit(&mut self, g: Gathered) -> Result<(), TuneError> {
        let (won, lost) = (g.labels.won, g.labels.lost);
        let has_column = g.columns.as_ref().is_some_and(|c| {
            OUTCOME_FIELDS
                .iter()
                .any(|f| c.get(f).is_some_and(Option::is_some))
        });
        if !has_column {
            return Err(TuneError::new(
                codes::NO_OUTCOME,
                "the export does not say what happened to its leads: tune learns from won and \
                 lost leads, read from won_at and lost_at (or an outcome column, or \
                 lifecycle_stage); name the columns with --map won_at=COLUMN --map \
                 lost_at=COLUMN",
            ));
        }
        let (design, constant) = fit::design(&g.groups, self.plan.rules.len());
        let k = design.columns.len() as u64;
        let min = MIN_OUTCOMES.max(PER_PARAMETER * (k + 1));
        self.state.min_outcomes = min;
        // Said before "nothing to fit": with a handful of leads every rule looks constant.
        if won < min || lost < min {
            let share = libm::round((1.0 - self.options.holdout) * 100.0);
            let not_won = match self.options.settle_days {
                Some(days) => format!("not won (lost, or open for {days} days or more)"),
                None => "lost".to_string(),
            };
            return Err(TuneError::new(
                codes::TOO_LITTLE_DATA,
                format!(
                    "tune needs at least {min} won and {min} {not_won} leads in the training \
                     share, and the training share ({share}% of the rows) has {won} won and \
                     {lost} {not_won}: {PER_PARAMETER} of each per fitted parameter ({k} rules \
                     that vary, plus the intercept), and never fewer than {MIN_OUTCOMES}; with \
                     less, the points would follow noise. Use a longer export or a smaller \
                     --holdout."
                ),
            ));
        }
        if k == 0 {
            return Err(TuneError::new(
                codes::NOTHING_TO_FIT,
                format!(
                    "none of the model's {} rules varies over the training leads with a known \
                     outcome (each fired on none of them, or on all alike), so there is nothing \
                     to learn",
                    self.plan.rules.len()
                ),
            ));
        }
        let signs: Vec<i8> = design
            .columns
            .iter()
            .map(|&r| {
                self.plan
                    .rules
                    .get(r)
                    .map_or(0, |rule| rule.points.0.signum() as i8)
            })
            .collect();
        let fitted = design
            .fit(&signs)
            .map_err(|m| TuneError::new(codes::FAILED, m))?;
        let scaled = scale::points(&self.plan, &design, &fitted, &constant, &g);
        let moved = scale::cutoffs(&self.plan, &scaled, &g);
        self.state.sql_hint = self.sql_hint(&scaled, &moved, &g);
        self.state.version = write::version(
            self.root
                .get("version")
                .and_then(|v| v.string(&self.text))
                .as_deref()
                .unwrap_or(""),
            self.options.report.as_of,
        );
        let draft = self.compile_written(&scaled, &moved)?;
        self.state.columns = design.columns.clone();
        self.state.constant = constant;
        self.state.fitted = Some(fitted);
        self.state.scaled = Some(scaled);
        self.state.moved = moved;
        self.state.sample = THRESHOLD_SAMPLE as f64 / g.train.leads.max(1) as f64;
        self.state.gathered = Some(g);
        if self.plan.cutoffs.iter().any(|c| c.objective.is_some()) {
            self.state.draft = Some(draft);
            self.pass = Some(Pass::Thresholds);
        } else {
            self.state.tuned = Some(draft);
            self.pass = Some(Pass::Check);
        }
        Ok(())
    }

    /// After pass 2.
    pub(super) fn thresholds(&mut self, table: &StageTable) -> Result<(), TuneError> {
        let Some((_, draft)) = &self.state.draft else {
            return Err(TuneError::new(codes::FAILED, "no draft model"));
        };
        let chosen = table.choose(
            &self.plan.cutoffs,
            handoff_ranks(draft),
            self.options.report.targets.mql_recall,
        );
        for c in &chosen {
            if let Some(m) = self.state.moved.get_mut(c.cutoff) {
                m.value = c.value;
                m.kept = None;
            }
        }
        self.state.chosen = chosen;
        let (Some(scaled), moved) = (&self.state.scaled, &self.state.moved) else {
            return Err(TuneError::new(codes::FAILED, "no points"));
        };
        let tuned = self.compile_written(scaled, moved)?;
        self.state.tuned = Some(tuned);
        self.pass = Some(Pass::Check);
        Ok(())
    }

    /// After pass 3.
    pub(super) fn check(&mut self, checked: Checked) -> Result<(), TuneError> {
        let (Some(g), Some((_, tuned))) = (&self.state.gathered, &self.state.tuned) else {
            return Err(TuneError::new(codes::FAILED, "no tuned model"));
        };
        let check = evaluate::check(&g.before, &checked.after, &self.input, tuned)
            .map_err(|m| TuneError::new(codes::FAILED, m))?;
        self.state.check = Some(check);
        self.pass = None;
        Ok(())
    }

    /// Writes the document with these numbers and compiles it.
    fn compile_written(
        &self,
        scaled: &Scaled,
        moved: &[Moved],
    ) -> Result<(String, CompiledModel), TuneError> {
        let text = write::document(
            &self.text,
            &self.root,
            &self.plan,
            scaled,
            moved,
            &self.state.version,
        );
        let model = crate::compile(&text).map_err(|e| {
            let first = e.0.first().map(|p| format!("{} {}", p.path, p.message));
            TuneError::new(
                codes::FAILED,
                format!(
                    "the tuned model does not compile ({}); this is a bug, please report it",
                    first.unwrap_or_default()
                ),
            )
        })?;
        Ok((text, model))
    }

    /// For an SQL stage without a `score_at_least` (its logic is left as
    /// written): the best-F1 score threshold on the new scores, as a suggestion.
    fn sql_hint(
        &self,
        scaled: &Scaled,
        moved: &[Moved],
        g: &Gathered,
    ) -> Option<(i64, u64, u64, u64)> {
        let (sql, _) = handoff_ranks(&self.input);
        let rank = sql?;
        let has_leaf = self.plan.cutoffs.iter().any(|c| {
            matches!(c.kind, CutKind::Leaf { metric: crate::model::Metric::Score, stage: Some(s), .. } if s == rank)
        });
        if has_leaf {
            return None;
        }
        let cap = self
            .plan
            .cutoffs
            .iter()
            .zip(moved)
            .find(|(c, _)| c.kind == CutKind::EngagementCap)
            .map(|(_, m)| m.value);
        let mut hist = ScoreHist::new();
        let mut won_total = 0;
        for (score, group) in scale::training_scores(&self.plan, scaled, cap, g) {
            let won: u64 = group.won.iter().map(|&n| u64::from(n)).sum();
            let lost: u64 = group.lost.iter().map(|&n| u64::from(n)).sum();
            won_total += won;
            hist.add_many(score, won, lost, u64::from(group.open));
        }
        let (t, leads, won) = best_f1_cut(hist.descending(), (0, 0), won_total)?;
        Some((t, leads, won, won_total))
    }
}
