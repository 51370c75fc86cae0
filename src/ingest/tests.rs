use super::sniff::{self, Book, Sniffed, TextFormat};
use crate::csv::Dialect;

fn delim(text: &str) -> String {
    sniff::delimiter(text, true).name()
}

#[test]
fn sniffs_delimiters_from_header_and_rows() {
    assert_eq!(delim("a,b,c\n1,2,3\n"), ",");
    assert_eq!(delim("a;b;c\n1;2;3\n"), ";");
    assert_eq!(delim("a|b\n1|2\n"), "|");
    // Commas inside quoted cells do not fool it: under `,` these rows break.
    let semi = "nome;empresa;valor\n\"Silva, Ana\";\"Farol, Ltda\";\"1.234,56\"\n\
                \"Souza, Rui\";Acme;\"2,5\"\n";
    assert_eq!(delim(semi), ";");
    // Tab with empty cells (and a comma in a cell).
    assert_eq!(
        delim("email\tcompany\tsize\na@x.io\t\t10\nb@y.io\tAcme, Inc\t\n"),
        "tab"
    );
    // One column: no candidate splits the header; read as `,` (one column either way).
    assert_eq!(delim("email\na@x.io\nb@y.io\n"), ",");
    // A comma file whose cells hold unquoted `;`: the header decides.
    assert_eq!(delim("email,tags\na@x.io,a;b;c\n"), ",");
    // A byte-order mark is not part of the first name.
    assert_eq!(delim("\u{feff}\"a\";\"b\"\n1;2\n"), ";");
}

#[test]
fn unfinished_last_record_is_left_out_of_the_vote() {
    // The prefix cuts a record in the middle: only whole records count.
    assert_eq!(
        sniff::delimiter("a;b;c\n1;2;3\n4;\"x, y", false).name(),
        ";"
    );
}

#[test]
fn column_errors_name_the_delimiter_and_suggest_another() {
    let names = vec!["Nome;Email;Data de criação".to_string()];
    let text = sniff::columns_seen(&names, Dialect::COMMA);
    assert!(text.contains("split at \",\", has 1 column(s)"), "{text}");
    assert!(text.contains("--delimiter \";\""), "{text}");
    let tab = Dialect::with_delimiter(b'\t').unwrap();
    assert!(sniff::columns_seen(&["a,b".into()], tab).contains("split at \"tab\""));
}

#[test]
fn names_binary_files_and_finds_workbooks() {
    let binary = |b: &[u8]| match sniff::sniff_bytes(b) {
        Sniffed::Binary(what, _) => what,
        other => panic!("{other:?}"),
    };
    assert_eq!(binary(b"%PDF-1.7\n"), "a PDF document");
    assert_eq!(binary(b"\x1f\x8b\x08\x00"), "gzip-compressed data");
    assert_eq!(binary(b"\x89PNG\r\n\x1a\n...."), "a PNG image");
    assert_eq!(binary(b"\xff\xd8\xff\xe0"), "a JPEG image");
    assert!(binary(b"abc\x00\x01\x02\x03\xff\x00\x00\x10").contains("NUL"));
    assert_eq!(
        sniff::sniff_bytes(b"PK\x03\x04rest"),
        Sniffed::Book(Book::Zip)
    );
    assert_eq!(
        sniff::sniff_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        Sniffed::Book(Book::Ole)
    );
    assert_eq!(sniff::sniff_bytes(b"email,created_at\n"), Sniffed::Text);
    // UTF-16 without a byte-order mark is text, not "binary data".
    let utf16: Vec<u8> = "email,created_at\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(sniff::sniff_bytes(&utf16), Sniffed::Text);
}

#[test]
fn sniffs_text_formats() {
    assert_eq!(
        sniff::sniff_text("\u{feff}  {\"a\":1}\n"),
        TextFormat::Ndjson
    );
    assert_eq!(sniff::sniff_text("[{\"a\":1}]"), TextFormat::JsonArray);
    assert_eq!(sniff::sniff_text("<html><table>"), TextFormat::Html);
    assert_eq!(sniff::sniff_text("email,created_at\n"), TextFormat::Csv);
    assert_eq!(sniff::sniff_text(""), TextFormat::Csv);
}

#[cfg(feature = "ingest")]
mod encodings {
    use super::super::encoding::{choose, parse_label, Transcoder, Utf8Check};

    fn name(
        prefix: &[u8],
        complete: bool,
        whole: Option<bool>,
    ) -> (&'static str, &'static str, usize) {
        let c = choose(prefix, complete, None, whole);
        (c.name(), c.from, c.bom)
    }

    #[test]
    fn reads_byte_order_marks() {
        assert_eq!(name(b"\xef\xbb\xbfa,b\n", true, None), ("UTF-8", "bom", 3));
        assert_eq!(name(b"\xff\xfea\x00", true, None), ("UTF-16LE", "bom", 2));
        assert_eq!(name(b"\xfe\xff\x00a", true, None), ("UTF-16BE", "bom", 2));
    }

    #[test]
    fn detects_utf8_windows_1252_and_bomless_utf16() {
        assert_eq!(name("Márcio,São Paulo\n".as_bytes(), true, None).0, "UTF-8");
        // "Márcio" in Windows-1252: 0xE1 is no UTF-8.
        assert_eq!(
            name(b"M\xe1rcio,S\xe3o Paulo\n", true, None).0,
            "windows-1252"
        );
        // A character cut at the end of a prefix is no error…
        assert_eq!(name(b"ok,M\xc3", false, None).0, "UTF-8");
        // …but it is at the end of the whole input.
        assert_eq!(name(b"ok,M\xc3", true, None).0, "windows-1252");
        // The caller's whole-file check overrides an ASCII prefix.
        assert_eq!(name(b"email,name\n", false, Some(false)).0, "windows-1252");
        let le: Vec<u8> = "email,nome\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "email,nome\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(name(&le, true, None).0, "UTF-16LE");
        assert_eq!(name(&be, true, None).0, "UTF-16BE");
    }

    #[test]
    fn forced_labels_and_the_name_shown() {
        // WHATWG: ISO-8859-1 labels decode as windows-1252, the name shown.
        for label in ["iso-8859-1", "latin1", "cp1252", "Windows-1252"] {
            assert_eq!(
                parse_label(label).map(|e| e.name()),
                Some("windows-1252"),
                "{label}"
            );
        }
        assert_eq!(parse_label("utf16le").map(|e| e.name()), Some("UTF-16LE"));
        assert_eq!(parse_label("nope"), None);
        let forced = choose(b"\xef\xbb\xbfabc", true, parse_label("utf-8"), None);
        assert_eq!((forced.from, forced.bom), ("forced", 3));
    }

    #[test]
    fn a_windows_1252_file_with_an_ascii_first_64_kib_is_caught() {
        let mut bytes = "email,created_at\n".repeat(5000).into_bytes();
        assert!(bytes.len() > 64 * 1024);
        bytes.extend_from_slice(b"Jo\xe3o,2026-01-01\n");
        let mut check = Utf8Check::default();
        for slice in bytes.chunks(1000) {
            check.push(slice);
        }
        assert!(!check.valid());
        let prefix = bytes.get(..64 * 1024).unwrap();
        assert_eq!(name(prefix, false, Some(check.valid())).0, "windows-1252");
    }

    #[test]
    fn utf8_check_accepts_characters_cut_between_slices() {
        let text = "São Paulo, Bogotá, 北京, 😀 ".repeat(50);
        for size in [1, 2, 3, 5, 7, 64] {
            let mut check = Utf8Check::default();
            for slice in text.as_bytes().chunks(size) {
                check.push(slice);
            }
            assert!(check.valid(), "slices of {size}");
        }
        let mut cut = Utf8Check::default();
        cut.push(b"ok \xe2\x82");
        assert!(!cut.valid() && cut.pending());
        cut.push(b"\xac!");
        assert!(cut.valid(), "€ completed");
    }

    #[test]
    fn transcodes_in_slices() {
        let mut out = String::new();
        let mut t = Transcoder::new(parse_label("windows-1252").unwrap());
        t.decode(b"Jo\xe3o \x80", false, &mut out);
        t.decode(b" \x93ok\x94", true, &mut out);
        assert_eq!(out, "João € “ok”");
        let utf16: Vec<u8> = "São".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut out = String::new();
        let mut t = Transcoder::new(parse_label("utf-16le").unwrap());
        for b in &utf16 {
            t.decode(std::slice::from_ref(b), false, &mut out);
        }
        t.decode(&[], true, &mut out);
        assert_eq!(out, "São");
    }
}

#[cfg(feature = "sheets")]
mod sheets {
    use super::super::sheet::cell_text;
    use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn cells_are_written_so_they_read_back_unambiguously() {
        assert_eq!(cell_text(&Data::Float(1234.56)), "1234.56");
        assert_eq!(cell_text(&Data::Float(50.0)), "50");
        assert_eq!(cell_text(&Data::Float(-0.5)), "-0.5");
        assert_eq!(cell_text(&Data::Int(42)), "42");
        assert_eq!(cell_text(&Data::Bool(true)), "true");
        assert_eq!(cell_text(&Data::Error(CellErrorType::NA)), "#N/A");
        assert_eq!(cell_text(&Data::String("01310".into())), "01310");
        // 2025-10-13 12:59:02.400 is serial 45943.541 (calamine's own example).
        let when = ExcelDateTime::new(45943.541, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(when)), "2025-10-13T12:59:02.400");
        let day = ExcelDateTime::new(46027.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day)), "2026-01-05T00:00:00");
        // A duration ([h]:mm) stays its number of days.
        let span = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(cell_text(&Data::DateTime(span)), "1.5");
    }
}
