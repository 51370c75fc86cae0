//! Revenue: the deal value column (`amount`) and its currency, read from a
//! row with the export's number format by the one value reader
//! ([`crate::value::read_number`]); won value and average ticket counted per
//! group in whole cents, in one currency.
//!
//! The report's currency is the model's `currency`; a model without one
//! takes the first currency the export names (in input order, so the same on
//! every thread count), said in a warning. A won deal in another currency is
//! counted and reported apart (`revenue.other_currencies`), never summed. An
//! amount that cannot be read is a row problem (`bad_amount`) showing the
//! value; the deal then has no value — it is never counted as 0.
//!
//! What it owns: [`Amount`] (reading), [`Tally`] (a group's revenue),
//! [`Totals`] (the report's currency and the deals in others), and their
//! JSON ([`Money`], [`RevenueReport`]). It may call the value reader and the
//! report's row problems, nothing else.

mod read;

pub use read::read_amount;

use crate::value::{Currency, Format};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// How deal values are read and summed: part of [`super::ReportOptions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MoneyOptions {
    /// The model's currency (its `currency`); `None`: the export's first.
    pub currency: Option<Currency>,
    /// `--number-format`: how the export writes numbers (else the preset's,
    /// else decided per value, where `1.000` is ambiguous).
    pub number_format: Option<Format>,
}

/// Reads `pt-BR`, `en` or `auto` (any case), as the model's field `format`.
pub fn parse_format(text: &str) -> Option<Format> {
    match text.trim().to_ascii_lowercase().as_str() {
        "pt-br" | "ptbr" | "br" => Some(Format::PtBr),
        "en" => Some(Format::En),
        "auto" => Some(Format::Auto),
        _ => None,
    }
}

/// A currency code: three upper-case ASCII letters (ISO 4217 shape).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Code(pub [u8; 3]);

impl Code {
    /// Three letters, any case; blanks around are fine.
    pub fn parse(text: &str) -> Option<Code> {
        let t = text.trim().as_bytes();
        match t {
            [a, b, c] if t.iter().all(u8::is_ascii_alphabetic) => Some(Code([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => None,
        }
    }

    /// The code of a currency the value reader knows.
    pub fn of(currency: Currency) -> Code {
        let b = currency.code().as_bytes();
        Code([
            b.first().copied().unwrap_or(b'X'),
            b.get(1).copied().unwrap_or(b'X'),
            b.get(2).copied().unwrap_or(b'X'),
        ])
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

/// A deal value read from a row: whole cents, and the currency the row names
/// (its currency column, or a sign or code in the value), if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// The value in hundredths (`R$ 1.234,56` → 123456).
    pub cents: i64,
    /// The currency named, if one is.
    pub currency: Option<Code>,
}

/// An amount of money in whole cents, written as a JSON number with at most
/// two decimals (`null` when not measured).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Money(pub Option<i64>);

impl Money {
    /// The value in currency units.
    pub fn units(self) -> Option<f64> {
        // Cents below 2^53 are exact; a hundredth of them is the nearest
        // double to the two-decimal value, which JSON writes shortest.
        self.0.map(|c| c as f64 / 100.0)
    }

    /// `total / n`, rounded to the cent (half away from zero); none when `n` is 0.
    pub fn per(total: i64, n: u64) -> Money {
        let Ok(n) = i64::try_from(n) else {
            return Money(None);
        };
        if n == 0 {
            return Money(None);
        }
        let half = if total < 0 { -n / 2 } else { n / 2 };
        Money(Some(total.saturating_add(half) / n))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.units() {
            Some(x) => s.serialize_f64(x),
            None => s.serialize_unit(),
        }
    }
}

/// How a won deal's value counts in its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Counted {
    /// Not won, or won without a value.
    Nothing,
    /// Won, in the report's currency: its cents are summed.
    Summed(i64),
    /// Won in another currency: counted, not summed.
    Other,
}

/// One group's revenue.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    cents: i64,
    valued: u64,
    other: u64,
}

impl Tally {
    pub(super) fn add(&mut self, counted: Counted) {
        match counted {
            Counted::Nothing => {}
            Counted::Summed(c) => {
                self.cents = self.cents.saturating_add(c);
                self.valued += 1;
            }
            Counted::Other => self.other += 1,
        }
    }

    /// Won value, won deals with a value in the currency, won deals in
    /// another currency, and the average ticket (all money `null` when the
    /// export has no deal value).
    pub(super) fn finish(&self, measured: bool) -> (Money, u64, u64, Money) {
        if !measured {
            return (Money(None), 0, 0, Money(None));
        }
        let ticket = Money::per(self.cents, self.valued);
        (Money(Some(self.cents)), self.valued, self.other, ticket)
    }
}

/// The report's currency and the won deals in other currencies.
#[derive(Debug, Clone, Default)]
pub(super) struct Totals {
    /// The model's currency, if it has one.
    model: Option<Code>,
    /// The currency summed: the model's, else the first the export names.
    currency: Option<Code>,
    /// The line where the export first named `currency` (when it chose it).
    first_line: Option<u64>,
    /// Any row with a value (the column may be absent from NDJSON keys).
    seen: bool,
    /// Won deals per other currency: count and cents.
    other: BTreeMap<Code, (u64, i64)>,
}

impl Totals {
    pub(super) fn new(options: &MoneyOptions) -> Totals {
        let model = options.currency.map(Code::of);
        Totals {
            model,
            currency: model,
            ..Totals::default()
        }
    }

    /// How a lead's amount counts (in input order: the first named currency
    /// may become the report's).
    pub(super) fn count(&mut self, amount: Option<Amount>, won: bool, line: u64) -> Counted {
        let Some(a) = amount else {
            return Counted::Nothing;
        };
        self.seen = true;
        if let (None, Some(code)) = (self.currency, a.currency) {
            self.currency = Some(code);
            self.first_line = Some(line);
        }
        if !won {
            return Counted::Nothing;
        }
        match a.currency {
            Some(code) if Some(code) != self.currency => {
                let slot = self.other.entry(code).or_default();
                slot.0 += 1;
                slot.1 = slot.1.saturating_add(a.cents);
                Counted::Other
            }
            _ => Counted::Summed(a.cents),
        }
    }

    /// True when the export has a deal value (its column, or a value in a row).
    pub(super) fn measured(&self, column: bool) -> bool {
        column || self.seen
    }

    /// The report's `revenue` block and what the warnings should say.
    pub(super) fn finish(&self, overall: &Tally, measured: bool) -> (RevenueReport, Vec<String>) {
        let (won_value, won_valued, won_other, average_ticket) = overall.finish(measured);
        let currency_from = match (self.model, self.currency) {
            (Some(_), _) => Some("model"),
            (None, Some(_)) => Some("export"),
            _ => None,
        };
        let mut warnings = Vec::new();
        if !measured {
            warnings.push(
                "no deal value column: won value and average ticket are not measured (name one \
                 with --map amount=COLUMN)"
                    .to_string(),
            );
        } else if let (Some("export"), Some(code), Some(line)) =
            (currency_from, self.currency, self.first_line)
        {
            warnings.push(format!(
                "the model declares no currency: won value is summed in {}, the first currency \
                 the export names (line {line}); declare \"currency\" in the model",
                code.as_str()
            ));
        }
        let other_currencies: Vec<OtherCurrency> = self
            .other
            .iter()
            .map(|(code, &(won, cents))| OtherCurrency {
                currency: code.as_str().to_string(),
                won,
                won_value: Money(Some(cents)),
            })
            .collect();
        for o in &other_currencies {
            warnings.push(format!(
                "{} won deals in {} are reported apart (revenue.other_currencies), not summed \
                 into {}",
                o.won,
                o.currency,
                self.currency.as_ref().map_or("the won value", Code::as_str)
            ));
        }
        let report = RevenueReport {
            measured,
            currency: self.currency.map(|c| c.as_str().to_string()),
            currency_from,
            won_value,
            won_valued,
            won_other_currency: won_other,
            average_ticket,
            other_currencies,
        };
        (report, warnings)
    }
}

/// The report's `revenue`: won value and average ticket over every lead.
#[derive(Debug, Clone, Serialize)]
pub struct RevenueReport {
    /// False when the export has no deal value column (figures are `null`).
    pub measured: bool,
    /// The currency summed (ISO 4217), if any is known.
    pub currency: Option<String>,
    /// `model` (its `currency`), `export` (the first the export names) or `null`.
    pub currency_from: Option<&'static str>,
    /// Sum of the won deals' values in `currency`.
    pub won_value: Money,
    /// Won deals with a value in `currency`.
    pub won_valued: u64,
    /// Won deals with a value in another currency (not summed).
    pub won_other_currency: u64,
    /// `won_value / won_valued`, to the cent.
    pub average_ticket: Money,
    /// Won deals in other currencies, by code: count and their own sum.
    pub other_currencies: Vec<OtherCurrency>,
}

/// Won deals in a currency other than the report's.
#[derive(Debug, Clone, Serialize)]
pub struct OtherCurrency {
    /// ISO 4217 code as the export wrote it (upper case).
    pub currency: String,
    /// How many won deals.
    pub won: u64,
    /// Their values summed, in that currency.
    pub won_value: Money,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests;
