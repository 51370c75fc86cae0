//! The report page's column-mapping step: an export's first bytes read as
//! the report reads them ([`super::bytes::ByteFeed`]: encoding, delimiter,
//! workbook), its header, its first rows, and the column each lifecycle
//! field is matched to and how — by the report's own matcher
//! ([`crate::report::mapping::Resolver`], the preset chosen as the report
//! chooses it). The page shows this and re-runs the report with the
//! mapping the user picks, which goes through `--map`'s code
//! ([`crate::report::Mapping::merge_value`]); nothing is matched in JS.

use super::{IngestError, Reading, NOT_AN_EXPORT};
use crate::csv::{split_into, trim_line_end, Frame, Framer};
use crate::report::mapping::{Choice, Field, Resolver, Target, FIELDS};
use crate::report::{presets, InputFormat, ReportOptions};
use serde::Serialize;

/// Rows shown under the header.
pub const PREVIEW_ROWS: usize = 5;

/// What the mapping step shows.
#[derive(Debug, Clone, Serialize)]
pub struct Columns {
    /// `csv`, `ndjson`, `xlsx`…
    pub format: &'static str,
    /// How the bytes were read (encoding, delimiter, sheet).
    pub reading: Reading,
    /// The header's column names (an NDJSON file: the keys of its first objects).
    pub names: Vec<String>,
    /// The first [`PREVIEW_ROWS`] rows' cells, as read.
    pub rows: Vec<Vec<String>>,
    /// The vendor preset used (`--from`, or detected from the header).
    pub preset: Option<&'static str>,
    /// Why no preset was used though several match, if so.
    pub preset_warning: Option<String>,
    /// Each lifecycle field, in the report's order.
    pub fields: Vec<FieldMatch>,
}

/// The column a lifecycle field is read from.
#[derive(Debug, Clone, Serialize)]
pub struct FieldMatch {
    /// The field (`created_at`, `owner`…).
    pub field: &'static str,
    /// Index into [`Columns::names`], or `None`.
    pub column: Option<usize>,
    /// `mapped` (the user's mapping), `name` (the field's own name),
    /// `preset` (the vendor preset's column), `alias` (a built-in alias),
    /// `none` (mapped to no column) or `missing`.
    pub how: &'static str,
    /// The report cannot run without it (`created_at`).
    pub required: bool,
}

/// Reads the first bytes of an export (`complete`: all of it) as the report
/// would with `options`, and says how its columns are matched.
pub fn columns(
    bytes: &[u8],
    complete: bool,
    format: Option<InputFormat>,
    options: &ReportOptions,
) -> Result<Columns, IngestError> {
    let mut feed = crate::report::byte_feed(&options.read, format);
    let mut text = String::new();
    let mut decided = feed.push(bytes, &mut text)?;
    if complete {
        decided = decided.or(feed.finish(&mut text)?);
    }
    let decided =
        decided.ok_or_else(|| IngestError::new(NOT_AN_EXPORT, "the file is empty or cut short"))?;
    let (names, rows) = if decided.ndjson {
        ndjson_rows(&text)
    } else {
        csv_rows(&text, decided.dialect, complete)
    };
    let (preset, preset_warning) = match presets::choose(options.preset, &names) {
        Ok(p) => (p, None),
        Err(message) => (None, Some(message)),
    };
    let mapping = &options.mapping;
    let resolver = Resolver::new(mapping, preset);
    let choice = Choice::choose(&resolver, names.iter().map(String::as_str));
    let fields = FIELDS
        .iter()
        .map(|&field| {
            let column = choice.life.get(field.index()).copied().flatten();
            FieldMatch {
                field: field.name(),
                column,
                how: how(field, column, &names, &resolver, preset, options),
                required: field == Field::CreatedAt,
            }
        })
        .collect();
    Ok(Columns {
        format: decided.format,
        reading: decided.reading,
        names,
        rows,
        preset: preset.map(|p| p.name),
        preset_warning,
        fields,
    })
}

/// How `field` came to `column` (see [`FieldMatch::how`]).
fn how(
    field: Field,
    column: Option<usize>,
    names: &[String],
    resolver: &Resolver,
    preset: Option<&presets::Preset>,
    options: &ReportOptions,
) -> &'static str {
    if options.mapping.unset().contains(field.name()) {
        return "none";
    }
    let Some(name) = column.and_then(|c| names.get(c)) else {
        return "missing";
    };
    if options.mapping.overrides().contains_key(field.name()) {
        return "mapped";
    }
    let rank = resolver
        .targets(name)
        .iter()
        .find(|(t, _)| *t == Target::Life(field))
        .map_or(0, |(_, r)| *r);
    let own = preset.map_or(0, |p| p.columns_of(field).len());
    match rank {
        0 => "name",
        r if r <= own => "preset",
        _ => "alias",
    }
}

/// The header and first rows of CSV text, cut by the report's CSV framer.
fn csv_rows(
    text: &str,
    dialect: crate::csv::Dialect,
    complete: bool,
) -> (Vec<String>, Vec<Vec<String>>) {
    let mut framer = Framer::new(dialect);
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut at = 0;
    let (mut cells, mut stray) = (Vec::new(), Vec::new());
    while records.len() <= PREVIEW_ROWS {
        let (end, ok) = match framer.next(text.as_bytes(), at, complete) {
            Frame::Record { end, .. } => (end, true),
            Frame::Broken { end, .. } => (end, false),
            Frame::More => break,
        };
        let record = trim_line_end(text.get(at..end).unwrap_or_default());
        at = end;
        if record.trim().is_empty() || !ok {
            continue;
        }
        if split_into(record, dialect, &mut cells, &mut stray).is_ok() {
            if records.is_empty() {
                framer.expect_fields(cells.len());
            }
            records.push(cells.iter().map(|c| c.to_string()).collect());
        }
    }
    let mut records = records.into_iter();
    let mut names = records.next().unwrap_or_default();
    if let Some(first) = names.first_mut() {
        // A byte-order mark left in UTF-8 text is not part of the first name.
        *first = first.trim_start_matches('\u{feff}').to_string();
    }
    (names, records.collect())
}

/// The keys of the first NDJSON objects, and their values as text.
fn ndjson_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let objects: Vec<serde_json::Map<String, serde_json::Value>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(PREVIEW_ROWS)
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut names: Vec<String> = Vec::new();
    for key in objects.iter().flat_map(|o| o.keys()) {
        if !names.contains(key) {
            names.push(key.clone());
        }
    }
    let rows = objects
        .iter()
        .map(|o| {
            names
                .iter()
                .map(|n| match o.get(n) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(v) => v.to_string(),
                })
                .collect()
        })
        .collect();
    (names, rows)
}
