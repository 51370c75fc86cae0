//! Which column of the export holds what: the lifecycle fields the report
//! reads, and lead fields renamed so the model finds them when re-scoring.
//!
//! Header names are compared *normalised*: accents and case removed, and
//! only letters and digits kept (`Data de criação` = `data_de_criacao` =
//! `datadecriacao`). For each field the exact canonical name wins, then the
//! built-in aliases in order (HubSpot-style, then RD Station-style), unless
//! `--map` / a mapping file names the column.

use super::aliases::{field_aliases, LEAD_ALIASES};
use super::presets::{Preset, Stage};
use super::{codes, ReportError};
use std::collections::BTreeMap;

/// The lifecycle fields the report reads, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// When the lead was created (required).
    CreatedAt,
    /// When it became an MQL.
    MqlAt,
    /// When it became an SQL.
    SqlAt,
    /// When sales first contacted it.
    FirstContactAt,
    /// When it was won.
    WonAt,
    /// When it was lost.
    LostAt,
    /// `won` / `lost` / anything else (open).
    Outcome,
    /// The CRM's lifecycle stage (lead, MQL, SQL, opportunity, customer…).
    LifecycleStage,
    /// The team that followed up.
    Team,
    /// The person who followed up.
    Owner,
    /// Where the lead came from.
    UtmSource,
    /// A yes/no column: yes means the lead became an SQL (RD Station's `Oportunidade`).
    Opportunity,
    /// The deal's value (read with the export's number format; `revenue/`).
    Amount,
    /// The deal value's currency, an ISO 4217 code (`BRL`).
    Currency,
}

/// Every lifecycle field, in order.
pub const FIELDS: [Field; 14] = [
    Field::CreatedAt,
    Field::MqlAt,
    Field::SqlAt,
    Field::FirstContactAt,
    Field::WonAt,
    Field::LostAt,
    Field::Outcome,
    Field::LifecycleStage,
    Field::Team,
    Field::Owner,
    Field::UtmSource,
    Field::Opportunity,
    Field::Amount,
    Field::Currency,
];

impl Field {
    /// The canonical name (also the `--map` key).
    pub fn name(self) -> &'static str {
        match self {
            Field::CreatedAt => "created_at",
            Field::MqlAt => "mql_at",
            Field::SqlAt => "sql_at",
            Field::FirstContactAt => "first_contact_at",
            Field::WonAt => "won_at",
            Field::LostAt => "lost_at",
            Field::Outcome => "outcome",
            Field::LifecycleStage => "lifecycle_stage",
            Field::Team => "team",
            Field::Owner => "owner",
            Field::UtmSource => "utm_source",
            Field::Opportunity => "opportunity",
            Field::Amount => "amount",
            Field::Currency => "currency",
        }
    }

    /// Its position in [`FIELDS`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// True for the timestamp fields.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Field::CreatedAt
                | Field::MqlAt
                | Field::SqlAt
                | Field::FirstContactAt
                | Field::WonAt
                | Field::LostAt
        )
    }
}

/// Lower case, no accents, letters and digits only.
pub fn normalise(name: &str) -> String {
    crate::text::fold(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Column choices given by the user: field name → column name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    overrides: BTreeMap<String, String>,
    /// Stage values named with `--map 'stage:VALUE=STAGE'` (normalised value → stage).
    stages: BTreeMap<String, Stage>,
    // --- The report page's mapping step (issue 14, wt-page): a field mapped
    // to no column (`null` in a mapping object).
    /// Fields the user mapped to no column: no name or alias fills them.
    unset: std::collections::BTreeSet<String>,
}

impl Mapping {
    /// No overrides: the built-in defaults only.
    pub fn new() -> Mapping {
        Mapping::default()
    }

    /// Maps `field` (a lifecycle field such as `created_at`, or any lead field
    /// the model reads) to the export column `column`.
    pub fn set(&mut self, field: &str, column: &str) -> Result<(), ReportError> {
        let field = field.trim();
        if let Some(value) = field.strip_prefix("stage:") {
            let stage = Stage::parse(column).ok_or_else(|| {
                ReportError::new(
                    codes::BAD_MAPPING,
                    format!(
                        "stage:{value}: expected lead, mql, sql, won, lost or open, got {column:?}"
                    ),
                )
            })?;
            self.stages.insert(normalise(value), stage);
            return Ok(());
        }
        if field.is_empty() || column.trim().is_empty() {
            return Err(ReportError::new(
                codes::BAD_MAPPING,
                format!("a mapping needs a field and a column, got {field:?} = {column:?}"),
            ));
        }
        self.unset.remove(field);
        self.overrides
            .insert(field.to_string(), column.trim().to_string());
        Ok(())
    }

    /// Reads `FIELD=COLUMN` (the `--map` flag).
    pub fn set_pair(&mut self, pair: &str) -> Result<(), ReportError> {
        match pair.split_once('=') {
            Some((field, column)) => self.set(field, column),
            None => Err(ReportError::new(
                codes::BAD_MAPPING,
                format!("expected FIELD=COLUMN, got {pair:?}"),
            )),
        }
    }

    /// Adds the entries of a JSON object `{"created_at": "Create Date", …}`.
    pub fn merge_json(&mut self, text: &str) -> Result<(), ReportError> {
        let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            ReportError::new(codes::BAD_MAPPING, format!("the mapping is not JSON: {e}"))
        })?;
        self.merge_value(&doc)
    }

    /// Adds the entries of a parsed JSON object of strings.
    pub fn merge_value(&mut self, doc: &serde_json::Value) -> Result<(), ReportError> {
        let Some(object) = doc.as_object() else {
            return Err(ReportError::new(
                codes::BAD_MAPPING,
                "the mapping must be a JSON object of field: column",
            ));
        };
        for (field, column) in object {
            if column.is_null() {
                // `"owner": null`: no column is the owner (the page's "none").
                self.overrides.remove(field.trim());
                self.unset.insert(field.trim().to_string());
                continue;
            }
            let Some(column) = column.as_str() else {
                return Err(ReportError::new(
                    codes::BAD_MAPPING,
                    format!("mapping.{field}: expected a column name (a string) or null"),
                ));
            };
            self.set(field, column)?;
        }
        Ok(())
    }

    /// The user's choices.
    pub fn overrides(&self) -> &BTreeMap<String, String> {
        &self.overrides
    }

    /// The stage values the user named (normalised value → stage).
    pub fn stages(&self) -> &BTreeMap<String, Stage> {
        &self.stages
    }

    /// The fields mapped to no column (`null` in a mapping object).
    pub fn unset(&self) -> &std::collections::BTreeSet<String> {
        &self.unset
    }
}

/// Where a field's value comes from: the target field and the candidate columns' rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A lifecycle field.
    Life(Field),
    /// A lead field (index into [`Resolver::lead_fields`]).
    Lead(usize),
}

/// Matches column names against the mapping: the same rules for CSV headers and NDJSON keys.
#[derive(Debug, Clone)]
pub struct Resolver {
    /// Normalised column name → targets it may fill, each with its preference (0 best).
    by_name: BTreeMap<String, Vec<(Target, usize)>>,
    /// Names of the lead fields that may be filled by renaming.
    lead_fields: Vec<String>,
    /// Normalised names claimed by `--map`, which no default may take.
    claimed: Vec<String>,
}

impl Resolver {
    /// Builds the lookup table from the mapping, the preset's columns (before
    /// the built-in aliases) and the built-in aliases.
    pub fn new(mapping: &Mapping, preset: Option<&Preset>) -> Resolver {
        let mut r = Resolver {
            by_name: BTreeMap::new(),
            lead_fields: Vec::new(),
            claimed: mapping.overrides.values().map(|c| normalise(c)).collect(),
        };
        for field in FIELDS {
            if mapping.unset.contains(field.name()) {
                continue;
            }
            match mapping.overrides.get(field.name()) {
                Some(column) => r.add(column, Target::Life(field), 0, true),
                None => {
                    r.add(field.name(), Target::Life(field), 0, false);
                    let own = preset.map_or(&[][..], |p| p.columns_of(field));
                    for (i, alias) in own.iter().chain(field_aliases(field)).enumerate() {
                        r.add(alias, Target::Life(field), i + 1, false);
                    }
                }
            }
        }
        let mut leads: Vec<(&str, Vec<&str>)> =
            LEAD_ALIASES.iter().map(|(f, a)| (*f, a.to_vec())).collect();
        for (field, column) in &mapping.overrides {
            if FIELDS.iter().any(|f| f.name() == field) {
                continue;
            }
            match leads.iter_mut().find(|(f, _)| f == field) {
                Some(entry) => entry.1 = vec![column.as_str()],
                None => leads.push((field.as_str(), vec![column.as_str()])),
            }
        }
        for (field, aliases) in leads {
            let index = r.lead_fields.len();
            r.lead_fields.push(field.to_string());
            let explicit = mapping.overrides.contains_key(field);
            for (i, alias) in aliases.iter().enumerate() {
                r.add(alias, Target::Lead(index), i + 1, explicit);
            }
        }
        r
    }

    fn add(&mut self, column: &str, target: Target, rank: usize, explicit: bool) {
        let key = normalise(column);
        if !explicit && self.claimed.contains(&key) {
            return;
        }
        self.by_name.entry(key).or_default().push((target, rank));
    }

    /// The targets a column name may fill.
    pub fn targets(&self, column: &str) -> &[(Target, usize)] {
        self.by_name
            .get(&normalise(column))
            .map_or(&[], Vec::as_slice)
    }

    /// The lead fields that may be filled by renaming.
    pub fn lead_fields(&self) -> &[String] {
        &self.lead_fields
    }
}

/// For each target, the best column among `names` (the lowest rank, then the first).
#[derive(Debug, Clone)]
pub struct Choice {
    /// Column index per lifecycle field.
    pub life: [Option<usize>; FIELDS.len()],
    /// Column index per lead field.
    pub lead: Vec<Option<usize>>,
}

impl Choice {
    /// Chooses columns for a list of names (a CSV header, or an NDJSON object's keys).
    pub fn choose<'a>(resolver: &Resolver, names: impl Iterator<Item = &'a str>) -> Choice {
        let mut life: [Option<(usize, usize)>; FIELDS.len()] = [None; FIELDS.len()];
        let mut lead: Vec<Option<(usize, usize)>> = vec![None; resolver.lead_fields.len()];
        for (col, name) in names.enumerate() {
            for &(target, rank) in resolver.targets(name) {
                let slot = match target {
                    Target::Life(f) => life.get_mut(f.index()),
                    Target::Lead(i) => lead.get_mut(i),
                };
                if let Some(slot) = slot {
                    if slot.is_none_or(|(best, _)| rank < best) {
                        *slot = Some((rank, col));
                    }
                }
            }
        }
        Choice {
            life: life.map(|s| s.map(|(_, c)| c)),
            lead: lead.into_iter().map(|s| s.map(|(_, c)| c)).collect(),
        }
    }
}

/// A mapped column that is not in the export (a typo in `--map`).
pub fn missing_override(mapping: &Mapping, names: &[String]) -> Option<ReportError> {
    let present: Vec<String> = names.iter().map(|n| normalise(n)).collect();
    for (field, column) in &mapping.overrides {
        if !present.contains(&normalise(column)) {
            return Some(ReportError::new(
                codes::UNKNOWN_COLUMN,
                format!("--map {field}={column}: the export has no column {column:?}"),
            ));
        }
    }
    None
}

/// The aliases of every field, for the documentation and error hints.
pub fn aliases_of(field: Field) -> &'static [&'static str] {
    field_aliases(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognises_hubspot_and_rd_station_headers() {
        let r = Resolver::new(&Mapping::new(), None);
        let hs = names(&[
            "Record ID",
            "Create Date",
            "Email",
            "Job Title",
            "HubSpot Owner",
        ]);
        let c = Choice::choose(&r, hs.iter().map(String::as_str));
        assert_eq!(c.life[Field::CreatedAt.index()], Some(1));
        assert_eq!(c.life[Field::Owner.index()], Some(4));
        let rd = names(&[
            "Email",
            "Data de criação",
            "Estágio no funil",
            "Dono do Lead",
        ]);
        let c = Choice::choose(&r, rd.iter().map(String::as_str));
        assert_eq!(c.life[Field::CreatedAt.index()], Some(1));
        assert_eq!(c.life[Field::LifecycleStage.index()], Some(2));
        assert_eq!(c.life[Field::Owner.index()], Some(3));
        let email = r.lead_fields().iter().position(|f| f == "email").unwrap();
        assert_eq!(c.lead[email], Some(0));
    }

    #[test]
    fn the_canonical_name_and_overrides_win() {
        let mut m = Mapping::new();
        m.set_pair("mql_at=Data de conversão").unwrap();
        m.set_pair("created_at=Data de conversão").unwrap();
        let r = Resolver::new(&m, None);
        let cols = names(&["created", "Data de conversão", "Create Date"]);
        let c = Choice::choose(&r, cols.iter().map(String::as_str));
        assert_eq!(c.life[Field::CreatedAt.index()], Some(1));
        let r = Resolver::new(&Mapping::new(), None);
        let cols = names(&["Create Date", "created_at"]);
        let c = Choice::choose(&r, cols.iter().map(String::as_str));
        assert_eq!(c.life[Field::CreatedAt.index()], Some(1));
        assert!(m.set_pair("nothing").is_err());
        assert!(missing_override(&m, &cols).is_some());
    }
}
