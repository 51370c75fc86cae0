//! The reader thread: cuts each input into batches of whole lines (NDJSON) or
//! whole records (CSV, where a quoted cell may span lines), reusing the buffers
//! the writer hands back, so memory stays flat however large the input is.

use super::common::Format;
use super::csv::{self, CsvHeader};
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

/// Where the last complete line or record ends, found incrementally as data arrives.
#[derive(Default)]
struct Cutter {
    scanned: usize,
    in_quotes: bool,
    newlines: u64,
    last_cut: Option<usize>,
    newlines_at_cut: u64,
}

impl Cutter {
    fn scan(&mut self, data: &[u8], format: Format) {
        let Some(fresh) = data.get(self.scanned..) else {
            return;
        };
        match format {
            Format::Ndjson => {
                if let Some(pos) = memchr::memrchr(b'\n', fresh) {
                    self.last_cut = Some(self.scanned + pos + 1);
                }
            }
            Format::Csv => {
                for pos in memchr::memchr2_iter(b'"', b'\n', fresh) {
                    if fresh.get(pos) == Some(&b'"') {
                        self.in_quotes = !self.in_quotes;
                    } else {
                        self.newlines += 1;
                        if !self.in_quotes {
                            self.last_cut = Some(self.scanned + pos + 1);
                            self.newlines_at_cut = self.newlines;
                        }
                    }
                }
            }
        }
        self.scanned = data.len();
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
        if format == Format::Csv {
            let (parsed, lines) = read_header(&mut source.reader, &mut carry, &mut eof)
                .map_err(|m| format!("{}{m}", source.name))?;
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
            batch.data.append(&mut carry);
            let mut cutter = Cutter::default();
            let mut short_read = false;
            let cut = loop {
                cutter.scan(&batch.data, format);
                if eof {
                    break batch.data.len();
                }
                if let Some(cut) = cutter.last_cut {
                    if batch.data.len() >= BATCH_BYTES || short_read {
                        break cut;
                    }
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
                Format::Csv if cutter.last_cut == Some(cut) => Some(cutter.newlines_at_cut),
                Format::Csv => Some(count_newlines(&batch.data)),
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

/// Reads the CSV header record; returns it (none for an empty input) and its line count.
/// Errors are the tail of a report line: `: cannot read: …` or `:1: bad_csv: …`.
fn read_header(
    reader: &mut dyn Read,
    carry: &mut Vec<u8>,
    eof: &mut bool,
) -> Result<(Option<CsvHeader>, u64), String> {
    let cut = loop {
        // The first record ends at the first newline outside quotes.
        if let Some(end) = first_record_end(carry) {
            break end;
        }
        if *eof {
            break carry.len();
        }
        let got = read_some(reader, carry, 64 * 1024).map_err(|e| format!(": cannot read: {e}"))?;
        *eof = got == 0;
    };
    let record: Vec<u8> = carry.drain(..cut).collect();
    let lines = count_newlines(&record);
    if record.iter().all(u8::is_ascii_whitespace) {
        return Ok((None, lines));
    }
    let header = csv::parse_header(&record).map_err(|m| format!(":1: bad_csv: the header: {m}"))?;
    Ok((Some(header), lines))
}

/// The end (after the newline) of the first record, if it is complete.
fn first_record_end(data: &[u8]) -> Option<usize> {
    let mut in_quotes = false;
    for pos in memchr::memchr2_iter(b'"', b'\n', data) {
        if data.get(pos) == Some(&b'"') {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            return Some(pos + 1);
        }
    }
    None
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
