//! Records of an export, cut from text given whole or in slices, and read
//! into rows by a [`Records`] reader: the report's [`RowReader`] makes
//! [`RowResult`]s, `tune` makes rows of its own from the same records.
//!
//! CSV records are cut by the one CSV reader ([`crate::csv::Framer`]) that the
//! CLI uses, so line numbers agree with it. Each slice is scanned once,
//! whatever the slicing: an unfinished record is resumed, never re-read.
//! The first [`SAMPLE_ROWS`] records are held until they settle the date
//! columns (`settle.rs`), then read: the CLI holds the same records.

use super::row::{CsvColumns, RowReader, RowResult};
use super::settle::{ReadNotes, SAMPLE_ROWS};
use super::{codes, InputFormat, ReportError, RowProblem};
use crate::csv::{trim_line_end, Dialect, Frame, Framer};
use std::collections::BTreeMap;

/// The column (or NDJSON key) read for each lifecycle field.
pub type Summary = BTreeMap<&'static str, Option<String>>;

/// Turns the records of an export into rows of some kind.
pub trait Records: Sync {
    /// What one record becomes.
    type Row: Send;
    /// Resolves a CSV header split at `dialect`'s delimiter and settles its
    /// date columns from `sample`, the first [`SAMPLE_ROWS`] records (fails
    /// without a `created_at` column, naming the delimiter and the columns seen).
    fn columns(
        &self,
        names: &[String],
        dialect: Dialect,
        sample: &[&str],
    ) -> Result<CsvColumns, ReportError>;
    /// Settles NDJSON input's date fields from its first lines.
    fn ndjson_columns(&self, sample: &[&str]) -> Result<CsvColumns, ReportError>;
    /// For an NDJSON line that is an object: the key read for each lifecycle field.
    fn ndjson_summary(&self, text: &str) -> Option<Summary>;
    /// One CSV record that is not blank, without its line end (`None`: left out).
    fn csv(&self, cols: &CsvColumns, record: &str, line: u64) -> Option<Self::Row>;
    /// One NDJSON line without its line end (`None`: blank, or left out).
    fn ndjson(&self, cols: &CsvColumns, text: &str, line: u64) -> Option<Self::Row>;
    /// A record that could not be read at all (a broken CSV line, bytes that are not UTF-8).
    fn unreadable(&self, problem: RowProblem) -> Option<Self::Row>;
}

impl Records for RowReader<'_> {
    type Row = RowResult;
    fn columns(
        &self,
        names: &[String],
        dialect: Dialect,
        sample: &[&str],
    ) -> Result<CsvColumns, ReportError> {
        RowReader::columns(self, names, dialect, sample)
    }
    fn ndjson_columns(&self, sample: &[&str]) -> Result<CsvColumns, ReportError> {
        RowReader::ndjson_columns(self, sample)
    }
    fn ndjson_summary(&self, text: &str) -> Option<Summary> {
        RowReader::ndjson_summary(self, text)
    }
    fn csv(&self, cols: &CsvColumns, record: &str, line: u64) -> Option<RowResult> {
        Some(self.csv_record(cols, record, line))
    }
    fn ndjson(&self, cols: &CsvColumns, text: &str, line: u64) -> Option<RowResult> {
        self.ndjson_line(cols, text, line)
    }
    fn unreadable(&self, problem: RowProblem) -> Option<RowResult> {
        Some(RowResult::unreadable(problem))
    }
}

/// Where the rows of a feed go, in input order.
pub trait RowSink<Row> {
    /// The lifecycle columns, once, before the first row.
    fn columns(&mut self, summary: Summary);
    /// How the export's dates were settled and the warnings, once, before the first row.
    fn notes(&mut self, _notes: &ReadNotes) {}
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
    /// The CSV header's names, once read.
    names: Option<Vec<String>>,
    /// How records are read, once the sample settled it.
    settled: Option<CsvColumns>,
    /// The first records, held until they settle the columns.
    held: Vec<Held>,
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
            names: None,
            settled: None,
            held: Vec::new(),
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
        self.drain(true, records, sink)?;
        if self.settled.is_none() {
            let result = self.settle(records, sink);
            if let Err(e) = &result {
                self.failed = Some(e.clone());
            }
            return result;
        }
        Ok(())
    }

    /// Settles the columns from the held records, then reads them.
    fn settle<R: Records>(
        &mut self,
        records: &R,
        sink: &mut impl RowSink<R::Row>,
    ) -> Result<(), ReportError> {
        let held = std::mem::take(&mut self.held);
        let sample: Vec<&str> = held
            .iter()
            .filter_map(|h| match h {
                Held::Record(text, _) => Some(text.as_str()),
                Held::Broken(..) => None,
            })
            .collect();
        let cols = match (self.format, &self.names) {
            (InputFormat::Csv, Some(names)) => {
                let cols = records.columns(names, self.dialect, &sample)?;
                sink.columns(cols.summary());
                cols
            }
            // No header: no records either.
            (InputFormat::Csv, None) => return Ok(()),
            (InputFormat::Ndjson, _) => {
                let cols = records.ndjson_columns(&sample)?;
                // The first line that is not blank names the columns, as the CLI's
                // first batch does (a line that is not an object names none).
                if let Some(columns) = sample.first().and_then(|t| records.ndjson_summary(t)) {
                    sink.columns(columns);
                }
                cols
            }
        };
        sink.notes(cols.notes());
        for h in &held {
            let row = match h {
                Held::Record(text, line) if self.format == InputFormat::Csv => {
                    records.csv(&cols, text, *line)
                }
                Held::Record(text, line) => records.ndjson(&cols, text, *line),
                Held::Broken(message, line) => {
                    records.unreadable(RowProblem::bad_csv(*line, message))
                }
            };
            sink.extend(row);
        }
        self.settled = Some(cols);
        Ok(())
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
        if self.names.is_none() {
            return Err(ReportError::new(
                codes::BAD_CSV,
                format!("the header: {message}"),
            ));
        }
        if self.settled.is_none() {
            self.held.push(Held::Broken(message.to_string(), line));
            return Ok(());
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
        if text.trim().is_empty() {
            // Blank lines are no records (nor rows) in either format.
            return Ok(());
        }
        if self.format == InputFormat::Csv && self.names.is_none() {
            let names = RowReader::header_names(text, self.dialect)?;
            self.framer.expect_fields(names.len());
            self.names = Some(names);
            return Ok(());
        }
        match &self.settled {
            Some(cols) => {
                let row = match self.format {
                    InputFormat::Csv => records.csv(cols, text, line),
                    InputFormat::Ndjson => records.ndjson(cols, text, line),
                };
                sink.extend(row);
            }
            None => {
                self.held.push(Held::Record(text.to_string(), line));
                let sampled = self
                    .held
                    .iter()
                    .filter(|h| matches!(h, Held::Record(..)))
                    .count();
                if sampled >= SAMPLE_ROWS {
                    self.settle(records, sink)?;
                }
            }
        }
        Ok(())
    }
}

/// A record held for the sample: its text (or why it could not be cut) and line.
#[derive(Debug, Clone)]
enum Held {
    Record(String, u64),
    Broken(String, u64),
}

/// Hands optional rows to a sink.
trait Extend<Row> {
    fn extend(&mut self, row: Option<Row>);
}

impl<Row, S: RowSink<Row> + ?Sized> Extend<Row> for S {
    fn extend(&mut self, row: Option<Row>) {
        if let Some(row) = row {
            self.row(row);
        }
    }
}
