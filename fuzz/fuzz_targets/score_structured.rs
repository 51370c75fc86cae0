//! Fuzzes scoring with `arbitrary`-built leads (model field names, accents, numeric strings, emails, events around `now`): no panic, invariants kept.
#![no_main]

use arbitrary::Arbitrary;
use leadgate::{CompiledModel, Timestamp, Value};
use leadgate_fuzz::{check, compiled_models, options, NOW_MILLIS};
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;
use std::sync::OnceLock;

static MODELS: OnceLock<Vec<CompiledModel>> = OnceLock::new();

#[rustfmt::skip]
const KEYS: &[&str] = &[
    "email", "company", "company_size", "job_title", "country", "form", "page_views", "website",
    "newsletter", "phone", "industry", "company.size", "previous_stage", "path", "title",
    "meta", "utm", "events", "event", "at",
];

#[rustfmt::skip]
const TEXTS: &[&str] = &[
    "", " ", "\t\n", "120", " 42 ", "-3.5", "1e3", "NaN", "Infinity", "true", "false",
    "Diretora de Operações", "DIRETÓRIA", "Head of Marketing", "VP, Sales", "Engenheira",
    "gerentes", "Straße", "E\u{301}", "🚀CEO🚀", "ΑΒΓ", "\u{212B}ngström", "ß", "İ",
    "ana@gmail.com", "contato@acme.com.br", "x@mailinator.com", "vendas+x@empresa.com",
    "not an email", "@", "a@b", "a@b.c", "https://www.acme.com/path?q=1", "www.rival.com",
    "//acme.com:8080", "user@sub.rival.com.", "acme.com", "ACME Ltda", "Brasil", "México",
    "demo_request", "Demo Request", "/pricing", "/demo/x", "ads", "test webinar", "SQL", "MQL",
    "lead", "Engaged", "  SQL  ", "2026-11-26", "2026-11-26T11:59:59.999Z",
];

#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Raw(String),
    Long(u8, u16),
}

#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i32),
    Float(f64),
    Text(Text),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

#[derive(Arbitrary, Debug)]
enum At {
    /// Minutes from `now` (negative: the past).
    Minutes(i32),
    /// A bare date, days from `now`.
    Days(i16),
    Raw(Text),
    Number(i64),
    Missing,
}

#[derive(Arbitrary, Debug)]
struct Event {
    name: Option<Text>,
    at: At,
    props: Vec<(Key, Json)>,
}

#[derive(Arbitrary, Debug)]
enum Events {
    List(Vec<Event>),
    Other(Json),
}

#[derive(Arbitrary, Debug)]
struct Input {
    model: u8,
    now_shift_minutes: i16,
    previous_stage: Option<Text>,
    fields: Vec<(Key, Json)>,
    events: Option<Events>,
}

fn text(t: &Text) -> String {
    match t {
        Text::Known(i) => TEXTS[usize::from(*i) % TEXTS.len()].to_string(),
        Text::Raw(s) => s.clone(),
        Text::Long(i, n) => TEXTS[usize::from(*i) % TEXTS.len()].repeat(usize::from(*n) % 600),
    }
}

fn key(k: &Key) -> String {
    match k {
        Key::Known(i) => KEYS[usize::from(*i) % KEYS.len()].to_string(),
        Key::Other(s) => s.clone(),
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

fn write_json(v: &Json, out: &mut String) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Json::Float(x) => out.push_str(&serde_json::to_string(x).unwrap_or_default()),
        Json::Text(t) => write_str(&text(t), out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Json::Object(pairs) => write_object(pairs.iter().map(|(k, v)| (key(k), v)), out),
    }
}

fn write_object<'a>(pairs: impl Iterator<Item = (String, &'a Json)>, out: &mut String) {
    out.push('{');
    for (i, (k, v)) in pairs.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(&k, out);
        out.push(':');
        write_json(v, out);
    }
    out.push('}');
}

fn write_event(e: &Event, out: &mut String) {
    out.push('{');
    if let Some(name) = &e.name {
        out.push_str("\"event\":");
        write_str(&text(name), out);
        out.push(',');
    }
    let minute = 60_000i64;
    match &e.at {
        At::Minutes(m) => {
            let at = Timestamp(NOW_MILLIS + i64::from(*m) * minute);
            let _ = write!(out, "\"at\":\"{}\",", at.to_rfc3339());
        }
        At::Days(d) => {
            let at = Timestamp(NOW_MILLIS + i64::from(*d) * 1440 * minute).to_rfc3339();
            let _ = write!(out, "\"at\":\"{}\",", at.get(..10).unwrap_or(&at));
        }
        At::Raw(t) => {
            out.push_str("\"at\":");
            write_str(&text(t), out);
            out.push(',');
        }
        At::Number(n) => {
            let _ = write!(out, "\"at\":{n},");
        }
        At::Missing => {}
    }
    let mut props = String::new();
    write_object(e.props.iter().map(|(k, v)| (key(k), v)), &mut props);
    // Splice the properties into the same object.
    let inner = props.get(1..props.len() - 1).unwrap_or_default();
    out.push_str(inner);
    if out.ends_with(',') {
        out.pop();
    }
    out.push('}');
}

fn lead_text(input: &Input) -> String {
    let mut out = String::new();
    write_object(input.fields.iter().map(|(k, v)| (key(k), v)), &mut out);
    out.pop();
    if let Some(events) = &input.events {
        if !input.fields.is_empty() {
            out.push(',');
        }
        out.push_str("\"events\":");
        match events {
            Events::List(list) => {
                out.push('[');
                for (i, e) in list.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_event(e, &mut out);
                }
                out.push(']');
            }
            Events::Other(v) => write_json(v, &mut out),
        }
    }
    out.push('}');
    out
}

fuzz_target!(|input: Input| {
    let models = MODELS.get_or_init(compiled_models);
    let Some(model) = models.get(usize::from(input.model) % models.len()) else {
        return;
    };
    let json = lead_text(&input);
    let lead: Value = match serde_json::from_str(&json) {
        Ok(lead) => lead,
        // serde_json refuses nesting deeper than 128 (the CLI reports such a lead as bad JSON).
        Err(e) if e.to_string().contains("recursion limit") => return,
        // Anything else is a bug of the writer above.
        Err(e) => panic!("the harness wrote invalid JSON ({e}): {json}"),
    };
    let shift = i64::from(input.now_shift_minutes) * 60_000;
    let previous = input.previous_stage.as_ref().map(text);
    check(model, &lead, &options(shift, previous));
});
