//! The weights table of docs/default-model.md states exactly what
//! [`propensity`] computes, and facts are read back from generated leads.

use super::*;

/// A reference lead: a senior marketing person at a mid-size target company.
fn reference() -> (Facts, &'static str) {
    let facts = Facts {
        seniority: Seniority::Senior,
        buying_function: Some(true),
        size: Some(120),
        target_industry: Some(true),
        mail: MailKind::Corporate,
        form: "ebook_download".into(),
        integrable_crm: false,
        events: Vec::new(),
    };
    (facts, "google")
}

/// Applies one row of the docs table to the reference lead; `None` for a row
/// the test does not know (which fails the test).
fn apply(fact: &str, value: &str, f: &mut Facts, source: &mut &'static str) -> Option<()> {
    let seniority = |s| Some(s);
    match (fact, value) {
        ("title", v) => {
            f.seniority = match v {
                v if v.starts_with("owner") => seniority(Seniority::Executive),
                v if v.starts_with("director") => seniority(Seniority::Senior),
                v if v.starts_with("coordinator") => seniority(Seniority::Middle),
                v if v.starts_with("analyst") => seniority(Seniority::Junior),
                v if v.starts_with("student") => seniority(Seniority::Student),
                v if v.starts_with("outside") => seniority(Seniority::Outsider),
                "none" => seniority(Seniority::Unknown),
                _ => None,
            }?
        }
        ("function", v) => f.buying_function = Some(v.starts_with("marketing")),
        ("company size", v) => {
            f.size = match v {
                "unknown" => None,
                "1–9" => Some(5),
                "10–49" => Some(30),
                "50–199" => Some(120),
                "200–999" => Some(500),
                "1,000+" => Some(5000),
                _ => return None,
            }
        }
        ("industry", v) => f.target_industry = Some(v.starts_with("a target")),
        ("e-mail", v) => {
            f.mail = match v {
                "corporate" => MailKind::Corporate,
                "free provider" => MailKind::Free,
                "shared inbox" => MailKind::Role,
                "disposable" => MailKind::Disposable,
                "competitor" => MailKind::Competitor,
                "missing or invalid" => MailKind::Missing,
                _ => return None,
            }
        }
        ("form", v) => {
            f.form = match v {
                "demo request or contact sales" => "demo_request",
                "trial sign-up" => "trial_signup",
                "webinar sign-up" => "webinar_signup",
                "newsletter" => "newsletter",
                "none" => "",
                "e-book or any other" => "ebook_download",
                _ => return None,
            }
            .into()
        }
        ("event", v) => f.events.push(match v {
            "a meeting booked" => ("meeting_booked", false),
            "a trial started" => ("trial_started", false),
            "a webinar attended" => ("webinar_attended", false),
            "a pricing page viewed" => ("page_view", true),
            _ => return None,
        }),
        ("CRM", _) => f.integrable_crm = true,
        ("source", "LinkedIn") => *source = "linkedin",
        ("source", _) => *source = "facebook",
        _ => return None,
    }
    Some(())
}

fn weight(text: &str) -> f64 {
    text.replace('−', "-").replace('+', "").parse().unwrap()
}

#[test]
fn the_documented_weights_are_the_code_s() {
    let doc = include_str!("../../../../docs/default-model.md");
    let table = doc
        .split("<!-- truth weights")
        .nth(1)
        .expect("the weights table is marked");
    let (base_facts, base_source) = reference();
    let base = propensity(&base_facts, base_source);
    let mut rows = 0;
    let lines = table.lines().skip_while(|l| !l.starts_with('|')).skip(2);
    for line in lines.take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, fact, value, w, _] = cells.as_slice() else {
            break;
        };
        rows += 1;
        if *fact == "base" {
            continue;
        }
        // The reference's own value in this fact's group, so the difference is the row's weight.
        let (mut f, mut source) = reference();
        apply(fact, value, &mut f, &mut source).unwrap_or_else(|| panic!("unknown row {line}"));
        let reference_weight = match *fact {
            "title" => 2.6,
            "function" => 1.3,
            "company size" => 1.1,
            "industry" => 0.9,
            "e-mail" => 0.9,
            _ => 0.0,
        };
        let got = propensity(&f, source) - base + reference_weight;
        assert!(
            (got - weight(w)).abs() < 1e-9,
            "{line}: the code says {got}"
        );
    }
    assert_eq!(rows, 37, "every weight is documented");
    // The base: the reference lead's weights sum to z.
    let sum = -8.1 + 2.6 + 1.3 + 1.1 + 0.9 + 0.9;
    assert!(
        (base - sum).abs() < 1e-9,
        "base: the code says {}",
        base - sum + 8.1
    );
}

#[test]
fn facts_are_read_back_from_generated_titles_and_addresses() {
    let cases = [
        ("Diretora de Marketing", Seniority::Senior, Some(true)),
        ("Analista Sênior Financeiro", Seniority::Middle, Some(false)),
        ("Analista de TI", Seniority::Junior, Some(true)),
        ("HEAD OF GROWTH", Seniority::Senior, Some(true)),
        ("Finance Intern", Seniority::Student, Some(false)),
        ("Co-founder & CEO", Seniority::Executive, None),
        ("Estudante", Seniority::Student, None),
        ("Professor", Seniority::Outsider, None),
    ];
    for (t, seniority, function) in cases {
        assert_eq!(title(t), (seniority, function), "{t}");
    }
    assert_eq!(mail("  ANA@PIPEFY.COM "), MailKind::Competitor);
    assert_eq!(mail("ana@gmail.com"), MailKind::Free);
    assert_eq!(mail("contato@nexa.com.br"), MailKind::Role);
    assert_eq!(mail("x@mailinator.com"), MailKind::Disposable);
    assert_eq!(mail("ana.silva@nexa.com.br"), MailKind::Corporate);
    assert_eq!(mail("joao.silva@gmail"), MailKind::Missing);
    assert_eq!(mail("n/a"), MailKind::Missing);
}
