//! One record split into cells: quoted cells unescaped, stray quotes kept.

use super::Dialect;
use std::borrow::Cow;

/// Where one cell's text lies in its record.
struct Span {
    /// First byte of the text (after an opening quote).
    start: usize,
    /// End of the text (before a closing quote).
    end: usize,
    /// A quoted cell holding `""` pairs, which stand for one quote each.
    escaped: bool,
    /// An unquoted cell with a quote inside, kept as text.
    stray: bool,
}

/// Walks the cells of a record (without its line end), in order. Fails on
/// quoting no reading can make sense of: a closing quote followed by text,
/// or a quoted cell that is never closed.
fn walk(record: &[u8], dialect: Dialect, mut cell: impl FnMut(Span)) -> Result<(), String> {
    let delimiter = dialect.delimiter();
    let mut at = 0;
    let mut field = 1;
    loop {
        if record.get(at) == Some(&b'"') {
            let mut pos = at + 1;
            let mut escaped = false;
            loop {
                let rest = record.get(pos..).unwrap_or_default();
                let Some(quote) = memchr::memchr(b'"', rest).map(|i| pos + i) else {
                    return Err(format!("field {field}: a quoted cell is not closed"));
                };
                let span = Span {
                    start: at + 1,
                    end: quote,
                    escaped,
                    stray: false,
                };
                match record.get(quote + 1) {
                    Some(b'"') => {
                        escaped = true;
                        pos = quote + 2;
                    }
                    None => {
                        cell(span);
                        return Ok(());
                    }
                    Some(&c) if c == delimiter => {
                        cell(span);
                        at = quote + 2;
                        break;
                    }
                    Some(_) => {
                        return Err(format!(
                            "field {field}: text after a closing quote (a quote inside a \
                             quoted cell is written twice: \"\")"
                        ))
                    }
                }
            }
        } else {
            let rest = record.get(at..).unwrap_or_default();
            let (end, stray) = match memchr::memchr2(delimiter, b'"', rest) {
                Some(i) if rest.get(i) == Some(&b'"') => {
                    let after = rest.get(i..).unwrap_or_default();
                    let end = memchr::memchr(delimiter, after).map(|j| at + i + j);
                    (end, true)
                }
                found => (found.map(|i| at + i), false),
            };
            let end_of_cell = end.unwrap_or(record.len());
            cell(Span {
                start: at,
                end: end_of_cell,
                escaped: false,
                stray,
            });
            match end {
                Some(delimiter_at) => at = delimiter_at + 1,
                None => return Ok(()),
            }
        }
        field += 1;
    }
}

/// Splits a record (without its line end) into unescaped cells, into vectors
/// the caller reuses from record to record. `stray` receives the index of
/// every unquoted cell with a quote inside (kept as text, to be warned
/// about). Fails, with the field's number, on broken quoting.
pub fn split_into<'r>(
    record: &'r str,
    dialect: Dialect,
    cells: &mut Vec<Cow<'r, str>>,
    stray: &mut Vec<usize>,
) -> Result<(), String> {
    cells.clear();
    stray.clear();
    walk(record.as_bytes(), dialect, |span| {
        if span.stray {
            stray.push(cells.len());
        }
        // Spans start and end next to ASCII bytes (quotes, delimiters) or at
        // the record's ends, so they are char boundaries.
        let text = record.get(span.start..span.end).unwrap_or("");
        cells.push(if span.escaped {
            Cow::Owned(text.replace("\"\"", "\""))
        } else {
            Cow::Borrowed(text)
        });
    })
}

/// How many cells a record (without its line end) has, and whether it is
/// clean: no stray quote and no broken quoting.
pub(super) fn clean_width(record: &[u8], dialect: Dialect) -> Option<usize> {
    let mut width = 0;
    let mut stray = false;
    walk(record, dialect, |span| {
        width += 1;
        stray |= span.stray;
    })
    .ok()?;
    (!stray).then_some(width)
}
