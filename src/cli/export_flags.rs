//! Flags shared by the commands that read CRM exports (`report`, `tune`):
//! the model, the as-of time, the format, the column mapping, the time zone,
//! the MQL recall target, threads and quiet — read and checked the same way.

use super::args::{Args, UsageError};
use super::common::{self, Failure, Format};
use super::open::IngestFlags;
use crate::report::{Mapping, ReportOptions};

/// The shared flags, as given.
#[derive(Default)]
pub struct ExportFlags {
    pub model: Option<String>,
    pub now: Option<String>,
    pub format: Option<Format>,
    pub maps: Vec<String>,
    pub mapping: Option<String>,
    pub timezone: Option<String>,
    pub mql_recall: Option<f64>,
    pub threads: Option<usize>,
    pub quiet: bool,
    // -- Records → lifecycle (dates, presets): wt-presets' block. --
    /// `--date-order dmy|mdy`.
    pub date_order: Option<crate::value::date::Order>,
    /// `--from hubspot|rdstation|salesforce|pipedrive`.
    pub from: Option<String>,
    // --- Revenue (issue 18): how the export writes deal values.
    /// `--number-format pt-BR|en|auto`.
    pub number_format: Option<String>,
    // --- Reading the bytes (issue 14, ingest): --encoding, --delimiter, --sheet.
    /// How to read the export's bytes (see `super::open`).
    pub ingest: IngestFlags,
}

impl ExportFlags {
    /// Reads `flag` when it is one of these flags (or a short form); `false` otherwise.
    pub fn take(
        &mut self,
        flag: &str,
        inline: Option<String>,
        args: &mut Args,
    ) -> Result<bool, Failure> {
        match flag {
            "--model" | "-m" => self.model = Some(args.value(flag, inline)?),
            "--now" => self.now = Some(args.value(flag, inline)?),
            "--format" => {
                let value = args.value(flag, inline)?;
                self.format = Some(Format::parse(&value).ok_or_else(|| {
                    args.error(format!("--format: expected ndjson or csv, got {value:?}"))
                })?);
            }
            "--map" => self.maps.push(args.value(flag, inline)?),
            "--mapping" => self.mapping = Some(args.value(flag, inline)?),
            "--timezone" => self.timezone = Some(args.value(flag, inline)?),
            "--mql-recall" => {
                let value = args.value(flag, inline)?;
                let share = value.trim_end_matches('%').parse::<f64>().map_err(|_| {
                    args.error(format!(
                        "--mql-recall: expected a share like 0.95, got {value:?}"
                    ))
                })?;
                self.mql_recall = Some(if value.ends_with('%') {
                    share / 100.0
                } else {
                    share
                });
            }
            "--threads" | "-j" => {
                let n: usize = args.number(flag, inline)?;
                if !(1..=1024).contains(&n) {
                    let message = format!("{flag}: expected 1 to 1024, got {n}");
                    return Err(args.error(message).into());
                }
                self.threads = Some(n);
            }
            "--quiet" | "-q" => {
                args.no_value(flag, inline)?;
                self.quiet = true;
            }
            // -- Records → lifecycle (dates, presets): wt-presets' block. --
            "--date-order" => {
                let value = args.value(flag, inline)?;
                self.date_order =
                    Some(crate::value::date::Order::parse(&value).ok_or_else(|| {
                        args.error(format!("--date-order: expected dmy or mdy, got {value:?}"))
                    })?);
            }
            "--from" => self.from = Some(args.value(flag, inline)?),
            "--number-format" => self.number_format = Some(args.value(flag, inline)?),
            _ => return take_ingest(&mut self.ingest, flag, inline, args),
        }
        Ok(true)
    }

    /// The core's options from the flags (`command` names the command in errors).
    pub fn options(&self, command: &'static str) -> Result<ReportOptions, Failure> {
        let args_error = |message: String| {
            Failure::Usage(UsageError {
                message,
                command: Some(command),
            })
        };
        let as_of = common::parse_now(self.now.as_deref(), command)?;
        let mut options = ReportOptions::new(as_of);
        let mut mapping = Mapping::new();
        if let Some(path) = &self.mapping {
            let text = common::read_text(path)?;
            mapping
                .merge_json(&text)
                .map_err(|e| Failure::Fatal(format!("{path}: {}", e.message)))?;
        }
        for pair in &self.maps {
            mapping
                .set_pair(pair)
                .map_err(|e| args_error(format!("--map: {}", e.message)))?;
        }
        options.mapping = mapping;
        if let Some(zone) = &self.timezone {
            options
                .set_timezone(zone)
                .map_err(|e| args_error(format!("--{}", e.message)))?;
        }
        options.date_order = self.date_order;
        if let Some(name) = &self.from {
            options.set_preset(name).map_err(|_| {
                args_error(format!(
                    "--from: expected hubspot, rdstation, salesforce or pipedrive, got {name:?}"
                ))
            })?;
        }
        if let Some(name) = &self.number_format {
            options
                .set_number_format(name)
                .map_err(|e| args_error(format!("--{}", e.message.replace('_', "-"))))?;
        }
        if let Some(share) = self.mql_recall {
            options.set_mql_recall(share).map_err(|_| {
                args_error(format!(
                    "--mql-recall: expected a share in (0, 1], got {share}"
                ))
            })?;
        }
        Ok(options)
    }

    /// Worker threads: `--threads`, else every core.
    pub fn threads(&self) -> usize {
        self.threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        })
    }
}

/// Reads `--encoding`, `--delimiter` or `--sheet` (checked when the export
/// is opened); `false` for any other flag. `score` takes them too.
pub fn take_ingest(
    flags: &mut IngestFlags,
    flag: &str,
    inline: Option<String>,
    args: &mut Args,
) -> Result<bool, Failure> {
    match flag {
        "--encoding" => flags.encoding = Some(args.value(flag, inline)?),
        "--delimiter" => flags.delimiter = Some(args.value(flag, inline)?),
        "--sheet" => flags.sheet = Some(args.value(flag, inline)?),
        _ => return Ok(false),
    }
    Ok(true)
}

/// How many row problems `report` and `tune` print on stderr; the rest are
/// only counted (the report's JSON and HTML list them).
pub const MAX_SHOWN: u64 = 100;

/// Unknown stage values already said, by (column, message).
pub type StagesSeen = Vec<(Option<String>, String)>;

/// Whether `p` repeats an unknown stage value already said (each is said
/// once: one per value, not one per row); notes a new one.
pub fn repeats_unknown_stage(p: &crate::report::RowProblem, seen: &mut StagesSeen) -> bool {
    if p.code != crate::report::codes::UNKNOWN_STAGE {
        return false;
    }
    let key = (p.column.clone(), p.message.clone());
    if seen.contains(&key) {
        return true;
    }
    seen.push(key);
    false
}

/// Prints one row problem on stderr, compiler style
/// (`FILE:LINE: code [column]: message`), while fewer than [`MAX_SHOWN`]
/// have been printed; `shown` counts every problem seen.
pub fn show_problem(name: &str, p: &crate::report::RowProblem, shown: &mut u64) {
    *shown += 1;
    if *shown <= MAX_SHOWN {
        let column = p
            .column
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        eprintln!("{name}:{}: {}{column}: {}", p.line, p.code, p.message);
    }
}
