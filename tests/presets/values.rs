//! Lead values in exports: a column the model declares in `fields` reaches
//! the model as text, so the declaration decides (`"1.000"` employees with a
//! pt-BR declaration is 1000); undeclared, `"1.000"` stays text (never 1),
//! as `leadgate score` keeps it — one reading, src/value/.

use leadgate::report::{ReportOptions, RowReader};

/// The scores of RD Station rows (`Número de funcionários` becomes
/// `company_size`) under the values model with `company_size` declared as
/// `declaration` (`None`: undeclared), plus a rule that would fire if
/// `"1.000"` were read as 1.
fn scores(declaration: Option<serde_json::Value>) -> Vec<f64> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/models/values.json"
    );
    let mut model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    match declaration {
        Some(d) => model["fields"]["company_size"] = d,
        None => {
            model["fields"]
                .as_object_mut()
                .unwrap()
                .remove("company_size");
        }
    }
    model["fit_rules"].as_array_mut().unwrap().push(serde_json::json!({
        "id": "size_at_most_1", "points": 64,
        "if": {"all": [{"field": "company_size", "exists": true}, {"field": "company_size", "lte": 1}]}
    }));
    let model = leadgate::compile(&model.to_string()).unwrap();
    let options = ReportOptions::from_json(r#"{"as_of": "2026-12-01T00:00:00Z"}"#).unwrap();
    let reader = RowReader::new(&model, &options);
    let names: Vec<String> = [
        "Email",
        "Data da primeira conversão",
        "Número de funcionários",
    ]
    .map(String::from)
    .to_vec();
    let rows = [
        "a@acme.com.br,02/03/2026 09:15,1.000",
        "b@acme.com.br,02/03/2026 09:15,\"1.500\"",
        "c@acme.com.br,02/03/2026 09:15,",
    ];
    let cols = reader
        .columns(&names, leadgate::csv::Dialect::COMMA, &rows)
        .unwrap();
    rows.iter()
        .enumerate()
        .map(|(i, r)| {
            let row = reader.csv_record(&cols, r, i as u64 + 2);
            row.lead.unwrap().score.as_f64()
        })
        .collect()
}

#[test]
fn a_declared_column_is_read_by_its_declaration_and_an_undeclared_one_stays_text() {
    let pt_br = scores(Some(
        serde_json::json!({"type": "integer", "format": "pt-BR"}),
    ));
    let undeclared = scores(None);
    // Blank: nothing fires in either model.
    assert_eq!(pt_br[2], undeclared[2]);
    // "1.000" and "1.500" with pt-BR are 1000 and 1500: size_50 (1) and size_1000 (2).
    assert_eq!(pt_br[0] - pt_br[2], 3.0);
    assert_eq!(pt_br[1] - pt_br[2], 3.0);
    // Undeclared, "1.000" is text: not 1000, and never 1 (size_at_most_1 stays off).
    assert_eq!(undeclared[0], undeclared[2]);
    assert_eq!(undeclared[1], undeclared[2]);
}
