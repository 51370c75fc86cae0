//! The tuned document: the input text with the version, the points (and
//! per-rule `max`) and the cut-offs that changed written in place, nothing
//! else touched (see src/tune/doc.rs).

use super::doc::{self, Edits};
use super::plan::Plan;
use super::scale::{Moved, Scaled};
use crate::points::Points;
use crate::time::Timestamp;

/// The version of a tuned model: `<old>-tuned-<YYYY-MM-DD of as_of>`; a
/// model tuned before gets a new date instead of a second suffix.
pub(crate) fn version(old: &str, as_of: Timestamp) -> String {
    let date: String = as_of.to_rfc3339().chars().take(10).collect();
    let base = match old.rfind("-tuned-") {
        Some(i) if is_date(old.get(i + 7..).unwrap_or("")) => old.get(..i).unwrap_or(old),
        _ => old,
    };
    // Versions hold at most 256 characters; the suffix takes 17.
    let base: String = base.chars().take(256 - 17).collect();
    format!("{base}-tuned-{date}")
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// The document with the new numbers and version.
pub(crate) fn document(
    text: &str,
    root: &doc::Node,
    plan: &Plan,
    scaled: &Scaled,
    moved: &[Moved],
    version: &str,
) -> String {
    let mut edits = Edits::new();
    if let Some((start, end)) = plan.version_at {
        let mut quoted = String::new();
        crate::json_text::push_string(&mut quoted, version);
        edits.insert(start, (end, quoted));
    }
    let mut number = |at: (usize, usize), new: Points| {
        edits.insert(at.0, (at.1, new.to_string()));
    };
    for (r, rule) in plan.rules.iter().enumerate() {
        if let Some(&p) = scaled.points.get(r).filter(|p| **p != rule.points) {
            number(rule.points_at, p);
        }
        let new_max = scaled.max.get(r).copied().flatten();
        if let (Some(at), Some(m)) = (rule.max_at, new_max.filter(|m| Some(*m) != rule.max)) {
            number(at, m);
        }
    }
    for (c, m) in plan.cutoffs.iter().zip(moved) {
        if m.value != c.value {
            number(c.at, m.value);
        }
    }
    doc::render(text, root, &edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_say_when_they_were_tuned() {
        let now = Timestamp::parse("2026-12-04T23:00:00Z").unwrap();
        assert_eq!(version("2026-11-26", now), "2026-11-26-tuned-2026-12-04");
        assert_eq!(version("v3-tuned-2026-01-02", now), "v3-tuned-2026-12-04");
        assert_eq!(version("a-tuned-x", now), "a-tuned-x-tuned-2026-12-04");
    }
}
