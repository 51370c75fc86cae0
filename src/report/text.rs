//! A report from text given whole or in slices (the browser reads a dropped
//! file in chunks): records are cut exactly as the CLI's reader cuts them, so
//! line numbers and results agree with `leadgate report`.

use super::aggregate::Aggregator;
use super::csv::{record_end, trim_line_end};
use super::output::Report;
use super::row::{CsvColumns, RowReader};
use super::{InputFormat, ReportError, ReportOptions};
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
        }
    }

    /// Adds the next slice of the input (slices may cut records anywhere).
    pub fn push(&mut self, chunk: &str) -> Result<(), ReportError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        self.carry.push_str(chunk);
        let carry = std::mem::take(&mut self.carry);
        let csv = self.format == InputFormat::Csv;
        let mut start = 0;
        let mut result = Ok(());
        while let Some((end, newlines)) = record_end(&carry, start, csv) {
            let record = carry.get(start..end).unwrap_or("");
            result = self.record(record);
            self.line += newlines;
            start = end;
            if result.is_err() {
                break;
            }
        }
        self.carry = carry.get(start..).unwrap_or("").to_string();
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
        let rest = std::mem::take(&mut self.carry);
        if !rest.is_empty() {
            self.record(&rest)?;
        }
        Ok(self.aggregator.finish())
    }

    fn record(&mut self, record: &str) -> Result<(), ReportError> {
        let text = trim_line_end(record);
        match self.format {
            InputFormat::Csv => {
                if text.trim().is_empty() {
                    return Ok(());
                }
                match &self.header {
                    Some(cols) => {
                        let row = self.reader.csv_record(cols, text, self.line);
                        self.aggregator.add(row);
                    }
                    None => {
                        let names = RowReader::header_names(text)?;
                        let cols = self.reader.columns(&names)?;
                        self.aggregator.set_columns(cols.summary());
                        self.header = Some(cols);
                    }
                }
            }
            InputFormat::Ndjson => {
                if let Some(row) = self.reader.ndjson_line(text, self.line) {
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
