//! Scoring one lead: personas, fit, grade, engagement, stage, route and deadline.

use super::{Ctx, ScoreBuffers, ScoreOptions, Witness};
use crate::error::{codes, LeadError};
use crate::lead::Value;
#[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
use crate::model::Route;
use crate::model::{CompiledModel, Cond, EventLeaf, Rule, FALLBACK_STAGE};
use crate::outcome::{Group, Outcome, Reason, RouteOutcome, Shown};
use crate::points::Points;
#[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
use crate::time::Timestamp;

impl CompiledModel {
    /// Scores one lead. Deterministic: same model, lead and options give the same outcome.
    pub fn score<'m, 'l>(
        &'m self,
        lead: &'l Value<'l>,
        options: &ScoreOptions,
    ) -> Result<Outcome<'m, 'l>, LeadError> {
        self.score_with(lead, options, &mut ScoreBuffers::new())
    }

    /// [`CompiledModel::score`] in buffers kept from lead to lead: the same
    /// outcome, fewer allocations.
    pub fn score_with<'m, 'l>(
        &'m self,
        lead: &'l Value<'l>,
        options: &ScoreOptions,
        buffers: &mut ScoreBuffers,
    ) -> Result<Outcome<'m, 'l>, LeadError> {
        if !matches!(lead, Value::Object(_)) {
            return Err(LeadError {
                code: codes::NOT_AN_OBJECT,
                message: crate::text::concat(&[
                    "a lead must be a JSON object, got ",
                    &lead.describe(),
                ]),
            });
        }
        let mut cx = Ctx::new(self, lead, options.now, buffers);
        cx.resolve_top_level();
        if options.lone_surrogates {
            cx.warn_str(super::LONE_SURROGATE_WARNING);
        }
        let mut reasons = Vec::with_capacity(16);
        let (persona, persona_points) = cx.best_persona(&mut reasons);
        let fit = persona_points.plus(cx.fire(&self.fit_rules, Group::Fit, &mut reasons));
        let grade = self.grades.grade(fit);
        let mut engagement = cx.fire(&self.engagement.rules, Group::Engagement, &mut reasons);
        if let Some(max) = self.engagement.max.filter(|m| engagement > *m) {
            reasons.push(Reason {
                rule: "engagement.max",
                label: "Engagement cap",
                group: Group::Engagement,
                points: Points(max.0 - engagement.0),
                field: None,
                value: Shown::Nothing,
            });
            engagement = max;
        }
        cx.results.fit = fit;
        cx.results.engagement = engagement;
        cx.results.score = fit.plus(engagement);
        cx.results.grade = Some(grade);
        let (cap, first) = cx.disqualify(&mut reasons);
        let rank = cx.stage_rank(options.previous_stage.as_deref(), cap);
        cx.results.stage_rank = rank;
        let route = cx.route(rank);
        let next = match rank.checked_sub(1).and_then(|above| self.stages.get(above)) {
            // A disqualifier blocks the stage above only when the lead sits at its cap.
            Some(stage) => cx.needs(stage, reasons.get(first).filter(|_| rank == cap)),
            None => Vec::new(),
        };
        let score = cx.results.score;
        let warnings = std::mem::take(&mut cx.warnings).into_vec();
        buffers.keep(cx);
        Ok(Outcome {
            stage: self
                .stages
                .get(rank)
                .map_or(FALLBACK_STAGE, |s| s.name.as_str()),
            score,
            fit,
            engagement,
            grade,
            persona,
            reasons,
            next,
            route,
            model: &self.info,
            warnings,
        })
    }
}

impl<'m, 'l> Ctx<'m, 'l> {
    /// Scores every persona; keeps the best one's reasons. A tie goes to the earlier persona.
    fn best_persona(&mut self, reasons: &mut Vec<Reason<'m, 'l>>) -> (Option<&'m str>, Points) {
        let mut best: Option<(&'m str, Points)> = None;
        for persona in &self.model.personas {
            // Reasons of the best persona so far sit at the front; this one's follow.
            let start = reasons.len();
            let total = self.fire(&persona.rules, Group::Fit, reasons);
            if total > Points::ZERO && best.is_none_or(|(_, b)| total > b) {
                reasons.drain(..start);
                best = Some((&persona.id, total));
            } else {
                reasons.truncate(start);
            }
        }
        match best {
            Some((id, points)) => (Some(id), points),
            None => (None, Points::ZERO),
        }
    }

    /// Evaluates rules in order, appending a reason for each that fires; returns their sum.
    fn fire(&mut self, rules: &'m [Rule], group: Group, out: &mut Vec<Reason<'m, 'l>>) -> Points {
        let mut total = Points::ZERO;
        for rule in rules {
            let fired = match (&rule.cond, rule.per_event) {
                (Cond::Event(leaf), true) => self.per_event(rule, leaf),
                (cond, _) => {
                    let mut witness = None;
                    self.eval(cond, None, &mut witness).then(|| {
                        let points = rule.max.map_or(rule.points, |m| rule.points.clamp_abs(m));
                        (points, witness)
                    })
                }
            };
            if let Some((points, witness)) = fired {
                total = total.plus(points);
                let (field, value) = match witness {
                    Some(w) => (Some(w.field), w.value),
                    None => (None, Shown::Nothing),
                };
                out.push(Reason {
                    rule: &rule.id,
                    label: &rule.label,
                    group,
                    points,
                    field,
                    value,
                });
            }
        }
        total
    }

    /// A per-event rule: points for each matching event, decayed by age, capped by `max`.
    pub(super) fn per_event(
        &mut self,
        rule: &'m Rule,
        leaf: &'m EventLeaf,
    ) -> Option<(Points, Option<Witness<'m, 'l>>)> {
        let half_life = self.model.engagement.half_life_days;
        let mut sum = 0i64;
        let count = self.matching_events(leaf, |age| {
            let factor = half_life.map_or(1.0, |h| crate::math::exp2(-age / h));
            sum = sum.saturating_add(libm::round(rule.points.0 as f64 * factor) as i64);
        });
        if count < leaf.count_at_least.max(1) {
            return None;
        }
        let points = rule.max.map_or(Points(sum), |m| Points(sum).clamp_abs(m));
        let witness = Witness {
            field: "events",
            value: Shown::Count(count),
        };
        Some((points, Some(witness)))
    }

    /// The first stage at or below `cap` (a rank, see [`Ctx::disqualify`])
    /// whose requirements and condition hold, never below the previous stage
    /// but never above `cap` either.
    fn stage_rank(&mut self, previous: Option<&str>, cap: usize) -> usize {
        let model = self.model;
        let mut rank = model.stages.len();
        // Stages above the cap are not evaluated: the lead cannot have them.
        for (i, stage) in model.stages.iter().enumerate() {
            if i < cap || !stage.requires.iter().all(|(slot, _)| self.present(*slot)) {
                continue;
            }
            let holds = match &stage.cond {
                Some(cond) => self.eval(cond, None, &mut None),
                None => true,
            };
            if holds {
                rank = i;
                break;
            }
        }
        let previous = match previous {
            Some(p) => Some(p),
            None => match self.lead.get("previous_stage") {
                Some(Value::String(s)) => Some(s.as_ref()),
                Some(Value::Null) | None => None,
                Some(other) => {
                    self.warn(crate::text::concat(&[
                        "previous_stage: expected text, got ",
                        &other.describe(),
                    ]));
                    None
                }
            },
        };
        let Some(previous) = previous.map(str::trim).filter(|p| !p.is_empty()) else {
            return rank;
        };
        match model.stage_rank(previous) {
            // A previous stage above the cap is kept as far as the cap allows.
            Some(prev) => rank.min(prev.max(cap)),
            None => {
                self.warn(crate::text::concat(&[
                    "previous_stage: unknown stage \"",
                    previous,
                    "\"",
                ]));
                rank
            }
        }
    }

    /// Evaluates each disqualifier once, as a rule of 0 points: every one
    /// that fires is a reason (so the points still sum to the score). Returns
    /// the lowest cap as a rank (the highest rank of a fired `max_stage`; 0,
    /// the top stage, when none fires) and where the reason of the first
    /// disqualifier with that cap is.
    fn disqualify(&mut self, reasons: &mut Vec<Reason<'m, 'l>>) -> (usize, usize) {
        let (mut lowest, mut first) = (0, usize::MAX);
        for d in &self.model.disqualifiers {
            let at = reasons.len();
            self.fire(std::slice::from_ref(&d.rule), Group::Disqualify, reasons);
            if reasons.len() > at && d.cap > lowest {
                (lowest, first) = (d.cap, at);
            }
        }
        (lowest, first)
    }

    /// The first route that holds, with the deadline of the lead's stage.
    fn route(&mut self, rank: usize) -> Option<RouteOutcome<'m>> {
        let model = self.model;
        for route in &model.routes {
            let holds = match &route.cond {
                Some(cond) => self.eval(cond, None, &mut None),
                None => true,
            };
            if holds {
                let within = model.sla_millis.get(rank).copied().flatten();
                return Some(RouteOutcome {
                    rule: &route.id,
                    team: &route.team,
                    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
                    respond_by: within.and_then(|ms| due(model, route, self.now, ms)),
                    // `leadgate/lite` refuses models with business hours
                    // when it loads them (`model::binary`): plain time.
                    #[cfg(all(target_arch = "wasm32", not(feature = "wasm-compiler")))]
                    respond_by: within.and_then(|ms| self.now.checked_add_millis(ms)),
                });
            }
        }
        None
    }
}

/// When `ms` of response time from `now` run out: in the team's business
/// hours when the model gives it hours (docs/model.md, "Teams and business
/// hours"), else in plain time.
#[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
fn due(model: &CompiledModel, route: &Route, now: Timestamp, ms: i64) -> Option<Timestamp> {
    match route.hours.and_then(|i| model.teams.get(i)) {
        Some(team) => team.hours.add(now, ms),
        None => now.checked_add_millis(ms),
    }
}
