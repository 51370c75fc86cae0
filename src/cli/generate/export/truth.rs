//! The "truth" of the sample export: how likely a generated lead is to become
//! a customer, from facts about the lead — never from a leadgate model, so
//! that a backtest of a model against the export is not circular.
//!
//! The facts are read back from the generated fields with the generator's own
//! vocabulary (`data.rs`: the seniority a title was built from, the true size
//! behind "500+", the kind of mail domain it picked); the model has to find
//! them with its own rules and lists. Each fact adds to the lead's log-odds of
//! winning ([`propensity`]); an unobserved part (budget, timing, the
//! salesperson) adds normal noise on top, drawn by the caller. The weights are
//! documented in docs/default-model.md, "How the sample export decides who
//! wins".

use super::super::{data, Event, Field};

/// How senior a job title is, by the words the generator built it from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seniority {
    /// Owner, founder, C-level, managing director.
    Executive,
    /// Director, head, VP, manager, superintendent, team lead.
    Senior,
    /// Coordinator, specialist, supervisor, consultant, senior analyst.
    Middle,
    /// Analyst, assistant.
    Junior,
    /// Student, intern, trainee.
    Student,
    /// Titles outside the buying team (developer, teacher, freelancer).
    Outsider,
    /// No title given.
    Unknown,
}

/// The kind of e-mail address, by the generator's own domain lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// A company's own domain.
    Corporate,
    /// A free provider (gmail.com, bol.com.br, …).
    Free,
    /// A shared inbox (`contato@`, `vendas@`) at a company domain.
    Role,
    /// A throw-away service.
    Disposable,
    /// A competitor's domain.
    Competitor,
    /// Missing, blank or not an address.
    Missing,
}

/// What the simulation knows about one lead.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// Seniority of the title.
    pub seniority: Seniority,
    /// Whether the title's function buys this product (marketing, sales, IT, operations).
    pub buying_function: Option<bool>,
    /// The company's true size, when one was given in any form.
    pub size: Option<u64>,
    /// Whether the industry is one the product sells to.
    pub target_industry: Option<bool>,
    /// The e-mail's kind.
    pub mail: MailKind,
    /// The form filled in (empty: none).
    pub form: String,
    /// Whether the lead's CRM is one the product integrates with.
    pub integrable_crm: bool,
    /// Names of the lead's events, with a pricing-page flag for page views.
    pub events: Vec<(&'static str, bool)>,
}

/// Functions that buy the product (the rest: finance, HR, purchasing, engineering, product).
const BUYING_AREAS: &[&str] = &[
    "marketing",
    "comercial",
    "vendas",
    "ti",
    "operações",
    "growth",
    "tecnologia",
    "processos",
    "sucesso do cliente",
    "marketing digital",
    "inovação",
    "geração de demanda",
    "ventas",
    "operaciones",
    "sistemas",
    "mercadeo",
    "tecnología",
    "innovación",
    "sales",
    "it",
    "operations",
    "revenue operations",
    "demand generation",
    "customer success",
    "digital transformation",
];

/// Industries the product sells to; the rest (education, government, media, …) rarely buy.
const TARGET_INDUSTRIES: &[&str] = &[
    "Software",
    "Tecnologia",
    "Serviços Financeiros",
    "Fintech",
    "Varejo",
    "Logística",
    "Saúde",
    "Indústria",
    "Agronegócio",
    "Retail",
    "Manufacturing",
    "Healthcare",
    "Comercio",
    "Servicios Financieros",
    "Salud",
    "Manufactura",
    "Seguros",
    "Insurance",
    "Technology",
];

/// CRMs the product integrates with.
const INTEGRABLE_CRMS: &[&str] = &[
    "Salesforce",
    "HubSpot",
    "Pipedrive",
    "RD Station",
    "RD Station CRM",
    "Dynamics 365",
    "Zoho CRM",
];

/// The true sizes behind the size texts the generator writes.
const SIZE_TEXTS: &[(&str, u64)] = &[
    ("51-200", 120),
    ("500+", 800),
    ("mil", 1000),
    ("1.000", 1000),
    ("10 a 50", 30),
];

fn text<'a>(fields: &'a [(&'static str, Field)], name: &str) -> Option<&'a str> {
    fields.iter().find_map(|(k, v)| match v {
        Field::Text(t) if *k == name => Some(t.as_str()),
        _ => None,
    })
}

/// Reads the facts of a generated lead.
pub fn facts(fields: &[(&'static str, Field)]) -> Facts {
    let (seniority, buying_function) =
        text(fields, "job_title").map_or((Seniority::Unknown, None), title);
    let size = fields.iter().find_map(|(k, v)| match v {
        Field::Number(n) if *k == "company_size" => Some(*n),
        Field::Text(t) if *k == "company_size" => {
            SIZE_TEXTS.iter().find(|(s, _)| s == t).map(|(_, n)| *n)
        }
        _ => None,
    });
    let events = fields
        .iter()
        .find_map(|(_, v)| match v {
            Field::Events(e) => Some(e.as_slice()),
            _ => None,
        })
        .unwrap_or_default();
    Facts {
        seniority,
        buying_function,
        size,
        target_industry: text(fields, "industry").map(|i| TARGET_INDUSTRIES.contains(&i)),
        mail: mail(text(fields, "email").unwrap_or_default()),
        form: text(fields, "form").unwrap_or_default().to_string(),
        integrable_crm: text(fields, "crm").is_some_and(|c| INTEGRABLE_CRMS.contains(&c)),
        events: events.iter().map(event).collect(),
    }
}

fn event(e: &Event) -> (&'static str, bool) {
    let pricing = e.props.iter().any(|(k, v)| {
        *k == "path" && ["/pricing", "/precos", "/planos", "/precios"].contains(&v.as_str())
    });
    (e.name, pricing)
}

/// The generator's stand-alone titles and its Portuguese and Spanish levels
/// (longest first), lower-cased once per run rather than once per lead.
fn vocabulary() -> &'static (Vec<String>, Vec<String>) {
    static VOCABULARY: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let lower = |list: &[&str]| list.iter().map(|l| l.to_lowercase()).collect::<Vec<_>>();
        let extras = [
            data::TITLE_EXTRAS_PT,
            data::TITLE_EXTRAS_ES,
            data::TITLE_EXTRAS_EN,
        ]
        .concat();
        let mut levels = lower(&[data::TITLE_LEVELS_PT, data::TITLE_LEVELS_ES].concat());
        levels.sort_by_key(|l| std::cmp::Reverse(l.len()));
        (lower(&extras), levels)
    })
}

/// Seniority and function of a title built from the generator's vocabulary.
fn title(title: &str) -> (Seniority, Option<bool>) {
    let t = title.to_lowercase();
    if t.is_empty() {
        return (Seniority::Unknown, None);
    }
    let (extras, levels) = vocabulary();
    if let Some(extra) = extras.iter().find(|e| **e == t) {
        return (extra_seniority(extra), None);
    }
    // English patterns first: "Head of {}" is not the Portuguese level "Head".
    for (pattern, seniority) in EN_PATTERNS {
        let (before, after) = pattern.split_once("{}").unwrap_or((pattern, ""));
        if let Some(area) = t
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after))
        {
            return (*seniority, Some(BUYING_AREAS.contains(&area.trim())));
        }
    }
    // "{level} {area}" in Portuguese and Spanish; the longest level first ("analista sênior").
    for level in levels {
        if let Some(rest) = t.strip_prefix(level.as_str()) {
            let area = rest.trim().trim_start_matches("de ").trim();
            return (level_seniority(level), Some(BUYING_AREAS.contains(&area)));
        }
    }
    (Seniority::Outsider, None)
}

const EN_PATTERNS: &[(&str, Seniority)] = &[
    ("head of {}", Seniority::Senior),
    ("vp of {}", Seniority::Senior),
    ("director of {}", Seniority::Senior),
    ("senior {} specialist", Seniority::Middle),
    ("{} director", Seniority::Senior),
    ("{} manager", Seniority::Senior),
    ("{} lead", Seniority::Senior),
    ("{} coordinator", Seniority::Middle),
    ("{} analyst", Seniority::Junior),
    ("{} intern", Seniority::Student),
];

fn level_seniority(level: &str) -> Seniority {
    match level {
        "diretor" | "diretora" | "director" | "directora" | "head" | "superintendente"
        | "gerente" | "jefe" | "jefa" | "líder" => Seniority::Senior,
        "coordenador" | "coordenadora" | "coordinador" | "especialista" | "supervisor"
        | "consultora" | "analista sênior" => Seniority::Middle,
        _ => Seniority::Junior,
    }
}

fn extra_seniority(extra: &str) -> Seniority {
    match extra {
        "ceo" | "sócio-fundador" | "fundadora" | "cto" | "cmo" | "sócio" | "diretor geral"
        | "fundador" | "socio" | "gerente general" | "founder" | "co-founder & ceo" | "cro"
        | "cio" | "owner" | "managing director" => Seniority::Executive,
        "estudante"
        | "estagiário de marketing"
        | "estagiária"
        | "aluno de mba"
        | "estudiante"
        | "pasante"
        | "becario"
        | "practicante de marketing"
        | "student"
        | "phd student" => Seniority::Student,
        _ => Seniority::Outsider,
    }
}

fn mail(email: &str) -> MailKind {
    let email = email.trim().to_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return MailKind::Missing;
    };
    if local.is_empty() || !domain.contains('.') {
        return MailKind::Missing;
    }
    if data::COMPETITOR_DOMAINS.contains(&domain) {
        MailKind::Competitor
    } else if data::DISPOSABLE_DOMAINS.contains(&domain) {
        MailKind::Disposable
    } else if data::FREE_DOMAINS.iter().any(|(d, _)| *d == domain) {
        MailKind::Free
    } else if data::ROLE_LOCALS.contains(&local) {
        MailKind::Role
    } else {
        MailKind::Corporate
    }
}

/// The lead's log-odds of becoming a customer from its observable facts
/// (before the unobserved part); `source` is its utm_source.
pub fn propensity(f: &Facts, source: &str) -> f64 {
    let mut z = -8.1;
    z += match f.seniority {
        Seniority::Executive => 3.1,
        Seniority::Senior => 2.6,
        Seniority::Middle => 0.9,
        Seniority::Junior => -1.1,
        Seniority::Student => -8.8,
        Seniority::Outsider => -2.2,
        Seniority::Unknown => -1.5,
    };
    z += match f.buying_function {
        Some(true) => 1.3,
        Some(false) => -1.3,
        None => 0.0,
    };
    z += match f.size {
        None => -0.7,
        Some(0..=9) => -3.1,
        Some(10..=49) => -0.4,
        Some(50..=199) => 1.1,
        Some(200..=999) => 1.8,
        Some(_) => 1.5,
    };
    z += match f.target_industry {
        Some(true) => 0.9,
        _ => -0.7,
    };
    z += match f.mail {
        MailKind::Corporate => 0.9,
        MailKind::Free => -1.8,
        MailKind::Role => -1.1,
        MailKind::Disposable => -11.0,
        MailKind::Competitor => -15.0,
        MailKind::Missing => -2.6,
    };
    z += match f.form.as_str() {
        "demo_request" | "contact_sales" => 3.3,
        "trial_signup" => 1.5,
        "webinar_signup" => 0.4,
        "newsletter" => -0.4,
        "" => -0.2,
        _ => 0.0,
    };
    let has = |name: &str| f.events.iter().any(|(n, _)| *n == name);
    z += [
        ("meeting_booked", 2.2),
        ("trial_started", 1.5),
        ("webinar_attended", 0.9),
    ]
    .iter()
    .filter(|(name, _)| has(name))
    .map(|(_, w)| w)
    .sum::<f64>();
    if f.events.iter().any(|(_, pricing)| *pricing) {
        z += 0.7;
    }
    if f.integrable_crm {
        z += 0.7;
    }
    z += match source {
        "linkedin" => 0.9,
        "facebook" | "instagram" => -0.7,
        _ => 0.0,
    };
    z
}

#[cfg(test)]
#[path = "truth_tests.rs"]
mod tests;
