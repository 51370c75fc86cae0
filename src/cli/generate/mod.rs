//! `leadgate generate`: deterministic, realistic sample leads for the default
//! model (names, companies, emails, titles in PT/ES/EN, sizes, events), for
//! benchmarks and demos. A small splitmix64 generator: same seed, same bytes.

#[rustfmt::skip]
mod data;
pub(super) mod export;
mod lead;

use super::args::{Arg, Args};
use super::common::{self, output_error, Failure, Format};
use super::{help, EXIT_OK};
use lead::{generate_lead, Rng};
use std::io::{self, BufWriter, Write};

/// The default `--now`, so that output without flags is reproducible too.
const DEFAULT_NOW: &str = "2026-11-26T12:00:00Z";
/// Milliseconds in a day.
const DAY_MS: u64 = 86_400_000;
/// CSV columns, in the order fields are generated.
const COLUMNS: &[&str] = &[
    "id",
    "first_name",
    "last_name",
    "email",
    "company",
    "company_size",
    "job_title",
    "industry",
    "country",
    "crm",
    "form",
    "page_views",
    "events",
];

/// A generated field value.
enum Field {
    Text(String),
    Number(u64),
    Events(Vec<Event>),
}

struct Event {
    name: &'static str,
    at: String,
    props: Vec<(&'static str, String)>,
}

/// Runs `leadgate generate`.
pub fn run(mut args: Args) -> Result<u8, Failure> {
    let mut count: u64 = 1000;
    let mut seed: u64 = 1;
    let mut now_text = DEFAULT_NOW.to_string();
    let mut format = Format::Ndjson;
    while let Some(arg) = args.next_arg() {
        let (flag, inline) = match arg {
            Arg::Flag(f, v) => (f, v),
            Arg::Positional(p) => {
                return Err(args.error(format!("unexpected argument {p:?}")).into())
            }
        };
        match flag.as_str() {
            "--count" | "-n" => count = args.number(&flag, inline)?,
            "--seed" => seed = args.number(&flag, inline)?,
            "--now" => now_text = args.value(&flag, inline)?,
            "--format" => {
                let value = args.value(&flag, inline)?;
                format = Format::parse(&value).ok_or_else(|| {
                    args.error(format!("--format: expected ndjson or csv, got {value:?}"))
                })?;
            }
            "--help" | "-h" => {
                common::write_stdout(help::GENERATE.as_bytes())?;
                return Ok(EXIT_OK);
            }
            _ => {
                let known = &["--count", "--seed", "--now", "--format", "--help"];
                return Err(args.unknown(&flag, known).into());
            }
        }
    }
    let now = common::parse_now(Some(&now_text), "generate")?;
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let mut rng = Rng(seed ^ 0x6C65_6164_6761_7465);
    let mut line = Vec::with_capacity(2048);
    if format == Format::Csv {
        line.extend_from_slice(COLUMNS.join(",").as_bytes());
        line.push(b'\n');
    }
    for n in 1..=count {
        let lead = generate_lead(&mut rng, n, now);
        match format {
            Format::Ndjson => write_json(&mut line, &lead),
            Format::Csv => write_csv(&mut line, &lead),
        }
        out.write_all(&line).map_err(|e| output_error(&e))?;
        line.clear();
    }
    out.write_all(&line)
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))?;
    Ok(EXIT_OK)
}

fn json_str(out: &mut Vec<u8>, text: &str) {
    // Writing a string into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

fn write_events(out: &mut Vec<u8>, events: &[Event]) {
    out.push(b'[');
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"event\":");
        json_str(out, e.name);
        out.extend_from_slice(b",\"at\":");
        json_str(out, &e.at);
        for (k, v) in &e.props {
            out.push(b',');
            json_str(out, k);
            out.push(b':');
            json_str(out, v);
        }
        out.push(b'}');
    }
    out.push(b']');
}

fn write_json(out: &mut Vec<u8>, lead: &[(&'static str, Field)]) {
    out.push(b'{');
    for (i, (key, value)) in lead.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, key);
        out.push(b':');
        match value {
            Field::Text(t) => json_str(out, t),
            Field::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Field::Events(events) => write_events(out, events),
        }
    }
    out.extend_from_slice(b"}\n");
}

fn write_csv(out: &mut Vec<u8>, lead: &[(&'static str, Field)]) {
    for (i, column) in COLUMNS.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match lead.iter().find(|(k, _)| k == column).map(|(_, v)| v) {
            Some(Field::Text(t)) => super::csv::write_cell(out, t),
            Some(Field::Number(n)) => out.extend_from_slice(n.to_string().as_bytes()),
            Some(Field::Events(events)) => {
                let mut cell = Vec::new();
                write_events(&mut cell, events);
                super::csv::write_cell(out, &String::from_utf8_lossy(&cell));
            }
            None => {}
        }
    }
    out.push(b'\n');
}
