//! A report from text given whole or in slices (the browser reads a dropped
//! file in chunks): a [`TextFeed`] cuts the records exactly as `leadgate
//! report` does, so line numbers and results agree with the CLI.

use super::aggregate::Aggregator;
use super::feed::{RowSink, Summary, TextFeed};
use super::output::Report;
use super::row::{RowReader, RowResult};
use super::{InputFormat, ReportError, ReportOptions};
use crate::model::CompiledModel;

/// A report being built from text chunks.
#[derive(Debug, Clone)]
pub struct TextReport<'m> {
    reader: RowReader<'m>,
    aggregator: Aggregator<'m>,
    feed: TextFeed,
}

/// The aggregator, telling the reader which NDJSON fields are named; rows
/// pass the aggregator's footer hold (Salesforce footers) on their way in.
struct Fold<'a, 'm> {
    reader: &'a RowReader<'m>,
    aggregator: &'a mut Aggregator<'m>,
}

impl RowSink<RowResult> for Fold<'_, '_> {
    fn columns(&mut self, summary: Summary) {
        self.reader.note_named(&summary);
        self.aggregator.set_columns(summary);
    }
    fn notes(&mut self, notes: &super::settle::ReadNotes) {
        self.aggregator.set_notes(notes);
    }
    fn row(&mut self, row: RowResult) {
        for row in self.aggregator.footer.push(row) {
            self.add(row);
        }
    }
}

impl Fold<'_, '_> {
    /// Adds a row that passed the footer hold; a row naming NDJSON fields
    /// tells the workers so (the fold is in input order).
    fn add(&mut self, row: RowResult) {
        let named = !row.names.is_empty();
        self.aggregator.add(row);
        if named {
            self.reader.note_named(self.aggregator.columns());
        }
    }
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
            feed: TextFeed::new(format),
        }
    }

    /// Starts a report of text read as [`crate::ingest`] decided: CSV split
    /// at `dialect` or NDJSON, its `input` saying `format` and `reading`.
    #[cfg(feature = "ingest")]
    pub(super) fn decided(
        model: &'m CompiledModel,
        decided: crate::ingest::bytes::Decided,
        options: &ReportOptions,
    ) -> TextReport<'m> {
        let format = if decided.ndjson {
            InputFormat::Ndjson
        } else {
            InputFormat::Csv
        };
        let mut aggregator = Aggregator::new(model, options, decided.format);
        aggregator.set_reading(decided.reading);
        TextReport {
            reader: RowReader::new(model, options),
            aggregator,
            feed: TextFeed::with_dialect(format, decided.dialect),
        }
    }

    /// Adds the next slice of the input (slices may cut records anywhere).
    pub fn push(&mut self, chunk: &str) -> Result<(), ReportError> {
        let mut fold = Fold {
            reader: &self.reader,
            aggregator: &mut self.aggregator,
        };
        self.feed.push(chunk, &self.reader, &mut fold)
    }

    /// Ends the input and returns the report.
    pub fn finish(mut self) -> Result<Report, ReportError> {
        let mut fold = Fold {
            reader: &self.reader,
            aggregator: &mut self.aggregator,
        };
        self.feed.finish(&self.reader, &mut fold)?;
        for row in fold.aggregator.footer.finish() {
            fold.add(row);
        }
        Ok(self.aggregator.finish())
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
