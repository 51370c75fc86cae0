//! Declared fields (`fields`, read by `leadgate::value`) across the public
//! surfaces: the compiled model's declarations (kept by compiled bytes, for
//! callers such as the CRM-exports reader), the CLI's CSV input, and the
//! reading API itself.

use leadgate::value::{self, Currency, FieldSpec, Format, NumberSpec, Policy, Unread};
use leadgate::{compile, CompiledModel};
use std::process::Command;

const MODEL: &str = r#"{
  "id": "declared", "version": "1",
  "fields": {
    "company_size": { "type": "integer", "ranges": "low" },
    "annual_revenue": { "type": "number", "format": "pt-BR", "currency": "BRL" },
    "unused.opt_in": { "type": "boolean" }
  },
  "fit_rules": [
    { "id": "big", "points": 10, "if": { "field": "company_size", "gte": 1000 } },
    { "id": "seats", "points": 1, "if": { "field": "seats", "gte": 1000 } },
    { "id": "rich", "points": 5, "if": { "field": "annual_revenue", "gte": 1000000 } }
  ]
}"#;

fn declarations(model: &CompiledModel) -> [Option<FieldSpec>; 4] {
    ["company_size", "annual_revenue", "unused.opt_in", "seats"].map(|f| model.field_spec(f))
}

#[test]
fn a_model_keeps_its_declarations_through_compiled_bytes() {
    let model = compile(MODEL).unwrap();
    let want = [
        Some(FieldSpec::Number(NumberSpec {
            integer: true,
            format: Format::Auto,
            ranges: Some(Policy::Low),
            currency: None,
        })),
        Some(FieldSpec::Number(NumberSpec {
            integer: false,
            format: Format::PtBr,
            ranges: None,
            currency: Some(Currency::Brl),
        })),
        // Declared and read by no rule: kept all the same.
        Some(FieldSpec::Boolean),
        None,
    ];
    assert_eq!(declarations(&model), want);
    let loaded = CompiledModel::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(declarations(&loaded), want);
    assert_eq!(loaded.to_bytes(), model.to_bytes());
}

#[test]
fn the_reading_api_reads_export_columns() {
    let money = NumberSpec {
        integer: false,
        format: Format::Auto,
        ranges: None,
        currency: None,
    };
    let read = value::read_number("R$ 1.234,56", &money).unwrap();
    assert_eq!((read.value, read.currency), (1234.56, Some(Currency::Brl)));
    assert_eq!(value::read_number("1.000", &money), Err(Unread::Ambiguous));
    assert_eq!(value::read_boolean("Verdadeiro"), Some(true));
    assert_eq!(value::read_boolean("Não"), Some(false));
    assert_eq!(value::read_boolean("?"), None);
    let why = value::read_number(
        "US$ 5",
        &NumberSpec {
            currency: Some(Currency::Brl),
            ..money
        },
    );
    assert_eq!(why, Err(Unread::OtherCurrency(Currency::Usd)));
    assert_eq!(
        value::warning("Valor", "\"1.000\"", Unread::Ambiguous, None),
        "Valor: \"1.000\" is ambiguous; declare fields.Valor"
    );
}

#[test]
fn csv_cells_are_read_as_declared_and_ambiguous_ones_warn() {
    let dir = std::env::temp_dir().join(format!("leadgate-values-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("model.json");
    std::fs::write(&model, MODEL).unwrap();
    let csv = dir.join("leads.csv");
    std::fs::write(
        &csv,
        "company_size,seats,annual_revenue\n1.000,1.000,\"R$ 1.234.567,89\"\n201-500,1000,1.5\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args([
            "score",
            "--now",
            "2026-11-26T12:00:00Z",
            "--format",
            "csv",
            "--output",
            "ndjson",
            "--model",
        ])
        .arg(&model)
        .arg(&csv)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // A thousand employees (declared integer), an ambiguous undeclared
    // `1.000` (a warning, not 1), a pt-BR revenue in BRL.
    assert_eq!(lines[0]["score"], 15);
    assert_eq!(
        lines[0]["warnings"],
        serde_json::json!(["seats: \"1.000\" is ambiguous; declare fields.seats"])
    );
    assert_eq!(lines[0]["reasons"][0]["value"], "1.000");
    // `201-500` read low (201); `1000` is a CSV number; a declared column
    // stays text, and `1.5` is no pt-BR number.
    assert_eq!(lines[1]["score"], 1);
    assert_eq!(
        lines[1]["warnings"],
        serde_json::json!(["annual_revenue: expected a number (pt-BR), got \"1.5\""])
    );
}
