//! CSV records (RFC 4180) for the report, without the CLI's `memchr`, so the
//! same code runs in wasm. Cells are typed exactly as `leadgate score` types
//! them: empty is absent, JSON number syntax is a number, `true`/`false` are
//! booleans, anything else is text.

use crate::lead::{is_json_number, number_from_text, Value};
use std::borrow::Cow;

/// Digits a double holds exactly: longer numbers (IDs, phone numbers) stay text.
const MAX_NUMBER_DIGITS: usize = 15;

/// Splits one record (without its line end) into unescaped cells.
pub fn split_record(record: &str) -> Result<Vec<Cow<'_, str>>, String> {
    let mut cells = Vec::new();
    split_record_into(record, &mut cells)?;
    Ok(cells)
}

/// Like `split_record`, into a vector the caller reuses from record to record.
pub fn split_record_into<'r>(record: &'r str, cells: &mut Vec<Cow<'r, str>>) -> Result<(), String> {
    cells.clear();
    let bytes = record.as_bytes();
    let mut at = 0;
    loop {
        if bytes.get(at) == Some(&b'"') {
            let (cell, after) = quoted_cell(record, at)?;
            cells.push(cell);
            match bytes.get(after) {
                None => return Ok(()),
                Some(b',') => at = after + 1,
                Some(_) => {
                    return Err(format!("field {}: text after a closing quote", cells.len()))
                }
            }
        } else {
            let rest = record.get(at..).unwrap_or("");
            let end = rest.find(',').map_or(record.len(), |p| at + p);
            let cell = record.get(at..end).unwrap_or("");
            if cell.contains('"') {
                return Err(format!(
                    "field {}: a quote inside an unquoted field (quote the whole field and \
                     double the quote)",
                    cells.len() + 1
                ));
            }
            cells.push(Cow::Borrowed(cell));
            if end == record.len() {
                return Ok(());
            }
            at = end + 1;
        }
    }
}

/// A quoted cell starting at `open`; returns it and the index after its closing quote.
fn quoted_cell(record: &str, open: usize) -> Result<(Cow<'_, str>, usize), String> {
    let start = open + 1;
    let mut piece = start;
    let mut owned: Option<String> = None;
    loop {
        let rest = record.get(piece..).unwrap_or("");
        let Some(q) = rest.find('"').map(|p| piece + p) else {
            return Err("a quoted field is not closed".into());
        };
        if record.as_bytes().get(q + 1) == Some(&b'"') {
            // `""` is one quote: copy up to and including the first.
            owned
                .get_or_insert_with(String::new)
                .push_str(record.get(piece..=q).unwrap_or(""));
            piece = q + 2;
            continue;
        }
        let tail = record.get(piece..q).unwrap_or("");
        let cell = match owned {
            Some(mut text) => {
                text.push_str(tail);
                Cow::Owned(text)
            }
            None => Cow::Borrowed(record.get(start..q).unwrap_or("")),
        };
        return Ok((cell, q + 1));
    }
}

/// The typed value of a cell; `None` for an empty cell (the field is absent).
pub fn cell_value(text: Cow<'_, str>) -> Option<Value<'_>> {
    if text.is_empty() {
        return None;
    }
    if text.bytes().filter(u8::is_ascii_digit).count() <= MAX_NUMBER_DIGITS {
        if let Some(n) = number_from_text(&text).filter(|_| is_json_number(&text)) {
            return Some(Value::Number(n));
        }
    }
    if text.eq_ignore_ascii_case("true") {
        return Some(Value::Bool(true));
    }
    if text.eq_ignore_ascii_case("false") {
        return Some(Value::Bool(false));
    }
    Some(Value::String(text))
}

/// A record without its `\n` / `\r\n`.
pub fn trim_line_end(text: &str) -> &str {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.strip_suffix('\r').unwrap_or(text)
}

/// Where the record starting at `from` ends (after its newline), if it is complete,
/// and how many newlines it spans.
pub fn record_end(text: &str, from: usize, csv: bool) -> Option<(usize, u64)> {
    let rest = text.get(from..)?;
    if !csv {
        return rest.find('\n').map(|p| (from + p + 1, 1));
    }
    let mut in_quotes = false;
    let mut newlines = 0;
    for (pos, c) in rest.bytes().enumerate() {
        match c {
            b'"' => in_quotes = !in_quotes,
            b'\n' => {
                newlines += 1;
                if !in_quotes {
                    return Some((from + pos + 1, newlines));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(record: &str) -> Result<Vec<String>, String> {
        split_record(record).map(|c| c.into_iter().map(Cow::into_owned).collect())
    }

    #[test]
    fn splits_rfc4180_records() {
        assert_eq!(cells("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(
            cells(r#""x,y","say ""hi""","""""#).unwrap(),
            ["x,y", r#"say "hi""#, "\""]
        );
        assert_eq!(cells("a,").unwrap(), ["a", ""]);
        assert_eq!(cells("\"multi\nline\",z").unwrap(), ["multi\nline", "z"]);
        assert!(cells(r#""open,b"#).is_err());
        assert!(cells(r#""a"b,c"#).is_err());
        assert!(cells(r#"a"b,c"#).is_err());
    }

    #[test]
    fn types_cells_like_the_cli() {
        let v = |t: &'static str| cell_value(Cow::Borrowed(t));
        assert_eq!(v("120"), Some(Value::Number(120.0)));
        assert_eq!(v("TRUE"), Some(Value::Bool(true)));
        assert!(matches!(v("01310"), Some(Value::String(_))));
        assert!(matches!(v("1234567890123456"), Some(Value::String(_))));
        assert_eq!(v(""), None);
    }

    #[test]
    fn finds_record_ends() {
        let text = "a,\"b\nc\"\nd\n";
        assert_eq!(record_end(text, 0, true), Some((8, 2)));
        assert_eq!(record_end(text, 8, true), Some((10, 1)));
        assert_eq!(record_end(text, 10, true), None);
        assert_eq!(record_end(text, 0, false), Some((5, 1)));
    }
}
