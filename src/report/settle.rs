//! Settling how an export is read before its rows are: each date column's
//! day/month order (and whether it holds spreadsheet serial days) from the
//! first [`SAMPLE_ROWS`] records, by [`crate::value::date::settle`], and the
//! notes the report's `input` shows about it ([`ReadNotes`]).
//!
//! Why a sample and not the whole column: the report streams (the CLI
//! reads 1M rows on every core, the page reads a file in slices), so the
//! order must be known before the first row is read. The same count of
//! records settles it on every surface; a later value that exists only in
//! the other order is a row problem (`date_order_conflict`), never misread.

use super::life::value_text;
use super::mapping::{Choice, Field, FIELDS};
use super::{codes, ReportError};
use crate::csv::{self, Dialect};
use crate::lead::Value;
use crate::value::date::{self, ColumnDates, ColumnSample, Decided, Evidence, Order};
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::value::date::SAMPLE_ROWS;

/// The timestamp fields, which come first in [`FIELDS`].
pub(crate) const TIME_FIELDS: usize = 6;

/// How each timestamp field's column is read (indexed as [`FIELDS`]).
pub(crate) type DateColumns = [ColumnDates; TIME_FIELDS];

/// How the export was read, for the report's `input` and warnings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReadNotes {
    /// Per timestamp field whose column holds numeric dates (`a/b/yyyy`) or
    /// serial days in its first rows: how its dates are read.
    pub dates: BTreeMap<&'static str, DateNote>,
    /// What a reader should know: orders not decided by a column's own
    /// values, serial-day columns, (later) presets.
    pub warnings: Vec<String>,
}

/// How one date column is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateNote {
    /// The column.
    pub column: String,
    /// `dmy` or `mdy`: which number of `a/b/yyyy` is the day.
    pub order: &'static str,
    /// What decided the order: `--date-order`, `value "13/01/2026"`,
    /// `column "Create Date" ("13/01/2026")`, `preset salesforce` or `default`.
    pub decided_by: String,
    /// True when the column is read as spreadsheet serial days.
    pub serial: bool,
}

/// The first values of each timestamp field's column.
pub(super) struct Samples {
    columns: [Option<String>; TIME_FIELDS],
    evidence: [Evidence; TIME_FIELDS],
}

impl Samples {
    pub(super) fn new() -> Samples {
        Samples {
            columns: Default::default(),
            evidence: Default::default(),
        }
    }

    /// Notes the CSV records of the sample, cut by the header's `choice`.
    pub(super) fn csv(&mut self, choice: &Choice, names: &[String], sample: &[&str]) {
        for (slot, col) in self.columns.iter_mut().zip(choice.life) {
            *slot = col.and_then(|c| names.get(c)).cloned();
        }
        let (mut cells, mut stray) = (Vec::new(), Vec::new());
        for record in sample {
            cells.clear();
            stray.clear();
            if csv::split_into(record, Dialect::COMMA, &mut cells, &mut stray).is_err() {
                continue;
            }
            for (e, col) in self.evidence.iter_mut().zip(choice.life) {
                if let Some(cell) = col.and_then(|c| cells.get(c)) {
                    e.add(cell);
                }
            }
        }
    }

    /// Notes one NDJSON object's timestamp values (its keys chosen by `choice`).
    pub(super) fn ndjson(&mut self, choice: &Choice, keys: &[(&str, &Value<'_>)]) {
        for ((e, slot), col) in self
            .evidence
            .iter_mut()
            .zip(&mut self.columns)
            .zip(choice.life)
        {
            let Some(&(key, value)) = col.and_then(|c| keys.get(c)) else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(key.to_string());
            }
            if let Some(text) = value_text(value) {
                e.add(&text);
            }
        }
    }

    /// Settles every column: the way each is read and the notes, or an
    /// error naming a column whose first rows hold both orders.
    pub(super) fn settle(
        &self,
        forced: Option<Order>,
        preset: Option<(&'static str, Order)>,
    ) -> Result<(DateColumns, ReadNotes), ReportError> {
        let mut which = Vec::new();
        let mut samples = Vec::new();
        for (i, (column, evidence)) in self.columns.iter().zip(&self.evidence).enumerate() {
            let (Some(column), Some(field)) = (column, FIELDS.get(i)) else {
                continue;
            };
            which.push((i, *field));
            samples.push(ColumnSample {
                field: field.name(),
                column,
                evidence,
            });
        }
        let settled = date::settle(&samples, forced, preset)
            .map_err(|m| ReportError::new(codes::DATE_ORDER_CONFLICT, m))?;
        let mut dates = DateColumns::default();
        let mut notes = ReadNotes::default();
        for ((i, field), (s, sample)) in which.into_iter().zip(settled.into_iter().zip(&samples)) {
            if let Some(slot) = dates.get_mut(i) {
                *slot = s.dates;
            }
            notes.warnings.extend(s.warning);
            if !sample.evidence.matters() {
                continue;
            }
            notes.dates.insert(
                field_name(field),
                DateNote {
                    column: sample.column.to_string(),
                    order: s.dates.order.name(),
                    decided_by: decided_by(&s.decided),
                    serial: s.dates.serial,
                },
            );
        }
        Ok((dates, notes))
    }
}

fn field_name(field: Field) -> &'static str {
    field.name()
}

fn decided_by(decided: &Decided) -> String {
    match decided {
        Decided::Forced => "--date-order".to_string(),
        Decided::Value(v) => format!("value {v:?}"),
        Decided::Sibling { column, value } => format!("column {column:?} ({value:?})"),
        Decided::Preset(name) => format!("preset {name}"),
        Decided::Default => "default".to_string(),
    }
}
