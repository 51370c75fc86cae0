//! From the kept tallies to each goal's periods: actual, projection of a
//! period in progress (linear in elapsed time for counts and money, the
//! value so far for rates and medians), status, gap and trend. The report's
//! `goals` JSON (schema in docs/report.md) is defined here, once.

use super::{period, GoalCounts, Tally, WINDOW};
use crate::model::goals::{Agreement, Direction, Goal, Kpi, Period};
use crate::report::revenue::Money;
use crate::time::Timestamp;
use serde::{Serialize, Serializer};

/// How the goals are measured, said in the report.
pub const METHOD: &str = "calendar periods in the report's time zone; a period counts the \
events dated in it (leads by created_at, MQLs by mql_at, SQLs by sql_at, wins and won value by \
won_at — else created_at —, SLA hand-offs by their hand-off time); rates divide the period's \
events; a period not over at as_of is in progress: counts and won value are projected linearly \
in its elapsed time, rates, times and tickets are the value so far; the gap is the actual (the \
projection in progress) minus the target; the trend compares the last two complete periods";

/// A goal figure: `null`, or a number rounded for its KPI, written without
/// `.0` when whole.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figure(pub Option<f64>);

impl Serialize for Figure {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_unit(),
            Some(x) if x.fract() == 0.0 && x.abs() < 9e15 => s.serialize_i64(x as i64),
            Some(x) => s.serialize_f64(x),
        }
    }
}

/// The report's `goals`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct GoalsReport {
    /// How actuals, projections and trends are computed.
    pub method: &'static str,
    /// One per goal of the model, in model order.
    pub items: Vec<GoalResult>,
}

/// One goal against what happened.
#[derive(Debug, Clone, Serialize)]
pub struct GoalResult {
    /// The goal's id.
    pub id: String,
    /// Its label, if the model gives one.
    pub label: Option<String>,
    /// The KPI.
    pub kpi: &'static str,
    /// Who answers for it.
    pub owner: String,
    /// `at_least` or `at_most`.
    pub direction: &'static str,
    /// The target.
    pub target: Figure,
    /// `month` or `quarter`.
    pub per: &'static str,
    /// The hand-off stage (SLA KPIs), if narrowed.
    pub stage: Option<String>,
    /// The team, if narrowed.
    pub team: Option<String>,
    /// Why it cannot be measured from this export, if it cannot.
    pub not_measured: Option<String>,
    /// The status of the period holding `as_of`.
    pub status: &'static str,
    /// `improving`, `worsening` or `steady` between the last two complete
    /// periods; `null` without two.
    pub trend: Option<&'static str>,
    /// Oldest first, ending with the period holding `as_of`.
    pub periods: Vec<GoalPeriod>,
}

/// One goal in one period.
#[derive(Debug, Clone, Serialize)]
pub struct GoalPeriod {
    /// `2026-11` or `2026-Q4`.
    pub period: String,
    /// When it starts and ends (RFC 3339, UTC).
    pub start: String,
    /// See `start`.
    pub end: String,
    /// True when it ended by `as_of`.
    pub complete: bool,
    /// The actual so far (`null`: not measured or nothing to divide).
    pub actual: Figure,
    /// In progress: the projection to the period's end (`null` otherwise).
    pub projected: Figure,
    /// `met`, `missed`, `in_progress` or `not_measured`.
    pub status: &'static str,
    /// In progress: whether the projection meets the target.
    pub on_track: Option<bool>,
    /// Actual (or projection) minus target.
    pub gap: Figure,
    /// The leads behind the goal in the period (`null` for `leads`,
    /// `marketing_won_share` and goals not measured).
    pub behind: Option<super::Behind>,
}

/// What the evaluation needs besides the tallies.
pub(crate) struct Context<'a> {
    pub(crate) agreement: &'a Agreement,
    pub(crate) as_of: Timestamp,
    pub(crate) offset_ms: i64,
    pub(crate) sla_measured: bool,
    pub(crate) money_measured: bool,
}

/// Hand-off stages as the report names them, highest first.
const HANDOFF: [&str; 3] = ["SQL", "MQL", "lead"];

fn decimals(kpi: Kpi) -> f64 {
    match kpi {
        k if k.is_count() => 1.0,
        k if k.is_share() => 10_000.0,
        Kpi::WonValue | Kpi::AverageTicket => 100.0,
        _ => 10.0,
    }
}

fn round(x: f64, scale: f64) -> f64 {
    libm::round(x * scale) / scale
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Why a goal cannot be measured from this export (before any period).
fn unmeasurable(goal: &Goal, cx: &Context<'_>) -> Option<String> {
    let stage_ok = goal
        .stage
        .as_ref()
        .is_none_or(|s| HANDOFF.iter().any(|h| h.eq_ignore_ascii_case(s)));
    match goal.kpi {
        Kpi::MarketingWonShare => Some(
            "the export does not say which leads marketing sourced; marketing_won_share is not \
             measured"
                .into(),
        ),
        Kpi::SlaAdherence | Kpi::FirstContactMedianMinutes if !cx.sla_measured => {
            Some("no first-contact column: the SLA is not measured".into())
        }
        Kpi::SlaAdherence | Kpi::FirstContactMedianMinutes if !stage_ok => {
            Some("the report times hand-offs at SQL, MQL and lead only".into())
        }
        Kpi::WonValue | Kpi::AverageTicket if !cx.money_measured => {
            Some("no deal value column: won value is not measured".into())
        }
        _ => None,
    }
}

/// The KPI's actual in a tally.
fn actual(goal: &Goal, t: &Tally) -> Option<f64> {
    let stage = goal
        .stage
        .as_ref()
        .and_then(|s| HANDOFF.iter().position(|h| h.eq_ignore_ascii_case(s)))
        .unwrap_or(3);
    let due = t.due.get(stage).copied().unwrap_or(0);
    let met = t.met.get(stage).copied().unwrap_or(0);
    match goal.kpi {
        Kpi::Leads => Some(t.leads as f64),
        Kpi::Mql => Some(t.mql as f64),
        Kpi::Sql => Some(t.sql as f64),
        Kpi::Won => Some(t.won as f64),
        Kpi::LeadToMql => ratio(t.mql, t.leads),
        Kpi::MqlToSql => ratio(t.sql, t.mql),
        Kpi::SqlToWon => ratio(t.won, t.sql),
        Kpi::SlaAdherence => ratio(met, due),
        Kpi::FirstContactMedianMinutes => t
            .contact
            .get(stage)
            .and_then(|c| c.quantile(1, 2))
            .map(|s| s as f64 / 60.0),
        Kpi::WonValue => Money(Some(t.cents)).units(),
        Kpi::AverageTicket => Money::per(t.cents, t.valued).units(),
        Kpi::MarketingWonShare => None,
    }
}

/// Counts and money grow with time; rates, times and tickets do not.
fn additive(kpi: Kpi) -> bool {
    kpi.is_count() || kpi == Kpi::WonValue
}

fn meets(goal: &Goal, value: f64) -> bool {
    match goal.direction {
        Direction::AtLeast => value >= goal.target,
        Direction::AtMost => value <= goal.target,
    }
}

impl GoalCounts {
    /// Every goal of the agreement against the tallies.
    pub(crate) fn evaluate(&self, cx: &Context<'_>) -> GoalsReport {
        let items = cx
            .agreement
            .goals
            .iter()
            .enumerate()
            .map(|(gi, g)| self.goal(gi, g, cx))
            .collect();
        GoalsReport {
            method: METHOD,
            items,
        }
    }

    fn goal(&self, gi: usize, goal: &Goal, cx: &Context<'_>) -> GoalResult {
        let why = unmeasurable(goal, cx);
        let si = self.slice(goal.team.as_ref(), goal.per);
        let now = period::index(cx.as_of, cx.offset_ms, goal.per);
        let first = si.and_then(|s| self.first.get(s).copied().flatten());
        let from = first.map_or(now + 1, |f| f.max(now - WINDOW + 1));
        let scale = decimals(goal.kpi);
        let empty = Tally::default();
        let listed = why.is_none() && super::behind::listed(goal.kpi);
        let mut periods = Vec::new();
        for index in from..=now {
            let start = period::start(index, cx.offset_ms, goal.per);
            let end = period::start(index + 1, cx.offset_ms, goal.per);
            let tally = si.and_then(|s| self.tally(s, index)).unwrap_or(&empty);
            let value = match why {
                Some(_) => None,
                None => actual(goal, tally).map(|x| round(x, scale)),
            };
            let complete = end <= cx.as_of;
            let elapsed = cx.as_of.0.saturating_sub(start.0);
            let length = end.0.saturating_sub(start.0);
            let projected = match value {
                Some(v) if !complete && additive(goal.kpi) && elapsed > 0 => {
                    // Counts round to a tenth when projected.
                    let s = if goal.kpi.is_count() { 10.0 } else { scale };
                    Some(round(v * length as f64 / elapsed as f64, s))
                }
                Some(v) if !complete => Some(v),
                _ => None,
            };
            let shown = if complete { value } else { projected };
            let status = match (shown, complete) {
                (None, _) => "not_measured",
                (Some(v), true) if meets(goal, v) => "met",
                (Some(_), true) => "missed",
                (Some(_), false) => "in_progress",
            };
            let gap_scale = if goal.kpi.is_count() { 10.0 } else { scale };
            periods.push(GoalPeriod {
                period: period::name(index, goal.per),
                start: start.to_rfc3339(),
                end: end.to_rfc3339(),
                complete,
                actual: Figure(value),
                projected: Figure(projected),
                status,
                on_track: projected.map(|p| meets(goal, p)),
                gap: Figure(shown.map(|v| round(v - goal.target, gap_scale))),
                behind: listed.then(|| self.behind.get(gi, index)),
            });
        }
        let done: Vec<f64> = periods
            .iter()
            .filter(|p| p.complete)
            .filter_map(|p| p.actual.0)
            .collect();
        let trend = match done.as_slice() {
            [.., before, last] if last == before => Some("steady"),
            [.., before, last] => Some(if meets_more(goal, *last, *before) {
                "improving"
            } else {
                "worsening"
            }),
            _ => None,
        };
        GoalResult {
            id: goal.id.clone(),
            label: goal.label.clone(),
            kpi: goal.kpi.name(),
            owner: goal.owner.clone(),
            direction: match goal.direction {
                Direction::AtLeast => "at_least",
                Direction::AtMost => "at_most",
            },
            target: Figure(Some(goal.target)),
            per: match goal.per {
                Period::Month => "month",
                Period::Quarter => "quarter",
            },
            stage: goal.stage.clone(),
            team: goal.team.clone(),
            status: periods.last().map_or("not_measured", |p| p.status),
            not_measured: why,
            trend,
            periods,
        }
    }
}

/// True when `last` is better than `before` for the goal's direction.
fn meets_more(goal: &Goal, last: f64, before: f64) -> bool {
    match goal.direction {
        Direction::AtLeast => last > before,
        Direction::AtMost => last < before,
    }
}
