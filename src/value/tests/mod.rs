//! Known answers for every reading the module documents (each format,
//! currency, suffix, range form and policy, yes/no word: `readings.rs`), the
//! refusals with their warnings, and property checks against independent
//! writers and readers (`properties.rs`).
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod properties;
mod readings;

use super::{Currency, Format, NumberSpec, Policy};

/// A declaration written as `type[:format][:ranges][:currency]`, e.g.
/// `i:auto:low`, `n:pt-BR:middle:BRL` (`n` number, `i` integer).
pub(super) fn spec(text: &str) -> NumberSpec {
    let mut parts = text.split(':');
    let integer = parts.next() == Some("i");
    let mut spec = NumberSpec {
        integer,
        format: if integer { Format::Auto } else { Format::Json },
        ranges: None,
        currency: None,
    };
    for part in parts {
        match part {
            "json" => spec.format = Format::Json,
            "pt-BR" => spec.format = Format::PtBr,
            "en" => spec.format = Format::En,
            "auto" => spec.format = Format::Auto,
            "low" => spec.ranges = Some(Policy::Low),
            "high" => spec.ranges = Some(Policy::High),
            "middle" => spec.ranges = Some(Policy::Middle),
            "BRL" => spec.currency = Some(Currency::Brl),
            "USD" => spec.currency = Some(Currency::Usd),
            "EUR" => spec.currency = Some(Currency::Eur),
            "GBP" => spec.currency = Some(Currency::Gbp),
            other => panic!("bad spec part {other}"),
        }
    }
    spec
}
