//! One generated lead: who they are, where they work, what they did.

use super::data;
use super::{Event, Field, COLUMNS, DAY_MS};
use crate::Timestamp;

/// splitmix64: tiny, fast, and good enough for sample data.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0; the modulo bias is irrelevant for sample data).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high.saturating_sub(low) + 1)
    }
    /// True with probability `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        let i = self.below(list.len() as u64) as usize;
        list.get(i).copied().unwrap_or_default()
    }
    fn weighted<'a>(&mut self, list: &[(&'a str, u32)]) -> &'a str {
        let total: u64 = list.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.below(total);
        for (item, weight) in list {
            if roll < u64::from(*weight) {
                return item;
            }
            roll -= u64::from(*weight);
        }
        ""
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Pt,
    Es,
    En,
}

/// One lead: fields in `COLUMNS` order, some missing or odd on purpose.
pub fn generate_lead(rng: &mut Rng, n: u64, now: Timestamp) -> Vec<(&'static str, Field)> {
    let country = rng.weighted(data::COUNTRIES);
    let lang = match country {
        "BR" | "Brasil" | "br" | "PT" => Lang::Pt,
        "MX" | "México" | "AR" | "CO" | "CL" | "PE" | "UY" | "EC" | "CR" | "ES" => Lang::Es,
        _ => Lang::En,
    };
    let (firsts, lasts, suffixes) = match lang {
        Lang::Pt => (
            data::FIRST_NAMES_BR,
            data::LAST_NAMES_BR,
            data::COMPANY_SUFFIXES_BR,
        ),
        Lang::Es => (
            data::FIRST_NAMES_ES,
            data::LAST_NAMES_ES,
            data::COMPANY_SUFFIXES_ES,
        ),
        Lang::En => (
            data::FIRST_NAMES_GLOBAL,
            data::LAST_NAMES_GLOBAL,
            data::COMPANY_SUFFIXES_GLOBAL,
        ),
    };
    let first = rng.pick(firsts);
    let mut last = rng.pick(lasts).to_string();
    if lang == Lang::Pt && rng.chance(250) {
        last = format!("{} {last}", rng.pick(data::LAST_NAMES_BR));
    }
    let core = rng.pick(data::COMPANY_CORES);
    let suffix = rng.pick(suffixes);
    let company = format!("{core} {suffix}");
    let mut lead: Vec<(&'static str, Field)> = Vec::with_capacity(COLUMNS.len());
    lead.push(("id", Field::Text(format!("lead-{n:07}"))));
    lead.push(("first_name", Field::Text(first.to_string())));
    lead.push(("last_name", Field::Text(last.clone())));
    if let Some(email) = email(rng, first, &last, core, suffix, country) {
        lead.push(("email", Field::Text(email)));
    }
    if !rng.chance(30) {
        lead.push(("company", Field::Text(company)));
    }
    if let Some(size) = company_size(rng) {
        lead.push(("company_size", size));
    }
    if let Some(title) = job_title(rng, lang) {
        lead.push(("job_title", Field::Text(title)));
    }
    if !rng.chance(120) {
        lead.push((
            "industry",
            Field::Text(rng.pick(data::INDUSTRIES).to_string()),
        ));
    }
    if !rng.chance(30) {
        lead.push(("country", Field::Text(country.to_string())));
    }
    if rng.chance(550) {
        lead.push(("crm", Field::Text(rng.pick(data::CRMS).to_string())));
    }
    let form = rng.weighted(data::FORMS);
    if !form.is_empty() {
        lead.push(("form", Field::Text(form.to_string())));
    }
    if !rng.chance(150) {
        let views = if rng.chance(150) {
            rng.between(10, 60)
        } else {
            rng.below(12)
        };
        lead.push(("page_views", Field::Number(views)));
    }
    let events = events(rng, now);
    if !events.is_empty() || rng.chance(300) {
        lead.push(("events", Field::Events(events)));
    }
    lead
}

fn email(
    rng: &mut Rng,
    first: &str,
    last: &str,
    core: &str,
    suffix: &str,
    country: &str,
) -> Option<String> {
    let first_ascii = ascii_slug(first, "");
    let last_ascii = ascii_slug(last.split(' ').next_back().unwrap_or(last), "");
    let local = match rng.below(6) {
        0 | 1 => format!("{first_ascii}.{last_ascii}"),
        2 => format!("{}{last_ascii}", first_ascii.chars().next().unwrap_or('x')),
        3 => first_ascii.clone(),
        4 => format!("{first_ascii}_{last_ascii}"),
        _ => format!("{first_ascii}.{last_ascii}{}", rng.between(1, 99)),
    };
    let tld = match country {
        "BR" | "Brasil" | "br" => ".com.br",
        "MX" | "México" => ".com.mx",
        "AR" => ".com.ar",
        "CO" => ".com.co",
        "CL" => ".cl",
        "PE" => ".pe",
        "PT" => ".pt",
        "ES" => ".es",
        "DE" => ".de",
        _ if rng.chance(300) => ".io",
        _ => ".com",
    };
    let suffix_word = suffix.split(' ').next().unwrap_or("");
    let company_domain = if rng.chance(400) && suffix_word.len() > 4 {
        format!("{}{tld}", ascii_slug(&format!("{core}{suffix_word}"), ""))
    } else {
        format!("{}{tld}", ascii_slug(core, ""))
    };
    let roll = rng.below(1000);
    Some(match roll {
        0..=619 => format!("{local}@{company_domain}"),
        620..=859 => format!("{local}@{}", rng.weighted(data::FREE_DOMAINS)),
        860..=909 => format!("{}@{company_domain}", rng.pick(data::ROLE_LOCALS)),
        910..=939 => format!(
            "{local}{}@{}",
            rng.below(999),
            rng.pick(data::DISPOSABLE_DOMAINS)
        ),
        940..=949 => format!("{local}@{}", rng.pick(data::COMPETITOR_DOMAINS)),
        950..=964 => format!(
            "  {}@{}  ",
            local.to_uppercase(),
            company_domain.to_uppercase()
        ),
        965..=979 => return None,
        980..=989 => String::new(),
        _ => rng
            .pick(&[
                "n/a",
                "ana@",
                "joao.silva@gmail",
                "sem email",
                "@empresa.com.br",
            ])
            .to_string(),
    })
}

fn company_size(rng: &mut Rng) -> Option<Field> {
    let roll = rng.below(1000);
    let size = match roll {
        0..=59 => return None,
        60..=79 => {
            let text = rng.pick(&["51-200", "500+", "mil", "1.000", "10 a 50", "não sei"]);
            return Some(Field::Text(text.to_string()));
        }
        80..=219 => rng.between(1, 9),
        220..=459 => rng.between(10, 49),
        460..=699 => rng.between(50, 199),
        700..=879 => rng.between(200, 999),
        _ => rng.between(1000, 25_000),
    };
    Some(Field::Number(size))
}

fn job_title(rng: &mut Rng, lang: Lang) -> Option<String> {
    if rng.chance(25) {
        return None;
    }
    if rng.chance(15) {
        return Some(String::new());
    }
    // English titles are common everywhere in B2B tech.
    let lang = if lang != Lang::En && rng.chance(150) {
        Lang::En
    } else {
        lang
    };
    let extra = rng.chance(180);
    let title = match (lang, extra) {
        (Lang::Pt, true) => rng.pick(data::TITLE_EXTRAS_PT).to_string(),
        (Lang::Es, true) => rng.pick(data::TITLE_EXTRAS_ES).to_string(),
        (Lang::En, true) => rng.pick(data::TITLE_EXTRAS_EN).to_string(),
        (Lang::Pt, false) => format!(
            "{} {}",
            rng.pick(data::TITLE_LEVELS_PT),
            rng.pick(data::TITLE_AREAS_PT)
        ),
        (Lang::Es, false) => format!(
            "{} {}",
            rng.pick(data::TITLE_LEVELS_ES),
            rng.pick(data::TITLE_AREAS_ES)
        ),
        (Lang::En, false) => rng
            .pick(data::TITLE_PATTERNS_EN)
            .replace("{}", rng.pick(data::TITLE_AREAS_EN)),
    };
    Some(if rng.chance(20) {
        title.to_uppercase()
    } else {
        title
    })
}

fn events(rng: &mut Rng, now: Timestamp) -> Vec<Event> {
    let count = match rng.below(100) {
        0..=29 => 0,
        30..=49 => 1,
        50..=64 => 2,
        65..=76 => 3,
        77..=85 => 4,
        86..=91 => 5,
        92..=95 => 6,
        96..=97 => 7,
        _ => 8,
    };
    let mut ages: Vec<u64> = (0..count)
        .map(|_| rng.below(90 * DAY_MS / 1000) * 1000)
        .collect();
    ages.sort_unstable_by(|a, b| b.cmp(a));
    ages.into_iter()
        .map(|age| {
            let at = Timestamp(now.0 - i64::try_from(age).unwrap_or(0)).to_rfc3339();
            let at = if rng.chance(5) {
                "ontem".to_string()
            } else {
                at
            };
            let roll = rng.below(1000);
            let (name, props): (&'static str, Vec<(&'static str, String)>) = match roll {
                0..=549 => {
                    let mut props = vec![("path", rng.weighted(data::PAGES).to_string())];
                    if rng.chance(250) {
                        props.push(("utm_source", rng.pick(data::UTM_SOURCES).to_string()));
                    }
                    ("page_view", props)
                }
                550..=669 => (
                    "content_download",
                    vec![("path", rng.pick(data::DOWNLOADS).to_string())],
                ),
                670..=819 => (
                    "email_click",
                    vec![("campaign", format!("nurture-{}", rng.between(1, 12)))],
                ),
                820..=879 => (
                    "webinar_attended",
                    vec![(
                        "title",
                        "SLA entre marketing e vendas na prática".to_string(),
                    )],
                ),
                880..=909 => ("trial_started", Vec::new()),
                910..=924 => ("meeting_booked", Vec::new()),
                _ => ("form_submit", vec![("path", "/contato".to_string())]),
            };
            Event { name, at, props }
        })
        .collect()
}

/// Lower-case ASCII letters and digits of a name (`Conceição` → `conceicao`), for emails and domains.
fn ascii_slug(text: &str, keep: &str) -> String {
    crate::text::fold(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || keep.contains(*c))
        .collect()
}
