//! The digits of one number and their separators, read by a [`Format`]; and
//! the undeclared reading (JSON number syntax) with its one ambiguity check.

use super::range::{word, BLANK};
use super::{Format, NumberSpec, Unread};

/// Digits a number with separators may have; longer is no amount or count
/// any form or export sends (and the reading is `NotANumber`).
const MAX_DIGITS: usize = 40;

/// How fields without a declaration read text: JSON number syntax.
const JSON: NumberSpec = NumberSpec {
    integer: false,
    format: Format::Json,
    ranges: None,
    currency: None,
};

/// Reads text that is entirely a JSON number (`"120"`, `" 2.5 "`, `"1e3"`:
/// what HTML forms send), as fields without a declaration are read. One
/// shape is refused as ambiguous: 1–3 digits (the first not `0`), a dot and
/// exactly three digits (`"1.000"`, `"12.500"`), which JSON reads as 1 and
/// 12.5 and a Brazilian form means as 1000 and 12500.
pub fn number_text(text: &str) -> Result<f64, Unread> {
    let t = crate::text::trim(text);
    let (sign, body) = match t.strip_prefix("-") {
        Some(body) => (-1.0, body),
        None => (1.0, t),
    };
    match digits(body, &JSON) {
        (_, used) if used == 0 || used != body.len() => Err(Unread::NotANumber),
        (read, _) => read.map(|x| sign * x),
    }
}

/// Reads the number at the start of `s`: its value or why not, and how many
/// bytes it took (none when `s` does not start with a digit). A separator
/// (`.`, `,` or a blank; only `.` in JSON) is taken only when a digit
/// follows it, so `10 mil`, `5 - 10` and `5.` stop before it.
///
/// Without separators of two kinds, `auto` reads a `.` or `,` given once
/// as the decimal separator (`1,5`), or, when 1–3 digits precede it and
/// exactly three follow, as ambiguous (`1.000`; an integer's is a group
/// separator: a thousand). Given twice or more, it groups (`1.000.000`);
/// beside blank groups it is the decimal one (`1 234,5`). With both kinds,
/// the last one is the decimal separator. Groups are well formed or it is no
/// number: 1–3 digits (not starting with `0`), then groups of 3 up to the
/// decimal separator, all with the same separator.
pub(super) fn digits(s: &str, spec: &NumberSpec) -> (Result<f64, Unread>, usize) {
    let json = spec.format == Format::Json;
    let bad = Err(Unread::NotANumber);
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // Every digit, without separators (JSON's are read from the text: it
    // may have thousands, and the ambiguous shape has 4–6).
    let mut buf = [b'0'; MAX_DIGITS];
    let mut len = 0;
    // Separators by kind (`.`, `,`, blank), the last one's kind, how many
    // digits precede it, and the digits of the first and of the current run.
    let mut count = [0usize; 3];
    let (mut last, mut split, mut first, mut run) = (3, 0, 0, 0);
    // A run between two separators that is not a group of three.
    let mut irregular = false;
    let (mut at, mut exponent) = (0, false);
    // JSON: where its `.` is, where the exponent starts, and the exponent.
    let (mut dot_at, mut mantissa, mut exp) = (0, 0, 0i64);
    while let Some(&c) = b.get(at) {
        if c.is_ascii_digit() {
            match buf.get_mut(len) {
                Some(slot) => *slot = c,
                None if json => {}
                None => return (bad, 0),
            }
            (len, run, at) = (len + 1, run + 1, at + 1);
            continue;
        }
        if run == 0 {
            break;
        }
        // JSON's exponent, taken whole (`e`, a sign, digits).
        mantissa = at;
        if json && (c | 0x20) == b'e' {
            let negative = b.get(at + 1) == Some(&b'-');
            let sign = usize::from(negative || b.get(at + 1) == Some(&b'+'));
            if digit(at + 1 + sign) {
                at += 1 + sign;
                while let Some(d) = b.get(at).filter(|d| d.is_ascii_digit()) {
                    // Saturating: past ±10^6 the value is 0 or infinite either way.
                    exp = (exp * 10 + i64::from(d - b'0')).min(1_000_000);
                    at += 1;
                }
                if negative {
                    exp = -exp;
                }
                exponent = true;
            }
            break;
        }
        let (kind, width) = match c {
            b'.' => (0, 1),
            b',' if !json => (1, 1),
            _ if json => break,
            _ => match word(s.get(at..).unwrap_or_default(), BLANK, BLANK) {
                Some((_, width)) => (2, width),
                None => break,
            },
        };
        if !digit(at + width) {
            break;
        }
        if let Some(n) = count.get_mut(kind) {
            *n += 1;
        }
        if last == 3 {
            first = run;
        } else if run != 3 {
            irregular = true;
        }
        (last, split, run, dot_at) = (kind, len, 0, at);
        at += width;
    }
    if !exponent {
        mantissa = at;
    }
    if last == 3 {
        first = run;
    }
    let [dots, commas, blanks] = count;
    let leading_zero = buf.first() == Some(&b'0');
    let grouping = (1..=3).contains(&first) && !leading_zero && !irregular;
    let one = dots + commas == 1 && blanks == 0;
    let punct = usize::from(dots == 0);
    // The decimal separator's kind (3: none).
    let decimal = match spec.format {
        Format::Json | Format::En => 0,
        Format::PtBr => 1,
        _ if dots > 0 && commas > 0 => last,
        _ if dots + commas != 1 => 3,
        _ if one && grouping && run == 3 && spec.integer => 3,
        _ => punct,
    };
    let n = count.get(decimal).copied().unwrap_or(0);
    let kinds = count.iter().filter(|&&k| k > 0).count() - usize::from(n > 0);
    // The decimal separator once and last, one kind of group separator; no
    // leading zero in JSON.
    let read =
        if n > 1 || (n == 1 && last != decimal) || kinds > 1 || (json && first > 1 && leading_zero)
        {
            bad
        } else if (json || (spec.format == Format::Auto && decimal != 3))
            && one
            && grouping
            && run == 3
            && !exponent
        {
            // `1.000`: one, or a thousand.
            Err(Unread::Ambiguous)
        } else if dots + commas + blanks > n && !(grouping && (n == 1 || run == 3)) {
            bad
        } else {
            let point = if n == 1 { split } else { len };
            let (int, frac) = if json {
                // JSON's digits may be thousands: read from the text.
                let dot = if n == 1 { dot_at } else { mantissa };
                let int = b.get(..dot).unwrap_or_default();
                (int, b.get(dot + 1..mantissa).unwrap_or_default())
            } else {
                buf.get(..len).unwrap_or_default().split_at(point.min(len))
            };
            crate::decimal::from_parts(int, frac, exp).ok_or(Unread::NotANumber)
        };
    (read, at)
}
