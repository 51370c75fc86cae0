//! The `leadgate` command-line tool; everything lives in `leadgate::cli`.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(leadgate::cli::main())
}
