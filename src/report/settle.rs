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
use super::mapping::{aliases_of, missing_override, normalise, Choice, Field, Resolver, FIELDS};
use super::presets::{self, Preset, PresetNote, Stage};
use super::row::{columns_seen, CsvColumns, RowReader};
use super::{codes, datetime, ReportError};
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

/// How values are read once the header and first records settled it.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    /// Each timestamp column's order and serial reading.
    pub(crate) dates: DateColumns,
    /// The preset used, if any.
    pub(crate) preset: Option<&'static Preset>,
    /// Stage values by their normalised text: the preset's, with those named
    /// by `--map 'stage:VALUE=STAGE'` over them. Normalised once here, not
    /// for every row.
    pub(crate) stages: BTreeMap<String, Stage>,
    /// Milliseconds east of UTC of zone-less times.
    pub(crate) offset_ms: i64,
    /// True when one-cell records may be the export's footer (Salesforce).
    pub(crate) footer: bool,
    /// The column names the preset (if any) adds.
    pub(crate) resolver: Resolver,
    /// How deal values are written: `--number-format`, else the preset's, else auto.
    pub(crate) number: crate::value::Format,
}

/// How the export was read, for the report's `input` and warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadNotes {
    /// The preset used and how it was chosen.
    pub preset: Option<PresetNote>,
    /// The zone of zone-less times (`--timezone`, else the preset's, else UTC).
    pub offset_ms: i64,
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
    pub(super) fn csv(
        &mut self,
        choice: &Choice,
        names: &[String],
        dialect: Dialect,
        sample: &[&str],
    ) {
        for (slot, col) in self.columns.iter_mut().zip(choice.life) {
            *slot = col.and_then(|c| names.get(c)).cloned();
        }
        let (mut cells, mut stray) = (Vec::new(), Vec::new());
        for record in sample {
            cells.clear();
            stray.clear();
            if csv::split_into(record, dialect, &mut cells, &mut stray).is_err() {
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

impl RowReader<'_> {
    /// Resolves a CSV header (names unescaped, byte-order mark removed),
    /// chooses the preset (given, or detected from the header) and settles
    /// the date columns from `sample`, the first records (at most
    /// [`SAMPLE_ROWS`]); fails when no column holds `created_at`, a `--map`
    /// column is absent, or a date column's first rows hold both orders.
    /// `dialect` is the delimiter the header was split at: a missing column's
    /// error names it, with the columns it gave.
    pub fn columns(
        &self,
        names: &[String],
        dialect: Dialect,
        sample: &[&str],
    ) -> Result<CsvColumns, ReportError> {
        if let Some(mut e) = missing_override(&self.mapping, names) {
            e.message.push_str(&columns_seen(names, dialect));
            return Err(e);
        }
        let mut warnings = Vec::new();
        let preset = self.preset_for(names, &mut warnings)?;
        let resolver = Resolver::new(&self.mapping, preset);
        let choice = Choice::choose(&resolver, names.iter().map(String::as_str));
        if choice
            .life
            .get(Field::CreatedAt.index())
            .copied()
            .flatten()
            .is_none()
        {
            let preset_names = preset.map_or(&[][..], |p| p.columns_of(Field::CreatedAt));
            let looked: Vec<&str> = preset_names
                .iter()
                .chain(aliases_of(Field::CreatedAt))
                .copied()
                .collect();
            return Err(ReportError::new(
                codes::MISSING_COLUMN,
                format!(
                    "no column holds created_at (looked for created_at, {}); name it with \
                     --map created_at=COLUMN{}",
                    looked.join(", "),
                    columns_seen(names, dialect)
                ),
            ));
        }
        self.map_wins(preset, names, &mut warnings);
        let mut samples = Samples::new();
        samples.csv(&choice, names, dialect, sample);
        let (reading, notes) = self.settle(&samples, preset, resolver, warnings)?;
        Ok(CsvColumns {
            events: names.iter().position(|n| n == "events"),
            names: names.to_vec(),
            dialect,
            choice,
            reading,
            notes,
        })
    }

    /// Settles NDJSON input from its first lines (`sample`, at most
    /// [`SAMPLE_ROWS`]): the preset (given, or detected from the first
    /// object's keys) and the date fields.
    pub fn ndjson_columns(&self, sample: &[&str]) -> Result<CsvColumns, ReportError> {
        // The first object's keys detect the preset; then every sampled
        // object's timestamp values settle the dates.
        let first: Vec<String> = sample
            .iter()
            .find_map(|text| {
                keys_of(text, |pairs| {
                    pairs.iter().map(|(k, _)| k.to_string()).collect()
                })
            })
            .unwrap_or_default();
        let mut warnings = Vec::new();
        let preset = self.preset_for(&first, &mut warnings)?;
        let resolver = Resolver::new(&self.mapping, preset);
        let mut samples = Samples::new();
        for text in sample {
            keys_of(text, |pairs| {
                // Of duplicate keys the last wins: choose among the reversed keys.
                let keys: Vec<(&str, &Value<'_>)> =
                    pairs.iter().rev().map(|(k, v)| (k.as_ref(), v)).collect();
                let choice = Choice::choose(&resolver, keys.iter().map(|(k, _)| *k));
                samples.ndjson(&choice, &keys);
            });
        }
        let choice = Choice::choose(&resolver, std::iter::empty());
        let (reading, notes) = self.settle(&samples, preset, resolver, warnings)?;
        Ok(CsvColumns {
            names: Vec::new(),
            dialect: Dialect::COMMA,
            choice,
            events: None,
            reading,
            notes,
        })
    }

    /// The given preset, else the one the header names detect (announced
    /// in the warnings); an ambiguous header is a warning and no preset.
    fn preset_for(
        &self,
        names: &[String],
        warnings: &mut Vec<String>,
    ) -> Result<Option<&'static Preset>, ReportError> {
        match presets::choose(self.options.preset, names) {
            Ok(Some(p)) if self.options.preset.is_none() => {
                warnings.push(format!(
                    "read as: {} (--from {}, detected from the header's columns; --from names \
                     another)",
                    p.title, p.name
                ));
                Ok(Some(p))
            }
            Ok(p) => Ok(p),
            Err(message) => {
                warnings.push(message);
                Ok(None)
            }
        }
    }

    /// Warns when `--map` takes a field whose preset column is in the header.
    fn map_wins(&self, preset: Option<&Preset>, names: &[String], warnings: &mut Vec<String>) {
        let Some(preset) = preset else { return };
        let present: Vec<String> = names.iter().map(|n| super::mapping::normalise(n)).collect();
        for (field, column) in self.mapping.overrides() {
            let Some(f) = FIELDS.iter().find(|f| f.name() == field) else {
                continue;
            };
            for own in preset.columns_of(*f) {
                let own_key = super::mapping::normalise(own);
                if present.contains(&own_key) && own_key != super::mapping::normalise(column) {
                    warnings.push(format!(
                        "--map {field}={column} is used, not the {} preset's column {own:?}",
                        preset.name
                    ));
                }
            }
        }
    }

    /// Settles dates and zone with the preset's defaults under the options.
    fn settle(
        &self,
        samples: &Samples,
        preset: Option<&'static Preset>,
        resolver: Resolver,
        warnings: Vec<String>,
    ) -> Result<(Reading, ReadNotes), ReportError> {
        let order = preset.and_then(|p| p.date_order.map(|o| (p.name, o)));
        let (dates, mut notes) = samples.settle(self.options.date_order, order)?;
        let mut offset_ms = self.options.utc_offset_ms;
        if let (false, Some(p)) = (self.options.timezone_given, preset) {
            if let Some(zone) = p.timezone.and_then(datetime::parse_zone) {
                offset_ms = zone;
            }
        }
        notes.offset_ms = offset_ms;
        notes.preset = preset.map(|p| PresetNote {
            name: p.name,
            chosen_by: if self.options.preset.is_some() {
                "--from"
            } else {
                "header"
            },
            docs: p.docs,
        });
        let mut all = warnings;
        all.append(&mut notes.warnings);
        notes.warnings = all;
        let mut stages: BTreeMap<String, Stage> = BTreeMap::new();
        for (value, stage) in preset.map(|p| p.stages).unwrap_or_default() {
            // The first entry of a normalised value wins, as a lookup in order would.
            stages.entry(normalise(value)).or_insert(*stage);
        }
        stages.extend(self.mapping.stages().clone());
        let reading = Reading {
            dates,
            preset,
            stages,
            offset_ms,
            footer: preset.is_some_and(|p| p.footer),
            resolver,
            number: (self.options.money.number_format)
                .or(preset.and_then(|p| p.number_format))
                .unwrap_or(crate::value::Format::Auto),
        };
        Ok((reading, notes))
    }
}

/// Runs `f` on the pairs of an NDJSON line that is an object.
fn keys_of<T>(
    text: &str,
    f: impl FnOnce(&[(std::borrow::Cow<'_, str>, Value<'_>)]) -> T,
) -> Option<T> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut fixed = None;
    match crate::lead::parse_json_lead(text, &mut fixed) {
        Ok((Value::Object(pairs), _)) => Some(f(&pairs)),
        _ => None,
    }
}
