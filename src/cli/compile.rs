//! `leadgate compile`: a model compiled ahead of time, as bytes that the
//! small `leadgate/lite` wasm (and `score -m`) load without compiling.

use super::args::{Arg, Args};
use super::common::{load_model, Failure};
use super::{help, EXIT_OK};
use std::io::Write;

/// Runs `leadgate compile`.
pub fn run(mut args: Args) -> Result<u8, Failure> {
    let mut model = None;
    let mut output = None;
    while let Some(arg) = args.next_arg() {
        match arg {
            Arg::Flag(f, v) if f == "-o" || f == "--output" => output = Some(args.value(&f, v)?),
            Arg::Flag(f, _) if f == "--help" || f == "-h" => {
                super::common::write_stdout(help::COMPILE.as_bytes())?;
                return Ok(EXIT_OK);
            }
            Arg::Flag(f, _) => return Err(args.unknown(&f, &["--output", "--help"]).into()),
            Arg::Positional(p) if model.is_none() => model = Some(p),
            Arg::Positional(p) => {
                return Err(args
                    .error(format!("one model at a time (also got {p:?})"))
                    .into())
            }
        }
    }
    // Next to the model by default: `sla.json` → `sla.lgm`.
    let output = match (output, &model) {
        (Some(o), _) => o,
        (None, Some(m)) if m != "-" => {
            let path = std::path::Path::new(m).with_extension("lgm");
            path.to_string_lossy().into_owned()
        }
        _ => {
            return Err(args
                .error("say where to write: -o FILE (or -o - for stdout)".into())
                .into())
        }
    };
    let compiled = load_model(model.as_deref())?;
    let bytes = compiled.to_bytes();
    if output == "-" {
        super::common::write_stdout(&bytes)?;
    } else {
        std::fs::write(&output, &bytes)
            .map_err(|e| Failure::Fatal(format!("cannot write {output}: {e}")))?;
    }
    let info = compiled.info();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "leadgate: wrote {output} ({} bytes; {} {} {})",
        bytes.len(),
        info.id,
        info.version,
        info.hash
    );
    Ok(EXIT_OK)
}
