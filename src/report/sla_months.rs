//! SLA adherence per team per month (issue 18): the report's `sla.by_team_month`.
//! A hand-off counts in the calendar month (report's time zone) of its
//! hand-off time — as the goals date it, so a per-team `sla_adherence` goal's
//! actual for a month is this table's cell — judged by the same outcome as
//! the rest of the SLA section (the team's business hours, `Sla::of`).
//! Only the months of the goals' window ([`super::goals::WINDOW`]: the
//! month holding `as_of` and the five before it) are kept, per team key of
//! the report's SLA by team (at most 200 teams, then "(other)"): memory is
//! a few counters per (team, month, stage), never per row.
//!
//! What it may call: the SLA outcome (`groups::Sla`), `goals::period`.

use super::goals::{period, WINDOW};
use super::groups::Sla;
use super::output::Ratio;
use crate::model::goals::Period;
use crate::time::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// Hand-off stages, highest first (as the SLA section names them).
const HANDOFF: [&str; 3] = ["SQL", "MQL", "lead"];

/// One team in one month.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct TeamMonthSla {
    /// The team (`(none)` when blank).
    pub team: String,
    /// `2026-11`.
    pub month: String,
    /// Hand-offs whose clock ran out (met + late + never), all stages.
    pub due: u64,
    /// Contacted in time, all stages.
    pub met: u64,
    /// `met / due`.
    pub adherence: Ratio,
    /// Per hand-off stage with hand-offs in the month.
    pub stages: Vec<MonthStage>,
}

/// One hand-off stage of a team's month.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct MonthStage {
    /// `SQL`, `MQL` or `lead`.
    pub stage: &'static str,
    /// Hand-offs dated in the month.
    pub handoffs: u64,
    /// Contacted in time.
    pub met: u64,
    /// Contacted after the deadline.
    pub late: u64,
    /// Not contacted, deadline passed.
    pub never: u64,
    /// Not contacted, deadline ahead (or no SLA).
    pub open: u64,
    /// `met / (met + late + never)`.
    pub adherence: Ratio,
}

/// (handoffs, met, late, never, open) per stage.
type Cell = [[u64; 5]; 3];

/// The counters, keyed by (team, month index).
#[derive(Debug, Clone, Default)]
pub(super) struct TeamMonths {
    cells: BTreeMap<(String, i64), Cell>,
}

impl TeamMonths {
    /// Adds one hand-off of `team` at `stage` (index into [`HANDOFF`]) handed off at `start`.
    pub(super) fn add(
        &mut self,
        team: &str,
        stage: usize,
        start: Timestamp,
        sla: Sla,
        as_of: Timestamp,
        offset_ms: i64,
    ) {
        let month = period::index(start, offset_ms, Period::Month);
        let now = period::index(as_of, offset_ms, Period::Month);
        if month > now || month <= now - WINDOW {
            return;
        }
        let key = (team.to_string(), month);
        let cell = match self.cells.get_mut(&key) {
            Some(c) => c,
            None => self.cells.entry(key).or_default(),
        };
        let Some(c) = cell.get_mut(stage) else {
            return;
        };
        let slot = match sla {
            Sla::Contacted(_, Some(true)) => Some(1),
            Sla::Contacted(_, Some(false)) => Some(2),
            Sla::Contacted(_, None) => None,
            Sla::Never => Some(3),
            Sla::Open => Some(4),
        };
        for i in [Some(0), slot].into_iter().flatten() {
            if let Some(n) = c.get_mut(i) {
                *n += 1;
            }
        }
    }

    /// The rows, by team then month.
    pub(super) fn finish(&self) -> Vec<TeamMonthSla> {
        self.cells
            .iter()
            .map(|((team, month), cell)| {
                let stages: Vec<MonthStage> = cell
                    .iter()
                    .zip(HANDOFF)
                    .filter(|(c, _)| c.first().is_some_and(|&h| h > 0))
                    .map(|(&[handoffs, met, late, never, open], stage)| MonthStage {
                        stage,
                        handoffs,
                        met,
                        late,
                        never,
                        open,
                        adherence: Ratio::of(met, met + late + never),
                    })
                    .collect();
                let due = stages.iter().map(|s| s.met + s.late + s.never).sum();
                let met = stages.iter().map(|s| s.met).sum();
                TeamMonthSla {
                    team: team.clone(),
                    month: period::name(*month, Period::Month),
                    due,
                    met,
                    adherence: Ratio::of(met, due),
                    stages,
                }
            })
            .collect()
    }
}
