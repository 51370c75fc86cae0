//! The one decision about a text input, shared by the CLI (`src/cli/open.rs`)
//! and the report page ([`super::bytes::ByteFeed`]): from its first bytes,
//! its encoding, its format (CSV or NDJSON) and its CSV delimiter, with what
//! the report's `input` says about them.

use super::encoding::{self, Choice, Transcoder};
use super::sniff::{self, TextFormat};
use super::{IngestError, Reading, NOT_AN_EXPORT};
use crate::csv::Dialect;

/// What the caller forces (`--encoding`, `--delimiter`, `--format`), as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Forced {
    /// An encoding label.
    pub encoding: Option<String>,
    /// A delimiter name (`,` `;` `tab` `|`…).
    pub delimiter: Option<String>,
    /// `Some(true)` for NDJSON, `Some(false)` for CSV.
    pub ndjson: Option<bool>,
}

/// How a text input is read.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The encoding.
    pub choice: Choice,
    /// NDJSON (else CSV).
    pub ndjson: bool,
    /// The CSV delimiter (`,` for NDJSON).
    pub dialect: Dialect,
    /// What the report's `input` says.
    pub reading: Reading,
    /// The prefix, without its byte-order mark, as UTF-8 text (the part of
    /// it that could be decoded: a character cut at its end is left out).
    pub text: String,
    /// Bytes of the prefix that `text` holds, after the byte-order mark.
    pub used: usize,
}

/// Decides how to read a text input from its first bytes; `complete` says
/// they are all of it; `utf8_whole` is the caller's check of the whole input
/// (`None`: decide on the prefix).
pub fn plan(
    prefix: &[u8],
    complete: bool,
    forced: &Forced,
    utf8_whole: Option<bool>,
) -> Result<Plan, IngestError> {
    let forced_encoding = match &forced.encoding {
        Some(label) => Some(encoding::parse_label(label).ok_or_else(|| {
            IngestError::new(
                super::BAD_OPTION,
                format!(
                    "--encoding: unknown encoding {label:?} (try utf-8, utf-16le, utf-16be, \
                     windows-1252, iso-8859-1)"
                ),
            )
        })?),
        None => None,
    };
    let forced_dialect = match &forced.delimiter {
        Some(d) => Some(sniff::parse_delimiter(d).ok_or_else(|| {
            IngestError::new(
                super::BAD_OPTION,
                format!(
                    "--delimiter: expected , ; tab or | (or comma, semicolon, pipe), got {d:?}"
                ),
            )
        })?),
        None => None,
    };
    let choice = encoding::choose(prefix, complete, forced_encoding, utf8_whole);
    let head = prefix.get(choice.bom..).unwrap_or_default();
    let (text, used) = decode_prefix(head, choice, complete);
    let ndjson =
        match forced.ndjson {
            Some(n) => n,
            None => match sniff::sniff_text(&text) {
                TextFormat::Csv => false,
                TextFormat::Ndjson => true,
                TextFormat::JsonArray => {
                    return Err(IngestError::new(
                        NOT_AN_EXPORT,
                        "a JSON array; leadgate reads NDJSON, one object per line (convert it: \
                     jq -c '.[]' FILE > FILE.ndjson)",
                    ))
                }
                TextFormat::Html => return Err(IngestError::new(
                    NOT_AN_EXPORT,
                    "an HTML or XML page (some CRMs' \"Excel\" downloads are HTML tables); open \
                     it in a spreadsheet and save it as .xlsx or CSV",
                )),
            },
        };
    let mut reading = Reading {
        encoding: Some(choice.name()),
        encoding_from: Some(choice.from),
        ..Reading::default()
    };
    let dialect = if ndjson {
        Dialect::COMMA
    } else {
        let dialect = forced_dialect.unwrap_or_else(|| sniff::delimiter(&text, complete));
        reading.delimiter = Some(dialect.name());
        reading.delimiter_from = Some(match forced_dialect {
            Some(_) => "forced",
            None => "detected",
        });
        dialect
    };
    Ok(Plan {
        choice,
        ndjson,
        dialect,
        reading,
        text,
        used,
    })
}

/// The prefix as text for the sniffers, and how many of its bytes that is.
/// UTF-8 stops before the first byte that is not UTF-8 (or a cut character);
/// other encodings decode it all (their decoder keeps a cut character).
fn decode_prefix(head: &[u8], choice: Choice, complete: bool) -> (String, usize) {
    if choice.is_utf8() {
        let valid = match std::str::from_utf8(head) {
            Ok(t) => t,
            Err(e) => std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default())
                .unwrap_or_default(),
        };
        return (valid.to_string(), valid.len());
    }
    let mut text = String::new();
    Transcoder::new(choice.encoding).decode(head, complete, &mut text);
    (text, head.len())
}
