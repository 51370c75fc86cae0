//! `withinHours` and `addBusinessTime` of the full npm package
//! (pkg-template/hours.js): the core's business-hours arithmetic for the
//! edge's owner assignment, whose members' working hours have the shape of
//! a team's entry in the model's `teams`; and `timeZones`, the zone names
//! the core knows (the editor's picker). Not in `leadgate/lite`.

use super::calls::error_json;
use super::MAX_JS_DATE_MS;
use crate::error::codes;
use crate::json_text::push_integer;
use crate::Timestamp;
use wasm_bindgen::prelude::wasm_bindgen;

/// The longest duration `addBusinessTime` takes: 365 days, as `respond_within`.
const MAX_DURATION_MS: f64 = 365.0 * 86_400_000.0;

/// With `duration_ms` NaN, `withinHours`: `1` or `0`; else `addBusinessTime`:
/// the due instant in ms since 1970. `now` is `now_text` (RFC 3339) when
/// given, else `now_ms`. An error is `!` and `{"code", "message"}` JSON
/// (`hours`' first problem with its path in the message).
#[wasm_bindgen]
pub fn business_time(
    hours: &str,
    now_ms: f64,
    now_text: Option<String>,
    duration_ms: f64,
) -> String {
    let hours = match crate::business_hours(hours) {
        Ok(hours) => hours,
        Err(errors) => {
            let (code, message) = errors.problems().first().map_or(
                (codes::BAD_VALUE, "the hours are invalid".to_string()),
                |p| {
                    let at = if p.path.is_empty() { "hours" } else { &p.path };
                    let hint = p
                        .hint
                        .as_deref()
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    (p.code, format!("{at}: {}{hint}", p.message))
                },
            );
            return error_json(code, &message, None);
        }
    };
    let now = match now_text {
        Some(text) => Timestamp::parse(&text),
        None => (now_ms.is_finite() && now_ms.abs() <= MAX_JS_DATE_MS)
            .then(|| Timestamp(now_ms.floor() as i64)),
    };
    let Some(now) = now else {
        let message = "`now` must be a valid Date, milliseconds since 1970, or an RFC 3339 text";
        return error_json(codes::BAD_TIMESTAMP, message, None);
    };
    if duration_ms.is_nan() {
        return if hours.within(now) { "1" } else { "0" }.to_string();
    }
    if !(duration_ms > 0.0 && duration_ms <= MAX_DURATION_MS && duration_ms.fract() == 0.0) {
        let message =
            "`durationMs` must be a whole number of milliseconds above 0 and at most 365 days";
        return error_json(codes::BAD_DURATION, message, None);
    }
    match hours.add(now, duration_ms as i64) {
        Some(due) => {
            let mut out = String::new();
            push_integer(&mut out, due.0);
            out
        }
        None => error_json(
            codes::HOURS_TOO_SHORT,
            "the hours are too few for this duration: no deadline within 20 years",
            None,
        ),
    }
}

/// `timeZones`: every IANA zone name the core knows (`src/time/zones`,
/// sorted), one per line, so a picker offers exactly what `leadgate check`
/// accepts, with no JS copy of the table. The table is in the full build
/// already (the model compiler resolves `teams.*.timezone` with it).
#[wasm_bindgen]
pub fn time_zones() -> String {
    // A plain loop: `join`'s generic code costs the download more bytes.
    let mut out = String::new();
    for name in crate::time::zones::Zone::names() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(name);
    }
    out
}
