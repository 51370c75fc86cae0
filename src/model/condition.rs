//! Compiles condition trees, checking each operator's argument and where it may appear.

use super::reader::Problems;
use super::reader::{array, child, closest, index, number, string, suggest, wrong_type, Obj};
use super::{canonical_json, ScalarSet, Subject};
use super::{email_kind, limits, CmpOp, Cond, EventLeaf, FieldLeaf, Metric, Op, Scalar};
use crate::email::normalize_domain_entry;
use crate::error::codes;
use crate::keyword_set::KeywordSet;
use crate::lead::FieldPath;
use crate::outcome::Grade;
use crate::points::Points;
use crate::text::{fold, Keyword};
use serde_json::Value;
use std::collections::BTreeMap;

/// Combinators.
pub(crate) const COMBINATORS: &[&str] = &["all", "any", "not"];
/// Leaves on computed results.
pub(crate) const RESULT_LEAVES: &[&str] = &[
    "grade_at_least",
    "score_at_least",
    "fit_at_least",
    "engagement_at_least",
    "stage_in",
];
/// Keys of an event leaf.
pub(crate) const EVENT_KEYS: &[&str] = &["event", "where", "count_at_least", "within_days"];
/// Operators of a field leaf.
pub(crate) const FIELD_OPS: &[&str] = &[
    "equals",
    "in",
    "gt",
    "gte",
    "lt",
    "lte",
    "between",
    "exists",
    "starts_with",
    "contains_any",
    "words_any",
    "domain_in",
    "email_is",
];
/// Kinds `email_is` knows.
pub(crate) const EMAIL_KINDS: &[&str] = &["free", "disposable", "role", "corporate"];

/// Where a condition sits decides which leaves it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Persona, fit and engagement rules: results are not known yet.
    Rule,
    /// Stage conditions: scores and grade are known.
    Stage,
    /// Routing: the stage is known too.
    Route,
    /// An event's `where`: only field leaves, on the event's properties.
    Where,
}

/// What compiling conditions needs to know about the rest of the model.
pub(crate) struct CondCtx<'d> {
    pub p: Problems,
    pub lists: BTreeMap<&'d str, &'d Vec<Value>>,
    pub fields: Vec<FieldPath>,
    pub stage_names: Vec<String>,
    /// The `needs` text of each distinct lead-level field leaf; the index is its memo id.
    pub leaves: Vec<String>,
}

impl CondCtx<'_> {
    /// The slot of a lead field path, added on first use.
    pub fn slot(&mut self, path: &str) -> usize {
        if let Some(i) = self.fields.iter().position(|f| f.full == path) {
            return i;
        }
        self.fields.push(FieldPath::new(path));
        self.fields.len() - 1
    }
}

/// Compiles one condition; `None` after reporting problems.
pub(crate) fn condition(
    v: &Value,
    path: &str,
    depth: usize,
    place: Place,
    cx: &mut CondCtx,
) -> Option<Cond> {
    if depth > limits::MAX_DEPTH {
        cx.p.add(
            codes::TOO_DEEP,
            path,
            format!("conditions nest deeper than {}", limits::MAX_DEPTH),
            Some("flatten nested `all`/`any` groups".into()),
        );
        return None;
    }
    let obj = Obj::read(v, path, &mut cx.p)?;
    if obj.map.contains_key("field") {
        return field_leaf(&obj, place, cx);
    }
    if obj.map.contains_key("event") {
        return event_leaf(&obj, depth, place, cx);
    }
    let mut shape: Option<(&str, &Value)> = None;
    let mut ok = true;
    for (key, arg) in obj.map {
        let key = key.as_str();
        if COMBINATORS.contains(&key) || RESULT_LEAVES.contains(&key) {
            if shape.is_some() {
                cx.p.add(
                    codes::CONFLICTING_OPERATORS,
                    path,
                    "a condition has exactly one shape; this one has several".into(),
                    Some("wrap several conditions in `all` or `any`".into()),
                );
                return None;
            }
            shape = Some((key, arg));
        } else if FIELD_OPS.contains(&key) {
            cx.p.add(
                codes::MISSING_KEY,
                &obj.at("field"),
                format!("`{key}` needs a `field` to compare"),
                None,
            );
            ok = false;
        } else {
            let all = all_condition_keys();
            cx.p.add(
                codes::UNKNOWN_OPERATOR,
                &obj.at(key),
                format!("unknown operator `{key}`"),
                Some(suggest(key, &all)),
            );
            ok = false;
        }
    }
    let Some((key, arg)) = shape else {
        if ok {
            cx.p.add(
                codes::MISSING_OPERATOR,
                path,
                "an empty condition".into(),
                Some("use `all`, `any`, `not`, a `field` leaf or an `event` leaf".into()),
            );
        }
        return None;
    };
    if !ok {
        return None;
    }
    let at = obj.at(key);
    match key {
        "all" | "any" => {
            let items = array(arg, &at, &mut cx.p)?;
            let mut children = Vec::with_capacity(items.len());
            let mut good = true;
            for (i, item) in items.iter().enumerate() {
                match condition(item, &index(&at, i), depth + 1, place, cx) {
                    Some(c) => children.push(c),
                    None => good = false,
                }
            }
            good.then(|| {
                if key == "all" {
                    Cond::All(children)
                } else {
                    Cond::Any(children)
                }
            })
        }
        "not" => condition(arg, &at, depth + 1, place, cx).map(|c| Cond::Not(Box::new(c))),
        _ => result_leaf(key, arg, path, &at, place, cx),
    }
}

fn all_condition_keys() -> Vec<&'static str> {
    let mut all: Vec<&str> = COMBINATORS.to_vec();
    all.extend(["field", "event"]);
    all.extend(RESULT_LEAVES);
    all.extend(FIELD_OPS);
    all
}

fn not_allowed(cx: &mut CondCtx, path: &str, what: &str, place: Place) {
    let hint = match place {
        Place::Rule => "results (score, grade, stage) are known only in `stages` and `routing`",
        Place::Stage => "the stage is known only in `routing`",
        Place::Where => "inside `where` use field leaves on the event's properties",
        Place::Route => "",
    };
    cx.p.add(
        codes::NOT_ALLOWED_HERE,
        path,
        format!("{what} cannot be used here"),
        (!hint.is_empty()).then(|| hint.to_string()),
    );
}

fn result_leaf(
    key: &str,
    arg: &Value,
    path: &str,
    at: &str,
    place: Place,
    cx: &mut CondCtx,
) -> Option<Cond> {
    let allowed = match key {
        "stage_in" => place == Place::Route,
        _ => matches!(place, Place::Stage | Place::Route),
    };
    if !allowed {
        not_allowed(cx, path, &format!("`{key}`"), place);
        return None;
    }
    let metric = match key {
        "score_at_least" => Metric::Score,
        "fit_at_least" => Metric::Fit,
        "engagement_at_least" => Metric::Engagement,
        "grade_at_least" => {
            let g = string(arg, at, &mut cx.p)?;
            return match Grade::parse(g) {
                Some(grade) => Some(Cond::GradeAtLeast(grade, format!("grade_at_least {g}"))),
                None => {
                    bad_value(cx, at, format!("`{g}` is not a grade"), "use A, B, C or D");
                    None
                }
            };
        }
        _ => return stage_in(arg, at, cx),
    };
    let n = number(arg, at, &mut cx.p)?;
    let Some(points) = Points::from_f64(n) else {
        bad_value(cx, at, "this threshold is out of range".into(), "");
        return None;
    };
    Some(Cond::Metric(metric, points, format!("{key} {points}")))
}

fn stage_in(arg: &Value, at: &str, cx: &mut CondCtx) -> Option<Cond> {
    let items = array(arg, at, &mut cx.p)?;
    let mut ranks = Vec::with_capacity(items.len());
    let mut good = true;
    for (i, item) in items.iter().enumerate() {
        let item_path = index(at, i);
        let Some(name) = string(item, &item_path, &mut cx.p) else {
            good = false;
            continue;
        };
        match cx.stage_names.iter().position(|s| s == name) {
            Some(rank) => ranks.push(rank),
            None => {
                let names: Vec<&str> = cx.stage_names.iter().map(String::as_str).collect();
                cx.p.add(
                    codes::UNKNOWN_STAGE,
                    &item_path,
                    format!("unknown stage `{name}`"),
                    Some(suggest(name, &names)),
                );
                good = false;
            }
        }
    }
    good.then(|| Cond::StageIn(ranks, format!("stage_in {}", canonical_json(arg))))
}

fn bad_value(cx: &mut CondCtx, path: &str, message: String, hint: &str) {
    let hint = (!hint.is_empty()).then(|| hint.to_string());
    cx.p.add(codes::BAD_VALUE, path, message, hint);
}

fn event_leaf(obj: &Obj, depth: usize, place: Place, cx: &mut CondCtx) -> Option<Cond> {
    if place == Place::Where {
        not_allowed(cx, &obj.path, "an event leaf", place);
        return None;
    }
    for key in obj.map.keys() {
        if !EVENT_KEYS.contains(&key.as_str()) {
            cx.p.add(
                codes::UNKNOWN_KEY,
                &obj.at(key),
                format!("unknown key `{key}` in an event leaf"),
                Some(suggest(key, EVENT_KEYS)),
            );
        }
    }
    let name = obj
        .opt("event")
        .and_then(|v| string(v, &obj.at("event"), &mut cx.p));
    let filter = obj
        .opt("where")
        .map(|w| condition(w, &obj.at("where"), depth + 1, Place::Where, cx));
    let count = match obj.opt("count_at_least") {
        None => Some(1),
        // `2.0` is the integer 2 in JSON (and hashes the same), so accept integral floats.
        Some(v) => match v.as_f64().filter(|n| n.fract() == 0.0) {
            Some(n) if (1.0..=1000.0).contains(&n) => Some(n as u32),
            _ => {
                let path = obj.at("count_at_least");
                bad_value(
                    cx,
                    &path,
                    "expected a whole number from 1 to 1000".into(),
                    "",
                );
                None
            }
        },
    };
    let within = match obj.opt("within_days") {
        None => Some(None),
        Some(v) => match v.as_f64() {
            Some(d) if d > 0.0 && d <= 3660.0 => Some(Some(d)),
            _ => {
                let path = obj.at("within_days");
                bad_value(cx, &path, "expected a number of days above 0".into(), "");
                None
            }
        },
    };
    let (name, count, within) = (name?, count?, within?);
    let filter = match filter {
        Some(None) => return None,
        Some(Some(c)) => Some(c),
        None => None,
    };
    if name.trim().is_empty() {
        bad_value(
            cx,
            &obj.at("event"),
            "an empty event name".into(),
            "use `*` for any event",
        );
        return None;
    }
    let mut needs = format!("event {name}");
    if obj.opt("count_at_least").is_some() {
        needs.push_str(&format!(" count_at_least {count}"));
    }
    if let Some(v) = obj.opt("within_days") {
        needs.push_str(&format!(" within_days {}", canonical_json(v)));
    }
    Some(Cond::Event(Box::new(EventLeaf {
        name: (name != "*").then(|| name.to_string()),
        filter,
        count_at_least: count,
        within_days: within,
        needs,
    })))
}

fn field_leaf(obj: &Obj, place: Place, cx: &mut CondCtx) -> Option<Cond> {
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
    let op = operator(op_name, arg, &at, cx)?;
    let subject = if place == Place::Where {
        Subject::Event(FieldPath::new(field))
    } else {
        Subject::Slot(cx.slot(field))
    };
    let shown = match arg {
        Value::String(name) if takes_list(op_name) => name.clone(),
        other => canonical_json(other),
    };
    let needs = format!("{field} {op_name} {shown}");
    let memo = match subject {
        Subject::Slot(_) => Some(match cx.leaves.iter().position(|l| *l == needs) {
            Some(id) => id,
            None => {
                cx.leaves.push(needs.clone());
                cx.leaves.len() - 1
            }
        }),
        Subject::Event(_) => None,
    };
    Some(Cond::Field(Box::new(FieldLeaf {
        subject,
        field: field.to_string(),
        op,
        needs,
        memo,
        missing: format!("{field}: missing"),
    })))
}

fn takes_list(op: &str) -> bool {
    matches!(op, "in" | "contains_any" | "words_any" | "domain_in")
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
            Some(Op::In(set))
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
        "contains_any" => texts(list_items(arg, at, cx)?, cx).map(Op::ContainsAny),
        "words_any" => {
            let mut keywords = Vec::new();
            for (item, item_path) in list_items(arg, at, cx)? {
                let raw = string(item, &item_path, &mut cx.p)?;
                match Keyword::parse(raw) {
                    Some(k) => keywords.push(k),
                    None => {
                        bad_value(cx, &item_path, format!("`{raw}` has no words"), "");
                        return None;
                    }
                }
            }
            Some(Op::WordsAny(KeywordSet::new(keywords)))
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
            Some(Op::DomainIn(domains))
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
