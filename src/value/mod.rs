//! Reading the values real forms and CRM exports send: numbers written with
//! locale separators (`1.234,56`, `1,234.56`, `1 234`), currency signs and
//! codes (`R$`, `US$`, `€`, `BRL`), magnitude suffixes (`10k`, `1,5 mi`,
//! `2 million`), ranges (`201-500`, `de 1.001 a 5.000`, `500+`, `mais de
//! 1000`, `até 10`) and yes/no words (`sim`, `não`, `yes`, `on`, `1`).
//!
//! What it owns: the one reading of such text, so a value never means two
//! things on two surfaces. Field leaves call it while scoring (through the
//! model's `fields` declarations, [`FieldSpec`]) and, undeclared, through
//! [`number_text`], which the CSV cell typing calls too; the CRM-exports
//! reader calls [`read_number`] and [`read_boolean`] on export columns;
//! [`warning`] words every problem the same way everywhere. Ambiguity is an
//! [`Unread`] (a warning that shows the value), never a guess.
//!
//! Files: `number.rs` reads the digits of one number by a format (and the
//! undeclared JSON reading); `range.rs` the whole value (ranges, currencies,
//! suffixes, yes/no) with one table of words; `tests/` the known answers.
//!
//! What it may call: `crate::text` (folding, trimming) and `crate::decimal`
//! (digits to the nearest double, as `JSON.parse` reads them). Nothing else: no I/O, no JS, no
//! regex, and no allocation reading folded text outside `decimal` (which
//! converts numbers of up to 15 significant digits, what forms send, without
//! one, except in `leadgate/lite`): it ships in `leadgate/lite`.

pub mod date;
mod number;
mod range;
#[cfg(test)]
mod tests;

pub use number::number_text;
pub use range::{read_boolean_folded, read_number_folded};

use std::borrow::Cow;

/// How a field's value is read, as declared in the model's `fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSpec {
    /// `"type": "number"` (decimals) or `"integer"` (whole counts).
    Number(NumberSpec),
    /// `"type": "boolean"`: yes/no words, JSON booleans, 1 and 0.
    Boolean,
}

/// How a number is read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberSpec {
    /// `integer`: every number read (each end of a range) must be whole.
    pub integer: bool,
    /// The separators the text is written with.
    pub format: Format,
    /// What a range reads as; `None`: a range is not read (a warning).
    pub ranges: Option<Policy>,
    /// The currency the value must be in, when it names one.
    pub currency: Option<Currency>,
}

/// Decimal and group separators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON's number syntax (`1234.56`, `1e3`), what JSON and HTML forms send.
    Json,
    /// `1.234,56`: `.` (or a blank) groups, `,` is the decimal separator.
    PtBr,
    /// `1,234.56`: `,` (or a blank) groups, `.` is the decimal separator.
    En,
    /// Either, decided by the separators of each value.
    Auto,
}

/// What a range reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Its low end.
    Low,
    /// Its high end.
    High,
    /// Halfway between its ends (`201-500` → 350.5).
    Middle,
}

/// A currency a value may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// Brazilian real: `R$`, `BRL`.
    Brl,
    /// US dollar: `US$`, `$`, `USD`.
    Usd,
    /// Euro: `€`, `EUR`.
    Eur,
    /// Pound sterling: `£`, `GBP`.
    Gbp,
}

impl Currency {
    /// Every currency, in the order of their codes in [`Currency::CODES`].
    pub const ALL: [Currency; 4] = [Currency::Brl, Currency::Usd, Currency::Eur, Currency::Gbp];
    /// The ISO 4217 codes a model declares (`"currency": "BRL"`).
    pub const CODES: [&'static str; 4] = ["BRL", "USD", "EUR", "GBP"];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Brl => "BRL",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
        }
    }
}

/// A number read from text, with the currency the text named, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value (for a range, as its policy says).
    pub value: f64,
    /// The currency written before or after the number.
    pub currency: Option<Currency>,
}

/// Why a value was not read. Each one is a warning that shows the value
/// ([`warning`]); none is a default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unread {
    /// Not a number in the declared format.
    NotANumber,
    /// A number with a fractional part where whole numbers are declared.
    NotWhole,
    /// Two readings (`1.000`: one, or a thousand).
    Ambiguous,
    /// A range, and the field declares no `ranges` policy.
    Range,
    /// A range written from its high end to its low end (`500-201`).
    Reversed,
    /// A currency other than the declared one.
    OtherCurrency(Currency),
    /// Not a yes/no value.
    NotABoolean,
}

/// Reads `text` as a number (folded first; surrounding blanks are fine).
/// `Ambiguous` when the format is `json` or `auto` and a `.` or `,` may
/// group thousands or mark decimals.
pub fn read_number(text: &str, spec: &NumberSpec) -> Result<Number, Unread> {
    read_number_folded(&folded(text), spec)
}

/// Reads `text` as yes (`true`) or no (`false`): `sim`/`não`, `yes`/`no`,
/// `true`/`false`, `on`/`off`, `1`/`0`, … in any case, with or without accents.
pub fn read_boolean(text: &str) -> Option<bool> {
    read_boolean_folded(&folded(text))
}

/// `text` folded (`crate::text::fold`), copied only when folding changes it.
fn folded(text: &str) -> Cow<'_, str> {
    if crate::text::is_folded(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(crate::text::fold(text))
    }
}

/// The warnings' texts, one per [`Unread`] in its order, each ended by `\0`;
/// the bytes 1–8 stand for: 1 the field, 2 the value as given, 3 ` (pt-BR)`
/// or ` (en)` for a number declared so, 6 `.format` for a declared field, 7
/// the currency seen, 8 the one declared. (An ambiguous value's two readings
/// are not computed: the value and what to declare say it, and `leadgate/lite`
/// is smaller without a second reading pass; docs/js.md, "Size".)
const WARNINGS: &str = "\
\u{1}: expected a number\u{3}, got \u{2}\0\
\u{1}: expected a whole number, got \u{2}\0\
\u{1}: \u{2} is ambiguous; declare fields.\u{1}\u{6}\0\
\u{1}: \u{2} is a range; declare fields.\u{1}.ranges\0\
\u{1}: \u{2} is a range from high to low\0\
\u{1}: \u{2} is in \u{7}, not \u{8}\0\
\u{1}: expected yes or no, got \u{2}\0";

/// The warning for a value of `field` that was not read: `shown` is the
/// value as the lead gave it (`Value::describe`), `spec` the field's
/// declaration (`None`: undeclared, read as a JSON number).
pub fn warning(field: &str, shown: &str, why: Unread, spec: Option<FieldSpec>) -> String {
    let declared = match spec {
        Some(FieldSpec::Number(n)) => Some(n),
        _ => None,
    };
    let (which, seen) = match why {
        Unread::NotANumber => (0, None),
        Unread::NotWhole => (1, None),
        Unread::Ambiguous => (2, None),
        Unread::Range => (3, None),
        Unread::Reversed => (4, None),
        Unread::OtherCurrency(c) => (5, Some(c)),
        Unread::NotABoolean => (6, None),
    };
    let mut out = String::with_capacity(2 * field.len() + shown.len() + 48);
    let mut at = 0;
    for &b in WARNINGS.as_bytes() {
        if b == 0 {
            at += 1;
        } else if at == which {
            match b {
                1 => out.push_str(field),
                2 => out.push_str(shown),
                3 => out.push_str(match declared.map(|n| n.format) {
                    Some(Format::PtBr) => " (pt-BR)",
                    Some(Format::En) => " (en)",
                    _ => "",
                }),
                6 => out.push_str(if spec.is_some() { ".format" } else { "" }),
                7 => out.push_str(seen.map_or("", Currency::code)),
                8 => out.push_str(declared.and_then(|n| n.currency).map_or("", Currency::code)),
                // The texts are ASCII.
                _ => out.push(char::from(b)),
            }
        }
    }
    out
}
