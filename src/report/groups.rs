//! Per-group counters: funnel counts, SLA outcomes and response-time
//! sketches, and the cap on distinct groups per dimension.

use super::output::{GroupKpis, Minutes, Ratio, SlaStage};
use super::revenue::{Counted, Tally};
use super::row::{PastLead, Result3};
use super::sketch::Sketch;
use crate::time::Timestamp;
use std::collections::BTreeMap;

/// Distinct values kept per dimension (team, owner, source…); later ones count as `(other)`.
pub const MAX_GROUPS: usize = 200;
/// The key of values beyond [`MAX_GROUPS`].
pub const OTHER: &str = "(other)";

/// Counts of one group.
#[derive(Debug, Clone, Default)]
pub(super) struct Counts {
    leads: u64,
    mql: u64,
    sql: u64,
    won: u64,
    lost: u64,
    contacted: u64,
    sla_due: u64,
    sla_met: u64,
    model_mql: u64,
    model_sql: u64,
    first_contact: Sketch,
    revenue: Tally,
}

/// Response to leads handed off at one stage.
#[derive(Debug, Clone, Default)]
pub(super) struct StageCounts {
    handoffs: u64,
    contacted: u64,
    met: u64,
    late: u64,
    never: u64,
    open: u64,
    first_contact: Sketch,
}

/// One dimension's groups, capped at [`MAX_GROUPS`].
#[derive(Debug, Clone, Default)]
pub(super) struct Dim<T> {
    pub(super) groups: BTreeMap<String, T>,
    pub(super) pooled: u64,
}

impl<T: Default> Dim<T> {
    pub(super) fn slot(&mut self, key: &str) -> Option<&mut T> {
        let key = if self.groups.contains_key(key) || self.groups.len() < MAX_GROUPS {
            key
        } else {
            self.pooled += 1;
            OTHER
        };
        // Look up before inserting: a key is allocated once per group, not once per row.
        if !self.groups.contains_key(key) {
            self.groups.insert(key.to_string(), T::default());
        }
        self.groups.get_mut(key)
    }
}

/// How a lead fared against the SLA of its hand-off stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sla {
    /// Contacted; `Some(met)` when the stage has an SLA.
    Contacted(u64, Option<bool>),
    /// Never contacted and the deadline passed.
    Never,
    /// Never contacted, deadline still ahead (or no SLA).
    Open,
}

impl Sla {
    /// The hand-off stage (an index into `sla_ms`, the hand-off stages'
    /// limits in milliseconds, highest stage first) and how the SLA fared
    /// as of `as_of`.
    ///
    /// The hand-off is the highest stage reached at or before the first
    /// contact (or, without a contact, the highest stage with a timestamp):
    /// its timestamp starts the clock and its `respond_within` is the limit,
    /// counted in `hours` (the lead's team's business hours) when given, as
    /// the core counts `respond_by`; the time to contact stays wall time.
    pub(super) fn of(
        lead: &PastLead,
        sla_ms: &[Option<i64>; 3],
        as_of: Timestamp,
        hours: Option<&crate::time::hours::Hours>,
    ) -> (Option<usize>, Sla) {
        let stamps = [lead.sql, lead.mql, Some(lead.created)];
        let found = stamps.iter().enumerate().find_map(|(i, t)| {
            let t = (*t)?;
            lead.contact.is_none_or(|c| t <= c).then_some((i, t))
        });
        let Some((stage, start)) = found else {
            return (None, Sla::Open);
        };
        let limit = sla_ms.get(stage).copied().flatten();
        let deadline = limit.and_then(|l| match hours {
            Some(h) => h.add(start, l),
            None => start.checked_add_millis(l),
        });
        let sla = match lead.contact {
            Some(c) => {
                let ms = c.0.saturating_sub(start.0).max(0);
                // No deadline (past the search horizon): never late.
                let met = limit.map(|_| deadline.is_none_or(|d| c <= d));
                Sla::Contacted(ms.unsigned_abs() / 1000, met)
            }
            None => match deadline {
                Some(deadline) if deadline <= as_of => Sla::Never,
                _ => Sla::Open,
            },
        };
        (Some(stage), sla)
    }
}

impl Counts {
    pub(super) fn add(&mut self, lead: &PastLead, sla: Sla, model: [bool; 2], counted: Counted) {
        let [model_mql, model_sql] = model;
        self.revenue.add(counted);
        self.leads += 1;
        self.mql += u64::from(lead.reached >= 1);
        self.sql += u64::from(lead.reached >= 2);
        self.won += u64::from(lead.result == Result3::Won);
        self.lost += u64::from(lead.result == Result3::Lost);
        self.model_mql += u64::from(model_mql);
        self.model_sql += u64::from(model_sql);
        match sla {
            Sla::Contacted(seconds, met) => {
                self.contacted += 1;
                self.first_contact.add(seconds);
                if let Some(met) = met {
                    self.sla_due += 1;
                    self.sla_met += u64::from(met);
                }
            }
            Sla::Never => self.sla_due += 1,
            Sla::Open => {}
        }
    }

    /// The group's KPIs (`revenue`: the export has a deal value).
    pub(super) fn finish(&self, key: &str, revenue: bool) -> GroupKpis {
        let (won_value, won_valued, won_other_currency, average_ticket) =
            self.revenue.finish(revenue);
        GroupKpis {
            won_value,
            won_valued,
            won_other_currency,
            average_ticket,
            key: key.to_string(),
            leads: self.leads,
            mql: self.mql,
            sql: self.sql,
            won: self.won,
            lost: self.lost,
            lead_to_mql: Ratio::of(self.mql, self.leads),
            mql_to_sql: Ratio::of(self.sql, self.mql),
            sql_to_won: Ratio::of(self.won, self.sql),
            contacted: self.contacted,
            sla_due: self.sla_due,
            sla_met: self.sla_met,
            sla_adherence: Ratio::of(self.sla_met, self.sla_due),
            first_contact_median_minutes: Minutes::from_seconds(self.first_contact.quantile(1, 2)),
            first_contact_p90_minutes: Minutes::from_seconds(self.first_contact.quantile(9, 10)),
            model_mql: self.model_mql,
            model_sql: self.model_sql,
        }
    }
}

impl Counts {
    /// The group's revenue tally.
    pub(super) fn revenue(&self) -> &Tally {
        &self.revenue
    }
}

impl StageCounts {
    pub(super) fn add(&mut self, sla: Sla) {
        self.handoffs += 1;
        match sla {
            Sla::Contacted(seconds, met) => {
                self.contacted += 1;
                self.first_contact.add(seconds);
                match met {
                    Some(true) => self.met += 1,
                    Some(false) => self.late += 1,
                    None => {}
                }
            }
            Sla::Never => self.never += 1,
            Sla::Open => self.open += 1,
        }
    }

    pub(super) fn finish(&self, stage: &'static str, limit_ms: Option<i64>) -> SlaStage {
        SlaStage {
            stage,
            respond_within: limit_ms.map(format_duration),
            respond_within_minutes: Minutes(limit_ms.map(|ms| ms as f64 / 60_000.0)),
            handoffs: self.handoffs,
            contacted: self.contacted,
            met: self.met,
            late: self.late,
            never: self.never,
            open: self.open,
            adherence: Ratio::of(self.met, self.met + self.late + self.never),
            median_minutes: Minutes::from_seconds(self.first_contact.quantile(1, 2)),
            p90_minutes: Minutes::from_seconds(self.first_contact.quantile(9, 10)),
        }
    }
}

/// `90061000` ms → `1d1h1m1s`, in the model's own units.
pub fn format_duration(ms: i64) -> String {
    let mut rest = ms.max(0) / 1000;
    let mut out = String::new();
    for (unit, secs) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if rest >= secs {
            out.push_str(&format!("{}{unit}", rest / secs));
            rest %= secs;
        }
    }
    if out.is_empty() {
        out.push_str("0s");
    }
    out
}
