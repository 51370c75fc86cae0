//! The report's SLA counts `respond_within` in the team's business hours, as
//! the core counts `respond_by` and the edge's `/sla/report` judges it
//! (DESIGN: the same rules everywhere). Hand-worked: latam-sdr works
//! Monday–Friday 09:00–18:00 in São Paulo (UTC−3); the SQL SLA is 1h.
//! Each lead becomes an SQL on Friday 2026-11-06 at 17:30 local (20:30Z):
//! 30 working minutes are left that day, so the deadline is Monday 09:30
//! local (2026-11-09T12:30Z). The report runs as of Monday 09:00 local.
//! - L1 latam, contacted Monday 09:20 local: met (wall time: 63 h late);
//! - L2 latam, contacted Monday 09:45 local: late;
//! - L3 global-sdr (no hours: 24/7), contacted Monday 09:20 local: late;
//! - L4 latam, not contacted: open (its deadline is ahead); in wall time it
//!   would have been breached on Friday at 18:30 local.

use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::Command;

const EXPORT: &str = "created_at,mql_at,sql_at,first_contact_at,team
2026-11-06T20:00:00Z,2026-11-06T20:00:00Z,2026-11-06T20:30:00Z,2026-11-09T12:20:00Z,latam-sdr
2026-11-06T20:00:00Z,2026-11-06T20:00:00Z,2026-11-06T20:30:00Z,2026-11-09T12:45:00Z,latam-sdr
2026-11-06T20:00:00Z,2026-11-06T20:00:00Z,2026-11-06T20:30:00Z,2026-11-09T12:20:00Z,global-sdr
2026-11-06T20:00:00Z,2026-11-06T20:00:00Z,2026-11-06T20:30:00Z,,latam-sdr
";

fn report(with_hours: bool) -> Json {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!(
        "leadgate-report-hours-{}-{with_hours}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut model: Json =
        serde_json::from_str(&std::fs::read_to_string(root.join("models/default.json")).unwrap())
            .unwrap();
    if with_hours {
        model["teams"] = serde_json::json!({
            "latam-sdr": { "timezone": "America/Sao_Paulo", "hours": { "mon-fri": "09:00-18:00" } }
        });
    }
    std::fs::write(dir.join("model.json"), model.to_string()).unwrap();
    std::fs::write(dir.join("export.csv"), EXPORT).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args([
            "report",
            "--json",
            "--now",
            "2026-11-09T12:00:00Z",
            "--model",
        ])
        .arg(dir.join("model.json"))
        .arg(dir.join("export.csv"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn sql(stages: &Json) -> (u64, u64, u64, u64) {
    let s = stages
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "SQL")
        .unwrap();
    let n = |k: &str| s[k].as_u64().unwrap();
    (n("met"), n("late"), n("never"), n("open"))
}

#[test]
fn the_sla_clock_runs_in_the_teams_business_hours() {
    let r = report(true);
    // (met, late, never, open)
    assert_eq!(sql(&r["sla"]["stages"]), (1, 2, 0, 1));
    let team = |name: &str| {
        r["sla"]["by_team"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["team"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(sql(&team("latam-sdr")["stages"]), (1, 1, 0, 1));
    assert_eq!(sql(&team("global-sdr")["stages"]), (0, 1, 0, 0));
    // The time to contact stays wall time: L1 waited 63 h 50 min.
    let latam = team("latam-sdr");
    let s = latam["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stage"] == "SQL")
        .unwrap();
    assert_eq!(s["median_minutes"], 3830.0);
}

#[test]
fn without_hours_the_same_leads_count_in_wall_time() {
    let r = report(false);
    assert_eq!(sql(&r["sla"]["stages"]), (0, 3, 1, 0));
}
