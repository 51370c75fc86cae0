//! A small hand-written argument reader: `--flag`, `--opt value`, `--opt=value`, `-x`, `--`.

use std::collections::VecDeque;
use std::fmt;

/// A usage mistake: printed with a pointer to the command's help, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// What was wrong.
    pub message: String,
    /// The command whose help to point at (`None` for the top level).
    pub command: Option<&'static str>,
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One command-line item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// `--name` or `-n`, with an inline `=value` if one was given.
    Flag(String, Option<String>),
    /// Anything else (including a lone `-`, meaning stdin).
    Positional(String),
}

/// Reads the arguments of one command.
pub struct Args {
    items: VecDeque<String>,
    only_positional: bool,
    command: &'static str,
}

impl Args {
    /// Wraps the arguments that follow the command name.
    pub fn new(items: impl IntoIterator<Item = String>, command: &'static str) -> Args {
        Args {
            items: items.into_iter().collect(),
            only_positional: false,
            command,
        }
    }

    /// The next item, or `None` at the end.
    pub fn next_arg(&mut self) -> Option<Arg> {
        let item = self.items.pop_front()?;
        if self.only_positional || item == "-" || !item.starts_with('-') {
            return Some(Arg::Positional(item));
        }
        if item == "--" {
            self.only_positional = true;
            return self.next_arg();
        }
        match item.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                Some(Arg::Flag(name.to_string(), Some(value.to_string())))
            }
            _ => Some(Arg::Flag(item, None)),
        }
    }

    /// The value of an option: the inline `=value`, else the next item.
    pub fn value(&mut self, flag: &str, inline: Option<String>) -> Result<String, UsageError> {
        if let Some(v) = inline {
            return Ok(v);
        }
        match self.items.pop_front() {
            Some(v) if v == "-" || !v.starts_with("--") => Ok(v),
            Some(v) => {
                self.items.push_front(v);
                Err(self.error(format!("{flag} needs a value")))
            }
            None => Err(self.error(format!("{flag} needs a value"))),
        }
    }

    /// The value of a whole-number option such as `--threads 4`.
    pub fn number<T: std::str::FromStr>(
        &mut self,
        flag: &str,
        inline: Option<String>,
    ) -> Result<T, UsageError> {
        let value = self.value(flag, inline)?;
        value
            .parse()
            .map_err(|_| self.error(format!("{flag}: expected a whole number, got {value:?}")))
    }

    /// Rejects an inline value on a flag that takes none.
    pub fn no_value(&self, flag: &str, inline: Option<String>) -> Result<(), UsageError> {
        match inline {
            Some(_) => Err(self.error(format!("{flag} takes no value"))),
            None => Ok(()),
        }
    }

    /// A usage error for this command.
    pub fn error(&self, message: String) -> UsageError {
        UsageError {
            message,
            command: Some(self.command),
        }
    }

    /// The error for a flag this command does not know, with a suggestion.
    pub fn unknown(&self, flag: &str, known: &[&str]) -> UsageError {
        let hint = closest(flag, known)
            .map(|k| format!(" (did you mean {k}?)"))
            .unwrap_or_default();
        self.error(format!("unknown option {flag}{hint}"))
    }
}

/// The known word nearest to `word`, if it is close enough to be a likely typo
/// (the same rule the model compiler uses for its "did you mean" hints).
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    crate::model::did_you_mean(word, known)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Args {
        Args::new(v.iter().map(|s| s.to_string()), "score")
    }

    #[test]
    fn splits_flags_values_and_positionals() {
        let mut a = args(&["--model=m.json", "-", "--threads", "3", "--", "--x"]);
        assert_eq!(
            a.next_arg(),
            Some(Arg::Flag("--model".into(), Some("m.json".into())))
        );
        assert_eq!(a.next_arg(), Some(Arg::Positional("-".into())));
        assert_eq!(a.next_arg(), Some(Arg::Flag("--threads".into(), None)));
        assert_eq!(a.value("--threads", None), Ok("3".into()));
        assert_eq!(a.next_arg(), Some(Arg::Positional("--x".into())));
        assert_eq!(a.next_arg(), None);
        assert!(a.value("--now", None).is_err());
    }

    #[test]
    fn suggests_near_misses() {
        assert_eq!(
            closest("--thread", &["--threads", "--model"]),
            Some("--threads")
        );
        assert_eq!(closest("--zzz", &["--threads", "--model"]), None);
    }
}
