//! Reading exports as CRMs write them (issue 14, bytes → records): the same
//! export re-encoded (UTF-8 with and without BOM, UTF-16LE, Windows-1252),
//! re-delimited (`;`, tab), with CRLF line ends and as an `.xlsx` workbook
//! gives the same report and the same scores; only `input` says how it was
//! read. Also: stdin sniffed like files, binaries named, `--sheet`.

use leadgate::csv::{split_into, trim_line_end, write_cell, Dialect, Frame, Framer};
use serde_json::Value as Json;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-11-26T12:00:00Z";

fn leadgate(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("leadgate-ingest-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A generated export (UTF-8, comma, LF) and its rows as cells.
fn export() -> (String, Vec<Vec<String>>) {
    let out = leadgate(
        &[
            "generate", "--count", "300", "--seed", "11", "--now", NOW, "--export", "--format",
            "csv",
        ],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = Vec::new();
    let mut framer = Framer::new(Dialect::COMMA);
    let (mut start, bytes) = (0, text.as_bytes());
    while start < bytes.len() {
        let Frame::Record { end, .. } = framer.next(bytes, start, true) else {
            panic!("the generated export frames cleanly");
        };
        let record = trim_line_end(&text[start..end]);
        let (mut cells, mut stray) = (Vec::new(), Vec::new());
        split_into(record, Dialect::COMMA, &mut cells, &mut stray).unwrap();
        rows.push(cells.into_iter().map(|c| c.into_owned()).collect());
        start = end;
    }
    (text, rows)
}

fn write_csv(rows: &[Vec<String>], delimiter: u8, line_end: &str) -> String {
    let mut out = Vec::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(delimiter);
            }
            write_cell(&mut out, cell, delimiter);
        }
        out.extend_from_slice(line_end.as_bytes());
    }
    String::from_utf8(out).unwrap()
}

/// The rows as an .xlsx: timestamps as date cells, numbers as numbers.
fn write_xlsx(rows: &[Vec<String>], path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Leads").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            let stamp = cell.len() == 20 && cell.ends_with('Z') && cell.as_bytes()[10] == b'T';
            let number = cell.parse::<f64>().ok().filter(|n| n.to_string() == *cell);
            if r > 0 && stamp {
                let when = rust_xlsxwriter::ExcelDateTime::parse_from_str(&cell[..19]).unwrap();
                sheet
                    .write_datetime_with_format(r, c, &when, &date)
                    .unwrap();
            } else if let (true, Some(n)) = (r > 0, number) {
                sheet.write_number(r, c, n).unwrap();
            } else {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    book.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "ignored")
        .unwrap();
    book.save(path).unwrap();
}

fn report(path: &str, extra: &[&str]) -> Json {
    let mut args = vec!["report", "--now", NOW, "--json", "--quiet", path];
    args.extend_from_slice(extra);
    let out = leadgate(&args, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code() == Some(0), "{path}: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn without_input(mut report: Json) -> Json {
    report.as_object_mut().unwrap().remove("input");
    report
}

fn input_says(report: &Json, key: &str) -> String {
    report["input"][key].as_str().unwrap_or("").to_string()
}

#[test]
fn the_same_export_reencoded_gives_the_same_report_and_scores() {
    let dir = TempDir::new("same");
    let (text, rows) = export();
    assert!(
        text.contains('ã') || text.contains('é'),
        "the export has accents to re-encode"
    );
    let base_path = dir.write("utf8.csv", text.as_bytes());
    let base = report(&base_path, &[]);
    assert_eq!(base["input"]["rows"], 300);
    assert_eq!(input_says(&base, "encoding"), "UTF-8");

    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let mut utf16 = b"\xff\xfe".to_vec();
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!lossy, "the generated export fits Windows-1252");
    let xlsx = dir.0.join("export.xlsx");
    write_xlsx(&rows, &xlsx);
    let variants: Vec<(&str, String, &str, &str)> = vec![
        ("bom", dir.write("bom.csv", &bom), "UTF-8", ","),
        ("utf16", dir.write("utf16.csv", &utf16), "UTF-16LE", ","),
        (
            "cp1252",
            dir.write("cp1252.csv", &cp1252),
            "windows-1252",
            ",",
        ),
        (
            "semicolon",
            dir.write("semi.csv", write_csv(&rows, b';', "\n").as_bytes()),
            "UTF-8",
            ";",
        ),
        (
            "tab",
            dir.write("tab.tsv", write_csv(&rows, b'\t', "\n").as_bytes()),
            "UTF-8",
            "tab",
        ),
        (
            "crlf",
            dir.write("crlf.csv", write_csv(&rows, b',', "\r\n").as_bytes()),
            "UTF-8",
            ",",
        ),
        ("xlsx", xlsx.to_string_lossy().into_owned(), "", ""),
    ];
    let expected = without_input(base.clone());
    for (label, path, encoding, delimiter) in &variants {
        let got = report(path, &[]);
        assert_eq!(input_says(&got, "encoding"), *encoding, "{label}");
        assert_eq!(input_says(&got, "delimiter"), *delimiter, "{label}");
        assert_eq!(got["input"]["rows"], base["input"]["rows"], "{label}");
        assert_eq!(got["input"]["columns"], base["input"]["columns"], "{label}");
        assert_eq!(without_input(got), expected, "{label}: the report differs");
    }
    let xlsx_report = report(&variants[6].1, &[]);
    assert_eq!(input_says(&xlsx_report, "format"), "xlsx");
    assert_eq!(input_says(&xlsx_report, "sheet"), "Leads");

    // `score` reads them the same: the same outcomes, lead by lead.
    let score = |path: &str| {
        let out = leadgate(
            &["score", "--now", NOW, "--output", "ndjson", "--quiet", path],
            None,
        );
        assert!(
            out.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let scores = score(&base_path);
    assert_eq!(scores.iter().filter(|b| **b == b'\n').count(), 300);
    for (label, path, ..) in &variants {
        assert!(score(path) == scores, "{label}: score's outcomes differ");
    }

    // stdin is sniffed like a file: no --format, cp1252 and `;` detected.
    let semi = write_csv(&rows, b';', "\r\n");
    let semi_cp1252 = encoding_rs::WINDOWS_1252.encode(&semi).0;
    let out = leadgate(
        &["report", "--now", NOW, "--json", "--quiet", "-"],
        Some(&semi_cp1252),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(input_says(&got, "encoding"), "windows-1252");
    assert_eq!(input_says(&got, "delimiter"), ";");
    assert_eq!(without_input(got), expected);
}

#[test]
fn forced_encoding_and_delimiter_are_said_and_used() {
    let dir = TempDir::new("forced");
    let (text, rows) = export();
    let semi = write_csv(&rows, b';', "\n");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&semi);
    let path = dir.write("latin1.csv", &latin1);
    let got = report(
        &path,
        &["--encoding", "iso-8859-1", "--delimiter", "semicolon"],
    );
    // WHATWG reads ISO-8859-1 as windows-1252: the report names what was used.
    assert_eq!(input_says(&got, "encoding"), "windows-1252");
    assert_eq!(input_says(&got, "encoding_from"), "forced");
    assert_eq!(input_says(&got, "delimiter_from"), "forced");
    let base = report(&dir.write("utf8.csv", text.as_bytes()), &[]);
    assert_eq!(without_input(got), without_input(base));
}

#[test]
fn wrong_delimiter_errors_name_it_and_the_columns_seen() {
    let dir = TempDir::new("wrong");
    let path = dir.write(
        "semi.csv",
        b"Email;Data de cria\xc3\xa7\xc3\xa3o;Est\xc3\xa1gio\na@x.io;2026-01-01;Lead\n",
    );
    let out = leadgate(&["report", "--now", NOW, "--delimiter", ",", &path], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("split at \",\", has 1 column(s)"),
        "{stderr}"
    );
    assert!(stderr.contains("--delimiter \";\""), "{stderr}");
    let out = leadgate(
        &["report", "--now", NOW, "--map", "created_at=Criado", &path],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no column \"Criado\""), "{stderr}");
    assert!(
        stderr.contains("split at \";\", has 3 column(s)"),
        "{stderr}"
    );
}

#[test]
fn binaries_are_named_and_sheets_listed() {
    let dir = TempDir::new("binary");
    for (name, bytes, what) in [
        ("a.pdf", &b"%PDF-1.7\n%..."[..], "a PDF document"),
        (
            "a.csv.gz",
            &b"\x1f\x8b\x08\x00\x00\x00"[..],
            "gzip-compressed data",
        ),
        ("a.png", &b"\x89PNG\r\n\x1a\n\x00\x00"[..], "a PNG image"),
    ] {
        let out = leadgate(&["report", "--now", NOW, &dir.write(name, bytes)], None);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(what) && stderr.contains("not_an_export"),
            "{stderr}"
        );
    }
    let (_, rows) = export();
    let xlsx = dir.0.join("book.xlsx");
    write_xlsx(&rows, &xlsx);
    let path = xlsx.to_string_lossy().into_owned();
    let out = leadgate(&["report", "--now", NOW, "--sheet", "Nope", &path], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown_sheet") && stderr.contains("\"Leads\", \"Notes\""),
        "{stderr}"
    );
    // The second sheet has no created_at column: the error says which columns it saw.
    let out = leadgate(&["report", "--now", NOW, "--sheet", "Notes", &path], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"ignored\""));
    // A zip that is no workbook (here an empty one) is named as such.
    let plain =
        b"PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
    let out = leadgate(
        &["report", "--now", NOW, &dir.write("empty.zip", plain)],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a zip archive, not a workbook"), "{stderr}");
}

/// The report page's path: the core given the file's bytes in slices (the
/// page retries with `utf8: false` on `not_utf8_later`, as here).
fn core_report(bytes: &[u8], slice: usize) -> Json {
    use leadgate::report::{BytesReport, ReportOptions};
    let model = leadgate::compile(leadgate::DEFAULT_MODEL).unwrap();
    let run = |utf8: Option<bool>| {
        let mut options = ReportOptions::from_json(&format!(r#"{{"as_of": "{NOW}"}}"#))
            .unwrap()
            .with_agreement_of(leadgate::DEFAULT_MODEL);
        options.read.utf8 = utf8;
        let mut report = BytesReport::new(&model, None, &options);
        for piece in bytes.chunks(slice) {
            report.push(piece)?;
        }
        report.finish()
    };
    let report = match run(None) {
        Err(e) if e.code == "not_utf8_later" => run(Some(false)),
        other => other,
    };
    serde_json::from_str(&report.unwrap().to_json()).unwrap()
}

#[test]
fn the_core_reads_bytes_as_the_cli_reads_files() {
    let dir = TempDir::new("core");
    let (text, rows) = export();
    let mut utf16 = b"\xff\xfe".to_vec();
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let cp1252 = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
    let semi = write_csv(&rows, b';', "\r\n");
    // Windows-1252 whose first 64 KiB are ASCII: the CLI checks the whole file,
    // the page learns it late and reads again.
    let mut late = "id,created_at,first_name\n".to_string();
    while late.len() < 70_000 {
        late.push_str(&format!("x{},2026-01-01T00:00:00Z,Ana\n", late.len()));
    }
    late.push_str("y,2026-01-02T00:00:00Z,João\n");
    let late = encoding_rs::WINDOWS_1252.encode(&late).0.into_owned();
    let xlsx = dir.0.join("export.xlsx");
    write_xlsx(&rows, &xlsx);
    let xlsx = fs::read(&xlsx).unwrap();
    for (label, bytes) in [
        ("utf8", text.as_bytes().to_vec()),
        ("utf16", utf16),
        ("cp1252", cp1252),
        ("semicolon", semi.into_bytes()),
        ("late", late),
        ("xlsx", xlsx),
    ] {
        let path = dir.write(label, &bytes);
        let cli = report(&path, &[]);
        for slice in [7, 4096, 1 << 20] {
            assert_eq!(
                core_report(&bytes, slice),
                cli,
                "{label}, slices of {slice}"
            );
        }
        if label == "late" {
            assert_eq!(input_says(&cli, "encoding"), "windows-1252");
        }
    }
}

/// Writes tests/fixtures/ingest/funnel.xlsx (committed, for the report
/// page's browser test) from tests/fixtures/report/funnel.csv: run with
/// `cargo test --test ingest -- --ignored` to make it again.
#[test]
#[ignore]
fn write_the_fixture_workbook() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = fs::read_to_string(root.join("tests/fixtures/report/funnel.csv")).unwrap();
    let mut rows = Vec::new();
    let mut framer = Framer::new(Dialect::COMMA);
    let (mut start, bytes) = (0, text.as_bytes());
    while start < bytes.len() {
        let end = match framer.next(bytes, start, true) {
            Frame::Record { end, .. } | Frame::Broken { end, .. } => end,
            Frame::More => break,
        };
        let (mut cells, mut stray) = (Vec::new(), Vec::new());
        if split_into(
            trim_line_end(&text[start..end]),
            Dialect::COMMA,
            &mut cells,
            &mut stray,
        )
        .is_ok()
        {
            rows.push(cells.into_iter().map(|c| c.into_owned()).collect());
        }
        start = end;
    }
    fs::create_dir_all(root.join("tests/fixtures/ingest")).unwrap();
    write_xlsx(&rows, &root.join("tests/fixtures/ingest/funnel.xlsx"));
}

/// A zip written in memory: `(name, bytes, deflated)` entries.
fn zip_of(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes, deflated) in entries {
        let method = if *deflated {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// An OpenDocument spreadsheet as LibreOffice writes its parts (the
/// mimetype first and stored; a date cell with its ISO value, a float).
fn ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet>
<table:table table:name="Leads">
<table:table-row><table:table-cell office:value-type="string"><text:p>email</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Data de criação</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>company_size</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>ana@farol.com.br</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2026-01-05T10:30:00"><text:p>05/01/2026 10:30</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1234.56"><text:p>1.234,56</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>rui@acme.io</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2026-02-11T09:00:00"><text:p>11/02/2026 09:00</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="50"><text:p>50</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
            false,
        ),
        ("content.xml", content.as_bytes(), true),
        ("META-INF/manifest.xml", manifest.as_bytes(), true),
    ])
}

#[test]
fn an_ods_sheet_reads_with_dates_and_numbers_as_written() {
    let dir = TempDir::new("ods");
    let path = dir.write("leads.ods", &ods());
    let got = report(&path, &[]);
    assert_eq!(input_says(&got, "format"), "ods");
    assert_eq!(input_says(&got, "sheet"), "Leads");
    assert_eq!(got["input"]["rows"], 2, "trailing empty rows are not rows");
    assert_eq!(got["input"]["columns"]["created_at"], "Data de criação");
    assert_eq!(got["by_month"][0]["key"], "2026-01");
    assert_eq!(got["by_month"][1]["key"], "2026-02");
    // `score` sees the cells as the sheet holds them: an ISO date, 1234.56.
    let out = leadgate(
        &["score", "--now", NOW, "--output", "csv", "--quiet", &path],
        None,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("ana@farol.com.br,2026-01-05T10:30:00,1234.56,"),
        "{text}"
    );
}

#[test]
fn zip_bombs_and_oversized_workbooks_are_refused_before_inflating() {
    let dir = TempDir::new("bomb");
    // 64 MiB of zeros deflate ~1000:1: over the 200:1 limit for big entries.
    let zeros = vec![0u8; 64 << 20];
    let bomb = zip_of(&[
        ("xl/workbook.xml", b"<workbook/>", true),
        ("xl/worksheets/sheet1.xml", &zeros, true),
    ]);
    assert!(bomb.len() < 1 << 20);
    let out = leadgate(
        &["report", "--now", NOW, &dir.write("bomb.xlsx", &bomb)],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("input_too_large") && stderr.contains("zip bomb"),
        "{stderr}"
    );
    // More entries than any workbook has.
    let names: Vec<String> = (0..10_001).map(|i| format!("xl/media/{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8], bool)> = vec![("xl/workbook.xml", b"<workbook/>", false)];
    entries.extend(names.iter().map(|n| (n.as_str(), &b""[..], false)));
    let many = zip_of(&entries);
    let out = leadgate(
        &["report", "--now", NOW, &dir.write("many.xlsx", &many)],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("10002 zip entries (at most 10000)"),
        "{stderr}"
    );
}

#[test]
fn stdin_is_decided_on_its_first_64_kib_and_a_later_row_names_encoding() {
    let mut late = "id,created_at,first_name\n".to_string();
    while late.len() < 70_000 {
        late.push_str(&format!("x{},2026-01-01T00:00:00Z,Ana\n", late.len()));
    }
    let mut bytes = late.into_bytes();
    bytes.extend_from_slice(b"y,2026-01-02T00:00:00Z,Jo\xe3o\n");
    let out = leadgate(
        &["report", "--now", NOW, "--json", "--quiet", "-"],
        Some(&bytes),
    );
    assert_eq!(out.status.code(), Some(1), "a row problem");
    let got: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(input_says(&got, "encoding"), "UTF-8");
    let problem = &got["problems"]["first"][0];
    assert_eq!(problem["code"], "bad_csv");
    assert!(problem["message"]
        .as_str()
        .unwrap()
        .contains("--encoding windows-1252"));
    // The same bytes as a file are checked whole: Windows-1252, no problem.
    let dir = TempDir::new("stdin");
    let file = report(&dir.write("late.csv", &bytes), &[]);
    assert_eq!(input_says(&file, "encoding"), "windows-1252");
    assert_eq!(file["problems"]["total"], 0);
}

#[test]
fn ndjson_columns_cover_every_object() {
    let dir = TempDir::new("ndjson");
    let mut text = String::from("{\"created_at\":\"2026-01-05T10:00:00Z\",\"email\":\"a@x.io\"}\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "{{\"Create Date\":\"2026-01-06T10:00:00Z\",\"n\":{i}}}\n"
        ));
    }
    text.push_str(
        "{\"created_at\":\"2026-01-07T10:00:00Z\",\"Closed Won Date\":\"2026-02-01T00:00:00Z\"}\n",
    );
    text.push_str(
        "{\"created_at\":\"2026-01-08T10:00:00Z\",\"won_at\":\"2026-02-02T00:00:00Z\"}\n",
    );
    let path = dir.write("leads.ndjson", text.as_bytes());
    for threads in ["1", "2"] {
        let got = report(&path, &["--threads", threads]);
        let columns = &got["input"]["columns"];
        // The first object names created_at; a later one, the first to have it, won_at.
        assert_eq!(columns["created_at"], "created_at", "{threads}");
        assert_eq!(columns["won_at"], "Closed Won Date", "{threads}");
        assert_eq!(columns["first_contact_at"], Json::Null);
        assert_eq!(got["overall"]["won"], 2);
        assert_eq!(core_report(text.as_bytes(), 999), got, "the page agrees");
    }
}

#[test]
fn line_breaks_in_workbook_cells_keep_later_rows_on_their_sheet_row() {
    // Sheet rows 1–4; row 2's company holds two line breaks, row 4's created_at is not a date.
    let rows: Vec<Vec<String>> = [
        ["email", "company", "created_at"],
        ["a@x.io", "Acme\nLtda\r\nSP", "2026-01-05T10:00:00Z"],
        ["b@x.io", "Farol", "2026-01-06T10:00:00Z"],
        ["c@x.io", "Ilha", "ontem"],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join("line-breaks.xlsx");
    write_xlsx(&rows, &path);
    let out = leadgate(
        &[
            "report",
            "--now",
            NOW,
            "--json",
            "--quiet",
            path.to_str().unwrap(),
        ],
        None,
    );
    let report: Json = serde_json::from_slice(&out.stdout).unwrap();
    let first = &report["problems"]["first"];
    assert_eq!(first.as_array().unwrap().len(), 1, "{first}");
    assert_eq!(first[0]["code"], "bad_timestamp");
    assert_eq!(
        first[0]["line"], 4,
        "sheet row 4, as the spreadsheet shows it"
    );
    assert_eq!(report["input"]["rows"], 3);
}
