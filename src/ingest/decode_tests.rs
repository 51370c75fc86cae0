//! The report page's hand-written decoders ([`super::decode`]) against
//! `encoding_rs` (the CLI's), byte for byte; and the label table against
//! `encoding_rs`'s.

use super::decode::{cp1252_char, Decoder};
use super::encoding::{parse_label, Enc, LABELS};

fn theirs(enc: Enc, bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut d = enc.to_rs().new_decoder_without_bom_handling();
    out.reserve(d.max_utf8_buffer_length(bytes.len()).unwrap_or(0) + 16);
    let (_, read, _) = d.decode_to_string(bytes, &mut out, true);
    assert_eq!(read, bytes.len());
    out
}

/// Ours, fed in slices of `size` bytes.
fn ours(enc: Enc, bytes: &[u8], size: usize) -> String {
    let mut out = String::new();
    let mut d = Decoder::new(enc);
    for slice in bytes.chunks(size.max(1)) {
        d.decode(slice, false, &mut out);
    }
    d.decode(&[], true, &mut out);
    out
}

#[test]
fn windows_1252_every_byte() {
    for b in 0..=255u8 {
        let want = theirs(Enc::Windows1252, &[b]);
        assert_eq!(cp1252_char(b).to_string(), want, "byte {b:#04x}");
        assert_eq!(ours(Enc::Windows1252, &[b], 1), want, "byte {b:#04x}");
    }
    // Spot checks worked out from the code page's table.
    assert_eq!(cp1252_char(0x80), '€');
    assert_eq!(cp1252_char(0x93), '“');
    assert_eq!(cp1252_char(0x81), '\u{81}');
    assert_eq!(cp1252_char(0xE3), 'ã');
    let all: Vec<u8> = (0..=255u8).collect();
    assert_eq!(
        ours(Enc::Windows1252, &all, 7),
        theirs(Enc::Windows1252, &all)
    );
}

/// UTF-16 inputs that exercise every path of the decoder, as code units.
fn utf16_cases() -> Vec<Vec<u16>> {
    let text: Vec<u16> = "São Paulo 😀 ok".encode_utf16().collect();
    vec![
        text,
        vec![],
        vec![0x41, 0xD800],                   // lead at the end
        vec![0xD800, 0x41],                   // lead then not a trail
        vec![0xDC00, 0x41],                   // lone trail
        vec![0xD800, 0xD800, 0xDC00],         // lead, then a pair
        vec![0xD83D, 0xDE00, 0xDBFF, 0xDFFF], // two pairs (😀, U+10FFFF)
        vec![0xDBFF, 0xDBFF],                 // two leads at the end
        vec![0xFEFF, 0x41, 0xFFFE, 0xFFFF],   // a BOM in the middle and non-characters
        vec![0x0A, 0x0D, 0x00, 0x3B],
    ]
}

#[test]
fn utf16_agrees_with_encoding_rs_in_any_slicing() {
    for (enc, to) in [
        (Enc::Utf16Le, u16::to_le_bytes as fn(u16) -> [u8; 2]),
        (Enc::Utf16Be, u16::to_be_bytes),
    ] {
        for units in utf16_cases() {
            let mut bytes: Vec<u8> = units.iter().flat_map(|u| to(*u)).collect();
            for odd in [false, true] {
                if odd {
                    // An odd length: a code unit cut at the end of the input.
                    bytes.push(0x41);
                }
                let want = theirs(enc, &bytes);
                for size in 1..=bytes.len().max(1) {
                    assert_eq!(
                        ours(enc, &bytes, size),
                        want,
                        "{enc:?} {bytes:x?} in {size}s"
                    );
                }
            }
        }
    }
    // Worked out by hand: a lone lead, then "A": U+FFFD then A.
    assert_eq!(
        ours(Enc::Utf16Le, &[0x00, 0xD8, 0x41, 0x00], 1),
        "\u{FFFD}A"
    );
    // An odd byte at the end: one U+FFFD.
    assert_eq!(ours(Enc::Utf16Be, &[0x00, 0x41, 0x00], 2), "A\u{FFFD}");
}

#[test]
fn every_byte_pair_of_utf16_agrees() {
    // All 65,536 code units, each after a lead surrogate and alone.
    for enc in [Enc::Utf16Le, Enc::Utf16Be] {
        let mut bytes = Vec::with_capacity(4 * 65536);
        for u in 0..=u16::MAX {
            let unit = if enc == Enc::Utf16Le {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            };
            let lead = if enc == Enc::Utf16Le {
                0xD801u16.to_le_bytes()
            } else {
                0xD801u16.to_be_bytes()
            };
            bytes.extend_from_slice(&lead);
            bytes.extend_from_slice(&unit);
            bytes.extend_from_slice(&unit);
        }
        assert_eq!(ours(enc, &bytes, 4093), theirs(enc, &bytes), "{enc:?}");
    }
}

#[test]
fn utf8_lossy_agrees() {
    let cases: [&[u8]; 6] = [
        "São 😀".as_bytes(),
        b"ok \xe2\x82",
        b"\xf0\x9f\x98",
        b"a\xffb\xc3(\xed\xa0\x80z",
        b"\xe0\x80\x80\xf4\x90\x80\x80",
        b"",
    ];
    for bytes in cases {
        for size in 1..=bytes.len().max(1) {
            assert_eq!(
                ours(Enc::Utf8, bytes, size),
                theirs(Enc::Utf8, bytes),
                "{bytes:x?}"
            );
        }
    }
}

#[test]
fn labels_agree_with_encoding_rs() {
    for (label, enc) in LABELS {
        let rs = encoding_rs::Encoding::for_label(label.as_bytes());
        assert_eq!(rs, Some(enc.to_rs()), "{label}");
        assert_eq!(rs.map(|e| e.name()), Some(enc.name()), "{label}");
        assert_eq!(parse_label(&label.to_uppercase()), Some(*enc), "{label}");
    }
    // Every encoding_rs label of the four is in the table: the Encoding
    // Standard lists 32 for them (6 UTF-8, 7 UTF-16LE, 2 UTF-16BE, 17 windows-1252).
    assert_eq!(LABELS.len(), 32);
}
