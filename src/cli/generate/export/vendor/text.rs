//! Cells, lines and bytes as the vendors write them: dates in each vendor's
//! form and time zone, quoting, line ends and the Latin-1 encoding.

use super::{AmountForm, DateForm, Shape};
use crate::Timestamp;

/// A lifecycle time as the vendor writes it, in its time zone.
pub(super) fn format_date(at: Timestamp, offset_ms: i64, form: DateForm) -> Option<String> {
    // CRMs keep whole seconds.
    let local = at.0 - at.0.rem_euclid(1000) + offset_ms;
    let iso = Timestamp(local).to_rfc3339();
    let (year, month, day) = (iso.get(..4)?, iso.get(5..7)?, iso.get(8..10)?);
    let (hour, minute, second) = (iso.get(11..13)?, iso.get(14..16)?, iso.get(17..19)?);
    let unpadded = |s: &str| s.trim_start_matches('0').to_string();
    Some(match form {
        DateForm::DayFirstMinutes => format!("{day}/{month}/{year} {hour}:{minute}"),
        DateForm::IsoSeconds => format!("{year}-{month}-{day} {hour}:{minute}:{second}"),
        DateForm::UsDate => format!("{}/{}/{year}", unpadded(month), unpadded(day)),
        DateForm::UsMinutes => {
            let h: u32 = hour.parse().ok()?;
            let (h12, half) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            format!(
                "{}/{}/{year} {h12}:{minute} {half}",
                unpadded(month),
                unpadded(day)
            )
        }
    })
}

pub(super) fn push_cell(shape: &Shape, line: &mut String, index: usize, text: &str) {
    if index > 0 {
        line.push(char::from(shape.delimiter));
    }
    let delimiter = char::from(shape.delimiter);
    let needs = shape.quote_all || text.contains([delimiter, '"', '\n', '\r']);
    if needs {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

pub(super) fn finish_line(shape: &Shape, mut line: String, out: &mut Vec<u8>) {
    line.push_str(if shape.crlf { "\r\n" } else { "\n" });
    if shape.latin1 {
        // Windows-1252 / ISO-8859-1: every character the generator writes is
        // in Latin-1; anything else becomes `?`, as those exports do.
        out.extend(
            line.chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')),
        );
    } else {
        out.extend_from_slice(line.as_bytes());
    }
}

/// A value in cents as the vendor writes it.
pub(super) fn amount(cents: u64, form: AmountForm) -> String {
    let (units, frac) = (cents / 100, cents % 100);
    let grouped = |sep: char| {
        let digits = units.to_string();
        let mut out = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(d);
        }
        out
    };
    match form {
        AmountForm::Plain => format!("{units}.{frac:02}"),
        AmountForm::Us => format!("{}.{frac:02}", grouped(',')),
        AmountForm::Real => format!("R$ {},{frac:02}", grouped('.')),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BRASILIA_MS, RDSTATION, SALESFORCE};
    use super::*;

    #[test]
    fn dates_are_written_as_each_vendor_writes_them() {
        // 2026-03-04T17:05:09Z
        let at = Timestamp(1_772_643_909_000);
        let form = |f| format_date(at, 0, f).unwrap();
        assert_eq!(form(DateForm::DayFirstMinutes), "04/03/2026 17:05");
        assert_eq!(form(DateForm::UsMinutes), "3/4/2026 5:05 PM");
        assert_eq!(form(DateForm::UsDate), "3/4/2026");
        assert_eq!(form(DateForm::IsoSeconds), "2026-03-04 17:05:09");
        assert_eq!(
            format_date(at, BRASILIA_MS, DateForm::DayFirstMinutes).unwrap(),
            "04/03/2026 14:05"
        );
        let midnight = Timestamp(1_772_582_400_000); // 2026-03-04T00:00:00Z
        assert_eq!(
            format_date(midnight, 0, DateForm::UsMinutes).unwrap(),
            "3/4/2026 12:00 AM"
        );
    }

    #[test]
    fn latin1_exports_write_one_byte_per_accented_letter() {
        let mut out = Vec::new();
        finish_line(&RDSTATION, "Número;Érica;€".to_string(), &mut out);
        assert_eq!(out, b"N\xfamero;\xc9rica;?\r\n");
    }

    #[test]
    fn quoted_cells_double_their_quotes() {
        let mut line = String::new();
        push_cell(&SALESFORCE, &mut line, 0, "Diretor \"Comercial\"");
        push_cell(&RDSTATION, &mut line, 1, "a;b");
        push_cell(&RDSTATION, &mut line, 2, "a,b");
        assert_eq!(line, "\"Diretor \"\"Comercial\"\"\";\"a;b\";a,b");
    }
}
