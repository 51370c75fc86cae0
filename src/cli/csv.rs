//! CSV input (RFC 4180) turned into leads, and CSV output cells.
//!
//! Each cell becomes a field named by its header: an empty cell is absent, a
//! cell in JSON number syntax is a number, `true`/`false` are booleans, and the
//! `events` column holds a JSON array. Cells borrow from the input unless they
//! had `""` escapes, which are unescaped into one scratch string per row.

use super::input::{Batch, LineError};
use super::worker::{json_error_message, render, Job, RowKey};
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
}

/// Where a cell's text is: in the record, or unescaped into the row's scratch string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Raw(usize, usize),
    Unescaped(usize, usize),
}

/// Parses the header record (which may start with a UTF-8 byte-order mark).
pub fn parse_header(record: &[u8]) -> Result<CsvHeader, String> {
    let record = record.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(record);
    let text = std::str::from_utf8(record).map_err(|_| "not valid UTF-8".to_string())?;
    let text = trim_line_end(text);
    let mut cells = Vec::new();
    let mut scratch = String::new();
    split_record(text, &mut cells, &mut scratch)?;
    let names: Vec<String> = cells
        .iter()
        .map(|c| cell_text(text, &scratch, *c).to_string())
        .collect();
    let events = names.iter().position(|n| n == "events");
    Ok(CsvHeader {
        names,
        raw: text.to_string(),
        events,
    })
}

/// A record without its `\n` / `\r\n`.
fn trim_line_end(text: &str) -> &str {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.strip_suffix('\r').unwrap_or(text)
}

fn cell_text<'a>(record: &'a str, scratch: &'a str, cell: Cell) -> &'a str {
    match cell {
        Cell::Raw(a, b) => record.get(a..b),
        Cell::Unescaped(a, b) => scratch.get(a..b),
    }
    .unwrap_or("")
}

/// Splits one record into cells; quoted cells with `""` are unescaped into `scratch`.
fn split_record(record: &str, cells: &mut Vec<Cell>, scratch: &mut String) -> Result<(), String> {
    cells.clear();
    let bytes = record.as_bytes();
    let mut at = 0;
    loop {
        if bytes.get(at) == Some(&b'"') {
            let (cell, after) = quoted_cell(record, at, scratch)?;
            cells.push(cell);
            match bytes.get(after) {
                None => return Ok(()),
                Some(b',') => at = after + 1,
                Some(_) => {
                    return Err(format!("field {}: text after a closing quote", cells.len()))
                }
            }
        } else {
            let rest = bytes.get(at..).unwrap_or_default();
            let end = memchr::memchr(b',', rest).map_or(bytes.len(), |p| at + p);
            if rest.get(..end - at).is_some_and(|c| c.contains(&b'"')) {
                return Err(format!(
                    "field {}: a quote inside an unquoted field (quote the whole field and double the quote)",
                    cells.len() + 1
                ));
            }
            cells.push(Cell::Raw(at, end));
            if end == bytes.len() {
                return Ok(());
            }
            at = end + 1;
        }
    }
}

/// A quoted cell starting at `open`; returns it and the index after its closing quote.
fn quoted_cell(record: &str, open: usize, scratch: &mut String) -> Result<(Cell, usize), String> {
    let bytes = record.as_bytes();
    let start = open + 1;
    let mut piece = start;
    let mut unescaped: Option<usize> = None;
    loop {
        let rest = bytes.get(piece..).unwrap_or_default();
        let Some(q) = memchr::memchr(b'"', rest).map(|p| piece + p) else {
            return Err("a quoted field is not closed".into());
        };
        if bytes.get(q + 1) == Some(&b'"') {
            // `""` is one quote: copy up to and including the first.
            unescaped.get_or_insert(scratch.len());
            scratch.push_str(record.get(piece..=q).unwrap_or(""));
            piece = q + 2;
            continue;
        }
        let cell = match unescaped {
            Some(from) => {
                scratch.push_str(record.get(piece..q).unwrap_or(""));
                Cell::Unescaped(from, scratch.len())
            }
            None => Cell::Raw(start, q),
        };
        return Ok((cell, q + 1));
    }
}

/// The typed value of a cell; `None` for an empty cell (the field is absent).
/// The report reads CSV in the core with the same rule, so both share one function.
pub fn cell_value(text: &str) -> Option<Value<'_>> {
    crate::report::csv::cell_value(Cow::Borrowed(text))
}

/// Appends a CSV cell, quoted when it holds a comma, quote or line break.
pub fn write_cell(out: &mut Vec<u8>, text: &str) {
    if text
        .bytes()
        .any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r'))
    {
        out.push(b'"');
        for piece in text.split('"') {
            out.extend_from_slice(piece.as_bytes());
            out.extend_from_slice(b"\"\"");
        }
        // Each piece added a doubled quote; the last one is the closing quote instead.
        out.pop();
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

/// Scores every record of a CSV batch.
pub fn score_batch(batch: &mut Batch, job: &Job<'_>) {
    let Batch {
        data,
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
    let mut scratch = String::new();
    let mut pairs_capacity = header.names.len();
    let mut newlines = 0u64;
    let mut start = 0usize;
    while start < data.len() {
        let (end, record_lines) = record_end(data, start);
        let rel = newlines;
        newlines += record_lines;
        let range = (start, end);
        start = end;
        let Some(raw) = data.get(range.0..range.1) else {
            continue;
        };
        let text = match whole {
            Some(w) => w.get(range.0..range.1).map(Ok),
            None => Some(std::str::from_utf8(raw).map_err(|_| ())),
        };
        let text = match text {
            Some(Ok(t)) => trim_line_end(t),
            _ => {
                errors.push(bad(rel, BAD_CSV, "not valid UTF-8".into()));
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        scratch.clear();
        if let Err(message) = split_record(text, &mut cells, &mut scratch) {
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
            let cell_str = cell_text(text, &scratch, *cell);
            let value = if Some(i) == header.events && !cell_str.is_empty() {
                match serde_json::from_str::<Value<'_>>(cell_str) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        events_error = Some(format!("events: {}", json_error_message(&e)));
                        break;
                    }
                }
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
        match job.model.score(&lead, &job.options) {
            Ok(outcome) => {
                render(out, &outcome, job.output, RowKey::Csv(text));
                *scored += 1;
            }
            Err(e) => errors.push(bad(rel, e.code, e.message)),
        }
    }
    *lines = newlines;
}

fn bad(line: u64, code: &'static str, message: String) -> LineError {
    LineError {
        line,
        code,
        message,
    }
}

/// The end of the record starting at `start` (after its newline) and the newlines it spans.
fn record_end(data: &[u8], start: usize) -> (usize, u64) {
    let rest = data.get(start..).unwrap_or_default();
    let mut in_quotes = false;
    let mut newlines = 0;
    for pos in memchr::memchr2_iter(b'"', b'\n', rest) {
        if rest.get(pos) == Some(&b'"') {
            in_quotes = !in_quotes;
        } else {
            newlines += 1;
            if !in_quotes {
                return (start + pos + 1, newlines);
            }
        }
    }
    (data.len(), newlines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(record: &str) -> Result<Vec<String>, String> {
        let mut cells = Vec::new();
        let mut scratch = String::new();
        split_record(record, &mut cells, &mut scratch)?;
        Ok(cells
            .iter()
            .map(|c| cell_text(record, &scratch, *c).to_string())
            .collect())
    }

    #[test]
    fn splits_rfc4180_records() {
        assert_eq!(cells("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(
            cells(r#""x,y","say ""hi""","""""#).unwrap(),
            ["x,y", r#"say "hi""#, "\""]
        );
        assert_eq!(cells("a,").unwrap(), ["a", ""]);
        assert_eq!(cells("\"multi\nline\",z").unwrap(), ["multi\nline", "z"]);
        assert!(cells(r#""open,b"#).is_err());
        assert!(cells(r#""a"b,c"#).is_err());
        assert!(cells(r#"a"b,c"#).is_err());
    }

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
        let h = parse_header(b"\xEF\xBB\xBFemail,company.size,events\r\n").unwrap();
        assert_eq!(h.names, ["email", "company.size", "events"]);
        assert_eq!(h.events, Some(2));
        assert_eq!(h.raw, "email,company.size,events");
    }
}
