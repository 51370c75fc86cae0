//! `leadgate generate --export`: a deterministic, realistic CRM export of past
//! leads for `leadgate report` — the sample leads of `generate`, created over
//! the months before `--now`, each re-scored by the default model as of its
//! creation, with a simulated life (MQL, SQL, first contact, won or lost) in
//! which winning depends on that score around a known threshold
//! ([`life::TRUE_THRESHOLD`]), so a backtest must find it again.

mod life;
mod row;

use super::lead::{generate_lead, Rng};
use super::{write_events, Field, DEFAULT_NOW};
use crate::cli::args::{Arg, Args};
use crate::cli::common::{self, output_error, Failure, Format};
use crate::cli::{help, EXIT_OK};
use crate::lead::Value;
use crate::{ScoreOptions, Timestamp};
use row::{Row, COLUMNS};
use std::borrow::Cow;
use std::io::{self, BufWriter, Write};

pub use life::TRUE_THRESHOLD;

const DAY_MS: i64 = 86_400_000;

/// splitmix64 for the lifecycle, separate from the lead generator's stream.
pub struct Rng2(u64);

impl Rng2 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Header names and value spellings of one CRM.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `created_at`, RFC 3339 UTC.
    Canonical,
    /// `Create Date`, `YYYY-MM-DD HH:MM`.
    Hubspot,
    /// `Data de criação`, `DD/MM/YYYY HH:MM`.
    Rdstation,
}

const SOURCES: &[(&str, u32, u32)] = &[
    // (source, weight for leads below the threshold, weight above it)
    ("google", 35, 28),
    ("linkedin", 12, 30),
    ("direct", 14, 14),
    ("newsletter", 10, 12),
    ("facebook", 14, 5),
    ("instagram", 10, 4),
    ("", 5, 7),
];

const LATAM: &[&str] = &[
    "BR", "Brasil", "br", "MX", "México", "AR", "CO", "CL", "PE", "UY", "EC", "CR",
];

struct Options {
    count: u64,
    seed: u64,
    now: Timestamp,
    months: u64,
    style: Style,
    format: Format,
}

fn parse(mut args: Args) -> Result<Option<Options>, Failure> {
    let mut o = Options {
        count: 50_000,
        seed: 1,
        now: common::parse_now(Some(DEFAULT_NOW), "generate")?,
        months: 6,
        style: Style::Canonical,
        format: Format::Csv,
    };
    while let Some(arg) = args.next_arg() {
        let (flag, inline) = match arg {
            Arg::Flag(f, v) => (f, v),
            Arg::Positional(p) => {
                return Err(args.error(format!("unexpected argument {p:?}")).into())
            }
        };
        match flag.as_str() {
            "--count" | "-n" => o.count = args.number(&flag, inline)?,
            "--seed" => o.seed = args.number(&flag, inline)?,
            "--now" => {
                let text = args.value(&flag, inline)?;
                o.now = common::parse_now(Some(&text), "generate")?;
            }
            "--months" => {
                o.months = args.number(&flag, inline)?;
                if !(1..=120).contains(&o.months) {
                    return Err(args.error("--months: expected 1 to 120".into()).into());
                }
            }
            "--style" => {
                let value = args.value(&flag, inline)?;
                o.style = match value.as_str() {
                    "canonical" => Style::Canonical,
                    "hubspot" => Style::Hubspot,
                    "rdstation" | "rd" => Style::Rdstation,
                    _ => {
                        let message = format!(
                            "--style: expected canonical, hubspot or rdstation, got {value:?}"
                        );
                        return Err(args.error(message).into());
                    }
                };
            }
            "--format" => {
                let value = args.value(&flag, inline)?;
                o.format = Format::parse(&value).ok_or_else(|| {
                    args.error(format!("--format: expected ndjson or csv, got {value:?}"))
                })?;
            }
            "--help" | "-h" => {
                common::write_stdout(help::GENERATE.as_bytes())?;
                return Ok(None);
            }
            _ => {
                let known = &[
                    "--count", "--seed", "--now", "--months", "--style", "--format", "--help",
                ];
                return Err(args.unknown(&flag, known).into());
            }
        }
    }
    Ok(Some(o))
}

/// Runs `leadgate generate --export` (the `--export` flag already removed).
pub fn run(args: Args) -> Result<u8, Failure> {
    let Some(o) = parse(args)? else {
        return Ok(EXIT_OK);
    };
    let model = crate::compile(crate::DEFAULT_MODEL)
        .map_err(|e| Failure::Fatal(format!("the default model: {e}")))?;
    let style = o.style as usize;
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let mut lead_rng = Rng(o.seed ^ 0x6C65_6164_6761_7465);
    let mut rng = Rng2(o.seed ^ 0x6578_706F_7274_2121);
    let mut line = Vec::with_capacity(4096);
    if o.format == Format::Csv {
        let names: Vec<&str> = COLUMNS
            .iter()
            .filter_map(|c| c.get(style).copied())
            .collect();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                line.push(b',');
            }
            crate::cli::csv::write_cell(&mut line, name);
        }
        line.push(b'\n');
    }
    let span_ms = i64::try_from(o.months).unwrap_or(6) * 30 * DAY_MS;
    for n in 1..=o.count {
        let created = created_at(&mut rng, o.now, span_ms);
        let fields = generate_lead(&mut lead_rng, n, created);
        let lead = to_value(&fields);
        let score = model
            .score(&lead, &ScoreOptions::at(created))
            .map(|outcome| outcome.score.as_f64())
            .unwrap_or(0.0);
        let seed = life::Seed {
            created,
            score,
            size: lead.get("company_size").and_then(|v| match v {
                Value::Number(n) => Some(*n),
                _ => None,
            }),
            latam: lead
                .get("country")
                .and_then(Value::as_str)
                .is_some_and(|c| LATAM.contains(&c)),
            now: o.now,
        };
        let l = life::simulate(&mut rng, &seed);
        let source = pick_source(&mut rng, score >= TRUE_THRESHOLD);
        let row = Row {
            fields: &fields,
            created,
            life: &l,
            source,
            style: o.style,
        };
        match o.format {
            Format::Csv => row.write_csv(&mut line),
            Format::Ndjson => row.write_json(&mut line),
        }
        out.write_all(&line).map_err(|e| output_error(&e))?;
        line.clear();
    }
    out.write_all(&line)
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))?;
    Ok(EXIT_OK)
}

/// A creation time in the `span_ms` before `now`, weighted to weekdays and office hours.
fn created_at(rng: &mut Rng2, now: Timestamp, span_ms: i64) -> Timestamp {
    let days = (span_ms / DAY_MS).max(1);
    let day = now.0.div_euclid(DAY_MS) - 1 - rng.below(days.unsigned_abs()) as i64;
    // 1970-01-01 was a Thursday: day 0 is weekday 3 (Monday = 0).
    let weekend = (day + 3).rem_euclid(7) >= 5;
    let day = if weekend && rng.unit() < 0.7 {
        day - 2
    } else {
        day
    };
    let hour = if rng.unit() < 0.8 {
        11 + rng.below(11) as i64 // 08:00–18:59 in Brazil (UTC-3)
    } else {
        rng.below(24) as i64
    };
    let ms = day * DAY_MS + hour * 3_600_000 + rng.below(3_600) as i64 * 1000;
    Timestamp(ms)
}

fn pick_source(rng: &mut Rng2, hot: bool) -> &'static str {
    let weight = |s: &(&str, u32, u32)| u64::from(if hot { s.2 } else { s.1 });
    let total: u64 = SOURCES.iter().map(weight).sum();
    let mut roll = rng.below(total);
    for s in SOURCES {
        if roll < weight(s) {
            return s.0;
        }
        roll -= weight(s);
    }
    ""
}

/// The lead as the report will read it from CSV (cells typed the same way).
fn to_value(fields: &[(&'static str, Field)]) -> Value<'static> {
    let pairs = fields
        .iter()
        .filter_map(|(k, v)| {
            let value = match v {
                Field::Text(t) => crate::report::cell_value(Cow::Owned(t.clone()))?,
                Field::Number(n) => Value::Number(*n as f64),
                Field::Events(events) => {
                    let mut json = Vec::new();
                    write_events(&mut json, events);
                    serde_json::from_slice::<Value<'_>>(&json)
                        .ok()?
                        .into_owned()
                }
            };
            Some((Cow::Borrowed(*k), value))
        })
        .collect();
    Value::Object(pairs)
}
