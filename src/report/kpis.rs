//! Every KPI of the report with its owner: an SLA works only if each number
//! has a team that answers for it. Owners come from the model's `kpi_owners`
//! (the default split where it says nothing): a KPI a goal can target is
//! named by the same id; the p90 follows the median, and the model's own
//! figures (model SQLs, scores, suggestions) are shared.

use super::output::KpiDef;
use crate::model::goals::{Agreement, Kpi};

/// The KPI dictionary printed in every report (`kpis`), in display order,
/// with the owners `agreement` gives.
pub fn definitions(agreement: &Agreement) -> Vec<KpiDef> {
    let kpi = |id: &'static str, _: &str, label: &'static str, definition: &'static str| {
        let which = if id == "first_contact_p90_minutes" {
            Some(Kpi::FirstContactMedianMinutes)
        } else {
            Kpi::parse(id)
        };
        KpiDef {
            id,
            owner: which.map_or("shared", |k| agreement.owner(k)).to_string(),
            label,
            definition,
        }
    };
    vec![
        kpi(
            "leads",
            "marketing",
            "Leads",
            "rows with a valid created_at",
        ),
        kpi(
            "mql",
            "marketing",
            "MQLs",
            "leads with mql_at, or a later stage (sql_at, won, lifecycle stage MQL or above)",
        ),
        kpi("lead_to_mql", "marketing", "Lead → MQL", "mql / leads"),
        kpi(
            "sql",
            "shared",
            "SQLs",
            "leads with sql_at, or won, or lifecycle stage SQL/opportunity or above",
        ),
        kpi("mql_to_sql", "shared", "MQL → SQL", "sql / mql"),
        kpi(
            "won",
            "sales",
            "Won",
            "leads with won_at, a won outcome, or lifecycle stage customer",
        ),
        kpi("sql_to_won", "sales", "SQL → won", "won / sql"),
        kpi(
            "first_contact_median_minutes",
            "sales",
            "Time to first contact (median)",
            "first_contact_at minus the hand-off time (sql_at, else mql_at, else created_at: \
             the highest stage reached by the first contact)",
        ),
        kpi(
            "first_contact_p90_minutes",
            "sales",
            "Time to first contact (p90)",
            "90th percentile of the same",
        ),
        kpi(
            "sla_adherence",
            "sales",
            "SLA adherence",
            "leads contacted within the model's respond_within of their hand-off stage, over \
             leads whose deadline has passed by as_of (late and never-contacted leads miss it)",
        ),
        kpi(
            "won_value",
            "sales",
            "Won value",
            "sum of amount over won deals, in the report's currency (revenue.currency); \
             deals in other currencies are counted apart",
        ),
        kpi(
            "average_ticket",
            "sales",
            "Average ticket",
            "won_value / won deals with a value in the currency",
        ),
        kpi(
            "model_sql",
            "shared",
            "Model SQLs",
            "leads the model puts at SQL when re-scored as of their created_at",
        ),
        kpi(
            "score_distribution",
            "shared",
            "Score of won vs lost",
            "re-scored scores of won and lost leads, in 10-point bins",
        ),
        kpi(
            "suggestions",
            "shared",
            "Suggested thresholds",
            "score thresholds for SQL and MQL learnt from what was won",
        ),
    ]
}
