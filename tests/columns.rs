//! The report page's column-mapping step (`leadgate::ingest::columns`): an
//! export's first bytes read as the report reads them, its first rows, and
//! which column each field is matched to and how. Expected values are read
//! off the fixture files' headers by hand.

use leadgate::ingest::columns::{columns, Columns};
use leadgate::report::ReportOptions;

const AS_OF: &str = r#""as_of":"2026-11-26T12:00:00Z""#;

fn read(path: &str, mapping: &str) -> Columns {
    let bytes = std::fs::read(path).unwrap();
    let head = bytes.get(..64 * 1024).unwrap_or(&bytes);
    let options = ReportOptions::from_json(&format!("{{{AS_OF}{mapping}}}")).unwrap();
    columns(head, head.len() == bytes.len(), None, &options).unwrap()
}

/// (column name, how) of `field`.
fn field(c: &Columns, field: &str) -> (Option<String>, String) {
    let f = c.fields.iter().find(|f| f.field == field).unwrap();
    (f.column.map(|i| c.names[i].clone()), f.how.to_string())
}

#[test]
fn rd_station_windows_1252_semicolons_is_read_and_matched_by_its_preset() {
    let c = read("tests/fixtures/exports/rdstation.csv", "");
    assert_eq!(c.format, "csv");
    assert_eq!(c.reading.encoding, Some("windows-1252"));
    assert_eq!(c.reading.delimiter.as_deref(), Some(";"));
    assert_eq!(c.preset, Some("rdstation"));
    assert_eq!(c.names.len(), 16);
    assert_eq!(c.names[4], "Número de funcionários");
    assert_eq!(c.rows.len(), 5);
    assert_eq!(c.rows[0][0], "gassuncao@guanabara.com.br");
    assert_eq!(c.rows[0][1], "Gabriela Assunção");
    assert_eq!(c.rows[0][9], "17/07/2026 16:29");
    let created = field(&c, "created_at");
    assert_eq!(
        created,
        (Some("Data da primeira conversão".into()), "preset".into())
    );
    assert_eq!(field(&c, "owner").0.as_deref(), Some("Dono do lead"));
    assert_eq!(field(&c, "opportunity").0.as_deref(), Some("Oportunidade"));
    // RD keeps no first-contact column.
    assert_eq!(field(&c, "first_contact_at"), (None, "missing".into()));
    assert!(
        c.fields
            .iter()
            .find(|f| f.field == "created_at")
            .unwrap()
            .required
    );
}

#[test]
fn a_picked_mapping_goes_through_the_same_mapping_code() {
    let c = read(
        "tests/fixtures/exports/rdstation.csv",
        r#","mapping":{"owner":null,"team":"Empresa"}"#,
    );
    assert_eq!(field(&c, "owner"), (None, "none".into()));
    assert_eq!(field(&c, "team"), (Some("Empresa".into()), "mapped".into()));
}

#[test]
fn hubspot_columns_come_from_aliases_and_canonical_names_from_themselves() {
    let c = read("tests/fixtures/exports/hubspot.csv", "");
    assert_eq!(c.reading.delimiter.as_deref(), Some(","));
    assert_eq!(field(&c, "owner").0.as_deref(), Some("HubSpot Owner"));
    assert_eq!(field(&c, "created_at").0.as_deref(), Some("Create Date"));
    let c = read("tests/fixtures/exports/canonical.csv", "");
    assert_eq!(
        field(&c, "created_at"),
        (Some("created_at".into()), "name".into())
    );
}

/// `.xls` (nothing here writes one): calamine's own test file `date.xls`
/// (MIT, see tests/fixtures/ingest/README.md). Its values are the ones
/// calamine's test `date_xls` asserts: A1 the date serial 44197
/// (2021-01-01), A3 the duration 10.632060185185185 days (255:10:10).
#[test]
fn an_xls_workbook_reads_with_calamines_known_values() {
    let bytes = std::fs::read("tests/fixtures/ingest/calamine-date.xls").unwrap();
    let sheet = leadgate::ingest::sheet::read(bytes, true, None).unwrap();
    assert_eq!(sheet.format, "xls");
    let text = String::from_utf8(sheet.csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first = |line: &str| line.split(',').next().unwrap().to_string();
    assert_eq!(first(lines[0]), "2021-01-01T00:00:00");
    assert_eq!(first(lines[2]), "10.632060185185185");
}
