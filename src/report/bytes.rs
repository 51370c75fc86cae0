//! A report from an export's bytes given in slices (the report page passes
//! a dropped file's bytes, not text it decoded): [`crate::ingest::bytes`]
//! decides what they are, their encoding and delimiter exactly as the CLI
//! does, and the text it makes is read by a [`TextReport`].

use super::output::Report;
use super::text::TextReport;
use super::{InputFormat, ReadOptions, ReportError, ReportOptions};
use crate::ingest::bytes::{ByteFeed, Decided};
use crate::ingest::plan::Forced;
use crate::ingest::IngestError;
use crate::model::CompiledModel;

/// A report being built from byte slices.
pub struct BytesReport<'m> {
    model: &'m CompiledModel,
    options: ReportOptions,
    feed: ByteFeed,
    report: Option<TextReport<'m>>,
    /// Text made from the last slice (reused).
    text: String,
}

impl From<IngestError> for ReportError {
    fn from(e: IngestError) -> ReportError {
        ReportError::new(e.code, e.message)
    }
}

/// The byte feed for an input read with `read` (the forced encoding,
/// delimiter, sheet) and `format` (forced CSV or NDJSON, else sniffed): the
/// report's, the page's mapping step's and tuning's.
pub fn byte_feed(read: &ReadOptions, format: Option<InputFormat>) -> ByteFeed {
    let forced = Forced {
        encoding: read.encoding.clone(),
        delimiter: read.delimiter.clone(),
        ndjson: format.map(|f| f == InputFormat::Ndjson),
    };
    ByteFeed::new(forced, read.sheet.clone(), read.utf8)
}

impl<'m> BytesReport<'m> {
    /// Starts a report for `model`; `format` forces CSV or NDJSON (`None`:
    /// sniffed); `options.read` holds the forced encoding, delimiter, sheet.
    pub fn new(
        model: &'m CompiledModel,
        format: Option<InputFormat>,
        options: &ReportOptions,
    ) -> BytesReport<'m> {
        BytesReport {
            model,
            options: options.clone(),
            feed: byte_feed(&options.read, format),
            report: None,
            text: String::new(),
        }
    }

    /// Adds the next slice of bytes (slices may cut records and characters anywhere).
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), ReportError> {
        self.text.clear();
        let decided = self.feed.push(bytes, &mut self.text)?;
        self.take(decided)
    }

    /// Ends the input and returns the report.
    pub fn finish(mut self) -> Result<Report, ReportError> {
        self.text.clear();
        let decided = self.feed.finish(&mut self.text)?;
        self.take(decided)?;
        match self.report {
            Some(report) => report.finish(),
            None => Err(ReportError::new(
                crate::ingest::NOT_AN_EXPORT,
                "nothing was read".to_string(),
            )),
        }
    }

    /// Starts the text report once decided, and feeds it the new text.
    fn take(&mut self, decided: Option<Decided>) -> Result<(), ReportError> {
        if let Some(d) = decided {
            self.report = Some(TextReport::decided(self.model, d, &self.options));
        }
        match &mut self.report {
            Some(report) if !self.text.is_empty() => report.push(&self.text),
            _ => Ok(()),
        }
    }
}
