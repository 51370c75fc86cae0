//! `leadgate explain`'s layout: width, the disqualifiers' table, clipping.

use super::*;

#[test]
fn explains_a_lead_within_100_columns() {
    let model = crate::compile(crate::DEFAULT_MODEL).unwrap();
    let lead: Value = serde_json::from_str(
        r#"{"first_name":"Ana","last_name":"Souza","email":"ana@aurora.com.br","company":"Aurora",
            "job_title":"Diretora de Marketing de Produto e Comunicação Institucional","company_size":300,
            "country":"BR","page_views":3,
            "events":[{"event":"page_view","at":"2026-11-20","path":"/precos"}]}"#,
    )
    .unwrap();
    let now = crate::Timestamp::parse("2026-11-26T12:00:00Z").unwrap();
    let outcome = model.score(&lead, &ScoreOptions::at(now)).unwrap();
    let text = breakdown(&model, &lead, &outcome);
    assert!(text.contains("Ana Souza · <ana@aurora.com.br>"), "{text}");
    assert!(
        text.contains(&format!("Stage      {}", outcome.stage)),
        "{text}"
    );
    assert!(text.contains("Reasons"), "{text}");
    for l in text.lines() {
        assert!(l.chars().count() <= WIDTH, "too wide: {l}");
    }
}

#[test]
fn shows_the_disqualifiers_apart_from_the_points() {
    let model = crate::compile(
        r#"{"id":"t","version":"1",
          "fit_rules":[{"id":"free","points":-15,"if":{"field":"email","email_is":"free"}}],
          "stages":[{"stage":"SQL","if":{"field":"form","equals":"demo"}},{"stage":"MQL","if":{"score_at_least":10}}],
          "disqualify":[
            {"id":"student","label":"Estudante / Student","if":{"field":"job_title","words_any":["estudante"]}},
            {"id":"tiny","max_stage":"MQL","if":{"field":"company_size","lt":5}}]}"#,
    )
    .unwrap();
    let lead: Value = serde_json::from_str(
        r#"{"email":"joao@gmail.com","job_title":"Estudante","company_size":1,"form":"demo"}"#,
    )
    .unwrap();
    let outcome = model
        .score(&lead, &ScoreOptions::at(crate::Timestamp(0)))
        .unwrap();
    let text = breakdown(&model, &lead, &outcome);
    assert!(
        text.contains("Stage      lead (capped by disqualify student)\n"),
        "{text}"
    );
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Disqualified"))
        .take(6)
        .map(str::trim_end)
        .collect();
    assert_eq!(
        table,
        [
            "Disqualified (the stage is at most MAX STAGE while these hold)",
            "  MAX STAGE  RULE     LABEL / FIELD = VALUE",
            "  lead       student  Estudante / Student",
            "                      job_title = \"Estudante\"",
            "  MQL        tiny     tiny",
            "                      company_size = 1",
        ],
        "{text}"
    );
    // The points table holds the one fit rule; `next` names the blocking disqualifier.
    let reasons = text.split("\nReasons\n").nth(1).unwrap();
    assert!(!reasons.contains("disqualify  "), "{text}");
    assert!(reasons.contains("fit         free"), "{text}");
    assert!(
        text.contains("not disqualify student \"Estudante\""),
        "{text}"
    );
}

#[test]
fn clips_with_an_ellipsis() {
    assert_eq!(clip("abcdef", 4), "abc…");
    assert_eq!(clip("abc", 4), "abc");
}
