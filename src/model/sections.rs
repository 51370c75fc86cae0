//! Compiles the sections of a model document: lists, personas, grades,
//! engagement (rules are in `rules.rs`), then stages, disqualifiers, routing
//! and SLA (in `flow.rs`).

use super::condition::CondCtx;
use super::flow::{disqualifiers, routes, sla, stage_names, stages};
use super::reader::{array, identifier, index, number, string, Obj, Problems};
use super::rules::{points, rules, RuleIds};
use super::{key_index, GradeThresholds, ModelInfo, Persona};
use super::{limits, model_hash, CompiledModel, EmailExtensions, Engagement};
use crate::email::normalize_domain_entry;
use crate::error::{codes, ModelErrors};
use crate::points::Points;
use crate::text::fold;
use serde_json::Value;
use std::collections::BTreeMap;

/// Keys of the model document.
pub(crate) const TOP_KEYS: &[&str] = &[
    "$schema",
    "id",
    "version",
    "name",
    "lists",
    "fields",
    "personas",
    "fit_rules",
    "grades",
    "engagement",
    "stages",
    "disqualify",
    "routing",
    "sla",
    "teams",
    "goals",
    "kpi_owners",
    "currency",
];
/// Keys of a rule.
pub(crate) const RULE_KEYS: &[&str] = &["id", "label", "points", "max", "if"];
/// Keys of a persona.
pub(crate) const PERSONA_KEYS: &[&str] = &["id", "name", "rules"];
/// Keys of `grades`.
pub(crate) const GRADE_KEYS: &[&str] = &["A", "B", "C"];
/// Keys of `engagement`.
pub(crate) const ENGAGEMENT_KEYS: &[&str] = &["half_life_days", "max", "rules"];
/// Keys of a stage.
pub(crate) const STAGE_KEYS: &[&str] = &["stage", "requires", "if"];
/// Keys of a disqualifier.
pub(crate) const DISQUALIFY_KEYS: &[&str] = &["id", "label", "max_stage", "if"];
/// Keys of a route.
pub(crate) const ROUTE_KEYS: &[&str] = &["id", "team", "if"];
/// Keys of an SLA entry.
pub(crate) const SLA_KEYS: &[&str] = &["respond_within"];

/// Compiles a whole document.
pub(crate) fn compile_document(doc: &Value) -> Result<CompiledModel, ModelErrors> {
    let mut p = Problems::default();
    let Some(root) = Obj::read(doc, "", &mut p) else {
        return Err(ModelErrors(p.0));
    };
    root.only(TOP_KEYS, &mut p);
    let id = root
        .req("id", &mut p)
        .and_then(|v| identifier(v, "id", &mut p));
    let version = root
        .req("version", &mut p)
        .and_then(|v| string(v, "version", &mut p));
    let name = root.opt("name").and_then(|v| string(v, "name", &mut p));
    // Not used, but the JSON Schema says it is a text: the two must agree.
    if let Some(v) = root.opt("$schema") {
        string(v, "$schema", &mut p);
    }
    let lists = read_lists(root.opt("lists"), &mut p);
    let email = email_extensions(&lists);
    let stage_items = root
        .opt("stages")
        .and_then(|v| array(v, "stages", &mut p))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let stage_names = stage_names(stage_items, &mut p);
    let mut cx = CondCtx {
        p,
        lists,
        fields: Vec::new(),
        specs: Vec::new(),
        stage_names,
        leaves: BTreeMap::new(),
        shared_lists: Vec::new(),
        shared_index: BTreeMap::new(),
        slots: BTreeMap::new(),
    };
    super::declarations::declarations(root.opt("fields"), &mut cx);
    let mut ids = RuleIds::default();
    let personas = personas(root.opt("personas"), &mut cx, &mut ids);
    let fit_rules = rules(root.opt("fit_rules"), "fit_rules", false, &mut cx, &mut ids);
    let grades = grades(root.opt("grades"), &mut cx.p);
    let engagement = engagement(root.opt("engagement"), &mut cx, &mut ids);
    let disqualifiers = disqualifiers(root.opt("disqualify"), &mut cx, &mut ids);
    if ids.count > limits::MAX_RULES {
        cx.p.add(
            codes::TOO_MANY_RULES,
            "",
            format!(
                "the model has {} rules; the limit is {}",
                ids.count,
                limits::MAX_RULES
            ),
            None,
        );
    }
    let stages = stages(stage_items, &mut cx);
    let routes = routes(root.opt("routing"), &mut cx);
    let sla_millis = sla(root.opt("sla"), &mut cx);
    let mut routes = routes;
    let (hours, warnings) = team_hours(root.opt("teams"), &mut routes, &sla_millis, &mut cx.p);
    // Checked here, read by the report (`goals::agreement`); never scored.
    let teams: Vec<String> = routes.iter().map(|r| r.team.clone()).collect();
    super::goals::read_agreement(
        root.opt("goals"),
        root.opt("kpi_owners"),
        root.opt("currency"),
        &cx.stage_names,
        &teams,
        &mut cx.p,
    );
    // `leadgate/lite` has no compiler; this keeps its build free of warnings.
    #[cfg(all(target_arch = "wasm32", not(feature = "wasm-compiler")))]
    drop((hours, warnings));
    let problems = std::mem::take(&mut cx.p.0);
    let key_index = key_index(&cx.fields);
    let model = match (id, version, problems.is_empty()) {
        (Some(id), Some(version), true) => CompiledModel {
            info: ModelInfo {
                id: id.to_string(),
                version: version.to_string(),
                hash: model_hash(doc),
            },
            name: name.map(str::to_string),
            fields: cx.fields,
            specs: cx
                .specs
                .iter()
                .enumerate()
                .filter_map(|(slot, spec)| Some((slot, (*spec)?)))
                .collect(),
            personas,
            fit_rules,
            grades,
            engagement,
            stages,
            disqualifiers,
            routes,
            sla_millis,
            #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
            teams: hours,
            #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
            warnings,
            email,
            leaf_count: cx.leaves.len(),
            key_index,
        },
        _ => return Err(ModelErrors(problems)),
    };
    super::work::check(model)
}

/// Reads `teams`, points each route at its team's hours, checks that the
/// longest SLA fits in each team's hours, and warns of teams no route names.
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "wasm-compiler")),
    allow(unused_variables)
)]
fn team_hours(
    v: Option<&Value>,
    routes: &mut [super::Route],
    sla_millis: &[Option<i64>],
    p: &mut Problems,
) -> (Vec<super::teams::Team>, Vec<crate::error::Problem>) {
    let teams = super::teams::teams(v, p);
    let longest = sla_millis.iter().flatten().copied().max();
    let mut warnings = Vec::new();
    for (i, team) in teams.iter().enumerate() {
        let path = super::teams::team_path(&team.name);
        let mut used = false;
        for route in routes.iter_mut().filter(|r| r.team == team.name) {
            #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
            {
                route.hours = Some(i);
            }
            used = true;
        }
        if let Some(ms) = longest {
            super::teams::check_horizon(&team.hours, ms, &format!("{path}.hours"), p);
        }
        if !used {
            warnings.push(crate::error::Problem {
                code: codes::UNUSED_TEAM,
                path,
                message: format!(
                    "no route names the team `{}`, so its hours are never used",
                    team.name
                ),
                hint: Some({
                    let named: Vec<&str> = routes.iter().map(|r| r.team.as_str()).collect();
                    match super::reader::closest(&team.name, &named) {
                        Some(best) => format!("did you mean `{best}`, the team of a route?"),
                        None => "name it in a route's `team`, or remove the entry".into(),
                    }
                }),
            });
        }
    }
    (teams, warnings)
}

pub(crate) fn too_many(p: &mut Problems, path: &str, what: &str, n: usize, limit: usize) -> bool {
    if n > limit {
        p.add(
            codes::TOO_MANY_ITEMS,
            path,
            format!("{n} {what}; the limit is {limit}"),
            None,
        );
    }
    n > limit
}

fn read_lists<'d>(v: Option<&'d Value>, p: &mut Problems) -> BTreeMap<&'d str, &'d Vec<Value>> {
    let mut lists = BTreeMap::new();
    let Some(obj) = v.and_then(|v| Obj::read(v, "lists", p)) else {
        return lists;
    };
    for (name, entries) in obj.map {
        let path = obj.at(name);
        identifier(&Value::String(name.clone()), &path, p);
        let Some(items) = array(entries, &path, p) else {
            continue;
        };
        let mut good = true;
        for (i, item) in items.iter().enumerate() {
            good &= string(item, &index(&path, i), p).is_some();
        }
        if good {
            lists.insert(name.as_str(), items);
        }
    }
    lists
}

fn email_extensions(lists: &BTreeMap<&str, &Vec<Value>>) -> EmailExtensions {
    let read = |name: &str, domains: bool| -> Vec<String> {
        let mut out: Vec<String> = lists
            .get(name)
            .map(|items| items.iter().filter_map(Value::as_str).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|s| {
                if domains {
                    normalize_domain_entry(s)
                } else {
                    fold(s)
                }
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    EmailExtensions {
        free: read("free_email_domains", true),
        disposable: read("disposable_email_domains", true),
        role: read("role_email_locals", false),
    }
}

fn personas(v: Option<&Value>, cx: &mut CondCtx, ids: &mut RuleIds) -> Vec<Persona> {
    let Some(items) = v.and_then(|v| array(v, "personas", &mut cx.p)) else {
        return Vec::new();
    };
    too_many(
        &mut cx.p,
        "personas",
        "personas",
        items.len(),
        limits::MAX_PERSONAS,
    );
    let mut out: Vec<Persona> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = index("personas", i);
        let Some(obj) = Obj::read(item, &path, &mut cx.p) else {
            continue;
        };
        obj.only(PERSONA_KEYS, &mut cx.p);
        let id_path = obj.at("id");
        let id = obj
            .req("id", &mut cx.p)
            .and_then(|v| identifier(v, &id_path, &mut cx.p));
        if let Some(name) = obj.opt("name") {
            string(name, &obj.at("name"), &mut cx.p);
        }
        let persona_rules = rules(obj.opt("rules"), &obj.at("rules"), false, cx, ids);
        let Some(id) = id else { continue };
        if out.iter().any(|p| p.id == id) {
            let message = format!("persona `{id}` is defined twice");
            cx.p.add(codes::DUPLICATE_ID, &id_path, message, None);
        }
        out.push(Persona {
            id: id.to_string(),
            rules: persona_rules,
        });
    }
    out
}

fn grades(v: Option<&Value>, p: &mut Problems) -> GradeThresholds {
    let Some(obj) = v.and_then(|v| Obj::read(v, "grades", p)) else {
        return GradeThresholds::default();
    };
    obj.only(GRADE_KEYS, p);
    let read = |key: &str, p: &mut Problems| obj.opt(key).and_then(|v| points(v, &obj.at(key), p));
    let grades = GradeThresholds {
        a: read("A", p),
        b: read("B", p),
        c: read("C", p),
    };
    let given: Vec<Points> = [grades.a, grades.b, grades.c]
        .into_iter()
        .flatten()
        .collect();
    if given.windows(2).any(|w| matches!(w, [hi, lo] if hi <= lo)) {
        p.add(
            codes::GRADES_OUT_OF_ORDER,
            "grades",
            "grade thresholds must decrease strictly from A to C".into(),
            Some("for example {\"A\": 60, \"B\": 40, \"C\": 20}".into()),
        );
    }
    grades
}

fn engagement(v: Option<&Value>, cx: &mut CondCtx, ids: &mut RuleIds) -> Engagement {
    let Some(obj) = v.and_then(|v| Obj::read(v, "engagement", &mut cx.p)) else {
        return Engagement::default();
    };
    obj.only(ENGAGEMENT_KEYS, &mut cx.p);
    let half_life_days = obj.opt("half_life_days").and_then(|v| {
        let path = obj.at("half_life_days");
        let days = number(v, &path, &mut cx.p)?;
        if days > 0.0 && days <= 3650.0 {
            Some(days)
        } else {
            let message = "the half-life must be above 0 and at most 3650 days".into();
            cx.p.add(codes::BAD_VALUE, &path, message, None);
            None
        }
    });
    let max = obj.opt("max").and_then(|v| {
        let m = points(v, &obj.at("max"), &mut cx.p)?;
        if m.0 < 0 {
            let message = "`max` must be 0 or more".into();
            cx.p.add(codes::BAD_VALUE, &obj.at("max"), message, None);
        }
        Some(m)
    });
    Engagement {
        half_life_days,
        max,
        rules: rules(obj.opt("rules"), &obj.at("rules"), true, cx, ids),
    }
}
