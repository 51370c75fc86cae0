//! SLA adherence per team per month (issue 18): the report's
//! `sla.by_team_month` and a per-team monthly `sla_adherence` goal, counted
//! in the team's business hours, each hand-off in the month (UTC−3) of its
//! hand-off time. Worked out by hand: latam-sdr works Monday–Friday
//! 09:00–18:00 in São Paulo (UTC−3, no holidays declared), global-sdr has
//! no hours (wall time); the SQL SLA is 1h; as of 2026-11-20T12:00Z (Friday
//! 09:00 local). Times below are local.
//! - A latam: SQL Fri Oct 30 17:30, contacted Mon Nov 2 09:20 — 30 + 20 =
//!   50 working minutes: met, in October (wall time: 63h50m, late).
//! - B latam: SQL 2026-11-01T01:00Z = Sat Oct 31 22:00 (October here, November
//!   in UTC), contacted Mon Nov 2 09:50 — the clock starts Monday 09:00: 50
//!   minutes, met.
//! - C latam: SQL Mon Nov 2 14:00, contacted 15:30: 90 minutes, late.
//! - D latam: SQL Tue Nov 3 17:45, never contacted: 15 minutes Tuesday + 45
//!   Wednesday, deadline Wed 09:45, passed: never.
//! - E global-sdr: SQL Fri Oct 30 17:30, contacted Mon Nov 2 09:20: 63h50m
//!   of wall time, late.
//! - F latam: SQL Fri Nov 20 08:30, not contacted: deadline 10:00, still ahead: open.
//!
//! So: global-sdr October 0 of 1 due; latam-sdr October 2 of 2 (100%),
//! November met 0, late 1 (C), never 1 (D), open 1 (F): 0 of 2 (0%).

use serde_json::{json, Value as Json};
use std::path::PathBuf;
use std::process::Command;

const EXPORT: &str = "created_at,sql_at,first_contact_at,team,owner
2026-10-30T20:30:00Z,2026-10-30T20:30:00Z,2026-11-02T12:20:00Z,latam-sdr,Bruno
2026-11-01T01:00:00Z,2026-11-01T01:00:00Z,2026-11-02T12:50:00Z,latam-sdr,Bruno
2026-11-02T17:00:00Z,2026-11-02T17:00:00Z,2026-11-02T18:30:00Z,latam-sdr,Bruno
2026-11-03T20:45:00Z,2026-11-03T20:45:00Z,,latam-sdr,Paula
2026-10-30T20:30:00Z,2026-10-30T20:30:00Z,2026-11-02T12:20:00Z,global-sdr,Carla
2026-11-20T11:30:00Z,2026-11-20T11:30:00Z,,latam-sdr,Paula
";

fn report(with_hours: bool) -> Json {
    serde_json::from_str(&run(with_hours, &["--json"])).unwrap()
}

/// The report's output with `extra` options (an `--html FILE` is read back instead).
fn run(with_hours: bool, extra: &[&str]) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!(
        "leadgate-sla-months-{}-{with_hours}-{}",
        std::process::id(),
        extra.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let mut model: Json =
        serde_json::from_str(&std::fs::read_to_string(root.join("models/default.json")).unwrap())
            .unwrap();
    if with_hours {
        model["teams"] = json!({
            "latam-sdr": { "timezone": "America/Sao_Paulo", "hours": { "mon-fri": "09:00-18:00" } }
        });
    }
    model["goals"] = json!([{ "id": "sla_latam", "kpi": "sla_adherence", "stage": "SQL",
        "team": "latam-sdr", "at_least": 0.9, "per": "month", "owner": "sales" }]);
    std::fs::write(dir.join("model.json"), model.to_string()).unwrap();
    std::fs::write(dir.join("export.csv"), EXPORT).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(["report", "-q", "--now", "2026-11-20T12:00:00Z"])
        .args(extra)
        .args(["--timezone", "-03:00", "--model"])
        .arg(dir.join("model.json"))
        .arg(dir.join("export.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = match extra {
        ["--html", file] => std::fs::read_to_string(file).unwrap(),
        _ => String::from_utf8(out.stdout).unwrap(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    text
}

/// (team, month, [handoffs, met, late, never, open] of SQL, due, met, adherence) per row.
fn rows(r: &Json) -> Vec<(String, String, [u64; 5], u64, u64, Json)> {
    r["sla"]["by_team_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let s = &t["stages"][0];
            assert_eq!(s["stage"], "SQL");
            assert_eq!(t["stages"].as_array().unwrap().len(), 1);
            let n = |k: &str| s[k].as_u64().unwrap();
            (
                t["team"].as_str().unwrap().to_string(),
                t["month"].as_str().unwrap().to_string(),
                [n("handoffs"), n("met"), n("late"), n("never"), n("open")],
                t["due"].as_u64().unwrap(),
                t["met"].as_u64().unwrap(),
                t["adherence"].clone(),
            )
        })
        .collect()
}

fn row(
    team: &str,
    month: &str,
    counts: [u64; 5],
    due: u64,
    met: u64,
    adherence: Json,
) -> (String, String, [u64; 5], u64, u64, Json) {
    (team.into(), month.into(), counts, due, met, adherence)
}

#[test]
fn per_team_per_month_in_business_hours() {
    let r = report(true);
    assert_eq!(
        rows(&r),
        [
            row("global-sdr", "2026-10", [1, 0, 1, 0, 0], 1, 0, json!(0.0)),
            row("latam-sdr", "2026-10", [2, 2, 0, 0, 0], 2, 2, json!(1.0)),
            row("latam-sdr", "2026-11", [3, 0, 1, 1, 1], 2, 0, json!(0.0)),
        ]
    );
    // The per-team goal reads the same months: October met, November in
    // progress (projected at its value so far, 0%) — never "missed".
    let g = &r["goals"]["items"][0];
    let p = g["periods"].as_array().unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(
        (&p[0]["period"], &p[0]["actual"], &p[0]["status"]),
        (&json!("2026-10"), &json!(1), &json!("met"))
    );
    assert_eq!(
        (&p[1]["period"], &p[1]["actual"], &p[1]["status"]),
        (&json!("2026-11"), &json!(0), &json!("in_progress"))
    );
    assert_eq!(p[1]["on_track"], false);
    // The leads behind November: D never contacted first, then C, 90 minutes.
    assert_eq!(p[1]["behind"]["count"], 2);
    let behind = p[1]["behind"]["leads"].as_array().unwrap();
    let who: Vec<(u64, &str, &str, Json)> = behind
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["owner"].as_str().unwrap(),
                l["why"].as_str().unwrap(),
                l["minutes"].clone(),
            )
        })
        .collect();
    assert_eq!(
        who,
        [
            (5, "Paula", "sla_never", Json::Null),
            (4, "Bruno", "sla_late", json!(90))
        ]
    );
    assert_eq!(p[0]["behind"], json!({ "count": 0, "leads": [] }));
}

#[test]
fn the_terminal_and_the_html_show_the_team_by_month_table() {
    let text = run(true, &[]);
    let at = text
        .find("SLA BY TEAM AND MONTH OF HAND-OFF (owner: sales)")
        .unwrap();
    let table: Vec<&str> = text[at..].lines().take(5).collect();
    assert_eq!(
        table[1..],
        [
            "  team                   month       due       met      late     never      open   adherence",
            "  global-sdr           2026-10         1         0         1         0         0        0.0%",
            "  latam-sdr            2026-10         2         2         0         0         0      100.0%",
            "  latam-sdr            2026-11         2         0         1         1         1        0.0%",
        ]
    );
    let file =
        std::env::temp_dir().join(format!("leadgate-sla-months-{}.html", std::process::id()));
    let page = run(true, &["--html", file.to_str().unwrap()]);
    let _ = std::fs::remove_file(&file);
    assert!(page
        .contains("<tr><th scope=\"row\">latam-sdr</th><td>100.0% 2/2</td><td>0.0% 0/2</td></tr>"));
}

#[test]
fn without_hours_the_same_hand_offs_count_in_wall_time() {
    let r = report(false);
    // A (63h50m) and B (11h50m) are late in wall time; D is never contacted.
    assert_eq!(
        rows(&r),
        [
            row("global-sdr", "2026-10", [1, 0, 1, 0, 0], 1, 0, json!(0.0)),
            row("latam-sdr", "2026-10", [2, 0, 2, 0, 0], 2, 0, json!(0.0)),
            row("latam-sdr", "2026-11", [3, 0, 1, 1, 1], 2, 0, json!(0.0)),
        ]
    );
}
