//! The review's goals table: each goal of the model in the period holding
//! the reviewed month (a quarter for quarterly goals), with its target,
//! actual, status (a period in progress shows its projection, never
//! "missed"), gap, owner and the last periods' actuals — all read from the
//! report's `goals` and written by the report's formatters.

use super::build::Review;
use super::doc::Block;
use crate::cli::report::goals::fig;
use crate::cli::report::revenue::money;

use crate::model::goals::{Kpi, Period};
use crate::report::goals::{period, Figure, GoalPeriod, GoalResult};
use crate::report::output::{Minutes, Money, Ratio};
use crate::report::{duration, percent};

/// Periods shown in a goal's "last periods" column.
const TREND_PERIODS: usize = 3;

impl Review<'_> {
    /// A goal figure in its KPI's unit.
    pub(super) fn goal_value(&self, kpi: &str, f: Figure) -> String {
        let Some(x) = f.0 else {
            return "—".to_string();
        };
        let text = match Kpi::parse(kpi) {
            Some(k) if k.is_share() => percent(Ratio(Some(x))),
            Some(Kpi::FirstContactMedianMinutes) => duration(Minutes(Some(x))),
            Some(Kpi::WonValue | Kpi::AverageTicket) => money(
                Money(Some(libm::round(x * 100.0) as i64)),
                self.report.revenue.currency.as_deref(),
            ),
            _ => fig(f),
        };
        self.lang.figure(text)
    }

    /// A goal's gap with its sign (the figure's size written by the KPI's
    /// formatter, which knows no sign for durations); shares in percentage points.
    pub(super) fn gap(&self, kpi: &str, f: Figure) -> String {
        let Some(x) = f.0 else {
            return "—".to_string();
        };
        let sign = match x {
            x if x > 0.0 => "+",
            x if x < 0.0 => "-",
            _ => "",
        };
        let text = self.goal_value(kpi, Figure(Some(x.abs())));
        match Kpi::parse(kpi) {
            Some(k) if k.is_share() => format!("{sign}{} {}", text.replace('%', ""), self.t("pp")),
            _ => format!("{sign}{text}"),
        }
    }

    /// The goal's period holding the reviewed month.
    pub(super) fn period<'g>(&self, g: &'g GoalResult) -> Option<(usize, &'g GoalPeriod)> {
        let per = if g.per == "quarter" {
            Period::Quarter
        } else {
            Period::Month
        };
        let index = match per {
            Period::Month => self.month,
            Period::Quarter => self.month.div_euclid(3),
        };
        let wanted = period::name(index, per);
        g.periods
            .iter()
            .enumerate()
            .find(|(_, p)| p.period == wanted)
    }

    pub(super) fn status(&self, g: &GoalResult, p: &GoalPeriod) -> String {
        match p.status {
            "met" => self.t("status_met").to_string(),
            "missed" => self.t("status_missed").to_string(),
            "in_progress" => self.lang.fill(
                "status_in_progress",
                &[&self.goal_value(g.kpi, p.projected)],
            ),
            _ => self.t("status_not_measured").to_string(),
        }
    }

    /// A goal's heading: its label (else its id) with its stage and team.
    pub(super) fn title(g: &GoalResult) -> String {
        crate::cli::report::goals::title(g) // one heading for a goal, in the report and the review
    }

    pub(super) fn target(&self, g: &GoalResult) -> String {
        let sign = if g.direction == "at_most" {
            "≤"
        } else {
            "≥"
        };
        format!("{sign} {}", self.goal_value(g.kpi, g.target))
    }

    /// Up to [`TREND_PERIODS`] actuals ending at the reviewed period, and the
    /// report's trend word when that period is the last complete one.
    pub(super) fn trend(&self, g: &GoalResult, at: usize) -> String {
        if g.not_measured.is_some() {
            return "—".to_string();
        }
        let from = (at + 1).saturating_sub(TREND_PERIODS);
        let shown: Vec<String> = g
            .periods
            .iter()
            .take(at + 1)
            .skip(from)
            .map(|p| self.goal_value(g.kpi, p.actual))
            .collect();
        let mut text = shown.join(" → ");
        let last_complete = g.periods.iter().rposition(|p| p.complete);
        if let (Some(trend), Some(true)) = (g.trend, last_complete.map(|i| i == at)) {
            text.push_str(&format!(" ({})", self.t(&format!("trend_{trend}"))));
        }
        text
    }

    pub(super) fn goals(&self, out: &mut Vec<Block>) {
        out.push(Block::Heading(2, self.t("h_goals").to_string()));
        let items = &self.report.goals.items;
        if items.is_empty() {
            out.push(Block::Para(self.t("goals_none").to_string()));
            return;
        }
        let head = [
            "col_goal",
            "col_owner",
            "col_period",
            "col_target",
            "col_actual",
            "col_status",
            "col_gap",
            "col_trend",
        ];
        let head = head.iter().map(|k| self.t(k).to_string()).collect();
        let mut rows = Vec::new();
        for g in items {
            let mut row = vec![Self::title(g), self.owner(&g.owner)];
            match self.period(g) {
                Some((at, p)) => row.extend([
                    p.period.clone(),
                    self.target(g),
                    self.goal_value(g.kpi, p.actual),
                    self.status(g, p),
                    self.gap(g.kpi, p.gap),
                    self.trend(g, at),
                ]),
                None => row.extend([
                    self.t("no_period").to_string(),
                    self.target(g),
                    "—".into(),
                    self.t("status_not_measured").to_string(),
                    "—".into(),
                    "—".into(),
                ]),
            }
            rows.push(row);
        }
        out.push(Block::Table(head, rows));
    }
}
