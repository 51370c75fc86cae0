//! Exports as each CRM writes them (tests/fixtures/exports/, written by
//! `generate --export --style TOOL --count 400 --seed 14`): read untouched,
//! with no option and with `--from TOOL` alone, each gives the true funnel —
//! the funnel of the canonical export of the same leads.
//!
//! Which figures each tool can give is fixed by what it exports
//! (src/cli/generate/export/vendor/mod.rs): RD Station keeps no lost deals
//! and no first contact; Salesforce and Pipedrive no first contact.
//! Pipedrive's MQL and SQL come from its default pipeline's stages.

use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::Command;

const NOW: &str = "2026-11-26T12:00:00Z";

fn export(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// `report --json` on an export: the parsed JSON (the run must succeed).
fn report(file: &str, extra: &[&str]) -> Json {
    let path = export(file);
    let mut args = vec!["report", "--now", NOW, "--json"];
    args.extend_from_slice(extra);
    args.push(&path);
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(&args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{file} {extra:?}: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The funnel figures each tool's export holds.
const TOOLS: &[(&str, &[&str])] = &[
    (
        "hubspot",
        &["leads", "mql", "sql", "won", "lost", "sla_due", "sla_met"],
    ),
    ("rdstation", &["leads", "mql", "sql", "won"]),
    ("salesforce", &["leads", "mql", "sql", "won", "lost"]),
    ("pipedrive", &["leads", "mql", "sql", "won", "lost"]),
];

#[test]
fn every_tools_export_gives_the_true_funnel_untouched() {
    let truth = report("canonical.csv", &[]);
    for (tool, figures) in TOOLS {
        for extra in [&[][..], &["--from", tool][..]] {
            let got = report(&format!("{tool}.csv"), extra);
            assert_eq!(got["input"]["used"], 400, "{tool} {extra:?}");
            for figure in *figures {
                assert_eq!(
                    got["overall"][figure], truth["overall"][figure],
                    "{tool} {extra:?}: {figure}"
                );
            }
        }
    }
}

#[test]
fn exports_without_a_first_contact_column_do_not_measure_the_sla() {
    for tool in ["rdstation", "salesforce", "pipedrive"] {
        let got = report(&format!("{tool}.csv"), &[]);
        assert!(
            got["overall"]["sla_adherence"].is_null(),
            "{tool}: {}",
            got["overall"]["sla_adherence"]
        );
    }
}
