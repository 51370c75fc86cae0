//! The one formatter of the report's figures — counts, percentages and
//! durations — as people read them. The CLI's tables and `--html` report and
//! the report page (through the report wasm's `format_figure`) all call these,
//! so a figure reads the same everywhere (the page once had its own JavaScript
//! copy, and a 2.5-minute median read "3m" there and "2m" in the CLI).
//!
//! Each takes the value as the report JSON writes it (ratios rounded to 4
//! decimals, minutes to 1), so the page, which only has the JSON, gets the same
//! text as the CLI, which has the unrounded value.

use super::output::{Minutes, Ratio};

/// `1234567` → `1,234,567`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A ratio as a percentage with one decimal (`—` when unknown): `0.1234` → `12.3%`.
pub fn percent(r: Ratio) -> String {
    match r.rounded() {
        Some(x) => format!("{:.1}%", libm::round(x * 1000.0) / 10.0),
        None => "—".to_string(),
    }
}

/// Minutes as `45s`, `35m`, `4.2h`, `2.1d` (`—` when unknown); whole minutes
/// up to 90, hours with one decimal up to 48 h, then days.
pub fn duration(m: Minutes) -> String {
    let Some(min) = m.rounded() else {
        return "—".to_string();
    };
    if min < 1.0 {
        format!("{:.0}s", min * 60.0)
    } else if min < 90.0 {
        format!("{min:.0}m")
    } else if min < 48.0 * 60.0 {
        format!("{:.1}h", min / 60.0)
    } else {
        format!("{:.1}d", min / 1440.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Known answers worked out by hand (Rust's `{:.N}` rounds exact ties to even).
    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(group(0), "0");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(percent(Ratio(Some(0.1234))), "12.3%");
        assert_eq!(percent(Ratio(Some(1.0 / 3.0))), "33.3%");
        assert_eq!(percent(Ratio(None)), "—");
        assert_eq!(duration(Minutes(Some(0.5))), "30s");
        assert_eq!(duration(Minutes(Some(2.5))), "2m");
        assert_eq!(duration(Minutes(Some(135.0))), "2.2h");
        assert_eq!(duration(Minutes(Some(3.0 * 1440.0))), "3.0d");
        assert_eq!(duration(Minutes(None)), "—");
    }
}
