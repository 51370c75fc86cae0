//! Compiles condition trees, checking each operator's argument and where it may appear.

use super::canonical_json;
use super::reader::Problems;
use super::reader::{array, index, number, string, suggest, Obj};
use super::{limits, Cond, EventLeaf, Metric, Op};
use crate::error::codes;
use crate::lead::FieldPath;
use crate::outcome::Grade;
use crate::points::Points;
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
    /// How each of `fields` is declared to be read (`fields` section).
    pub specs: Vec<Option<crate::value::FieldSpec>>,
    pub stage_names: Vec<String>,
    /// The memo id of each distinct lead-level field leaf, by its `needs` text.
    pub leaves: BTreeMap<String, usize>,
    /// Named lists already compiled (`None`: the list had problems, already
    /// reported), found by `operator list` in `shared_index` (one map type for
    /// every index here: each other type would be more wasm in the full build).
    pub shared_lists: Vec<Option<Op>>,
    /// Where each operator's compiled named list is in `shared_lists`.
    pub shared_index: BTreeMap<String, usize>,
    /// Where each field path's slot is, so finding one costs a lookup, not a scan.
    pub slots: BTreeMap<String, usize>,
}

impl CondCtx<'_> {
    /// The slot of a lead field path, added on first use.
    pub fn slot(&mut self, path: &str) -> usize {
        if let Some(&i) = self.slots.get(path) {
            return i;
        }
        self.fields.push(FieldPath::new(path));
        self.specs.push(None);
        self.slots.insert(path.to_string(), self.fields.len() - 1);
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
        return super::field_leaf::field_leaf(&obj, place, cx);
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

pub(crate) fn bad_value(cx: &mut CondCtx, path: &str, message: String, hint: &str) {
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
