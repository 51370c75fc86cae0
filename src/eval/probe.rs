//! Probing one lead for `tune` (src/tune/): what every rule earned — the
//! rules of every persona, not only the best one's — the scores exactly as
//! [`CompiledModel::score`] computes them, and, for stages whose score
//! threshold `tune` chooses, whether the stage would hold whatever the score
//! and whether it could hold at all.
//!
//! Kept apart from scoring so the scorer (and the lite build) is unchanged.

use super::{Ctx, ScoreBuffers};
use crate::lead::Value;
use crate::model::{CompiledModel, Cond, Rule, Stage};
use crate::outcome::Grade;
use crate::points::Points;
use crate::time::Timestamp;

/// What a probe found for one lead.
#[derive(Debug, Clone, Default)]
pub(crate) struct Probe {
    /// Per rule, in [`CompiledModel::rules`] order: 0 when it did not fire;
    /// otherwise what it earned as scored divided by its nominal points — 1
    /// for an attribute rule (less when `max` caps it), the decayed, capped
    /// count of matching events for a per-event rule. A rule of 0 points
    /// counts its events undecayed by rounding (its amount cannot be read
    /// from 0 points).
    pub amounts: Vec<f64>,
    /// The fit, engagement, score and grade as scored.
    pub fit: Points,
    /// The engagement (after the group's `max`).
    pub engagement: Points,
    /// `fit + engagement`.
    pub score: Points,
    /// The grade.
    pub grade: Option<Grade>,
    /// Per stage: (holds when its score leaves are all true, holds when they
    /// are all false), `requires` included. For a stage not asked to be
    /// probed both are whether it holds.
    pub stages: Vec<(bool, bool)>,
}

/// Which group a rule belongs to, with its persona's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleGroup {
    /// A persona's rule.
    Persona(usize),
    /// A rule of `fit_rules`.
    Fit,
    /// An engagement rule.
    Engagement,
}

impl CompiledModel {
    /// Every rule in a fixed order: personas' rules persona by persona, then
    /// `fit_rules`, then engagement rules.
    pub(crate) fn rules(&self) -> impl Iterator<Item = (RuleGroup, &Rule)> {
        let personas = self
            .personas
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.rules.iter().map(move |r| (RuleGroup::Persona(i), r)));
        personas
            .chain(self.fit_rules.iter().map(|r| (RuleGroup::Fit, r)))
            .chain(
                self.engagement
                    .rules
                    .iter()
                    .map(|r| (RuleGroup::Engagement, r)),
            )
    }

    /// Probes one lead at `now` (see [`Probe`]); `forced[i]` asks for stage
    /// `i` to be evaluated with its score leaves forced true and false.
    pub(crate) fn probe(
        &self,
        lead: &Value<'_>,
        now: Timestamp,
        forced: &[bool],
        buffers: &mut ScoreBuffers,
        out: &mut Probe,
    ) {
        out.amounts.clear();
        out.stages.clear();
        let mut cx = Ctx::new(self, lead, now, buffers);
        cx.quiet = true;
        cx.resolve_top_level();
        let mut best: Option<Points> = None;
        for persona in &self.personas {
            let total = cx.amounts(&persona.rules, &mut out.amounts);
            // As in scoring: a persona must total more than 0, and a tie keeps the earlier one.
            if total > Points::ZERO && best.is_none_or(|b| total > b) {
                best = Some(total);
            }
        }
        let fit = best
            .unwrap_or(Points::ZERO)
            .plus(cx.amounts(&self.fit_rules, &mut out.amounts));
        let mut engagement = cx.amounts(&self.engagement.rules, &mut out.amounts);
        if let Some(max) = self.engagement.max.filter(|m| engagement > *m) {
            engagement = max;
        }
        let grade = self.grades.grade(fit);
        cx.results.fit = fit;
        cx.results.engagement = engagement;
        cx.results.score = fit.plus(engagement);
        cx.results.grade = Some(grade);
        // A fired disqualifier caps the stage whatever the score: stages above
        // its cap never hold (its condition is read at the lead's own score).
        let mut cap = 0;
        for d in &self.disqualifiers {
            if d.cap > cap && cx.eval(&d.rule.cond, None, &mut None) {
                cap = d.cap;
            }
        }
        for (i, stage) in self.stages.iter().enumerate() {
            if i < cap {
                out.stages.push((false, false));
            } else if forced.get(i).copied().unwrap_or(false) {
                let score = cx.results.score;
                cx.results.score = Points(i64::MAX);
                let high = cx.stage_holds(stage);
                cx.results.score = Points(i64::MIN);
                let low = cx.stage_holds(stage);
                cx.results.score = score;
                out.stages.push((high, low));
            } else {
                let h = cx.stage_holds(stage);
                out.stages.push((h, h));
            }
        }
        out.fit = fit;
        out.engagement = engagement;
        out.score = cx.results.score;
        out.grade = Some(grade);
        buffers.keep(cx);
    }
}

impl<'m> Ctx<'m, '_> {
    /// Whether a stage's `requires` and condition hold (never-demote aside).
    fn stage_holds(&mut self, stage: &'m Stage) -> bool {
        let ready = stage.requires.iter().all(|(slot, _)| self.present(*slot));
        match &stage.cond {
            Some(cond) => ready && self.eval(cond, None, &mut None),
            None => ready,
        }
    }

    /// Each rule's amount (see [`Probe::amounts`]) appended to `out`; returns
    /// the points they earned, as scoring sums them.
    fn amounts(&mut self, rules: &'m [Rule], out: &mut Vec<f64>) -> Points {
        let mut total = Points::ZERO;
        for rule in rules {
            let nominal = rule.points.0 as f64;
            let amount = match (&rule.cond, rule.per_event) {
                (Cond::Event(leaf), true) => match self.per_event(rule, leaf) {
                    Some((points, _)) if rule.points.0 != 0 => {
                        total = total.plus(points);
                        points.0 as f64 / nominal
                    }
                    Some(_) => {
                        let mut events = 0.0;
                        let half_life = self.model.engagement.half_life_days;
                        self.matching_events(leaf, |age| {
                            events += half_life.map_or(1.0, |h| crate::math::exp2(-age / h));
                        });
                        events
                    }
                    None => 0.0,
                },
                (cond, _) => {
                    if self.eval(cond, None, &mut None) {
                        let points = rule.max.map_or(rule.points, |m| rule.points.clamp_abs(m));
                        total = total.plus(points);
                        if rule.points.0 == 0 {
                            1.0
                        } else {
                            points.0 as f64 / nominal
                        }
                    } else {
                        0.0
                    }
                }
            };
            out.push(amount);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::ScoreOptions;

    /// The probe's scores are the scorer's, and its amounts times the points
    /// are what the best persona's reasons say, on every sample lead.
    #[test]
    fn a_probe_agrees_with_scoring() {
        let model = crate::compile(crate::DEFAULT_MODEL).unwrap();
        let now = Timestamp::parse("2026-11-26T12:00:00Z").unwrap();
        let text = include_str!("../../examples/leads.ndjson");
        let rules: Vec<_> = model.rules().collect();
        let mut buffers = ScoreBuffers::new();
        let mut probe = Probe::default();
        let forced = vec![true; model.stages.len()];
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let lead: Value = serde_json::from_str(line).unwrap();
            let outcome = model.score(&lead, &ScoreOptions::at(now)).unwrap();
            model.probe(&lead, now, &forced, &mut buffers, &mut probe);
            assert_eq!(probe.fit, outcome.fit, "{line}");
            assert_eq!(probe.engagement, outcome.engagement, "{line}");
            assert_eq!(probe.score, outcome.score, "{line}");
            assert_eq!(probe.grade, Some(outcome.grade), "{line}");
            assert_eq!(probe.amounts.len(), rules.len());
            for reason in outcome.reasons.iter().filter(|r| {
                r.rule != "engagement.max" && r.group != crate::outcome::Group::Disqualify
            }) {
                let i = rules.iter().position(|(_, r)| r.id == reason.rule).unwrap();
                let (_, rule) = rules[i];
                let earned = probe.amounts[i] * rule.points.0 as f64;
                assert!(
                    (earned - reason.points.0 as f64).abs() < 1e-6,
                    "{}",
                    reason.rule
                );
            }
            // A stage that holds at the lead's score holds when every score is enough.
            let rank = model.stage_rank(outcome.stage).unwrap();
            if let Some((high, _)) = probe.stages.get(rank) {
                assert!(*high, "{line}");
            }
            // A disqualified lead reaches no stage above its cap at any score.
            if outcome
                .reasons
                .iter()
                .any(|r| r.group == crate::outcome::Group::Disqualify)
            {
                assert!(probe.stages.iter().all(|s| *s == (false, false)), "{line}");
            }
        }
    }
}
