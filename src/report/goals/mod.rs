//! Actual vs goal: each of the model's `goals` per calendar period (month or
//! quarter, in the report's time zone) — target, actual, met / missed / in
//! progress (a period not over at `as_of` is projected, never called
//! missed), the gap, the owner and the trend over the last periods.
//!
//! A period counts **events dated in it**: leads by `created_at`, MQLs by
//! `mql_at` (else `sql_at`, else `created_at` when only a stage says so),
//! SQLs by `sql_at` (else `created_at`), wins and their value by `won_at`
//! (else `created_at`), SLA hand-offs by the hand-off time. Rates divide the
//! period's events (MQLs in November over leads created in November).
//! Memory is bounded: only the [`WINDOW`] periods up to the one holding
//! `as_of` are kept, per distinct (team, period kind) of the goals.
//!
//! What it may call: the report's rows, SLA outcome and revenue tally, and
//! [`period`]; `evaluate.rs` turns the tallies into [`GoalsReport`].

mod behind;
mod evaluate;
pub(crate) mod period;
#[cfg(test)]
mod tests;

pub use behind::{Behind, BehindLead, SHOWN};
pub(crate) use evaluate::Context;
pub use evaluate::{Figure, GoalPeriod, GoalResult, GoalsReport, METHOD};

use super::groups::Sla;
use super::revenue::Counted;
use super::row::{PastLead, Result3};
use super::sketch::Sketch;
use crate::model::goals::{Agreement, Period};
use crate::time::Timestamp;

/// Periods shown per goal: the one holding `as_of` and the five before it.
pub const WINDOW: i64 = 6;

/// One period's events for one (team, period kind).
#[derive(Debug, Clone, Default)]
pub(super) struct Tally {
    leads: u64,
    mql: u64,
    sql: u64,
    won: u64,
    cents: i64,
    valued: u64,
    /// Per hand-off stage (SQL, MQL, lead) and, last, all of them.
    due: [u64; 4],
    met: [u64; 4],
    contact: [Sketch; 4],
}

/// What the goals need from every row, kept per (team, period kind).
#[derive(Debug, Clone, Default)]
pub(super) struct GoalCounts {
    /// Distinct (team, period kind) of the goals.
    slices: Vec<(Option<String>, Period)>,
    /// Per slice, the earliest period holding a lead (shown from there).
    first: Vec<Option<i64>>,
    /// (slice, period index, tally) of the kept periods.
    tallies: Vec<(usize, i64, Tally)>,
    /// Per goal and kept period, the leads behind it.
    behind: behind::BehindLists,
}

impl GoalCounts {
    /// Counts for the goals of `agreement` (nothing at all without goals).
    pub(super) fn new(agreement: &Agreement) -> GoalCounts {
        let mut slices: Vec<(Option<String>, Period)> = Vec::new();
        for g in &agreement.goals {
            let key = (g.team.clone(), g.per);
            if !slices.contains(&key) {
                slices.push(key);
            }
        }
        GoalCounts {
            first: vec![None; slices.len()],
            slices,
            tallies: Vec::new(),
            behind: behind::BehindLists::default(),
        }
    }

    /// The slice of a goal's team and period kind.
    fn slice(&self, team: Option<&String>, per: Period) -> Option<usize> {
        self.slices
            .iter()
            .position(|(t, p)| t.as_ref() == team && *p == per)
    }

    /// Adds one lead: its hand-off stage and SLA outcome, and how its value counted.
    pub(super) fn add(
        &mut self,
        agreement: &Agreement,
        lead: &PastLead,
        handoff: (Option<usize>, Sla),
        counted: Counted,
        as_of: Timestamp,
        offset_ms: i64,
    ) {
        for (gi, goal) in agreement.goals.iter().enumerate() {
            if goal
                .team
                .as_ref()
                .is_some_and(|t| lead.team.as_ref() != Some(t))
            {
                continue;
            }
            let now = period::index(as_of, offset_ms, goal.per);
            let kept = |t: Timestamp| {
                let i = period::index(t, offset_ms, goal.per);
                (i <= now && i > now - WINDOW).then_some(i)
            };
            self.behind.add(gi, goal, lead, handoff, &kept);
        }
        for si in 0..self.slices.len() {
            let Some((team, per)) = self.slices.get(si) else {
                continue;
            };
            if team.as_ref().is_some_and(|t| lead.team.as_ref() != Some(t)) {
                continue;
            }
            let per = *per;
            let now = period::index(as_of, offset_ms, per);
            let created = period::index(lead.created, offset_ms, per);
            if let Some(first) = self.first.get_mut(si) {
                *first = Some(first.map_or(created, |f| f.min(created)));
            }
            let mut at = |t: Timestamp, f: &mut dyn FnMut(&mut Tally)| {
                let i = period::index(t, offset_ms, per);
                if i > now || i <= now - WINDOW {
                    return;
                }
                let found = self.tallies.iter().position(|e| e.0 == si && e.1 == i);
                let slot = match found {
                    Some(k) => self.tallies.get_mut(k),
                    None => {
                        self.tallies.push((si, i, Tally::default()));
                        self.tallies.last_mut()
                    }
                };
                if let Some(e) = slot {
                    f(&mut e.2);
                }
            };
            at(lead.created, &mut |t| t.leads += 1);
            if lead.reached >= 1 {
                let when = lead.mql.or(lead.sql).unwrap_or(lead.created);
                at(when, &mut |t| t.mql += 1);
            }
            if lead.reached >= 2 {
                at(lead.sql.unwrap_or(lead.created), &mut |t| t.sql += 1);
            }
            if lead.result == Result3::Won {
                at(lead.won_at.unwrap_or(lead.created), &mut |t| {
                    t.won += 1;
                    if let Counted::Summed(c) = counted {
                        t.cents = t.cents.saturating_add(c);
                        t.valued += 1;
                    }
                });
            }
            let (Some(stage), sla) = handoff else {
                continue;
            };
            let stamps = [lead.sql, lead.mql, Some(lead.created)];
            let Some(start) = stamps.get(stage).copied().flatten() else {
                continue;
            };
            at(start, &mut |t| {
                for s in [stage, 3] {
                    let (Some(due), Some(met), Some(contact)) =
                        (t.due.get_mut(s), t.met.get_mut(s), t.contact.get_mut(s))
                    else {
                        continue;
                    };
                    match sla {
                        Sla::Contacted(seconds, in_time) => {
                            contact.add(seconds);
                            if let Some(m) = in_time {
                                *due += 1;
                                *met += u64::from(m);
                            }
                        }
                        Sla::Never => *due += 1,
                        Sla::Open => {}
                    }
                }
            });
        }
    }

    /// The tally of a slice's period (empty when nothing happened in it).
    fn tally(&self, si: usize, index: i64) -> Option<&Tally> {
        self.tallies
            .iter()
            .find(|e| e.0 == si && e.1 == index)
            .map(|e| &e.2)
    }
}
