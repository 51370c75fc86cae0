//! The four vendor presets, as data: each lifecycle field's column names as
//! the tool writes them (in order of preference), the header names that
//! identify the tool, its stage values and what they mean in leadgate's
//! funnel, and its date and time-zone defaults, with the vendor
//! documentation they come from. docs/report.md prints the same tables.
//!
//! Sources (looked up for this table; "seen" = found and read, "vendor
//! page" = the vendor's help page for the export, cited for the reader,
//! whose text was not available to check here):
//! - HubSpot lifecycle stages (seen): https://knowledge.hubspot.com/contacts/use-lifecycle-stages
//! - HubSpot exports (seen): https://developers.hubspot.com/docs/api/crm/exports
//! - Salesforce LeadStatus (seen): https://developer.salesforce.com/docs/atlas.en-us.244.0.object_reference.meta/object_reference/sforce_api_objects_leadstatus.htm
//! - Salesforce report export (vendor page): https://help.salesforce.com/s/articleView?id=sf.reports_export.htm
//! - Salesforce opportunity stages (vendor page): https://help.salesforce.com/s/articleView?id=sf.opp_fields.htm
//! - Pipedrive deals, won or lost (seen): https://support.pipedrive.com/hc/en-us/articles/206770039
//! - Pipedrive export (vendor page): https://support.pipedrive.com/en/article/exporting-data-from-pipedrive
//! - RD Station Marketing lead export (vendor page): https://ajuda.rdstation.com/s/article/Exportar-Leads
//! - RD Station funnel stages (vendor page): https://ajuda.rdstation.com/s/article/Funil-de-vendas-do-RD-Station-Marketing
//!
//! Deal value (`amount`) and its currency, and how each tool writes numbers:
//! - HubSpot default deal properties `Amount`, `Deal currency code`, and the
//!   contact's `Recent Deal Amount` (vendor page):
//!   https://knowledge.hubspot.com/properties/hubspots-default-deal-properties,
//!   https://knowledge.hubspot.com/properties/hubspots-default-contact-properties.
//!   Exports write the raw number (`12345.67`): `en`.
//! - Salesforce opportunity `Amount` (vendor page, opp_fields above); with
//!   multiple currencies enabled a report adds `Amount Currency`
//!   (vendor page): https://help.salesforce.com/s/articleView?id=sf.reports_currency.htm.
//!   A US report writes `1,234.56`: `en`.
//! - Pipedrive `Deal - Value` and `Deal - Currency` (the deal's value and
//!   ISO code, vendor page: the export page above). Written as `1234.56`: `en`.
//! - RD Station Marketing: the sale's value (`Valor da venda`, entered when
//!   a lead is marked as a sale) and the opportunity's `Valor` (vendor
//!   page, not checked: https://ajuda.rdstation.com/s/article/Marcar-Leads-como-Venda).
//!   A Brazilian export writes `R$ 1.234,56`: `pt-BR`.

use super::super::mapping::Field;
use super::{Preset, Stage};
use crate::value::date::Order;
use crate::value::Format;

/// HubSpot's contacts export (English column labels).
pub(super) const HUBSPOT: Preset = Preset {
    name: "hubspot",
    title: "HubSpot contacts export",
    columns: &[
        (Field::CreatedAt, &["Create Date"]),
        (Field::MqlAt, &["Became a Marketing Qualified Lead Date"]),
        (
            Field::SqlAt,
            &[
                "Became a Sales Qualified Lead Date",
                "Became an Opportunity Date",
            ],
        ),
        (
            Field::FirstContactAt,
            &["Date of first engagement", "First Engagement Date"],
        ),
        (Field::WonAt, &["Became a Customer Date"]),
        (Field::LifecycleStage, &["Lifecycle Stage"]),
        (Field::Team, &["HubSpot Team"]),
        (Field::Owner, &["Contact owner", "HubSpot Owner"]),
        (Field::UtmSource, &["Original Source"]),
        (Field::Amount, &["Amount", "Recent Deal Amount"]),
        (Field::Currency, &["Deal currency code", "Currency"]),
    ],
    signature: &[
        "Record ID",
        "Lifecycle Stage",
        "Contact owner",
        "HubSpot Owner",
        "Became a Marketing Qualified Lead Date",
        "Original Source",
    ],
    stages: &[
        ("Subscriber", Stage::Lead),
        ("Lead", Stage::Lead),
        ("Other", Stage::Lead),
        ("Marketing Qualified Lead", Stage::Mql),
        ("marketingqualifiedlead", Stage::Mql),
        ("Sales Qualified Lead", Stage::Sql),
        ("salesqualifiedlead", Stage::Sql),
        ("Opportunity", Stage::Sql),
        ("Customer", Stage::Won),
        ("Evangelist", Stage::Won),
    ],
    date_order: None,
    timezone: None,
    footer: false,
    number_format: Some(Format::En),
    docs: &[
        "https://knowledge.hubspot.com/contacts/use-lifecycle-stages",
        "https://developers.hubspot.com/docs/api/crm/exports",
        "https://knowledge.hubspot.com/properties/hubspots-default-deal-properties",
    ],
};

/// RD Station Marketing's leads export (Portuguese column labels).
pub(super) const RDSTATION: Preset = Preset {
    name: "rdstation",
    title: "RD Station Marketing leads export",
    columns: &[
        (
            Field::CreatedAt,
            &[
                "Data da primeira conversão",
                "Data de criação",
                "Data de cadastro",
            ],
        ),
        (
            Field::MqlAt,
            &["Data em que virou Lead Qualificado", "Data de qualificação"],
        ),
        (
            Field::SqlAt,
            &["Data em que virou Oportunidade", "Data de oportunidade"],
        ),
        (Field::FirstContactAt, &["Data do primeiro contato"]),
        (
            Field::WonAt,
            &["Data em que virou Cliente", "Data da venda"],
        ),
        (Field::LostAt, &["Data da perda"]),
        (Field::LifecycleStage, &["Estágio no funil"]),
        (Field::Opportunity, &["Oportunidade"]),
        (Field::Team, &["Equipe"]),
        (Field::Owner, &["Dono do lead"]),
        (
            Field::UtmSource,
            &["Origem da primeira conversão", "Origem da última conversão"],
        ),
        (
            Field::Amount,
            &["Valor da venda", "Valor", "Valor da oportunidade"],
        ),
        (Field::Currency, &["Moeda"]),
    ],
    signature: &[
        "Estágio no funil",
        "Data da primeira conversão",
        "Dono do lead",
        "Oportunidade",
        "Origem da primeira conversão",
        "Data da última conversão",
    ],
    stages: &[
        ("Contato", Stage::Lead),
        ("Lead", Stage::Lead),
        ("Lead Qualificado", Stage::Mql),
        ("Oportunidade", Stage::Sql),
        ("Cliente", Stage::Won),
    ],
    // Brazilian exports write dd/mm/yyyy HH:MM in Brasília time, UTC-3
    // (no daylight saving since 2019).
    date_order: Some(Order::Dmy),
    timezone: Some("-03:00"),
    footer: false,
    // `R$ 1.234,56`.
    number_format: Some(Format::PtBr),
    docs: &[
        "https://ajuda.rdstation.com/s/article/Exportar-Leads",
        "https://ajuda.rdstation.com/s/article/Funil-de-vendas-do-RD-Station-Marketing",
        "https://ajuda.rdstation.com/s/article/Marcar-Leads-como-Venda",
    ],
};

/// Salesforce's lead report export (CSV, "Details Only"; US English labels).
pub(super) const SALESFORCE: Preset = Preset {
    name: "salesforce",
    title: "Salesforce lead report export",
    columns: &[
        (Field::CreatedAt, &["Create Date", "Created Date"]),
        // Converting a lead creates its opportunity: the hand-off to sales.
        (Field::SqlAt, &["Converted Date"]),
        // The converted opportunity's stage: Closed Won / Closed Lost.
        (Field::Outcome, &["Stage", "Opportunity Stage"]),
        (Field::LifecycleStage, &["Lead Status"]),
        (Field::Owner, &["Lead Owner"]),
        (Field::UtmSource, &["Lead Source"]),
        // The converted opportunity's amount, and its currency when the
        // org has more than one.
        (Field::Amount, &["Amount", "Opportunity Amount"]),
        (
            Field::Currency,
            &["Amount Currency", "Opportunity Currency"],
        ),
    ],
    signature: &[
        "Lead Owner",
        "Lead Source",
        "Lead Status",
        "Converted Date",
        "Lead ID",
    ],
    stages: &[
        // Lead Status: the classic defaults, then Lightning's.
        ("Open - Not Contacted", Stage::Lead),
        ("Working - Contacted", Stage::Lead),
        ("Closed - Converted", Stage::Sql),
        ("Closed - Not Converted", Stage::Lost),
        ("New", Stage::Lead),
        ("Working", Stage::Lead),
        ("Nurturing", Stage::Lead),
        // Lightning's converted status: conversion makes the opportunity.
        ("Qualified", Stage::Sql),
        ("Unqualified", Stage::Lost),
        // Opportunity Stage defaults.
        ("Prospecting", Stage::Sql),
        ("Qualification", Stage::Sql),
        ("Needs Analysis", Stage::Sql),
        ("Value Proposition", Stage::Sql),
        ("Id. Decision Makers", Stage::Sql),
        ("Perception Analysis", Stage::Sql),
        ("Proposal/Price Quote", Stage::Sql),
        ("Negotiation/Review", Stage::Sql),
        ("Closed Won", Stage::Won),
        ("Closed Lost", Stage::Lost),
    ],
    // A US report writes M/d/yyyy h:mm a. The zone is the exporting user's
    // (Setup > Personal Information), which the file does not say: UTC
    // unless --timezone says otherwise.
    date_order: Some(Order::Mdy),
    timezone: None,
    footer: true,
    // A US report: `1,234.56`.
    number_format: Some(Format::En),
    docs: &[
        "https://help.salesforce.com/s/articleView?id=sf.reports_export.htm",
        "https://developer.salesforce.com/docs/atlas.en-us.244.0.object_reference.meta/object_reference/sforce_api_objects_leadstatus.htm",
        "https://help.salesforce.com/s/articleView?id=sf.opp_fields.htm",
        "https://help.salesforce.com/s/articleView?id=sf.reports_currency.htm",
    ],
};

/// Pipedrive's deals export ("Deal - " prefixed labels).
pub(super) const PIPEDRIVE: Preset = Preset {
    name: "pipedrive",
    title: "Pipedrive deals export",
    columns: &[
        (Field::CreatedAt, &["Deal - Deal created", "Deal - Created"]),
        (Field::WonAt, &["Deal - Won time"]),
        (Field::LostAt, &["Deal - Lost time"]),
        (Field::Outcome, &["Deal - Status"]),
        (Field::LifecycleStage, &["Deal - Stage"]),
        (Field::Owner, &["Deal - Owner"]),
        (
            Field::UtmSource,
            &[
                "Deal - Source channel",
                "Deal - Source origin",
                "Deal - Lead source",
            ],
        ),
        (Field::Amount, &["Deal - Value"]),
        (Field::Currency, &["Deal - Currency"]),
    ],
    signature: &[
        "Deal - Deal created",
        "Deal - Status",
        "Deal - Owner",
        "Deal - Won time",
        "Deal - Lost time",
        "Deal - Stage",
    ],
    stages: &[
        // Deal - Status.
        ("Open", Stage::Open),
        ("Won", Stage::Won),
        ("Lost", Stage::Lost),
        // The default pipeline's stages. Before a demo is booked a deal is
        // qualified by marketing's criteria, not yet accepted by sales: the
        // same line the default model draws (a meeting booked lifts to SQL).
        ("Lead In", Stage::Lead),
        ("Qualified", Stage::Mql),
        ("Contact Made", Stage::Mql),
        ("Demo Scheduled", Stage::Sql),
        ("Needs Defined", Stage::Sql),
        ("Proposal Made", Stage::Sql),
        ("Negotiations Started", Stage::Sql),
    ],
    // Pipedrive writes yyyy-mm-dd HH:MM:SS in the exporting user's zone.
    date_order: None,
    timezone: None,
    footer: false,
    // `1234.56`.
    number_format: Some(Format::En),
    docs: &[
        "https://support.pipedrive.com/hc/en-us/articles/206770039",
        "https://support.pipedrive.com/en/article/exporting-data-from-pipedrive",
    ],
};
