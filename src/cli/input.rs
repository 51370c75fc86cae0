//! The reader thread: cuts each input into batches of whole lines (NDJSON) or
//! whole records (CSV, where a quoted cell may span lines), reusing the buffers
//! the writer hands back, so memory stays flat however large the input is.
//! CSV records are cut by the core's one CSV reader ([`crate::csv::Framer`]),
//! once, here: workers split the records it found into cells.

use super::common::Format;
use super::csv::{self, CsvHeader};
use crate::csv::{Dialect, Frame, Framer, BOM};
use std::io::{self, Read};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

/// Target batch size: large enough that channel and thread hand-offs cost nothing
/// next to scoring, small enough that a batch's output stays in the hundreds of KiB.
pub const BATCH_BYTES: usize = 512 * 1024;

/// One input file (or stdin), opened before any thread starts.
pub struct Source {
    /// The name used in error reports (`-` is shown as `<stdin>`).
    pub name: Arc<str>,
    /// How its lines are read.
    pub format: Format,
    /// CSV: the delimiter (sniffed or forced, see [`super::open`]).
    pub dialect: Dialect,
    /// The open stream.
    pub reader: Box<dyn Read + Send>,
}

/// A malformed line, relative to its batch until the writer makes it absolute.
#[derive(Debug)]
pub struct LineError {
    /// 0-based line within the batch.
    pub line: u64,
    /// Stable code (`bad_json`, `not_an_object`, `bad_csv`, `bad_events`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

/// One CSV record of a batch, as the framer cut it.
#[derive(Debug)]
pub struct Span {
    /// Where its bytes start in the batch's data.
    pub start: usize,
    /// Where they end (after its line end).
    pub end: usize,
    /// Line breaks in it.
    pub lines: u64,
    /// Why its line could not be read as a record (reported as `bad_csv`).
    pub broken: Option<String>,
}

/// A unit of work: input bytes in, output bytes and errors out; recycled through a pool.
#[derive(Default)]
pub struct Batch {
    /// Position in the overall order (the writer restores it).
    pub seq: u64,
    /// Index of the source the lines come from.
    pub source: usize,
    /// True for the first batch of its source (which may be empty).
    pub source_start: bool,
    /// Absolute line number of the first line, when the reader counted it.
    pub first_line: Option<u64>,
    /// The input format.
    pub format: Format,
    /// The CSV header of the source.
    pub header: Option<Arc<CsvHeader>>,
    /// Whole lines (or records) of input.
    pub data: Vec<u8>,
    /// CSV: the records in `data`, in order, covering all of it.
    pub records: Vec<Span>,
    /// Rendered results, in order.
    pub out: Vec<u8>,
    /// Malformed lines, in order.
    pub errors: Vec<LineError>,
    /// Newlines in `data`, counted by the worker.
    pub lines: u64,
    /// Leads scored.
    pub scored: u64,
}

/// What the reader reports when it ends.
#[derive(Default)]
pub struct ReaderReport {
    /// Problems that stopped a whole source (unreadable file, bad CSV header).
    pub source_errors: Vec<String>,
}

/// Reads every source in order and sends batches to the workers.
pub struct Reader {
    /// Free batches, returned by the writer.
    pub pool: Receiver<Batch>,
    /// Batches for the workers.
    pub work: Sender<Batch>,
    /// Whether NDJSON batches need absolute line numbers (for CSV output's `line` column).
    pub count_ndjson_lines: bool,
}

/// Where the last complete line (NDJSON) or record (CSV) ends, found
/// incrementally as data arrives: each byte is scanned once.
struct Cutter {
    format: Format,
    /// CSV: the framer, carried from batch to batch with its unfinished record.
    framer: Framer,
    /// NDJSON: bytes already searched for a line end.
    scanned: usize,
    /// End of the last complete record, and line breaks up to it.
    cut: usize,
    lines: u64,
}

impl Cutter {
    /// Finds the records (CSV) or the last line end (NDJSON) in `data`
    /// beyond those already found; at the end of the input, all of them.
    fn scan(&mut self, data: &[u8], records: &mut Vec<Span>, eof: bool) {
        match self.format {
            Format::Ndjson => {
                let fresh = data.get(self.scanned..).unwrap_or_default();
                if let Some(pos) = memchr::memrchr(b'\n', fresh) {
                    self.cut = self.scanned + pos + 1;
                }
                self.scanned = data.len();
                if eof {
                    self.cut = data.len();
                }
            }
            Format::Csv => {
                while self.cut < data.len() {
                    let (end, lines, broken) = match self.framer.next(data, self.cut, eof) {
                        Frame::Record { end, lines } => (end, lines, None),
                        Frame::Broken {
                            end,
                            lines,
                            message,
                        } => (end, lines, Some(message)),
                        Frame::More => break,
                    };
                    records.push(Span {
                        start: self.cut,
                        end,
                        lines,
                        broken,
                    });
                    self.cut = end;
                    self.lines += lines;
                }
            }
        }
    }

    /// Starts the next batch, whose data begins with the unfinished record.
    fn rewind(&mut self) {
        self.scanned = 0;
        self.cut = 0;
        self.lines = 0;
    }
}

impl Reader {
    /// Runs until every source is read or the writer stops taking batches.
    pub fn run(self, sources: Vec<Source>) -> ReaderReport {
        let mut report = ReaderReport::default();
        let mut seq = 0u64;
        let mut spare: Option<Batch> = None;
        for (index, source) in sources.into_iter().enumerate() {
            match self.read_source(index, source, &mut seq, &mut spare) {
                Ok(true) => {}
                Ok(false) => break,
                Err(message) => report.source_errors.push(message),
            }
        }
        report
    }

    /// Sends one source's batches; `Ok(false)` when the writer has stopped; errors name the source.
    fn read_source(
        &self,
        index: usize,
        mut source: Source,
        seq: &mut u64,
        spare: &mut Option<Batch>,
    ) -> Result<bool, String> {
        let format = source.format;
        let mut carry = Vec::new();
        let mut eof = false;
        let mut line = 1u64;
        let mut header = None;
        let mut cutter = Cutter {
            format,
            framer: Framer::new(source.dialect),
            scanned: 0,
            cut: 0,
            lines: 0,
        };
        if format == Format::Csv {
            let (parsed, lines) = read_header(
                &mut source.reader,
                &mut carry,
                &mut eof,
                &mut cutter.framer,
                source.dialect,
            )
            .map_err(|m| format!("{}{m}", source.name))?;
            if let Some(h) = &parsed {
                cutter.framer.expect_fields(h.names.len());
            }
            header = parsed.map(Arc::new);
            line += lines;
        }
        let mut first = true;
        loop {
            let mut batch = match spare.take() {
                Some(b) => b,
                None => match self.pool.recv() {
                    Ok(b) => b,
                    Err(_) => return Ok(false),
                },
            };
            batch.data.clear();
            batch.records.clear();
            batch.data.append(&mut carry);
            cutter.rewind();
            let mut short_read = false;
            let cut = loop {
                cutter.scan(&batch.data, &mut batch.records, eof);
                if eof {
                    break batch.data.len();
                }
                if cutter.cut > 0 && (batch.data.len() >= BATCH_BYTES || short_read) {
                    break cutter.cut;
                }
                let want = BATCH_BYTES.saturating_sub(batch.data.len()).max(64 * 1024);
                let got = read_some(&mut source.reader, &mut batch.data, want)
                    .map_err(|e| format!("{}: cannot read: {e}", source.name))?;
                eof = got == 0;
                short_read = got < want;
            };
            if let Some(tail) = batch.data.get(cut..) {
                carry.extend_from_slice(tail);
            }
            batch.data.truncate(cut);
            let counted = match format {
                Format::Csv => Some(cutter.lines),
                Format::Ndjson if self.count_ndjson_lines => Some(count_newlines(&batch.data)),
                Format::Ndjson => None,
            };
            let done = eof && carry.is_empty();
            if batch.data.is_empty() && !first {
                *spare = Some(batch);
            } else {
                batch.seq = *seq;
                *seq += 1;
                batch.source = index;
                batch.source_start = first;
                batch.first_line = counted.map(|_| line);
                batch.format = format;
                batch.header = header.clone();
                line += counted.unwrap_or(0);
                first = false;
                if self.work.send(batch).is_err() {
                    return Ok(false);
                }
            }
            if done {
                return Ok(true);
            }
        }
    }
}

/// Reads the CSV header record with the source's framer; returns it (none
/// for an empty input) and its line count. Errors are the tail of a report
/// line: `: cannot read: …` or `:1: bad_csv: …`.
fn read_header(
    reader: &mut dyn Read,
    carry: &mut Vec<u8>,
    eof: &mut bool,
    framer: &mut Framer,
    dialect: Dialect,
) -> Result<(Option<CsvHeader>, u64), String> {
    let mut bom_checked = false;
    let (cut, lines) = loop {
        if !bom_checked && (carry.len() >= BOM.len() || *eof) {
            // Stripped before framing: it would hide a quote opening the first cell.
            if carry.starts_with(BOM) {
                carry.drain(..BOM.len());
            }
            bom_checked = true;
        }
        if bom_checked && !carry.is_empty() {
            // The framer resumes where it stopped: the header is scanned once.
            match framer.next(carry, 0, *eof) {
                Frame::Record { end, lines } => break (end, lines),
                Frame::Broken { message, .. } => {
                    return Err(format!(":1: bad_csv: the header: {message}"))
                }
                Frame::More => {}
            }
        }
        if *eof {
            break (0, 0);
        }
        let got = read_some(reader, carry, 64 * 1024).map_err(|e| format!(": cannot read: {e}"))?;
        *eof = got == 0;
    };
    let record: Vec<u8> = carry.drain(..cut).collect();
    if record.iter().all(u8::is_ascii_whitespace) {
        return Ok((None, lines));
    }
    let header =
        csv::parse_header(&record, dialect).map_err(|m| format!(":1: bad_csv: the header: {m}"))?;
    Ok((Some(header), lines))
}

/// Newlines in a buffer.
pub fn count_newlines(data: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', data).count() as u64
}

/// One `read` call appended to `data`; 0 means end of input.
fn read_some(reader: &mut dyn Read, data: &mut Vec<u8>, want: usize) -> io::Result<usize> {
    let start = data.len();
    data.resize(start + want, 0);
    let result = loop {
        match data.get_mut(start..).map(|spare| reader.read(spare)) {
            Some(Err(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
            Some(result) => break result,
            None => break Ok(0),
        }
    };
    let got = *result.as_ref().unwrap_or(&0);
    data.truncate(start + got);
    result
}
