//! Which encoding an export's text is in, and its text as UTF-8 (through
//! `encoding_rs`, the WHATWG Encoding Standard's implementation, in the CLI;
//! through the hand-written decoders of [`super::decode`] on the report
//! page, which agree with it byte for byte).
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

#[cfg(not(feature = "encodings"))]
use super::decode::Decoder;
#[cfg(feature = "encodings")]
use encoding_rs::{CoderResult, Decoder};

/// An encoding leadgate reads text in: the three it detects besides UTF-8,
/// and (CLI, feature `encodings`) any other one `--encoding` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    /// UTF-8.
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (what WHATWG's ISO-8859-1 labels mean).
    Windows1252,
    /// Any other WHATWG encoding, forced by `--encoding` (CLI only).
    #[cfg(feature = "encodings")]
    Other(&'static encoding_rs::Encoding),
}

impl Enc {
    /// The WHATWG name shown in the report's `input.encoding` (the name
    /// `encoding_rs` gives, checked by a test).
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "UTF-8",
            Enc::Utf16Le => "UTF-16LE",
            Enc::Utf16Be => "UTF-16BE",
            Enc::Windows1252 => "windows-1252",
            #[cfg(feature = "encodings")]
            Enc::Other(e) => e.name(),
        }
    }

    /// `encoding_rs`'s encoding for this one.
    #[cfg(feature = "encodings")]
    pub fn to_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            Enc::Utf8 => encoding_rs::UTF_8,
            Enc::Utf16Le => encoding_rs::UTF_16LE,
            Enc::Utf16Be => encoding_rs::UTF_16BE,
            Enc::Windows1252 => encoding_rs::WINDOWS_1252,
            Enc::Other(e) => e,
        }
    }

    #[cfg(feature = "encodings")]
    fn from_rs(e: &'static encoding_rs::Encoding) -> Enc {
        [Enc::Utf8, Enc::Utf16Le, Enc::Utf16Be, Enc::Windows1252]
            .into_iter()
            .find(|own| own.to_rs() == e)
            .unwrap_or(Enc::Other(e))
    }
}

/// The chosen encoding for an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The encoding.
    pub encoding: Enc,
    /// `forced`, `bom` or `detected`.
    pub from: &'static str,
    /// Bytes of byte-order mark to drop before decoding.
    pub bom: usize,
}

impl Choice {
    /// Whether the bytes are UTF-8 already (read as they are, no decoder).
    pub fn is_utf8(self) -> bool {
        self.encoding == Enc::Utf8
    }

    /// The WHATWG name shown in the report's `input.encoding`.
    pub fn name(self) -> &'static str {
        self.encoding.name()
    }
}

/// The WHATWG labels of the four encodings leadgate detects (from the
/// Encoding Standard's table; a test checks each against `encoding_rs`).
/// Without the feature `encodings` (the report page) these are the labels
/// `--encoding` / the page's encoding control accept.
pub const LABELS: &[(&str, Enc)] = &[
    ("unicode-1-1-utf-8", Enc::Utf8),
    ("unicode11utf8", Enc::Utf8),
    ("unicode20utf8", Enc::Utf8),
    ("utf-8", Enc::Utf8),
    ("utf8", Enc::Utf8),
    ("x-unicode20utf8", Enc::Utf8),
    ("csunicode", Enc::Utf16Le),
    ("iso-10646-ucs-2", Enc::Utf16Le),
    ("ucs-2", Enc::Utf16Le),
    ("unicode", Enc::Utf16Le),
    ("unicodefeff", Enc::Utf16Le),
    ("utf-16", Enc::Utf16Le),
    ("utf-16le", Enc::Utf16Le),
    ("unicodefffe", Enc::Utf16Be),
    ("utf-16be", Enc::Utf16Be),
    ("ansi_x3.4-1968", Enc::Windows1252),
    ("ascii", Enc::Windows1252),
    ("cp1252", Enc::Windows1252),
    ("cp819", Enc::Windows1252),
    ("csisolatin1", Enc::Windows1252),
    ("ibm819", Enc::Windows1252),
    ("iso-8859-1", Enc::Windows1252),
    ("iso-ir-100", Enc::Windows1252),
    ("iso8859-1", Enc::Windows1252),
    ("iso88591", Enc::Windows1252),
    ("iso_8859-1", Enc::Windows1252),
    ("iso_8859-1:1987", Enc::Windows1252),
    ("l1", Enc::Windows1252),
    ("latin1", Enc::Windows1252),
    ("us-ascii", Enc::Windows1252),
    ("windows-1252", Enc::Windows1252),
    ("x-cp1252", Enc::Windows1252),
];

/// The encoding a `--encoding` value names (any WHATWG label with the
/// feature `encodings`, else one of [`LABELS`]; any case); `utf-16` alone
/// means little-endian, as in WHATWG.
pub fn parse_label(name: &str) -> Option<Enc> {
    let name = name.trim();
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "utf16le" => return Some(Enc::Utf16Le),
        "utf16be" => return Some(Enc::Utf16Be),
        _ => {}
    }
    #[cfg(feature = "encodings")]
    {
        encoding_rs::Encoding::for_label(name.as_bytes()).map(Enc::from_rs)
    }
    #[cfg(not(feature = "encodings"))]
    {
        LABELS.iter().find(|(l, _)| *l == lower).map(|(_, e)| *e)
    }
}

/// The encoding a byte-order mark at the start of `bytes` names, and its
/// length (the marks `encoding_rs::Encoding::for_bom` knows).
pub fn for_bom(bytes: &[u8]) -> Option<(Enc, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((Enc::Utf8, 3)),
        [0xFF, 0xFE, ..] => Some((Enc::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => Some((Enc::Utf16Be, 2)),
        _ => None,
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
    forced: Option<Enc>,
    utf8_whole: Option<bool>,
) -> Choice {
    let bom = for_bom(prefix);
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
        Some(true) => Enc::Utf16Le,
        Some(false) => Enc::Utf16Be,
        None if utf8_whole.unwrap_or_else(|| utf8_prefix(prefix, complete)) => Enc::Utf8,
        None => Enc::Windows1252,
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

/// Turns bytes of one encoding into UTF-8 text, slice by slice: through
/// `encoding_rs` in the CLI (feature `encodings`), through the hand-written
/// decoders of [`super::decode`] on the report page, where `encoding_rs`'s
/// tables for every encoding cost ~325 KB (docs/report.md, "Report page
/// size"); a test checks the two agree byte for byte.
pub struct Transcoder {
    decoder: Decoder,
}

impl Transcoder {
    /// A transcoder from `encoding` (its byte-order mark already dropped).
    pub fn new(encoding: Enc) -> Transcoder {
        #[cfg(feature = "encodings")]
        let decoder = encoding.to_rs().new_decoder_without_bom_handling();
        #[cfg(not(feature = "encodings"))]
        let decoder = Decoder::new(encoding);
        Transcoder { decoder }
    }

    /// Appends the text of `bytes` to `out`; `last` ends the input (a
    /// character cut at its end is then replaced by U+FFFD). Bytes that are
    /// not text in the encoding (a lone UTF-16 surrogate) become U+FFFD,
    /// which the report then shows in the value.
    #[cfg(feature = "encodings")]
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

    /// Appends the text of `bytes` to `out` (see the CLI's version).
    #[cfg(not(feature = "encodings"))]
    pub fn decode(&mut self, bytes: &[u8], last: bool, out: &mut String) {
        self.decoder.decode(bytes, last, out);
    }
}
