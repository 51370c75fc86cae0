//! The `fields` section: how lead fields are read (`crate::value`), and the
//! check that each leaf on a declared field compares values of its type.

use super::condition::{bad_value, CondCtx};
use super::reader::{child, string, suggest, Obj};
use super::{Op, Scalar};
use crate::error::codes;
use crate::value::{Currency, FieldSpec, Format, NumberSpec, Policy};
use serde_json::Value;

/// Keys of one declaration.
pub(crate) const DECLARATION_KEYS: &[&str] = &["type", "format", "ranges", "currency"];
/// Values of `type`.
pub(crate) const TYPES: &[&str] = &["number", "integer", "boolean"];
/// Values of `format`.
pub(crate) const FORMATS: &[&str] = &["json", "pt-BR", "en", "auto"];
/// Values of `ranges`.
pub(crate) const POLICIES: &[&str] = &["low", "high", "middle"];

/// Reads every declaration, giving each declared field its slot (before any
/// rule's, so leaves find their declaration by slot).
pub(crate) fn declarations(v: Option<&Value>, cx: &mut CondCtx) {
    let Some(obj) = v.and_then(|v| Obj::read(v, "fields", &mut cx.p)) else {
        return;
    };
    for (field, decl) in obj.map {
        let path = obj.at(field);
        if field.is_empty() || field.split('.').any(str::is_empty) {
            bad_value(cx, &path, format!("`{field}` is not a field path"), "");
            continue;
        }
        if let Some(spec) = declaration(decl, &path, cx) {
            let slot = cx.slot(field);
            if let Some(entry) = cx.specs.get_mut(slot) {
                *entry = Some(spec);
            }
        }
    }
}

fn declaration(v: &Value, path: &str, cx: &mut CondCtx) -> Option<FieldSpec> {
    let obj = Obj::read(v, path, &mut cx.p)?;
    obj.only(DECLARATION_KEYS, &mut cx.p);
    let kind = obj
        .req("type", &mut cx.p)
        .and_then(|v| choice(v, &obj.at("type"), TYPES, cx));
    let mut pick = |key: &str, values: &[&str]| {
        obj.opt(key)
            .map(|v| (choice(v, &obj.at(key), values, cx), obj.at(key)))
    };
    let format = pick("format", FORMATS);
    let ranges = pick("ranges", POLICIES);
    let currency = pick("currency", &Currency::CODES);
    if kind? == 2 {
        // A boolean has no separators, ranges or currency to declare.
        let mut ok = true;
        for (_, at) in [format, ranges, currency].into_iter().flatten() {
            let hint = "`format`, `ranges` and `currency` are for number and integer fields";
            bad_value(cx, &at, "a boolean field is read as yes or no".into(), hint);
            ok = false;
        }
        return ok.then_some(FieldSpec::Boolean);
    }
    let integer = kind == Some(1);
    let format = match format {
        None if integer => Format::Auto,
        None => Format::Json,
        Some((i, _)) => [Format::Json, Format::PtBr, Format::En, Format::Auto]
            .get(i?)
            .copied()?,
    };
    let ranges = match ranges {
        None => None,
        Some((i, _)) => Some(
            [Policy::Low, Policy::High, Policy::Middle]
                .get(i?)
                .copied()?,
        ),
    };
    let currency = match currency {
        None => None,
        Some((i, _)) => Some(Currency::ALL.get(i?).copied()?),
    };
    Some(FieldSpec::Number(NumberSpec {
        integer,
        format,
        ranges,
        currency,
    }))
}

/// The index of a string value among `values`, or a `bad_value` with a hint.
fn choice(v: &Value, path: &str, values: &[&str], cx: &mut CondCtx) -> Option<usize> {
    let s = string(v, path, &mut cx.p)?;
    let found = values.iter().position(|x| *x == s);
    if found.is_none() {
        cx.p.add(
            codes::BAD_VALUE,
            path,
            format!("`{s}` is not one of: {}", values.join(", ")),
            Some(suggest(s, values)),
        );
    }
    found
}

/// Whether `op` compares values of the type `spec` declares; reports a
/// `type_mismatch` at `at` when not. Text operators read the text as given.
pub(crate) fn check_type(
    spec: FieldSpec,
    op: &Op,
    field: &str,
    op_name: &str,
    at: &str,
    cx: &mut CondCtx,
) -> bool {
    let boolean = spec == FieldSpec::Boolean;
    let fits =
        |s: &Scalar| matches!(s, Scalar::Bool(_)) == boolean && !matches!(s, Scalar::Text(_));
    let ok = match op {
        Op::Cmp(..) | Op::Between(..) => !boolean,
        Op::Equals(scalar) => fits(scalar),
        Op::In(set) => {
            set.texts.is_empty()
                && (if boolean {
                    set.numbers.is_empty()
                } else {
                    set.bools.is_empty()
                })
        }
        _ => true,
    };
    if !ok {
        let (declared, hint) = match spec {
            FieldSpec::Boolean => (
                "a boolean",
                "compare it with `equals: true` or `false` (or `in` of booleans), or declare it a number",
            ),
            FieldSpec::Number(n) => (
                if n.integer { "an integer" } else { "a number" },
                "compare it with numbers (`gte`, `between`, `equals: 5`, `in` of numbers), or declare it a boolean",
            ),
        };
        let compares = match op {
            Op::Cmp(..) | Op::Between(..) => "compares numbers",
            Op::Equals(Scalar::Text(_)) => "compares it with a text",
            Op::Equals(Scalar::Bool(_)) => "compares it with a boolean",
            Op::Equals(Scalar::Number(_)) => "compares it with a number",
            _ => "holds values of another type",
        };
        cx.p.add(
            codes::TYPE_MISMATCH,
            at,
            format!(
                "`{field}` is declared {declared} (`{}`); `{op_name}` here {compares}",
                child("fields", field)
            ),
            Some(hint.into()),
        );
    }
    ok
}
