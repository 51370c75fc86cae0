//! The `leadgate` command-line tool: argument handling and dispatch. Each
//! command lives in its own module; the core is used only through its public API.

mod args;
mod check;
mod common;
mod compile;
mod csv;
mod explain;
mod export_flags;
mod generate;
mod help;
mod input;
mod json_out;
mod open;
mod progress;
mod report;
mod review;
mod score;
mod tune;
mod worker;

use args::UsageError;
use common::Failure;
use std::io::Write;

/// Exit code: everything worked.
pub const EXIT_OK: u8 = 0;
/// Exit code: some leads or models had problems (they were reported).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage, model or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// Runs the tool with the process's arguments and returns the exit code.
pub fn main() -> u8 {
    let args = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    run(args)
}

/// Runs the tool with the given arguments (without the program name).
pub fn run(args: impl IntoIterator<Item = String>) -> u8 {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        eprint!("{}", help::TOP);
        return EXIT_USAGE;
    };
    let result = match command.as_str() {
        "score" => score::run(args::Args::new(args, "score")),
        "check" => check::run(args::Args::new(args, "check")),
        "compile" => compile::run(args::Args::new(args, "compile")),
        "explain" => explain::run(args::Args::new(args, "explain")),
        "schema" => schema(args::Args::new(args, "schema")),
        "generate" => {
            // `generate --export` writes a CRM export of past leads (for `report`).
            let mut rest: Vec<String> = args.collect();
            let export = rest.len();
            rest.retain(|a| a != "--export");
            if rest.len() < export {
                generate::export::run(args::Args::new(rest, "generate"))
            } else {
                generate::run(args::Args::new(rest, "generate"))
            }
        }
        "report" => report::run(args::Args::new(args, "report")),
        "review" => review::run(args::Args::new(args, "review")),
        "tune" => tune::run(args::Args::new(args, "tune")),
        "help" | "--help" | "-h" => return help_command(args.next()),
        "--version" | "-V" | "version" => {
            print_stdout(&format!("leadgate {}\n", crate::VERSION));
            return EXIT_OK;
        }
        other => Err(Failure::Usage(UsageError {
            message: match args::closest(other, help::COMMANDS) {
                Some(near) => format!("unknown command {other:?} (did you mean {near}?)"),
                None => format!("unknown command {other:?}"),
            },
            command: None,
        })),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(e)) => {
            let help = match e.command {
                Some(cmd) => format!("leadgate help {cmd}"),
                None => "leadgate --help".to_string(),
            };
            eprintln!(
                "leadgate: {}\nTry '{help}' for more information.",
                e.message
            );
            EXIT_USAGE
        }
        Err(Failure::Fatal(message)) => {
            eprintln!("leadgate: {message}");
            EXIT_USAGE
        }
        Err(Failure::Reported) => EXIT_USAGE,
        // The reader of our output stopped early (`| head`): that is their call, not an error.
        Err(Failure::BrokenPipe) => EXIT_OK,
    }
}

/// `leadgate help [CMD]`.
fn help_command(topic: Option<String>) -> u8 {
    match topic.as_deref() {
        None => {
            print_stdout(help::TOP);
            EXIT_OK
        }
        Some(name) => match help::for_command(name) {
            Some(text) => {
                print_stdout(text);
                EXIT_OK
            }
            None => {
                eprintln!(
                    "leadgate: no help for {name:?}; commands: {}",
                    help::COMMANDS.join(", ")
                );
                EXIT_USAGE
            }
        },
    }
}

/// `leadgate schema`: the model's JSON Schema, pretty.
fn schema(mut args: args::Args) -> Result<u8, Failure> {
    if let Some(arg) = args.next_arg() {
        return match arg {
            args::Arg::Flag(f, _) if f == "--help" || f == "-h" => {
                print_stdout(help::SCHEMA);
                Ok(EXIT_OK)
            }
            args::Arg::Flag(f, _) => Err(Failure::Usage(args.unknown(&f, &["--help"]))),
            args::Arg::Positional(p) => Err(Failure::Usage(
                args.error(format!("unexpected argument {p:?}")),
            )),
        };
    }
    let text = serde_json::to_string_pretty(&crate::model::schema::model_schema())
        .map_err(|e| Failure::Fatal(e.to_string()))?;
    common::write_stdout(format!("{text}\n").as_bytes())?;
    Ok(EXIT_OK)
}

/// Prints help text; a closed stdout is not worth an error here.
fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
