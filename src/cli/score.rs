//! `leadgate score`: a streaming pipeline. One reader thread cuts the input
//! into batches, N workers parse, score and render them, and this thread
//! writes the results in input order. A fixed pool of recycled batches bounds
//! memory and backs pressure up to the reader.

use super::args::{Arg, Args};
use super::common::{self, output_error, Failure, Format};
use super::export_flags;
use super::input::{Batch, Reader, Source};
use super::open::{self, IngestFlags};
use super::progress::{group, Progress};
use super::worker::{self, Job, RESULT_COLUMNS};
use super::{help, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::ScoreOptions;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Malformed lines echoed on stderr before we only count them (`--errors` keeps all).
const MAX_SHOWN_ERRORS: u64 = 100;

const FLAGS: &[&str] = &[
    "--model",
    "--now",
    "--format",
    "--output",
    "--errors",
    "--threads",
    "--quiet",
    "--stats",
    "--encoding",
    "--delimiter",
    "--sheet",
    "--help",
];

/// Parsed `score` options.
#[derive(Default)]
struct Options {
    model: Option<String>,
    now: Option<String>,
    format: Option<Format>,
    output: Option<Format>,
    errors: Option<String>,
    threads: Option<usize>,
    quiet: bool,
    stats: bool,
    files: Vec<String>,
    ingest: IngestFlags,
}

fn parse(mut args: Args) -> Result<Option<Options>, Failure> {
    let mut o = Options::default();
    while let Some(arg) = args.next_arg() {
        let (flag, inline) = match arg {
            Arg::Positional(p) => {
                o.files.push(p);
                continue;
            }
            Arg::Flag(f, v) => (f, v),
        };
        match flag.as_str() {
            "--model" | "-m" => o.model = Some(args.value(&flag, inline)?),
            "--now" => o.now = Some(args.value(&flag, inline)?),
            "--format" | "--output" => {
                let value = args.value(&flag, inline)?;
                let format = Format::parse(&value).ok_or_else(|| {
                    args.error(format!("{flag}: expected ndjson or csv, got {value:?}"))
                })?;
                if flag == "--format" {
                    o.format = Some(format);
                } else {
                    o.output = Some(format);
                }
            }
            "--errors" => o.errors = Some(args.value(&flag, inline)?),
            "--threads" | "-j" => {
                let n: usize = args.number(&flag, inline)?;
                if !(1..=1024).contains(&n) {
                    return Err(args
                        .error(format!("{flag}: expected 1 to 1024, got {n}"))
                        .into());
                }
                o.threads = Some(n);
            }
            "--quiet" | "-q" => {
                args.no_value(&flag, inline)?;
                o.quiet = true;
            }
            "--stats" => {
                args.no_value(&flag, inline)?;
                o.stats = true;
            }
            "--help" | "-h" => {
                common::write_stdout(help::SCORE.as_bytes())?;
                return Ok(None);
            }
            _ => {
                if !export_flags::take_ingest(&mut o.ingest, &flag, inline, &mut args)? {
                    return Err(args.unknown(&flag, FLAGS).into());
                }
            }
        }
    }
    Ok(Some(o))
}

/// Runs `leadgate score`.
pub fn run(args: Args) -> Result<u8, Failure> {
    let started = Instant::now();
    let Some(o) = parse(args)? else {
        return Ok(EXIT_OK);
    };
    let now = common::parse_now(o.now.as_deref(), "score")?;
    let model = common::load_model(o.model.as_deref())?;
    let files = if o.files.is_empty() {
        vec!["-".to_string()]
    } else {
        o.files.clone()
    };
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(Failure::Fatal("stdin (-) can be read only once".into()));
    }
    let sources = open_sources(&files, o.format, &o.ingest)?;
    let all_csv = sources.iter().all(|s| s.format == Format::Csv);
    let output = o
        .output
        .unwrap_or(if all_csv { Format::Csv } else { Format::Ndjson });
    let mixed = sources
        .iter()
        .any(|s| s.format != sources.first().map_or(s.format, |f| f.format));
    if output == Format::Csv && mixed {
        return Err(Failure::Fatal(
            "CSV output needs inputs of one format; score NDJSON and CSV files separately".into(),
        ));
    }
    let errors_file = match &o.errors {
        Some(path) => {
            Some(BufWriter::new(File::create(path).map_err(|e| {
                Failure::Fatal(format!("cannot create {path}: {e}"))
            })?))
        }
        None => None,
    };
    let threads = o.threads.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let names: Vec<Arc<str>> = sources.iter().map(|s| s.name.clone()).collect();
    let job = Job {
        model: &model,
        options: ScoreOptions::at(now),
        output,
        names: &names,
    };
    let mut writer = Writer {
        out: io::stdout().lock(),
        errors_file,
        errors_path: o.errors.clone(),
        names: &names,
        output,
        first_header: None,
        skip_source: false,
        next_line: 1,
        scored: 0,
        failed: 0,
        problems: Vec::new(),
        progress: Progress::new(o.quiet),
    };
    let result = pipeline(sources, threads, &job, &mut writer);
    writer.progress.clear();
    let finish = writer.finish();
    result.and(finish)?;
    let elapsed = started.elapsed();
    if o.stats || io::stderr().is_terminal() {
        eprintln!(
            "scored {} leads ({} failed) in {} — {} leads/s",
            writer.scored,
            writer.failed,
            common::seconds(elapsed),
            group(common::rate(writer.scored, elapsed))
        );
    }
    Ok(if !writer.problems.is_empty() {
        EXIT_USAGE
    } else if writer.failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// Opens every input, each sniffed on its own (format, encoding, delimiter).
fn open_sources(
    files: &[String],
    format: Option<Format>,
    ingest: &IngestFlags,
) -> Result<Vec<Source>, Failure> {
    files
        .iter()
        .map(|path| open::open(path, format, ingest).map(|o| o.source))
        .collect()
}

/// Runs the reader, the workers and the in-order writer until the input ends or writing fails.
fn pipeline(
    sources: Vec<Source>,
    threads: usize,
    job: &Job<'_>,
    writer: &mut Writer<'_>,
) -> Result<(), Failure> {
    let (pool_tx, pool_rx) = mpsc::channel::<Batch>();
    // Enough batches that every worker has one while the reader fills one, the
    // writer drains one and two wait; memory is this pool, whatever the input size.
    for _ in 0..threads + 4 {
        let _ = pool_tx.send(Batch::default());
    }
    let (work_tx, work_rx) = mpsc::channel::<Batch>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Batch>();
    let reader = Reader {
        pool: pool_rx,
        work: work_tx,
        count_ndjson_lines: job.output == Format::Csv,
    };
    std::thread::scope(|s| {
        let reader = s.spawn(move || reader.run(sources));
        for _ in 0..threads {
            let done = done_tx.clone();
            let work = &work_rx;
            s.spawn(move || worker::run(work, &done, job));
        }
        drop(done_tx);
        let result = write_in_order(done_rx, pool_tx, writer);
        match reader.join() {
            Ok(report) => writer.problems.extend(report.source_errors),
            Err(_) => writer.problems.push("the reader thread failed".into()),
        }
        result
    })
}

/// Writes batches in sequence order as they complete, returning each to the pool.
fn write_in_order(
    done: Receiver<Batch>,
    pool: Sender<Batch>,
    writer: &mut Writer<'_>,
) -> Result<(), Failure> {
    let mut pending: BTreeMap<u64, Batch> = BTreeMap::new();
    let mut next = 0u64;
    loop {
        match done.recv_timeout(Duration::from_millis(200)) {
            Ok(batch) => {
                pending.insert(batch.seq, batch);
                while let Some(batch) = pending.remove(&next) {
                    writer.write_batch(&batch)?;
                    next += 1;
                    let _ = pool.send(batch);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        writer.progress.tick(writer.scored + writer.failed);
    }
}

/// One malformed line in `--errors`.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    file: &'a str,
    line: u64,
    code: &'a str,
    message: &'a str,
}

/// The ordered output side: results to stdout, problems to stderr and `--errors`.
struct Writer<'a> {
    out: io::StdoutLock<'static>,
    errors_file: Option<BufWriter<File>>,
    errors_path: Option<String>,
    names: &'a [Arc<str>],
    output: Format,
    first_header: Option<(String, Arc<str>)>,
    skip_source: bool,
    next_line: u64,
    scored: u64,
    failed: u64,
    problems: Vec<String>,
    progress: Progress,
}

impl Writer<'_> {
    fn write_batch(&mut self, batch: &Batch) -> Result<(), Failure> {
        let name = self
            .names
            .get(batch.source)
            .cloned()
            .unwrap_or_else(|| Arc::from("-"));
        if batch.source_start {
            self.skip_source = false;
            self.next_line = 1;
            self.csv_header(batch, &name)?;
        }
        let base = batch.first_line.unwrap_or(self.next_line);
        self.next_line = base + batch.lines;
        for e in &batch.errors {
            self.report(&name, base + e.line, e.code, &e.message)?;
        }
        if self.skip_source {
            return Ok(());
        }
        self.scored += batch.scored;
        self.out.write_all(&batch.out).map_err(|e| output_error(&e))
    }

    /// Writes the CSV output header once; a later CSV file must have the same header.
    fn csv_header(&mut self, batch: &Batch, name: &Arc<str>) -> Result<(), Failure> {
        if self.output != Format::Csv {
            return Ok(());
        }
        let (raw, d) = match (&batch.header, batch.format) {
            (Some(h), Format::Csv) => (h.raw.clone(), char::from(h.dialect.delimiter())),
            (None, Format::Csv) => return Ok(()),
            (_, Format::Ndjson) => ("file,line".to_string(), ','),
        };
        match &self.first_header {
            None => {
                // The result columns follow the input's delimiter (one dialect per row).
                let columns = RESULT_COLUMNS.replace(',', &d.to_string());
                writeln!(self.out, "{raw}{d}{columns}").map_err(|e| output_error(&e))?;
                self.first_header = Some((raw, name.clone()));
            }
            Some((first, _)) if *first == raw => {}
            Some((_, first_name)) => {
                self.problems.push(format!(
                    "{name}: its CSV header differs from {first_name}'s; its rows were left out \
                     (score it separately)"
                ));
                self.skip_source = true;
            }
        }
        Ok(())
    }

    fn report(&mut self, file: &str, line: u64, code: &str, message: &str) -> Result<(), Failure> {
        self.failed += 1;
        if self.failed <= MAX_SHOWN_ERRORS {
            self.progress.clear();
            eprintln!("{file}:{line}: {code}: {message}");
        }
        if let Some(f) = &mut self.errors_file {
            let record = ErrorRecord {
                file,
                line,
                code,
                message,
            };
            serde_json::to_writer(&mut *f, &record)
                .map_err(io::Error::from)
                .and_then(|()| f.write_all(b"\n"))
                .map_err(|e| Failure::Fatal(format!("cannot write the errors file: {e}")))?;
        }
        Ok(())
    }

    /// Flushes the outputs and reports what went wrong beyond single lines.
    fn finish(&mut self) -> Result<(), Failure> {
        if self.failed > MAX_SHOWN_ERRORS {
            let more = self.failed - MAX_SHOWN_ERRORS;
            match &self.errors_path {
                Some(path) => {
                    eprintln!("leadgate: {more} more malformed lines are listed in {path}")
                }
                None => eprintln!(
                    "leadgate: {more} more malformed lines not shown (--errors FILE lists them all)"
                ),
            }
        }
        for problem in &self.problems {
            eprintln!("leadgate: {problem}");
        }
        if let Some(f) = &mut self.errors_file {
            f.flush()
                .map_err(|e| Failure::Fatal(format!("cannot write the errors file: {e}")))?;
        }
        self.out.flush().map_err(|e| output_error(&e))
    }
}
