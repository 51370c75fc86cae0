//! CSV never costs good rows: on generated exports with random corruptions,
//! `leadgate score`, `leadgate report` and the core's `TextReport` (what the
//! report page runs through wasm) read every good row, report every bad line
//! with its line number, and account for every record:
//! outcomes + reported errors = records.

mod corrupt;

use corrupt::{generate, Corrupt, Rng};
use leadgate::csv::{split_into, Dialect, Frame, Framer, MAX_QUOTED_CELL};
use leadgate::report::{InputFormat, ReportOptions, TextReport};
use serde_json::Value as Json;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

const NOW: &str = "2026-11-26T12:00:00Z";

fn leadgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(args)
        .output()
        .unwrap()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("leadgate-csv-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The first cell of every record of a well-formed CSV text after its header.
fn first_cells(text: &str) -> Vec<String> {
    let mut framer = Framer::new(Dialect::COMMA);
    let (mut cells, mut stray) = (Vec::new(), Vec::new());
    let mut ids = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let Frame::Record { end, .. } = framer.next(text.as_bytes(), start, true) else {
            panic!("the output is not well-formed CSV at byte {start}");
        };
        let record = leadgate::csv::trim_line_end(&text[start..end]);
        split_into(record, Dialect::COMMA, &mut cells, &mut stray).unwrap();
        ids.push(cells.first().map(|c| c.to_string()).unwrap_or_default());
        start = end;
    }
    ids.remove(0);
    ids
}

fn score(file: &str, errors: &str, extra: &[&str]) -> (Output, Vec<Json>) {
    let mut args = vec!["score", "--now", NOW, "--quiet", "--errors", errors];
    args.extend_from_slice(extra);
    args.push(file);
    let out = leadgate(&args);
    let errors = fs::read_to_string(errors)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out, errors)
}

fn check_score(case: &Corrupt, name: &str) {
    let file = temp(&format!("{name}.csv"));
    fs::write(&file, &case.text).unwrap();
    let file = file.to_string_lossy().into_owned();
    let errors_file = temp(&format!("{name}.errors"))
        .to_string_lossy()
        .into_owned();
    for threads in ["1", "2"] {
        let (out, errors) = score(&file, &errors_file, &["--threads", threads]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let scored = first_cells(std::str::from_utf8(&out.stdout).unwrap());
        assert_eq!(scored, case.good, "{name}: the exact good rows, in order");
        let lines: Vec<u64> = errors.iter().map(|e| e["line"].as_u64().unwrap()).collect();
        assert_eq!(lines, case.bad_lines, "{name}: one error per bad line");
        assert!(errors.iter().all(|e| e["code"] == "bad_csv"), "{errors:?}");
        assert_eq!(
            scored.len() + errors.len(),
            case.records,
            "{name}: invariant"
        );
    }
    // The stray quotes were kept as text, each with a warning in its outcome.
    let (out, _) = score(&file, &errors_file, &["--output", "ndjson"]);
    let outcomes: Vec<Json> = std::str::from_utf8(&out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(outcomes.len(), case.good.len());
    let warned: Vec<&String> = case
        .good
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| {
            o["warnings"].as_array().unwrap().iter().any(|w| {
                w.as_str()
                    .unwrap()
                    .starts_with("job_title: a quote inside an unquoted CSV cell was kept as text")
            })
        })
        .map(|(id, _)| id)
        .collect();
    assert_eq!(warned, case.stray.iter().collect::<Vec<_>>(), "{name}");
}

#[test]
fn score_keeps_every_good_row_of_corrupt_files() {
    for seed in 1..=6 {
        let case = generate(seed, 400, false);
        assert!(case.bad_lines.len() > 40 && !case.stray.is_empty());
        check_score(&case, &format!("seed{seed}"));
    }
}

#[test]
fn score_keeps_every_good_row_across_batches_and_huge_cells() {
    // Several 512 KiB batches, and cells at and over the 1 MiB bound.
    let case = generate(7, 6000, true);
    assert!(case.text.len() > 3 * MAX_QUOTED_CELL, "{}", case.text.len());
    check_score(&case, "big");
}

fn report_options() -> ReportOptions {
    let mut options = ReportOptions::from_json(&format!(r#"{{"as_of": "{NOW}"}}"#)).unwrap();
    // The default model's agreement (goals, owners), as `leadgate report` reads it.
    let doc: Json = serde_json::from_str(leadgate::DEFAULT_MODEL).unwrap();
    options.agreement = leadgate::model::goals::agreement(&doc).unwrap();
    options.money.currency = options.agreement.currency;
    options
}

fn check_report(case: &Corrupt, name: &str, seed: u64) {
    let file = temp(&format!("{name}-report.csv"));
    fs::write(&file, &case.text).unwrap();
    let file = file.to_string_lossy().into_owned();
    let out = leadgate(&["report", "--json", "--now", NOW, "--quiet", &file]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli = String::from_utf8(out.stdout).unwrap();
    let json: Json = serde_json::from_str(&cli).unwrap();
    let input = &json["input"];
    assert_eq!(input["rows"], case.records, "{name}");
    assert_eq!(input["used"], case.good.len(), "{name}");
    assert_eq!(input["skipped"], case.bad_lines.len(), "{name}");
    let by_code = &json["problems"]["by_code"];
    assert_eq!(by_code["bad_csv"], case.bad_lines.len(), "{name}");
    assert_eq!(by_code["stray_quote"], case.stray.len(), "{name}");
    let bad: Vec<u64> = json["problems"]["first"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "bad_csv")
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    // The JSON lists the first 1,000 problems (stray quotes among them).
    assert!(
        bad.len() >= case.bad_lines.len().min(300),
        "{name}: {}",
        bad.len()
    );
    assert_eq!(bad, case.bad_lines[..bad.len()], "{name}");

    // The report page's path: the core fed in random slices gives the same bytes.
    let model = leadgate::compile(leadgate::DEFAULT_MODEL).unwrap();
    let mut sliced = TextReport::new(&model, InputFormat::Csv, &report_options());
    let mut rng = Rng::new(seed);
    let mut rest = case.text.as_str();
    while !rest.is_empty() {
        let mut cut = (1 + rng.below(70_000) as usize).min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        sliced.push(&rest[..cut]).unwrap();
        rest = &rest[cut..];
    }
    // The CLI's `input` also says how it read the bytes (encoding,
    // delimiter); the page is given text already: all else is the same.
    let mut cli_json = json.clone();
    let cli_input = cli_json["input"].as_object_mut().unwrap();
    assert_eq!(
        cli_input.remove("encoding"),
        Some(Json::from("UTF-8")),
        "{name}"
    );
    assert_eq!(
        cli_input.remove("delimiter"),
        Some(Json::from(",")),
        "{name}"
    );
    cli_input.remove("encoding_from");
    cli_input.remove("delimiter_from");
    let page: Json = serde_json::from_str(&sliced.finish().unwrap().to_json()).unwrap();
    assert_eq!(page, cli_json, "{name}");
}

#[test]
fn report_and_the_report_page_keep_every_good_row_of_corrupt_files() {
    for seed in 11..=14 {
        check_report(&generate(seed, 400, false), &format!("seed{seed}"), seed);
    }
    check_report(&generate(15, 4000, true), "big", 15);
}

#[test]
fn a_header_with_an_unclosed_quote_fails_after_the_bound() {
    let mut text = String::from("\"id,created_at,job_title\n");
    while text.len() < 2 * MAX_QUOTED_CELL {
        text.push_str("lead-1,2026-06-01T10:00:00Z,Analyst\n");
    }
    let file = temp("open-header.csv");
    fs::write(&file, &text).unwrap();
    let file = file.to_string_lossy().into_owned();
    let message = format!(
        "{file}:1: bad_csv: the header: a quoted cell opened on this line is not closed within \
         1048576 bytes (1 MiB)"
    );
    let out = leadgate(&["score", "--now", NOW, "--quiet", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&message),
        "{out:?}"
    );
    let out = leadgate(&["report", "--now", NOW, "--quiet", &file]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "the header: a quoted cell opened on this line is not closed within 1048576 bytes"
        ),
        "{stderr}"
    );
    let model = leadgate::compile(leadgate::DEFAULT_MODEL).unwrap();
    let mut report = TextReport::new(&model, InputFormat::Csv, &report_options());
    let error = text
        .as_bytes()
        .chunks(64 * 1024)
        .map(|c| report.push(std::str::from_utf8(c).unwrap()))
        .find_map(Result::err)
        .expect("the header fails before the end of the input");
    assert_eq!(error.code, "bad_csv");
}
