//! Hand-written decoders for the encodings leadgate detects besides UTF-8
//! (UTF-16LE, UTF-16BE, Windows-1252), as the WHATWG Encoding Standard
//! defines them, for the report page's wasm.
//!
//! Why not `encoding_rs` there: its decoder dispatches on every encoding it
//! knows, so linking it links every encoding's tables (~325 KB of data,
//! about 330 KB of the page's gzip size with calamine's `.xls` reader; the
//! figures are in docs/report.md, "Report page size"). The CLI keeps
//! `encoding_rs` (any `--encoding` label); `src/ingest/decode_tests.rs`
//! checks these decoders against it byte for byte: all 256 single bytes of
//! Windows-1252, UTF-16 with lone and paired surrogates, odd lengths, and
//! every slicing of the input.

use super::encoding::Enc;

/// U+0080–U+009F's place in Windows-1252: what bytes 0x80–0x9F decode to
/// (the five bytes Windows leaves undefined decode to the C1 control of the
/// same number, as in WHATWG). Bytes 0xA0–0xFF are U+00A0–U+00FF.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The character a Windows-1252 byte stands for.
pub fn cp1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from(byte),
    }
}

/// A streaming decoder to UTF-8: slices may cut a character anywhere.
#[derive(Debug, Clone)]
pub struct Decoder {
    enc: Enc,
    /// UTF-16: the first byte of a code unit cut at the end of a slice;
    /// UTF-8: the start of a character cut there.
    carry: Vec<u8>,
    /// UTF-16: a lead surrogate waiting for its trail.
    lead: Option<u16>,
}

impl Decoder {
    /// A decoder from `enc` (its byte-order mark already dropped). Any
    /// encoding other than the three is read as UTF-8 (only the CLI, with
    /// `encoding_rs`, names others).
    pub fn new(enc: Enc) -> Decoder {
        Decoder {
            enc,
            carry: Vec::new(),
            lead: None,
        }
    }

    /// Appends the text of `bytes` to `out`; `last` ends the input (what is
    /// left of a cut character becomes one U+FFFD).
    pub fn decode(&mut self, bytes: &[u8], last: bool, out: &mut String) {
        match self.enc {
            Enc::Windows1252 => {
                out.reserve(bytes.len());
                out.extend(bytes.iter().map(|b| cp1252_char(*b)));
            }
            Enc::Utf16Le => self.utf16(bytes, last, out, u16::from_le_bytes),
            Enc::Utf16Be => self.utf16(bytes, last, out, u16::from_be_bytes),
            #[allow(unreachable_patterns)] // Enc::Other exists only with `encodings`.
            _ => self.utf8(bytes, last, out),
        }
    }

    fn utf16(&mut self, bytes: &[u8], last: bool, out: &mut String, unit: fn([u8; 2]) -> u16) {
        out.reserve(bytes.len() / 2 * 3 / 2 + 4);
        let mut rest = bytes;
        if let (Some(first), Some((second, tail))) =
            (self.carry.first().copied(), rest.split_first())
        {
            self.carry.clear();
            self.unit(unit([first, *second]), out);
            rest = tail;
        }
        let mut pairs = rest.chunks_exact(2);
        for pair in &mut pairs {
            if let [a, b] = *pair {
                self.unit(unit([a, b]), out);
            }
        }
        self.carry.extend_from_slice(pairs.remainder());
        if last && (self.lead.is_some() || !self.carry.is_empty()) {
            // WHATWG: a cut code unit or an unpaired lead at the end is one error.
            self.lead = None;
            self.carry.clear();
            out.push('\u{FFFD}');
        }
    }

    /// One UTF-16 code unit, as WHATWG's UTF-16 decoder takes it.
    fn unit(&mut self, unit: u16, out: &mut String) {
        if let Some(lead) = self.lead.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                let code =
                    0x10000 + ((u32::from(lead) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                return;
            }
            // The lead had no trail: an error, then this unit on its own.
            out.push('\u{FFFD}');
        }
        match unit {
            0xD800..=0xDBFF => self.lead = Some(unit),
            0xDC00..=0xDFFF => out.push('\u{FFFD}'),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}')),
        }
    }

    /// UTF-8 with each invalid sequence replaced by U+FFFD (the same
    /// maximal-subpart rule as WHATWG and `String::from_utf8_lossy`).
    fn utf8(&mut self, bytes: &[u8], last: bool, out: &mut String) {
        let mut joined = std::mem::take(&mut self.carry);
        joined.extend_from_slice(bytes);
        let mut data = joined.as_slice();
        loop {
            match std::str::from_utf8(data) {
                Ok(text) => {
                    out.push_str(text);
                    return;
                }
                Err(e) => {
                    let (good, bad) = data.split_at(e.valid_up_to());
                    out.push_str(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        None if !last => {
                            self.carry = bad.to_vec();
                            return;
                        }
                        len => {
                            out.push('\u{FFFD}');
                            data = bad.get(len.unwrap_or(bad.len())..).unwrap_or_default();
                        }
                    }
                }
            }
        }
    }
}
