//! `leadgate report`: SLA KPIs and a backtest of the model over a CRM export,
//! as terminal tables, `--json` (docs/report.md) or a self-contained `--html` page.

pub(super) mod chart;
pub(super) mod goals;
mod html;
pub(super) mod pipeline;
pub(super) mod revenue;
mod sla_months;
pub(super) mod table;

use super::args::{Arg, Args};
use super::common::{self, output_error, Failure};
use super::export_flags::ExportFlags;
use super::open;
use super::progress::{group, Progress};
use super::{help, EXIT_FAILED, EXIT_OK};
use crate::report::{Aggregator, RowReader, RowResult};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::sync::Arc;
use std::time::Instant;

/// Problems echoed on stderr before we only count them (`--errors` keeps all).
use super::export_flags::{self, MAX_SHOWN};

const FLAGS: &[&str] = &[
    "--model",
    "--now",
    "--format",
    "--map",
    "--mapping",
    "--timezone",
    "--date-order",
    "--from",
    "--number-format",
    "--sql-capacity",
    "--mql-recall",
    "--json",
    "--html",
    "--errors",
    "--top",
    "--threads",
    "--quiet",
    "--encoding",
    "--delimiter",
    "--sheet",
    "--help",
];

/// Parsed `report` options.
struct Options {
    input: ExportFlags,
    sql_capacity: Option<u64>,
    json: bool,
    html: Option<String>,
    errors: Option<String>,
    top: usize,
    file: Option<String>,
}

fn parse(mut args: Args) -> Result<Option<Options>, Failure> {
    let mut o = Options {
        input: ExportFlags::default(),
        sql_capacity: None,
        json: false,
        html: None,
        errors: None,
        top: 12,
        file: None,
    };
    while let Some(arg) = args.next_arg() {
        let (flag, inline) = match arg {
            Arg::Positional(p) if o.file.is_none() => {
                o.file = Some(p);
                continue;
            }
            Arg::Positional(p) => {
                let message = format!("one export at a time; unexpected {p:?}");
                return Err(args.error(message).into());
            }
            Arg::Flag(f, v) => (f, v),
        };
        match flag.as_str() {
            "--sql-capacity" => {
                let n: u64 = args.number(&flag, inline)?;
                if n == 0 {
                    return Err(args
                        .error("--sql-capacity: must be at least 1".into())
                        .into());
                }
                o.sql_capacity = Some(n);
            }
            "--json" => {
                args.no_value(&flag, inline)?;
                o.json = true;
            }
            "--html" => o.html = Some(args.value(&flag, inline)?),
            "--errors" => o.errors = Some(args.value(&flag, inline)?),
            "--top" => o.top = args.number(&flag, inline)?,
            "--help" | "-h" => {
                common::write_stdout(help::REPORT.as_bytes())?;
                return Ok(None);
            }
            _ => {
                if !o.input.take(&flag, inline, &mut args)? {
                    return Err(args.unknown(&flag, FLAGS).into());
                }
            }
        }
    }
    Ok(Some(o))
}

/// Runs `leadgate report`.
pub fn run(args: Args) -> Result<u8, Failure> {
    let started = Instant::now();
    let Some(o) = parse(args)? else {
        return Ok(EXIT_OK);
    };
    let (report, name) = build(
        &o.input,
        o.sql_capacity,
        o.file.as_deref(),
        o.errors.as_deref(),
    )?;
    if let Some(path) = &o.html {
        let page = html::render(&report, &name);
        std::fs::write(path, page)
            .map_err(|e| Failure::Fatal(format!("cannot write {path}: {e}")))?;
    }
    let text = if o.json {
        let mut json = report.to_json();
        json.push('\n');
        json
    } else {
        table::render(&report, o.top)
    };
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))?;
    if !o.input.quiet && io::stderr().is_terminal() {
        let elapsed = started.elapsed();
        eprintln!(
            "report over {} rows ({} skipped, {} problems) in {} — {} rows/s",
            group(report.input.rows),
            group(report.input.skipped),
            group(report.problems.total),
            common::seconds(elapsed),
            group(common::rate(report.input.rows, elapsed))
        );
    }
    Ok(if report.problems.total > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// Reads the export as `leadgate report` does (the model and its goals, the
/// export flags, problems echoed on stderr and to `errors`) and returns the
/// report and the input's name. `leadgate review` renders the same report.
pub(super) fn build(
    input: &ExportFlags,
    sql_capacity: Option<u64>,
    file: Option<&str>,
    errors: Option<&str>,
) -> Result<(crate::report::Report, Arc<str>), Failure> {
    let mut options = input.options("report")?;
    options.targets.sql_capacity = sql_capacity;
    let (model, agreement) = common::load_model_and_agreement(input.model.as_deref())?;
    options.money.currency = agreement.currency;
    options.agreement = agreement;
    let path = file.unwrap_or("-");
    let opened = open::open(path, input.format, &input.ingest)?;
    let name = opened.source.name.clone();
    let errors_file = match errors {
        Some(p) => {
            Some(BufWriter::new(File::create(p).map_err(|e| {
                Failure::Fatal(format!("cannot create {p}: {e}"))
            })?))
        }
        None => None,
    };
    let threads = input.threads();
    let reader = RowReader::new(&model, &options);
    let mut aggregator = Aggregator::new(&model, &options, opened.format_name);
    aggregator.set_reading(opened.reading);
    let mut sink = Sink {
        reader: &reader,
        aggregator,
        name: name.clone(),
        shown: 0,
        errors_file,
        footer: crate::report::FooterHold::default(),
        stages_seen: Vec::new(),
    };
    let mut progress = Progress::new(input.quiet);
    let result = pipeline::run(opened.source, threads, &reader, &mut sink, &mut progress);
    progress.clear();
    result?;
    for row in sink.footer.finish() {
        sink.take(row)?;
    }
    sink.aggregator.add_footer_rows(sink.footer.footer_rows);
    if let Some(f) = &mut sink.errors_file {
        f.flush()
            .map_err(|e| Failure::Fatal(format!("cannot write the errors file: {e}")))?;
    }
    let report = sink.aggregator.finish();
    if report.problems.total > MAX_SHOWN {
        let more = report.problems.total - MAX_SHOWN;
        match errors {
            Some(p) => eprintln!("leadgate: {more} more problems are listed in {p}"),
            None => {
                eprintln!("leadgate: {more} more problems not shown (--errors FILE lists them all)")
            }
        }
    }
    Ok((report, name))
}

/// Echoes each row's problems (stderr, `--errors`) and aggregates it.
struct Sink<'r, 'm> {
    /// Told which NDJSON fields `input.columns` names already.
    reader: &'r RowReader<'m>,
    aggregator: Aggregator<'m>,
    name: Arc<str>,
    shown: u64,
    errors_file: Option<BufWriter<File>>,
    /// Footer rows held until what follows decides (Salesforce reports).
    footer: crate::report::FooterHold<RowResult>,
    /// Unknown stage values already echoed (each is echoed once).
    stages_seen: export_flags::StagesSeen,
}

impl pipeline::Ordered<RowResult> for Sink<'_, '_> {
    fn columns(&mut self, summary: crate::report::Summary) {
        self.reader.note_named(&summary);
        self.aggregator.set_columns(summary);
    }

    fn notes(&mut self, notes: &crate::report::settle::ReadNotes) {
        for w in &notes.warnings {
            eprintln!("{}: warning: {w}", self.name);
        }
        self.aggregator.set_notes(notes);
    }

    fn row(&mut self, row: RowResult) -> Result<(), Failure> {
        for row in self.footer.push(row) {
            self.take(row)?;
        }
        Ok(())
    }
}

impl Sink<'_, '_> {
    /// Echoes a row's problems and aggregates it.
    fn take(&mut self, row: RowResult) -> Result<(), Failure> {
        for p in &row.problems {
            if export_flags::repeats_unknown_stage(p, &mut self.stages_seen) {
                continue;
            }
            export_flags::show_problem(&self.name, p, &mut self.shown);
            if let Some(f) = &mut self.errors_file {
                serde_json::to_writer(&mut *f, p)
                    .map_err(io::Error::from)
                    .and_then(|()| f.write_all(b"\n"))
                    .map_err(|e| Failure::Fatal(format!("cannot write the errors file: {e}")))?;
            }
        }
        let named = !row.names.is_empty();
        self.aggregator.add(row);
        if named {
            self.reader.note_named(self.aggregator.columns());
        }
        Ok(())
    }
}
