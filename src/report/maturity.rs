//! Months still maturing: the last months of creation whose leads have not
//! yet had the time most won leads need, so their conversions read low
//! without anything having dropped (issue 17: "SQL→won 55% → 26% → 4.5%").
//!
//! The window is measured from the export: the p90 of whole days from
//! `created_at` to `won_at` of the won leads, taken over the **mature**
//! months only — first over every won lead, which gives the months already
//! past that first window, then again over the won leads of those months
//! alone (the latest months hold only the fast wins so far, which would
//! shorten the window). A month is still maturing while its last day plus
//! the window is after `as_of`. With fewer than [`MIN_WON`] dated wins the
//! window is unknown and only a month not over at `as_of` is maturing.
//!
//! Memory: per month of creation with a dated win, a day histogram of
//! [`DAYS`] slots; at most [`MAX_MONTHS`] months (older ones are left out).
//! What it may call: the report's month keys (`datetime`) and periods.

use super::datetime;
use super::goals::period;
use crate::model::goals::Period;
use crate::time::Timestamp;
use serde::Serialize;

/// Whole days kept per month; later wins count in the last slot.
pub const DAYS: usize = 732;
/// Months of creation kept (the report's own cap on groups is 200).
pub const MAX_MONTHS: usize = 240;
/// Dated wins needed to measure the window.
pub const MIN_WON: u64 = 20;

/// How the window is measured, said in the report.
pub const METHOD: &str = "p90 of whole days from created_at to won_at of won leads, over the \
won leads of mature months (months whose last day plus the p90 of all won leads is before \
as_of); a month is still maturing while its last day plus that window is after as_of; with \
fewer than 20 dated wins, only a month not over at as_of is";

/// The report's `maturity`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Maturity {
    /// How it is measured.
    pub method: &'static str,
    /// The window in days (`null`: too few dated wins to measure it).
    pub won_within_days: Option<u32>,
    /// Dated wins the window was measured on.
    pub won_measured: u64,
    /// Keys of `by_month` still maturing, oldest first.
    pub months: Vec<String>,
}

/// Days from creation to win per month of creation.
#[derive(Debug, Clone, Default)]
pub struct WonDays {
    months: Vec<(i64, Vec<u32>)>,
}

impl WonDays {
    /// Counts a won lead's days from `created` to `won` (a win dated before
    /// its creation counts as day 0).
    pub fn add(&mut self, created: Timestamp, won: Timestamp, offset_ms: i64) {
        let month = period::index(created, offset_ms, Period::Month);
        let days = won.days_since(created).max(0.0) as usize;
        let slot = match self.months.iter().position(|(m, _)| *m == month) {
            Some(i) => self.months.get_mut(i),
            None if self.months.len() < MAX_MONTHS => {
                self.months.push((month, vec![0; DAYS]));
                self.months.last_mut()
            }
            None => None,
        };
        if let Some(c) = slot.and_then(|(_, h)| h.get_mut(days.min(DAYS - 1))) {
            *c = c.saturating_add(1);
        }
    }

    /// The p90 (nearest rank) of the months `keep` lets through, and its count.
    fn p90(&self, keep: &dyn Fn(i64) -> bool) -> (Option<u32>, u64) {
        let mut total = [0u64; DAYS];
        for (_, h) in self.months.iter().filter(|(m, _)| keep(*m)) {
            for (t, c) in total.iter_mut().zip(h) {
                *t += u64::from(*c);
            }
        }
        let n: u64 = total.iter().sum();
        let rank = (n * 9).div_ceil(10).max(1);
        let mut seen = 0;
        for (day, c) in total.iter().enumerate() {
            seen += c;
            if n > 0 && seen >= rank {
                return (u32::try_from(day).ok(), n);
            }
        }
        (None, n)
    }

    /// Which of `month_keys` (the report's `by_month` keys) are still maturing at `as_of`.
    pub fn finish<'k>(
        &self,
        month_keys: impl Iterator<Item = &'k str>,
        as_of: Timestamp,
        offset_ms: i64,
    ) -> Maturity {
        const DAY_MS: i64 = 86_400_000;
        let end = |m: i64| period::start(m + 1, offset_ms, Period::Month).0;
        let ready = |m: i64, days: u32| end(m).saturating_add(i64::from(days) * DAY_MS) <= as_of.0;
        let (first, n) = self.p90(&|_| true);
        let (window, won_measured) = match first {
            Some(w0) if n >= MIN_WON => match self.p90(&|m| ready(m, w0)) {
                (Some(w), k) if k >= MIN_WON => (Some(w), k),
                _ => (Some(w0), n),
            },
            _ => (None, n),
        };
        let months = month_keys
            .filter(|k| datetime::month_index(k).is_some_and(|m| !ready(m, window.unwrap_or(0))))
            .map(str::to_string)
            .collect();
        Maturity {
            method: METHOD,
            won_within_days: window,
            won_measured,
            months,
        }
    }
}

/// The CLI's plain note on the months still maturing (the page says the same
/// from its message table, `report_months_note*`); `None` when none is.
pub fn note(m: &Maturity) -> Option<String> {
    if m.months.is_empty() {
        return None;
    }
    let months = m.months.join(", ");
    Some(match m.won_within_days {
        Some(days) => format!(
            "Still maturing: {months}. Nine in ten won leads were won within {days} days of \
             their creation, and these months' leads have not had that time yet: their \
             conversions read low because they are young, not because sales dropped. Compare \
             months of the same age."
        ),
        None => format!(
            "Still maturing: {months}. The month is not over (too few dated wins to measure \
             how long leads take to be won): its conversions read low because its leads are \
             young, not because sales dropped."
        ),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    fn add_days(t: &str, days: i64) -> Timestamp {
        Timestamp(at(t).0 + days * 86_400_000)
    }

    // Worked by hand. 21 wins from January–March 2026 leads (created on the
    // 1st) after 10 days each, 2 from January after 100 days: the first p90
    // over 23 wins is rank ceil(20.7) = 21 → 10 days, so months ending by
    // as_of − 10 d are mature. As of 2026-06-15 that is January–May; their
    // wins are the same 23, so the window stays 10 days: May (ends 06-01,
    // +10 = 06-11 ≤ 06-15) is mature, June is not over → only June matures.
    #[test]
    fn window_from_mature_months() {
        let mut w = WonDays::default();
        for month in ["2026-01", "2026-02", "2026-03"] {
            for _ in 0..7 {
                let c = format!("{month}-01T00:00:00Z");
                w.add(at(&c), add_days(&c, 10), 0);
            }
        }
        for _ in 0..2 {
            w.add(
                at("2026-01-01T00:00:00Z"),
                add_days("2026-01-01T00:00:00Z", 100),
                0,
            );
        }
        let keys = ["2026-01", "2026-05", "2026-06"];
        let m = w.finish(keys.into_iter(), at("2026-06-15T00:00:00Z"), 0);
        assert_eq!((m.won_within_days, m.won_measured), (Some(10), 23));
        assert_eq!(m.months, ["2026-06"]);
        // As of 2026-06-05, May ended 4 days ago: still maturing.
        let m = w.finish(keys.into_iter(), at("2026-06-05T00:00:00Z"), 0);
        assert_eq!(m.months, ["2026-05", "2026-06"]);
    }

    // The second pass: 20 slow wins (60 days) from January and 20 fast ones
    // (2 days) from May. Over all 40 the p90 is rank 36 → 60 days; as of
    // 2026-06-20 the months ending by 04-21 (January–March) are mature; their
    // 20 wins alone give 60 days too, so April (ends 05-01, +60 = 06-30) and
    // May, June are maturing — the fast May wins did not shorten the window.
    #[test]
    fn fast_recent_wins_do_not_shorten_the_window() {
        let mut w = WonDays::default();
        for _ in 0..20 {
            w.add(
                at("2026-01-10T00:00:00Z"),
                add_days("2026-01-10T00:00:00Z", 60),
                0,
            );
            w.add(
                at("2026-05-10T00:00:00Z"),
                add_days("2026-05-10T00:00:00Z", 2),
                0,
            );
        }
        let keys = ["2026-01", "2026-03", "2026-04", "2026-05", "2026-06"];
        let m = w.finish(keys.into_iter(), at("2026-06-20T00:00:00Z"), 0);
        assert_eq!((m.won_within_days, m.won_measured), (Some(60), 20));
        assert_eq!(m.months, ["2026-04", "2026-05", "2026-06"]);
    }

    // Too few wins: no window; only the month holding as_of (and later ones).
    // In -03:00, 2026-07-01T01:00Z is still June 30th, so June is not over.
    #[test]
    fn too_few_wins_flags_the_month_not_over() {
        let mut w = WonDays::default();
        w.add(at("2026-01-01T00:00:00Z"), at("2026-01-05T00:00:00Z"), 0);
        let keys = ["2026-05", "2026-06", "(other)"];
        let m = w.finish(keys.into_iter(), at("2026-07-01T01:00:00Z"), -3 * 3_600_000);
        assert_eq!((m.won_within_days, m.won_measured), (None, 1));
        assert_eq!(m.months, ["2026-06"]);
        let m = w.finish(keys.into_iter(), at("2026-07-01T01:00:00Z"), 0);
        assert!(m.months.is_empty());
    }
}
