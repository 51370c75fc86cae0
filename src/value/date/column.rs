//! Settling a date column: its day/month order and whether it holds
//! spreadsheet serial days, decided once per column from its first values
//! ([`SAMPLE_ROWS`] records at most) and then applied to every value, so a
//! value never reads one way in one row and the other way in the next.
//!
//! Order, first match wins: `--date-order` (forced); a value of the column
//! itself with a number above 12 (`13/01/2026` is day-first, `01/13/2026`
//! month-first; both in the first rows is an error naming both); another
//! date column of the same export that decided by its values (when those
//! agree); the preset's order; day-first, the report's historic reading.
//! Every order not decided by the column's own values is a warning when the
//! column holds numeric dates. A later value that exists only in the other
//! order is a row problem (`date_order_conflict`), never read another way.

use super::{shape, Order, Shape};

/// How many records after the header settle the columns (the same count on
/// every surface, so the CLI and the report page decide alike).
pub const SAMPLE_ROWS: usize = 1000;

/// How a settled column reads its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDates {
    /// Which number of `a/b/yyyy` is the day.
    pub order: Order,
    /// True when every value of the sample was a spreadsheet serial day.
    pub serial: bool,
}

impl Default for ColumnDates {
    fn default() -> ColumnDates {
        ColumnDates {
            order: Order::Dmy,
            serial: false,
        }
    }
}

/// What decided a column's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// `--date-order`.
    Forced,
    /// A value of the column itself (shown).
    Value(String),
    /// Another date column of the export, by one of its values.
    Sibling {
        /// That column.
        column: String,
        /// Its value that decided.
        value: String,
    },
    /// The preset (its name).
    Preset(&'static str),
    /// Nothing did: day-first, the report's default.
    Default,
}

/// What a column's first values show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    values: usize,
    numeric: usize,
    serial: usize,
    dmy: Option<String>,
    mdy: Option<String>,
    ambiguous: Option<String>,
}

impl Evidence {
    /// Notes one value of the sample (blank values are not values).
    pub fn add(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.values += 1;
        let Some(shape) = shape(text) else { return };
        if matches!(shape, Shape::Serial(_)) {
            self.serial += 1;
        }
        // Only a date that exists proves an order (`31/02/2026` proves nothing).
        let column = ColumnDates {
            order: shape.proves().unwrap_or(Order::Dmy),
            serial: false,
        };
        if matches!(shape, Shape::Numeric { .. }) && super::read(text, &column, 0).is_err() {
            return;
        }
        self.numeric += usize::from(matches!(shape, Shape::Numeric { .. }));
        let slot = match shape.proves() {
            Some(Order::Dmy) => &mut self.dmy,
            Some(Order::Mdy) => &mut self.mdy,
            None if matches!(shape, Shape::Numeric { .. }) => &mut self.ambiguous,
            None => return,
        };
        if slot.is_none() {
            *slot = Some(text.to_string());
        }
    }

    /// True when the column's order or serial reading matters: it holds
    /// numeric dates (`a/b/yyyy`) or spreadsheet serial days.
    pub fn matters(&self) -> bool {
        self.numeric > 0 || (self.values > 0 && self.serial == self.values)
    }

    /// The order the column's own values prove, with the value.
    fn proven(&self) -> Option<(Order, &str)> {
        match (&self.dmy, &self.mdy) {
            (Some(v), None) => Some((Order::Dmy, v)),
            (None, Some(v)) => Some((Order::Mdy, v)),
            _ => None,
        }
    }
}

/// One column, settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    /// How its values are read.
    pub dates: ColumnDates,
    /// What decided the order.
    pub decided: Decided,
    /// Said when the order was not decided by the column's own values and it
    /// holds numeric dates (or when it is read as serial days).
    pub warning: Option<String>,
}

/// A date column to settle: its lifecycle field, its name, what its first values show.
pub struct ColumnSample<'a> {
    /// The field it fills (`created_at`, …), for messages.
    pub field: &'a str,
    /// The column's name as in the header.
    pub column: &'a str,
    /// Its first values.
    pub evidence: &'a Evidence,
}

/// Settles every date column of an export. `Err` names a column whose first
/// rows hold both a day-first and a month-first value (unless forced).
pub fn settle(
    columns: &[ColumnSample<'_>],
    forced: Option<Order>,
    preset: Option<(&'static str, Order)>,
) -> Result<Vec<Settled>, String> {
    if forced.is_none() {
        for c in columns {
            if let (Some(d), Some(m)) = (&c.evidence.dmy, &c.evidence.mdy) {
                return Err(format!(
                    "{} column {:?} holds {d:?} (day first) and {m:?} (month first) in its first \
                     {SAMPLE_ROWS} rows, so its day/month order is unknown; pass --date-order dmy \
                     or --date-order mdy (values that do not fit are then reported)",
                    c.field, c.column
                ));
            }
        }
    }
    let proven: Vec<(Order, &str, &str)> = columns
        .iter()
        .filter_map(|c| c.evidence.proven().map(|(o, v)| (o, c.column, v)))
        .collect();
    let siblings_agree = proven
        .windows(2)
        .all(|w| w.first().map(|x| x.0) == w.get(1).map(|x| x.0));
    let mut out = Vec::with_capacity(columns.len());
    for c in columns {
        let e = c.evidence;
        let serial = e.values > 0 && e.serial == e.values;
        let (order, decided) = match (forced, e.proven()) {
            (Some(o), _) => (o, Decided::Forced),
            (None, Some((o, v))) => (o, Decided::Value(v.to_string())),
            (None, None) => match (proven.first(), preset) {
                (Some(&(o, column, value)), _) if siblings_agree => (
                    o,
                    Decided::Sibling {
                        column: column.to_string(),
                        value: value.to_string(),
                    },
                ),
                (_, Some((name, o))) => (o, Decided::Preset(name)),
                _ => (Order::Dmy, Decided::Default),
            },
        };
        let why = match &decided {
            Decided::Sibling { column, value } => {
                format!("as column {column:?} is ({value:?})")
            }
            Decided::Preset(name) => format!("as the {name} preset writes dates"),
            _ => "the default".to_string(),
        };
        let warning = match (&decided, &e.ambiguous) {
            (Decided::Forced | Decided::Value(_), _) | (_, None) => None,
            (_, Some(example)) => Some(format!(
                "{} column {:?}: no day above 12 in its first {SAMPLE_ROWS} rows (e.g. {example:?}), \
                 so its values cannot tell day from month; read {}, {why}; pass --date-order dmy \
                 or --date-order mdy to choose",
                c.field,
                c.column,
                order.words()
            )),
        };
        let warning = match (serial, warning) {
            (true, _) => Some(format!(
                "{} column {:?}: every value in its first rows is a number, read as spreadsheet \
                 serial days (1900 date system; serials before 61, 1900-03-01, are refused)",
                c.field, c.column
            )),
            (false, w) => w,
        };
        out.push(Settled {
            dates: ColumnDates { order, serial },
            decided,
            warning,
        });
    }
    Ok(out)
}
