//! Opening an export for `score`, `report` and `tune`: what the bytes are,
//! their encoding and CSV delimiter, decided by the core's sniffers
//! ([`crate::ingest`]) before the reader thread starts, and a stream of
//! UTF-8 records for it.
//!
//! Files and stdin are sniffed alike (no `--format` needed), on their first
//! [`PREFIX`] bytes. One difference, because a file can be read twice and
//! stdin cannot: a file that starts as UTF-8 is checked whole for UTF-8
//! before reading (so a Windows-1252 file whose first megabytes are ASCII
//! is still read as Windows-1252); stdin is decided on its prefix, and a
//! later row that is not UTF-8 is a row problem naming `--encoding`.

use super::common::{Failure, Format};
use super::input::Source;
use crate::csv::Dialect;
use crate::ingest::encoding::{self, Choice, Transcoder, Utf8Check};
use crate::ingest::plan::{self, Forced};
use crate::ingest::sniff::{self, Book, Sniffed, PREFIX};
use crate::ingest::{sheet, IngestError, Reading};
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::sync::Arc;

/// The most bytes of a workbook read into memory (its zip is checked after).
const MAX_BOOK_BYTES: u64 = crate::ingest::bytes::MAX_BOOK_BYTES as u64;

/// The flags that say how to read an export's bytes (each forces what is
/// otherwise detected).
#[derive(Debug, Default, Clone)]
pub struct IngestFlags {
    /// `--encoding NAME`.
    pub encoding: Option<String>,
    /// `--delimiter D`.
    pub delimiter: Option<String>,
    /// `--sheet NAME`.
    pub sheet: Option<String>,
}

/// An export ready to read.
pub struct Opened {
    /// The stream of UTF-8 records.
    pub source: Source,
    /// `csv`, `ndjson`, `xlsx`, `xlsb`, `xls` or `ods` (the report's `input.format`).
    pub format_name: &'static str,
    /// How it was read (the report's `input` says so).
    pub reading: Reading,
}

/// Opens `path` (`-`: stdin) and decides how to read it; `format` is
/// `--format` (which forces CSV or NDJSON for text).
pub fn open(path: &str, format: Option<Format>, flags: &IngestFlags) -> Result<Opened, Failure> {
    let name: Arc<str> = Arc::from(if path == "-" { "<stdin>" } else { path });
    let fail = |e: IngestError| Failure::Fatal(format!("{name}: {}: {}", e.code, e.message));
    let is_file = path != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let mut stream = open_stream(path)?;
    let mut prefix = Vec::with_capacity(PREFIX);
    read_up_to(&mut stream, &mut prefix, PREFIX)
        .map_err(|e| Failure::Fatal(format!("{name}: cannot read: {e}")))?;
    let complete = prefix.len() < PREFIX;
    match sniff::sniff_bytes(&prefix) {
        Sniffed::Binary(what, hint) => {
            return Err(fail(IngestError::new(
                crate::ingest::NOT_AN_EXPORT,
                format!("{what}, not an export: {hint}"),
            )))
        }
        Sniffed::Book(book) => {
            let mut bytes = prefix;
            (&mut stream)
                .take(MAX_BOOK_BYTES + 1 - bytes.len() as u64)
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Fatal(format!("{name}: cannot read: {e}")))?;
            if bytes.len() as u64 > MAX_BOOK_BYTES {
                return Err(fail(IngestError::new(
                    crate::ingest::TOO_LARGE,
                    format!(
                        "a workbook over {} MiB; save the sheet as CSV instead",
                        MAX_BOOK_BYTES >> 20
                    ),
                )));
            }
            let text =
                sheet::read(bytes, book == Book::Ole, flags.sheet.as_deref()).map_err(&fail)?;
            return Ok(Opened {
                source: Source {
                    name,
                    format: Format::Csv,
                    dialect: Dialect::SHEET,
                    reader: Box::new(Cursor::new(text.csv)),
                },
                format_name: text.format,
                reading: Reading {
                    sheet: Some(text.sheet),
                    ..Reading::default()
                },
            });
        }
        Sniffed::Text => {}
    }
    let forced = Forced {
        encoding: flags.encoding.clone(),
        delimiter: flags.delimiter.clone(),
        ndjson: format.map(|f| f == Format::Ndjson),
    };
    // A file that starts as UTF-8 is checked whole (stdin cannot be re-read).
    let utf8_whole = match is_file && !complete && forced.encoding.is_none() {
        true if encoding::utf8_prefix(&prefix, false) => Some(file_is_utf8(path, &prefix)?),
        _ => None,
    };
    let plan = plan::plan(&prefix, complete, &forced, utf8_whole).map_err(|e| match e.code {
        crate::ingest::BAD_OPTION => Failure::Fatal(e.message),
        _ => fail(e),
    })?;
    let head = prefix.get(plan.choice.bom..).unwrap_or_default().to_vec();
    let rest: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(stream));
    let reader: Box<dyn Read + Send> = if plan.choice.is_utf8() {
        rest
    } else {
        Box::new(Decoding::new(rest, plan.choice))
    };
    let format = if plan.ndjson {
        Format::Ndjson
    } else {
        Format::Csv
    };
    Ok(Opened {
        source: Source {
            name,
            format,
            dialect: plan.dialect,
            reader,
        },
        format_name: if plan.ndjson { "ndjson" } else { "csv" },
        reading: plan.reading,
    })
}

fn open_stream(path: &str) -> Result<Box<dyn Read + Send>, Failure> {
    if path == "-" {
        return Ok(Box::new(io::stdin()));
    }
    let file = File::open(path).map_err(|e| Failure::Fatal(format!("cannot open {path}: {e}")))?;
    Ok(Box::new(file))
}

/// Reads until `data` holds `limit` bytes or the input ends.
fn read_up_to(reader: &mut dyn Read, data: &mut Vec<u8>, limit: usize) -> io::Result<()> {
    let want = limit.saturating_sub(data.len()) as u64;
    reader.take(want).read_to_end(data).map(|_| ())
}

/// Whether the whole file is UTF-8: read once more from its start, in 1 MiB
/// slices (a fraction of what reading it for the report costs).
fn file_is_utf8(path: &str, prefix: &[u8]) -> Result<bool, Failure> {
    let mut file =
        File::open(path).map_err(|e| Failure::Fatal(format!("cannot open {path}: {e}")))?;
    let mut check = Utf8Check::default();
    check.push(prefix);
    let mut skip = vec![0u8; prefix.len()];
    file.read_exact(&mut skip)
        .map_err(|e| Failure::Fatal(format!("{path}: cannot read: {e}")))?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::Fatal(format!("{path}: cannot read: {e}"))),
        };
        check.push(buf.get(..n).unwrap_or_default());
        if !check.valid() && !check.pending() {
            return Ok(false);
        }
    }
    Ok(check.valid())
}

/// A stream decoded to UTF-8 as it is read.
struct Decoding {
    inner: Box<dyn Read + Send>,
    transcoder: Transcoder,
    input: Vec<u8>,
    text: String,
    at: usize,
    done: bool,
}

impl Decoding {
    fn new(inner: Box<dyn Read + Send>, choice: Choice) -> Decoding {
        Decoding {
            inner,
            transcoder: Transcoder::new(choice.encoding),
            input: vec![0; 256 * 1024],
            text: String::new(),
            at: 0,
            done: false,
        }
    }
}

impl Read for Decoding {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.text.len() && !self.done {
            self.text.clear();
            self.at = 0;
            let n = loop {
                match self.inner.read(&mut self.input) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            self.done = n == 0;
            let bytes = self.input.get(..n).unwrap_or_default();
            self.transcoder.decode(bytes, self.done, &mut self.text);
        }
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        let n = rest.len().min(out.len());
        if let (Some(dst), Some(src)) = (out.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.at += n;
        Ok(n)
    }
}
