//! The agreement itself: the model's `goals` (a KPI, a target it must stay
//! at least or at most at, a calendar period, an owner, optionally a stage
//! and a team) and `kpi_owners` (who answers for each KPI that has no goal;
//! today's split is the default: marketing for volume and lead→MQL and its
//! share of won value, shared for MQL→SQL, sales for the rest).
//!
//! Validated with the rest of the model (same codes, paths and hints), but the
//! scorer never reads them: they are not part of [`super::CompiledModel`] or
//! of the compiled format, so `score()` and `leadgate/lite` are unchanged. The
//! report reads them from the model document with [`agreement`].

mod kpi;
#[cfg(test)]
mod tests;

pub use kpi::{Agreement, Direction, Goal, Kpi, Period};

use super::reader::{identifier, index, string, suggest, Obj, Problems};
use crate::error::{codes, ModelErrors};
use serde_json::Value;

/// Keys of a goal.
pub(crate) const GOAL_KEYS: &[&str] = &[
    "id", "label", "kpi", "at_least", "at_most", "per", "owner", "stage", "team",
];
/// At most this many goals: a review meeting reads them all.
pub const MAX_GOALS: usize = 100;
/// The longest owner name, in characters.
pub const MAX_OWNER_CHARS: usize = 80;
/// Owners that are teams rather than people.
pub const TEAM_OWNERS: &[&str] = &["marketing", "sales", "shared"];

/// Reads the goals of a model document (which should already have compiled:
/// the same problems are reported either way).
pub fn agreement(doc: &Value) -> Result<Agreement, ModelErrors> {
    let mut p = Problems::default();
    let Some(root) = Obj::read(doc, "", &mut p) else {
        return Err(ModelErrors(p.0));
    };
    let names = |key: &str, field: &str| -> Vec<String> {
        let items = root.opt(key).and_then(Value::as_array);
        let values = items.into_iter().flatten().filter_map(|i| i.get(field));
        values
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let stages = names("stages", "stage");
    let teams = names("routing", "team");
    let out = read_agreement(
        root.opt("goals"),
        root.opt("kpi_owners"),
        root.opt("currency"),
        &stages,
        &teams,
        &mut p,
    );
    if p.0.is_empty() {
        Ok(out)
    } else {
        Err(ModelErrors(p.0))
    }
}

/// Reads and checks `goals` and `kpi_owners` against the model's stage
/// names and routing teams.
pub(crate) fn read_agreement(
    goals: Option<&Value>,
    owners: Option<&Value>,
    currency: Option<&Value>,
    stages: &[String],
    teams: &[String],
    p: &mut Problems,
) -> Agreement {
    let mut out = Agreement {
        goals: Vec::new(),
        owners: Kpi::ALL
            .into_iter()
            .map(|k| (k, k.default_owner().to_string()))
            .collect(),
        currency: currency.and_then(|v| read_currency(v, p)),
    };
    if let Some(v) = owners {
        read_owners(v, &mut out.owners, p);
    }
    let Some(v) = goals else { return out };
    let Value::Array(items) = v else {
        super::reader::wrong_type(p, "goals", "an array", v);
        return out;
    };
    if items.len() > MAX_GOALS {
        p.add(
            codes::TOO_MANY_ITEMS,
            "goals",
            format!(
                "the model has {} goals; the limit is {MAX_GOALS}",
                items.len()
            ),
            Some("keep the goals the two teams review each month".into()),
        );
        return out;
    }
    let cx = Names { stages, teams };
    for (i, item) in items.iter().enumerate() {
        let path = index("goals", i);
        let Some(goal) = read_goal(item, &path, &cx, p) else {
            continue;
        };
        if out.goals.iter().any(|g| g.id == goal.id) {
            let message = format!("goal `{}` is defined twice", goal.id);
            p.add(codes::DUPLICATE_ID, &format!("{path}.id"), message, None);
            continue;
        }
        out.goals.push(goal);
    }
    out
}

/// The model's `currency`: an ISO 4217 code the value reader knows.
fn read_currency(v: &Value, p: &mut Problems) -> Option<crate::value::Currency> {
    use crate::value::Currency;
    let code = string(v, "currency", p)?;
    let found = Currency::ALL.into_iter().find(|c| c.code() == code);
    if found.is_none() {
        let upper = code.trim().to_ascii_uppercase();
        let hint = match Currency::ALL.into_iter().find(|c| c.code() == upper) {
            Some(c) => format!("write it in capitals: \"{}\"", c.code()),
            None => format!("one of {}", Currency::CODES.join(", ")),
        };
        let message = format!("`{code}` is not a currency code (ISO 4217) the report reads");
        p.add(codes::BAD_VALUE, "currency", message, Some(hint));
    }
    found
}

/// The names goals may refer to.
struct Names<'a> {
    stages: &'a [String],
    teams: &'a [String],
}

fn read_goal(item: &Value, path: &str, cx: &Names<'_>, p: &mut Problems) -> Option<Goal> {
    let obj = Obj::read(item, path, p)?;
    obj.only(GOAL_KEYS, p);
    let id = obj
        .req("id", p)
        .and_then(|v| identifier(v, &obj.at("id"), p));
    let label = obj
        .opt("label")
        .and_then(|v| string(v, &obj.at("label"), p));
    let kpi = obj.req("kpi", p).and_then(|v| kpi(v, &obj.at("kpi"), p));
    let target = target(&obj, kpi, p);
    let per = match obj.opt("per") {
        None => Some(Period::Month),
        Some(v) => period(v, &obj.at("per"), p),
    };
    let owner = obj
        .req("owner", p)
        .and_then(|v| owner(v, &obj.at("owner"), p));
    let stage = obj.opt("stage").and_then(|v| {
        let at = obj.at("stage");
        if kpi.is_some_and(|k| !k.takes_stage()) {
            let message = "`stage` narrows the SLA KPIs only (sla_adherence, \
                           first_contact_median_minutes)";
            p.add(codes::NOT_ALLOWED_HERE, &at, message.into(), None);
            return None;
        }
        known(v, &at, cx.stages, codes::UNKNOWN_STAGE, "stage", p)
    });
    let team = obj
        .opt("team")
        .and_then(|v| known(v, &obj.at("team"), cx.teams, codes::BAD_VALUE, "team", p));
    let (direction, target) = target?;
    Some(Goal {
        id: id?.to_string(),
        label: label.map(str::to_string),
        kpi: kpi?,
        target,
        direction,
        per: per?,
        owner: owner?,
        stage,
        team,
    })
}

fn kpi(v: &Value, path: &str, p: &mut Problems) -> Option<Kpi> {
    let name = string(v, path, p)?;
    let found = Kpi::parse(name);
    if found.is_none() {
        let names: Vec<&str> = Kpi::ALL.iter().map(|k| k.name()).collect();
        let message = format!("`{name}` is not a KPI");
        p.add(codes::BAD_VALUE, path, message, Some(suggest(name, &names)));
    }
    found
}

/// `at_least` or `at_most` (exactly one), checked against the KPI's kind.
fn target(obj: &Obj<'_>, kpi: Option<Kpi>, p: &mut Problems) -> Option<(Direction, f64)> {
    let (direction, key, v) = match (obj.opt("at_least"), obj.opt("at_most")) {
        (Some(v), None) => (Direction::AtLeast, "at_least", v),
        (None, Some(v)) => (Direction::AtMost, "at_most", v),
        (both, _) => {
            let message = if both.is_some() {
                "a goal has one target: `at_least` or `at_most`, not both"
            } else {
                "a goal needs a target: `at_least` or `at_most`"
            };
            let hint = "e.g. \"at_least\": 120 (SQLs a month) or \"at_most\": 60 (minutes to first contact)";
            p.add(
                codes::MISSING_KEY,
                &obj.at("at_least"),
                message.into(),
                Some(hint.into()),
            );
            return None;
        }
    };
    let path = obj.at(key);
    let n = super::reader::number(v, &path, p)?;
    let kpi = kpi?;
    let problem = if n < 0.0 {
        Some(("a target cannot be negative".to_string(), None))
    } else if kpi.is_share() && n > 1.0 {
        let hint = format!("write {}% as {}", number(n), number(n / 100.0));
        Some((
            format!("`{}` is a share from 0 to 1", kpi.name()),
            Some(hint),
        ))
    } else if kpi.is_count() && n.fract() != 0.0 {
        Some((
            format!("`{}` counts leads: use a whole number", kpi.name()),
            None,
        ))
    } else {
        None
    };
    if let Some((message, hint)) = problem {
        p.add(
            codes::BAD_VALUE,
            &path,
            format!("{message}, got {}", number(n)),
            hint,
        );
        return None;
    }
    Some((direction, n))
}

/// A number as JSON (and JavaScript) writes it. Not `{}` of an f64: Rust's
/// float formatting would add about 12 KB to the browser's full wasm.
fn number(n: f64) -> String {
    let mut out = String::new();
    crate::json_text::push_number(&mut out, n);
    out
}

fn period(v: &Value, path: &str, p: &mut Problems) -> Option<Period> {
    match string(v, path, p)? {
        "month" => Some(Period::Month),
        "quarter" => Some(Period::Quarter),
        other => {
            let message = format!("`{other}` is not a period");
            let hint = suggest(other, &["month", "quarter"]);
            p.add(codes::BAD_VALUE, path, message, Some(hint));
            None
        }
    }
}

/// `marketing`, `sales`, `shared` or a person's name (1–80 characters).
fn owner(v: &Value, path: &str, p: &mut Problems) -> Option<String> {
    let name = string(v, path, p)?.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_OWNER_CHARS {
        let message = format!("an owner is a team or a person's name of 1 to {MAX_OWNER_CHARS} characters, got {chars}");
        let hint = "marketing, sales, shared, or a name such as \"Ana Souza\"";
        p.add(codes::BAD_VALUE, path, message, Some(hint.into()));
        return None;
    }
    Some(name.to_string())
}

/// A name that must be one of `known` (the model's stages or teams).
fn known(
    v: &Value,
    path: &str,
    known: &[String],
    code: &'static str,
    what: &str,
    p: &mut Problems,
) -> Option<String> {
    let name = string(v, path, p)?;
    if known.iter().any(|k| k == name) {
        return Some(name.to_string());
    }
    let names: Vec<&str> = known.iter().map(String::as_str).collect();
    let message = format!("the model has no {what} `{name}`");
    p.add(code, path, message, Some(suggest(name, &names)));
    None
}

fn read_owners(v: &Value, owners: &mut [(Kpi, String)], p: &mut Problems) {
    let Some(obj) = Obj::read(v, "kpi_owners", p) else {
        return;
    };
    let Value::Object(map) = v else { return };
    let names: Vec<&str> = Kpi::ALL.iter().map(|k| k.name()).collect();
    for (key, value) in map {
        let path = obj.at(key);
        let Some(kpi) = Kpi::parse(key) else {
            let message = format!("`{key}` is not a KPI");
            p.add(
                codes::UNKNOWN_KEY,
                &path,
                message,
                Some(suggest(key, &names)),
            );
            continue;
        };
        if let Some(name) = owner(value, &path, p) {
            if let Some(slot) = owners.iter_mut().find(|(k, _)| *k == kpi) {
                slot.1 = name;
            }
        }
    }
}
