//! CSV input (RFC 4180) turned into leads, and CSV output cells.
//!
//! Each cell becomes a field named by its header: an empty cell is absent, a
//! cell in JSON number syntax is a number, `true`/`false` are booleans, and the
//! `events` column holds a JSON array. Records are cut and split by the core's
//! CSV reader (`leadgate::csv`), the same one `report` and the report page use.
//! A stray quote inside an unquoted cell is kept as text, with a warning in
//! the outcome's `warnings`.

use super::input::{Batch, LineError};
use super::worker::{json_error_message, render, Job, RowKey};
use crate::csv::{split_into, trim_line_end, Dialect};
use crate::lead::Value;
use std::borrow::Cow;

/// Code of a row that is not valid CSV or does not fit the header.
pub const BAD_CSV: &str = "bad_csv";
/// Code of an `events` cell that is not JSON.
pub const BAD_EVENTS: &str = "bad_events";
/// A source's header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvHeader {
    /// Column names, unescaped.
    pub names: Vec<String>,
    /// The header record as written (without line end or byte-order mark), echoed in CSV output.
    pub raw: String,
    /// Index of the `events` column.
    pub events: Option<usize>,
    /// The delimiter its cells are split at (sniffed or `--delimiter`).
    pub dialect: Dialect,
}

/// Parses the header record (which may start with a UTF-8 byte-order mark).
pub fn parse_header(record: &[u8], dialect: Dialect) -> Result<CsvHeader, String> {
    let record = record.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(record);
    // Only a forced `--encoding utf-8` (or stdin that changed after its
    // first 64 KiB) gets here with other bytes: detection reads the rest.
    let text = std::str::from_utf8(record).map_err(|_| {
        "not valid UTF-8 (if the export is in another encoding, name it: --encoding \
         windows-1252, --encoding utf-16le…)"
            .to_string()
    })?;
    let text = trim_line_end(text);
    let (mut cells, mut stray) = (Vec::new(), Vec::new());
    split_into(text, dialect, &mut cells, &mut stray)?;
    let names: Vec<String> = cells.into_iter().map(Cow::into_owned).collect();
    let events = names.iter().position(|n| n == "events");
    Ok(CsvHeader {
        names,
        raw: text.to_string(),
        events,
        dialect,
    })
}

/// The typed value of a cell; `None` for an empty cell (the field is absent).
/// The report reads CSV in the core with the same rule, so both share one function.
pub fn cell_value(text: &str) -> Option<Value<'_>> {
    crate::csv::cell_value(Cow::Borrowed(text))
}

/// Appends a CSV cell, quoted when it holds a comma, quote or line break.
pub fn write_cell(out: &mut Vec<u8>, text: &str) {
    crate::csv::write_cell(out, text, b',');
}

/// Scores every record of a CSV batch (the records the reader thread framed).
pub fn score_batch(batch: &mut Batch, job: &Job<'_>) {
    let Batch {
        data,
        records,
        out,
        errors,
        lines,
        scored,
        header,
        ..
    } = batch;
    let Some(header) = header.as_deref() else {
        *lines = super::input::count_newlines(data);
        return;
    };
    let whole = std::str::from_utf8(data).ok();
    let mut cells = Vec::with_capacity(header.names.len());
    let mut stray = Vec::new();
    let mut pairs_capacity = header.names.len();
    let mut buffers = crate::ScoreBuffers::new();
    // Columns the model declares (`fields`) stay text: the declaration reads
    // them (`1.5` in a pt-BR column is no number, `1.000` is a thousand).
    let declared: Vec<bool> = header
        .names
        .iter()
        .map(|name| job.model.field_spec(name).is_some())
        .collect();
    let mut newlines = 0u64;
    for span in records.iter() {
        let rel = newlines;
        newlines += span.lines;
        if let Some(message) = &span.broken {
            errors.push(bad(rel, BAD_CSV, message.clone()));
            continue;
        }
        let Some(raw) = data.get(span.start..span.end) else {
            continue;
        };
        let text = match whole {
            Some(w) => w.get(span.start..span.end).map(Ok),
            None => Some(std::str::from_utf8(raw).map_err(|_| ())),
        };
        let text = match text {
            Some(Ok(t)) => trim_line_end(t),
            _ => {
                errors.push(bad(rel, BAD_CSV, crate::report::NOT_UTF8.into()));
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        if let Err(message) = split_into(text, header.dialect, &mut cells, &mut stray) {
            errors.push(bad(rel, BAD_CSV, message));
            continue;
        }
        if cells.len() != header.names.len() {
            let message = format!(
                "expected {} fields (as in the header), got {}",
                header.names.len(),
                cells.len()
            );
            errors.push(bad(rel, BAD_CSV, message));
            continue;
        }
        let mut pairs: Vec<(Cow<'_, str>, Value<'_>)> = Vec::with_capacity(pairs_capacity);
        let mut events_error = None;
        for (i, (cell, name)) in cells.iter().zip(&header.names).enumerate() {
            let cell_str: &str = cell;
            let value = if Some(i) == header.events && !cell_str.is_empty() {
                match serde_json::from_str::<Value<'_>>(cell_str) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        events_error = Some(format!("events: {}", json_error_message(&e)));
                        break;
                    }
                }
            } else if declared.get(i) == Some(&true) && !cell_str.is_empty() {
                Some(Value::String(Cow::Borrowed(cell_str)))
            } else {
                cell_value(cell_str)
            };
            if let Some(value) = value {
                pairs.push((Cow::Borrowed(name.as_str()), value));
            }
        }
        if let Some(message) = events_error {
            errors.push(bad(rel, BAD_EVENTS, message));
            continue;
        }
        pairs_capacity = pairs_capacity.max(pairs.len());
        let lead = Value::Object(pairs);
        match job.model.score_with(&lead, &job.options, &mut buffers) {
            Ok(mut outcome) => {
                for name in stray.iter().filter_map(|&i| header.names.get(i)) {
                    outcome.warnings.push(stray_quote_warning(name));
                }
                let key = RowKey::Csv(text, header.dialect.delimiter());
                render(out, &outcome, job.output, key);
                *scored += 1;
            }
            Err(e) => errors.push(bad(rel, e.code, e.message)),
        }
    }
    *lines = newlines;
}

/// The outcome warning for a stray quote kept as text in column `name`.
pub fn stray_quote_warning(name: &str) -> String {
    format!(
        "{name}: a quote inside an unquoted CSV cell was kept as text (to quote a cell, quote \
         all of it and double its quotes)"
    )
}

fn bad(line: u64, code: &'static str, message: String) -> LineError {
    LineError {
        line,
        code,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_json_numbers_and_booleans_only() {
        for n in ["0", "-1", "12.5", "1e3", "-0.5E-2", "120"] {
            assert!(crate::lead::is_json_number(n), "{n}");
        }
        for t in ["01310", "1.", ".5", "+1", "1e", "", "-", "12a", " 1"] {
            assert!(!crate::lead::is_json_number(t), "{t}");
        }
        assert_eq!(cell_value("120"), Some(Value::Number(120.0)));
        assert_eq!(cell_value("TRUE"), Some(Value::Bool(true)));
        assert_eq!(
            cell_value("01310").and_then(|v| v.as_str().map(String::from)),
            Some("01310".into())
        );
        assert!(matches!(
            cell_value("1234567890123456"),
            Some(Value::String(_))
        ));
        assert_eq!(cell_value(""), None);
    }

    #[test]
    fn quotes_output_cells_when_needed() {
        let mut out = Vec::new();
        write_cell(&mut out, "plain");
        out.push(b'|');
        write_cell(&mut out, "a,\"b\"");
        assert_eq!(String::from_utf8(out).unwrap(), "plain|\"a,\"\"b\"\"\"");
    }

    #[test]
    fn reads_headers_with_bom() {
        let h = parse_header(b"\xEF\xBB\xBFemail,company.size,events\r\n", Dialect::COMMA).unwrap();
        assert_eq!(h.names, ["email", "company.size", "events"]);
        assert_eq!(h.events, Some(2));
        assert_eq!(h.raw, "email,company.size,events");
    }
}
