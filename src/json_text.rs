//! Writing JSON strings and numbers exactly as serde_json writes them,
//! without serde: what warnings quote and what crosses to JS on the scoring
//! path, so a build that only scores carries no JSON serializer.

/// Where JSON text goes: a `String` (the core, the wasm boundary) or a byte
/// buffer (the CLI's outcome writer). One writer serves both.
pub trait Sink {
    /// Appends text.
    fn put(&mut self, s: &str);
    /// Appends ASCII bytes (digits, quotes); other bytes are dropped from a `String`.
    fn put_ascii(&mut self, bytes: &[u8]);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.extend(
            bytes
                .iter()
                .filter(|b| b.is_ascii())
                .map(|&b| char::from(b)),
        );
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Appends `s` as a JSON string: `"`, `\` and U+0000–U+001F escaped
/// (`\b \t \n \f \r` short, the rest `\u00xx`), everything else as is.
pub fn push_string(out: &mut impl Sink, s: &str) {
    out.put_ascii(b"\"");
    // Most text needs no escape: checked a word at a time, copied whole.
    if is_clean(s.as_bytes()) {
        out.put(s);
        out.put_ascii(b"\"");
        return;
    }
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
        out.put(s.get(run_start..i).unwrap_or_default());
        run_start = i + 1;
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = |n: u8| *HEX.get(usize::from(n)).unwrap_or(&b'0');
            out.put("\\u00");
            out.put_ascii(&[hex(byte >> 4), hex(byte & 0xf)]);
        } else {
            out.put(short);
        }
    }
    out.put(s.get(run_start..).unwrap_or_default());
    out.put_ascii(b"\"");
}

/// True if any byte of the word is `"`, `\` or a control character (below 0x20).
#[inline]
pub fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    below_space
        || has_zero(word ^ (ONES * u64::from(b'"')))
        || has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// True when no byte of `bytes` needs escaping. Whole words are checked; the
/// tail is the string's last eight bytes (overlapping), so nothing is copied.
#[inline(always)]
fn is_clean(bytes: &[u8]) -> bool {
    let word = |b: &[u8]| <[u8; 8]>::try_from(b).map_or(u64::MAX, u64::from_le_bytes);
    let half = |b: &[u8]| <[u8; 4]>::try_from(b).map_or(u32::MAX, u32::from_le_bytes);
    let n = bytes.len();
    if n >= 8 {
        let mut chunks = bytes.chunks_exact(8);
        if chunks.any(|c| needs_escape(word(c))) {
            return false;
        }
        return chunks.remainder().is_empty()
            || !needs_escape(word(bytes.get(n - 8..).unwrap_or_default()));
    }
    if n >= 4 {
        let low = half(bytes.get(..4).unwrap_or_default());
        let high = half(bytes.get(n - 4..).unwrap_or_default());
        return !needs_escape(u64::from(low) | (u64::from(high) << 32));
    }
    bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\')
}

/// Appends a lead number as the core shows it: integral doubles as integers
/// (as JavaScript prints them), other finite doubles as their shortest
/// round-trip text, non-finite as `null`.
pub fn push_number(out: &mut impl Sink, n: f64) {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        push_integer(out, n as i64);
    } else if n.is_finite() {
        push_shortest(out, n);
    } else {
        out.put("null");
    }
}

/// The shortest round-trip text of a finite double, except that an integral
/// one below 1e21 is written as JavaScript writes it: its shortest digits,
/// then zeros, never `.0` or an exponent (`1e16` → `10000000000000000`), so
/// every runtime writes the same text.
fn push_shortest(out: &mut impl Sink, n: f64) {
    // The scorer-only wasm build writes it without zmij's tables
    // (`decimal::push_shortest`, held equal to zmij by tests); the others
    // only the integral numbers, which zmij writes otherwise.
    #[cfg(all(target_arch = "wasm32", not(feature = "wasm-compiler")))]
    crate::decimal::push_shortest(out, n);
    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
    if n.fract() == 0.0 && n.abs() < 1e21 {
        crate::decimal::push_shortest(out, n);
    } else {
        out.put(zmij::Buffer::new().format_finite(n));
    }
}

/// Appends an integer in decimal.
pub fn push_integer(out: &mut impl Sink, n: i64) {
    if n < 0 {
        out.put("-");
    }
    push_unsigned(out, n.unsigned_abs());
}

/// Appends an unsigned integer in decimal.
pub fn push_unsigned(out: &mut impl Sink, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    out.put_ascii(digits.get(at..).unwrap_or_default());
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
    fn escape_detection_is_exact_per_word() {
        let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in 0u8..=255 {
            let word = u64::from_le_bytes([b'a', b'b', b'c', b, b'd', b'e', b'f', b'g']);
            assert_eq!(needs_escape(word), escaped(b), "byte {b:#x}");
        }
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
    fn integral_numbers_past_2_pow_53_are_written_as_javascript_does() {
        // What `String(x)` gives in JavaScript for each.
        for (x, js) in [
            (9_007_199_254_740_992.0, "9007199254740992"),
            (9_007_199_254_740_994.0, "9007199254740994"),
            (-9_007_199_254_740_994.0, "-9007199254740994"),
            (1e16, "10000000000000000"),
            (1.2345678901234567e20, "123456789012345670000"),
            (9.999_999_999_999_999e20, "999999999999999900000"),
            (1e21, "1e+21"),
            (2.5e20, "250000000000000000000"),
        ] {
            assert_eq!(number(x), js, "{x}");
        }
    }

    #[test]
    fn integral_numbers_past_2_pow_53_match_rusts_display_too() {
        // Rust's `Display` of a double is also its shortest digits, then zeros.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Random multiples of 2^53 up to 1e21 (magnitudes across the whole range).
            let n = (9_007_199_254_740_992.0 * (1.0 + (x % 100_000) as f64)).trunc();
            let n = if x & 1 == 0 { n } else { -n };
            if n.abs() < 1e21 {
                assert_eq!(number(n), format!("{n}"), "{n:e}");
            }
        }
    }

    #[test]
    /// Except integral numbers from 2^53 to 1e21 (written as JavaScript does, above).
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
