//! The agreement's types: the KPIs a goal can target (named as in the
//! report's JSON), a goal, and the agreement of goals and owners.

/// A KPI a goal can target: the report's figures, by their JSON names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kpi {
    /// Leads created.
    Leads,
    /// Leads that became MQLs.
    Mql,
    /// Leads that became SQLs.
    Sql,
    /// Leads won.
    Won,
    /// MQLs per lead.
    LeadToMql,
    /// SQLs per MQL.
    MqlToSql,
    /// Won per SQL.
    SqlToWon,
    /// Share of hand-offs first contacted within the SLA.
    SlaAdherence,
    /// Median minutes from hand-off to first contact.
    FirstContactMedianMinutes,
    /// Value of the deals won.
    WonValue,
    /// Won value per won deal.
    AverageTicket,
    /// Share of won value from marketing-sourced leads.
    MarketingWonShare,
}

impl Kpi {
    /// Every KPI, in report order.
    pub const ALL: [Kpi; 12] = [
        Kpi::Leads,
        Kpi::Mql,
        Kpi::Sql,
        Kpi::Won,
        Kpi::LeadToMql,
        Kpi::MqlToSql,
        Kpi::SqlToWon,
        Kpi::SlaAdherence,
        Kpi::FirstContactMedianMinutes,
        Kpi::WonValue,
        Kpi::AverageTicket,
        Kpi::MarketingWonShare,
    ];

    /// The name in models and in the report's JSON.
    pub fn name(self) -> &'static str {
        match self {
            Kpi::Leads => "leads",
            Kpi::Mql => "mql",
            Kpi::Sql => "sql",
            Kpi::Won => "won",
            Kpi::LeadToMql => "lead_to_mql",
            Kpi::MqlToSql => "mql_to_sql",
            Kpi::SqlToWon => "sql_to_won",
            Kpi::SlaAdherence => "sla_adherence",
            Kpi::FirstContactMedianMinutes => "first_contact_median_minutes",
            Kpi::WonValue => "won_value",
            Kpi::AverageTicket => "average_ticket",
            Kpi::MarketingWonShare => "marketing_won_share",
        }
    }

    /// The KPI called `name`.
    pub fn parse(name: &str) -> Option<Kpi> {
        Kpi::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A share from 0 to 1 (targets are written `0.45`, not `45`).
    pub fn is_share(self) -> bool {
        matches!(
            self,
            Kpi::LeadToMql
                | Kpi::MqlToSql
                | Kpi::SqlToWon
                | Kpi::SlaAdherence
                | Kpi::MarketingWonShare
        )
    }

    /// A count of leads (targets are whole numbers).
    pub fn is_count(self) -> bool {
        matches!(self, Kpi::Leads | Kpi::Mql | Kpi::Sql | Kpi::Won)
    }

    /// Measured per hand-off stage (`stage` may narrow it).
    pub fn takes_stage(self) -> bool {
        matches!(self, Kpi::SlaAdherence | Kpi::FirstContactMedianMinutes)
    }

    /// Who owns it when the model does not say: the split the report always
    /// used (marketing: lead and MQL volume and lead→MQL; shared: SQLs and
    /// MQL→SQL; sales: the rest).
    pub fn default_owner(self) -> &'static str {
        match self {
            Kpi::Leads | Kpi::Mql | Kpi::LeadToMql | Kpi::MarketingWonShare => "marketing",
            Kpi::Sql | Kpi::MqlToSql => "shared",
            _ => "sales",
        }
    }
}

/// Whether the actual must stay at or above the target, or at or below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `at_least`.
    AtLeast,
    /// `at_most`.
    AtMost,
}

/// A goal's calendar period, in the report's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar months.
    Month,
    /// Calendar quarters (January–March, …).
    Quarter,
}

/// One goal of the agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// Its id (unique among goals).
    pub id: String,
    /// What a person calls it, if the model says.
    pub label: Option<String>,
    /// The KPI it targets.
    pub kpi: Kpi,
    /// The target value.
    pub target: f64,
    /// At least or at most.
    pub direction: Direction,
    /// Per month or per quarter.
    pub per: Period,
    /// `marketing`, `sales`, `shared` or a person's name.
    pub owner: String,
    /// The hand-off stage it is about (SLA KPIs only).
    pub stage: Option<String>,
    /// The team it is about, if one.
    pub team: Option<String>,
}

/// The goals and the owner of every KPI.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Agreement {
    /// The goals, in model order.
    pub goals: Vec<Goal>,
    /// Who owns each KPI (the model's `kpi_owners`, else the default split),
    /// in [`Kpi::ALL`] order. A list, not a map: a map's code would cost the
    /// browser's wasm kilobytes for twelve entries.
    pub owners: Vec<(Kpi, String)>,
    /// The model's `currency` (ISO 4217): won value and average ticket are
    /// summed in it; a deal in another currency is reported apart.
    pub currency: Option<crate::value::Currency>,
}

impl Agreement {
    /// Who owns `kpi`.
    pub fn owner(&self, kpi: Kpi) -> &str {
        let named = self.owners.iter().find(|(k, _)| *k == kpi);
        named.map_or(kpi.default_owner(), |(_, o)| o.as_str())
    }
}
