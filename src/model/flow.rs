//! The flow sections of a model: stages (with never-reachable checks),
//! disqualifiers (which cap the stage), routing and SLA.

use super::condition::{condition, CondCtx, Place};
use super::reader::{array, identifier, index, string, suggest, wrong_type, Obj, Problems};
use super::rules::{id_and_label, RuleIds};
use super::sections::{too_many, DISQUALIFY_KEYS, ROUTE_KEYS, SLA_KEYS, STAGE_KEYS};
use super::{limits, Disqualifier, Route, Rule, Stage, FALLBACK_STAGE};
use crate::error::codes;
use crate::points::Points;
use crate::time::parse_duration;
use serde_json::Value;

pub(crate) fn stage_names(items: &[Value], p: &mut Problems) -> Vec<String> {
    too_many(p, "stages", "stages", items.len(), limits::MAX_STAGES);
    let mut names: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("stages", i);
        let Some(obj) = Obj::read(item, &path, p) else {
            names.push(String::new());
            continue;
        };
        obj.only(STAGE_KEYS, p);
        let at = obj.at("stage");
        let name = obj
            .req("stage", p)
            .and_then(|v| identifier(v, &at, p))
            .unwrap_or_default();
        if name == FALLBACK_STAGE {
            p.add(
                codes::BAD_ID,
                &at,
                "`lead` is the built-in stage of leads that reach no stage".into(),
                Some("name this stage differently".into()),
            );
        } else if !name.is_empty() && names.iter().any(|n| n == name) {
            p.add(
                codes::DUPLICATE_ID,
                &at,
                format!("stage `{name}` is defined twice"),
                None,
            );
        }
        names.push(name.to_string());
    }
    names.push(FALLBACK_STAGE.to_string());
    names
}

pub(crate) fn stages(items: &[Value], cx: &mut CondCtx) -> Vec<Stage> {
    let mut out = Vec::with_capacity(items.len());
    let mut catch_all: Option<usize> = None;
    for (i, item) in items.iter().enumerate() {
        let path = index("stages", i);
        let Value::Object(map) = item else { continue };
        if let Some(first) = catch_all.filter(|f| *f != usize::MAX) {
            cx.p.add(
                codes::UNREACHABLE_STAGE,
                &path,
                format!("stages[{first}] matches every lead, so this stage is never reached"),
                Some("give the earlier stage an `if` or `requires`, or move it last".into()),
            );
            catch_all = Some(usize::MAX);
        }
        let obj = Obj { map, path };
        let mut requires = Vec::new();
        if let Some(v) = obj.opt("requires") {
            let at = obj.at("requires");
            for (j, field) in array(v, &at, &mut cx.p).into_iter().flatten().enumerate() {
                let item_path = index(&at, j);
                match string(field, &item_path, &mut cx.p) {
                    Some(f) if f.is_empty() || f.split('.').any(str::is_empty) => {
                        cx.p.add(
                            codes::BAD_VALUE,
                            &item_path,
                            format!("`{f}` is not a field path"),
                            Some("name a lead field, like `email` or `company.size`".into()),
                        );
                    }
                    Some(f) => requires.push((cx.slot(f), format!("requires {f}"))),
                    None => {}
                }
            }
        }
        let cond = obj
            .opt("if")
            .and_then(|v| condition(v, &obj.at("if"), 1, Place::Stage, cx));
        if catch_all.is_none() && obj.opt("if").is_none() && requires.is_empty() {
            catch_all = Some(i);
        }
        let name = obj.opt("stage").and_then(Value::as_str).unwrap_or_default();
        out.push(Stage {
            name: name.to_string(),
            requires,
            cond,
        });
    }
    out
}

/// The `disqualify` section: ids share the rules' namespace and count
/// toward the rule limit; conditions are compiled as a stage's are (scores
/// and grade known, the stage not).
pub(crate) fn disqualifiers(
    v: Option<&Value>,
    cx: &mut CondCtx,
    ids: &mut RuleIds,
) -> Vec<Disqualifier> {
    let Some(items) = v.and_then(|v| array(v, "disqualify", &mut cx.p)) else {
        return Vec::new();
    };
    ids.count += items.len();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = index("disqualify", i);
        let Some(obj) = Obj::read(item, &path, &mut cx.p) else {
            continue;
        };
        obj.only(DISQUALIFY_KEYS, &mut cx.p);
        let (id, label) = id_and_label(&obj, ids, &mut cx.p);
        // Without `max_stage` the lead leaves the funnel: the fallback `lead`.
        let cap = match obj.opt("max_stage") {
            None => Some(cx.stage_names.len().saturating_sub(1)),
            Some(v) => string(v, &obj.at("max_stage"), &mut cx.p)
                .and_then(|name| stage_rank(name, &obj.at("max_stage"), cx)),
        };
        let cond = obj
            .req("if", &mut cx.p)
            .and_then(|v| condition(v, &obj.at("if"), 1, Place::Stage, cx));
        let (Some(id), Some(cap), Some(cond)) = (id, cap, cond) else {
            continue;
        };
        let rule = Rule {
            id: id.to_string(),
            label: label.unwrap_or(id).to_string(),
            points: Points::ZERO,
            max: None,
            cond,
            per_event: false,
        };
        out.push(Disqualifier { cap, rule });
    }
    out
}

/// The rank of a stage name (`lead` included), or `unknown_stage` with the names there are.
fn stage_rank(name: &str, path: &str, cx: &mut CondCtx) -> Option<usize> {
    let rank = cx.stage_names.iter().position(|s| s == name);
    if rank.is_none() {
        let names: Vec<&str> = cx.stage_names.iter().map(String::as_str).collect();
        cx.p.add(
            codes::UNKNOWN_STAGE,
            path,
            format!("unknown stage `{name}`"),
            Some(suggest(name, &names)),
        );
    }
    rank
}

pub(crate) fn routes(v: Option<&Value>, cx: &mut CondCtx) -> Vec<Route> {
    let Some(items) = v.and_then(|v| array(v, "routing", &mut cx.p)) else {
        return Vec::new();
    };
    too_many(
        &mut cx.p,
        "routing",
        "routes",
        items.len(),
        limits::MAX_ROUTES,
    );
    let mut out: Vec<Route> = Vec::new();
    let mut catch_all: Option<usize> = None;
    for (i, item) in items.iter().enumerate() {
        let path = index("routing", i);
        let Some(obj) = Obj::read(item, &path, &mut cx.p) else {
            continue;
        };
        if let Some(first) = catch_all.filter(|f| *f != usize::MAX) {
            cx.p.add(
                codes::UNREACHABLE_ROUTE,
                &path,
                format!("routing[{first}] has no `if` and takes every lead, so this route is never used"),
                Some("move the default route last".into()),
            );
            catch_all = Some(usize::MAX);
        }
        obj.only(ROUTE_KEYS, &mut cx.p);
        let id_path = obj.at("id");
        let id = obj
            .req("id", &mut cx.p)
            .and_then(|v| identifier(v, &id_path, &mut cx.p));
        let team = obj
            .req("team", &mut cx.p)
            .and_then(|v| identifier(v, &obj.at("team"), &mut cx.p));
        let cond = obj
            .opt("if")
            .map(|v| condition(v, &obj.at("if"), 1, Place::Route, cx));
        if catch_all.is_none() && cond.is_none() {
            catch_all = Some(i);
        }
        let (Some(id), Some(team)) = (id, team) else {
            continue;
        };
        if out.iter().any(|r| r.id == id) {
            let message = format!("route id `{id}` is used twice");
            cx.p.add(codes::DUPLICATE_ID, &id_path, message, None);
        }
        if let Some(cond) = cond {
            let Some(cond) = cond else { continue };
            out.push(Route {
                id: id.into(),
                team: team.into(),
                cond: Some(cond),
                #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
                hours: None,
            });
        } else {
            out.push(Route {
                id: id.into(),
                team: team.into(),
                cond: None,
                #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
                hours: None,
            });
        }
    }
    out
}

pub(crate) fn sla(v: Option<&Value>, cx: &mut CondCtx) -> Vec<Option<i64>> {
    let mut out = vec![None; cx.stage_names.len()];
    let Some(obj) = v.and_then(|v| Obj::read(v, "sla", &mut cx.p)) else {
        return out;
    };
    for (stage, entry) in obj.map {
        let path = obj.at(stage);
        let Some(rank) = stage_rank(stage, &path, cx) else {
            continue;
        };
        let Some(entry) = Obj::read(entry, &path, &mut cx.p) else {
            continue;
        };
        entry.only(SLA_KEYS, &mut cx.p);
        let at = entry.at("respond_within");
        let Some(text) = entry.req("respond_within", &mut cx.p) else {
            continue;
        };
        let Some(text) = text.as_str() else {
            wrong_type(&mut cx.p, &at, "a duration like \"1h\"", text);
            continue;
        };
        match parse_duration(text) {
            Some(ms) => {
                if let Some(slot) = out.get_mut(rank) {
                    *slot = Some(ms);
                }
            }
            None => cx.p.add(
                codes::BAD_DURATION,
                &at,
                format!("`{text}` is not a duration"),
                Some("write number+unit groups with units s, m, h, d, w, e.g. \"15m\", \"1h30m\", \"2d\" (at most 365d)".into()),
            ),
        }
    }
    out
}
