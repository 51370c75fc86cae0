//! Between the bytes of an export and its records: what the bytes are
//! ([`sniff`]: a CSV or NDJSON text, a workbook, or some other file named
//! for what it is), how its text is encoded ([`encoding`]: UTF-8, UTF-16,
//! Windows-1252, through `encoding_rs` in the CLI and the hand-written
//! decoders of `decode` on the report page), which delimiter its CSV uses
//! ([`sniff::delimiter`], through the one CSV quote scanner in
//! [`crate::csv`]), and a workbook's first (or named) sheet as rows
//! ([`sheet`], through `calamine`, within limits against zip bombs).
//!
//! Pure Rust, no I/O: the CLI (`score`, `report`, `tune`) opens files and
//! stdin and asks these functions what to do with the bytes; after that
//! every surface reads the same UTF-8 records with the same CSV reader.
//! The crates sit behind cargo features, so `leadgate/lite` never carries
//! them: `ingest` (this module's text path, hand-written decoders),
//! `encodings` (`encoding_rs`, any `--encoding` label: the CLI) and `sheets`
//! (workbooks through calamine: the CLI, and the report page's second build,
//! loaded only when a workbook is dropped; docs/report.md, "Report page
//! size"). The sniffing itself is plain byte tests and stays available
//! everywhere.

#[cfg(feature = "ingest")]
pub mod bytes;
#[cfg(feature = "ingest")]
pub mod columns;
#[cfg(all(feature = "ingest", any(test, not(feature = "encodings"))))]
pub mod decode;
#[cfg(all(test, feature = "encodings"))]
mod decode_tests;
#[cfg(feature = "ingest")]
pub mod encoding;
#[cfg(feature = "ingest")]
pub mod plan;
#[cfg(feature = "sheets")]
pub mod sheet;
pub mod sniff;
#[cfg(test)]
mod tests;

/// Stable code of an input that is not an export leadgate can read (a PDF,
/// an archive, an image, an unreadable workbook…).
pub const NOT_AN_EXPORT: &str = "not_an_export";
/// Stable code of a workbook over one of the limits of [`sheet`].
pub const TOO_LARGE: &str = "input_too_large";
/// Stable code of a workbook given to a build without workbook reading (the
/// report page's first wasm): the page then reads the file with its second
/// build (feature `report-sheets`), which has it.
pub const NEEDS_SHEETS: &str = "needs_workbook_reader";
/// Stable code of a `--sheet` that the workbook does not have.
pub const UNKNOWN_SHEET: &str = "unknown_sheet";
/// Stable code of an `--encoding` or `--delimiter` that names none.
pub const BAD_OPTION: &str = "bad_option";
/// Stable code of the report page's signal that a text it read as UTF-8
/// (decided on its first 64 KiB) is not UTF-8 further on: the page reads the
/// file again knowing that, as the CLI decides on a whole file.
pub const NOT_UTF8_LATER: &str = "not_utf8_later";

/// Why an input cannot be read at all: a stable code and a message that
/// says what the input is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestError {
    /// [`NOT_AN_EXPORT`], [`TOO_LARGE`] or [`UNKNOWN_SHEET`].
    pub code: &'static str,
    /// What is wrong, with the way out.
    pub message: String,
}

impl IngestError {
    /// An error with `code` and `message`.
    pub fn new(code: &'static str, message: impl Into<String>) -> IngestError {
        IngestError {
            code,
            message: message.into(),
        }
    }
}

pub use crate::report::output::Reading;
