//! IANA time zones without an OS time zone database: the zone names of the
//! tzdb that jiff bundles, each with its current rule (`table.txt`, written
//! by `scripts/gen-zones`), resolved once when a model is compiled into a
//! [`Zone`] that the compiled model stores. Scoring then evaluates only that
//! small rule (`posix.rs`), so a loaded model needs no table.
//!
//! A zone is its POSIX TZ rule (the TZif footer: standard offset and, if it
//! has DST, the two yearly switches), plus the explicit transitions the tzdb
//! lists from 2025 on (zones whose rules changed or are irregular, such as
//! Gaza's). Instants from 2025 on are exact (checked against jiff for every
//! zone, `tests.rs`); earlier ones use the offset in effect on 2025-01-01 for
//! zones with such transitions, and today's rule for the others.
//!
//! May call `time` (calendar arithmetic) only.

mod posix;

pub(crate) use posix::Rule;
#[allow(unused_imports)] // read by `model::binary` (not in `leadgate/lite`)
pub(crate) use posix::Switch;

use super::{parse_int, MS_PER_DAY, MS_PER_MINUTE};

/// The generated table: a comment line, the number of rules, the rules,
/// then `name rule-number` per zone, sorted by name.
const TABLE: &str = include_str!("table.txt");

/// 2025-01-01T00:00:00Z in milliseconds: where the explicit transitions start.
const CUTOFF_MS: i64 = 1_735_689_600_000;

/// A time zone resolved from its IANA name: what a compiled model stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The IANA name as the model wrote it.
    pub(crate) name: String,
    /// The rule after the last explicit transition.
    pub(crate) rule: Rule,
    /// The offset before the first explicit transition, ms east of UTC.
    pub(crate) first: i64,
    /// Explicit transitions: (instant in ms UTC, offset after it in ms east), increasing.
    pub(crate) transitions: Vec<(i64, i64)>,
}

impl Zone {
    /// The zone with this exact IANA name (`America/Sao_Paulo`), if the table has it.
    pub fn find(name: &str) -> Option<Zone> {
        let (rules, zones) = sections();
        let number = zones.iter().find(|(zone, _)| *zone == name)?.1;
        parse_entry(name, rules.get(number)?)
    }

    /// Every zone name the table knows, sorted (for "did you mean").
    pub fn names() -> Vec<&'static str> {
        sections().1.iter().map(|(name, _)| *name).collect()
    }

    /// The zone's offset at the instant `utc` (ms), in ms east of UTC.
    pub fn offset_at(&self, utc: i64) -> i64 {
        match self.transitions.last() {
            Some(&(last, _)) if utc < last => {
                let after = self.transitions.partition_point(|&(t, _)| t <= utc);
                after
                    .checked_sub(1)
                    .and_then(|i| self.transitions.get(i))
                    .map_or(self.first, |&(_, offset)| offset)
            }
            _ => self.rule.offset_at(utc),
        }
    }

    /// The instant of a local wall time (ms since the epoch as if local were
    /// UTC). A time that exists twice (clocks go back) is its first
    /// occurrence; a time that does not exist (clocks go forward) is moved
    /// forward by the gap, so 02:30 in a 02:00→03:00 gap is 03:30: the
    /// "compatible" choice of RFC 5545 and JavaScript's Temporal.
    pub fn to_utc(&self, local: i64) -> i64 {
        // Offsets change at most once within a day either side in every zone.
        let before = self.offset_at(local.saturating_sub(MS_PER_DAY));
        let after = self.offset_at(local.saturating_add(MS_PER_DAY));
        let early = local.saturating_sub(before);
        let late = local.saturating_sub(after);
        let early_ok = self.offset_at(early) == before;
        let late_ok = self.offset_at(late) == after;
        match (early_ok, late_ok) {
            (true, true) => early.min(late),
            (false, true) => late,
            // Both valid is handled above; in a gap neither is: the offset
            // before the gap moves the wall time past it.
            _ => early,
        }
    }
}

/// The table's rule lines, and its zones with their rule numbers.
fn sections() -> (Vec<&'static str>, Vec<(&'static str, usize)>) {
    let mut rules = Vec::new();
    let mut zones = Vec::new();
    let mut count = None;
    for line in TABLE
        .split('\n')
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        match count {
            None => count = parse_int(line).and_then(|n| usize::try_from(n).ok()),
            Some(n) if rules.len() < n => rules.push(line),
            Some(_) => {
                if let Some((zone, number)) = line.split_once(' ') {
                    let number = parse_int(number).and_then(|n| usize::try_from(n).ok());
                    zones.push((zone, number.unwrap_or(usize::MAX)));
                }
            }
        }
    }
    (rules, zones)
}

/// A rule line: `footer[;first;delta,offset…]` (see `scripts/gen-zones`).
fn parse_entry(name: &str, line: &str) -> Option<Zone> {
    let mut parts = line.split(';');
    let rule = Rule::parse(parts.next()?)?;
    let first = parts.next().map_or(Some(0), parse_int)? * MS_PER_MINUTE;
    let mut at = CUTOFF_MS;
    let mut transitions = Vec::new();
    for part in parts {
        let (delta, offset) = part.split_once(',')?;
        at = at.checked_add(parse_int(delta)?.checked_mul(MS_PER_MINUTE)?)?;
        transitions.push((at, parse_int(offset)?.checked_mul(MS_PER_MINUTE)?));
    }
    Some(Zone {
        name: name.to_string(),
        rule,
        first,
        transitions,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
