//! Each tool's header is detected, a mixed one is ambiguous, and stage values read.

use super::*;

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_tools_header_is_detected() {
    let cases = [
        (
            vec![
                "Record ID",
                "First Name",
                "Email",
                "Create Date",
                "Lifecycle Stage",
                "Contact owner",
            ],
            "hubspot",
        ),
        (
            vec![
                "Email",
                "Nome",
                "Data da primeira conversão",
                "Estágio no funil",
                "Oportunidade",
                "Dono do lead",
            ],
            "rdstation",
        ),
        (
            vec![
                "Lead Owner",
                "First Name",
                "Company / Account",
                "Lead Source",
                "Lead Status",
                "Create Date",
                "Converted Date",
            ],
            "salesforce",
        ),
        (
            vec![
                "Deal - Title",
                "Deal - Owner",
                "Deal - Deal created",
                "Deal - Won time",
                "Deal - Status",
            ],
            "pipedrive",
        ),
    ];
    for (names, want) in cases {
        let got = choose(None, &header(&names)).unwrap().map(|p| p.name);
        assert_eq!(got, Some(want), "{names:?}");
    }
    // One name alone, or none, detects nothing.
    assert_eq!(
        choose(None, &header(&["created_at", "Lead Source"]))
            .unwrap()
            .map(|p| p.name),
        None
    );
}

#[test]
fn a_mixed_header_is_ambiguous_and_says_so() {
    let names = header(&[
        "Lead Owner",
        "Lead Source",
        "Deal - Status",
        "Deal - Owner",
        "Create Date",
    ]);
    let err = choose(None, &names).unwrap_err();
    assert!(
        err.contains("salesforce and pipedrive") && err.contains("--from"),
        "{err}"
    );
    // Given, the preset is used whatever the header.
    let given = Preset::by_name("salesforce");
    assert_eq!(
        choose(given, &names).unwrap().map(|p| p.name),
        Some("salesforce")
    );
    assert!(Preset::by_name("zoho").is_none());
    assert_eq!(
        Preset::by_name("RD Station").map(|p| p.name),
        Some("rdstation")
    );
}

#[test]
fn stage_values_mean_the_same_funnel() {
    let rd = Preset::by_name("rdstation").unwrap();
    assert_eq!(rd.stage("Lead Qualificado"), Some(Stage::Mql));
    assert_eq!(rd.stage("lead qualificado"), Some(Stage::Mql));
    assert_eq!(rd.stage("Cliente"), Some(Stage::Won));
    assert_eq!(rd.stage("Visitante"), None);
    let sf = Preset::by_name("salesforce").unwrap();
    assert_eq!(sf.stage("Closed Won"), Some(Stage::Won));
    assert_eq!(sf.stage("Closed - Not Converted"), Some(Stage::Lost));
    assert_eq!(sf.stage("Qualified"), Some(Stage::Sql));
    let pd = Preset::by_name("pipedrive").unwrap();
    assert_eq!(pd.stage("Won"), Some(Stage::Won));
    assert_eq!(pd.stage("Open"), Some(Stage::Open));
    let hs = Preset::by_name("hubspot").unwrap();
    assert_eq!(hs.stage("marketingqualifiedlead"), Some(Stage::Mql));
    assert_eq!(hs.stage("Evangelist"), Some(Stage::Won));
    assert_eq!(Stage::parse("MQL"), Some(Stage::Mql));
    assert_eq!(Stage::Won.name(), "won");
    // Every preset cites its documentation and names a created_at column.
    for p in PRESETS {
        assert!(
            !p.docs.is_empty() && !p.columns_of(Field::CreatedAt).is_empty(),
            "{}",
            p.name
        );
    }
}

/// docs/report.md prints every preset's columns and stage values: the data
/// and the documentation say the same.
#[test]
fn the_documentation_lists_every_column_and_stage_value() {
    let docs = include_str!("../../../docs/report.md");
    for p in PRESETS {
        for (_, names) in p.columns {
            for name in *names {
                assert!(
                    docs.contains(name),
                    "{}: column {name:?} not in docs/report.md",
                    p.name
                );
            }
        }
        for (value, _) in p.stages {
            assert!(
                docs.contains(value),
                "{}: stage {value:?} not in docs/report.md",
                p.name
            );
        }
        for url in p.docs {
            assert!(
                docs.contains(url),
                "{}: {url} not in docs/report.md",
                p.name
            );
        }
    }
}
