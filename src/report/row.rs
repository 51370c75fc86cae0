//! One past lead: read from a CSV record or an NDJSON line, its lifecycle
//! timestamps parsed, and re-scored by the model as of its `created_at`.

pub(crate) use super::life::Life;
use super::life::{self, problem, visit_lead, Fields};
use super::mapping::{aliases_of, missing_override, Choice, Field, Mapping, Resolver, FIELDS};
use super::{codes, ReportError, ReportOptions, RowProblem};
use crate::csv::{self, Dialect};
use crate::lead::Value;
use crate::model::CompiledModel;
use crate::outcome::Grade;
use crate::points::Points;
use crate::time::Timestamp;
use crate::ScoreOptions;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// What happened to the lead in the CRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Result3 {
    /// Won (a `won_at`, a won `outcome`, or a customer lifecycle stage).
    Won,
    /// Lost (a `lost_at` or a lost `outcome`).
    Lost,
    /// Neither yet.
    Open,
}

/// A past lead as the report needs it.
#[derive(Debug, Clone)]
pub struct PastLead {
    /// When it was created (the moment it is re-scored at).
    pub created: Timestamp,
    /// When it became an MQL, an SQL, and was first contacted.
    pub mql: Option<Timestamp>,
    /// When it became an SQL.
    pub sql: Option<Timestamp>,
    /// When sales first contacted it.
    pub contact: Option<Timestamp>,
    /// The highest funnel stage reached in the CRM: 0 lead, 1 MQL, 2 SQL.
    pub reached: u8,
    /// Won, lost or open.
    pub result: Result3,
    /// Team, owner and source as written (trimmed; `None` when blank).
    pub team: Option<String>,
    /// The owner.
    pub owner: Option<String>,
    /// The source.
    pub source: Option<String>,
    /// The model's score as of `created`.
    pub score: Points,
    /// The model's grade.
    pub grade: Grade,
    /// Index of the model's persona.
    pub persona: Option<usize>,
    /// Rank of the model's stage (0 is the highest).
    pub stage_rank: usize,
}

/// The result of reading one record: the lead (unless it had to be skipped) and its problems.
#[derive(Debug, Clone)]
pub struct RowResult {
    /// The line where the record starts.
    pub line: u64,
    /// The lead, or `None` when the row could not be used.
    pub lead: Option<PastLead>,
    /// What was wrong with it.
    pub problems: Vec<RowProblem>,
    /// NDJSON: the key read for a lifecycle field that no earlier object
    /// named (see [`RowReader::note_named`]), so `input.columns` covers
    /// every object; empty once every field present has been named.
    pub names: Vec<(&'static str, String)>,
}

/// Reads rows for one model, mapping and time zone.
#[derive(Debug, Clone)]
pub struct RowReader<'m> {
    model: &'m CompiledModel,
    mapping: Mapping,
    resolver: Resolver,
    offset_ms: i64,
    /// NDJSON: a bit per lifecycle field (in `FIELDS` order) that the
    /// ordered fold has already named in `input.columns`. Shared by the
    /// worker threads; the fold sets it, in input order, so the names it
    /// gets are those of the first object with each field, whatever the
    /// thread count.
    named: Arc<AtomicU32>,
}

/// The columns of one CSV header.
#[derive(Debug, Clone)]
pub struct CsvColumns {
    names: Vec<String>,
    dialect: Dialect,
    choice: Choice,
    events: Option<usize>,
}

impl CsvColumns {
    /// The column read for each lifecycle field (the report's `input.columns`).
    pub fn summary(&self) -> BTreeMap<&'static str, Option<String>> {
        summary(&self.choice, &self.names)
    }
}

/// What a "column not found" error adds (the delimiter and the columns
/// seen: [`crate::ingest::sniff::columns_seen`]); nothing in `leadgate/lite`,
/// which never reads CSV.
#[cfg(any(feature = "cli", feature = "report-wasm"))]
fn columns_seen(names: &[String], dialect: Dialect) -> String {
    crate::ingest::sniff::columns_seen(names, dialect)
}

#[cfg(not(any(feature = "cli", feature = "report-wasm")))]
fn columns_seen(_: &[String], _: Dialect) -> String {
    String::new()
}

fn summary(choice: &Choice, names: &[String]) -> BTreeMap<&'static str, Option<String>> {
    FIELDS
        .iter()
        .map(|f| {
            let col = choice.life.get(f.index()).copied().flatten();
            (f.name(), col.and_then(|c| names.get(c)).cloned())
        })
        .collect()
}

impl<'m> RowReader<'m> {
    /// A reader for `model` with the options' mapping and time zone.
    pub fn new(model: &'m CompiledModel, options: &ReportOptions) -> RowReader<'m> {
        RowReader {
            model,
            resolver: Resolver::new(&options.mapping),
            mapping: options.mapping.clone(),
            offset_ms: options.utc_offset_ms,
            named: Arc::default(),
        }
    }

    /// Tells the workers which lifecycle fields `input.columns` names
    /// already (called by the ordered fold after each batch of rows).
    pub fn note_named(&self, columns: &BTreeMap<&'static str, Option<String>>) {
        let mask = FIELDS
            .iter()
            .enumerate()
            .filter(|(_, f)| columns.get(f.name()).is_some_and(Option::is_some))
            .fold(0u32, |m, (i, _)| m | 1 << i);
        self.named.fetch_or(mask, Ordering::Relaxed);
    }

    /// Resolves a CSV header (names unescaped, byte-order mark removed); fails
    /// when no column holds `created_at` or a `--map` column is absent.
    /// `dialect` is the delimiter the header was split at: errors name it,
    /// with the columns it gave.
    pub fn columns(&self, names: &[String], dialect: Dialect) -> Result<CsvColumns, ReportError> {
        if let Some(mut e) = missing_override(&self.mapping, names) {
            e.message.push_str(&columns_seen(names, dialect));
            return Err(e);
        }
        let choice = Choice::choose(&self.resolver, names.iter().map(String::as_str));
        if choice
            .life
            .get(Field::CreatedAt.index())
            .copied()
            .flatten()
            .is_none()
        {
            return Err(ReportError::new(
                codes::MISSING_COLUMN,
                format!(
                    "no column holds created_at (looked for created_at, {}); name it with \
                     --map created_at=COLUMN{}",
                    aliases_of(Field::CreatedAt).join(", "),
                    columns_seen(names, dialect)
                ),
            ));
        }
        Ok(CsvColumns {
            events: names.iter().position(|n| n == "events"),
            names: names.to_vec(),
            dialect,
            choice,
        })
    }

    /// The CSV header record's column names: unescaped, without a byte-order mark.
    pub fn header_names(record: &str, dialect: Dialect) -> Result<Vec<String>, ReportError> {
        let record = record.strip_prefix('\u{feff}').unwrap_or(record);
        let (mut cells, mut stray) = (Vec::new(), Vec::new());
        csv::split_into(csv::trim_line_end(record), dialect, &mut cells, &mut stray)
            .map_err(|m| ReportError::new(codes::BAD_CSV, format!("the header: {m}")))?;
        Ok(cells.into_iter().map(Cow::into_owned).collect())
    }

    /// For an NDJSON line that is an object: the key read for each lifecycle field.
    pub fn ndjson_summary(&self, text: &str) -> Option<BTreeMap<&'static str, Option<String>>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut fixed = None;
        let Ok((Value::Object(pairs), _)) = crate::lead::parse_json_lead(text, &mut fixed) else {
            return None;
        };
        let names: Vec<String> = pairs.iter().rev().map(|(k, _)| k.to_string()).collect();
        let choice = Choice::choose(&self.resolver, names.iter().map(String::as_str));
        Some(summary(&choice, &names))
    }

    /// Reads one CSV record (without its line end).
    pub fn csv_record(&self, cols: &CsvColumns, record: &str, line: u64) -> RowResult {
        let (lead, problems) =
            self.csv_record_with(cols, record, line, |v, life| self.rescore(v, life));
        RowResult {
            line,
            lead,
            problems,
            names: Vec::new(),
        }
    }

    /// Reads one CSV record and hands the lead (future events dropped) and its
    /// lifecycle to `visit`; a row that cannot be used never reaches it.
    pub(crate) fn csv_record_with<T>(
        &self,
        cols: &CsvColumns,
        record: &str,
        line: u64,
        visit: impl FnOnce(Value<'_>, Life) -> Option<T>,
    ) -> (Option<T>, Vec<RowProblem>) {
        let mut problems = Vec::new();
        let (mut cells, mut stray) = (Vec::new(), Vec::new());
        let split = csv::split_into(record, cols.dialect, &mut cells, &mut stray);
        match split {
            Ok(()) if cells.len() == cols.names.len() => {}
            Ok(()) => {
                let message = format!(
                    "expected {} fields (as in the header), got {}",
                    cols.names.len(),
                    cells.len()
                );
                problems.push(problem(line, None, codes::BAD_CSV, message));
                return (None, problems);
            }
            Err(message) => {
                problems.push(problem(line, None, codes::BAD_CSV, message));
                return (None, problems);
            }
        }
        for column in stray.iter().filter_map(|&i| cols.names.get(i)) {
            let message = "a quote inside an unquoted cell was kept as text (to quote a cell, \
                           quote all of it and double its quotes)";
            let column = Some(column.clone());
            problems.push(problem(line, column, codes::STRAY_QUOTE, message.into()));
        }
        let mut values: Vec<Option<Value<'_>>> = Vec::with_capacity(cells.len());
        for (i, cell) in cells.iter().enumerate() {
            let value = if Some(i) == cols.events && !cell.is_empty() {
                match serde_json::from_str::<Value<'_>>(cell) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        let message = format!("not JSON ({e}); the events were left out");
                        let column = Some("events".to_string());
                        problems.push(problem(line, column, codes::BAD_EVENTS, message));
                        None
                    }
                }
            } else {
                csv::cell_value(Cow::Borrowed(cell.as_ref()))
            };
            values.push(value);
        }
        let mut fields: Fields<'_, '_> = [None; FIELDS.len()];
        for (slot, col) in fields.iter_mut().zip(cols.choice.life) {
            // A blank cell is an absent field, as a blank NDJSON string is.
            *slot = col.and_then(|c| {
                let value = values.get(c)?.as_ref().filter(|v| !v.is_absent())?;
                Some((cols.names.get(c)?.as_str(), value))
            });
        }
        let Some(life) = life::read(&fields, self.offset_ms, line, &mut problems) else {
            return (None, problems);
        };
        let mut renamed = Vec::new();
        for (col, field) in cols.choice.lead.iter().zip(self.resolver.lead_fields()) {
            let Some(c) = *col else { continue };
            if let (Some(name), Some(Some(v))) = (cols.names.get(c), values.get(c)) {
                if name != field {
                    renamed.push((Cow::Borrowed(field.as_str()), v.clone()));
                }
            }
        }
        let mut pairs: Vec<(Cow<'_, str>, Value<'_>)> =
            Vec::with_capacity(values.len() + renamed.len());
        for (name, value) in cols.names.iter().zip(values) {
            if let Some(v) = value {
                pairs.push((Cow::Borrowed(name.as_str()), v));
            }
        }
        pairs.extend(renamed);
        (visit_lead(Value::Object(pairs), life, visit), problems)
    }

    /// Reads one NDJSON line (blank lines are not rows: `None`).
    pub fn ndjson_line(&self, text: &str, line: u64) -> Option<RowResult> {
        let mut names = Vec::new();
        let (lead, problems) = self.ndjson_line_with(text, line, Some(&mut names), |v, life| {
            self.rescore(v, life)
        })?;
        Some(RowResult {
            line,
            lead,
            problems,
            names,
        })
    }

    /// Reads one NDJSON line as [`RowReader::csv_record_with`] reads a record.
    pub(crate) fn ndjson_line_with<T>(
        &self,
        text: &str,
        line: u64,
        names: Option<&mut Vec<(&'static str, String)>>,
        visit: impl FnOnce(Value<'_>, Life) -> Option<T>,
    ) -> Option<(Option<T>, Vec<RowProblem>)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return None;
        }
        let mut problems = Vec::new();
        // Lone surrogates read as U+FFFD, as `leadgate score` reads them (the
        // report keeps no warnings, so the flag is not needed).
        let mut fixed = None;
        let mut pairs = match crate::lead::parse_json_lead(text, &mut fixed) {
            Ok((Value::Object(pairs), _)) => pairs,
            Ok((other, _)) => {
                let message = format!("a lead must be a JSON object, got {}", other.describe());
                problems.push(problem(line, None, codes::NOT_AN_OBJECT, message));
                return Some((None, problems));
            }
            Err(e) => {
                let message = format!("invalid JSON: {e}");
                problems.push(problem(line, None, codes::BAD_JSON, message));
                return Some((None, problems));
            }
        };
        // Of duplicate keys the last wins, as in `Value::get`: choose among the reversed keys.
        let n = pairs.len();
        let choice = Choice::choose(&self.resolver, pairs.iter().rev().map(|(k, _)| k.as_ref()));
        let at = |c: Option<usize>| {
            c.and_then(|c| n.checked_sub(c + 1))
                .and_then(|i| pairs.get(i))
        };
        let mut fields: Fields<'_, '_> = [None; FIELDS.len()];
        for (slot, col) in fields.iter_mut().zip(choice.life) {
            *slot = at(col)
                .filter(|(_, v)| !v.is_absent())
                .map(|(k, v)| (k.as_ref(), v));
        }
        if let Some(names) = names {
            let known = self.named.load(Ordering::Relaxed);
            for (i, (slot, field)) in fields.iter().zip(FIELDS).enumerate() {
                if let (Some((key, _)), 0) = (slot, known & 1 << i) {
                    names.push((field.name(), key.to_string()));
                }
            }
        }
        let Some(life) = life::read(&fields, self.offset_ms, line, &mut problems) else {
            return Some((None, problems));
        };
        let mut renamed = Vec::new();
        for (col, field) in choice.lead.iter().zip(self.resolver.lead_fields()) {
            if let Some((key, value)) = at(*col) {
                if key != field && !value.is_absent() {
                    renamed.push((Cow::Owned(field.clone()), value.clone()));
                }
            }
        }
        pairs.extend(renamed);
        Some((visit_lead(Value::Object(pairs), life, visit), problems))
    }

    /// Re-scores the lead as of its creation.
    fn rescore(&self, lead: Value<'_>, life: Life) -> Option<PastLead> {
        let outcome = self
            .model
            .score(&lead, &ScoreOptions::at(life.created))
            .ok()?;
        let persona = outcome
            .persona
            .and_then(|p| self.model.personas.iter().position(|q| q.id == p));
        Some(PastLead {
            created: life.created,
            mql: life.mql,
            sql: life.sql,
            contact: life.contact,
            reached: life.reached,
            result: life.result,
            team: life.team,
            owner: life.owner,
            source: life.source,
            score: outcome.score,
            grade: outcome.grade,
            persona,
            stage_rank: self.model.stage_rank(outcome.stage).unwrap_or(usize::MAX),
        })
    }
}

impl RowResult {
    /// A CSV line the reader had to give up (see [`crate::csv::Frame::Broken`]).
    pub fn bad_csv(line: u64, message: &str) -> RowResult {
        RowResult::skipped(line, vec![RowProblem::bad_csv(line, message)])
    }

    /// A record that could not be read at all: its problem only.
    pub fn unreadable(problem: RowProblem) -> RowResult {
        RowResult::skipped(problem.line, vec![problem])
    }

    fn skipped(line: u64, problems: Vec<RowProblem>) -> RowResult {
        RowResult {
            line,
            lead: None,
            problems,
            names: Vec::new(),
        }
    }
}

impl RowProblem {
    /// The problem of a CSV line the reader had to give up.
    pub fn bad_csv(line: u64, message: &str) -> RowProblem {
        let message = format!("{message}; the line was skipped");
        problem(line, None, codes::BAD_CSV, message)
    }
}
