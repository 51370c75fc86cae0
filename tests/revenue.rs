//! Revenue in `leadgate report` (issue 18): a hand-made export whose won
//! value, tickets and problems are counted by hand below, read with the
//! export's number format; a deal in another currency counted apart, never
//! summed; an unreadable value a problem, never 0; no value column "not
//! measured" (null), not 0.

use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::Command;

const NOW: &str = "2026-03-01T00:00:00Z";

/// Line 1 is the header. By hand (pt-BR numbers):
/// - line 2: Jan, sdr-a, won R$ 1.234,56                  → 1,234.56 BRL
/// - line 3: Jan, sdr-a, won 2.000 (Moeda BRL)             → 2,000.00 BRL
/// - line 4: Jan, sdr-b, won US$ 500                       → other currency
/// - line 5: Feb, sdr-b, won 10 mil                        → 10,000.00 BRL
/// - line 6: Feb, sdr-b, lost 999,99                       → not won
/// - line 7: Feb, sdr-b, won "a combinar"                  → bad_amount, no value
/// - line 8: Feb, sdr-a, won, blank                        → no value
///
/// Won 6; with a value in BRL 3: 13,234.56, ticket 4,411.52; Jan 3,234.56
/// over 2 (1,617.28), Feb 10,000.00 over 1; sdr-a 3,234.56 over 2, sdr-b
/// 10,000.00 over 1 and 1 in USD.
const EXPORT: &str = "created_at;won_at;lost_at;Valor;Moeda;team
2026-01-05T10:00:00Z;2026-01-20T10:00:00Z;;R$ 1.234,56;;sdr-a
2026-01-06T10:00:00Z;2026-01-21T10:00:00Z;;2.000;BRL;sdr-a
2026-01-07T10:00:00Z;2026-01-22T10:00:00Z;;US$ 500;;sdr-b
2026-02-02T10:00:00Z;2026-02-10T10:00:00Z;;10 mil;;sdr-b
2026-02-03T10:00:00Z;;2026-02-10T10:00:00Z;999,99;;sdr-b
2026-02-04T10:00:00Z;2026-02-11T10:00:00Z;;a combinar;;sdr-b
2026-02-05T10:00:00Z;2026-02-12T10:00:00Z;;;;sdr-a
";

struct Dir(PathBuf);

impl Dir {
    fn new(test: &str) -> Dir {
        let dir =
            std::env::temp_dir().join(format!("leadgate-revenue-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }
    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The default model with a `currency`.
fn model_with_currency(dir: &Dir, code: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/default.json");
    let mut doc: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["currency"] = Json::from(code);
    dir.file("model.json", &doc.to_string())
}

fn run(args: &[&str]) -> (Option<i32>, Json, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Json::Null);
    (
        out.status.code(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cents(x: &Json) -> i64 {
    (x.as_f64().unwrap() * 100.0).round() as i64
}

fn group<'a>(report: &'a Json, dim: &str, key: &str) -> &'a Json {
    report[dim]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap()
}

#[test]
fn won_value_and_ticket_by_hand_in_the_models_currency() {
    let dir = Dir::new("by-hand");
    let export = dir.file("export.csv", EXPORT);
    let model = model_with_currency(&dir, "BRL");
    let args = [
        "report",
        "--now",
        NOW,
        "--json",
        "--model",
        &model,
        "--number-format",
        "pt-BR",
        &export,
    ];
    let (code, r, stderr) = run(&args);
    assert_eq!(code, Some(1), "{stderr}");
    let rev = &r["revenue"];
    assert_eq!(rev["currency"], "BRL");
    assert_eq!(rev["currency_from"], "model");
    assert_eq!(cents(&rev["won_value"]), 1_323_456);
    assert_eq!(rev["won_valued"], 3);
    assert_eq!(rev["won_other_currency"], 1);
    assert_eq!(cents(&rev["average_ticket"]), 441_152);
    assert_eq!(rev["other_currencies"][0]["currency"], "USD");
    assert_eq!(rev["other_currencies"][0]["won"], 1);
    assert_eq!(cents(&rev["other_currencies"][0]["won_value"]), 50_000);
    assert_eq!(r["overall"]["won"], 6);
    let jan = group(&r, "by_month", "2026-01");
    assert_eq!(
        (cents(&jan["won_value"]), jan["won_valued"].as_u64()),
        (323_456, Some(2))
    );
    assert_eq!(cents(&jan["average_ticket"]), 161_728);
    assert_eq!(jan["won_other_currency"], 1);
    let feb = group(&r, "by_month", "2026-02");
    assert_eq!(
        (cents(&feb["won_value"]), feb["won_valued"].as_u64()),
        (1_000_000, Some(1))
    );
    let b = group(&r, "by_team", "sdr-b");
    assert_eq!(
        (cents(&b["won_value"]), b["won_other_currency"].as_u64()),
        (1_000_000, Some(1))
    );
    // The unreadable value is a problem showing it, on its line.
    assert_eq!(r["problems"]["total"], 1);
    let p = &r["problems"]["first"][0];
    assert_eq!(
        (p["line"].as_u64(), p["code"].as_str()),
        (Some(7), Some("bad_amount"))
    );
    assert!(
        p["message"].as_str().unwrap().contains("\"a combinar\""),
        "{p}"
    );
    assert_eq!(r["input"]["columns"]["amount"], "Valor");
    assert_eq!(r["input"]["columns"]["currency"], "Moeda");
    assert!(r["warnings"]
        .to_string()
        .contains("1 won deals in USD are reported apart"));
    // The terminal says it too.
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args([
            "report",
            "--now",
            NOW,
            "-q",
            "--model",
            &model,
            "--number-format",
            "pt-BR",
            &export,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "won value 13,234.56 BRL · 3 won deals with a value · average ticket 4,411.52 BRL"
        ),
        "{text}"
    );
    assert!(
        text.contains("also 1 won deals in USD (500.00 USD), not summed"),
        "{text}"
    );
}

#[test]
fn without_a_number_format_a_thousand_is_ambiguous_and_said() {
    let dir = Dir::new("auto");
    let export = dir.file("export.csv", EXPORT);
    let (_, r, _) = run(&["report", "--now", NOW, "--json", &export]);
    // `2.000` is a thousand or two: a problem, not a guess. The rest reads
    // the same; the default model has no currency: the export's first (R$).
    assert_eq!(r["problems"]["by_code"]["bad_amount"], 2);
    assert!(r["problems"]["first"][0]["message"]
        .as_str()
        .unwrap()
        .contains("--number-format"));
    let rev = &r["revenue"];
    assert_eq!(cents(&rev["won_value"]), 1_123_456);
    assert_eq!(rev["won_valued"], 2);
    assert_eq!(
        (rev["currency"].as_str(), rev["currency_from"].as_str()),
        (Some("BRL"), Some("export"))
    );
    assert!(r["warnings"]
        .to_string()
        .contains("the first currency the export names (line 2)"));
}

#[test]
fn a_value_column_named_with_map_and_none_is_not_measured() {
    let dir = Dir::new("map");
    let export = dir.file(
        "export.csv",
        "created_at,won_at,Ticket\n2026-01-05T10:00:00Z,2026-01-20T10:00:00Z,1500.5\n",
    );
    let (code, r, _) = run(&[
        "report",
        "--now",
        NOW,
        "--json",
        "--map",
        "amount=Ticket",
        &export,
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(cents(&r["revenue"]["won_value"]), 150_050);
    assert_eq!(r["revenue"]["currency"], Json::Null);
    let (_, r, _) = run(&["report", "--now", NOW, "--json", &export]);
    assert_eq!(r["revenue"]["measured"], false);
    assert_eq!(r["revenue"]["won_value"], Json::Null);
    assert_eq!(r["overall"]["won_value"], Json::Null);
    assert_eq!(r["overall"]["average_ticket"], Json::Null);
    assert!(r["warnings"].to_string().contains("--map amount=COLUMN"));
}

#[test]
fn a_models_currency_is_checked_with_a_hint() {
    let dir = Dir::new("model");
    let model = model_with_currency(&dir, "brl");
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(["check", &model])
        .output()
        .unwrap();
    let err =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        err.contains("currency") && err.contains("write it in capitals: \"BRL\""),
        "{err}"
    );
    let model = model_with_currency(&dir, "ARS");
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(["check", &model])
        .output()
        .unwrap();
    let err =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(err.contains("one of BRL, USD, EUR, GBP"), "{err}");
}
