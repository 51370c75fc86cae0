//! The leads behind a goal: per goal and kept period, how many leads pull
//! its KPI away from the target, and the [`SHOWN`] that weigh most — what
//! the monthly review lists under each of its largest gaps (issue 18).
//!
//! Which leads, dated like the goal's own events (docs/report.md, "Goals"):
//! - `sla_adherence`: hand-offs (of the goal's stage) late or never
//!   contacted, never contacted first, then the slowest;
//! - `first_contact_median_minutes` (at most): hand-offs contacted after the
//!   target, slowest first;
//! - `mql`, `lead_to_mql`: leads created in the period that are not MQL;
//! - `sql`, `mql_to_sql`: MQLs of the period that did not become SQL;
//! - `won`, `sql_to_won`, `won_value`, `average_ticket`: SQLs of the period
//!   not won — lost deals first, then open ones, larger deal value first;
//! - `leads`, `marketing_won_share`: none (no lead stands for a lead that
//!   never came; the export does not say who sourced a deal).
//!
//! Ties keep the earlier line. Memory: [`SHOWN`] leads per goal and kept
//! period. What it may call: the report's row and SLA outcome only.

use super::super::groups::Sla;
use super::super::row::{PastLead, Result3};
use crate::model::goals::{Direction, Goal, Kpi};
use crate::report::revenue::Money;
use crate::time::Timestamp;
use serde::Serialize;

/// Leads listed per goal and period (all are counted).
pub const SHOWN: usize = 5;

/// Hand-off stages as the report names them, highest first.
const HANDOFF: [&str; 3] = ["SQL", "MQL", "lead"];

/// One lead behind a goal, as the export gives it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BehindLead {
    /// The line of the export where its record starts.
    pub line: u64,
    /// Its team and owner as written (`null` when blank).
    pub team: Option<String>,
    /// See `team`.
    pub owner: Option<String>,
    /// `sla_never`, `sla_late`, `slow_contact`, `not_mql`, `not_sql`,
    /// `lost` or `open`.
    pub why: &'static str,
    /// The event that dates it in the period (hand-off, creation, MQL or
    /// SQL), RFC 3339 UTC.
    pub at: String,
    /// Wall-clock minutes from the hand-off to the first contact, when
    /// contacted (SLA and first-contact goals).
    pub minutes: Option<u64>,
    /// Its deal value when the export gives one (lost and open deals).
    pub value: Money,
    /// The currency the row names for that value, if it names one.
    pub currency: Option<String>,
}

/// The leads behind one goal in one period.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Behind {
    /// How many leads are behind it.
    pub count: u64,
    /// The [`SHOWN`] that weigh most, heaviest first.
    pub leads: Vec<BehindLead>,
}

/// (goal index, period index, the list with each lead's weight).
type Slot = (usize, i64, u64, Vec<((u8, i64), BehindLead)>);

/// The lists of every goal's kept periods.
#[derive(Debug, Clone, Default)]
pub(super) struct BehindLists {
    slots: Vec<Slot>,
}

/// Whether the goal's KPI has leads behind it at all.
pub(super) fn listed(kpi: Kpi) -> bool {
    !matches!(kpi, Kpi::Leads | Kpi::MarketingWonShare)
}

/// Why `lead` is behind `goal`: (when, why, weight), or `None`.
fn reason(
    goal: &Goal,
    lead: &PastLead,
    handoff: (Option<usize>, Sla),
) -> Option<(Timestamp, &'static str, (u8, i64))> {
    let score = lead.score.0;
    match goal.kpi {
        Kpi::Mql | Kpi::LeadToMql => {
            (lead.reached == 0).then_some((lead.created, "not_mql", (0, score)))
        }
        Kpi::Sql | Kpi::MqlToSql => (lead.reached == 1).then(|| {
            let when = lead.mql.unwrap_or(lead.created);
            (when, "not_sql", (0, score))
        }),
        Kpi::Won | Kpi::SqlToWon | Kpi::WonValue | Kpi::AverageTicket => {
            if lead.reached < 2 || lead.result == Result3::Won {
                return None;
            }
            let cents = lead.amount.as_ref().map_or(0, |a| a.cents);
            let when = lead.sql.unwrap_or(lead.created);
            Some(match lead.result {
                Result3::Lost => (when, "lost", (1, cents)),
                _ => (when, "open", (0, cents)),
            })
        }
        Kpi::SlaAdherence | Kpi::FirstContactMedianMinutes => {
            let (Some(stage), sla) = handoff else {
                return None;
            };
            let name = HANDOFF.get(stage).copied().unwrap_or("lead");
            if goal
                .stage
                .as_ref()
                .is_some_and(|s| !s.eq_ignore_ascii_case(name))
            {
                return None;
            }
            let start = [lead.sql, lead.mql, Some(lead.created)]
                .get(stage)
                .copied()
                .flatten()?;
            let slow = |s: u64| i64::try_from(s).unwrap_or(i64::MAX);
            match (goal.kpi, sla) {
                // The oldest hand-off never contacted has waited longest.
                (Kpi::SlaAdherence, Sla::Never) => Some((start, "sla_never", (1, -start.0))),
                (Kpi::SlaAdherence, Sla::Contacted(s, Some(false))) => {
                    Some((start, "sla_late", (0, slow(s))))
                }
                (Kpi::FirstContactMedianMinutes, Sla::Contacted(s, _))
                    if goal.direction == Direction::AtMost && s as f64 / 60.0 > goal.target =>
                {
                    Some((start, "slow_contact", (0, slow(s))))
                }
                _ => None,
            }
        }
        Kpi::Leads | Kpi::MarketingWonShare => None,
    }
}

impl BehindLists {
    /// Adds `lead` to goal `gi`'s list when it is behind it; `period` gives
    /// the kept period index of an instant (`None`: not kept).
    pub(super) fn add(
        &mut self,
        gi: usize,
        goal: &Goal,
        lead: &PastLead,
        handoff: (Option<usize>, Sla),
        period: &dyn Fn(Timestamp) -> Option<i64>,
    ) {
        let Some((when, why, weight)) = reason(goal, lead, handoff) else {
            return;
        };
        let Some(index) = period(when) else {
            return;
        };
        let slot = match self.slots.iter().position(|s| s.0 == gi && s.1 == index) {
            Some(k) => self.slots.get_mut(k),
            None => {
                self.slots.push((gi, index, 0, Vec::new()));
                self.slots.last_mut()
            }
        };
        let Some((_, _, count, kept)) = slot else {
            return;
        };
        *count += 1;
        // Kept heaviest first; a lead lighter than the lightest of a full list is only counted.
        let at = kept
            .iter()
            .position(|(w, _)| *w < weight)
            .unwrap_or(kept.len());
        if at >= SHOWN {
            return;
        }
        let minutes = match handoff.1 {
            Sla::Contacted(s, _) if why != "lost" && why != "open" => Some(s / 60),
            _ => None,
        };
        let amount = lead.amount.as_ref();
        let entry = BehindLead {
            line: lead.line,
            team: lead.team.clone(),
            owner: lead.owner.clone(),
            why,
            at: when.to_rfc3339(),
            minutes: minutes.filter(|_| why == "sla_late" || why == "slow_contact"),
            value: Money(amount.map(|a| a.cents)),
            currency: amount
                .and_then(|a| a.currency)
                .map(|c| c.as_str().to_string()),
        };
        kept.insert(at, (weight, entry));
        kept.truncate(SHOWN);
    }

    /// Goal `gi`'s list in period `index` (empty when no lead is behind it).
    pub(super) fn get(&self, gi: usize, index: i64) -> Behind {
        let found = self.slots.iter().find(|s| s.0 == gi && s.1 == index);
        found.map_or_else(Behind::default, |(_, _, count, kept)| Behind {
            count: *count,
            leads: kept.iter().map(|(_, l)| l.clone()).collect(),
        })
    }
}
