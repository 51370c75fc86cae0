//! `leadgate check`: compile model files and print their problems, compiler style.

use super::args::{Arg, Args};
use super::common::{output_error, Failure};
use super::{help, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::error::ModelErrors;
use serde::Serialize;
use std::io::{self, Write};

/// One problem as printed by `--json` (the same fields as the core's `Problem`).
#[derive(Serialize)]
struct JsonProblem<'a> {
    code: &'a str,
    path: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

/// One file's verdict as printed by `--json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    file: &'a str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a crate::ModelInfo>,
    errors: Vec<JsonProblem<'a>>,
    /// Allowed but probably not meant (e.g. `unused_team`); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<JsonProblem<'a>>,
}

fn json_problems(problems: &[crate::error::Problem]) -> Vec<JsonProblem<'_>> {
    problems
        .iter()
        .map(|p| JsonProblem {
            code: p.code,
            path: &p.path,
            message: &p.message,
            hint: p.hint.as_deref(),
        })
        .collect()
}

/// Runs `leadgate check`.
pub fn run(mut args: Args) -> Result<u8, Failure> {
    let mut json = false;
    let mut files = Vec::new();
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag(f, v) if f == "--json" => {
                args.no_value(&f, v)?;
                json = true;
            }
            Arg::Flag(f, _) if f == "--help" || f == "-h" => {
                super::common::write_stdout(help::CHECK.as_bytes())?;
                return Ok(EXIT_OK);
            }
            Arg::Flag(f, _) => return Err(args.unknown(&f, &["--json", "--help"]).into()),
            Arg::Positional(p) => files.push(p),
        }
    }
    if files.is_empty() {
        return Err(args.error("no model file given".into()).into());
    }
    let mut code = EXIT_OK;
    let mut out = io::stdout().lock();
    for file in &files {
        let bytes = match super::common::read_model_file(file) {
            Ok(bytes) => bytes,
            Err(Failure::Fatal(message)) => {
                code = EXIT_USAGE;
                if json {
                    let report = JsonReport {
                        file,
                        ok: false,
                        model: None,
                        errors: vec![JsonProblem {
                            code: "io_error",
                            path: "",
                            message: &message,
                            hint: None,
                        }],
                        warnings: Vec::new(),
                    };
                    write_json(&mut out, &report)?;
                } else {
                    eprintln!("leadgate: {message}");
                }
                continue;
            }
            Err(other) => return Err(other),
        };
        let compiled = crate::compile_bytes(&bytes);
        if compiled.is_err() && code == EXIT_OK {
            code = EXIT_FAILED;
        }
        let result = if json {
            let report = match &compiled {
                Ok(model) => JsonReport {
                    file,
                    ok: true,
                    model: Some(model.info()),
                    errors: Vec::new(),
                    warnings: json_problems(model.warnings()),
                },
                Err(errors) => JsonReport {
                    file,
                    ok: false,
                    model: None,
                    errors: json_problems(errors.problems()),
                    warnings: Vec::new(),
                },
            };
            write_json(&mut out, &report)
        } else {
            match &compiled {
                Ok(model) => {
                    let info = model.info();
                    write_warnings(&mut out, file, model.warnings())
                        .map_err(|e| output_error(&e))?;
                    writeln!(
                        out,
                        "{file}: ok ({} {} {})",
                        info.id, info.version, info.hash
                    )
                    .map_err(|e| output_error(&e))
                }
                Err(errors) => write_problems(&mut out, file, errors).map_err(|e| output_error(&e)),
            }
        };
        result?;
    }
    out.flush().map_err(|e| output_error(&e))?;
    Ok(code)
}

fn write_json(out: &mut impl Write, report: &JsonReport<'_>) -> Result<(), Failure> {
    serde_json::to_writer(&mut *out, report)
        .map_err(io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| output_error(&e))
}

/// Prints a model's warnings as `FILE: PATH: warning: message [code]` plus a hint line.
fn write_warnings(
    out: &mut impl Write,
    file: &str,
    warnings: &[crate::error::Problem],
) -> io::Result<()> {
    for w in warnings {
        writeln!(
            out,
            "{file}: {}: warning: {} [{}]",
            w.path, w.message, w.code
        )?;
        if let Some(hint) = &w.hint {
            writeln!(out, "    hint: {hint}")?;
        }
    }
    Ok(())
}

/// Prints a model's problems as `FILE: PATH: message [code]` plus an indented hint line.
pub fn write_problems(out: &mut impl Write, file: &str, errors: &ModelErrors) -> io::Result<()> {
    for p in errors.problems() {
        let path = if p.path.is_empty() { "(root)" } else { &p.path };
        writeln!(out, "{file}: {path}: {} [{}]", p.message, p.code)?;
        if let Some(hint) = &p.hint {
            writeln!(out, "    hint: {hint}")?;
        }
    }
    let n = errors.problems().len();
    writeln!(out, "{file}: {n} problem{}", if n == 1 { "" } else { "s" })
}
