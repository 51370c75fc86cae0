//! An export's bytes fed in slices (the report page reads a dropped file
//! with `File.stream()`), turned into UTF-8 text exactly as the CLI reads a
//! file: the same sniffers and the same decision ([`super::plan`]), the
//! same workbook reading ([`super::sheet`]).
//!
//! The first [`PREFIX`] bytes are held until the decision; text then flows
//! through as it arrives (decoded from UTF-16 or Windows-1252 on the way), so
//! memory stays flat; a workbook is collected whole (within
//! [`MAX_BOOK_BYTES`]) and read at the end. A text decided as UTF-8 on its
//! prefix that turns out not to be UTF-8 further on stops with
//! [`NOT_UTF8_LATER`]: the caller reads it again with `utf8_whole` false, so
//! the result is the CLI's, which checks a whole file before reading it.

use super::encoding::Transcoder;
use super::plan::{plan, Forced};
#[cfg(feature = "sheets")]
use super::sniff::Book;
use super::sniff::{sniff_bytes, Sniffed, PREFIX};
#[cfg(feature = "sheets")]
use super::TOO_LARGE;
use super::{IngestError, Reading, NOT_AN_EXPORT, NOT_UTF8_LATER};
use crate::csv::Dialect;

/// The most bytes of a workbook read into memory.
pub const MAX_BOOK_BYTES: usize = 256 << 20;

/// How the text that follows is to be read (given once, with its first text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// NDJSON (else CSV).
    pub ndjson: bool,
    /// The CSV delimiter.
    pub dialect: Dialect,
    /// `csv`, `ndjson`, `xlsx`, `xlsb`, `xls` or `ods`.
    pub format: &'static str,
    /// What the report's `input` says about it.
    pub reading: Reading,
}

/// Bytes in, UTF-8 text out; see the module documentation.
pub struct ByteFeed {
    stage: Stage,
    forced: Forced,
    /// `--sheet` (unused where workbooks are not read).
    #[cfg_attr(not(feature = "sheets"), allow(dead_code))]
    sheet: Option<String>,
    utf8_whole: Option<bool>,
}

enum Stage {
    Prefix(Vec<u8>),
    Text(TextStage),
    #[cfg(feature = "sheets")]
    Book(Book, Vec<u8>),
    Done,
}

struct TextStage {
    /// `None`: UTF-8, checked as it comes.
    transcoder: Option<Transcoder>,
    /// UTF-8: a character cut at the end of the last slice.
    pending: Vec<u8>,
    /// UTF-8 decided on the prefix only: a later invalid byte stops the
    /// feed ([`NOT_UTF8_LATER`]) instead of being replaced.
    strict: bool,
}

impl ByteFeed {
    /// A feed; `sheet` is `--sheet`; `utf8_whole` is what the caller knows
    /// of the whole input (`Some(false)` after [`NOT_UTF8_LATER`]).
    pub fn new(forced: Forced, sheet: Option<String>, utf8_whole: Option<bool>) -> ByteFeed {
        ByteFeed {
            stage: Stage::Prefix(Vec::new()),
            forced,
            sheet,
            utf8_whole,
        }
    }

    /// Takes the next slice; appends the text it makes to `out`. Returns
    /// the decision with the first text.
    pub fn push(&mut self, bytes: &[u8], out: &mut String) -> Result<Option<Decided>, IngestError> {
        match &mut self.stage {
            Stage::Prefix(prefix) => {
                prefix.extend_from_slice(bytes);
                if prefix.len() >= PREFIX {
                    return self.decide(false, out);
                }
            }
            Stage::Text(text) => text.decode(bytes, false, out)?,
            #[cfg(feature = "sheets")]
            Stage::Book(_, all) => {
                all.extend_from_slice(bytes);
                if all.len() > MAX_BOOK_BYTES {
                    return Err(IngestError::new(
                        TOO_LARGE,
                        format!(
                            "a workbook over {} MiB; save the sheet as CSV instead",
                            MAX_BOOK_BYTES >> 20
                        ),
                    ));
                }
            }
            Stage::Done => {}
        }
        Ok(None)
    }

    /// Ends the input: appends the rest of the text (a workbook's sheet as
    /// CSV) to `out`; returns the decision if it was not given yet.
    pub fn finish(&mut self, out: &mut String) -> Result<Option<Decided>, IngestError> {
        let mut decided = None;
        if matches!(self.stage, Stage::Prefix(_)) {
            decided = self.decide(true, out)?;
        }
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Text(mut text) => text.decode(&[], true, out)?,
            #[cfg(feature = "sheets")]
            Stage::Book(book, bytes) => decided = Some(self.book(book, bytes, out)?),
            Stage::Prefix(_) | Stage::Done => {}
        }
        Ok(decided)
    }

    /// Decides from the prefix; text from it goes to `out`.
    fn decide(&mut self, complete: bool, out: &mut String) -> Result<Option<Decided>, IngestError> {
        let prefix = match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Prefix(p) => p,
            other => {
                self.stage = other;
                return Ok(None);
            }
        };
        match sniff_bytes(&prefix) {
            Sniffed::Binary(what, hint) => Err(IngestError::new(
                NOT_AN_EXPORT,
                format!("{what}, not an export: {hint}"),
            )),
            // Said at once rather than after the whole file is read.
            #[cfg(not(feature = "sheets"))]
            Sniffed::Book(_) => Err(no_sheets()),
            #[cfg(feature = "sheets")]
            Sniffed::Book(book) => {
                self.stage = Stage::Book(book, prefix);
                Ok(None)
            }
            Sniffed::Text => {
                let plan = plan(&prefix, complete, &self.forced, self.utf8_whole)?;
                let utf8 = plan.choice.is_utf8();
                let mut text = TextStage {
                    transcoder: (!utf8).then(|| Transcoder::new(plan.choice.encoding)),
                    pending: Vec::new(),
                    strict: utf8 && plan.choice.from == "detected" && self.utf8_whole.is_none(),
                };
                // The prefix is decoded again by the stream's own decoder, so
                // a character cut at its end is completed by the next slice.
                let head = prefix.get(plan.choice.bom..).unwrap_or_default();
                text.decode(head, complete, out)?;
                self.stage = Stage::Text(text);
                Ok(Some(Decided {
                    ndjson: plan.ndjson,
                    dialect: plan.dialect,
                    format: if plan.ndjson { "ndjson" } else { "csv" },
                    reading: plan.reading,
                }))
            }
        }
    }

    #[cfg(feature = "sheets")]
    fn book(&self, book: Book, bytes: Vec<u8>, out: &mut String) -> Result<Decided, IngestError> {
        let sheet = super::sheet::read(bytes, book == Book::Ole, self.sheet.as_deref())?;
        out.push_str(&String::from_utf8_lossy(&sheet.csv));
        Ok(Decided {
            ndjson: false,
            dialect: Dialect::SHEET,
            format: sheet.format,
            reading: Reading {
                sheet: Some(sheet.sheet),
                ..Reading::default()
            },
        })
    }
}

/// A workbook, in a build that does not read workbooks.
#[cfg(not(feature = "sheets"))]
fn no_sheets() -> IngestError {
    IngestError::new(
        super::NEEDS_SHEETS,
        "a workbook (.xlsx, .xls, .ods, .xlsb), which this build does not read; the report \
         page reads it with its workbook build, the CLI reads it as it is",
    )
}

impl TextStage {
    fn decode(&mut self, bytes: &[u8], last: bool, out: &mut String) -> Result<(), IngestError> {
        if let Some(t) = &mut self.transcoder {
            t.decode(bytes, last, out);
            return Ok(());
        }
        let mut joined;
        let mut data = bytes;
        if !self.pending.is_empty() {
            joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(bytes);
            data = &joined;
        }
        loop {
            match std::str::from_utf8(data) {
                Ok(text) => {
                    out.push_str(text);
                    return Ok(());
                }
                Err(e) => {
                    let (good, bad) = data.split_at(e.valid_up_to());
                    out.push_str(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        None if !last => {
                            self.pending = bad.to_vec();
                            return Ok(());
                        }
                        _ if self.strict => {
                            return Err(IngestError::new(
                                NOT_UTF8_LATER,
                                "the text is not UTF-8 after its first 64 KiB (read it again \
                                 as not UTF-8, or name its encoding)",
                            ))
                        }
                        len => {
                            // Forced or marked UTF-8: the bad bytes are shown as U+FFFD.
                            out.push('\u{fffd}');
                            data = bad.get(len.unwrap_or(bad.len())..).unwrap_or_default();
                        }
                    }
                }
            }
        }
    }
}
