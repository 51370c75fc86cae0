//! Fuzzes `CompiledModel::from_bytes` on arbitrary bytes (seeded with real
//! compiled models), as they are and with their trailing checksum resealed
//! (so mutations reach the decoder, not only the checksum test): no panic;
//! an error has a stable code; a model that loads scores `{}` and a busy
//! lead, and re-encodes to bytes that load again.
#![no_main]

use leadgate::CompiledModel;
use leadgate_fuzz::{check, options};
use libfuzzer_sys::fuzz_target;

const BUSY_LEAD: &str = r#"{"email":"Ana.Diretora@acme.com.br","company":"ACME","company_size":"120",
 "job_title":"Diretora de Operações","country":"BR","form":"demo_request","page_views":12,
 "events":[{"event":"page_view","at":"2026-11-20T10:00:00Z","path":"/pricing"}]}"#;

/// FNV-1a 64, the format's checksum (src/model/binary/mod.rs).
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fuzz_target!(|data: &[u8]| {
    load(data);
    if let Some(body) = data.len().checked_sub(8).and_then(|n| data.get(..n)) {
        let mut sealed = body.to_vec();
        sealed.extend_from_slice(&checksum(body).to_le_bytes());
        load(&sealed);
    }
});

fn load(data: &[u8]) {
    match CompiledModel::from_bytes(data) {
        Ok(model) => {
            let empty: leadgate::Value = serde_json::from_str("{}").unwrap_or_default();
            let busy: leadgate::Value = serde_json::from_str(BUSY_LEAD).unwrap_or_default();
            check(&model, &empty, &options(0, None));
            check(&model, &busy, &options(0, None));
            let again = CompiledModel::from_bytes(&model.to_bytes());
            assert!(again.is_ok(), "re-encoded bytes do not load: {again:?}");
        }
        Err(e) => assert!(
            e.code == "bad_compiled_model" || e.code == "compiled_model_version",
            "{e:?}"
        ),
    }
}
