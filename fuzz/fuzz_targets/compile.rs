//! Fuzzes `leadgate::compile` on arbitrary text: no panic, every problem has a code and a message, and a model that compiles scores `{}` and a busy lead.
#![no_main]

use leadgate_fuzz::{check, options};
use libfuzzer_sys::fuzz_target;

const BUSY_LEAD: &str = r#"{"email":"Ana.Diretora@acme.com.br","company":"ACME","company_size":"120",
 "job_title":"Diretora de Operações","country":"BR","form":"demo_request","page_views":12,
 "events":[{"event":"page_view","at":"2026-11-20T10:00:00Z","path":"/pricing"},
           {"event":"webinar","at":"2026-10-01"},{"event":"x","at":"bad"}]}"#;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match leadgate::compile(&text) {
        Ok(model) => {
            let empty: leadgate::Value = serde_json::from_str("{}").unwrap_or_default();
            let busy: leadgate::Value = serde_json::from_str(BUSY_LEAD).unwrap_or_default();
            let names: Vec<String> = model.stage_names().map(str::to_string).collect();
            check(&model, &empty, &options(0, None));
            check(&model, &busy, &options(0, None));
            for name in names {
                check(&model, &busy, &options(0, Some(name)));
            }
        }
        Err(errors) => {
            assert!(!errors.problems().is_empty(), "an error without problems");
            for p in errors.problems() {
                assert!(!p.code.is_empty() && !p.message.is_empty(), "{p:?}");
            }
        }
    }
});
