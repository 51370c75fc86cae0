//! The report as data: what `leadgate report --json` prints and the browser
//! page receives, field for field (schema in docs/report.md). Ratios are
//! rounded to 4 decimals and minutes to 1, so the JSON is byte-identical on
//! every runtime.

pub use super::revenue::{Money, RevenueReport};
use super::RowProblem;
use crate::model::ModelInfo;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

mod backtest;
pub use backtest::{
    Backtest, Decile, MonthCompare, Prediction, StageCompare, StageNames, Suggestion,
};

/// The schema version of the report JSON; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// A ratio or rate (`null` when its denominator is 0), written with 4 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Ratio(pub Option<f64>);

impl Ratio {
    /// `num / den`, or none when `den` is 0.
    pub fn of(num: u64, den: u64) -> Ratio {
        Ratio((den > 0).then(|| num as f64 / den as f64))
    }
    /// The value rounded as written.
    pub fn rounded(self) -> Option<f64> {
        self.0.map(|x| libm::round(x * 10_000.0) / 10_000.0)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.rounded() {
            Some(x) => s.serialize_f64(x),
            None => s.serialize_unit(),
        }
    }
}

/// A duration in minutes (`null` when unknown), written with 1 decimal.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Minutes(pub Option<f64>);

impl Minutes {
    /// From whole seconds.
    pub fn from_seconds(seconds: Option<u64>) -> Minutes {
        Minutes(seconds.map(|s| s as f64 / 60.0))
    }
    /// The value rounded as written.
    pub fn rounded(self) -> Option<f64> {
        self.0.map(|x| libm::round(x * 10.0) / 10.0)
    }
}

impl Serialize for Minutes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.rounded() {
            Some(x) => s.serialize_f64(x),
            None => s.serialize_unit(),
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema version ([`REPORT_VERSION`]).
    pub report_version: u32,
    /// The model the leads were re-scored with.
    pub model: ModelInfo,
    /// The moment the report is as of (open SLA clocks end here).
    pub as_of: String,
    /// The time zone of zone-less timestamps and of months, `+HH:MM`.
    pub timezone: String,
    /// What was read.
    pub input: InputSummary,
    /// What the export left open and how it was read (a preset, a date order), figures not measured.
    pub warnings: Vec<String>,
    /// What was wrong with it.
    pub problems: Problems,
    /// Every KPI with its owner and definition.
    pub kpis: Vec<KpiDef>,
    /// KPIs over every lead.
    pub overall: GroupKpis,
    /// KPIs per month of `created_at`.
    pub by_month: Vec<GroupKpis>,
    /// Which of those months are still maturing (wt-rpage: issue 17).
    pub maturity: super::maturity::Maturity,
    /// KPIs per team.
    pub by_team: Vec<GroupKpis>,
    /// KPIs per owner.
    pub by_owner: Vec<GroupKpis>,
    /// KPIs per `utm_source`.
    pub by_source: Vec<GroupKpis>,
    /// KPIs per persona (from re-scoring).
    pub by_persona: Vec<GroupKpis>,
    /// KPIs per grade (from re-scoring).
    pub by_grade: Vec<GroupKpis>,
    /// Time to first contact against the SLA.
    pub sla: SlaReport,
    /// Won value and average ticket, in one currency.
    pub revenue: RevenueReport,
    /// The model's goals against what happened, per period.
    pub goals: super::goals::GoalsReport,
    /// Scores of won and lost leads.
    pub score_distribution: ScoreDistribution,
    /// The model against what happened, and suggested thresholds.
    pub backtest: Backtest,
    /// How quantiles and bins are computed.
    pub methods: Methods,
}

/// What was read.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    /// `csv`, `ndjson`, or the workbook's `xlsx`, `xlsb`, `xls`, `ods`.
    pub format: &'static str,
    // --- How the bytes were read (issue 14, ingest): encoding, delimiter, sheet.
    /// `encoding`, `encoding_from`, `delimiter`, `delimiter_from`, `sheet`
    /// (each present only where it applies; the report page leaves them out).
    #[serde(flatten)]
    pub reading: Reading,
    // --- end of the ingest block.
    /// Records read (blank lines and the header are not records).
    pub rows: u64,
    /// Rows in the KPIs.
    pub used: u64,
    /// Rows left out (each listed in `problems`).
    pub skipped: u64,
    /// The column read for each lifecycle field (`null`: none found).
    pub columns: BTreeMap<&'static str, Option<String>>,
    /// Rows counted under `(other)` because a dimension had too many distinct values.
    pub pooled: BTreeMap<&'static str, u64>,
    // -- Records → lifecycle (dates, presets, footers): wt-presets' block. --
    /// Per date column with numeric dates: its day/month order and what decided it.
    pub dates: BTreeMap<&'static str, super::settle::DateNote>,
    /// The vendor preset (`--from`, or detected from the header), or `null`.
    pub preset: Option<super::presets::PresetNote>,
    /// Report footer rows skipped (Salesforce), not in `rows`.
    pub footer_rows: u64,
}

/// Problems found in the rows.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Problems {
    /// Every problem.
    pub total: u64,
    /// Problems per code.
    pub by_code: BTreeMap<&'static str, u64>,
    /// The first problems, in input order.
    pub first: Vec<RowProblem>,
    /// How many were not listed.
    pub not_listed: u64,
}

/// A KPI: who owns it and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct KpiDef {
    /// The field name in the groups.
    pub id: &'static str,
    /// `marketing`, `sales`, `shared` or a person: the model's `kpi_owners`,
    /// else the default split.
    pub owner: String,
    /// A short label.
    pub label: &'static str,
    /// How it is computed.
    pub definition: &'static str,
}

/// KPIs of one group of leads.
#[derive(Debug, Clone, Serialize, Default)]
pub struct GroupKpis {
    /// The group (`all`, a month `2026-06`, a team…).
    pub key: String,
    /// Leads created.
    pub leads: u64,
    /// Leads that reached MQL.
    pub mql: u64,
    /// Leads that reached SQL.
    pub sql: u64,
    /// Leads won.
    pub won: u64,
    /// Leads lost.
    pub lost: u64,
    /// MQL / leads.
    pub lead_to_mql: Ratio,
    /// SQL / MQL.
    pub mql_to_sql: Ratio,
    /// Won / SQL.
    pub sql_to_won: Ratio,
    /// Leads with a first contact.
    pub contacted: u64,
    /// Leads whose SLA clock ran out (met, late or never contacted).
    pub sla_due: u64,
    /// Of those, contacted in time.
    pub sla_met: u64,
    /// `sla_met / sla_due`.
    pub sla_adherence: Ratio,
    /// Median time from hand-off to first contact.
    pub first_contact_median_minutes: Minutes,
    /// 90th percentile of it.
    pub first_contact_p90_minutes: Minutes,
    /// Leads the model puts at MQL or above.
    pub model_mql: u64,
    /// Leads the model puts at SQL.
    pub model_sql: u64,
    // --- Revenue (issue 18): `null` when the export has no deal value.
    /// Values of the won deals in the report's currency, summed.
    pub won_value: Money,
    /// Won deals with a value in the report's currency.
    pub won_valued: u64,
    /// Won deals with a value in another currency (not summed).
    pub won_other_currency: u64,
    /// `won_value / won_valued`, to the cent.
    pub average_ticket: Money,
}

/// The SLA: response times per hand-off stage, overall and per team.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SlaReport {
    /// Per hand-off stage (SQL, MQL, lead).
    pub stages: Vec<SlaStage>,
    /// Per team.
    pub by_team: Vec<TeamSla>,
    /// Per team and month of hand-off, the goals' window of months.
    pub by_team_month: Vec<super::sla_months::TeamMonthSla>,
    /// False without a first-contact column: every SLA figure is then `null`/0, not 0%.
    pub measured: bool,
}

/// Response to leads handed off at one stage.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SlaStage {
    /// `SQL`, `MQL` or `lead`.
    pub stage: &'static str,
    /// The model's `respond_within` (`null`: no SLA for the stage).
    pub respond_within: Option<String>,
    /// The same in minutes.
    pub respond_within_minutes: Minutes,
    /// Leads handed off at this stage.
    pub handoffs: u64,
    /// Of those, contacted.
    pub contacted: u64,
    /// Contacted within the SLA.
    pub met: u64,
    /// Contacted after it.
    pub late: u64,
    /// Never contacted, with the deadline past `as_of`.
    pub never: u64,
    /// Never contacted, deadline not yet past: not counted.
    pub open: u64,
    /// `met / (met + late + never)`.
    pub adherence: Ratio,
    /// Median time to first contact.
    pub median_minutes: Minutes,
    /// 90th percentile.
    pub p90_minutes: Minutes,
}

/// One team's SLA.
#[derive(Debug, Clone, Serialize, Default)]
pub struct TeamSla {
    /// The team.
    pub team: String,
    /// Leads whose clock ran out.
    pub due: u64,
    /// Contacted in time.
    pub met: u64,
    /// `met / due`.
    pub adherence: Ratio,
    /// Per stage.
    pub stages: Vec<SlaStage>,
}

/// Histogram of re-scored scores.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ScoreDistribution {
    /// Width of each bin in points.
    pub bin_width: i64,
    /// Bins from the lowest score to the highest.
    pub bins: Vec<ScoreBin>,
}

/// One score bin `[from, from + bin_width)`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ScoreBin {
    /// Lowest score in the bin.
    pub from: i64,
    /// Leads in the bin.
    pub leads: u64,
    /// Won.
    pub won: u64,
    /// Lost.
    pub lost: u64,
}

/// How the numbers are computed, stated in the output itself.
#[derive(Debug, Clone, Serialize)]
pub struct Methods {
    /// Quantiles.
    pub quantiles: &'static str,
    /// Scores.
    pub scores: &'static str,
    /// Groups.
    pub groups: &'static str,
}

/// How the bytes were read, as the report's `input` shows it (next to
/// `format`): each `*_from` says whether the choice was `forced` by a flag,
/// read from a byte-order mark (`bom`) or `detected`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The encoding's WHATWG name (`UTF-8`, `UTF-16LE`, `windows-1252`…);
    /// absent for a workbook (its cells are Unicode already).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// `bom`, `detected` or `forced`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_from: Option<&'static str>,
    /// The CSV delimiter: `,`, `;`, `tab` or `|` (CSV only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// `detected` or `forced` (CSV only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter_from: Option<&'static str>,
    /// The worksheet read (workbooks only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}
