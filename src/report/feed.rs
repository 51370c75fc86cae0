//! Records of an export, cut from text given whole or in slices, and read
//! into rows by a [`Records`] reader: the report's [`RowReader`] makes
//! [`RowResult`]s, `tune` makes rows of its own from the same records.
//!
//! CSV records are cut by the one CSV reader ([`crate::csv::Framer`]) that the
//! CLI uses, so line numbers agree with it. Each slice is scanned once,
//! whatever the slicing: an unfinished record is resumed, never re-read.

use super::row::{CsvColumns, RowReader, RowResult};
use super::{codes, InputFormat, ReportError, RowProblem};
use crate::csv::{trim_line_end, Dialect, Frame, Framer};
use std::collections::BTreeMap;

/// The column (or NDJSON key) read for each lifecycle field.
pub type Summary = BTreeMap<&'static str, Option<String>>;

/// Turns the records of an export into rows of some kind.
pub trait Records: Sync {
    /// What one record becomes.
    type Row: Send;
    /// Resolves a CSV header split at `dialect`'s delimiter (fails without
    /// a `created_at` column, naming the delimiter and the columns seen).
    fn columns(&self, names: &[String], dialect: Dialect) -> Result<CsvColumns, ReportError>;
    /// For an NDJSON line that is an object: the key read for each lifecycle field.
    fn ndjson_summary(&self, text: &str) -> Option<Summary>;
    /// One CSV record that is not blank, without its line end (`None`: left out).
    fn csv(&self, cols: &CsvColumns, record: &str, line: u64) -> Option<Self::Row>;
    /// One NDJSON line without its line end (`None`: blank, or left out).
    fn ndjson(&self, text: &str, line: u64) -> Option<Self::Row>;
    /// A record that could not be read at all (a broken CSV line, bytes that are not UTF-8).
    fn unreadable(&self, problem: RowProblem) -> Option<Self::Row>;
}

impl Records for RowReader<'_> {
    type Row = RowResult;
    fn columns(&self, names: &[String], dialect: Dialect) -> Result<CsvColumns, ReportError> {
        RowReader::columns(self, names, dialect)
    }
    fn ndjson_summary(&self, text: &str) -> Option<Summary> {
        RowReader::ndjson_summary(self, text)
    }
    fn csv(&self, cols: &CsvColumns, record: &str, line: u64) -> Option<RowResult> {
        Some(self.csv_record(cols, record, line))
    }
    fn ndjson(&self, text: &str, line: u64) -> Option<RowResult> {
        self.ndjson_line(text, line)
    }
    fn unreadable(&self, problem: RowProblem) -> Option<RowResult> {
        Some(RowResult::unreadable(problem))
    }
}

/// Where the rows of a feed go, in input order.
pub trait RowSink<Row> {
    /// The lifecycle columns, once, before the first row.
    fn columns(&mut self, summary: Summary);
    /// The next row.
    fn row(&mut self, row: Row);
}

/// Text being cut into records as it arrives.
#[derive(Debug, Clone)]
pub struct TextFeed {
    format: InputFormat,
    /// Text after the last complete record.
    carry: String,
    /// Line number of the first line in `carry`.
    line: u64,
    header: Option<CsvColumns>,
    described: bool,
    failed: Option<ReportError>,
    /// Cuts CSV records, resuming an unfinished one as text arrives.
    framer: Framer,
    /// NDJSON: bytes of `carry` already searched for a line end.
    scanned: usize,
    /// Whether any text came yet (a byte-order mark can only lead the first).
    started: bool,
    /// The CSV delimiter.
    dialect: Dialect,
}

impl TextFeed {
    /// A feed of `format` text (CSV split at commas).
    pub fn new(format: InputFormat) -> TextFeed {
        TextFeed::with_dialect(format, Dialect::COMMA)
    }

    /// A feed of `format` text, CSV split at `dialect`'s delimiter.
    pub fn with_dialect(format: InputFormat, dialect: Dialect) -> TextFeed {
        TextFeed {
            format,
            carry: String::new(),
            line: 1,
            header: None,
            described: false,
            failed: None,
            framer: Framer::new(dialect),
            dialect,
            scanned: 0,
            started: false,
        }
    }

    /// Adds the next slice of the input (slices may cut records anywhere).
    pub fn push<R: Records>(
        &mut self,
        chunk: &str,
        records: &R,
        sink: &mut impl RowSink<R::Row>,
    ) -> Result<(), ReportError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let chunk = match self.started {
            // A byte-order mark is no text: left in, it would hide a quote
            // opening the header's first cell from the framer.
            false => chunk.strip_prefix('\u{feff}').unwrap_or(chunk),
            true => chunk,
        };
        self.started |= !chunk.is_empty();
        self.carry.push_str(chunk);
        self.drain(false, records, sink)
    }

    /// Ends the input: reads what is left.
    pub fn finish<R: Records>(
        &mut self,
        records: &R,
        sink: &mut impl RowSink<R::Row>,
    ) -> Result<(), ReportError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.drain(true, records, sink)
    }

    /// Reads every complete record in `carry` (at the end of the input, all of it).
    fn drain<R: Records>(
        &mut self,
        eof: bool,
        records: &R,
        sink: &mut impl RowSink<R::Row>,
    ) -> Result<(), ReportError> {
        let carry = std::mem::take(&mut self.carry);
        let mut start = 0;
        let mut result = Ok(());
        while start < carry.len() && result.is_ok() {
            let line = self.line;
            let (end, lines) = match self.next_record(&carry, start, eof) {
                Frame::Record { end, lines } => {
                    let text = carry.get(start..end).unwrap_or("");
                    result = self.record(text, line, records, sink);
                    (end, lines)
                }
                Frame::Broken {
                    end,
                    lines,
                    message,
                } => {
                    result = self.broken(line, &message, records, sink);
                    (end, lines)
                }
                Frame::More => break,
            };
            self.line += lines;
            start = end;
        }
        self.scanned = self.scanned.saturating_sub(start);
        self.carry = carry;
        self.carry.drain(..start.min(self.carry.len()));
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// The next record: a CSV record from the framer, or an NDJSON line.
    fn next_record(&mut self, text: &str, start: usize, eof: bool) -> Frame {
        if self.format == InputFormat::Csv {
            return self.framer.next(text.as_bytes(), start, eof);
        }
        let from = self.scanned.max(start);
        let rest = text.as_bytes().get(from..).unwrap_or_default();
        match memchr::memchr(b'\n', rest) {
            Some(i) => {
                self.scanned = from + i + 1;
                Frame::Record {
                    end: from + i + 1,
                    lines: 1,
                }
            }
            None if eof => Frame::Record {
                end: text.len(),
                lines: 0,
            },
            None => {
                self.scanned = text.len();
                Frame::More
            }
        }
    }

    /// A CSV line the framer gave up: a problem of its own, or the end of
    /// the input when it was the header.
    fn broken<R: Records>(
        &mut self,
        line: u64,
        message: &str,
        records: &R,
        sink: &mut impl RowSink<R::Row>,
    ) -> Result<(), ReportError> {
        if self.header.is_none() {
            return Err(ReportError::new(
                codes::BAD_CSV,
                format!("the header: {message}"),
            ));
        }
        if let Some(row) = records.unreadable(RowProblem::bad_csv(line, message)) {
            sink.row(row);
        }
        Ok(())
    }

    fn record<R: Records>(
        &mut self,
        record: &str,
        line: u64,
        records: &R,
        sink: &mut impl RowSink<R::Row>,
    ) -> Result<(), ReportError> {
        let text = trim_line_end(record);
        match self.format {
            InputFormat::Csv => {
                if text.trim().is_empty() {
                    return Ok(());
                }
                match &self.header {
                    Some(cols) => {
                        if let Some(row) = records.csv(cols, text, line) {
                            sink.row(row);
                        }
                    }
                    None => {
                        let names = RowReader::header_names(text, self.dialect)?;
                        let cols = records.columns(&names, self.dialect)?;
                        self.framer.expect_fields(names.len());
                        sink.columns(cols.summary());
                        self.header = Some(cols);
                    }
                }
            }
            InputFormat::Ndjson => {
                // The first line that is not blank names the columns, as the CLI's
                // first batch does (a line that is not an object names none).
                if !self.described && !text.trim().is_empty() {
                    self.described = true;
                    if let Some(columns) = records.ndjson_summary(text) {
                        sink.columns(columns);
                    }
                }
                if let Some(row) = records.ndjson(text, line) {
                    sink.row(row);
                }
            }
        }
        Ok(())
    }
}
