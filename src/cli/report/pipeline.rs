//! Reading and re-scoring the export on every core, folding rows in input order.
//!
//! `score`'s reader thread cuts the input into batches of whole records (with
//! line numbers; CSV records framed by the core's CSV reader, exactly as the
//! report page's are); workers read each batch into rows with a [`Records`]
//! reader (the report's [`RowResult`]s, or `tune`'s rows); this thread hands
//! them to an [`Ordered`] sink in batch order, so the result (and its problem
//! list) is the same whatever the thread count.

use super::super::common::Failure;
use super::super::input::{Batch, Reader, Source, Span};
use super::super::progress::Progress;
use crate::csv::trim_line_end;
use crate::error::codes as core_codes;
use crate::report::{codes, CsvColumns, Records, ReportError, RowProblem, Summary};
use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// What a worker hands back with a batch.
struct Done<Row> {
    batch: Batch,
    rows: Vec<Row>,
    /// The lifecycle columns, from the first batch of the input.
    columns: Option<Summary>,
    /// A header that cannot be used (no `created_at`, an unknown `--map` column).
    fatal: Option<ReportError>,
}

/// Receives the rows in input order.
pub trait Ordered<Row> {
    /// The lifecycle columns, before the first row.
    fn columns(&mut self, summary: Summary);
    /// The next row.
    fn row(&mut self, row: Row) -> Result<(), Failure>;
}

/// Runs the reader, the workers and the ordered fold over one source.
pub fn run<R: Records>(
    source: Source,
    threads: usize,
    reader: &R,
    sink: &mut dyn Ordered<R::Row>,
    progress: &mut Progress,
) -> Result<(), Failure> {
    let (pool_tx, pool_rx) = mpsc::channel::<Batch>();
    // As in `score`: a fixed pool of batches bounds memory whatever the input size.
    for _ in 0..threads + 4 {
        let _ = pool_tx.send(Batch::default());
    }
    let (work_tx, work_rx) = mpsc::channel::<Batch>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done<R::Row>>();
    let input = Reader {
        pool: pool_rx,
        work: work_tx,
        count_ndjson_lines: true,
    };
    std::thread::scope(|s| {
        let handle = s.spawn(move || input.run(vec![source]));
        for _ in 0..threads {
            let done = done_tx.clone();
            let work = &work_rx;
            s.spawn(move || work_loop(work, &done, reader));
        }
        drop(done_tx);
        let result = fold_in_order(done_rx, pool_tx, sink, progress);
        let report = handle.join();
        result?;
        match report {
            Ok(r) => match r.source_errors.into_iter().next() {
                Some(message) => Err(Failure::Fatal(message)),
                None => Ok(()),
            },
            Err(_) => Err(Failure::Fatal("the reader thread failed".into())),
        }
    })
}

fn fold_in_order<Row>(
    done: Receiver<Done<Row>>,
    pool: Sender<Batch>,
    sink: &mut dyn Ordered<Row>,
    progress: &mut Progress,
) -> Result<(), Failure> {
    let mut pending: BTreeMap<u64, Done<Row>> = BTreeMap::new();
    let mut next = 0u64;
    let mut rows = 0u64;
    loop {
        match done.recv_timeout(Duration::from_millis(200)) {
            Ok(d) => {
                pending.insert(d.batch.seq, d);
                while let Some(d) = pending.remove(&next) {
                    if let Some(e) = d.fatal {
                        return Err(Failure::Fatal(e.message));
                    }
                    if let Some(columns) = d.columns {
                        sink.columns(columns);
                    }
                    for row in d.rows {
                        sink.row(row)?;
                        rows += 1;
                    }
                    next += 1;
                    let _ = pool.send(d.batch);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        progress.tick(rows);
    }
}

fn work_loop<R: Records>(work: &Mutex<Receiver<Batch>>, done: &Sender<Done<R::Row>>, reader: &R) {
    loop {
        let next = {
            let rx = work
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            rx.recv()
        };
        let Ok(batch) = next else { return };
        let d = read_batch(batch, reader);
        if done.send(d).is_err() {
            return;
        }
    }
}

/// Reads every record of a batch.
fn read_batch<R: Records>(batch: Batch, reader: &R) -> Done<R::Row> {
    let mut d = Done {
        batch,
        rows: Vec::new(),
        columns: None,
        fatal: None,
    };
    let base = d.batch.first_line.unwrap_or(1);
    let csv = match d.batch.format {
        super::super::common::Format::Csv => {
            let Some(header) = d.batch.header.clone() else {
                return d;
            };
            match reader.columns(&header.names, header.dialect) {
                Ok(cols) => Some(cols),
                Err(e) => {
                    d.fatal = Some(e);
                    return d;
                }
            }
        }
        super::super::common::Format::Ndjson => None,
    };
    if let (true, Some(cols)) = (d.batch.source_start, &csv) {
        d.columns = Some(cols.summary());
    }
    let data = std::mem::take(&mut d.batch.data);
    let code = if csv.is_some() {
        codes::BAD_CSV
    } else {
        core_codes::BAD_LEAD_JSON
    };
    let records = std::mem::take(&mut d.batch.records);
    let ndjson_lines;
    let spans: &[Span] = if csv.is_some() {
        &records
    } else {
        ndjson_lines = line_spans(&data);
        &ndjson_lines
    };
    let mut newlines = 0u64;
    for span in spans {
        let line = base + newlines;
        newlines += span.lines;
        if let Some(message) = &span.broken {
            d.rows
                .extend(reader.unreadable(RowProblem::bad_csv(line, message)));
            continue;
        }
        let raw = data.get(span.start..span.end).unwrap_or_default();
        let Ok(text) = std::str::from_utf8(raw) else {
            d.rows.extend(reader.unreadable(not_utf8(line, code)));
            continue;
        };
        let text = trim_line_end(text);
        let first_line = csv.is_none() && !text.trim().is_empty() && d.columns.is_none();
        if first_line && d.batch.source_start {
            // The first line that is not blank names the columns (as the report page's feed).
            d.columns = Some(reader.ndjson_summary(text).unwrap_or_default());
        }
        if let Some(row) = read_record(reader, csv.as_ref(), text, line) {
            d.rows.push(row);
        }
    }
    d.batch.data = data;
    d.batch.records = records;
    d
}

/// The lines of an NDJSON batch, as spans.
fn line_spans(data: &[u8]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', data)
        .map(|p| p + 1)
        .chain([data.len()])
    {
        if end > start {
            let lines = u64::from(data.get(end - 1) == Some(&b'\n'));
            spans.push(Span {
                start,
                end,
                lines,
                broken: None,
            });
        }
        start = end;
    }
    spans
}

fn read_record<R: Records>(
    reader: &R,
    csv: Option<&CsvColumns>,
    text: &str,
    line: u64,
) -> Option<R::Row> {
    match csv {
        Some(cols) if !text.trim().is_empty() => reader.csv(cols, text, line),
        Some(_) => None,
        None => reader.ndjson(text, line),
    }
}

fn not_utf8(line: u64, code: &'static str) -> RowProblem {
    RowProblem {
        line,
        column: None,
        code,
        message: crate::report::NOT_UTF8.into(),
    }
}
