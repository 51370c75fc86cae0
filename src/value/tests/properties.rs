//! The word table's shape, currencies, yes/no words, the undeclared reading,
//! the warnings' texts, and properties against independent writers/readers.

use super::spec;
use crate::value::{
    number_text, range, read_boolean, read_number, warning, Currency, FieldSpec, Unread,
};

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
            "f: \"1.000\" is ambiguous; declare fields.f",
        ),
        (
            "-12.500",
            Unread::Ambiguous,
            None,
            "f: \"-12.500\" is ambiguous; declare fields.f",
        ),
        (
            "r$ 1,000",
            Unread::Ambiguous,
            Some(FieldSpec::Number(spec("n:auto"))),
            "f: \"r$ 1,000\" is ambiguous; declare fields.f.format",
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
        assert_eq!(warning("f", &shown, why, declared), want);
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
