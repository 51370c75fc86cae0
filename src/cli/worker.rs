//! Worker threads: parse, score and render whole batches; NDJSON parsing lives here.

use super::common::Format;
use super::csv;
use super::input::{Batch, LineError};
use crate::error::codes;
use crate::{CompiledModel, Outcome, ScoreBuffers, ScoreOptions};
use std::io::Write;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Mutex;

/// What every worker shares for one run.
pub struct Job<'a> {
    /// The compiled model.
    pub model: &'a CompiledModel,
    /// `now` and no previous stage (leads may carry their own `previous_stage`).
    pub options: ScoreOptions,
    /// The output format.
    pub output: Format,
    /// Source names, for the `file` column of NDJSON-to-CSV output.
    pub names: &'a [std::sync::Arc<str>],
}

/// How a CSV output row identifies its input.
pub enum RowKey<'a> {
    /// A CSV record, echoed unchanged, and its delimiter (the result
    /// columns are appended with it, so each output row stays one dialect).
    Csv(&'a str, u8),
    /// An NDJSON line: its file and line number.
    Line(&'a str, u64),
}

/// The columns CSV output appends.
pub const RESULT_COLUMNS: &str = "stage,score,grade,persona,team,respond_by";

/// Takes batches until the reader is done, sending each back with its results.
pub fn run(work: &Mutex<Receiver<Batch>>, done: &Sender<Batch>, job: &Job<'_>) {
    loop {
        let next = {
            let rx = work
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            rx.recv()
        };
        let Ok(mut batch) = next else {
            return;
        };
        batch.out.clear();
        batch.errors.clear();
        batch.scored = 0;
        match batch.format {
            Format::Ndjson => score_ndjson(&mut batch, job),
            Format::Csv => csv::score_batch(&mut batch, job),
        }
        if done.send(batch).is_err() {
            return;
        }
    }
}

/// Appends one outcome: its exact JSON line, or a CSV row.
pub fn render(out: &mut Vec<u8>, outcome: &Outcome<'_, '_>, format: Format, key: RowKey<'_>) {
    match format {
        Format::Ndjson => {
            if super::json_out::write(out, outcome).is_err() {
                // Writing plain data into memory cannot fail in serde_json.
                let _ = serde_json::to_writer(&mut *out, outcome);
            }
        }
        Format::Csv => {
            let d = match key {
                RowKey::Csv(record, d) => {
                    out.extend_from_slice(record.as_bytes());
                    d
                }
                RowKey::Line(file, line) => {
                    csv::write_cell(out, file);
                    let _ = write!(out, ",{line}");
                    b','
                }
            };
            let c = char::from(d);
            let _ = write!(
                out,
                "{c}{}{c}{}{c}{}{c}",
                outcome.stage,
                outcome.score,
                outcome.grade.as_str()
            );
            crate::csv::write_cell(out, outcome.persona.unwrap_or(""), d);
            out.push(d);
            if let Some(route) = &outcome.route {
                crate::csv::write_cell(out, route.team, d);
                out.push(d);
                if let Some(t) = route.respond_by {
                    let _ = write!(out, "{t}");
                }
            } else {
                out.push(d);
            }
        }
    }
    out.push(b'\n');
}

/// A serde_json error without its `at line 1 column N` tail (the caller knows the line).
pub fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&tail) {
        Some(head) if e.line() <= 1 => format!("invalid JSON: {head} (column {})", e.column()),
        Some(head) => format!(
            "invalid JSON: {head} (line {} column {})",
            e.line(),
            e.column()
        ),
        None => format!("invalid JSON: {text}"),
    }
}

/// Scores every line of an NDJSON batch.
fn score_ndjson(batch: &mut Batch, job: &Job<'_>) {
    let Batch {
        data,
        out,
        errors,
        lines,
        scored,
        first_line,
        source,
        source_start,
        ..
    } = batch;
    // One validation pass for the whole batch; a bad byte sends us line by line.
    let whole = std::str::from_utf8(data).ok();
    let name = job.names.get(*source).map_or("-", |n| n.as_ref());
    let mut rel = 0u64;
    let mut start = 0usize;
    let mut ends = memchr::memchr_iter(b'\n', data);
    let mut buffers = ScoreBuffers::new();
    while start < data.len() {
        let end = ends.next().unwrap_or(data.len());
        let range = (start, end);
        start = end + 1;
        let line_no = rel;
        rel += 1;
        let Some(raw) = data.get(range.0..range.1) else {
            continue;
        };
        let text = match whole {
            Some(w) => w.get(range.0..range.1).ok_or(()),
            None => std::str::from_utf8(raw).map_err(|_| ()),
        };
        let Ok(text) = text else {
            errors.push(LineError {
                line: line_no,
                code: codes::BAD_LEAD_JSON,
                message: "invalid JSON: not valid UTF-8".into(),
            });
            continue;
        };
        // Some Windows tools start a UTF-8 file with a byte-order mark.
        let text = match (*source_start, line_no) {
            (true, 0) => text.strip_prefix('\u{feff}').unwrap_or(text),
            _ => text,
        };
        if text.bytes().all(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let mut fixed = None;
        let (lead, lone_surrogates) = match crate::lead::parse_json_lead(text, &mut fixed) {
            Ok(parsed) => parsed,
            Err(e) => {
                errors.push(LineError {
                    line: line_no,
                    code: codes::BAD_LEAD_JSON,
                    message: json_error_message(&e),
                });
                continue;
            }
        };
        let with_flag;
        let options = if lone_surrogates {
            with_flag = ScoreOptions {
                lone_surrogates: true,
                ..job.options.clone()
            };
            &with_flag
        } else {
            &job.options
        };
        match job.model.score_with(&lead, options, &mut buffers) {
            Ok(outcome) => {
                let key = RowKey::Line(name, first_line.map_or(0, |f| f + line_no));
                render(out, &outcome, job.output, key);
                *scored += 1;
            }
            Err(e) => errors.push(LineError {
                line: line_no,
                code: e.code,
                message: e.message,
            }),
        }
    }
    // A final line without a newline was counted above but is no line break.
    *lines = if data.last() == Some(&b'\n') || data.is_empty() {
        rel
    } else {
        rel.saturating_sub(1)
    };
}
