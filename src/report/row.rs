//! One past lead: read from a CSV record or an NDJSON line, its lifecycle
//! timestamps parsed, and re-scored by the model as of its `created_at`.
//! NDJSON lines are read in `ndjson.rs`.

pub(crate) use super::life::Life;
use super::life::{self, problem, visit_lead, Fields};
use super::mapping::{Choice, Mapping, Resolver, FIELDS};
use super::settle::{ReadNotes, Reading};
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
use std::sync::atomic::AtomicU32;
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
    /// The business hours the lead's SLA counts in (an index for
    /// `CompiledModel::hours_at`): its export team's when the model gives
    /// that team hours, else its routed team's; `None`: plain time.
    pub hours: Option<usize>,
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
    /// The deal value, if the row has one that could be read.
    pub amount: Option<super::revenue::Amount>,
    /// The line where the record starts (the report names the first
    /// currency the export gives by its line).
    pub line: u64,
    /// When it was won, if the export says (goals count a win in its period).
    pub won_at: Option<Timestamp>,
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
    /// A record of one cell where the header has more, in an export whose
    /// reports end with footer rows (Salesforce): its text. Footer rows are
    /// counted, not problems, when a vendor footer line follows them.
    pub footer: Option<String>,
    /// NDJSON: the key read for a lifecycle field that no earlier object
    /// named (see [`RowReader::note_named`]), so `input.columns` covers
    /// every object; empty once every field present has been named.
    pub names: Vec<(&'static str, String)>,
}

/// Reads rows for one model, mapping and time zone.
#[derive(Debug, Clone)]
pub struct RowReader<'m> {
    model: &'m CompiledModel,
    pub(super) mapping: Mapping,
    pub(super) resolver: Resolver,
    pub(super) options: ReportOptions,
    /// NDJSON: a bit per lifecycle field (in `FIELDS` order) that the
    /// ordered fold has already named in `input.columns`. Shared by the
    /// worker threads; the fold sets it, in input order, so the names it
    /// gets are those of the first object with each field, whatever the
    /// thread count.
    pub(super) named: Arc<AtomicU32>,
}

/// The columns of one CSV header.
#[derive(Debug, Clone)]
pub struct CsvColumns {
    pub(super) names: Vec<String>,
    /// The delimiter the header (and so every record) is split at.
    pub(super) dialect: Dialect,
    pub(super) choice: Choice,
    pub(super) events: Option<usize>,
    /// How values are read (dates, preset, zone), settled from the first records.
    pub(super) reading: Reading,
    pub(super) notes: ReadNotes,
}

impl CsvColumns {
    /// The column read for each lifecycle field (the report's `input.columns`).
    pub fn summary(&self) -> BTreeMap<&'static str, Option<String>> {
        summary(&self.choice, &self.names)
    }

    /// How the export's dates were settled, and the warnings about it.
    pub fn notes(&self) -> &ReadNotes {
        &self.notes
    }

    /// For a record left out with only a `bad_csv` problem, in an export
    /// whose reports end with footer rows: its one cell's text, if it has one.
    pub(crate) fn footer_of(&self, record: &str, problems: &[RowProblem]) -> Option<String> {
        match problems {
            [p] if self.reading.footer && p.code == codes::BAD_CSV => {
                super::footer::single_cell(record, self.dialect)
            }
            _ => None,
        }
    }
}

/// What a "column not found" error adds (the delimiter and the columns
/// seen: [`crate::ingest::sniff::columns_seen`]); nothing in `leadgate/lite`,
/// which never reads CSV.
#[cfg(any(feature = "cli", feature = "report-wasm"))]
pub(super) fn columns_seen(names: &[String], dialect: Dialect) -> String {
    crate::ingest::sniff::columns_seen(names, dialect)
}

#[cfg(not(any(feature = "cli", feature = "report-wasm")))]
pub(super) fn columns_seen(_: &[String], _: Dialect) -> String {
    String::new()
}

pub(super) fn summary(choice: &Choice, names: &[String]) -> BTreeMap<&'static str, Option<String>> {
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
            resolver: Resolver::new(&options.mapping, None),
            mapping: options.mapping.clone(),
            options: options.clone(),
            named: Arc::default(),
        }
    }

    /// The CSV header record's column names (split at `dialect`'s
    /// delimiter): unescaped, without a byte-order mark.
    pub fn header_names(record: &str, dialect: Dialect) -> Result<Vec<String>, ReportError> {
        let record = record.strip_prefix('\u{feff}').unwrap_or(record);
        let (mut cells, mut stray) = (Vec::new(), Vec::new());
        csv::split_into(csv::trim_line_end(record), dialect, &mut cells, &mut stray)
            .map_err(|m| ReportError::new(codes::BAD_CSV, format!("the header: {m}")))?;
        Ok(cells.into_iter().map(Cow::into_owned).collect())
    }

    /// Reads one CSV record (without its line end).
    pub fn csv_record(&self, cols: &CsvColumns, record: &str, line: u64) -> RowResult {
        let (lead, problems) =
            self.csv_record_with(cols, record, line, |v, life| self.rescore(v, life));
        let footer = match lead {
            None => cols.footer_of(record, &problems),
            Some(_) => None,
        };
        RowResult {
            line,
            lead,
            problems,
            footer,
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
        let Some(life) = life::read(&fields, &cols.reading, line, &mut problems) else {
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

    /// Re-scores the lead as of its creation.
    pub(super) fn rescore(&self, lead: Value<'_>, life: Life) -> Option<PastLead> {
        let outcome = self
            .model
            .score(&lead, &ScoreOptions::at(life.created))
            .ok()?;
        let persona = outcome
            .persona
            .and_then(|p| self.model.personas.iter().position(|q| q.id == p));
        // The same hours `respond_by` counts in on every surface (DESIGN:
        // the report and the edge's /sla/report use the same rules).
        let hours = life
            .team
            .as_deref()
            .and_then(|t| self.model.team_hours_index(t))
            .or_else(|| {
                let team = outcome.route.as_ref()?.team;
                self.model.team_hours_index(team)
            });
        Some(PastLead {
            created: life.created,
            mql: life.mql,
            sql: life.sql,
            contact: life.contact,
            reached: life.reached,
            result: life.result,
            team: life.team,
            hours,
            owner: life.owner,
            source: life.source,
            score: outcome.score,
            grade: outcome.grade,
            persona,
            stage_rank: self.model.stage_rank(outcome.stage).unwrap_or(usize::MAX),
            amount: life.amount,
            line: life.line,
            won_at: life.won_at,
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
            footer: None,
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
