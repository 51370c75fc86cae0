//! Reading one row's deal value and currency: the value reader with the
//! export's number format, the currency from its column or the value's own
//! sign or code; what cannot be read is a `bad_amount` problem that shows
//! the value, and the deal has no value (never 0).

use super::{Amount, Code};
use crate::lead::Value;
use crate::report::{codes, RowProblem};
use crate::value::{read_number, Format, NumberSpec, Unread};

/// Largest value kept, in currency units: far above any deal, and its cents
/// stay exact in an `f64` and summable in an `i64`.
const MAX_UNITS: f64 = 1e13;

/// Reads a row's `amount` (column or key, value) and `currency` cells with
/// `format`; problems go to `problems` with `line`.
pub fn read_amount(
    amount: Option<(&str, &Value<'_>)>,
    currency: Option<(&str, &Value<'_>)>,
    format: Format,
    line: u64,
    problems: &mut Vec<RowProblem>,
) -> Option<Amount> {
    let (column, value) = amount?;
    let mut bad = |column: &str, message: String| {
        problems.push(RowProblem {
            line,
            column: Some(column.to_string()),
            code: codes::BAD_AMOUNT,
            message: format!("{message}; the deal has no value (it is not counted as 0)"),
        });
        None
    };
    let shown = value.describe();
    let (units, named) = match value {
        Value::Number(n) => (Some(*n), None),
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => {
            let spec = NumberSpec {
                integer: false,
                format,
                ranges: None,
                currency: None,
            };
            match read_number(s, &spec) {
                Ok(n) => (Some(n.value), n.currency.map(Code::of)),
                Err(why) => return bad(column, why_not(&shown, why, format)),
            }
        }
        _ => (None, None),
    };
    let Some(units) = units.filter(|x| x.is_finite()) else {
        return bad(column, format!("amount: {shown} is not a number"));
    };
    if !(0.0..=MAX_UNITS).contains(&units) {
        let message = format!("amount: {shown} is not a deal value (0 to 10,000,000,000,000)");
        return bad(column, message);
    }
    let said = match currency.and_then(|(c, v)| Some((c, v, text_of(v)?))) {
        None => None,
        Some((c, v, text)) => match code_of(&text) {
            Some(code) => Some(code),
            None => {
                let message = format!(
                    "currency: {} is not a currency code (ISO 4217, e.g. BRL, USD)",
                    v.describe()
                );
                return bad(c, message);
            }
        },
    };
    if let (Some(a), Some(b)) = (named, said) {
        if a != b {
            let message = format!(
                "amount: {shown} is in {}, but its currency column says {}",
                a.as_str(),
                b.as_str()
            );
            return bad(column, message);
        }
    }
    Some(Amount {
        cents: libm::round(units * 100.0) as i64,
        currency: said.or(named),
    })
}

/// A cell as text (strings trimmed; blank is none).
fn text_of(value: &Value<'_>) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// A currency column's text: an ISO code, or a sign the value reader knows.
fn code_of(text: &str) -> Option<Code> {
    Code::parse(text).or_else(|| {
        let spec = NumberSpec {
            integer: false,
            format: Format::Auto,
            ranges: None,
            currency: None,
        };
        // `R$`, `US$`, `€`, `£` alone: read as a value of 1 in that currency.
        read_number(&format!("1 {text}"), &spec)
            .ok()
            .and_then(|n| n.currency)
            .map(Code::of)
    })
}

/// Why an amount was not read, with what to do about it.
fn why_not(shown: &str, why: Unread, format: Format) -> String {
    let written = match format {
        Format::PtBr => " in the pt-BR format (1.234,56)",
        Format::En => " in the en format (1,234.56)",
        Format::Json | Format::Auto => "",
    };
    match why {
        Unread::Ambiguous => format!(
            "amount: {shown} is ambiguous (a thousand, or one with decimals); say how the export \
             writes numbers: --number-format pt-BR or --number-format en"
        ),
        Unread::Range | Unread::Reversed => {
            format!("amount: {shown} is a range, not a deal value")
        }
        _ => format!("amount: {shown} is not a number{written}"),
    }
}
