//! Business hours: when a team (or, at the edge, a member) works, in its
//! time zone, and the arithmetic of SLA deadlines in business time
//! (docs/model.md, "Teams and business hours"). Pure: `now` is an input.
//!
//! A day's working ranges are local wall times; each becomes an interval of
//! real time through [`Zone::to_utc`] (so a range across a DST change is
//! the real time between its ends), and business time is real time inside
//! those intervals, outside holidays. May call `time` and `time::zones`.

use super::zones::Zone;
use super::{Timestamp, MS_PER_DAY, MS_PER_MINUTE};

/// How many calendar days [`Hours::add`] walks at most (about 20 years);
/// the model compiler refuses hours that could need more (see [`Hours::horizon_days`]).
pub const MAX_DAYS: i64 = 7_320;

/// A minute of the day: 0–1440 (1440 is the end of the day, `24:00`).
pub type Minute = u16;

/// When a team works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    /// The team's time zone.
    pub(crate) zone: Zone,
    /// Working ranges per weekday, Monday first: `(start, end)` minutes of
    /// local time, increasing and disjoint, each non-empty.
    pub(crate) week: [Vec<(Minute, Minute)>; 7],
    /// Days off: local dates as days since 1970-01-01, increasing.
    pub(crate) holidays: Vec<i64>,
}

impl Hours {
    /// True when `now` is inside a working range of a day that is not a holiday.
    pub fn within(&self, now: Timestamp) -> bool {
        let day = self.local_day(now);
        (day - 1..=day + 1).any(|d| {
            self.intervals(d)
                .any(|(start, end)| start <= now.0 && now.0 < end)
        })
    }

    /// The instant when `ms` of business time have passed since `now`: the
    /// clock runs only inside working ranges, so "1h" asked at 17:30 with
    /// hours 09:00–18:00 is due at 09:30 on the next working day. `None`
    /// past [`MAX_DAYS`] days or on overflow.
    pub fn add(&self, now: Timestamp, ms: i64) -> Option<Timestamp> {
        let mut left = ms;
        let mut cursor = now.0;
        let first = self.local_day(now) - 1;
        for day in first..=first.checked_add(MAX_DAYS)? {
            for (start, end) in self.intervals(day) {
                // `max`: the clock starts at `now`, and ranges that DST
                // made overlap count once.
                let from = start.max(cursor);
                if end <= from {
                    continue;
                }
                if left <= end - from {
                    return Some(Timestamp(from + left));
                }
                left -= end - from;
                cursor = end;
            }
        }
        None
    }

    /// Calendar days that [`Hours::add`] could need for `ms` of business
    /// time at worst: whole weeks of the weekly hours, plus a week per
    /// holiday (each removes at most one day's hours) and two for DST and
    /// partial weeks. `None` when the week has no hours at all.
    pub fn horizon_days(&self, ms: i64) -> Option<i64> {
        let weekly: i64 = self
            .week
            .iter()
            .flatten()
            .map(|&(s, e)| i64::from(e - s) * MS_PER_MINUTE)
            .sum();
        let weeks = ms.checked_add(weekly - 1)?.checked_div(weekly)?;
        let holidays = i64::try_from(self.holidays.len()).ok()?;
        Some(7 * (weeks + holidays + 2))
    }

    /// The local date (days since 1970-01-01) at the instant `t`.
    fn local_day(&self, t: Timestamp) -> i64 {
        t.0.saturating_add(self.zone.offset_at(t.0))
            .div_euclid(MS_PER_DAY)
    }

    /// The working intervals of a local day, as instants `[start, end)`; none on a holiday.
    fn intervals(&self, day: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let off = self.holidays.binary_search(&day).is_ok();
        // 1970-01-01 was a Thursday: Monday-first weekday 3.
        let weekday = usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0);
        let ranges = match self.week.get(weekday) {
            Some(ranges) if !off => ranges.as_slice(),
            _ => &[],
        };
        let midnight = day.saturating_mul(MS_PER_DAY);
        ranges.iter().map(move |&(s, e)| {
            let at = |m: Minute| self.zone.to_utc(midnight + i64::from(m) * MS_PER_MINUTE);
            (at(s), at(e))
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
