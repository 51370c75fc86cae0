//! Known answers for every reading the module documents (each format,
//! currency, suffix, range form and policy, yes/no word), the refusals with
//! their warnings, and property checks against independent writers/readers.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::*;

/// A declaration written as `type[:format][:ranges][:currency]`, e.g.
/// `i:auto:low`, `n:pt-BR:middle:BRL` (`n` number, `i` integer).
fn spec(text: &str) -> NumberSpec {
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

#[test]
fn every_word_entry_is_text_after_its_kind() {
    // Each kind byte (below 0x20) is followed by text without such bytes: an
    // empty entry would match anywhere without moving (an endless reading).
    let table = range::WORDS.as_bytes();
    assert!(table[0] < 0x20);
    for pair in table.windows(2) {
        assert!(
            pair[0] >= 0x20 || pair[1] >= 0x20,
            "an empty entry in WORDS"
        );
    }
    assert!(*table.last().unwrap() >= 0x20);
}

#[test]
fn the_currency_seen_is_reported() {
    let read = |text: &str| read_number(text, &spec("n:auto")).unwrap().currency;
    assert_eq!(read("R$ 1.234,56"), Some(Currency::Brl));
    assert_eq!(read("1.234,56 brl"), Some(Currency::Brl));
    assert_eq!(read("US$ 5"), Some(Currency::Usd));
    assert_eq!(read("$5"), Some(Currency::Usd));
    assert_eq!(read("5 usd"), Some(Currency::Usd));
    assert_eq!(read("€5"), Some(Currency::Eur));
    assert_eq!(read("£5"), Some(Currency::Gbp));
    assert_eq!(read("5"), None);
    let range = read_number("R$ 1 - 5", &spec("n:low")).unwrap();
    assert_eq!(range.currency, Some(Currency::Brl));
}

#[test]
fn yes_and_no_words() {
    for yes in [
        "true",
        "TRUE",
        "yes",
        "Y",
        "sim",
        "Sim",
        "s",
        "si",
        "sí",
        "SÍ",
        "on",
        "1",
        "verdadeiro",
        "checked",
        " yes ",
    ] {
        assert_eq!(read_boolean(yes), Some(true), "{yes:?}");
    }
    for no in [
        "false", "no", "NO", "n", "não", "NÃO", "nao", "off", "0", "falso", "Falso",
    ] {
        assert_eq!(read_boolean(no), Some(false), "{no:?}");
    }
    for neither in [
        "",
        "maybe",
        "yes please",
        "sim!",
        "2",
        "10",
        "ok",
        "nope",
        "si no",
    ] {
        assert_eq!(read_boolean(neither), None, "{neither:?}");
    }
}

#[test]
fn undeclared_text_is_json_with_one_ambiguous_shape() {
    assert_eq!(number_text(" 1e3 "), Ok(1000.0));
    assert_eq!(number_text("120"), Ok(120.0));
    assert_eq!(number_text("-0"), Ok(0.0));
    assert_eq!(number_text("1.000e3"), Ok(1000.0));
    assert_eq!(number_text("1234.500"), Ok(1234.5));
    assert_eq!(number_text("0.500"), Ok(0.5));
    assert_eq!(number_text("1.5"), Ok(1.5));
    assert_eq!(number_text("1.0000"), Ok(1.0));
    for ambiguous in ["1.000", "12.500", "999.999", "-1.000", " 1.000 "] {
        assert_eq!(
            number_text(ambiguous),
            Err(Unread::Ambiguous),
            "{ambiguous}"
        );
    }
    for bad in [
        "012", "-", "", "+5", ".5", "5.", "1,5", "1e", "e5", "1.2.3", "1 000", "--1",
    ] {
        assert_eq!(number_text(bad), Err(Unread::NotANumber), "{bad:?}");
    }
    let long = format!("1{}e-4500", "0".repeat(4500));
    assert_eq!(number_text(&long), Ok(1.0));
    assert!(is_ambiguous_json("1.000"));
    assert!(!is_ambiguous_json(" 1.000"));
    assert!(!is_ambiguous_json("1.0001"));
}

#[test]
fn warnings_show_the_value_and_what_to_declare() {
    let integer = Some(FieldSpec::Number(spec("i")));
    let money = Some(FieldSpec::Number(spec("n:pt-BR:BRL")));
    let cases: &[(&str, Unread, Option<FieldSpec>, &str)] = &[
        (
            "1.000",
            Unread::Ambiguous,
            None,
            "f: \"1.000\" is ambiguous (1 or 1000); declare fields.f",
        ),
        (
            "-12.500",
            Unread::Ambiguous,
            None,
            "f: \"-12.500\" is ambiguous (-12.5 or -12500); declare fields.f",
        ),
        (
            "r$ 1,000",
            Unread::Ambiguous,
            Some(FieldSpec::Number(spec("n:auto"))),
            "f: \"r$ 1,000\" is ambiguous (1000 or 1); declare fields.f.format",
        ),
        (
            "abc",
            Unread::NotANumber,
            None,
            "f: expected a number, got \"abc\"",
        ),
        (
            "1.5",
            Unread::NotANumber,
            money,
            "f: expected a number (pt-BR), got \"1.5\"",
        ),
        (
            "1,5",
            Unread::NotANumber,
            Some(FieldSpec::Number(spec("n:en"))),
            "f: expected a number (en), got \"1,5\"",
        ),
        (
            "2,5",
            Unread::NotWhole,
            integer,
            "f: expected a whole number, got \"2,5\"",
        ),
        (
            "201-500",
            Unread::Range,
            integer,
            "f: \"201-500\" is a range; declare fields.f.ranges",
        ),
        (
            "500-201",
            Unread::Reversed,
            integer,
            "f: \"500-201\" is a range from high to low",
        ),
        (
            "us$ 5",
            Unread::OtherCurrency(Currency::Usd),
            money,
            "f: \"us$ 5\" is in USD, not BRL",
        ),
        (
            "talvez",
            Unread::NotABoolean,
            Some(FieldSpec::Boolean),
            "f: expected yes or no, got \"talvez\"",
        ),
    ];
    for &(text, why, declared, want) in cases {
        let shown = format!("{text:?}");
        assert_eq!(warning("f", text, &shown, why, declared), want);
    }
}

/// `n` written with `group` between groups of three digits.
fn grouped(n: u64, group: &str) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(d);
    }
    out
}

proptest::proptest! {
    #[test]
    fn grouped_integers_read_back_exactly(n in 0u64..10_000_000, cents in 0u64..100) {
        let checks = [
            (grouped(n, "."), "i:pt-BR"),
            (grouped(n, ","), "i:en"),
            (grouped(n, "."), "i"),
            (grouped(n, ","), "i"),
            (grouped(n, " "), "i"),
            (grouped(n, "\u{a0}"), "n:auto"),
        ];
        for (text, declared) in checks {
            let read = read_number(&text, &spec(declared)).map(|r| r.value);
            proptest::prop_assert_eq!(read, Ok(n as f64), "{} as {}", text, declared);
        }
        let money = format!("R$ {},{cents:02}", grouped(n, "."));
        let want: f64 = format!("{n}.{cents:02}").parse().unwrap();
        let read = read_number(&money, &spec("n:pt-BR")).map(|r| r.value);
        proptest::prop_assert_eq!(read, Ok(want), "{}", money);
        let dollars = format!("US$ {}.{cents:02}", grouped(n, ","));
        let read = read_number(&dollars, &spec("n:auto")).map(|r| r.value);
        proptest::prop_assert_eq!(read, Ok(want), "{}", dollars);
    }

    #[test]
    fn json_text_reads_as_serde_json_reads_it(
        text in "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,25})?([eE][+-]?[0-9]{1,3})?"
    ) {
        let want = serde_json::from_str::<f64>(&text).ok().filter(|n| n.is_finite());
        let body = text.strip_prefix('-').unwrap_or(&text);
        let shape = body.len() >= 5 && body.len() <= 7 && !body.starts_with('0')
            && body.as_bytes()[body.len() - 4] == b'.'
            && body.bytes().filter(u8::is_ascii_digit).count() == body.len() - 1;
        let got = number_text(&text);
        if shape {
            proptest::prop_assert_eq!(got, Err(Unread::Ambiguous));
        } else {
            proptest::prop_assert_eq!(got.ok().map(f64::to_bits), want.map(f64::to_bits));
        }
    }
}

#[test]
fn hard_json_numbers_read_as_serde_json_reads_them() {
    let hard = [
        "0",
        "-0",
        "0.1",
        "9007199254740993",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1e400",
        "1e-400",
        "123456789012345678901234567890e-10",
        "0.30000000000000004",
        &format!("1.{}", "0".repeat(800) + "1"),
    ];
    for text in hard {
        let want = serde_json::from_str::<f64>(text)
            .ok()
            .filter(|n| n.is_finite());
        assert_eq!(
            number_text(text).ok().map(f64::to_bits),
            want.map(f64::to_bits),
            "{text}"
        );
    }
}
