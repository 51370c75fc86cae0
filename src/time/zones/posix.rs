//! POSIX TZ rules as the tzdb writes them in TZif footers
//! (`EST5EDT,M3.2.0,M11.1.0`, `<-03>3`, `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`):
//! a standard offset and, with DST, the DST offset and the two yearly
//! switches, each the `d`th weekday of week `w` (5 = last) of month `m` at a
//! local time that may be negative or past 24 hours (`M3.4.4/50`).

use crate::time::{
    days_from_civil, parse_int, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND,
};

/// A zone's rule: its standard offset and its DST, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rule {
    /// Standard time, ms east of UTC.
    pub std: i64,
    /// Daylight time, ms east of UTC, with its start and end; `None` without DST.
    pub dst: Option<(i64, Switch, Switch)>,
}

/// A yearly switch: the `weekday` (0 = Sunday) of `week` (1–4, 5 = last) of
/// `month` at `time` ms of local time before the switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Switch {
    pub month: u8,
    pub week: u8,
    pub weekday: u8,
    pub time: i64,
}

impl Rule {
    /// Parses a footer; `None` for a form the tzdb does not write (`J`/day-number dates).
    pub fn parse(text: &str) -> Option<Rule> {
        let mut s = text.as_bytes();
        skip_name(&mut s)?;
        let std = -signed_time(&mut s)?;
        if s.is_empty() {
            return Some(Rule { std, dst: None });
        }
        skip_name(&mut s)?;
        // DST is one hour ahead of standard time unless an offset is given.
        let dst = if s.first() == Some(&b',') {
            std + MS_PER_HOUR
        } else {
            -signed_time(&mut s)?
        };
        let start = switch(&mut s)?;
        let end = switch(&mut s)?;
        s.is_empty().then_some(Rule {
            std,
            dst: Some((dst, start, end)),
        })
    }

    /// The offset at the instant `utc`, ms east of UTC.
    pub fn offset_at(&self, utc: i64) -> i64 {
        let Some((dst, start, end)) = self.dst else {
            return self.std;
        };
        let year = crate::time::civil_from_days((utc + self.std).div_euclid(MS_PER_DAY)).0;
        // Start is written in standard time, end in daylight time.
        let begins = start.local(year) - self.std;
        let ends = end.local(year) - dst;
        let in_dst = if begins < ends {
            begins <= utc && utc < ends
        } else {
            // Southern hemisphere: DST spans the new year.
            utc < ends || begins <= utc
        };
        if in_dst {
            dst
        } else {
            self.std
        }
    }
}

impl Switch {
    /// The local wall time of the switch in `year`, ms since the epoch as if local were UTC.
    fn local(self, year: i64) -> i64 {
        let month = i64::from(self.month);
        let first = days_from_civil(year, month, 1);
        // 1970-01-01 was a Thursday (weekday 4).
        let first_weekday = (first + 4).rem_euclid(7);
        let mut day = (i64::from(self.weekday) - first_weekday).rem_euclid(7)
            + 7 * (i64::from(self.week) - 1);
        if day >= crate::time::days_in_month(year, month) {
            day -= 7;
        }
        (first + day) * MS_PER_DAY + self.time
    }
}

/// Skips a zone abbreviation: letters, or `<…>`.
fn skip_name(s: &mut &[u8]) -> Option<()> {
    let n = if s.first() == Some(&b'<') {
        s.iter().position(|&c| c == b'>')? + 1
    } else {
        s.iter().take_while(|c| c.is_ascii_alphabetic()).count()
    };
    (n >= 3).then(|| *s = s.get(n..).unwrap_or_default())
}

/// `[+-]hh[:mm[:ss]]` in ms (hours up to 167, as POSIX allows for switch times).
fn signed_time(s: &mut &[u8]) -> Option<i64> {
    let sign = match s.first() {
        Some(b'-') => -1,
        Some(b'+') => 1,
        _ => 0,
    };
    if sign != 0 {
        *s = s.get(1..)?;
    }
    let mut total = 0;
    for (i, unit) in [MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            if s.first() != Some(&b':') {
                break;
            }
            *s = s.get(1..)?;
        }
        let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 3 {
            return None;
        }
        let digits = std::str::from_utf8(s.get(..n)?).ok()?;
        total += parse_int(digits)? * unit;
        *s = s.get(n..)?;
    }
    Some(if sign < 0 { -total } else { total })
}

/// `,Mm.w.d[/time]` (the time defaults to 02:00).
fn switch(s: &mut &[u8]) -> Option<Switch> {
    *s = s.strip_prefix(b",M")?;
    let number = |s: &mut &[u8]| -> Option<u8> {
        let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
        let v = parse_int(std::str::from_utf8(s.get(..n)?).ok()?)?;
        *s = s.get(n..)?;
        u8::try_from(v).ok()
    };
    let month = number(s)?;
    *s = s.strip_prefix(b".")?;
    let week = number(s)?;
    *s = s.strip_prefix(b".")?;
    let weekday = number(s)?;
    let time = match s.strip_prefix(b"/") {
        Some(rest) => {
            *s = rest;
            signed_time(s)?
        }
        None => 2 * MS_PER_HOUR,
    };
    let valid = (1..=12).contains(&month) && (1..=5).contains(&week) && weekday <= 6;
    valid.then_some(Switch {
        month,
        week,
        weekday,
        time,
    })
}
