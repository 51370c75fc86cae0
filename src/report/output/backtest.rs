//! The report's `backtest` section as data: the model's stages against
//! the CRM's, per month and per score decile, and the suggested thresholds
//! (filled by `report/backtest.rs`; a part of `output.rs`).

use super::Ratio;
use serde::Serialize;

/// The model against the CRM.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Backtest {
    /// The model stages compared with the CRM's MQL and SQL.
    pub stage_names: StageNames,
    /// Model vs CRM per stage.
    pub stages: Vec<StageCompare>,
    /// Model and CRM per month.
    pub by_month: Vec<MonthCompare>,
    /// The model's SQL as a prediction of won.
    pub model_sql_vs_won: Prediction,
    /// The CRM's SQL as a prediction of won (the baseline).
    pub crm_sql_vs_won: Prediction,
    /// Conversion to won by score decile (1 lowest, 10 highest).
    pub deciles: Vec<Decile>,
    /// Months from the first to the last `created_at` (mean Gregorian months,
    /// at least 1): the denominator of per-month rates.
    pub months: Ratio,
    /// Suggested score thresholds.
    pub suggestions: Vec<Suggestion>,
}

/// Which model stages stand for MQL and SQL.
#[derive(Debug, Clone, Serialize, Default)]
pub struct StageNames {
    /// The model's SQL stage.
    pub sql: Option<String>,
    /// The model's MQL stage.
    pub mql: Option<String>,
}

/// How many leads the model and the CRM put at a stage (or above).
#[derive(Debug, Clone, Serialize, Default)]
pub struct StageCompare {
    /// `SQL` or `MQL`.
    pub stage: &'static str,
    /// By the model.
    pub model: u64,
    /// In the CRM.
    pub crm: u64,
    /// By both.
    pub both: u64,
}

/// One month: model vs CRM.
#[derive(Debug, Clone, Serialize, Default)]
pub struct MonthCompare {
    /// `YYYY-MM`.
    pub month: String,
    /// Leads.
    pub leads: u64,
    /// MQLs by the model.
    pub model_mql: u64,
    /// SQLs by the model.
    pub model_sql: u64,
    /// MQLs in the CRM.
    pub crm_mql: u64,
    /// SQLs in the CRM.
    pub crm_sql: u64,
    /// Won.
    pub won: u64,
}

/// A yes/no prediction of won.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Prediction {
    /// Leads predicted.
    pub predicted: u64,
    /// Leads won.
    pub won: u64,
    /// Predicted and won.
    pub true_positives: u64,
    /// `true_positives / predicted`.
    pub precision: Ratio,
    /// `true_positives / won`.
    pub recall: Ratio,
    /// Harmonic mean of precision and recall.
    pub f1: Ratio,
}

/// One score decile.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Decile {
    /// 1 (lowest scores) to 10 (highest).
    pub decile: u8,
    /// Lowest score (whole points) in it.
    pub score_from: i64,
    /// Highest score (whole points) in it.
    pub score_to: i64,
    /// Leads.
    pub leads: u64,
    /// Won.
    pub won: u64,
    /// `won / leads`.
    pub conversion: Ratio,
}

/// A suggested threshold and why.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Suggestion {
    /// `SQL` or `MQL`.
    pub stage: &'static str,
    /// `best_f1`, `capacity` or `recall`.
    pub objective: &'static str,
    /// The objective's target (SQLs per month, or the share of wins to keep).
    pub target: Option<f64>,
    /// Suggested `score_at_least` (`null`: no threshold meets the objective).
    pub score_at_least: Option<i64>,
    /// Leads at or above it.
    pub leads: u64,
    /// Per month.
    pub per_month: Ratio,
    /// Of those, won.
    pub won: u64,
    /// Won share among them.
    pub precision: Ratio,
    /// Their share of all wins.
    pub recall: Ratio,
    /// F1 of the two.
    pub f1: Ratio,
    /// The suggestion in plain words.
    pub explanation: String,
}
