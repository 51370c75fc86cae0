//! Vendor presets (`--from hubspot|rdstation|salesforce|pipedrive`): what
//! each tool's export calls the lifecycle fields, what its stage values
//! mean, how it writes dates, and whether its report ends with footer rows.
//! A preset is data (`data.rs`, with the vendor documentation cited); this
//! file chooses one (given, or detected from the header when exactly one
//! tool's names are there) and reads stage values with it.
//!
//! Precedence: `--map`/`--mapping` win over the preset's columns (a preset
//! column they displace is a warning), `--date-order` and `--timezone` over
//! its defaults; a stage value `--map 'stage:VALUE=mql'` names wins over its
//! table. What it may call: the report's mapping (normalised names).

mod data;

use super::mapping::{normalise, Field};
use crate::value::date::Order;
use serde::Serialize;

/// What a stage value means in leadgate's funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// A lead (no stage reached yet).
    Lead,
    /// Marketing qualified.
    Mql,
    /// Sales qualified (an opportunity).
    Sql,
    /// Won (a customer).
    Won,
    /// Lost (disqualified or closed lost).
    Lost,
    /// Still open (an outcome column's "open").
    Open,
}

impl Stage {
    /// Reads `lead`, `mql`, `sql`, `won`, `lost` or `open`.
    pub fn parse(text: &str) -> Option<Stage> {
        match text.trim().to_ascii_lowercase().as_str() {
            "lead" => Some(Stage::Lead),
            "mql" => Some(Stage::Mql),
            "sql" => Some(Stage::Sql),
            "won" => Some(Stage::Won),
            "lost" => Some(Stage::Lost),
            "open" => Some(Stage::Open),
            _ => None,
        }
    }

    /// Its name, as [`Stage::parse`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::Mql => "mql",
            Stage::Sql => "sql",
            Stage::Won => "won",
            Stage::Lost => "lost",
            Stage::Open => "open",
        }
    }
}

/// One tool's export, as data.
#[derive(Debug, PartialEq)]
pub struct Preset {
    /// The `--from` name.
    pub name: &'static str,
    /// What export it describes.
    pub title: &'static str,
    /// Per field: its column names in this tool, in order of preference.
    pub columns: &'static [(Field, &'static [&'static str])],
    /// Header names that identify the tool: two of them present detect it.
    pub signature: &'static [&'static str],
    /// Stage values (of the lifecycle-stage and outcome columns) and their meaning.
    pub stages: &'static [(&'static str, Stage)],
    /// The day/month order its numeric dates are written in, if it has one.
    pub date_order: Option<Order>,
    /// The zone its zone-less times are in, if it has one.
    pub timezone: Option<&'static str>,
    /// True when its exports end with footer rows (Salesforce reports).
    pub footer: bool,
    /// How its exports write numbers (the deal value): `pt-BR` or `en`.
    pub number_format: Option<crate::value::Format>,
    /// The vendor documentation the data comes from.
    pub docs: &'static [&'static str],
}

/// Every preset, in `--from` order.
pub const PRESETS: [&Preset; 4] = [
    &data::HUBSPOT,
    &data::RDSTATION,
    &data::SALESFORCE,
    &data::PIPEDRIVE,
];

impl Preset {
    /// The preset named `name` (`--from`).
    pub fn by_name(name: &str) -> Option<&'static Preset> {
        let name = normalise(name);
        PRESETS.iter().copied().find(|p| p.name == name)
    }

    /// The column names of `field` in this tool.
    pub fn columns_of(&self, field: Field) -> &'static [&'static str] {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, names)| *names)
    }

    /// What a stage value means in this tool (`None`: not one of its values).
    pub fn stage(&self, value: &str) -> Option<Stage> {
        let key = normalise(value);
        self.stages
            .iter()
            .find(|(v, _)| normalise(v) == key)
            .map(|(_, s)| *s)
    }

    /// How many of its signature names a header has.
    fn matches(&self, names: &[String]) -> usize {
        let names: Vec<String> = names.iter().map(|n| normalise(n)).collect();
        self.signature
            .iter()
            .filter(|s| names.contains(&normalise(s)))
            .count()
    }
}

/// How the preset was chosen, for the report's `input.preset`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresetNote {
    /// The preset's `--from` name.
    pub name: &'static str,
    /// `--from`, or `header` when detected.
    pub chosen_by: &'static str,
    /// The vendor documentation its data comes from.
    pub docs: &'static [&'static str],
}

/// The preset for a header: the given one, else the one tool whose
/// signature names (two or more) the header has. `Err` lists the tools
/// when several match (an ambiguity is a warning, and no preset is used).
pub fn choose(
    given: Option<&'static Preset>,
    names: &[String],
) -> Result<Option<&'static Preset>, String> {
    if given.is_some() {
        return Ok(given);
    }
    let found: Vec<&'static Preset> = PRESETS
        .iter()
        .copied()
        .filter(|p| p.matches(names) >= 2)
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(format!(
            "the header has columns of {}; no preset was used (pass --from {} to choose)",
            many.iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
                .join(" and "),
            many.iter().map(|p| p.name).collect::<Vec<_>>().join("|"),
        )),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests;
