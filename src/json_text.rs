//! Writing JSON strings and numbers exactly as serde_json writes them,
//! without serde: what warnings quote and what crosses to JS on the scoring
//! path, so a build that only scores carries no JSON serializer.

/// Appends `s` as a JSON string: `"`, `\` and U+0000–U+001F escaped
/// (`\b \t \n \f \r` short, the rest `\u00xx`), everything else as is.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    let mut run_start = 0;
    for (i, byte) in s.bytes().enumerate() {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            b'\t' => "\\t",
            b'\n' => "\\n",
            0x0c => "\\f",
            b'\r' => "\\r",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so both cuts fall on character boundaries.
        out.push_str(s.get(run_start..i).unwrap_or_default());
        run_start = i + 1;
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            for nibble in [byte >> 4, byte & 0xf] {
                out.push(char::from(*HEX.get(usize::from(nibble)).unwrap_or(&b'0')));
            }
        } else {
            out.push_str(short);
        }
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
    out.push('"');
}

/// Appends a lead number as the core shows it: integral doubles as integers
/// (as JavaScript prints them), other finite doubles as their shortest
/// round-trip text, non-finite as `null`.
pub fn push_number(out: &mut String, n: f64) {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        push_integer(out, n as i64);
    } else if n.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(n));
    } else {
        out.push_str("null");
    }
}

/// Appends an integer in decimal.
pub fn push_integer(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, s);
        out
    }

    fn number(n: f64) -> String {
        let mut out = String::new();
        push_number(&mut out, n);
        out
    }

    #[test]
    fn strings_match_serde_json() {
        let mut all_bytes: String = (0u8..0x80).map(char::from).collect();
        all_bytes.push_str("é\u{2028}\u{10ffff}\"\\");
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            &all_bytes,
        ] {
            assert_eq!(string(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_match_serde_json_of_lead_values() {
        let values = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            120.0,
            2.5,
            -0.1,
            1e21,
            1.5e300,
            5e-324,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            -9_007_199_254_740_993.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for n in values {
            let via_serde = serde_json::to_string(&crate::Value::Number(n)).unwrap();
            assert_eq!(number(n), via_serde, "{n:?}");
        }
        let mut out = String::new();
        push_integer(&mut out, i64::MIN);
        assert_eq!(out, "-9223372036854775808");
    }
}
