//! `leadgate generate --export`: a deterministic, realistic CRM export of past
//! leads for `leadgate report` — the sample leads of `generate`, created over
//! the months before `--now`, each with a simulated life (MQL, SQL, first
//! contact, won or lost) in which winning depends on facts about the lead
//! ([`truth`]) and never on a leadgate model, so a backtest of any model
//! against the export is a fair test of it.

mod life;
mod row;
mod truth;
mod vendor;

use super::lead::{generate_lead, Rng};
use super::{Field, DEFAULT_NOW};
use crate::cli::args::{Arg, Args};
use crate::cli::common::{self, output_error, Failure, Format};
use crate::cli::{help, EXIT_OK};
use crate::Timestamp;
use row::{Row, COLUMNS};
use std::io::{self, BufWriter, Write};

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
    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.unit();
        let v = self.unit();
        libm::sqrt(-2.0 * libm::log(u)) * libm::cos(2.0 * std::f64::consts::PI * v)
    }
}

/// Header names and value spellings of one CRM.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `created_at`, RFC 3339 UTC.
    Canonical,
    /// `Create Date`, `YYYY-MM-DD HH:MM`.
    Hubspot,
    /// RD Station Marketing's lead base export ([`vendor`]).
    Rdstation,
    /// A Salesforce lead report ([`vendor`]).
    Salesforce,
    /// Pipedrive's deals export ([`vendor`]).
    Pipedrive,
}

/// utm_source values and their weights; the source is a fact of its own
/// (LinkedIn leads win more often, social-ad leads less: see [`truth::propensity`]).
const SOURCES: &[(&str, u32)] = &[
    ("google", 33),
    ("linkedin", 18),
    ("direct", 14),
    ("newsletter", 11),
    ("facebook", 11),
    ("instagram", 8),
    ("", 5),
];

/// Standard deviation of the unobserved part of a lead's log-odds (budget,
/// timing, the salesperson): what no model can see.
const UNOBSERVED_SD: f64 = 0.6;

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
                    "salesforce" => Style::Salesforce,
                    "pipedrive" => Style::Pipedrive,
                    _ => {
                        let message = format!(
                            "--style: expected canonical, hubspot, rdstation, salesforce or \
                             pipedrive, got {value:?}"
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
    if vendor::is_vendor(o.style) && o.format != Format::Csv {
        let message = "--format ndjson: RD Station, Salesforce and Pipedrive export CSV; \
                       use --style canonical or hubspot for NDJSON";
        return Err(args.error(message.into()).into());
    }
    Ok(Some(o))
}

/// Runs `leadgate generate --export` (the `--export` flag already removed).
pub fn run(args: Args) -> Result<u8, Failure> {
    let Some(o) = parse(args)? else {
        return Ok(EXIT_OK);
    };
    let style = o.style as usize;
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    let mut lead_rng = Rng(o.seed ^ 0x6C65_6164_6761_7465);
    let mut rng = Rng2(o.seed ^ 0x6578_706F_7274_2121);
    let mut line = Vec::with_capacity(4096);
    if vendor::is_vendor(o.style) {
        vendor::write_header(o.style, &mut line);
    } else if o.format == Format::Csv {
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
        let facts = truth::facts(&fields);
        let source = pick_source(&mut rng);
        let seed = life::Seed {
            created,
            propensity: truth::propensity(&facts, source) + UNOBSERVED_SD * rng.normal(),
            hand_raise: matches!(facts.form.as_str(), "demo_request" | "contact_sales"),
            size: facts.size.map(|n| n as f64),
            latam: fields.iter().any(|(k, v)| {
                *k == "country" && matches!(v, Field::Text(c) if LATAM.contains(&c.as_str()))
            }),
            now: o.now,
        };
        let l = life::simulate(&mut rng, &seed);
        let amount = deal_value(o.seed, n, seed.size, &l);
        let row = Row {
            amount,
            fields: &fields,
            created,
            life: &l,
            source,
            style: o.style,
        };
        match o.format {
            Format::Csv if vendor::is_vendor(o.style) => vendor::write_row(&row, &mut line),
            Format::Csv => row.write_csv(&mut line),
            Format::Ndjson => row.write_json(&mut line),
        }
        out.write_all(&line).map_err(|e| output_error(&e))?;
        line.clear();
    }
    vendor::write_footer(o.style, o.now, &mut line);
    out.write_all(&line)
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))?;
    Ok(EXIT_OK)
}

/// A closed deal's value in cents (won and lost deals; open ones have
/// none): larger companies buy more, with log-normal spread. From a stream
/// of its own per lead, so adding it changed no other value of the export.
fn deal_value(seed: u64, n: u64, size: Option<f64>, l: &life::Life) -> Option<u64> {
    if l.won_at.is_none() && l.lost_at.is_none() {
        return None;
    }
    let mut rng = Rng2(seed ^ 0x7661_6C75_6500_0000 ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let employees = size.unwrap_or(50.0).clamp(1.0, 5000.0);
    let units = (2400.0 + 18.0 * employees) * libm::exp(0.45 * rng.normal());
    Some(libm::round(units * 100.0) as u64)
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

fn pick_source(rng: &mut Rng2) -> &'static str {
    let total: u64 = SOURCES.iter().map(|s| u64::from(s.1)).sum();
    let mut roll = rng.below(total);
    for (source, weight) in SOURCES {
        if roll < u64::from(*weight) {
            return source;
        }
        roll -= u64::from(*weight);
    }
    ""
}
