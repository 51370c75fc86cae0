//! Writing one export row, as CSV or NDJSON, in the header names and date
//! format of the chosen CRM style.

use super::super::{write_events, Event, Field};
use super::{life, Style};
use crate::Timestamp;
use std::borrow::Cow;

/// Export columns: canonical name, HubSpot-style (vendor styles: `vendor`).
pub const COLUMNS: &[[&str; 2]] = &[
    ["id", "Record ID"],
    ["created_at", "Create Date"],
    ["first_name", "First Name"],
    ["last_name", "Last Name"],
    ["email", "Email"],
    ["company", "Company Name"],
    ["company_size", "Number of Employees"],
    ["job_title", "Job Title"],
    ["industry", "Industry"],
    ["country", "Country/Region"],
    ["crm", "crm"],
    ["form", "form"],
    ["page_views", "Number of Pageviews"],
    ["utm_source", "Original Source"],
    ["team", "HubSpot Team"],
    ["owner", "HubSpot Owner"],
    ["lifecycle_stage", "Lifecycle Stage"],
    ["mql_at", "Became a Marketing Qualified Lead Date"],
    ["sql_at", "Became a Sales Qualified Lead Date"],
    ["first_contact_at", "First Engagement Date"],
    ["won_at", "Became a Customer Date"],
    ["lost_at", "Closed Lost Date"],
    ["amount", "Amount"],
    ["events", "events"],
];

const STAGES: [[&str; 4]; 2] = [
    ["lead", "mql", "sql", "customer"],
    [
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "customer",
    ],
];

/// One export row being written.
pub struct Row<'a> {
    /// The generated lead's fields.
    pub fields: &'a [(&'static str, Field)],
    /// When it was created.
    pub created: Timestamp,
    /// What happened to it.
    pub life: &'a life::Life,
    /// Its utm_source (empty: none).
    pub source: &'static str,
    /// Header names and date format.
    pub style: Style,
    /// The deal's value in cents (won and lost deals only).
    pub amount: Option<u64>,
}

/// A generated cell.
pub enum Cell<'a> {
    /// Text as written.
    Text(Cow<'a, str>),
    /// A whole number.
    Number(u64),
    /// Website events (canonical and HubSpot-style exports only).
    Events(&'a [Event]),
}

impl Row<'_> {
    fn time(&self, t: Option<Timestamp>) -> Option<Cell<'static>> {
        // CRMs keep whole seconds.
        let t = t?;
        let iso = Timestamp(t.0 - t.0.rem_euclid(1000)).to_rfc3339();
        let text = match self.style {
            // HubSpot writes `YYYY-MM-DD HH:MM` (UTC here).
            Style::Hubspot => format!("{} {}", iso.get(..10)?, iso.get(11..16)?),
            _ => iso,
        };
        Some(Cell::Text(Cow::Owned(text)))
    }

    /// The cell of a canonical column.
    pub fn cell(&self, column: &str) -> Option<Cell<'_>> {
        let l = self.life;
        let team = life::TEAMS.get(l.team);
        let stage = if l.won_at.is_some() {
            3
        } else {
            usize::from(l.reached)
        };
        let text = |s: &'static str| Some(Cell::Text(Cow::Borrowed(s)));
        match column {
            "created_at" => self.time(Some(self.created)),
            "utm_source" if self.source.is_empty() => None,
            "utm_source" => text(self.source),
            "team" => text(team?.0),
            "owner" => text(team?.1.get(l.owner).copied()?),
            "lifecycle_stage" => text(STAGES.get(self.style as usize)?.get(stage).copied()?),
            "mql_at" => self.time(l.mql_at),
            "sql_at" => self.time(l.sql_at),
            "first_contact_at" => self.time(l.contact_at),
            "won_at" => self.time(l.won_at),
            "lost_at" => self.time(l.lost_at),
            // The raw number, as HubSpot's export writes a deal's Amount.
            "amount" => {
                let cents = self.amount?;
                let text = format!("{}.{:02}", cents / 100, cents % 100);
                Some(Cell::Text(Cow::Owned(text)))
            }
            _ => match self
                .fields
                .iter()
                .find(|(k, _)| *k == column)
                .map(|(_, v)| v)
            {
                Some(Field::Text(t)) => Some(Cell::Text(Cow::Borrowed(t.as_str()))),
                Some(Field::Number(n)) => Some(Cell::Number(*n)),
                Some(Field::Events(e)) => Some(Cell::Events(e)),
                None => None,
            },
        }
    }

    /// Appends the row as a CSV record.
    pub fn write_csv(&self, out: &mut Vec<u8>) {
        for (i, column) in COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match column.first().and_then(|c| self.cell(c)) {
                Some(Cell::Text(t)) => crate::cli::csv::write_cell(out, &t),
                Some(Cell::Number(n)) => out.extend_from_slice(n.to_string().as_bytes()),
                Some(Cell::Events(events)) => {
                    let mut json = Vec::new();
                    write_events(&mut json, events);
                    crate::cli::csv::write_cell(out, &String::from_utf8_lossy(&json));
                }
                None => {}
            }
        }
        out.push(b'\n');
    }

    /// Appends the row as an NDJSON line.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        let style = self.style as usize;
        let mut first = true;
        for column in COLUMNS {
            let (Some(canonical), Some(name)) = (column.first(), column.get(style)) else {
                continue;
            };
            let Some(cell) = self.cell(canonical) else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            let _ = serde_json::to_writer(&mut *out, name);
            out.push(b':');
            match cell {
                Cell::Text(t) => {
                    let _ = serde_json::to_writer(&mut *out, t.as_ref());
                }
                Cell::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
                Cell::Events(events) => write_events(out, events),
            }
        }
        out.extend_from_slice(b"}\n");
    }
}
