//! Field leaves: one field, one operator, with the operator's argument compiled
//! (texts folded, lists sorted, keywords indexed) once.

use super::condition::{bad_value, CondCtx, Place, EMAIL_KINDS, FIELD_OPS};
use super::declarations::check_type;
use super::reader::{array, child, closest, index, number, string, suggest, wrong_type, Obj};
use super::{
    canonical_json, email_kind, CmpOp, Cond, FieldLeaf, Op, Scalar, ScalarSet, Shared, Subject,
};
use crate::email::normalize_domain_entry;
use crate::error::codes;
use crate::keyword_set::KeywordSet;
use crate::lead::FieldPath;
use crate::text::{fold, Keyword};
use serde_json::Value;

pub(crate) fn field_leaf(obj: &Obj, place: Place, cx: &mut CondCtx) -> Option<Cond> {
    let field_path = obj.at("field");
    let field = string(obj.map.get("field")?, &field_path, &mut cx.p);
    let mut ops = Vec::new();
    let mut unknown = false;
    for (key, arg) in obj.map {
        if key == "field" {
            continue;
        }
        if FIELD_OPS.contains(&key.as_str()) {
            ops.push((key.as_str(), arg));
        } else {
            unknown = true;
            let hint = match closest(key, FIELD_OPS) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("a field leaf takes one of: {}", FIELD_OPS.join(", ")),
            };
            cx.p.add(
                codes::UNKNOWN_OPERATOR,
                &obj.at(key),
                format!("unknown operator `{key}`"),
                Some(hint),
            );
        }
    }
    let field = field?;
    if field.is_empty() || field.split('.').any(str::is_empty) {
        bad_value(
            cx,
            &field_path,
            format!("`{field}` is not a field path"),
            "",
        );
        return None;
    }
    let (op_name, arg) = match ops.as_slice() {
        [one] => *one,
        [] => {
            if !unknown {
                cx.p.add(
                    codes::MISSING_OPERATOR,
                    &obj.path,
                    format!("the leaf on `{field}` has no operator"),
                    Some(format!("add one of: {}", FIELD_OPS.join(", "))),
                );
            }
            return None;
        }
        _ => {
            cx.p.add(
                codes::CONFLICTING_OPERATORS,
                &obj.path,
                format!("the leaf on `{field}` has {} operators", ops.len()),
                Some("a leaf takes one operator; combine leaves with `all` or `any`".into()),
            );
            return None;
        }
    };
    if unknown {
        return None;
    }
    let at = obj.at(op_name);
    let op = match arg {
        Value::String(name) if takes_list(op_name) => shared_list_op(op_name, arg, name, &at, cx)?,
        _ => operator(op_name, arg, &at, cx)?,
    };
    let (subject, read) = if place == Place::Where {
        (Subject::Event(FieldPath::new(field)), None)
    } else {
        let slot = cx.slot(field);
        (Subject::Slot(slot), cx.specs.get(slot).copied().flatten())
    };
    if let Some(spec) = read {
        if !check_type(spec, &op, field, op_name, &at, cx) {
            return None;
        }
    }
    let shown = match arg {
        Value::String(name) if takes_list(op_name) => name.clone(),
        other => canonical_json(other),
    };
    let needs = format!("{field} {op_name} {shown}");
    let memo = match subject {
        Subject::Slot(_) => {
            let next_id = cx.leaves.len();
            Some(*cx.leaves.entry(needs.clone()).or_insert(next_id))
        }
        Subject::Event(_) => None,
    };
    Some(Cond::Field(Box::new(FieldLeaf {
        subject,
        field: field.to_string(),
        op,
        needs,
        memo,
        missing: format!("{field}: missing"),
        read,
    })))
}

fn takes_list(op: &str) -> bool {
    matches!(op, "in" | "contains_any" | "words_any" | "domain_in")
}

/// An operator on a named list, compiled on the list's first use with that
/// operator and shared afterwards: a thousand rules naming one long list cost
/// one compilation, and a broken list is reported once, not once per rule.
fn shared_list_op(
    op_name: &str,
    arg: &Value,
    list: &str,
    at: &str,
    cx: &mut CondCtx,
) -> Option<Op> {
    let key = crate::text::concat(&[op_name, " ", list]);
    if let Some(compiled) = cx
        .shared_index
        .get(&key)
        .and_then(|&i| cx.shared_lists.get(i))
    {
        return compiled.clone();
    }
    let compiled = operator(op_name, arg, at, cx);
    // An unknown list is reported at each place that names it (each is a typo to fix).
    if cx.lists.contains_key(list) {
        cx.shared_index.insert(key, cx.shared_lists.len());
        cx.shared_lists.push(compiled.clone());
    }
    compiled
}

fn operator(name: &str, arg: &Value, at: &str, cx: &mut CondCtx) -> Option<Op> {
    match name {
        "equals" => scalar(arg, at, cx).map(Op::Equals),
        "in" => {
            let items = list_items(arg, at, cx)?;
            let mut set = ScalarSet::default();
            for (item, item_path) in items {
                match scalar(item, &item_path, cx)? {
                    Scalar::Text(t) => set.texts.push(t),
                    Scalar::Number(n) => set.numbers.push(n),
                    Scalar::Bool(b) => set.bools.push(b),
                }
            }
            set.texts.sort_unstable();
            set.texts.dedup();
            Some(Op::In(Shared::new(set)))
        }
        "gt" | "gte" | "lt" | "lte" => {
            let n = number(arg, at, &mut cx.p)?;
            let cmp = match name {
                "gt" => CmpOp::Gt,
                "gte" => CmpOp::Gte,
                "lt" => CmpOp::Lt,
                _ => CmpOp::Lte,
            };
            Some(Op::Cmp(cmp, n))
        }
        "between" => between(arg, at, cx),
        "exists" => match arg {
            Value::Bool(b) => Some(Op::Exists(*b)),
            other => {
                wrong_type(&mut cx.p, at, "true or false", other);
                None
            }
        },
        "starts_with" => {
            let items: Vec<(&Value, String)> = match arg {
                Value::String(_) => vec![(arg, at.to_string())],
                _ => array(arg, at, &mut cx.p)?
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v, index(at, i)))
                    .collect(),
            };
            texts(items, cx).map(Op::StartsWith)
        }
        "contains_any" => {
            texts(list_items(arg, at, cx)?, cx).map(|t| Op::ContainsAny(Shared::new(t)))
        }
        "words_any" => {
            let mut keywords = Vec::new();
            for (item, item_path) in list_items(arg, at, cx)? {
                let raw = string(item, &item_path, &mut cx.p)?;
                match Keyword::parse(raw) {
                    Some(k) => keywords.push((k, raw)),
                    None => {
                        bad_value(cx, &item_path, format!("`{raw}` has no words"), "");
                        return None;
                    }
                }
            }
            Some(Op::WordsAny(Shared::new(KeywordSet::with_sources(
                keywords,
            ))))
        }
        "domain_in" => {
            let mut domains = Vec::new();
            for (item, item_path) in list_items(arg, at, cx)? {
                let d = normalize_domain_entry(string(item, &item_path, &mut cx.p)?);
                if !d.contains('.') {
                    bad_value(cx, &item_path, format!("`{d}` is not a domain"), "");
                    return None;
                }
                domains.push(d);
            }
            domains.sort_unstable();
            domains.dedup();
            Some(Op::DomainIn(Shared::new(domains)))
        }
        _ => email_is(arg, at, cx),
    }
}

fn between(arg: &Value, at: &str, cx: &mut CondCtx) -> Option<Op> {
    let pair = array(arg, at, &mut cx.p)?;
    let [low, high] = pair.as_slice() else {
        wrong_type(&mut cx.p, at, "[low, high]", arg);
        return None;
    };
    let low = number(low, &index(at, 0), &mut cx.p);
    let high = number(high, &index(at, 1), &mut cx.p);
    let (low, high) = (low?, high?);
    if low > high {
        cx.p.add(
            codes::BAD_RANGE,
            at,
            format!(
                "the range starts at {}, above its end {}",
                shown(low),
                shown(high)
            ),
            Some(format!("write [{}, {}]", shown(high), shown(low))),
        );
        return None;
    }
    Some(Op::Between(low, high))
}

/// A number as the model would write it (no float formatting machinery in wasm).
fn shown(x: f64) -> String {
    let mut out = String::new();
    super::write_canonical_number(x, &mut out);
    out
}

fn email_is(arg: &Value, at: &str, cx: &mut CondCtx) -> Option<Op> {
    let items: Vec<(&Value, String)> = match arg {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (v, index(at, i)))
            .collect(),
        _ => vec![(arg, at.to_string())],
    };
    let mut bits = 0u8;
    for (item, item_path) in items {
        let kind = string(item, &item_path, &mut cx.p)?;
        bits |= match kind {
            "free" => email_kind::FREE,
            "disposable" => email_kind::DISPOSABLE,
            "role" => email_kind::ROLE,
            "corporate" => email_kind::CORPORATE,
            other => {
                cx.p.add(
                    codes::UNKNOWN_EMAIL_KIND,
                    &item_path,
                    format!("unknown email kind `{other}`"),
                    Some(suggest(other, EMAIL_KINDS)),
                );
                return None;
            }
        };
    }
    if bits == 0 {
        bad_value(cx, at, "no email kind given".into(), "");
        return None;
    }
    Some(Op::EmailIs(bits))
}

fn scalar(v: &Value, path: &str, cx: &mut CondCtx) -> Option<Scalar> {
    match v {
        Value::String(s) => string(v, path, &mut cx.p).map(|_| Scalar::Text(fold(s))),
        Value::Bool(b) => Some(Scalar::Bool(*b)),
        Value::Number(_) => number(v, path, &mut cx.p).map(Scalar::Number),
        other => {
            wrong_type(&mut cx.p, path, "a string, number or boolean", other);
            None
        }
    }
}

/// Non-empty folded texts.
fn texts(items: Vec<(&Value, String)>, cx: &mut CondCtx) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(items.len());
    for (item, item_path) in items {
        let folded = fold(string(item, &item_path, &mut cx.p)?);
        if folded.is_empty() {
            bad_value(
                cx,
                &item_path,
                "an empty text matches everything".into(),
                "",
            );
            return None;
        }
        out.push(folded);
    }
    Some(out)
}

/// An inline array, or the entries of a named list (paths point into `lists`).
fn list_items<'v, 'd: 'v>(
    arg: &'v Value,
    at: &str,
    cx: &mut CondCtx<'d>,
) -> Option<Vec<(&'v Value, String)>> {
    match arg {
        Value::String(name) => match cx.lists.get(name.as_str()) {
            Some(items) => {
                let base = child("lists", name);
                Some(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (v, index(&base, i)))
                        .collect(),
                )
            }
            None => {
                let names: Vec<&str> = cx.lists.keys().copied().collect();
                let hint = if names.is_empty() {
                    "define it under `lists`, or give the entries inline as an array".into()
                } else {
                    suggest(name, &names)
                };
                cx.p.add(
                    codes::UNKNOWN_LIST,
                    at,
                    format!("unknown list `{name}`"),
                    Some(hint),
                );
                None
            }
        },
        _ => Some(
            array(arg, at, &mut cx.p)?
                .iter()
                .enumerate()
                .map(|(i, v)| (v, index(at, i)))
                .collect(),
        ),
    }
}
