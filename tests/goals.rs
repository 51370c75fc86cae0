//! Actual vs goal in `leadgate report` (issue 18): a small export whose
//! events are counted by hand below, periods in a non-UTC time zone
//! (-03:00), a month and a quarter in progress (projected, never missed),
//! an at-most goal, a per-team goal, and a money goal without a value column
//! ("not measured", not 0). The owners come from the model's `kpi_owners`.

use serde_json::{json, Value as Json};
use std::path::PathBuf;
use std::process::Command;

/// Month of November 2026 in Brasília: 2026-11-01T03:00Z to 2026-12-01T03:00Z
/// (30 days); at NOW 19.375 days have passed. Q4: 2026-10-01T03:00Z to
/// 2027-01-01T03:00Z (92 days), 50.375 days passed.
const NOW: &str = "2026-11-20T12:00:00Z";

/// Leads (times UTC; months in -03:00):
/// - L1 latam: created Oct 5, MQL Oct 5, SQL Oct 6 12:00, contact +30m (SQL SLA 1h: met), won Oct 20
/// - L2 latam: created Oct 10, MQL Oct 10, SQL Oct 11 12:00, contact +2h (late)
/// - L3 global: created and MQL 2026-11-01T01:00Z = Oct 31 22:00 local (October), never contacted
/// - L4 latam: created Nov 3, MQL Nov 3, SQL Nov 4 12:00, contact +20m (met), won Nov 15
/// - L5 latam: created Nov 5, MQL Nov 5, SQL Nov 6 12:00, contact +40m (met)
/// - L6 global: created Sep 15, MQL Sep 15, SQL Sep 16 12:00, contact +10m (met), won Oct 2
const EXPORT: &str = "created_at,mql_at,sql_at,first_contact_at,won_at,team
2026-10-05T12:00:00Z,2026-10-05T12:00:00Z,2026-10-06T12:00:00Z,2026-10-06T12:30:00Z,2026-10-20T12:00:00Z,latam-sdr
2026-10-10T12:00:00Z,2026-10-10T12:00:00Z,2026-10-11T12:00:00Z,2026-10-11T14:00:00Z,,latam-sdr
2026-11-01T01:00:00Z,2026-11-01T01:00:00Z,,,,global-sdr
2026-11-03T12:00:00Z,2026-11-03T12:00:00Z,2026-11-04T12:00:00Z,2026-11-04T12:20:00Z,2026-11-15T12:00:00Z,latam-sdr
2026-11-05T12:00:00Z,2026-11-05T12:00:00Z,2026-11-06T12:00:00Z,2026-11-06T12:40:00Z,,latam-sdr
2026-09-15T12:00:00Z,2026-09-15T12:00:00Z,2026-09-16T12:00:00Z,2026-09-16T12:10:00Z,2026-10-02T12:00:00Z,global-sdr
";

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn files(test: &str) -> (Dir, String, String) {
    let dir = std::env::temp_dir().join(format!("leadgate-goals-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut doc: Json =
        serde_json::from_str(&std::fs::read_to_string(root.join("models/default.json")).unwrap())
            .unwrap();
    doc["goals"] = json!([
        { "id": "sql_volume", "kpi": "sql", "at_least": 3, "per": "month", "owner": "marketing" },
        { "id": "mql_to_sql", "kpi": "mql_to_sql", "at_least": 0.5, "owner": "shared" },
        { "id": "sla_sql", "kpi": "sla_adherence", "stage": "SQL", "team": "latam-sdr", "at_least": 0.9, "owner": "sales" },
        { "id": "first_contact", "kpi": "first_contact_median_minutes", "at_most": 60, "owner": "Ana Souza" },
        { "id": "won_q", "kpi": "won", "at_least": 4, "per": "quarter", "owner": "sales" },
        { "id": "revenue", "kpi": "won_value", "at_least": 250000, "per": "quarter", "owner": "sales" }
    ]);
    doc["kpi_owners"] = json!({ "sql_to_won": "Marcelo Castro", "mql": "sales" });
    let model = dir.join("model.json");
    std::fs::write(&model, doc.to_string()).unwrap();
    let export = dir.join("export.csv");
    std::fs::write(&export, EXPORT).unwrap();
    let s = |p: PathBuf| p.to_string_lossy().into_owned();
    (Dir(dir), s(model), s(export))
}

fn report(model: &str, export: &str, extra: &[&str]) -> Json {
    let mut args = vec![
        "report",
        "--now",
        NOW,
        "--timezone",
        "-03:00",
        "--model",
        model,
    ];
    args.extend_from_slice(extra);
    args.push(export);
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if extra.contains(&"--json") {
        serde_json::from_slice(&out.stdout).unwrap()
    } else {
        Json::String(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

fn goal<'a>(r: &'a Json, id: &str) -> &'a Json {
    r["goals"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap()
}

/// (period, actual, projected, status, gap) of each period.
fn rows(g: &Json) -> Vec<(String, Json, Json, String, Json)> {
    g["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["actual"].clone(),
                p["projected"].clone(),
                p["status"].as_str().unwrap().to_string(),
                p["gap"].clone(),
            )
        })
        .collect()
}

fn row(
    period: &str,
    actual: Json,
    projected: Json,
    status: &str,
    gap: Json,
) -> (String, Json, Json, String, Json) {
    (
        period.to_string(),
        actual,
        projected,
        status.to_string(),
        gap,
    )
}

#[test]
fn every_goal_per_period_by_hand() {
    let (_dir, model, export) = files("by-hand");
    let r = report(&model, &export, &["--json"]);
    let n = Json::Null;
    // SQLs by sql_at: Sep L6; Oct L1, L2; Nov L4, L5 (2 × 30 / 19.375 = 3.1).
    let g = goal(&r, "sql_volume");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(1), n.clone(), "missed", json!(-2)),
            row("2026-10", json!(2), n.clone(), "missed", json!(-1)),
            row("2026-11", json!(2), json!(3.1), "in_progress", json!(0.1)),
        ]
    );
    assert_eq!(
        (g["status"].as_str(), g["trend"].as_str()),
        (Some("in_progress"), Some("improving"))
    );
    assert_eq!(g["periods"][2]["on_track"], true);
    assert_eq!(g["periods"][2]["start"], "2026-11-01T03:00:00Z");
    assert_eq!(g["periods"][2]["end"], "2026-12-01T03:00:00Z");
    // MQLs by mql_at (L3's is October in -03:00): Sep 1, Oct 3, Nov 2.
    let g = goal(&r, "mql_to_sql");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(1), n.clone(), "met", json!(0.5)),
            row("2026-10", json!(0.6667), n.clone(), "met", json!(0.1667)),
            row("2026-11", json!(1), json!(1), "in_progress", json!(0.5)),
        ]
    );
    assert_eq!(g["trend"], "worsening");
    // latam-sdr's SQL hand-offs within 1h: Oct L1 met, L2 late; Nov L4, L5 met.
    let g = goal(&r, "sla_sql");
    assert_eq!(
        rows(g),
        [
            row("2026-10", json!(0.5), n.clone(), "missed", json!(-0.4)),
            row("2026-11", json!(1), json!(1), "in_progress", json!(0.1)),
        ]
    );
    assert_eq!(g["trend"], Json::Null);
    // At most 60 minutes: medians Sep 10, Oct 30 (of 30, 120), Nov 20 (of 20, 40).
    let g = goal(&r, "first_contact");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(10), n.clone(), "met", json!(-50)),
            row("2026-10", json!(30), n.clone(), "met", json!(-30)),
            row("2026-11", json!(20), json!(20), "in_progress", json!(-40)),
        ]
    );
    assert_eq!(
        (g["owner"].as_str(), g["trend"].as_str()),
        (Some("Ana Souza"), Some("worsening"))
    );
    // Wins by won_at: Q3 none; Q4 L6, L1, L4 (3 × 92 / 50.375 = 5.5).
    let g = goal(&r, "won_q");
    assert_eq!(
        rows(g),
        [
            row("2026-Q3", json!(0), n.clone(), "missed", json!(-4)),
            row("2026-Q4", json!(3), json!(5.5), "in_progress", json!(1.5)),
        ]
    );
    // No deal value column: not measured, never 0.
    let g = goal(&r, "revenue");
    assert_eq!(g["status"], "not_measured");
    assert!(g["not_measured"]
        .as_str()
        .unwrap()
        .contains("no deal value column"));
    assert!(g["periods"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["actual"].is_null()));
    // The owners are the model's.
    let owner = |id: &str| {
        r["kpis"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == id)
            .unwrap()["owner"]
            .clone()
    };
    assert_eq!(owner("sql_to_won"), "Marcelo Castro");
    assert_eq!(owner("mql"), "sales");
    assert_eq!(owner("lead_to_mql"), "marketing");
    assert_eq!(owner("mql_to_sql"), "shared");
}

#[test]
fn the_terminal_and_the_html_show_the_goals() {
    let (dir, model, export) = files("surfaces");
    let text = report(&model, &export, &["-q"]);
    let text = text.as_str().unwrap();
    assert!(text.contains("GOALS"), "{text}");
    assert!(text.contains("sql_volume"), "{text}");
    assert!(text.contains("3.1 projected"), "{text}");
    assert!(text.contains("Ana Souza"), "{text}");
    let html = dir.0.join("r.html").to_string_lossy().into_owned();
    report(&model, &export, &["-q", "--html", &html]);
    let page = std::fs::read_to_string(&html).unwrap();
    // A chart per goal with the target drawn as a line, and its data table.
    assert!(page.contains("class=\"target\""), "no target line");
    assert!(page.contains("<caption>sql_volume"), "no data table");
    assert!(!page.contains("http"), "self-contained");
}

/// The same leads with deal values, plus L7 (line 8: created Nov 10, global-sdr,
/// never an MQL): L1 10,000 (won Oct 20), L2 7,000 (SQL Oct 11, still open),
/// L4 12,000 (won Nov 15), L6 5,000 (won Oct 2); L3 and L5 without a value.
const VALUED: &str = "created_at,mql_at,sql_at,first_contact_at,won_at,team,amount
2026-10-05T12:00:00Z,2026-10-05T12:00:00Z,2026-10-06T12:00:00Z,2026-10-06T12:30:00Z,2026-10-20T12:00:00Z,latam-sdr,10000
2026-10-10T12:00:00Z,2026-10-10T12:00:00Z,2026-10-11T12:00:00Z,2026-10-11T14:00:00Z,,latam-sdr,7000
2026-11-01T01:00:00Z,2026-11-01T01:00:00Z,,,,global-sdr,
2026-11-03T12:00:00Z,2026-11-03T12:00:00Z,2026-11-04T12:00:00Z,2026-11-04T12:20:00Z,2026-11-15T12:00:00Z,latam-sdr,12000
2026-11-05T12:00:00Z,2026-11-05T12:00:00Z,2026-11-06T12:00:00Z,2026-11-06T12:40:00Z,,latam-sdr,
2026-09-15T12:00:00Z,2026-09-15T12:00:00Z,2026-09-16T12:00:00Z,2026-09-16T12:10:00Z,2026-10-02T12:00:00Z,global-sdr,5000
2026-11-10T12:00:00Z,,,,,global-sdr,
";

#[test]
fn the_other_kpis_and_the_leads_behind_by_hand() {
    let (dir, model, _) = files("other-kpis");
    let mut doc: Json = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    doc["goals"] = json!([
        { "id": "leads_cap", "kpi": "leads", "at_most": 2, "owner": "marketing" },
        { "id": "mql", "kpi": "mql", "at_least": 3, "owner": "marketing" },
        { "id": "lead_to_mql", "kpi": "lead_to_mql", "at_least": 0.9, "owner": "marketing" },
        { "id": "won", "kpi": "won", "at_least": 1, "owner": "sales" },
        { "id": "sql_to_won", "kpi": "sql_to_won", "at_least": 0.5, "owner": "sales" },
        { "id": "won_value", "kpi": "won_value", "at_least": 15000, "owner": "sales" },
        { "id": "ticket", "kpi": "average_ticket", "at_least": 8000, "owner": "sales" },
        { "id": "share", "kpi": "marketing_won_share", "at_least": 0.3, "owner": "marketing" },
        { "id": "first_contact", "kpi": "first_contact_median_minutes", "at_most": 60, "owner": "sales" }
    ]);
    std::fs::write(&model, doc.to_string()).unwrap();
    let export = dir.0.join("valued.csv");
    std::fs::write(&export, VALUED).unwrap();
    let r = report(&model, export.to_str().unwrap(), &["--json"]);
    let n = Json::Null;
    // Leads by created_at (-03:00): Sep L6; Oct L1 L2 L3; Nov L4 L5 L7
    // (3 × 30 / 19.375 = 4.6 projected, above the at-most 2: off track).
    let g = goal(&r, "leads_cap");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(1), n.clone(), "met", json!(-1)),
            row("2026-10", json!(3), n.clone(), "missed", json!(1)),
            row("2026-11", json!(3), json!(4.6), "in_progress", json!(2.6)),
        ]
    );
    assert_eq!(g["periods"][2]["on_track"], false);
    assert_eq!(
        g["periods"][2]["behind"],
        Json::Null,
        "no lead stands for one that never came"
    );
    // MQLs by mql_at: Sep 1, Oct 3, Nov 2 (2 × 30 / 19.375 = 3.1).
    let g = goal(&r, "mql");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(1), n.clone(), "missed", json!(-2)),
            row("2026-10", json!(3), n.clone(), "met", json!(0)),
            row("2026-11", json!(2), json!(3.1), "in_progress", json!(0.1)),
        ]
    );
    // Behind November's MQLs: the lead created then that is not MQL, L7.
    let b = &g["periods"][2]["behind"];
    assert_eq!(
        (b["count"].as_u64(), b["leads"][0]["line"].as_u64()),
        (Some(1), Some(8))
    );
    assert_eq!(b["leads"][0]["why"], "not_mql");
    assert_eq!(g["periods"][1]["behind"]["count"], 0);
    // Lead → MQL: 1/1, 3/3, 2/3 so far (a rate is projected at its value so far).
    let g = goal(&r, "lead_to_mql");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(1), n.clone(), "met", json!(0.1)),
            row("2026-10", json!(1), n.clone(), "met", json!(0.1)),
            row(
                "2026-11",
                json!(0.6667),
                json!(0.6667),
                "in_progress",
                json!(-0.2333)
            ),
        ]
    );
    assert_eq!(g["trend"], "steady");
    // Wins by won_at: Sep none, Oct L6 L1, Nov L4 (1 × 30 / 19.375 = 1.5).
    let g = goal(&r, "won");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(0), n.clone(), "missed", json!(-1)),
            row("2026-10", json!(2), n.clone(), "met", json!(1)),
            row("2026-11", json!(1), json!(1.5), "in_progress", json!(0.5)),
        ]
    );
    // SQL → won: wins over SQLs of the period: Sep 0/1, Oct 2/2, Nov 1/2.
    let g = goal(&r, "sql_to_won");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(0), n.clone(), "missed", json!(-0.5)),
            row("2026-10", json!(1), n.clone(), "met", json!(0.5)),
            row("2026-11", json!(0.5), json!(0.5), "in_progress", json!(0)),
        ]
    );
    // Behind: the SQLs of the period not won — Oct L2 (open, 7,000), Nov L5 (open, no value).
    let lead = |p: usize| g["periods"][p]["behind"]["leads"][0].clone();
    assert_eq!(
        (
            lead(1)["line"].clone(),
            lead(1)["why"].clone(),
            lead(1)["value"].clone()
        ),
        (json!(3), json!("open"), json!(7000.0))
    );
    assert_eq!(
        (lead(2)["line"].clone(), lead(2)["value"].clone()),
        (json!(6), n.clone())
    );
    // Won value by won_at: Sep 0, Oct 5,000 + 10,000, Nov 12,000
    // (12,000 × 30 / 19.375 = 18,580.65).
    let g = goal(&r, "won_value");
    assert_eq!(
        rows(g),
        [
            row("2026-09", json!(0), n.clone(), "missed", json!(-15000)),
            row("2026-10", json!(15000), n.clone(), "met", json!(0)),
            row(
                "2026-11",
                json!(12000),
                json!(18580.65),
                "in_progress",
                json!(3580.65)
            ),
        ]
    );
    // Average ticket: Sep no win (nothing to divide: null), Oct 15,000 / 2, Nov 12,000.
    let g = goal(&r, "ticket");
    assert_eq!(
        rows(g),
        [
            row("2026-09", n.clone(), n.clone(), "not_measured", n.clone()),
            row("2026-10", json!(7500), n.clone(), "missed", json!(-500)),
            row(
                "2026-11",
                json!(12000),
                json!(12000),
                "in_progress",
                json!(4000)
            ),
        ]
    );
    // Marketing's share of won value: no export column says who sourced a deal.
    let g = goal(&r, "share");
    assert_eq!(g["status"], "not_measured");
    assert!(g["not_measured"]
        .as_str()
        .unwrap()
        .contains("marketing sourced"));
    // First contact at most 60 minutes: behind October, L2's SQL contacted after 120.
    let g = goal(&r, "first_contact");
    let b = &g["periods"][1]["behind"];
    assert_eq!(b["count"], 1);
    assert_eq!(
        (
            b["leads"][0]["line"].clone(),
            b["leads"][0]["why"].clone(),
            b["leads"][0]["minutes"].clone()
        ),
        (json!(3), json!("slow_contact"), json!(120))
    );
}
