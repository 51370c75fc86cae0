//! The review's three largest gaps, each with the leads behind it (issue
//! 18, item 4): among the goals whose period holding the reviewed month
//! was **missed**, or is **in progress and projected to miss**, the three
//! with the largest *relative shortfall* — how far the actual (the
//! projection in progress) falls short, as a share of the target
//! (|gap| ÷ |target|; a target of 0 missed ranks first) — so a 90% SLA at
//! 0% outranks a revenue 16% short whatever their units. Ties keep model
//! order. Under each, the report's `behind` list for that goal and period
//! (`src/report/goals/behind.rs` decides which leads and in what order):
//! the export line, team, owner, when (in the report's time zone) and why.

use super::build::Review;
use super::doc::Block;
use crate::cli::report::revenue::money;
use crate::report::duration;
use crate::report::goals::{BehindLead, GoalPeriod, GoalResult};
use crate::report::output::{Minutes, Money};
use crate::time::Timestamp;

/// Gaps shown.
pub const GAPS: usize = 3;

/// |gap| ÷ |target| of a goal's period that misses, or is projected to.
fn shortfall(g: &GoalResult, p: &GoalPeriod) -> Option<f64> {
    let missing = p.status == "missed" || (p.status == "in_progress" && p.on_track == Some(false));
    if !missing || g.not_measured.is_some() {
        return None;
    }
    let gap = p.gap.0?.abs();
    let target = g.target.0?.abs();
    Some(if target > 0.0 {
        gap / target
    } else {
        f64::INFINITY
    })
}

impl Review<'_> {
    /// The reviewed period's goals that miss, largest relative shortfall first.
    fn largest(&self) -> Vec<(&GoalResult, &GoalPeriod, f64)> {
        let mut found: Vec<(&GoalResult, &GoalPeriod, f64)> = Vec::new();
        for g in &self.report.goals.items {
            if let Some((_, p)) = self.period(g) {
                if let Some(s) = shortfall(g, p) {
                    found.push((g, p, s));
                }
            }
        }
        // Stable: equal shortfalls keep model order.
        found.sort_by(|a, b| b.2.total_cmp(&a.2));
        found.truncate(GAPS);
        found
    }

    /// `2026-11-11 09:00` in the report's time zone.
    fn local(&self, at: &str) -> String {
        let offset = super::offset_ms(&self.report.timezone);
        match Timestamp::parse(at) {
            Some(t) => {
                let text = Timestamp(t.0.saturating_add(offset)).to_rfc3339();
                text.get(..16).unwrap_or(&text).replacen('T', " ", 1)
            }
            None => at.to_string(),
        }
    }

    /// Why a lead is behind, in words.
    fn why(&self, l: &BehindLead) -> String {
        let minutes = |m: Option<u64>| {
            let m = Minutes(m.map(|m| m as f64));
            self.lang.figure(duration(m))
        };
        let value = || {
            let currency = l
                .currency
                .as_deref()
                .or(self.report.revenue.currency.as_deref());
            match l.value {
                Money(Some(_)) => self.lang.figure(money(l.value, currency)),
                Money(None) => self.t("no_value").to_string(),
            }
        };
        match l.why {
            "sla_never" => self.t("why_sla_never").to_string(),
            "sla_late" => self.lang.fill("why_sla_late", &[&minutes(l.minutes)]),
            "slow_contact" => self.lang.fill("why_slow_contact", &[&minutes(l.minutes)]),
            "not_mql" => self.t("why_not_mql").to_string(),
            "not_sql" => self.t("why_not_sql").to_string(),
            "lost" => self.lang.fill("why_lost", &[&value()]),
            _ => self.lang.fill("why_open", &[&value()]),
        }
    }

    /// The section: up to [`GAPS`] gaps, each with its leads.
    pub(super) fn gaps(&self, out: &mut Vec<Block>) {
        out.push(Block::Heading(2, self.t("h_gaps").to_string()));
        let gaps = self.largest();
        if gaps.is_empty() {
            out.push(Block::Para(self.t("gaps_none").to_string()));
            return;
        }
        out.push(Block::Para(self.t("gaps_rule").to_string()));
        for (i, (g, p, s)) in gaps.into_iter().enumerate() {
            let shown = if p.complete { p.actual } else { p.projected };
            let short = if s.is_finite() {
                self.pct(crate::report::output::Ratio(Some(s)))
            } else {
                "—".to_string()
            };
            let head = self.lang.fill(
                if p.complete {
                    "gap_missed"
                } else {
                    "gap_off_track"
                },
                &[
                    &(i + 1).to_string(),
                    &Self::title(g),
                    &p.period,
                    &self.goal_value(g.kpi, shown),
                    &self.target(g),
                    &short,
                    &self.owner(&g.owner),
                ],
            );
            out.push(Block::Heading(3, head));
            let Some(behind) = &p.behind else {
                out.push(Block::Para(self.t("behind_none_kind").to_string()));
                continue;
            };
            if behind.leads.is_empty() {
                out.push(Block::Para(self.t("behind_none").to_string()));
                continue;
            }
            let count = self.count(behind.count);
            let what = self.t(&format!("behind_{}", g.kpi));
            let para = if behind.count > behind.leads.len() as u64 {
                let shown = self.count(behind.leads.len() as u64);
                self.lang.fill("behind_some", &[&count, what, &shown])
            } else {
                self.lang.fill("behind_all", &[&count, what])
            };
            out.push(Block::Para(para));
            let head = ["col_line", "col_team", "col_owner", "col_when", "col_why"];
            let head = head.iter().map(|k| self.t(k).to_string()).collect();
            let dash = || "—".to_string();
            let rows = behind
                .leads
                .iter()
                .map(|l| {
                    vec![
                        // As a spreadsheet numbers it: plain digits.
                        l.line.to_string(),
                        l.team.clone().unwrap_or_else(dash),
                        l.owner.clone().unwrap_or_else(dash),
                        self.local(&l.at),
                        self.why(l),
                    ]
                })
                .collect();
            out.push(Block::Table(head, rows));
        }
    }
}
