//! A report from text given whole or in slices (the browser reads a dropped
//! file in chunks): CSV records are cut by the one CSV reader
//! ([`crate::csv::Framer`]) that `leadgate report` uses, so line numbers and
//! results agree with the CLI. Each slice is scanned once, whatever the
//! slicing: an unfinished record is resumed, never re-read from its start.

use super::aggregate::Aggregator;
use super::output::Report;
use super::row::{CsvColumns, RowReader, RowResult};
use super::{codes, InputFormat, ReportError, ReportOptions};
use crate::csv::{trim_line_end, Dialect, Frame, Framer};
use crate::model::CompiledModel;

/// A report being built from text chunks.
#[derive(Debug, Clone)]
pub struct TextReport<'m> {
    reader: RowReader<'m>,
    aggregator: Aggregator<'m>,
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
}

impl<'m> TextReport<'m> {
    /// Starts a report of `format` text for `model`.
    pub fn new(
        model: &'m CompiledModel,
        format: InputFormat,
        options: &ReportOptions,
    ) -> TextReport<'m> {
        TextReport {
            reader: RowReader::new(model, options),
            aggregator: Aggregator::new(model, options, format.as_str()),
            format,
            carry: String::new(),
            line: 1,
            header: None,
            described: false,
            failed: None,
            framer: Framer::new(Dialect::COMMA),
            scanned: 0,
            started: false,
        }
    }

    /// Adds the next slice of the input (slices may cut records anywhere).
    pub fn push(&mut self, chunk: &str) -> Result<(), ReportError> {
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
        let result = self.drain(false);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// Ends the input and returns the report.
    pub fn finish(mut self) -> Result<Report, ReportError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.drain(true)?;
        Ok(self.aggregator.finish())
    }

    /// Reads every complete record in `carry` (at the end of the input, all of it).
    fn drain(&mut self, eof: bool) -> Result<(), ReportError> {
        let carry = std::mem::take(&mut self.carry);
        let mut start = 0;
        let mut result = Ok(());
        while start < carry.len() && result.is_ok() {
            let line = self.line;
            let (end, lines) = match self.next_record(&carry, start, eof) {
                Frame::Record { end, lines } => {
                    result = self.record(carry.get(start..end).unwrap_or(""), line);
                    (end, lines)
                }
                Frame::Broken {
                    end,
                    lines,
                    message,
                } => {
                    result = self.broken(line, &message);
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
    /// the report when it was the header.
    fn broken(&mut self, line: u64, message: &str) -> Result<(), ReportError> {
        if self.header.is_none() {
            return Err(ReportError::new(
                codes::BAD_CSV,
                format!("the header: {message}"),
            ));
        }
        self.aggregator.add(RowResult::bad_csv(line, message));
        Ok(())
    }

    fn record(&mut self, record: &str, line: u64) -> Result<(), ReportError> {
        let text = trim_line_end(record);
        match self.format {
            InputFormat::Csv => {
                if text.trim().is_empty() {
                    return Ok(());
                }
                match &self.header {
                    Some(cols) => {
                        let row = self.reader.csv_record(cols, text, line);
                        self.aggregator.add(row);
                    }
                    None => {
                        let names = RowReader::header_names(text)?;
                        let cols = self.reader.columns(&names)?;
                        self.framer.expect_fields(names.len());
                        self.aggregator.set_columns(cols.summary());
                        self.header = Some(cols);
                    }
                }
            }
            InputFormat::Ndjson => {
                if let Some(row) = self.reader.ndjson_line(text, line) {
                    if !self.described {
                        self.described = true;
                        if let Some(columns) = self.reader.ndjson_summary(text) {
                            self.aggregator.set_columns(columns);
                        }
                    }
                    self.aggregator.add(row);
                }
            }
        }
        Ok(())
    }
}

/// The report of a whole CSV or NDJSON text.
pub fn report_text(
    model: &CompiledModel,
    text: &str,
    format: InputFormat,
    options: &ReportOptions,
) -> Result<Report, ReportError> {
    let mut report = TextReport::new(model, format, options);
    report.push(text)?;
    report.finish()
}
