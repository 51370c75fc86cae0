//! SLA KPIs and backtests over past leads: a CRM export in, a [`Report`] out.
//!
//! The same code serves the CLI (`leadgate report`, which parses and scores
//! rows on every core and feeds them here in input order) and the browser
//! page (through wasm, with [`report_text`] or, for large files read in
//! slices, [`TextReport`]). Both print [`Report::to_json`], so the same export
//! gives the same bytes on every runtime.
//!
//! ```
//! use leadgate::report::{report_text, InputFormat, ReportOptions};
//! let model = leadgate::compile(leadgate::DEFAULT_MODEL).map_err(|e| e.to_string())?;
//! let csv = "created_at,mql_at,won_at,email\n2026-06-01T10:00:00Z,2026-06-01T11:00:00Z,,a@b.com\n";
//! let options = ReportOptions::from_json(r#"{"as_of": "2026-11-26T12:00:00Z"}"#)
//!     .map_err(|e| e.to_string())?;
//! let report = report_text(&model, csv, InputFormat::Csv, &options).map_err(|e| e.to_string())?;
//! assert_eq!(report.overall.mql, 1);
//! # Ok::<(), String>(())
//! ```

mod aggregate;
mod aliases;
mod backtest;
#[cfg(feature = "ingest")]
mod bytes;
// The editor's exact "what changes" counts (wt-editor, issue 17).
#[cfg(feature = "ingest")]
mod changes;
pub mod datetime;
mod feed;
pub mod figures;
mod footer;
pub mod goals;
mod groups;
mod kpis;
mod life;
pub mod mapping;
pub mod maturity;
mod measured;
mod ndjson;
pub mod output;
pub mod presets;
pub mod revenue;
mod row;
pub mod settle;
mod sketch;
pub mod sla_months;
mod suggest;
mod text;

pub use crate::csv::cell_value;
pub use aggregate::{Aggregator, MAX_LISTED};
#[cfg(feature = "ingest")]
pub use bytes::{byte_feed, BytesReport};
#[cfg(feature = "ingest")]
pub use changes::{stage_changes, StageChanges, StageMove};
pub use feed::{Records, RowSink, Summary, TextFeed};
pub use figures::{duration, group, percent};
pub use footer::{FooterHold, FooterRow};
pub use groups::{format_duration, MAX_GROUPS};
pub use mapping::Mapping;
pub use output::Report;
pub use row::{CsvColumns, PastLead, Result3, RowReader, RowResult};
pub use sketch::EXACT_MAX;
pub use text::{report_text, TextReport};

// What `tune` reuses of the report (it exists where tune is built).
#[cfg(any(feature = "cli", feature = "report-wasm"))]
pub(crate) use {
    aggregate::handoff_ranks,
    backtest::{prediction, ScoreHist},
    row::Life,
    suggest::{best_f1_cut, recall_cut},
};

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The problem of a row that is not UTF-8 after the encoding was chosen
/// (stdin is decided on its first 64 KiB; `--encoding utf-8` forces).
pub const NOT_UTF8: &str = "not valid UTF-8; the row was skipped (if the export is in another \
                            encoding, name it: --encoding windows-1252, --encoding utf-16le…)";

/// Stable codes of report errors and row problems (part of the JSON contract).
pub mod codes {
    /// A CSV record that is not valid CSV or does not fit the header.
    pub const BAD_CSV: &str = "bad_csv";
    /// An NDJSON line that is not JSON.
    pub const BAD_JSON: &str = "bad_json";
    /// An NDJSON line that is not an object.
    pub const NOT_AN_OBJECT: &str = "not_an_object";
    /// An `events` cell that is not JSON.
    pub const BAD_EVENTS: &str = "bad_events";
    /// A quote inside an unquoted CSV cell: kept as text, the row is read.
    pub const STRAY_QUOTE: &str = "stray_quote";
    /// A lifecycle timestamp that does not parse.
    pub const BAD_TIMESTAMP: &str = "bad_timestamp";
    /// A row without `created_at`.
    pub const MISSING_CREATED_AT: &str = "missing_created_at";
    /// A first contact before the lead was created.
    pub const TIMESTAMP_ORDER: &str = "timestamp_order";
    /// An `outcome` that is neither won, lost nor open.
    pub const BAD_VALUE: &str = "bad_value";
    /// A mapping that is not `FIELD=COLUMN` or not a JSON object of strings.
    pub const BAD_MAPPING: &str = "bad_mapping";
    /// A mapped column the export does not have.
    pub const UNKNOWN_COLUMN: &str = "unknown_column";
    /// No column for `created_at`.
    pub const MISSING_COLUMN: &str = "missing_column";
    /// A report option with a bad value.
    pub const BAD_OPTION: &str = "bad_option";
    /// A date that exists only in the other day/month order than its
    /// column's (a row problem), or a column whose first rows hold both (an error).
    pub const DATE_ORDER_CONFLICT: &str = "date_order_conflict";
    /// A lifecycle date (MQL, SQL, won, lost) before `created_at`: reported, the row counts.
    pub const DATE_BEFORE_CREATED: &str = "date_before_created";
    /// A stage value neither the preset nor leadgate knows (read as a lead;
    /// reported once per value, as a warning).
    pub const UNKNOWN_STAGE: &str = "unknown_stage";
    /// A deal value (or its currency) that cannot be read: the deal has no value.
    pub const BAD_AMOUNT: &str = "bad_amount";
}

/// Why a report could not be made at all (row problems are counted instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportError {
    /// Stable code (see [`codes`]).
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: String,
}

impl ReportError {
    /// An error with a code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> ReportError {
        ReportError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for ReportError {}

/// A problem with one row, reported with its line and never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The line where the record starts (1 is the first line of the input).
    pub line: u64,
    /// The column (or NDJSON key) concerned, if one is.
    pub column: Option<String>,
    /// Stable code (see [`codes`]).
    pub code: &'static str,
    /// What is wrong and what was done about it.
    pub message: String,
}

/// CSV or NDJSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// RFC 4180 with a header row.
    Csv,
    /// One JSON object per line.
    Ndjson,
}

impl InputFormat {
    /// Reads `csv` or `ndjson` (also `jsonl`, `json`).
    pub fn parse(text: &str) -> Option<InputFormat> {
        match text.to_ascii_lowercase().as_str() {
            "csv" => Some(InputFormat::Csv),
            "ndjson" | "jsonl" | "json" => Some(InputFormat::Ndjson),
            _ => None,
        }
    }
    /// The format a file name suggests: `.csv` is CSV, anything else NDJSON.
    pub fn from_name(name: &str) -> InputFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            InputFormat::Csv
        } else {
            InputFormat::Ndjson
        }
    }
    /// `csv` or `ndjson`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Csv => "csv",
            InputFormat::Ndjson => "ndjson",
        }
    }
}

/// What the threshold suggestions aim for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// SQLs per month sales can handle (adds a `capacity` suggestion).
    pub sql_capacity: Option<u64>,
    /// Share of won deals the MQL threshold must keep (0..1].
    pub mql_recall: f64,
}

/// Inputs of a report besides the rows: time is an input, never read here.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The moment the report is as of: SLA deadlines after it are still open.
    pub as_of: Timestamp,
    /// Milliseconds east of UTC of zone-less timestamps, and of month boundaries.
    pub utc_offset_ms: i64,
    /// Which columns hold what.
    pub mapping: Mapping,
    /// Objectives of the suggestions.
    pub targets: Targets,
    /// `--date-order`: forces every date column's day/month order.
    pub date_order: Option<crate::value::date::Order>,
    /// `--from`: the vendor preset (else detected from the header).
    pub preset: Option<&'static presets::Preset>,
    /// True when `timezone` was given (a preset's zone then does not apply).
    pub timezone_given: bool,
    /// How bytes are read ([`BytesReport`], the report page); the CLI has flags.
    pub read: ReadOptions,
    /// The currency summed and how deal values are written (`revenue/`).
    pub money: revenue::MoneyOptions,
    /// The model's goals and KPI owners (`crate::model::goals::agreement`;
    /// the default split without them).
    pub agreement: crate::model::goals::Agreement,
}

/// The report page's forced choices about its bytes (`--encoding`,
/// `--delimiter`, `--sheet` of the CLI), and what it learnt of the whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// An encoding label.
    pub encoding: Option<String>,
    /// A delimiter name.
    pub delimiter: Option<String>,
    /// A workbook's sheet.
    pub sheet: Option<String>,
    /// `false`: the file is known not to be UTF-8 (after `not_utf8_later`).
    pub utf8: Option<bool>,
}

/// The JSON form of [`ReportOptions`] (for the browser page).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsJson {
    as_of: String,
    timezone: Option<String>,
    mapping: Option<serde_json::Value>,
    sql_capacity: Option<u64>,
    mql_recall: Option<f64>,
    date_order: Option<String>,
    from: Option<String>,
    // --- Reading the bytes (issue 14, ingest): the page's forced choices.
    encoding: Option<String>,
    delimiter: Option<String>,
    sheet: Option<String>,
    utf8: Option<bool>,
    // --- Revenue (issue 18): the model's currency, the export's numbers.
    currency: Option<String>,
    number_format: Option<String>,
}

impl ReportOptions {
    /// These options with the agreement of the model whose JSON text is
    /// `model_json` (goals, KPI owners, currency; the default without them or
    /// for a compiled model), as `leadgate report` and the report page read
    /// it; a currency the options already name wins.
    pub fn with_agreement_of(mut self, model_json: &str) -> ReportOptions {
        let text = model_json.strip_prefix('\u{feff}').unwrap_or(model_json);
        let doc: Option<serde_json::Value> = serde_json::from_str(text).ok();
        let agreement = doc.and_then(|d| crate::model::goals::agreement(&d).ok());
        self.agreement = agreement.unwrap_or_default();
        self.money.currency = self.money.currency.or(self.agreement.currency);
        self
    }

    /// Defaults: UTC, built-in column names, keep 95% of wins at MQL, no capacity.
    pub fn new(as_of: Timestamp) -> ReportOptions {
        ReportOptions {
            as_of,
            utc_offset_ms: 0,
            mapping: Mapping::new(),
            read: ReadOptions::default(),
            targets: Targets {
                sql_capacity: None,
                mql_recall: 0.95,
            },
            date_order: None,
            preset: None,
            timezone_given: false,
            money: revenue::MoneyOptions::default(),
            agreement: crate::model::goals::Agreement::default(),
        }
    }

    /// Reads `{"as_of", "timezone"?, "mapping"?, "sql_capacity"?, "mql_recall"?,
    /// "date_order"?, "from"?, "encoding"?, "delimiter"?, "sheet"?, "utf8"?}`.
    pub fn from_json(text: &str) -> Result<ReportOptions, ReportError> {
        let bad = |m: String| ReportError::new(codes::BAD_OPTION, m);
        let o: OptionsJson =
            serde_json::from_str(text).map_err(|e| bad(format!("report options: {e}")))?;
        let as_of = Timestamp::parse(&o.as_of).ok_or_else(|| {
            bad(format!(
                "as_of: expected an RFC 3339 time, got {:?}",
                o.as_of
            ))
        })?;
        let mut options = ReportOptions::new(as_of);
        if let Some(zone) = o.timezone {
            options.set_timezone(&zone)?;
        }
        if let Some(mapping) = &o.mapping {
            options.mapping.merge_value(mapping)?;
        }
        if let Some(order) = &o.date_order {
            options.date_order =
                Some(crate::value::date::Order::parse(order).ok_or_else(|| {
                    bad(format!("date_order: expected dmy or mdy, got {order:?}"))
                })?);
        }
        if let Some(name) = &o.from {
            options.set_preset(name)?;
        }
        options.targets.sql_capacity = o.sql_capacity;
        options.read = ReadOptions {
            encoding: o.encoding,
            delimiter: o.delimiter,
            sheet: o.sheet,
            utf8: o.utf8,
        };
        if let Some(r) = o.mql_recall {
            options.set_mql_recall(r)?;
        }
        if let Some(code) = &o.currency {
            let c = crate::value::Currency::ALL
                .into_iter()
                .find(|c| c.code() == code);
            options.money.currency = Some(c.ok_or_else(|| {
                bad(format!(
                    "currency: expected BRL, USD, EUR or GBP, got {code:?}"
                ))
            })?);
        }
        if let Some(f) = &o.number_format {
            options.set_number_format(f)?;
        }
        if options.targets.sql_capacity == Some(0) {
            return Err(bad("sql_capacity: must be at least 1".into()));
        }
        Ok(options)
    }

    /// Sets the vendor preset by its `--from` name.
    pub fn set_preset(&mut self, name: &str) -> Result<(), ReportError> {
        self.preset = Some(presets::Preset::by_name(name).ok_or_else(|| {
            ReportError::new(
                codes::BAD_OPTION,
                format!("from: expected hubspot, rdstation, salesforce or pipedrive, got {name:?}"),
            )
        })?);
        Ok(())
    }

    /// Sets the zone of zone-less timestamps (`-03:00`, `+0530`, `UTC`).
    pub fn set_timezone(&mut self, zone: &str) -> Result<(), ReportError> {
        self.timezone_given = true;
        self.utc_offset_ms = datetime::parse_zone(zone).ok_or_else(|| {
            ReportError::new(
                codes::BAD_OPTION,
                format!("timezone: expected an offset such as -03:00 or UTC, got {zone:?}"),
            )
        })?;
        Ok(())
    }

    /// Sets how the export writes numbers: `pt-BR`, `en` or `auto`.
    pub fn set_number_format(&mut self, name: &str) -> Result<(), ReportError> {
        self.money.number_format = Some(revenue::parse_format(name).ok_or_else(|| {
            ReportError::new(
                codes::BAD_OPTION,
                format!("number_format: expected pt-BR, en or auto, got {name:?}"),
            )
        })?);
        Ok(())
    }

    /// Sets the share of wins the MQL threshold keeps (more than 0, at most 1).
    pub fn set_mql_recall(&mut self, share: f64) -> Result<(), ReportError> {
        if share.is_nan() || share <= 0.0 || share > 1.0 {
            return Err(ReportError::new(
                codes::BAD_OPTION,
                format!("mql_recall: expected a share in (0, 1], got {share}"),
            ));
        }
        self.targets.mql_recall = share;
        Ok(())
    }
}

impl Report {
    /// The report as pretty JSON (2-space indent, no trailing newline): what
    /// `leadgate report --json` prints, byte for byte.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
