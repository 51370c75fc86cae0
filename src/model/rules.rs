//! Rules: their ids (one namespace with the disqualifiers'), points, caps
//! and conditions, for personas, `fit_rules` and `engagement`.

use super::condition::{condition, CondCtx, Place};
use super::reader::{array, identifier, index, number, string, Obj, Problems};
use super::sections::RULE_KEYS;
use super::{Cond, Rule};
use crate::error::codes;
use crate::points::Points;
use serde_json::Value;

/// Every rule id seen, to report duplicates across groups (disqualifiers included).
#[derive(Default)]
pub(crate) struct RuleIds {
    seen: Vec<String>,
    /// Rules and disqualifiers, counted against [`limits::MAX_RULES`].
    pub count: usize,
}

impl RuleIds {
    /// Records a rule's or disqualifier's id, reporting it if another one has it.
    pub fn claim(&mut self, id: &str, path: &str, p: &mut Problems) {
        if self.seen.iter().any(|s| s == id) {
            p.add(
                codes::DUPLICATE_ID,
                path,
                format!("rule id `{id}` is used by another rule"),
                Some("ids are unique across personas, fit_rules, engagement and disqualify".into()),
            );
        }
        self.seen.push(id.to_string());
    }
}

/// A group of rules at `path` (per-event rules only in `engagement`), counted and
/// with their ids claimed.
pub(crate) fn rules(
    v: Option<&Value>,
    path: &str,
    engagement: bool,
    cx: &mut CondCtx,
    ids: &mut RuleIds,
) -> Vec<Rule> {
    let Some(items) = v.and_then(|v| array(v, path, &mut cx.p)) else {
        return Vec::new();
    };
    ids.count += items.len();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(rule) = rule(item, &index(path, i), engagement, cx, ids) {
            out.push(rule);
        }
    }
    out
}

fn rule(
    item: &Value,
    path: &str,
    engagement: bool,
    cx: &mut CondCtx,
    ids: &mut RuleIds,
) -> Option<Rule> {
    let obj = Obj::read(item, path, &mut cx.p)?;
    obj.only(RULE_KEYS, &mut cx.p);
    let (id, label) = id_and_label(&obj, ids, &mut cx.p);
    let amount = obj
        .req("points", &mut cx.p)
        .and_then(|v| points(v, &obj.at("points"), &mut cx.p));
    let max = match obj.opt("max") {
        None => Some(None),
        Some(v) => match points(v, &obj.at("max"), &mut cx.p) {
            Some(m) if m.0 >= 0 => Some(Some(m)),
            Some(_) => {
                let message = "`max` caps the rule's total and must be 0 or more".into();
                cx.p.add(codes::BAD_VALUE, &obj.at("max"), message, None);
                None
            }
            None => None,
        },
    };
    let cond = obj
        .req("if", &mut cx.p)
        .and_then(|v| condition(v, &obj.at("if"), 1, Place::Rule, cx));
    let (id, amount, max, cond) = (id?, amount?, max?, cond?);
    Some(Rule {
        id: id.to_string(),
        label: label.unwrap_or(id).to_string(),
        points: amount,
        max,
        per_event: engagement && matches!(cond, Cond::Event(_)),
        cond,
    })
}

/// The `id` (claimed in the rules' namespace, which disqualifiers share) and
/// the optional `label` of a rule or a disqualifier.
pub(crate) fn id_and_label<'v>(
    obj: &Obj<'v>,
    ids: &mut RuleIds,
    p: &mut Problems,
) -> (Option<&'v str>, Option<&'v str>) {
    let id_path = obj.at("id");
    let id = obj.req("id", p).and_then(|v| identifier(v, &id_path, p));
    if let Some(id) = id {
        ids.claim(id, &id_path, p);
    }
    let label = obj
        .opt("label")
        .and_then(|v| string(v, &obj.at("label"), p));
    (id, label)
}

/// Points within the model's range, kept to hundredths.
pub(crate) fn points(v: &Value, path: &str, p: &mut Problems) -> Option<Points> {
    let n = number(v, path, p)?;
    let points = Points::from_f64(n);
    if points.is_none() {
        let message = "points must be between -1000000 and 1000000".into();
        p.add(codes::BAD_VALUE, path, message, None);
    }
    points
}
