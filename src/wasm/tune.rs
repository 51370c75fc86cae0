//! The report page's tuning (cargo feature `report-wasm`): the same passes
//! as `leadgate tune` (src/tune/), each fed the whole dropped file slice by
//! slice, so the page gets the CLI's tuned model and summary, byte for
//! byte. Nothing throws: failures come back as `{"error":{"code","message"}}`.

use super::report::{input_format, Failure};
use crate::ingest::bytes::{ByteFeed, Decided};
use crate::report::{byte_feed, InputFormat, ReadOptions, ReportError, TextFeed};
use crate::tune::{Pass, PassFold, TuneOptions, TuneResult, Tuner};
use wasm_bindgen::prelude::wasm_bindgen;

/// A tuning fed by the page: [`TuneRun::pass`] says which pass to feed the
/// file to, [`TuneRun::push`] takes its slices, [`TuneRun::end_pass`] ends
/// it; when `pass()` is 0, [`TuneRun::summary`] and [`TuneRun::model`].
#[wasm_bindgen]
pub struct TuneRun {
    state: Result<State, Failure>,
}

enum State {
    Running(Box<Running>),
    Done(Box<TuneResult>),
}

/// A pass being fed.
struct Running {
    tuner: Tuner,
    feed: TextFeed,
    fold: PassFold,
    format: InputFormat,
    /// The file's bytes read as the report reads them ([`TuneRun::push_bytes`]),
    /// started on a pass's first byte slice.
    bytes: Option<Bytes>,
    /// `Some`: the format was forced (`csv`/`ndjson`), else sniffed.
    forced: Option<InputFormat>,
    read: ReadOptions,
}

/// A pass fed bytes: the feed and the text it made from the last slice.
struct Bytes {
    feed: ByteFeed,
    text: String,
}

#[wasm_bindgen]
impl TuneRun {
    /// Starts a tuning of `model_json` on a file named `format` (or of
    /// format `csv` / `ndjson`); `options_json` is the report's options plus
    /// `holdout`, `seed` and `settle_days` (docs/www.md). Never throws.
    #[wasm_bindgen(constructor)]
    pub fn new(model_json: &str, format: &str, options_json: &str) -> TuneRun {
        let start = || -> Result<State, Failure> {
            let options = TuneOptions::from_json(options_json)?;
            let read = options.report.read.clone();
            let tuner = Tuner::new(model_json.as_bytes(), options)?;
            let forced = InputFormat::parse(format);
            let format = input_format(format);
            Ok(State::Running(Box::new(Running {
                fold: tuner.fold(),
                tuner,
                feed: TextFeed::new(format),
                format,
                bytes: None,
                forced,
                read,
            })))
        };
        TuneRun { state: start() }
    }

    /// The pass to feed the whole file to (1, 2 or 3); 0 when finished or failed.
    pub fn pass(&self) -> u32 {
        match &self.state {
            Ok(State::Running(run)) => match run.tuner.pass() {
                Some(Pass::Gather) => 1,
                Some(Pass::Thresholds) => 2,
                Some(Pass::Check) => 3,
                None => 0,
            },
            _ => 0,
        }
    }

    /// `""`, or the `{"error":{…}}` JSON that stopped this tuning.
    pub fn error(&self) -> String {
        match &self.state {
            Err(f) => f.to_json(),
            Ok(_) => String::new(),
        }
    }

    /// Adds the next slice of the file to the current pass; returns `""` or the error JSON.
    pub fn push(&mut self, chunk: &str) -> String {
        if let Ok(State::Running(run)) = &mut self.state {
            let Running {
                tuner, feed, fold, ..
            } = &mut **run;
            let reader = tuner.reader();
            if let Err(e) = feed.push(chunk, &reader, fold) {
                self.state = Err(e.into());
            }
        }
        self.error()
    }

    /// Adds the next slice of the file's bytes to the current pass, read as
    /// the report reads them (`ReportRun.pushBytes`: sniffed format,
    /// encoding, delimiter; a workbook in the workbook build); returns `""`
    /// or the error JSON.
    #[wasm_bindgen(js_name = pushBytes)]
    pub fn push_bytes(&mut self, chunk: &[u8]) -> String {
        if let Ok(State::Running(run)) = &mut self.state {
            if let Err(e) = run.bytes(chunk, false) {
                self.state = Err(e.into());
            }
        }
        self.error()
    }

    /// Ends the current pass (the file was fed whole); after the last one
    /// the result is ready. Returns `""` or the error JSON.
    pub fn end_pass(&mut self) -> String {
        let state = std::mem::replace(&mut self.state, Err(Failure::new("finished", "")));
        self.state = match state {
            Ok(State::Running(run)) => next_pass(*run),
            other => other,
        };
        self.error()
    }

    /// The summary JSON (what `leadgate tune --json` prints, without its
    /// final newline), `""` before the end, or the error JSON.
    pub fn summary(&self) -> String {
        match &self.state {
            Ok(State::Done(result)) => {
                serde_json::to_string_pretty(&result.summary).unwrap_or_default()
            }
            Ok(_) => String::new(),
            Err(f) => f.to_json(),
        }
    }

    /// The tuned model's JSON (what `leadgate tune -o` writes), or `""`.
    pub fn model(&self) -> String {
        match &self.state {
            Ok(State::Done(result)) => result.model.clone(),
            _ => String::new(),
        }
    }
}

impl Running {
    /// Feeds a byte slice (`last`: the end of the file) through the pass's
    /// byte feed to its text feed.
    fn bytes(&mut self, chunk: &[u8], last: bool) -> Result<(), ReportError> {
        let Running {
            tuner,
            feed,
            fold,
            bytes,
            forced,
            read,
            ..
        } = self;
        let b = bytes.get_or_insert_with(|| Bytes {
            feed: byte_feed(read, *forced),
            text: String::new(),
        });
        b.text.clear();
        let decided: Option<Decided> = if last {
            b.feed.finish(&mut b.text)?
        } else {
            b.feed.push(chunk, &mut b.text)?
        };
        if let Some(d) = decided {
            let format = if d.ndjson {
                InputFormat::Ndjson
            } else {
                InputFormat::Csv
            };
            *feed = TextFeed::with_dialect(format, d.dialect);
        }
        if !b.text.is_empty() {
            let reader = tuner.reader();
            feed.push(&b.text, &reader, fold)?;
        }
        Ok(())
    }
}

/// Ends the pass being fed: the next pass, or the result.
fn next_pass(mut run: Running) -> Result<State, Failure> {
    if run.bytes.is_some() {
        run.bytes(&[], true)?;
    }
    let Running {
        mut tuner,
        mut feed,
        mut fold,
        format,
        forced,
        read,
        ..
    } = run;
    {
        let reader = tuner.reader();
        feed.finish(&reader, &mut fold)?;
    }
    tuner.end_pass(fold)?;
    if tuner.pass().is_none() {
        return Ok(State::Done(Box::new(tuner.finish()?)));
    }
    Ok(State::Running(Box::new(Running {
        fold: tuner.fold(),
        tuner,
        feed: TextFeed::new(format),
        format,
        bytes: None,
        forced,
        read,
    })))
}
