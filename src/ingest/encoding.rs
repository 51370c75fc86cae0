//! Which encoding an export's text is in, and its text as UTF-8 (through
//! `encoding_rs`, the WHATWG Encoding Standard's implementation).
//!
//! The rule, in order:
//! 1. `--encoding NAME` forces (any WHATWG label: `utf-8`, `utf-16le`,
//!    `windows-1252`, `latin1`, `iso-8859-1`, `cp1252`…);
//! 2. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE) and is dropped;
//! 3. UTF-16 without a mark is recognised by its NUL bytes;
//! 4. text that is valid UTF-8 is UTF-8; anything else is Windows-1252.
//!
//! Step 4 looks at as much as the caller can give cheaply: a file is
//! checked whole before reading starts (a Windows-1252 file whose first
//! megabytes are ASCII is still caught, and the check costs a fraction of
//! the read); stdin is decided on its first [`super::sniff::PREFIX`] bytes,
//! after which a row that is not UTF-8 is a row problem naming
//! `--encoding`.
//!
//! Windows-1252 is what ISO-8859-1 labels mean in WHATWG (browsers have
//! decoded "Latin-1" that way for decades): the two agree on every
//! printable character and differ only on 0x80–0x9F, C1 control codes in
//! ISO-8859-1 that no export holds and that Windows tools use for `€`, `“`,
//! `–`… So the report names the encoding actually used, `windows-1252`,
//! also when `--encoding iso-8859-1` was given.

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// The encoding chosen for an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The encoding (`encoding_rs`'s).
    pub encoding: &'static Encoding,
    /// `forced`, `bom` or `detected`.
    pub from: &'static str,
    /// Bytes of byte-order mark to drop before decoding.
    pub bom: usize,
}

impl Choice {
    /// Whether the bytes are UTF-8 already (read as they are, no decoder).
    pub fn is_utf8(self) -> bool {
        self.encoding == UTF_8
    }

    /// The WHATWG name shown in the report's `input.encoding`.
    pub fn name(self) -> &'static str {
        self.encoding.name()
    }
}

/// The encoding a `--encoding` value names (any WHATWG label, any case);
/// `utf-16` alone means little-endian, as in WHATWG.
pub fn parse_label(name: &str) -> Option<&'static Encoding> {
    let name = name.trim();
    match name.to_ascii_lowercase().as_str() {
        "utf16le" => Some(UTF_16LE),
        "utf16be" => Some(UTF_16BE),
        "utf8" => Some(UTF_8),
        _ => Encoding::for_label(name.as_bytes()),
    }
}

/// Chooses the encoding of an input from its first bytes.
///
/// `utf8_whole`: the caller checked the whole input (`Some(valid)`);
/// `None` decides on `prefix`, where `complete` says the prefix is all of
/// the input (else a multi-byte character cut at its end is no error).
pub fn choose(
    prefix: &[u8],
    complete: bool,
    forced: Option<&'static Encoding>,
    utf8_whole: Option<bool>,
) -> Choice {
    let bom = Encoding::for_bom(prefix);
    if let Some(encoding) = forced {
        let bom = bom.filter(|(e, _)| *e == encoding).map_or(0, |(_, n)| n);
        return Choice {
            encoding,
            from: "forced",
            bom,
        };
    }
    if let Some((encoding, bom)) = bom {
        return Choice {
            encoding,
            from: "bom",
            bom,
        };
    }
    let head = prefix.get(..4096).unwrap_or(prefix);
    let encoding = match super::sniff::utf16_without_bom(head) {
        Some(true) => UTF_16LE,
        Some(false) => UTF_16BE,
        None if utf8_whole.unwrap_or_else(|| utf8_prefix(prefix, complete)) => UTF_8,
        None => WINDOWS_1252,
    };
    Choice {
        encoding,
        from: "detected",
        bom: 0,
    }
}

/// Whether `prefix` is UTF-8, allowing a character cut at its end unless
/// `complete`.
pub fn utf8_prefix(prefix: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(prefix) {
        Ok(_) => true,
        Err(e) => !complete && e.error_len().is_none(),
    }
}

/// Checks bytes for UTF-8 in slices, as a file is read: a character may be
/// cut between slices.
#[derive(Debug, Default)]
pub struct Utf8Check {
    /// The start of a character cut at the end of the last slice.
    carry: Vec<u8>,
    failed: bool,
}

impl Utf8Check {
    /// Checks the next slice.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.failed {
            return;
        }
        let mut rest = bytes;
        if !self.carry.is_empty() {
            // A cut character needs at most 3 more bytes.
            let kept = self.carry.len();
            let take = bytes.len().min(3);
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(bytes.get(..take).unwrap_or_default());
            match std::str::from_utf8(&joined) {
                Ok(_) => rest = bytes.get(take..).unwrap_or_default(),
                // The cut character is whole now: go on after it.
                Err(e) if e.valid_up_to() >= kept => {
                    rest = bytes.get(e.valid_up_to() - kept..).unwrap_or_default();
                }
                Err(e) if e.error_len().is_none() && take == bytes.len() => {
                    self.carry = joined;
                    return;
                }
                Err(_) => {
                    self.failed = true;
                    return;
                }
            }
        }
        match std::str::from_utf8(rest) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => {
                self.carry = rest.get(e.valid_up_to()..).unwrap_or_default().to_vec();
            }
            Err(_) => self.failed = true,
        }
    }

    /// Whether a character cut at the end of the last slice waits for the next.
    pub fn pending(&self) -> bool {
        !self.carry.is_empty()
    }

    /// Whether everything pushed was UTF-8 (a character still cut is not).
    pub fn valid(&self) -> bool {
        !self.failed && self.carry.is_empty()
    }
}

/// Turns bytes of one encoding into UTF-8 text, slice by slice.
pub struct Transcoder {
    decoder: Decoder,
}

impl Transcoder {
    /// A transcoder from `encoding` (its byte-order mark already dropped).
    pub fn new(encoding: &'static Encoding) -> Transcoder {
        Transcoder {
            decoder: encoding.new_decoder_without_bom_handling(),
        }
    }

    /// Appends the text of `bytes` to `out`; `last` ends the input (a
    /// character cut at its end is then replaced by U+FFFD). Bytes that are
    /// not text in the encoding (a lone UTF-16 surrogate) become U+FFFD,
    /// which the report then shows in the value.
    pub fn decode(&mut self, bytes: &[u8], last: bool, out: &mut String) {
        let mut bytes = bytes;
        loop {
            let room = self
                .decoder
                .max_utf8_buffer_length(bytes.len())
                .unwrap_or(bytes.len().saturating_mul(3).saturating_add(16));
            out.reserve(room);
            let (result, read, _) = self.decoder.decode_to_string(bytes, out, last);
            bytes = bytes.get(read..).unwrap_or_default();
            match result {
                CoderResult::InputEmpty => return,
                CoderResult::OutputFull => {}
            }
        }
    }
}
