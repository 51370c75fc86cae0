//! The `teams` section: each routing team's business hours, time zone and
//! holidays (docs/model.md, "Teams and business hours"), read into
//! [`Hours`] that `respond_by` counts in. The same reader checks the hours
//! object of the JavaScript `withinHours` / `addBusinessTime` (an edge
//! member's working hours have the team's shape).

use super::reader::{array, child, identifier, index, string, suggest, wrong_type, Obj, Problems};
use crate::error::codes;
use crate::time::hours::{Hours, Minute, MAX_DAYS};
use crate::time::zones::Zone;
use crate::time::{date_ms, parse_int, MS_PER_DAY};
use serde_json::Value;

/// Keys of a team's entry.
pub(crate) const TEAM_KEYS: &[&str] = &["timezone", "hours", "holidays"];
/// Day names, Monday first (the index is `Hours::week`'s).
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Most teams with hours, and most holidays per team.
pub(crate) const MAX_TEAMS: usize = 256;
pub(crate) const MAX_HOLIDAYS: usize = 1_000;

/// A team of `routing` and its business hours.
#[derive(Debug, Clone)]
pub(crate) struct Team {
    pub name: String,
    pub hours: Hours,
}

#[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
impl super::CompiledModel {
    /// Warnings found when the model was compiled (none for a loaded model).
    pub fn warnings(&self) -> &[crate::Problem] {
        &self.warnings
    }
    /// The business hours of a team of `routing`, if the model gives it hours.
    pub fn team_hours(&self, team: &str) -> Option<&Hours> {
        self.teams.iter().find(|t| t.name == team).map(|t| &t.hours)
    }
}

impl super::CompiledModel {
    /// The index of a team's business hours (for [`Self::hours_at`]), if it
    /// has hours; always `None` in `leadgate/lite`, which keeps no hours
    /// (it refuses models that have them).
    pub fn team_hours_index(&self, team: &str) -> Option<usize> {
        #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
        return self.teams.iter().position(|t| t.name == team);
        #[cfg(all(target_arch = "wasm32", not(feature = "wasm-compiler")))]
        {
            let _ = team;
            None
        }
    }
    /// The business hours at `index` (from [`Self::team_hours_index`]).
    pub fn hours_at(&self, index: usize) -> Option<&Hours> {
        #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
        return self.teams.get(index).map(|t| &t.hours);
        #[cfg(all(target_arch = "wasm32", not(feature = "wasm-compiler")))]
        {
            let _ = index;
            None
        }
    }
}

/// Reads the `teams` section; a team's problems are reported with its path.
pub(crate) fn teams(v: Option<&Value>, p: &mut Problems) -> Vec<Team> {
    let Some(obj) = v.and_then(|v| Obj::read(v, "teams", p)) else {
        return Vec::new();
    };
    if super::sections::too_many(p, "teams", "teams", obj.map.len(), MAX_TEAMS) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (name, entry) in obj.map {
        let path = obj.at(name);
        let key = Value::String(name.clone());
        let name = identifier(&key, &path, p).map(str::to_string);
        if let (Some(name), Some(hours)) = (name, hours(entry, &path, p)) {
            out.push(Team { name, hours });
        }
    }
    out
}

/// Reads one `{timezone, hours, holidays}` object at `path`.
pub(crate) fn hours(v: &Value, path: &str, p: &mut Problems) -> Option<Hours> {
    let obj = Obj::read(v, path, p)?;
    obj.only(TEAM_KEYS, p);
    let zone = obj
        .req("timezone", p)
        .and_then(|v| string(v, &obj.at("timezone"), p))
        .and_then(|name| zone(name, &obj.at("timezone"), p));
    let week = obj
        .req("hours", p)
        .and_then(|v| week(v, &obj.at("hours"), p));
    let holidays = obj
        .opt("holidays")
        .map_or(Some(Vec::new()), |v| holidays(v, &obj.at("holidays"), p));
    Some(Hours {
        zone: zone?,
        week: week?,
        holidays: holidays?,
    })
}

/// Reads a business-hours object `{timezone, hours, holidays}` given as
/// JSON text: a team's entry of the model's `teams`, or an edge member's
/// working hours, checked with the same rules (paths start at its keys).
pub fn business_hours(text: &str) -> Result<Hours, crate::ModelErrors> {
    let mut p = Problems::default();
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            p.add(
                codes::INVALID_JSON,
                "",
                format!("the hours are not JSON: {e}"),
                None,
            );
            return Err(crate::ModelErrors(p.0));
        }
    };
    match hours(&doc, "", &mut p) {
        Some(hours) if p.0.is_empty() => Ok(hours),
        _ => Err(crate::ModelErrors(p.0)),
    }
}

/// Checks that `ms` of business time (the longest SLA) fits in the days
/// `Hours::add` walks; reports it at `path` otherwise.
pub(crate) fn check_horizon(hours: &Hours, ms: i64, path: &str, p: &mut Problems) {
    if hours.horizon_days(ms).is_none_or(|days| days > MAX_DAYS) {
        let weekly: u32 = hours
            .week
            .iter()
            .flatten()
            .map(|&(s, e)| u32::from(e - s))
            .sum();
        p.add(
            codes::HOURS_TOO_SHORT,
            path,
            format!(
                "these hours give {weekly} minutes a week, too few for the SLA's longest `respond_within` ({} minutes of business time)",
                ms / 60_000
            ),
            Some(format!(
                "a deadline must fall within {} years of calendar time, counting a week per holiday; add hours or shorten the SLA",
                MAX_DAYS / 366
            )),
        );
    }
}

fn zone(name: &str, path: &str, p: &mut Problems) -> Option<Zone> {
    let found = Zone::find(name);
    if found.is_none() {
        let names = Zone::names();
        // Case-insensitive first (`america/sao_paulo`), then by spelling.
        let hint = match names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
            Some(exact) => format!("did you mean `{exact}`?"),
            None => match super::reader::closest(name, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "write an IANA time zone name such as \"America/Sao_Paulo\" or \"Europe/Lisbon\"".into(),
            },
        };
        p.add(
            codes::UNKNOWN_TIME_ZONE,
            path,
            format!("unknown time zone `{name}`"),
            Some(hint),
        );
    }
    found
}

/// `{"mon-fri": "09:00-18:00", "sat": ["09:00-12:00"]}` → ranges per weekday.
fn week(v: &Value, path: &str, p: &mut Problems) -> Option<[Vec<(Minute, Minute)>; 7]> {
    let obj = Obj::read(v, path, p)?;
    let mut week: [Vec<(Minute, Minute)>; 7] = Default::default();
    let mut named: [Option<&str>; 7] = [None; 7];
    let before = p.0.len();
    for (key, value) in obj.map {
        let at = obj.at(key);
        let Some(days) = days(key, &at, p) else {
            continue;
        };
        let Some(ranges) = ranges(value, &at, p) else {
            continue;
        };
        for day in days {
            let (Some(slot), Some(seen)) = (week.get_mut(day), named.get_mut(day)) else {
                continue;
            };
            if let Some(first) = seen {
                let name = DAYS.get(day).copied().unwrap_or_default();
                p.add(
                    codes::DUPLICATE_DAY,
                    &at,
                    format!("`{name}` is in both `{first}` and `{key}`"),
                    Some("name each day once, e.g. \"mon-thu\" and \"fri\"".into()),
                );
                continue;
            }
            *seen = Some(key);
            slot.clone_from(&ranges);
        }
    }
    if obj.map.is_empty() {
        p.add(
            codes::EMPTY_HOURS,
            path,
            "no working hours: the SLA clock would never run".into(),
            Some(
                "write e.g. {\"mon-fri\": \"09:00-18:00\"}, or remove the team's entry for 24/7"
                    .into(),
            ),
        );
    }
    (p.0.len() == before && !obj.map.is_empty()).then_some(week)
}

/// `mon`, or `mon-fri` (in week order): the weekday numbers.
fn days(key: &str, path: &str, p: &mut Problems) -> Option<std::ops::RangeInclusive<usize>> {
    let (first, last) = key.split_once('-').unwrap_or((key, key));
    let mut day = |name: &str| {
        let found = DAYS.iter().position(|d| *d == name);
        if found.is_none() {
            p.add(
                codes::UNKNOWN_DAY,
                path,
                format!("`{name}` is not a day name"),
                Some(suggest(&name.to_ascii_lowercase(), &DAYS)),
            );
        }
        found
    };
    let (first, last) = (day(first), day(last));
    let (first, last) = (first?, last?);
    if first > last {
        p.add(
            codes::BAD_HOURS,
            path,
            format!("`{key}` runs backwards"),
            Some("days run Monday to Sunday: write e.g. \"mon-fri\", or two keys such as \"sat-sun\" and \"mon\"".into()),
        );
        return None;
    }
    Some(first..=last)
}

/// `"09:00-12:00, 13:00-18:00"` or an array of such texts: sorted, disjoint ranges.
fn ranges(v: &Value, path: &str, p: &mut Problems) -> Option<Vec<(Minute, Minute)>> {
    let texts: Vec<(String, &str)> = match v {
        Value::String(s) => vec![(path.to_string(), s.as_str())],
        Value::Array(items) => {
            let mut texts = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let at = index(path, i);
                texts.push((at.clone(), string(item, &at, p)?));
            }
            texts
        }
        other => {
            wrong_type(
                p,
                path,
                "a text like \"09:00-18:00\" or an array of them",
                other,
            );
            return None;
        }
    };
    let mut out: Vec<(Minute, Minute, &str)> = Vec::new();
    let mut ok = true;
    for (at, text) in &texts {
        for part in text.split(',').map(str::trim) {
            match range(part) {
                Some((s, e)) if s < e => out.push((s, e, part)),
                Some(_) => {
                    ok = false;
                    p.add(
                        codes::EMPTY_HOURS,
                        at,
                        format!("`{part}` ends before it starts, or where it starts"),
                        Some("a range runs within one day, e.g. \"22:00-24:00\" here and \"00:00-06:00\" on the next day".into()),
                    );
                }
                None => {
                    ok = false;
                    p.add(
                        codes::BAD_HOURS,
                        at,
                        format!("`{part}` is not a range of hours"),
                        Some("write HH:MM-HH:MM in 24-hour time, e.g. \"09:00-18:00\" (24:00 ends the day)".into()),
                    );
                }
            }
        }
    }
    insertion_sort(&mut out);
    for pair in out.windows(2) {
        if let [(_, end, a), (start, _, b)] = pair {
            if start < end {
                ok = false;
                p.add(
                    codes::OVERLAPPING_HOURS,
                    path,
                    format!("`{a}` and `{b}` overlap"),
                    Some("merge them into one range".into()),
                );
            }
        }
    }
    ok.then(|| out.into_iter().map(|(s, e, _)| (s, e)).collect())
}

/// `HH:MM-HH:MM` → minutes; `24:00` only as an end.
fn range(text: &str) -> Option<(Minute, Minute)> {
    let (a, b) = text.split_once('-')?;
    let minute = |t: &str| -> Option<Minute> {
        let (h, m) = t.trim().split_once(':')?;
        let ok = h.len() == 2 && m.len() == 2 && !h.starts_with('-') && !m.starts_with('-');
        let (h, m) = (parse_int(h)?, parse_int(m)?);
        let valid = ok && m < 60 && (h < 24 || (h == 24 && m == 0));
        Minute::try_from(h * 60 + m).ok().filter(|_| valid)
    };
    let start = minute(a).filter(|&s| s < 1440)?;
    Some((start, minute(b)?))
}

/// `["2026-12-25", …]` → local days since 1970-01-01, sorted, without repeats.
fn holidays(v: &Value, path: &str, p: &mut Problems) -> Option<Vec<i64>> {
    let items = array(v, path, p)?;
    if super::sections::too_many(p, path, "holidays", items.len(), MAX_HOLIDAYS) {
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let at = index(path, i);
        let Some(text) = string(item, &at, p) else {
            ok = false;
            continue;
        };
        match date(text) {
            Some(day) => out.push(day),
            None => {
                ok = false;
                p.add(
                    codes::BAD_HOLIDAY,
                    &at,
                    format!("`{text}` is not a date"),
                    Some("write YYYY-MM-DD, e.g. \"2026-12-25\"".into()),
                );
            }
        }
    }
    insertion_sort(&mut out);
    out.dedup();
    ok.then_some(out)
}

/// `YYYY-MM-DD` → days since 1970-01-01.
fn date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(r)?;
        parse_int(part).filter(|_| !part.starts_with('-'))
    };
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    Some(date_ms(num(0..4)?, num(5..7)?, num(8..10)?)? / MS_PER_DAY)
}

/// Sorts a short list in place (a generic `sort` is kilobytes of wasm per type).
fn insertion_sort<T: PartialOrd>(items: &mut [T]) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && items.get(j - 1) > items.get(j) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// `teams.<name>`: where a team's entry is.
pub(crate) fn team_path(name: &str) -> String {
    child("teams", name)
}
