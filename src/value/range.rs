//! A whole value: one number or a range, with currency signs or codes and
//! magnitude suffixes, in folded text (lower case, no accents, trimmed).
//!
//! ```text
//! value := sign? bound
//!        | open-word bound                      mais de 1000, até 10, > 5
//!        | bound ("+" | or-more-word)           500+, 10k+, 1000 ou mais
//!        | range-word? bound connector bound    201-500, de 1 a 10, 201 to 500
//! bound := digits suffix?                       1.234,56  10k  1,5 mi
//! ```
//!
//! Currency signs and codes may stand before or after any part (`R$ 10 -
//! R$ 20`, `10-20 BRL`), blanks anywhere between parts. The text is read as
//! a sequence of parts (digits, or a word of [`WORDS`]) checked against the
//! grammar in one pass: one table and one loop, which is what the size of
//! `leadgate/lite` allows.

use super::number::digits;
use super::{Currency, Number, NumberSpec, Policy, Unread};

/// Kinds of [`WORDS`] entries (the byte before each entry's text).
mod kind {
    /// Before a number: an open range (`mais de 1000` reads 1000).
    pub const OPEN: u8 = 1;
    /// Before a closed range (`de 201 a 500`).
    pub const RANGE: u8 = 2;
    /// Between the ends of a range.
    pub const JOIN: u8 = 3;
    /// `-`: a sign before a number, a connector after one.
    pub const MINUS: u8 = 4;
    /// `+`: a sign before a number, an open range after one (`500+`).
    pub const PLUS: u8 = 5;
    /// After a number: an open range (`1000 ou mais`).
    pub const MORE: u8 = 6;
    /// Currencies, in the order of `Currency::ALL`.
    pub const BRL: u8 = 7;
    /// After the currencies: magnitude suffixes, ×10³, ×10⁶, ×10⁹.
    pub const THOUSAND: u8 = 11;
    /// Yes and no words (booleans only).
    pub const YES: u8 = 14;
    /// See [`YES`].
    pub const NO: u8 = 15;
}

/// Blanks that separate parts or digit groups: space, no-break space, thin
/// space, narrow no-break space.
pub(super) const BLANK: u8 = 16;

/// Every word the readings know, folded, each after its kind's byte. Order
/// matters only where an entry starts another one's text (`a partir de`
/// before `a`, `>=` before `>`); a word entry matches whole (no letter after).
pub(super) const WORDS: &str = "\
\u{1}mais de\u{1}acima de\u{1}a partir de\u{1}mas de\u{1}more than\u{1}over\u{1}above\
\u{1}at least\u{1}ate\u{1}hasta\u{1}up to\u{1}menos de\u{1}abaixo de\u{1}less than\
\u{1}under\u{1}below\u{1}>=\u{1}<=\u{1}>\u{1}<\
\u{2}de\u{2}entre\u{2}from\u{2}between\
\u{3}\u{2013}\u{3}\u{2014}\u{3}a\u{3}e\u{3}y\u{3}to\u{3}and\u{4}-\u{5}+\
\u{6}ou mais\u{6}o mas\u{6}or more\
\u{7}r$\u{7}brl\u{8}us$\u{8}usd\u{8}$\u{9}\u{20ac}\u{9}eur\u{a}\u{a3}\u{a}gbp\
\u{b}k\u{b}mil\u{c}m\u{c}mi\u{c}mm\u{c}mn\u{c}milhao\u{c}milhoes\u{c}million\
\u{c}millions\u{c}millon\u{c}millones\u{d}bi\u{d}bn\u{d}bilhao\u{d}bilhoes\
\u{d}billion\u{d}billions\
\u{e}true\u{e}yes\u{e}y\u{e}sim\u{e}s\u{e}si\u{e}on\u{e}1\u{e}verdadeiro\u{e}checked\
\u{f}false\u{f}no\u{f}n\u{f}nao\u{f}off\u{f}0\u{f}falso\
\u{10} \u{10}\u{a0}\u{10}\u{2009}\u{10}\u{202f}";

/// The first entry of [`WORDS`] of a kind from `from` to `to` that `t`
/// starts with (a word whole: no letter after one that ends in a letter):
/// its kind and length.
pub(super) fn word(t: &str, from: u8, to: u8) -> Option<(u8, usize)> {
    let table = WORDS.as_bytes();
    let t = t.as_bytes();
    let mut at = 0;
    while let Some(&kind) = table.get(at) {
        let mut end = at + 1;
        while table.get(end).is_some_and(|&b| b >= 0x20) {
            end += 1;
        }
        let entry = table.get(at + 1..end).unwrap_or_default();
        let letter = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphabetic);
        let whole = !(letter(entry.last()) && letter(t.get(entry.len())));
        if (from..=to).contains(&kind) && whole && t.starts_with(entry) {
            return Some((kind, entry.len()));
        }
        at = end;
    }
    None
}

/// Reads folded text (`crate::text::fold`) as a number or range, as `spec` declares.
pub fn read_number_folded(t: &str, spec: &NumberSpec) -> Result<Number, Unread> {
    // Each end: its digits' reading and its suffix's power of ten.
    let mut ends = [(Ok(0.0), 1.0); 2];
    let mut n = 0;
    // What came before the first number (0, OPEN, RANGE, MINUS or PLUS).
    let mut lead = 0;
    let (mut joined, mut more, mut after_digits) = (false, false, false);
    let mut currency: Option<Currency> = None;
    let mut rest = t;
    while !rest.is_empty() {
        let (k, used) = if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            let (read, used) = digits(rest, spec);
            let Some(end) = ends.get_mut(n).filter(|_| n == 0 || (joined && !more)) else {
                return Err(Unread::NotANumber);
            };
            *end = (read, 1.0);
            n += 1;
            (0, used)
        } else {
            word(rest, kind::OPEN, BLANK).ok_or(Unread::NotANumber)?
        };
        rest = rest.get(used..).unwrap_or_default();
        let first = n == 0 && lead == 0;
        let second = n == 1 && !joined && !more;
        match k {
            0 => {}
            BLANK => continue,
            kind::OPEN | kind::RANGE | kind::MINUS | kind::PLUS if first => lead = k,
            kind::JOIN | kind::MINUS if second && lead != kind::OPEN => joined = true,
            kind::PLUS | kind::MORE if second && lead == 0 => more = true,
            kind::BRL..kind::THOUSAND => {
                let found = Currency::ALL.get(usize::from(k - kind::BRL)).copied();
                if currency.is_some_and(|c| Some(c) != found) {
                    return Err(Unread::NotANumber);
                }
                currency = found;
            }
            kind::THOUSAND..kind::YES if after_digits => {
                if let Some(end) = ends.get_mut(n.wrapping_sub(1)) {
                    end.1 = [1e3, 1e6, 1e9]
                        .get(usize::from(k - kind::THOUSAND))
                        .copied()
                        .unwrap_or(1.0);
                }
            }
            _ => return Err(Unread::NotANumber),
        }
        after_digits = k == 0;
    }
    let [(low, low_scale), (high, high_scale)] = ends;
    // A range word needs both ends, an open word or a sign one, a connector its second.
    let ends_needed = if lead == kind::RANGE || joined { 2 } else { 1 };
    let single = lead == kind::MINUS || lead == kind::PLUS || lead == kind::OPEN;
    if n != ends_needed || (single && (more || joined)) {
        return Err(Unread::NotANumber);
    }
    let whole = |x: f64| {
        if spec.integer && x.fract() != 0.0 {
            Err(Unread::NotWhole)
        } else {
            Ok(x)
        }
    };
    let low = low?;
    let value = if n == 2 {
        let high = high?;
        // `10-50k`, `R$ 1 a 5 milhões`: the high end's suffix applies to a
        // low end without one whose digits are not above the high end's.
        let scale = if low_scale == 1.0 && low <= high {
            high_scale
        } else {
            low_scale
        };
        let (lo, hi) = (whole(low * scale)?, whole(high * high_scale)?);
        if lo > hi {
            return Err(Unread::Reversed);
        }
        match spec.ranges.ok_or(Unread::Range)? {
            Policy::Low => lo,
            Policy::High => hi,
            Policy::Middle => lo + (hi - lo) / 2.0,
        }
    } else {
        let x = whole(low * low_scale)?;
        if more || lead == kind::OPEN {
            spec.ranges.ok_or(Unread::Range)?;
        }
        if lead == kind::MINUS {
            -x
        } else {
            x
        }
    };
    match (spec.currency, currency) {
        (Some(want), Some(got)) if want != got => Err(Unread::OtherCurrency(got)),
        _ => Ok(Number { value, currency }),
    }
}

/// Reads folded text as yes (`true`) or no (`false`); `None` for any other text.
pub fn read_boolean_folded(t: &str) -> Option<bool> {
    match word(t, kind::YES, kind::NO) {
        Some((k, used)) if used == t.len() => Some(k == kind::YES),
        _ => None,
    }
}
