use super::*;
use crate::lead::Value;
use std::borrow::Cow;

fn read(amount: &str, currency: Option<&str>, format: Format) -> (Option<Amount>, Vec<String>) {
    let a = Value::String(Cow::Borrowed(amount));
    let c = currency.map(|c| Value::String(Cow::Borrowed(c)));
    let mut problems = Vec::new();
    let got = read_amount(
        Some(("Amount", &a)),
        c.as_ref().map(|c| ("Currency", c)),
        format,
        7,
        &mut problems,
    );
    (got, problems.into_iter().map(|p| p.message).collect())
}

fn code(s: &str) -> Option<Code> {
    Code::parse(s)
}

#[test]
fn amounts_read_in_the_exports_number_format() {
    let (a, _) = read("R$ 1.234,56", None, Format::PtBr);
    assert_eq!(
        a,
        Some(Amount {
            cents: 123_456,
            currency: code("BRL")
        })
    );
    let (a, _) = read("1,234.56", Some("usd"), Format::En);
    assert_eq!(
        a,
        Some(Amount {
            cents: 123_456,
            currency: code("USD")
        })
    );
    let (a, _) = read("1234.5", None, Format::Auto);
    assert_eq!(
        a,
        Some(Amount {
            cents: 123_450,
            currency: None
        })
    );
    // A currency column may hold a sign; any ISO-shaped code is kept.
    let (a, _) = read("10", Some("R$"), Format::Auto);
    assert_eq!(a.unwrap().currency, code("BRL"));
    let (a, _) = read("10", Some("ars"), Format::Auto);
    assert_eq!(a.unwrap().currency, code("ARS"));
}

#[test]
fn an_unreadable_amount_is_a_problem_never_zero() {
    let (a, p) = read("1.000", None, Format::Auto);
    assert_eq!(a, None);
    assert!(p[0].contains("\"1.000\" is ambiguous"), "{p:?}");
    assert!(p[0].contains("--number-format"), "{p:?}");
    let (a, p) = read("a combinar", None, Format::PtBr);
    assert_eq!(a, None);
    assert!(
        p[0].contains("\"a combinar\" is not a number in the pt-BR format"),
        "{p:?}"
    );
    let (a, p) = read("US$ 10", Some("BRL"), Format::En);
    assert_eq!(a, None);
    assert!(
        p[0].contains("is in USD, but its currency column says BRL"),
        "{p:?}"
    );
    let (a, p) = read("10", Some("reais"), Format::En);
    assert_eq!(a, None);
    assert!(p[0].contains("\"reais\" is not a currency code"), "{p:?}");
    let (a, p) = read("-5", None, Format::En);
    assert_eq!(a, None);
    assert!(p[0].contains("not a deal value"), "{p:?}");
}

#[test]
fn money_is_whole_cents_and_tickets_round_to_the_cent() {
    assert_eq!(Money::per(1000, 3), Money(Some(333)));
    assert_eq!(Money::per(1001, 2), Money(Some(501)));
    assert_eq!(Money::per(5, 0), Money(None));
    assert_eq!(
        serde_json::to_string(&Money(Some(123_456))).unwrap(),
        "1234.56"
    );
    assert_eq!(
        serde_json::to_string(&Money(Some(1_000_000))).unwrap(),
        "10000.0"
    );
    assert_eq!(serde_json::to_string(&Money(None)).unwrap(), "null");
}

#[test]
fn other_currencies_are_counted_apart() {
    let opts = MoneyOptions {
        currency: Some(crate::value::Currency::Brl),
        number_format: None,
    };
    let mut t = Totals::new(&opts);
    let brl = Some(Amount {
        cents: 100,
        currency: None,
    });
    let usd = Some(Amount {
        cents: 50,
        currency: code("USD"),
    });
    assert_eq!(t.count(brl, true, 2), Counted::Summed(100));
    assert_eq!(t.count(usd, true, 3), Counted::Other);
    assert_eq!(t.count(usd, false, 4), Counted::Nothing);
    // Without a model currency, the first one named becomes the report's.
    let mut t = Totals::new(&MoneyOptions::default());
    assert_eq!(t.count(brl, true, 2), Counted::Summed(100));
    assert_eq!(t.count(usd, true, 3), Counted::Summed(50));
    assert_eq!(
        t.count(
            Some(Amount {
                cents: 9,
                currency: code("EUR")
            }),
            true,
            4
        ),
        Counted::Other
    );
}
