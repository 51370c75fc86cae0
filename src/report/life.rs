//! The lifecycle part of a past lead: timestamps, outcome, stage reached,
//! team, owner and source, read the same way from CSV cells and NDJSON values.

use super::mapping::{Field, FIELDS};
use super::presets::Stage;
use super::row::Result3;
use super::settle::Reading;
use super::{codes, RowProblem};
use crate::lead::Value;
use crate::time::Timestamp;
use crate::value::date::{self, DateError};
use std::borrow::Cow;

/// Per lifecycle field: the column (or key) it was read from, and the value.
pub(super) type Fields<'n, 'v> = [Option<(&'n str, &'n Value<'v>)>; FIELDS.len()];

/// The lifecycle part of a past lead, read before re-scoring.
pub(crate) struct Life {
    pub(crate) created: Timestamp,
    pub(crate) mql: Option<Timestamp>,
    pub(crate) sql: Option<Timestamp>,
    pub(crate) contact: Option<Timestamp>,
    pub(crate) reached: u8,
    pub(crate) result: Result3,
    pub(crate) team: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) source: Option<String>,
    /// The deal value, if the row has one that could be read.
    pub(crate) amount: Option<super::revenue::Amount>,
    /// The line where the record starts.
    pub(crate) line: u64,
    /// When it was won, if the export says.
    pub(crate) won_at: Option<Timestamp>,
}

/// Parses the lifecycle fields; `None` when the row cannot be used (no valid `created_at`).
pub(super) fn read(
    fields: &Fields<'_, '_>,
    reading: &Reading,
    line: u64,
    problems: &mut Vec<RowProblem>,
) -> Option<Life> {
    let get = |f: Field| fields.get(f.index()).copied().flatten();
    let time = |f: Field, problems: &mut Vec<RowProblem>| -> Option<Timestamp> {
        let (column, value) = get(f)?;
        let settled = reading.dates.get(f.index()).copied().unwrap_or_default();
        let parsed = match value_text(value) {
            Some(text) => date::read(&text, &settled, reading.offset_ms),
            None => Err(DateError::NotADate),
        };
        let why = match parsed {
            Ok(t) => return Some(t),
            Err(why) => why,
        };
        let effect = if f == Field::CreatedAt {
            "the row was skipped"
        } else {
            "the field was ignored"
        };
        let (code, message) = bad_date(f, column, value, why, settled.order);
        let message = format!("{message}; {effect}");
        problems.push(problem(line, Some(column.to_string()), code, message));
        None
    };
    let created = time(Field::CreatedAt, problems);
    let mql = time(Field::MqlAt, problems);
    let sql = time(Field::SqlAt, problems);
    let mut contact = time(Field::FirstContactAt, problems);
    let won_at = time(Field::WonAt, problems);
    let lost_at = time(Field::LostAt, problems);
    let Some(created) = created else {
        if get(Field::CreatedAt).is_none() {
            let message = "created_at is missing; the row was skipped".to_string();
            problems.push(problem(line, None, codes::MISSING_CREATED_AT, message));
        }
        return None;
    };
    before_created(
        created,
        &[
            (Field::MqlAt, mql),
            (Field::SqlAt, sql),
            (Field::WonAt, won_at),
            (Field::LostAt, lost_at),
        ],
        &get,
        line,
        problems,
    );
    if let (Some(c), Some((column, _))) = (contact, get(Field::FirstContactAt)) {
        if c < created {
            let message = format!(
                "first_contact_at {} is before created_at {}; the contact was ignored",
                c.to_rfc3339(),
                created.to_rfc3339()
            );
            let column = Some(column.to_string());
            problems.push(problem(line, column, codes::TIMESTAMP_ORDER, message));
            contact = None;
        }
    }
    let text = |f: Field| {
        get(f)
            .and_then(|(_, v)| value_text(v))
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
    };
    let stage = get(Field::LifecycleStage).and_then(|(column, value)| {
        let said = value_text(value)?;
        let stage = stage_of(reading, &said);
        if stage.is_none() {
            let message = format!(
                "lifecycle_stage: {} is not a stage value {} knows; read as a lead; name its \
                 stage with --map 'stage:{}=mql' (lead, mql, sql, won, lost)",
                value.describe(),
                reading.preset.map_or("leadgate", |p| p.name),
                said.trim()
            );
            problems.push(problem(
                line,
                Some(column.to_string()),
                codes::UNKNOWN_STAGE,
                message,
            ));
        }
        stage
    });
    let outcome = get(Field::Outcome).and_then(|(column, value)| {
        let said = value_text(value)?;
        let stage = stage_of(reading, &said);
        if stage.is_none() {
            let message = format!(
                "outcome: {} is not won, lost or open; read as open",
                value.describe()
            );
            problems.push(problem(
                line,
                Some(column.to_string()),
                codes::BAD_VALUE,
                message,
            ));
        }
        stage
    });
    let opportunity = get(Field::Opportunity).and_then(|(column, value)| {
        let said = value_text(value)?;
        let yes = crate::value::read_boolean(&said);
        if yes.is_none() {
            let message = format!(
                "opportunity: {} is not yes or no (true/false, sim/não); ignored",
                value.describe()
            );
            problems.push(problem(
                line,
                Some(column.to_string()),
                codes::BAD_VALUE,
                message,
            ));
        }
        yes
    });
    let result = match (won_at, lost_at, outcome, stage) {
        (Some(_), ..) => Result3::Won,
        (None, Some(_), ..) => Result3::Lost,
        (None, None, Some(Stage::Won), _) => Result3::Won,
        (None, None, Some(Stage::Lost), _) => Result3::Lost,
        (None, None, _, Some(Stage::Won)) => Result3::Won,
        (None, None, _, Some(Stage::Lost)) => Result3::Lost,
        _ => Result3::Open,
    };
    let by_time = match (sql, mql) {
        (Some(_), _) => 2,
        (None, Some(_)) => 1,
        _ => 0,
    };
    let by_flag = if opportunity == Some(true) { 2 } else { 0 };
    // Stages imply the ones below them: a won deal was an SQL, an SQL an MQL.
    let reached = if result == Result3::Won {
        2
    } else {
        by_time.max(by_flag).max(rank(stage)).max(rank(outcome))
    };
    let amount = super::revenue::read_amount(
        get(Field::Amount),
        get(Field::Currency),
        reading.number,
        line,
        problems,
    );
    Some(Life {
        amount,
        line,
        won_at,
        created,
        mql,
        sql,
        contact,
        reached,
        result,
        team: text(Field::Team),
        owner: text(Field::Owner),
        source: text(Field::UtmSource),
    })
}

/// The problem of a timestamp that was not read: its code and message.
fn bad_date(
    f: Field,
    column: &str,
    value: &Value<'_>,
    why: DateError,
    order: date::Order,
) -> (&'static str, String) {
    let shown = value.describe();
    match why {
        DateError::OtherOrder => (
            codes::DATE_ORDER_CONFLICT,
            format!(
                "{}: {shown} is a date only {}, but column {column:?} is read {} (settled by its \
                 first rows, see input.dates); pass --date-order {} if that is the column's order",
                f.name(),
                order.other().words(),
                order.words(),
                order.other().name()
            ),
        ),
        DateError::SerialOutsideSerialColumn => (
            codes::BAD_TIMESTAMP,
            format!(
                "{}: {shown} looks like a spreadsheet serial day, read only in a column whose \
                 first rows are all serial days",
                f.name()
            ),
        ),
        DateError::NotADate => (
            codes::BAD_TIMESTAMP,
            format!(
                "{}: {shown} is not a timestamp (ISO 8601, dd/mm/yyyy or m/d/yyyy [hh:mm[:ss]] \
                 [AM/PM], dd.mm.yyyy, epoch milliseconds or seconds)",
                f.name()
            ),
        ),
    }
}

const DAY_MS: i64 = 86_400_000;

/// Reports lifecycle dates before `created_at` (`date_before_created`). The
/// row still counts and the date is kept as written: the stage was reached
/// (CRMs backdate imported or merged records), and the problem lets the
/// reader judge; only `first_contact_at`, the SLA's clock, is dropped
/// (`timestamp_order`), since a contact before creation cannot be timed.
fn before_created<'n>(
    created: Timestamp,
    stamps: &[(Field, Option<Timestamp>)],
    get: &impl Fn(Field) -> Option<(&'n str, &'n Value<'n>)>,
    line: u64,
    problems: &mut Vec<RowProblem>,
) {
    for &(f, at) in stamps {
        let (Some(at), Some((column, value))) = (at, get(f)) else {
            continue;
        };
        // A date without a time is the whole day: a same-day date-only
        // stage (Salesforce's date fields) is not before a timed creation.
        let whole_day = matches!(value, Value::String(s) if crate::value::date::is_date_only(s));
        let last = if whole_day {
            at.0.saturating_add(DAY_MS - 1)
        } else {
            at.0
        };
        if last < created.0 {
            let created_shown = get(Field::CreatedAt)
                .map(|(_, v)| v.describe())
                .unwrap_or_default();
            let message = format!(
                "{}: {} ({}) is before created_at {created_shown} ({}); the row counts and \
                 the date is kept as written",
                f.name(),
                value.describe(),
                at.to_rfc3339(),
                created.to_rfc3339()
            );
            problems.push(problem(
                line,
                Some(column.to_string()),
                codes::DATE_BEFORE_CREATED,
                message,
            ));
        }
    }
}

pub(super) fn problem(
    line: u64,
    column: Option<String>,
    code: &'static str,
    message: String,
) -> RowProblem {
    RowProblem {
        line,
        column,
        code,
        message,
    }
}

/// A scalar as text: strings as they are, numbers as JSON writes them.
pub(super) fn value_text<'v>(value: &'v Value<'_>) -> Option<Cow<'v, str>> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(Cow::Borrowed(s.as_ref())),
        Value::Number(_) | Value::Bool(_) => serde_json::to_string(value).ok().map(Cow::Owned),
        _ => None,
    }
}

/// The funnel rank a stage implies: 0 lead, 1 MQL, 2 SQL (won is an SQL).
fn rank(stage: Option<Stage>) -> u8 {
    match stage {
        Some(Stage::Mql) => 1,
        Some(Stage::Sql | Stage::Won) => 2,
        _ => 0,
    }
}

/// What a stage or outcome value means: the user's `--map 'stage:…'`
/// first, then the preset's table, then the words every export uses.
fn stage_of(reading: &Reading, text: &str) -> Option<Stage> {
    let key = super::mapping::normalise(text);
    // `--map` values and the preset's, normalised when the reading was settled.
    if let Some(stage) = reading.stages.get(&key) {
        return Some(*stage);
    }
    let stage = match key.as_str() {
        "" | "open" | "aberto" | "aberta" | "emandamento" | "pending" | "abierto" => Stage::Open,
        "lead" | "subscriber" | "contato" | "other" | "new" | "novo" => Stage::Lead,
        "marketingqualifiedlead" | "mql" | "leadqualificado" | "qualifiedlead" => Stage::Mql,
        "salesqualifiedlead" | "sql" | "opportunity" | "oportunidade" | "oportunidad" => Stage::Sql,
        "customer" | "cliente" | "won" | "closedwon" | "ganho" | "ganha" | "venda" | "vendido"
        | "ganado" | "evangelist" => Stage::Won,
        "lost" | "closedlost" | "perdido" | "perdida" | "perda" => Stage::Lost,
        _ => return None,
    };
    Some(stage)
}

/// Hands a lead to a visitor as of its creation: events after it left out.
pub(super) fn visit_lead<T>(
    mut lead: Value<'_>,
    life: Life,
    visit: impl FnOnce(Value<'_>, Life) -> Option<T>,
) -> Option<T> {
    drop_future_events(&mut lead, life.created);
    visit(lead, life)
}

/// The model could not have seen events after the lead's creation: a backtest leaves them out.
fn drop_future_events(lead: &mut Value<'_>, created: Timestamp) {
    let Value::Object(pairs) = lead else { return };
    let Some((_, Value::Array(events))) = pairs.iter_mut().rev().find(|(k, _)| k == "events")
    else {
        return;
    };
    events.retain(|e| {
        let at = e
            .get("at")
            .and_then(Value::as_str)
            .and_then(Timestamp::parse);
        at.is_none_or(|at| at <= created)
    });
}
