//! Known answers for every reading the module documents, and property checks.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use super::*;

fn spec(integer: bool, format: Format, ranges: Option<Policy>) -> NumberSpec {
    NumberSpec {
        integer,
        format,
        ranges,
        currency: None,
    }
}

fn num(text: &str, s: NumberSpec) -> Result<f64, Unread> {
    read_number(text, &s).map(|n| n.value)
}

#[test]
fn smoke() {
    let auto = spec(false, Format::Auto, None);
    assert_eq!(num("1.234,56", auto), Ok(1234.56));
    assert_eq!(num("1,234.56", auto), Ok(1234.56));
    assert_eq!(num("1.000", auto), Err(Unread::Ambiguous(1.0, 1000.0)));
    assert_eq!(num("1.000", spec(true, Format::Auto, None)), Ok(1000.0));
    assert_eq!(num("201-500", spec(true, Format::Auto, Some(Policy::Middle))), Ok(350.5));
    assert_eq!(num("R$ 1 a 5 milhões", spec(false, Format::PtBr, Some(Policy::High))), Ok(5e6));
    assert_eq!(num("mais de 1.000", spec(true, Format::Auto, Some(Policy::Low))), Ok(1000.0));
    assert_eq!(num("10k+", spec(true, Format::Auto, Some(Policy::Low))), Ok(10000.0));
    assert_eq!(num("500-201", spec(true, Format::Auto, Some(Policy::Low))), Err(Unread::Reversed));
    assert_eq!(num("201-500", spec(true, Format::Auto, None)), Err(Unread::Range));
    assert_eq!(read_boolean("Não"), Some(false));
}

#[test]
fn smoke_json() {
    assert_eq!(number_text(" 1e3 "), Ok(1000.0));
    assert_eq!(number_text("-12.500"), Err(Unread::Ambiguous(-12.5, -12500.0)));
    assert_eq!(number_text("1.000e3"), Ok(1000.0));
    assert_eq!(number_text("012"), Err(Unread::NotANumber));
    assert_eq!(number_text("-"), Err(Unread::NotANumber));
    assert_eq!(number_text("0.500"), Ok(0.5));
    let long = format!("1{}e-4500", "0".repeat(4500));
    assert_eq!(number_text(&long), Ok(1.0));
    let auto = spec(false, Format::Auto, None);
    assert_eq!(num("1 234", auto), Ok(1234.0));
    assert_eq!(num("1 234,5", auto), Ok(1234.5));
    assert_eq!(num("1.000.000", auto), Ok(1e6));
    assert_eq!(num("1.5", spec(false, Format::PtBr, None)), Err(Unread::NotANumber));
}

#[test]
fn smoke_warnings() {
    let w = |why, spec| warning("company_size", "\"1.000\"", why, spec);
    assert_eq!(
        w(Unread::Ambiguous(1.0, 1000.0), None),
        "company_size: \"1.000\" is ambiguous (1 or 1000); declare fields.company_size"
    );
    let s = Some(FieldSpec::Number(spec(true, Format::Auto, None)));
    assert_eq!(
        w(Unread::Range, s),
        "company_size: \"1.000\" is a range; declare fields.company_size.ranges"
    );
}
