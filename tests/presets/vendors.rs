//! Each tool's export, untouched, gives its true funnel with no option (the
//! preset detected and announced) and with `--from TOOL`; a Salesforce
//! report's footer is skipped and counted; unknown stage values are said
//! once; `--map` wins over a preset, with a warning.

use super::{export, report};
use leadgate::report::{report_text, InputFormat, ReportOptions};

/// (file, preset, leads, mql, sql, won, lost), counted by hand from the files.
const FUNNELS: [(&str, &str, u64, u64, u64, u64, u64); 4] = [
    // Lead Qualificado; Cliente (won); Oportunidade=true on a Lead (SQL);
    // a Lead; two "Visitante" (unknown: leads).
    ("rdstation.csv", "rdstation", 6, 3, 2, 1, 0),
    // Open; Working; Converted + Closed Won; Converted + Negotiation; Not Converted (lost).
    ("salesforce.csv", "salesforce", 5, 2, 2, 1, 1),
    // Won; Lost (in Proposal Made, an SQL); Open in Qualified (an MQL); Open in Lead In.
    ("pipedrive.csv", "pipedrive", 4, 3, 2, 1, 1),
    // Lead; MQL; SQL; Customer.
    ("hubspot.csv", "hubspot", 4, 3, 2, 1, 0),
];

#[test]
fn each_tools_export_gives_its_funnel_detected_or_named() {
    for (file, preset, leads, mql, sql, won, lost) in FUNNELS {
        for from in [None, Some(preset)] {
            let extra: Vec<&str> = from.map(|p| vec!["--from", p]).unwrap_or_default();
            let (code, got, stderr) = report(&export(file), &extra);
            assert_eq!(code, 0, "{file}: {stderr}");
            let o = &got["overall"];
            let counts = [&o["leads"], &o["mql"], &o["sql"], &o["won"], &o["lost"]];
            assert_eq!(
                counts,
                [leads, mql, sql, won, lost]
                    .map(serde_json::Value::from)
                    .each_ref(),
                "{file} {from:?}"
            );
            assert_eq!(got["input"]["preset"]["name"], preset);
            let chosen_by = if from.is_some() { "--from" } else { "header" };
            assert_eq!(got["input"]["preset"]["chosen_by"], chosen_by);
            assert!(got["input"]["preset"]["docs"][0]
                .as_str()
                .unwrap()
                .starts_with("https://"));
            if from.is_none() {
                assert!(
                    stderr.contains(&format!("(--from {preset}, detected from the header")),
                    "{stderr}"
                );
            }
        }
    }
}

#[test]
fn each_preset_reads_its_tools_columns() {
    let (_, got, _) = report(&export("rdstation.csv"), &[]);
    let columns = &got["input"]["columns"];
    assert_eq!(columns["created_at"], "Data da primeira conversão");
    assert_eq!(columns["lifecycle_stage"], "Estágio no funil");
    assert_eq!(columns["opportunity"], "Oportunidade");
    assert_eq!(columns["owner"], "Dono do lead");
    // RD Station's defaults: day-first, Brasília time.
    assert_eq!(got["timezone"], "-03:00");
    assert_eq!(got["input"]["dates"]["created_at"]["order"], "dmy");
    let (_, got, _) = report(&export("pipedrive.csv"), &[]);
    let columns = &got["input"]["columns"];
    assert_eq!(columns["created_at"], "Deal - Deal created");
    assert_eq!(columns["won_at"], "Deal - Won time");
    assert_eq!(columns["lost_at"], "Deal - Lost time");
    assert_eq!(columns["outcome"], "Deal - Status");
    assert_eq!(columns["owner"], "Deal - Owner");
    let (_, got, _) = report(&export("salesforce.csv"), &[]);
    let columns = &got["input"]["columns"];
    assert_eq!(columns["owner"], "Lead Owner");
    assert_eq!(columns["utm_source"], "Lead Source");
    assert_eq!(columns["sql_at"], "Converted Date");
    assert_eq!(columns["lifecycle_stage"], "Lead Status");
    assert_eq!(columns["outcome"], "Stage");
    // --timezone wins over a preset's zone.
    let (_, got, _) = report(&export("rdstation.csv"), &["--timezone", "UTC"]);
    assert_eq!(got["timezone"], "+00:00");
}

#[test]
fn a_salesforce_reports_footer_is_skipped_and_counted() {
    let (code, got, stderr) = report(&export("salesforce.csv"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(got["input"]["footer_rows"], 5);
    assert_eq!(got["input"]["rows"], 5);
    assert_eq!(got["problems"]["total"], 0);
    // Converted Date has only days of 12 or less: read month-first like
    // Create Date, so no conversion falls before its lead's creation.
    assert_eq!(got["input"]["dates"]["sql_at"]["order"], "mdy");
    assert!(got["problems"]["by_code"]
        .get("date_before_created")
        .is_none());
    // The core (the report page) agrees, whole or in slices.
    let text = std::fs::read_to_string(export("salesforce.csv")).unwrap();
    let model = leadgate::compile(leadgate::DEFAULT_MODEL).unwrap();
    let options = ReportOptions::from_json(&format!("{{\"as_of\": \"{}\"}}", super::NOW))
        .unwrap()
        .with_agreement_of(leadgate::DEFAULT_MODEL);
    let core = report_text(&model, &text, InputFormat::Csv, &options).unwrap();
    let core: serde_json::Value = serde_json::from_str(&core.to_json()).unwrap();
    assert_eq!(core, super::cli_minus_reading(&got));
    // A one-cell row followed by data is no footer: it stays a row problem.
    let broken = text.replacen(
        "\"Ana Souza\",\"Tom\"",
        "\"oops\"\r\n\"Ana Souza\",\"Tom\"",
        1,
    );
    let core = report_text(&model, &broken, InputFormat::Csv, &options).unwrap();
    assert_eq!(core.problems.by_code.get("bad_csv"), Some(&1));
    assert_eq!(core.input.footer_rows, 5);
}

#[test]
fn unknown_stage_values_are_said_once_with_the_column_and_a_hint() {
    let (_, got, stderr) = report(&export("rdstation.csv"), &[]);
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("\"Visitante\""))
        .collect();
    assert_eq!(said.len(), 1, "{stderr}");
    let warnings: Vec<&str> = got["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.contains("Visitante"))
        .collect();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("column \"Estágio no funil\"") && warnings[0].contains("(2 rows)")
    );
    assert!(warnings[0].contains("--map 'stage:Visitante=mql'"));
    // Named, the value counts as the stage given and nothing is said.
    let (_, got, stderr) = report(&export("rdstation.csv"), &["--map", "stage:Visitante=mql"]);
    assert!(!stderr.contains("Visitante"), "{stderr}");
    assert_eq!(got["overall"]["mql"], 5);
}

#[test]
fn map_wins_over_a_preset_with_a_warning_and_a_mixed_header_is_ambiguous() {
    let (_, got, stderr) = report(
        &export("rdstation.csv"),
        &["--map", "created_at=Data da última conversão"],
    );
    assert_eq!(
        got["input"]["columns"]["created_at"],
        "Data da última conversão"
    );
    assert!(stderr.contains("--map created_at=Data da última conversão is used, not the rdstation preset's column \"Data da primeira conversão\""), "{stderr}");
    let (code, got, stderr) = report(&export("mixed.csv"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(got["input"]["preset"].is_null());
    assert!(
        stderr.contains("salesforce and pipedrive") && stderr.contains("--from"),
        "{stderr}"
    );
    let (code, _, stderr) = report(&export("mixed.csv"), &["--from", "zoho"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--from: expected hubspot, rdstation, salesforce or pipedrive"),
        "{stderr}"
    );
}

/// `tune` reads the same export the same way: the footer is no problem.
#[test]
fn tune_skips_a_salesforce_footer_too() {
    let out = super::leadgate(&[
        "tune",
        "--now",
        super::NOW,
        "--json",
        &export("salesforce.csv"),
    ]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains("bad_csv") && !stderr.contains("Copyright"),
        "{stderr}"
    );
    // A one-cell row followed by data still is one.
    let text = std::fs::read_to_string(export("salesforce.csv")).unwrap();
    let broken = text.replacen(
        "\"Ana Souza\",\"Tom\"",
        "\"oops\"\r\n\"Ana Souza\",\"Tom\"",
        1,
    );
    let file = super::TempFile::new("sf-broken.csv", &broken);
    let out = super::leadgate(&["tune", "--now", super::NOW, "--json", &file.path()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.matches("bad_csv").count(), 1, "{stderr}");
}
