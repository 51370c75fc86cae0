//! The small vocabulary random models and leads are drawn from.

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/// Lead fields the generated models read.
#[rustfmt::skip]
pub const FIELDS: &[&str] = &[
    "email", "company", "company_size", "job_title", "country", "form", "page_views",
];
/// Event properties read inside `where`.
pub const EVENT_PROPS: &[&str] = &["path", "title", "utm_source"];
pub const EVENT_NAMES: &[&str] = &["page_view", "form_submit", "webinar", "email_click"];
/// Stage names, highest first; a model uses a prefix of them.
pub const STAGE_NAMES: &[&str] = &["SQL", "MQL", "SAL"];
pub const FALLBACK: &str = "lead";
/// Durations the generated SLAs use, with their length in milliseconds.
pub const DURATIONS: &[(&str, i64)] = &[
    ("45s", 45_000),
    ("15m", 900_000),
    ("1h", 3_600_000),
    ("1h30m", 5_400_000),
    ("2d", 172_800_000),
    ("1w", 604_800_000),
    ("365d", 31_536_000_000),
];
/// 2026-11-26T12:00:00Z: every generated `now` and event is around it.
pub const BASE_NOW: i64 = 1_795_694_400_000;
pub const DAY_MS: i64 = 86_400_000;

/// Texts for `starts_with` / `contains_any` (all fold to something non-empty).
#[rustfmt::skip]
pub const OP_TEXTS: &[&str] = &[
    "acme", "ÁCME", "diretor", "head", "vp", "rival", "demo", "/pricing", "br", "ß", "ção", "🚀",
    "engenheir",
];
/// Keywords for `words_any` (all have at least one word).
#[rustfmt::skip]
pub const KEYWORDS: &[&str] = &[
    "diretor", "head of", "vp", "gerente*", "engenheiro", "operações", "marketing", "ceo",
    "straße",
];
#[rustfmt::skip]
pub const DOMAINS: &[&str] = &[
    "acme.com", "rival.io", "www.acme.com.br", "@gmail.com", "sub.example.org",
    "https://x.io/path",
];
#[rustfmt::skip]
pub const SCALAR_TEXTS: &[&str] = &[
    "BR", "Brasil", "demo_request", "Acme", "120", "true", "", "Diretora", "México",
];
pub const EMAIL_KINDS: &[&str] = &["free", "disposable", "role", "corporate"];

/// Lead texts: blanks, numbers as text, accents, emails, URLs, emoji.
#[rustfmt::skip]
pub const LEAD_TEXTS: &[&str] = &[
    "", " ", "\t\n", "120", " 42 ", "-3.5", "1e3", "12abc", "NaN", "inf", "true", "false",
    "Diretora de Operações", "DIRETÓRIA", "Head of Marketing", "VP, Sales",
    "Engenheira de Dados", "Gerentes", "Straße", "E\u{301}", "🚀CEO🚀", "ΑΒΓ", "ana@gmail.com",
    "Contato@Acme.com.br", "x@mailinator.com", "vendas+x@acme.com", "ana@freemail.test",
    "not an email", "a@b", "https://www.acme.com/x?y=1", "rival.io", "ACME Ltda", "Ácme",
    "Brasil", "BR", "México", "demo_request", "Demo_Request", "/pricing/enterprise", "SQL",
    "lead",
];
