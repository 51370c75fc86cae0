//! Every documented reading with its value, and every refusal with its reason.

use super::spec;
use crate::value::{read_number, Currency, Unread};

/// `(text, declaration, value)`: every reading that succeeds.
const READS: &[(&str, &str, f64)] = &[
    // JSON, what JSON and HTML forms send.
    ("1234.56", "n", 1234.56),
    (" 120 ", "n", 120.0),
    ("1e3", "n", 1000.0),
    ("-2.5", "n", -2.5),
    ("+7", "n", 7.0),
    ("0.500", "n", 0.5),
    ("1234.500", "n", 1234.5),
    // pt-BR: `.` groups, `,` decimals.
    ("1.234,56", "n:pt-BR", 1234.56),
    ("1.000", "n:pt-BR", 1000.0),
    ("1,5", "n:pt-BR", 1.5),
    ("1234,5", "n:pt-BR", 1234.5),
    ("1.234.567,89", "n:pt-BR", 1234567.89),
    ("1 234,56", "n:pt-BR", 1234.56),
    ("1\u{a0}234,56", "n:pt-BR", 1234.56),
    ("1\u{2009}234", "n:pt-BR", 1234.0),
    ("1\u{202f}234", "n:pt-BR", 1234.0),
    ("1,000", "n:pt-BR", 1.0),
    // en: `,` groups, `.` decimals.
    ("1,234.56", "n:en", 1234.56),
    ("1,000", "n:en", 1000.0),
    ("1.000", "n:en", 1.0),
    ("1,234,567", "n:en", 1234567.0),
    ("1 234.5", "n:en", 1234.5),
    // auto: the separators decide.
    ("1.234,56", "n:auto", 1234.56),
    ("1,234.56", "n:auto", 1234.56),
    ("1,5", "n:auto", 1.5),
    ("2.5", "n:auto", 2.5),
    ("1234.567", "n:auto", 1234.567),
    ("1.000.000", "n:auto", 1e6),
    ("1,000,000", "n:auto", 1e6),
    ("1 234,5", "n:auto", 1234.5),
    ("1 234", "n:auto", 1234.0),
    ("12", "n:auto", 12.0),
    // integer: auto's `1.000` is a thousand.
    ("1.000", "i", 1000.0),
    ("1,000", "i", 1000.0),
    ("12.500", "i", 12500.0),
    ("1.000.000", "i", 1e6),
    ("1.000,00", "i", 1000.0),
    ("42", "i", 42.0),
    // Currency signs and codes, before or after.
    ("R$ 1.234,56", "n:pt-BR", 1234.56),
    ("R$1.234,56", "n:pt-BR", 1234.56),
    ("1.234,56 BRL", "n:pt-BR", 1234.56),
    ("brl 10", "n", 10.0),
    ("US$ 1,234.56", "n:en", 1234.56),
    ("$1,234.56", "n:en", 1234.56),
    ("USD 99", "n", 99.0),
    ("€ 1.234,56", "n:auto", 1234.56),
    ("1.234,56 €", "n:auto", 1234.56),
    ("EUR 5", "n", 5.0),
    ("£10", "n", 10.0),
    ("GBP 10", "n", 10.0),
    ("R$ 1.000", "n:pt-BR:BRL", 1000.0),
    ("1000", "n:BRL", 1000.0),
    ("-R$ 5", "n:BRL", -5.0),
    // Magnitude suffixes.
    ("10k", "n", 10_000.0),
    ("10 K", "n", 10_000.0),
    ("1,5 mil", "n:pt-BR", 1500.0),
    ("10 mil", "i", 10_000.0),
    ("1,5 mil", "i", 1500.0),
    ("2M", "n", 2e6),
    ("2 mi", "n", 2e6),
    ("1,5 milhão", "n:pt-BR", 1.5e6),
    ("3 milhões", "n:pt-BR", 3e6),
    ("2 million", "n", 2e6),
    ("2 millions", "n", 2e6),
    ("2 millón", "n", 2e6),
    ("4 millones", "n", 4e6),
    ("5MM", "n", 5e6),
    ("1 bi", "n", 1e9),
    ("1 bilhão", "n", 1e9),
    ("2 bilhões", "n", 2e9),
    ("3bn", "n", 3e9),
    ("1 billion", "n", 1e9),
    ("R$ 2,5 mi", "n:pt-BR", 2.5e6),
    ("US$ 2.5M", "n:en", 2.5e6),
    // Closed ranges, every connector, every policy.
    ("201-500", "i:low", 201.0),
    ("201-500", "i:high", 500.0),
    ("201-500", "i:middle", 350.5),
    ("201 - 500", "i:low", 201.0),
    ("201 \u{2013} 500", "i:low", 201.0),
    ("201\u{2014}500", "i:high", 500.0),
    ("1.001\u{2013}5.000", "i:low", 1001.0),
    ("1.001-5.000", "n:pt-BR:high", 5000.0),
    ("1,001-5,000", "n:en:low", 1001.0),
    ("201 a 500", "i:low", 201.0),
    ("de 201 a 500", "i:high", 500.0),
    ("De 201 a 500", "i:low", 201.0),
    ("entre 201 e 500", "i:middle", 350.5),
    ("201 to 500", "i:high", 500.0),
    ("from 201 to 500", "i:low", 201.0),
    ("between 201 and 500", "i:high", 500.0),
    ("de 201 y 500", "i:low", 201.0),
    ("500-500", "i:low", 500.0),
    ("10-50k", "i:low", 10_000.0),
    ("10k-50k", "i:middle", 30_000.0),
    ("R$ 1 a 5 milhões", "n:pt-BR:low", 1e6),
    ("R$ 1 a 5 milhões", "n:pt-BR:high", 5e6),
    ("R$ 1 - R$ 5", "n:high", 5.0),
    ("500 a 1 mil", "i:low", 500.0),
    ("500 a 1 mil", "i:high", 1000.0),
    ("1 a 10", "n:auto:middle", 5.5),
    // Open ranges read their known bound under every policy.
    ("500+", "i:low", 500.0),
    ("500+", "i:high", 500.0),
    ("500 +", "i:middle", 500.0),
    ("10k+", "i:low", 10_000.0),
    ("1.000+", "i:low", 1000.0),
    ("mais de 1000", "i:low", 1000.0),
    ("Mais de 1.000", "i:high", 1000.0),
    ("acima de 1000", "i:low", 1000.0),
    ("a partir de 50", "i:low", 50.0),
    ("more than 1000", "i:low", 1000.0),
    ("over 1000", "i:low", 1000.0),
    ("above 1000", "i:low", 1000.0),
    ("at least 5", "i:low", 5.0),
    ("más de 1000", "i:low", 1000.0),
    ("1000 ou mais", "i:low", 1000.0),
    ("1000 or more", "i:low", 1000.0),
    ("1000 o más", "i:low", 1000.0),
    ("> 1000", "i:low", 1000.0),
    (">=1000", "i:low", 1000.0),
    ("até 10", "i:low", 10.0),
    ("ATÉ 10", "i:high", 10.0),
    ("up to 10", "i:low", 10.0),
    ("hasta 10", "i:low", 10.0),
    ("menos de 10", "i:low", 10.0),
    ("less than 10", "i:high", 10.0),
    ("under 10", "i:low", 10.0),
    ("below 10", "i:low", 10.0),
    ("abaixo de 10", "i:low", 10.0),
    ("< 10", "i:low", 10.0),
    ("<=10", "i:low", 10.0),
    ("até R$ 10 mil", "n:pt-BR:low", 10_000.0),
];

#[test]
fn every_documented_reading_gives_its_value() {
    let mut failures = Vec::new();
    for &(text, declared, want) in READS {
        let got = read_number(text, &spec(declared)).map(|n| n.value);
        if got != Ok(want) {
            failures.push(format!("{text:?} as {declared}: want {want}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `(text, declaration, why)`: every refusal.
const REFUSALS: &[(&str, &str, Unread)] = &[
    ("abc", "n", Unread::NotANumber),
    ("", "n", Unread::NotANumber),
    ("1,5", "n", Unread::NotANumber),
    (".5", "n", Unread::NotANumber),
    ("5.", "n", Unread::NotANumber),
    ("012", "n", Unread::NotANumber),
    ("1 000", "n", Unread::NotANumber),
    ("1.000", "n", Unread::Ambiguous),
    ("12.500", "n", Unread::Ambiguous),
    ("1.000", "i:json", Unread::Ambiguous),
    ("1.000", "n:auto", Unread::Ambiguous),
    ("1,000", "n:auto", Unread::Ambiguous),
    ("R$ 1.000", "n:auto", Unread::Ambiguous),
    ("1.000-2.000", "n:auto:low", Unread::Ambiguous),
    ("1.5", "n:pt-BR", Unread::NotANumber),
    ("12.34", "n:pt-BR", Unread::NotANumber),
    ("1.2345", "n:pt-BR", Unread::NotANumber),
    ("1234.567", "n:pt-BR", Unread::NotANumber),
    ("0.500", "n:pt-BR", Unread::NotANumber),
    ("1.234.56", "n:pt-BR", Unread::NotANumber),
    ("1,234,56", "n:pt-BR", Unread::NotANumber),
    ("1.234 567", "n:pt-BR", Unread::NotANumber),
    ("1,5", "n:en", Unread::NotANumber),
    ("1,23", "n:en", Unread::NotANumber),
    ("1.234,567.8", "n:auto", Unread::NotANumber),
    ("1,234.567,8", "n:auto", Unread::NotANumber),
    ("2,5", "i", Unread::NotWhole),
    ("2.5", "i", Unread::NotWhole),
    ("1,2345 mil", "i", Unread::NotWhole),
    ("10.5-20", "i:low", Unread::NotWhole),
    ("201-500", "i", Unread::Range),
    ("500+", "i", Unread::Range),
    ("mais de 1000", "i", Unread::Range),
    ("até 10", "n", Unread::Range),
    ("500-201", "i:low", Unread::Reversed),
    ("500-201", "i", Unread::Reversed),
    ("US$ 10", "n:BRL", Unread::OtherCurrency(Currency::Usd)),
    ("$ 10", "n:BRL", Unread::OtherCurrency(Currency::Usd)),
    ("R$ 10", "n:EUR", Unread::OtherCurrency(Currency::Brl)),
    ("R$ 10 USD", "n", Unread::NotANumber),
    ("R$ 1 - US$ 5", "n:low", Unread::NotANumber),
    ("10 reais", "n", Unread::NotANumber),
    ("10 k k", "n", Unread::NotANumber),
    ("k10", "n", Unread::NotANumber),
    ("201-500-900", "i:low", Unread::NotANumber),
    ("de 201", "i:low", Unread::NotANumber),
    ("mais de 10-20", "i:low", Unread::NotANumber),
    ("mais de 10+", "i:low", Unread::NotANumber),
    ("-10-20", "i:low", Unread::NotANumber),
    ("+500+", "i:low", Unread::NotANumber),
    ("500-", "i:low", Unread::NotANumber),
    ("sim", "n", Unread::NotANumber),
    ("1 2", "n:auto", Unread::NotANumber),
    ("1\n000", "n:pt-BR", Unread::NotANumber),
];

#[test]
fn every_documented_refusal_gives_its_reason() {
    let mut failures = Vec::new();
    for &(text, declared, want) in REFUSALS {
        let got = read_number(text, &spec(declared));
        if got.map(|n| n.value) != Err(want) {
            failures.push(format!(
                "{text:?} as {declared}: want {want:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
