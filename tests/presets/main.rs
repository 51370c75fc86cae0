//! Records → lifecycle: how `leadgate report` (and `tune`) read an export's
//! columns once it has rows of text — dates settled per column, vendor
//! presets, footers, "not measured" SLA figures — on hand-made exports
//! shaped as each tool writes them (tests/presets/exports/).

mod dates;
mod measured;
mod values;
mod vendors;

use serde_json::Value as Json;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

pub const NOW: &str = "2026-12-01T00:00:00Z";

/// A hand-made export's path.
pub fn export(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/presets/exports")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

pub fn leadgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(args)
        .output()
        .unwrap()
}

/// A file of one test, removed at the end.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(name: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("leadgate-presets-{}-{name}", std::process::id()));
        fs::write(&path, text).unwrap();
        TempFile(path)
    }
    pub fn path(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// `report --json` with the default model: (exit code, JSON or Null, stderr).
pub fn report(path: &str, extra: &[&str]) -> (i32, Json, String) {
    let mut args = vec!["report", "--now", NOW, "--json"];
    args.extend_from_slice(extra);
    args.push(path);
    let out = leadgate(&args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or(Json::Null);
    (
        out.status.code().unwrap(),
        json,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The problems of a report with a code.
pub fn problems<'a>(report: &'a Json, code: &str) -> Vec<&'a Json> {
    report["problems"]["first"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == code)
        .collect()
}

/// The CLI's report JSON without what only the CLI says in `input` (how it
/// read the bytes: encoding, delimiter), to compare with the core's, which
/// is given text; the encoding and delimiter must be the plain ones.
pub fn cli_minus_reading(cli: &Json) -> Json {
    let mut json = cli.clone();
    let input = json["input"].as_object_mut().unwrap();
    assert_eq!(input.remove("encoding"), Some(Json::from("UTF-8")));
    input.remove("encoding_from");
    if let Some(d) = input.remove("delimiter") {
        assert_eq!(d, ",");
    }
    input.remove("delimiter_from");
    json
}
