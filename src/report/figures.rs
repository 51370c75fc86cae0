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

/// A number with `decimals` decimals (`—` when unknown): the tune summary's
/// AUC (3), lift (2) and z (1).
pub fn fixed(x: Option<f64>, decimals: usize) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{x:.decimals$}"),
        _ => "—".to_string(),
    }
}

/// The same with its sign always written (`+0.412`): a rule's effect.
pub fn signed(x: Option<f64>, decimals: usize) -> String {
    match x {
        Some(x) if x.is_finite() => format!("{x:+.decimals$}"),
        _ => "—".to_string(),
    }
}

/// A number with 3 significant digits (the tune's λ spans decades).
pub fn significant(x: f64) -> String {
    let decimals = if x >= 100.0 {
        0
    } else if x >= 10.0 {
        1
    } else if x >= 1.0 {
        2
    } else {
        3
    };
    fixed(Some(x), decimals)
}

/// A goal's figure as the report JSON writes it (already rounded for its
/// KPI): shortest digits, no `.0` (`—` when unknown); `plus` writes `+` before
/// a positive one (a gap).
pub fn plain(x: Option<f64>, plus: bool) -> String {
    match x {
        Some(x) if x.is_finite() => {
            let mut out = String::new();
            if plus && x > 0.0 {
                out.push('+');
            }
            crate::json_text::push_number(&mut out, x);
            out
        }
        _ => "—".to_string(),
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
        assert_eq!(fixed(Some(0.81249), 3), "0.812");
        assert_eq!(fixed(Some(1.005), 2), "1.00"); // 1.005 is 1.00499… in binary
        assert_eq!(fixed(None, 1), "—");
        assert_eq!(signed(Some(0.5), 3), "+0.500");
        assert_eq!(signed(Some(-1.25), 1), "-1.2"); // a tie: to even
        assert_eq!(significant(123.4), "123");
        assert_eq!(significant(0.01234), "0.012");
        assert_eq!(significant(2.5), "2.50");
    }

    // Goal figures are rounded to at most 4 decimals and below 1e15: in that
    // range the shortest digits are what `format!("{x}")` (the CLI's goals
    // tables before) writes too.
    #[test]
    fn goal_figures_are_shortest_digits() {
        for (x, want) in [
            (120.0, "120"),
            (0.45, "0.45"),
            (0.0001, "0.0001"),
            (-0.05, "-0.05"),
            (250_000.5, "250000.5"),
            (123_456_789_012.25, "123456789012.25"),
            (0.0, "0"),
        ] {
            assert_eq!(plain(Some(x), false), want);
            assert_eq!(plain(Some(x), false), format!("{x}"));
        }
        assert_eq!(plain(Some(3.5), true), "+3.5");
        assert_eq!(plain(Some(-3.5), true), "-3.5");
        assert_eq!(plain(None, true), "—");
    }
}
