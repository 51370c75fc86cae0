//! Exports written the way each CRM's own export writes them: its column
//! names (Portuguese included), its stage values and yes/no cells, its
//! encoding, delimiter, quoting, line ends, date format and time zone, and
//! (Salesforce) the footer rows under the data. The same simulated leads as
//! the canonical export, so a report on a vendor export can be checked
//! against the canonical one: the funnel must be the same.
//!
//! Shapes, from each vendor's export documentation:
//! - RD Station Marketing, "Exportar a Base de Leads" (CSV, Windows-1252,
//!   `;`, `dd/mm/aaaa hh:mm` in the account's time zone, Brasília):
//!   <https://ajuda.rdstation.com/s/article/Exportar-Leads-da-Base>. The lead
//!   base keeps the funnel as `Estágio no funil` (`Lead`, `Lead Qualificado`,
//!   `Cliente`) and the hand-off to sales as the `Oportunidade` flag
//!   (`true`/`false`); it has no stage dates and no first-contact date.
//! - Salesforce, "Export a Report" as Details Only, CSV, the default
//!   `ISO-8859-1` export encoding, every cell quoted, CRLF, dates in the
//!   user's locale (en_US: `M/d/yyyy h:mm a`, date fields `M/d/yyyy`) and
//!   time zone, followed by the report's footer:
//!   <https://help.salesforce.com/s/articleView?id=sf.reports_export.htm>.
//!   Lead fields and the `Lead Status` picklist are the standard ones
//!   (<https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm>);
//!   `MQL Date` is the usual custom date field (Salesforce has no MQL date
//!   of its own); `Stage`/`Close Date` come from the converted opportunity.
//! - Pipedrive, "Exporting data" of deals (CSV, UTF-8, `,`, `Deal - …` and
//!   `Person - …` / `Organization - …` columns, `yyyy-mm-dd hh:mm:ss` in the
//!   user's time zone): <https://support.pipedrive.com/en/article/exporting-data-from-pipedrive>.
//!   One deal per lead; the pipeline stage is where it is now, `Deal - Status`
//!   is `Open`, `Won` or `Lost`.
//!
//! These pages cannot be fetched from the build machine (no internet): the
//! shapes follow them as known, and the account of each export.

mod text;

use super::row::{Cell, Row};
use super::Style;
use crate::Timestamp;
use text::{amount, finish_line, format_date, push_cell};

const HOUR_MS: i64 = 3_600_000;

/// Brasília time (UTC−3, no daylight saving since 2019): RD Station and Pipedrive.
const BRASILIA_MS: i64 = -3 * HOUR_MS;
/// The Salesforce user's time zone here: Bogotá (UTC−5, no daylight saving).
const BOGOTA_MS: i64 = -5 * HOUR_MS;

/// How a vendor writes a date cell.
#[derive(Clone, Copy)]
enum DateForm {
    /// `dd/mm/yyyy hh:mm`.
    DayFirstMinutes,
    /// `M/d/yyyy h:mm AM`.
    UsMinutes,
    /// `M/d/yyyy`.
    UsDate,
    /// `yyyy-mm-dd hh:mm:ss`.
    IsoSeconds,
}

/// What fills a vendor column.
#[derive(Clone, Copy)]
enum Source {
    /// A canonical column as text.
    Plain(&'static str),
    /// A canonical lifecycle date, written in the vendor's form.
    Date(&'static str, DateForm),
    /// `First Last`.
    FullName,
    /// RD Station's `Número de funcionários` picklist.
    SizeRange,
    /// RD Station's `Estágio no funil`.
    RdStage,
    /// RD Station's `Oportunidade` flag.
    RdOpportunity,
    /// Salesforce's `Lead Status`.
    SfStatus,
    /// The converted opportunity's `Stage`.
    SfStage,
    /// The converted opportunity's `Close Date`.
    SfCloseDate,
    /// Pipedrive's `Deal - ID` (the number of the lead).
    PdId,
    /// `<company> deal`.
    PdTitle,
    /// Pipedrive's pipeline stage.
    PdStage,
    /// Pipedrive's `Deal - Status`.
    PdStatus,
    /// A fixed text.
    Fixed(&'static str),
    /// The deal's value as the vendor writes numbers (`true`: won deals only).
    Amount(AmountForm, bool),
}

/// How a vendor writes a deal value.
#[derive(Clone, Copy)]
enum AmountForm {
    /// `12345.67` (Pipedrive).
    Plain,
    /// `12,345.67` (a US Salesforce report).
    Us,
    /// `R$ 12.345,67` (RD Station, Brazil).
    Real,
}

/// One vendor's export format.
struct Shape {
    columns: &'static [(&'static str, Source)],
    delimiter: u8,
    crlf: bool,
    quote_all: bool,
    latin1: bool,
    offset_ms: i64,
}

const RDSTATION: Shape = Shape {
    columns: &[
        ("Email", Source::Plain("email")),
        ("Nome", Source::FullName),
        ("Empresa", Source::Plain("company")),
        ("Cargo", Source::Plain("job_title")),
        ("Número de funcionários", Source::SizeRange),
        ("Setor", Source::Plain("industry")),
        ("País", Source::Plain("country")),
        ("crm", Source::Plain("crm")),
        ("form", Source::Plain("form")),
        (
            "Data da primeira conversão",
            Source::Date("created_at", DateForm::DayFirstMinutes),
        ),
        ("Origem da primeira conversão", Source::Plain("utm_source")),
        ("Estágio no funil", Source::RdStage),
        ("Oportunidade", Source::RdOpportunity),
        ("Dono do lead", Source::Plain("owner")),
        ("Equipe", Source::Plain("team")),
        // The value entered when a lead is marked as a sale.
        ("Valor da venda", Source::Amount(AmountForm::Real, true)),
    ],
    delimiter: b';',
    crlf: true,
    quote_all: false,
    latin1: true,
    offset_ms: BRASILIA_MS,
};

const SALESFORCE: Shape = Shape {
    columns: &[
        ("Lead Owner", Source::Plain("owner")),
        ("First Name", Source::Plain("first_name")),
        ("Last Name", Source::Plain("last_name")),
        ("Title", Source::Plain("job_title")),
        ("Company / Account", Source::Plain("company")),
        ("Email", Source::Plain("email")),
        ("No. of Employees", Source::Plain("company_size")),
        ("Industry", Source::Plain("industry")),
        ("Country", Source::Plain("country")),
        ("crm", Source::Plain("crm")),
        ("form", Source::Plain("form")),
        ("Lead Source", Source::Plain("utm_source")),
        ("Lead Status", Source::SfStatus),
        (
            "Create Date",
            Source::Date("created_at", DateForm::UsMinutes),
        ),
        ("MQL Date", Source::Date("mql_at", DateForm::UsDate)),
        ("Converted Date", Source::Date("sql_at", DateForm::UsDate)),
        ("Stage", Source::SfStage),
        ("Close Date", Source::SfCloseDate),
        ("Amount", Source::Amount(AmountForm::Us, false)),
        ("Amount Currency", Source::Fixed("BRL")),
    ],
    delimiter: b',',
    crlf: true,
    quote_all: true,
    latin1: true,
    offset_ms: BOGOTA_MS,
};

const PIPEDRIVE: Shape = Shape {
    columns: &[
        ("Deal - ID", Source::PdId),
        ("Deal - Title", Source::PdTitle),
        ("Deal - Owner", Source::Plain("owner")),
        ("Deal - Value", Source::Amount(AmountForm::Plain, false)),
        ("Deal - Currency", Source::Fixed("BRL")),
        ("Deal - Pipeline", Source::Fixed("Inbound")),
        ("Deal - Stage", Source::PdStage),
        ("Deal - Status", Source::PdStatus),
        (
            "Deal - Deal created",
            Source::Date("created_at", DateForm::IsoSeconds),
        ),
        (
            "Deal - Won time",
            Source::Date("won_at", DateForm::IsoSeconds),
        ),
        (
            "Deal - Lost time",
            Source::Date("lost_at", DateForm::IsoSeconds),
        ),
        ("Deal - Source channel", Source::Plain("utm_source")),
        ("Person - Name", Source::FullName),
        ("Person - Email", Source::Plain("email")),
        ("Person - Job title", Source::Plain("job_title")),
        ("Person - crm", Source::Plain("crm")),
        ("Person - form", Source::Plain("form")),
        ("Organization - Name", Source::Plain("company")),
        (
            "Organization - Number of employees",
            Source::Plain("company_size"),
        ),
        ("Organization - Industry", Source::Plain("industry")),
        ("Organization - Country", Source::Plain("country")),
    ],
    delimiter: b',',
    crlf: false,
    quote_all: false,
    latin1: false,
    offset_ms: BRASILIA_MS,
};

fn shape(style: Style) -> Option<&'static Shape> {
    match style {
        Style::Rdstation => Some(&RDSTATION),
        Style::Salesforce => Some(&SALESFORCE),
        Style::Pipedrive => Some(&PIPEDRIVE),
        Style::Canonical | Style::Hubspot => None,
    }
}

/// Whether `style` is written by this module.
pub fn is_vendor(style: Style) -> bool {
    shape(style).is_some()
}

/// The header line of a vendor export (empty for other styles).
pub fn write_header(style: Style, out: &mut Vec<u8>) {
    let Some(shape) = shape(style) else { return };
    let mut line = String::new();
    for (i, (name, _)) in shape.columns.iter().enumerate() {
        push_cell(shape, &mut line, i, name);
    }
    finish_line(shape, line, out);
}

/// One row of a vendor export.
pub fn write_row(row: &Row<'_>, out: &mut Vec<u8>) {
    let Some(shape) = shape(row.style) else {
        return;
    };
    let mut line = String::new();
    for (i, (_, source)) in shape.columns.iter().enumerate() {
        let text = cell(shape, row, *source).unwrap_or_default();
        push_cell(shape, &mut line, i, &text);
    }
    finish_line(shape, line, out);
}

/// What a Salesforce report prints under its rows (report name, copyright,
/// confidentiality, who ran it and when, the organisation), every line quoted.
pub fn write_footer(style: Style, now: Timestamp, out: &mut Vec<u8>) {
    if style != Style::Salesforce {
        return;
    }
    let shape = &SALESFORCE;
    let year = now.to_rfc3339().get(..4).unwrap_or("2026").to_string();
    let generated = format_date(now, shape.offset_ms, DateForm::UsMinutes).unwrap_or_default();
    let lines = [
        String::new(),
        "Leads with converted lead information".to_string(),
        format!("Copyright (c) 2000-{year} salesforce.com, inc. All rights reserved."),
        "Confidential Information - Do Not Distribute".to_string(),
        format!("Generated By:  Marina Costa  {generated}"),
        "Pampa Software Ltda.".to_string(),
    ];
    for text in lines {
        let mut line = String::new();
        push_cell(shape, &mut line, 0, &text);
        finish_line(shape, line, out);
    }
}

fn cell(shape: &Shape, row: &Row<'_>, source: Source) -> Option<String> {
    let life = row.life;
    let stage_reached = life.reached;
    let won = life.won_at.is_some();
    let lost = life.lost_at.is_some();
    let text = |column: &str| match row.cell(column)? {
        Cell::Text(t) => Some(t.into_owned()),
        Cell::Number(n) => Some(n.to_string()),
        Cell::Events(_) => None,
    };
    Some(match source {
        Source::Plain(column) => text(column)?,
        Source::Date(column, form) => {
            let at = match column {
                "created_at" => Some(row.created),
                "mql_at" => life.mql_at,
                "sql_at" => life.sql_at,
                "won_at" => life.won_at,
                "lost_at" => life.lost_at,
                _ => None,
            }?;
            format_date(at, shape.offset_ms, form)?
        }
        Source::FullName => {
            let first = text("first_name").unwrap_or_default();
            let last = text("last_name").unwrap_or_default();
            format!("{first} {last}").trim().to_string()
        }
        Source::SizeRange => size_range(row.cell("company_size")?)?,
        Source::RdStage => match (won, stage_reached) {
            (true, _) => "Cliente",
            (false, 0) => "Lead",
            _ => "Lead Qualificado",
        }
        .to_string(),
        Source::RdOpportunity => (stage_reached >= 2).to_string(),
        Source::SfStatus => match (stage_reached, life.contact_at, lost) {
            (2.., _, _) => "Closed - Converted",
            (_, _, true) => "Closed - Not Converted",
            (_, Some(_), _) => "Working - Contacted",
            _ => "Open - Not Contacted",
        }
        .to_string(),
        Source::SfStage if stage_reached >= 2 => match (won, lost) {
            (true, _) => "Closed Won",
            (_, true) => "Closed Lost",
            _ => "Qualification",
        }
        .to_string(),
        Source::SfCloseDate if stage_reached >= 2 => format_date(
            life.won_at.or(life.lost_at)?,
            shape.offset_ms,
            DateForm::UsDate,
        )?,
        Source::SfStage | Source::SfCloseDate => return None,
        Source::PdId => text("id")?
            .trim_start_matches("lead-")
            .trim_start_matches('0')
            .to_string(),
        Source::PdTitle => match text("company") {
            Some(c) if !c.is_empty() => format!("{c} deal"),
            _ => format!("{} deal", text("email").unwrap_or_default()),
        },
        Source::PdStage => match (won, stage_reached) {
            (true, _) => "Negotiations Started",
            (false, 0) => "Lead In",
            (false, 1) => "Contact Made",
            _ => "Demo Scheduled",
        }
        .to_string(),
        Source::PdStatus => match (won, lost) {
            (true, _) => "Won",
            (_, true) => "Lost",
            _ => "Open",
        }
        .to_string(),
        Source::Fixed(text) => text.to_string(),
        Source::Amount(_, true) if !won => return None,
        Source::Amount(form, _) => amount(row.amount?, form),
    })
}

/// RD Station's employee-count picklist, in its Brazilian spelling; a
/// free-text size the generator made is kept as the lead typed it.
fn size_range(cell: Cell<'_>) -> Option<String> {
    let n = match cell {
        Cell::Number(n) => n,
        Cell::Text(t) => return Some(t.into_owned()),
        Cell::Events(_) => return None,
    };
    Some(
        match n {
            0..=10 => "1-10",
            11..=50 => "11-50",
            51..=200 => "51-200",
            201..=500 => "201-500",
            501..=1000 => "501-1.000",
            1001..=5000 => "1.001-5.000",
            _ => "Mais de 5.000",
        }
        .to_string(),
    )
}
