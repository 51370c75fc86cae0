//! Reading and re-scoring the export on every core, folding rows in input order.
//!
//! `score`'s reader thread cuts the input into batches of whole records (with
//! line numbers; CSV records framed by the core's CSV reader, exactly as the
//! report page's are); workers read each batch into rows with a [`Records`]
//! reader (the report's [`RowResult`]s, or `tune`'s rows); this thread hands
//! them to an [`Ordered`] sink in batch order, so the result (and its problem
//! list) is the same whatever the thread count.
//!
//! Before any worker starts, this thread holds the first batches until they
//! hold [`SAMPLE_ROWS`] records (or the input ends): those records settle the
//! columns' date orders once, exactly as the report page's feed does, and
//! every worker reads with that one settlement (the reader gets a fresh
//! batch for each one held, so holding never starves it).

use super::super::common::Failure;
use super::super::input::{Batch, Reader, Source, Span};
use super::super::progress::Progress;
use crate::csv::trim_line_end;
use crate::error::codes as core_codes;
use crate::report::settle::{ReadNotes, SAMPLE_ROWS};
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
    /// How the dates were settled, with the first batch of the input.
    notes: Option<ReadNotes>,
    /// A header that cannot be used (no `created_at`, an unknown `--map` column).
    fatal: Option<ReportError>,
}

/// Receives the rows in input order.
pub trait Ordered<Row> {
    /// The lifecycle columns, before the first row.
    fn columns(&mut self, summary: Summary);
    /// How the dates were settled and the warnings, before the first row.
    fn notes(&mut self, _notes: &ReadNotes) {}
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
    let (done_tx, done_rx) = mpsc::channel::<Done<R::Row>>();
    let input = Reader {
        pool: pool_rx,
        work: work_tx,
        count_ndjson_lines: true,
    };
    std::thread::scope(|outer| {
        let handle = outer.spawn(move || input.run(vec![source]));
        let held = hold_sample(&work_rx, &pool_tx);
        let settled = settle(&held, reader);
        let work_rx = Mutex::new(work_rx);
        let result = std::thread::scope(|s| {
            for _ in 0..threads {
                let done = done_tx.clone();
                let (work, settled) = (&work_rx, &settled);
                s.spawn(move || work_loop(work, &done, reader, settled));
            }
            for batch in held {
                let _ = done_tx.send(read_batch(batch, reader, &settled));
            }
            drop(done_tx);
            fold_in_order(done_rx, pool_tx, sink, progress)
        });
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

/// Takes batches until they hold [`SAMPLE_ROWS`] records or the input ends,
/// giving the reader a fresh batch for each one taken.
fn hold_sample(work: &Receiver<Batch>, pool: &Sender<Batch>) -> Vec<Batch> {
    let mut held = Vec::new();
    let mut records = 0;
    while records < SAMPLE_ROWS {
        let Ok(batch) = work.recv() else { break };
        let _ = pool.send(Batch::default());
        records += sample_texts(&batch).len();
        held.push(batch);
    }
    held
}

/// The records of a batch that may settle the columns: whole, UTF-8, not blank.
fn sample_texts(batch: &Batch) -> Vec<&str> {
    let ndjson_lines;
    let spans: &[Span] = match batch.format {
        super::super::common::Format::Csv => &batch.records,
        super::super::common::Format::Ndjson => {
            ndjson_lines = line_spans(&batch.data);
            &ndjson_lines
        }
    };
    spans
        .iter()
        .filter(|span| span.broken.is_none())
        .filter_map(|span| std::str::from_utf8(batch.data.get(span.start..span.end)?).ok())
        .map(trim_line_end)
        .filter(|text| !text.trim().is_empty())
        .collect()
}

/// Settles how every record is read, from the held batches' first records
/// (`None`: a CSV input without a header, so without records).
fn settle<R: Records>(held: &[Batch], reader: &R) -> Result<Option<CsvColumns>, ReportError> {
    let Some(first) = held.first() else {
        return Ok(None);
    };
    let mut sample: Vec<&str> = held.iter().flat_map(sample_texts).collect();
    sample.truncate(SAMPLE_ROWS);
    match first.format {
        super::super::common::Format::Csv => match held.iter().find_map(|b| b.header.as_ref()) {
            Some(header) => reader
                .columns(&header.names, header.dialect, &sample)
                .map(Some),
            None => Ok(None),
        },
        super::super::common::Format::Ndjson => reader.ndjson_columns(&sample).map(Some),
    }
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
                    if let Some(notes) = &d.notes {
                        sink.notes(notes);
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

fn work_loop<R: Records>(
    work: &Mutex<Receiver<Batch>>,
    done: &Sender<Done<R::Row>>,
    reader: &R,
    settled: &Result<Option<CsvColumns>, ReportError>,
) {
    loop {
        let next = {
            let rx = work
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            rx.recv()
        };
        let Ok(batch) = next else { return };
        let d = read_batch(batch, reader, settled);
        if done.send(d).is_err() {
            return;
        }
    }
}

/// Reads every record of a batch with the settled columns.
fn read_batch<R: Records>(
    batch: Batch,
    reader: &R,
    settled: &Result<Option<CsvColumns>, ReportError>,
) -> Done<R::Row> {
    let mut d = Done {
        batch,
        rows: Vec::new(),
        columns: None,
        notes: None,
        fatal: None,
    };
    let base = d.batch.first_line.unwrap_or(1);
    let cols = match settled {
        Ok(Some(cols)) => cols,
        Ok(None) => return d,
        Err(e) => {
            d.fatal = Some(e.clone());
            return d;
        }
    };
    let is_csv = matches!(d.batch.format, super::super::common::Format::Csv);
    if d.batch.source_start {
        d.notes = Some(cols.notes().clone());
        if is_csv {
            d.columns = Some(cols.summary());
        }
    }
    let csv = is_csv.then_some(cols);
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
        if let Some(row) = read_record(reader, cols, csv, text, line) {
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
    cols: &CsvColumns,
    csv: Option<&CsvColumns>,
    text: &str,
    line: u64,
) -> Option<R::Row> {
    match csv {
        Some(cols) if !text.trim().is_empty() => reader.csv(cols, text, line),
        Some(_) => None,
        None => reader.ndjson(cols, text, line),
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
