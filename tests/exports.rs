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

/// Won value, won deals with a value, per month of creation: recounted from
/// the canonical export's own cells (whole cents, plain code).
fn recount_canonical() -> (i64, u64, std::collections::BTreeMap<String, i64>) {
    let text = std::fs::read_to_string(export("canonical.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (created, won_at, amount) = (col("created_at"), col("won_at"), col("amount"));
    let (mut cents, mut valued) = (0i64, 0u64);
    let mut months = std::collections::BTreeMap::new();
    for line in lines {
        // The events column is quoted JSON with commas: the columns read
        // here all come before it.
        let cells: Vec<&str> = line.split(',').collect();
        if cells[won_at].is_empty() || cells[amount].is_empty() {
            continue;
        }
        let (units, frac) = cells[amount].split_once('.').unwrap();
        let c = units.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap();
        cents += c;
        valued += 1;
        *months.entry(cells[created][..7].to_string()).or_insert(0) += c;
    }
    (cents, valued, months)
}

fn cents(x: &Json) -> i64 {
    (x.as_f64().unwrap() * 100.0).round() as i64
}

#[test]
fn every_tools_export_gives_the_true_won_value_and_ticket() {
    let (total, valued, months) = recount_canonical();
    assert!(valued > 20 && total > 0, "{valued} {total}");
    let ticket = (total + valued as i64 / 2) / valued as i64;
    let truth = report("canonical.csv", &[]);
    for (month, c) in &months {
        let g = truth["by_month"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == month.as_str())
            .unwrap();
        assert_eq!(cents(&g["won_value"]), *c, "{month}");
    }
    // Who writes a currency: Salesforce's Amount Currency, Pipedrive's Deal -
    // Currency, RD Station's `R$`; the canonical and HubSpot exports none.
    let tools = [
        ("canonical", None),
        ("hubspot", None),
        ("rdstation", Some("BRL")),
        ("salesforce", Some("BRL")),
        ("pipedrive", Some("BRL")),
    ];
    for (tool, currency) in tools {
        let got = report(&format!("{tool}.csv"), &[]);
        let r = &got["revenue"];
        assert_eq!(r["measured"], true, "{tool}");
        assert_eq!(cents(&r["won_value"]), total, "{tool}");
        assert_eq!(r["won_valued"], valued, "{tool}");
        assert_eq!(cents(&r["average_ticket"]), ticket, "{tool}");
        assert_eq!(r["currency"].as_str(), currency, "{tool}");
        assert_eq!(cents(&got["overall"]["won_value"]), total, "{tool}");
        assert_eq!(got["problems"]["total"], 0, "{tool}");
    }
}
