//! The scalar writers: strings escaped a word at a time, integers without `fmt`.

/// True if any byte of the word is `"`, `\` or a control character (below 0x20).
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

/// Appends a JSON string with serde_json's escapes (`\"`, `\\`, `\b\f\n\r\t`, else `\u00XX`).
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if is_clean(bytes) {
        out.extend_from_slice(bytes);
    } else {
        for &b in bytes {
            push_escaped(out, b);
        }
    }
    out.push(b'"');
}

#[cfg(test)]
pub fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

fn push_escaped(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0C => out.extend_from_slice(b"\\f"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        c if c < 0x20 => {
            out.extend_from_slice(b"\\u00");
            out.push(HEX.get(usize::from(c >> 4)).copied().unwrap_or(b'0'));
            out.push(HEX.get(usize::from(c & 15)).copied().unwrap_or(b'0'));
        }
        c => out.push(c),
    }
}

pub fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or_default());
}

pub fn write_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    write_u64(out, n.unsigned_abs());
}
