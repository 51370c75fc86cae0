//! The one CSV reader (RFC 4180) of `leadgate score`, `leadgate report` and
//! the report page (through the report wasm): pure Rust, no I/O, no JS.
//!
//! It owns two steps, kept apart so the CLI can do the first on its reader
//! thread and the second on every core:
//!
//! - [`Framer`] cuts bytes into records. A quoted cell may span lines, but is
//!   bounded by [`MAX_QUOTED_CELL`]; a record that cannot be read (an
//!   unclosed or oversized quoted cell, quoting that breaks after a line
//!   break) costs only its first line, reported as `bad_csv`: reading resumes
//!   at the next line, so good rows after a bad one are still read. Each
//!   byte is scanned once, resumably as input arrives.
//! - [`split_into`] splits one record into unescaped cells. A stray quote
//!   inside an unquoted cell (`Diretor "Comercial`) is kept as text and
//!   noted, so callers can warn about it.
//!
//! The delimiter is a [`Dialect`]: `,`, or the `;`, tab or `|` sniffed by
//! [`crate::ingest::sniff::delimiter`] (or forced by `--delimiter`). Cells are typed by
//! [`cell_value`], one rule for every surface. This module never depends on
//! the report or the CLI; `leadgate/lite` never calls it, so it stays out of
//! that build.

mod cells;
mod frame;

pub use cells::split_into;
pub use frame::{Frame, Framer};

use crate::lead::{is_json_number, Value};
use std::borrow::Cow;

/// The most bytes a quoted cell may take, quotes included: 1 MiB.
///
/// Why this number: it is far above any real CRM cell (a spreadsheet cell
/// holds at most 32,767 characters; Salesforce's long text areas 131,072,
/// under 512 KiB in UTF-8), yet it bounds what one stray quote can cost: the
/// reader holds at most this much of an unfinished record, and a quote that
/// never closes is given up after 1 MiB rather than at the end of the file.
pub const MAX_QUOTED_CELL: usize = 1 << 20;

/// Digits a double holds exactly: longer numbers (IDs, phone numbers) stay text.
const MAX_NUMBER_DIGITS: usize = 15;

/// How a CSV text is written: its delimiter (the quote is always `"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    delimiter: u8,
    /// Each record is one row of a workbook's sheet (the CSV text
    /// `ingest::sheet` writes): it counts as one line whatever line breaks
    /// its cells hold, so a row's line number stays its row in the sheet.
    rows: bool,
}

impl Default for Dialect {
    fn default() -> Dialect {
        Dialect::COMMA
    }
}

impl Dialect {
    /// Comma-separated values: what every surface reads today.
    pub const COMMA: Dialect = Dialect {
        delimiter: b',',
        rows: false,
    };

    /// The CSV text of a workbook's sheet: comma-separated, one record per
    /// sheet row (see `rows`).
    pub const SHEET: Dialect = Dialect {
        delimiter: b',',
        rows: true,
    };

    /// A dialect with another ASCII delimiter (`;`, tab, `|`); `None` for a
    /// quote, a line break or a non-ASCII byte, which cannot delimit.
    pub fn with_delimiter(delimiter: u8) -> Option<Dialect> {
        let usable = delimiter.is_ascii() && !matches!(delimiter, b'"' | b'\n' | b'\r');
        usable.then_some(Dialect {
            delimiter,
            rows: false,
        })
    }

    /// The delimiter byte.
    pub fn delimiter(self) -> u8 {
        self.delimiter
    }

    /// Whether each record counts as one line (a workbook's rows).
    pub fn rows(self) -> bool {
        self.rows
    }

    // This and the two functions below are left out of `leadgate/lite`,
    // which never reads CSV: unused as they are there, they still shifted
    // its bytes (+155 B raw, +31 B gzip measured).
    #[cfg(any(feature = "cli", feature = "report-wasm"))]
    /// The delimiter as errors and the report's `input` show it: `,`, `;`,
    /// `|`, or `tab` (a tab character is invisible in a message).
    pub fn name(self) -> String {
        match self.delimiter {
            b'\t' => "tab".to_string(),
            d => char::from(d).to_string(),
        }
    }
}

#[cfg(any(feature = "cli", feature = "report-wasm"))]
/// How many cells a record has when split with `dialect`, by the one quote
/// scanner; `None` when its quoting breaks (or holds a stray quote) under
/// that delimiter. Delimiter sniffing compares these widths.
pub fn record_width(record: &[u8], dialect: Dialect) -> Option<usize> {
    cells::clean_width(trim_line_end_bytes(record), dialect)
}

/// The typed value of a cell; `None` for an empty cell (the field is absent).
/// Empty is absent, JSON number syntax is a number (unless leading zeros or
/// more than 15 digits say it is an ID), `true`/`false` in any case are
/// booleans, anything else is text.
pub fn cell_value(text: Cow<'_, str>) -> Option<Value<'_>> {
    if text.is_empty() {
        return None;
    }
    if text.bytes().filter(u8::is_ascii_digit).count() <= MAX_NUMBER_DIGITS {
        // Text of the ambiguous shape (`1.000`) stays text: the field's
        // declaration, or the warning, decides (`value::number_text`).
        if let Some(n) = crate::value::number_text(&text)
            .ok()
            .filter(|_| is_json_number(&text))
        {
            return Some(Value::Number(n));
        }
    }
    if text.eq_ignore_ascii_case("true") {
        return Some(Value::Bool(true));
    }
    if text.eq_ignore_ascii_case("false") {
        return Some(Value::Bool(false));
    }
    Some(Value::String(text))
}

#[cfg(any(feature = "cli", feature = "report-wasm"))]
/// Appends a CSV cell, quoted when it holds the delimiter, a quote or a line
/// break (quotes doubled inside).
pub fn write_cell(out: &mut Vec<u8>, text: &str, delimiter: u8) {
    if text
        .bytes()
        .any(|c| c == delimiter || matches!(c, b'"' | b'\n' | b'\r'))
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

/// A record without its `\n` / `\r\n`.
pub fn trim_line_end(text: &str) -> &str {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.strip_suffix('\r').unwrap_or(text)
}

/// A record's bytes without their `\n` / `\r\n`.
fn trim_line_end_bytes(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.strip_suffix(b"\r").unwrap_or(bytes)
}

/// The UTF-8 byte-order mark some Windows tools write before the header.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests;
