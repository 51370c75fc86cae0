//! The progress line on stderr: only on a terminal, only after a second, at most 5 updates a second.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

const FIRST_AFTER: Duration = Duration::from_secs(1);
const EVERY: Duration = Duration::from_millis(200);

/// Progress of a long run, drawn on one stderr line that is cleared at the end.
pub struct Progress {
    enabled: bool,
    start: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// Starts the clock; draws nothing when quiet or stderr is not a terminal.
    pub fn new(quiet: bool) -> Progress {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            start: Instant::now(),
            last: None,
        }
    }

    /// Redraws the line if it is time to.
    pub fn tick(&mut self, done: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let elapsed = now.duration_since(self.start);
        if elapsed < FIRST_AFTER || self.last.is_some_and(|t| now.duration_since(t) < EVERY) {
            return;
        }
        self.last = Some(now);
        let rate = super::common::rate(done, elapsed);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[Kscoring: {} leads, {} leads/s",
            group(done),
            group(rate)
        );
        let _ = err.flush();
    }

    /// Clears the line if it was drawn.
    pub fn clear(&mut self) {
        if self.last.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

/// `1234567` → `1,234,567`, for the progress line.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::group(0), "0");
        assert_eq!(super::group(999), "999");
        assert_eq!(super::group(1_234_567), "1,234,567");
    }
}
