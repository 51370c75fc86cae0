//! Lone surrogates in JSON text (`"\ud800"` without its pair): JavaScript
//! strings can hold them and `JSON.parse` keeps them, but they are not text
//! and serde_json refuses the whole lead. The one rule for every runtime
//! (DESIGN.md): each becomes U+FFFD and the outcome says so with one warning
//! (`ScoreOptions::lone_surrogates`). The npm package replaces them while
//! writing the lead; JSON text (the CLI's leads, the report's NDJSON rows) is
//! read by [`parse_json_lead`], which rewrites the escapes here.

use super::Value;

/// A lead from its JSON text, and whether lone surrogates were replaced by
/// U+FFFD to read it (the caller sets `ScoreOptions::lone_surrogates` so the
/// outcome warns). Only a text that fails to parse is scanned for them, so
/// the usual lead costs nothing more; `fixed` holds the rewritten text.
pub fn parse_json_lead<'t>(
    text: &'t str,
    fixed: &'t mut Option<String>,
) -> Result<(Value<'t>, bool), serde_json::Error> {
    match serde_json::from_str::<Value<'t>>(text) {
        Ok(lead) => Ok((lead, false)),
        Err(e) => match replace_lone_surrogates(text) {
            Some(replaced) => {
                let fixed: &'t Option<String> = {
                    *fixed = Some(replaced);
                    fixed
                };
                let text = fixed.as_deref().unwrap_or_default();
                serde_json::from_str::<Value<'t>>(text).map(|lead| (lead, true))
            }
            None => Err(e),
        },
    }
}

/// The JSON text with every lone surrogate escape (`\uD800`–`\uDFFF` not in a
/// high–low pair) written as `\ufffd`, or `None` when it has none (the
/// usual case: one scan, no copy).
pub fn replace_lone_surrogates(json: &str) -> Option<String> {
    let bytes = json.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(rel) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
    {
        let escape = at + rel;
        let Some(unit) = hex_escape(bytes, escape) else {
            // `\\`, `\"`, `\n`, …: two bytes, never the start of another escape.
            at = escape + 2;
            continue;
        };
        let paired = (0xD800..0xDC00).contains(&unit)
            && hex_escape(bytes, escape + 6).is_some_and(|low| (0xDC00..0xE000).contains(&low));
        if paired {
            at = escape + 12;
        } else if (0xD800..0xE000).contains(&unit) {
            let buf = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
            buf.extend_from_slice(bytes.get(copied..escape).unwrap_or_default());
            buf.extend_from_slice(b"\\ufffd");
            copied = escape + 6;
            at = copied;
        } else {
            at = escape + 6;
        }
    }
    let mut buf = out?;
    buf.extend_from_slice(bytes.get(copied..).unwrap_or_default());
    // Only ASCII escapes were replaced by ASCII: still UTF-8.
    String::from_utf8(buf).ok()
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn hex_escape(bytes: &[u8], at: usize) -> Option<u32> {
    let escape = bytes.get(at..at + 6)?;
    let (head, hex) = escape.split_at_checked(2)?;
    if head != b"\\u" {
        return None;
    }
    let hex = std::str::from_utf8(hex).ok()?;
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_become_the_replacement_character() {
        assert_eq!(replace_lone_surrogates(r#"{"a":"x"}"#), None);
        assert_eq!(replace_lone_surrogates(r#"{"a":"\ud83d\ude80"}"#), None);
        assert_eq!(replace_lone_surrogates(r#"{"a":"\u00e9\\ud800"}"#), None);
        assert_eq!(
            replace_lone_surrogates(r#"{"a":"\ud800","b":"x\uDC00y","c":"\ud83d\ude80\udbff"}"#)
                .unwrap(),
            r#"{"a":"\ufffd","b":"x\ufffdy","c":"\ud83d\ude80\ufffd"}"#
        );
        // A high surrogate followed by another high one: both lone.
        assert_eq!(
            replace_lone_surrogates(r#"["\ud800\ud800"]"#).unwrap(),
            r#"["\ufffd\ufffd"]"#
        );
        let fixed = replace_lone_surrogates(r#"{"job_title":"Diretor \ud800"}"#).unwrap();
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["job_title"], "Diretor \u{fffd}");
    }
}
