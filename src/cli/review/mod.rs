//! `leadgate review`: the monthly SLA review both teams meet over. It runs
//! `leadgate report` on the export (the same code path and the same
//! [`crate::report::Report`]) and writes, for one month, the goals against
//! their targets with owners, the month's funnel and conversions against the
//! month before, the SLA per stage and team, revenue, and what to discuss —
//! as Markdown (stdout or `-o FILE`) and, with `--html FILE`, a
//! self-contained page; in English or Brazilian Portuguese (docs/review.md).
//!
//! Owns: `build.rs` (report → blocks: what the review says; its goals
//! table in `goals.rs`, its largest gaps with their leads in `gaps.rs`), `doc.rs`
//! (blocks → Markdown / HTML), `messages.rs` (every text in both languages).
//! May call: the report command's `build` and its formatters; nothing else.

mod build;
mod doc;
mod gaps;
mod goals;
mod messages;

use super::args::{Arg, Args};
use super::common::{self, output_error, Failure};
use super::export_flags::ExportFlags;
use super::{help, EXIT_FAILED, EXIT_OK};
use crate::model::goals::Period;
use crate::report::goals::period;
use crate::time::Timestamp;
use messages::Lang;
use std::io::{self, Write};

const FLAGS: &[&str] = &[
    "--model",
    "--now",
    "--month",
    "--lang",
    "--output",
    "--html",
    "--errors",
    "--format",
    "--map",
    "--mapping",
    "--timezone",
    "--date-order",
    "--from",
    "--number-format",
    "--threads",
    "--quiet",
    "--encoding",
    "--delimiter",
    "--sheet",
    "--help",
];

/// Parsed `review` options.
struct Options {
    input: ExportFlags,
    month: Option<String>,
    lang: Lang,
    output: Option<String>,
    html: Option<String>,
    errors: Option<String>,
    file: Option<String>,
}

fn parse(mut args: Args) -> Result<Option<Options>, Failure> {
    let mut o = Options {
        input: ExportFlags::default(),
        month: None,
        lang: Lang::En,
        output: None,
        html: None,
        errors: None,
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
            "--month" => o.month = Some(args.value(&flag, inline)?),
            "--lang" => {
                let value = args.value(&flag, inline)?;
                o.lang = Lang::parse(&value).ok_or_else(|| {
                    args.error(format!("--lang: expected en or pt-BR, got {value:?}"))
                })?;
            }
            "--output" | "-o" => o.output = Some(args.value(&flag, inline)?),
            "--html" => o.html = Some(args.value(&flag, inline)?),
            "--errors" => o.errors = Some(args.value(&flag, inline)?),
            "--help" | "-h" => {
                common::write_stdout(help::REVIEW.as_bytes())?;
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

/// `2026-11` → its month index (year × 12 + month − 1).
fn month_index(text: &str) -> Option<i64> {
    let (y, m) = text.split_once('-')?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || m.len() != 2 || !all_digits(y) || !all_digits(m) {
        return None;
    }
    let (y, m): (i64, i64) = (y.parse().ok()?, m.parse().ok()?);
    (1..=12).contains(&m).then_some(y * 12 + m - 1)
}

/// `+HH:MM` / `-HH:MM` (the report's `timezone`) → milliseconds east of UTC.
fn offset_ms(zone: &str) -> i64 {
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: Vec<i64> = zone
        .trim_start_matches(['+', '-'])
        .split(':')
        .filter_map(|p| p.parse().ok())
        .collect();
    let (h, m) = match digits.as_slice() {
        [h, m] => (*h, *m),
        _ => (0, 0),
    };
    sign * (h * 60 + m) * 60_000
}

fn usage(message: String) -> Failure {
    Failure::Usage(super::args::UsageError {
        message,
        command: Some("review"),
    })
}

/// Runs `leadgate review`.
pub fn run(args: Args) -> Result<u8, Failure> {
    let Some(o) = parse(args)? else {
        return Ok(EXIT_OK);
    };
    // A bad --month is a usage error before the export is read.
    let asked = match &o.month {
        Some(text) => Some(month_index(text).ok_or_else(|| {
            usage(format!(
                "--month: expected a month as YYYY-MM, such as 2026-11, got {text:?}"
            ))
        })?),
        None => None,
    };
    let (report, _) = super::report::build(&o.input, None, o.file.as_deref(), o.errors.as_deref())?;
    let as_of = Timestamp::parse(&report.as_of)
        .ok_or_else(|| Failure::Fatal(format!("unreadable as_of {:?}", report.as_of)))?;
    let now_month = period::index(as_of, offset_ms(&report.timezone), Period::Month);
    let month = asked.unwrap_or(now_month - 1);
    if month > now_month {
        let message = format!(
            "--month: {} is after the month of --now ({}); nothing happened in it yet",
            period::name(month, Period::Month),
            report.as_of
        );
        return Err(usage(message));
    }
    let review = build::Review {
        report: &report,
        month,
        now_month,
        lang: o.lang,
    };
    let blocks = review.blocks();
    if let Some(path) = &o.html {
        let page = doc::html(&blocks, o.lang.tag());
        std::fs::write(path, page)
            .map_err(|e| Failure::Fatal(format!("cannot write {path}: {e}")))?;
    }
    let text = doc::markdown(&blocks);
    match o.output.as_deref() {
        Some(path) if path != "-" => std::fs::write(path, text)
            .map_err(|e| Failure::Fatal(format!("cannot write {path}: {e}")))?,
        _ => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| output_error(&e))?;
        }
    }
    Ok(if report.problems.total > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_offsets() {
        assert_eq!(month_index("2026-11"), Some(2026 * 12 + 10));
        assert_eq!(month_index("2026-13"), None);
        assert_eq!(month_index("2026-1"), None);
        assert_eq!(month_index("26-11"), None);
        assert_eq!(offset_ms("-03:00"), -10_800_000);
        assert_eq!(offset_ms("+05:30"), 19_800_000);
        assert_eq!(offset_ms("+00:00"), 0);
    }
}
