//! NDJSON lines read into rows: the key chosen for each lifecycle field
//! (the preset's resolver, as CSV columns are), and which of those keys
//! `input.columns` still has to name. Called by the feed and the CLI's
//! workers; calls the row reader's scoring (`row.rs`) and `life.rs`.

use super::life::{self, problem, visit_lead, Fields};
use super::mapping::{Choice, FIELDS};
use super::row::{summary, CsvColumns, Life, RowReader, RowResult};
use super::{codes, RowProblem};
use crate::lead::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

impl RowReader<'_> {
    /// Tells the workers which lifecycle fields `input.columns` names
    /// already (called by the ordered fold after each batch of rows).
    pub fn note_named(&self, columns: &BTreeMap<&'static str, Option<String>>) {
        let mask = FIELDS
            .iter()
            .enumerate()
            .filter(|(_, f)| columns.get(f.name()).is_some_and(Option::is_some))
            .fold(0u32, |m, (i, _)| m | 1 << i);
        self.named.fetch_or(mask, Ordering::Relaxed);
    }

    /// For an NDJSON line that is an object: the key read for each lifecycle field.
    pub fn ndjson_summary(&self, text: &str) -> Option<BTreeMap<&'static str, Option<String>>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut fixed = None;
        let Ok((Value::Object(pairs), _)) = crate::lead::parse_json_lead(text, &mut fixed) else {
            return None;
        };
        let names: Vec<String> = pairs.iter().rev().map(|(k, _)| k.to_string()).collect();
        let choice = Choice::choose(&self.resolver, names.iter().map(String::as_str));
        Some(summary(&choice, &names))
    }

    /// Reads one NDJSON line (blank lines are not rows: `None`).
    pub fn ndjson_line(&self, cols: &CsvColumns, text: &str, line: u64) -> Option<RowResult> {
        let mut names = Vec::new();
        let (lead, problems) =
            self.ndjson_line_with(cols, text, line, Some(&mut names), |v, life| {
                self.rescore(v, life)
            })?;
        Some(RowResult {
            line,
            lead,
            problems,
            footer: None,
            names,
        })
    }

    /// Reads one NDJSON line as [`RowReader::csv_record_with`] reads a record;
    /// `names` (when given) gets the keys of fields no earlier object named.
    pub(crate) fn ndjson_line_with<T>(
        &self,
        cols: &CsvColumns,
        text: &str,
        line: u64,
        names: Option<&mut Vec<(&'static str, String)>>,
        visit: impl FnOnce(Value<'_>, Life) -> Option<T>,
    ) -> Option<(Option<T>, Vec<RowProblem>)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return None;
        }
        let mut problems = Vec::new();
        // Lone surrogates read as U+FFFD, as `leadgate score` reads them (the
        // report keeps no warnings, so the flag is not needed).
        let mut fixed = None;
        let mut pairs = match crate::lead::parse_json_lead(text, &mut fixed) {
            Ok((Value::Object(pairs), _)) => pairs,
            Ok((other, _)) => {
                let message = format!("a lead must be a JSON object, got {}", other.describe());
                problems.push(problem(line, None, codes::NOT_AN_OBJECT, message));
                return Some((None, problems));
            }
            Err(e) => {
                let message = format!("invalid JSON: {e}");
                problems.push(problem(line, None, codes::BAD_JSON, message));
                return Some((None, problems));
            }
        };
        // Of duplicate keys the last wins, as in `Value::get`: choose among the reversed keys.
        let n = pairs.len();
        let resolver = &cols.reading.resolver;
        let choice = Choice::choose(resolver, pairs.iter().rev().map(|(k, _)| k.as_ref()));
        let at = |c: Option<usize>| {
            c.and_then(|c| n.checked_sub(c + 1))
                .and_then(|i| pairs.get(i))
        };
        let mut fields: Fields<'_, '_> = [None; FIELDS.len()];
        for (slot, col) in fields.iter_mut().zip(choice.life) {
            *slot = at(col)
                .filter(|(_, v)| !v.is_absent())
                .map(|(k, v)| (k.as_ref(), v));
        }
        if let Some(names) = names {
            let known = self.named.load(Ordering::Relaxed);
            for (i, (slot, field)) in fields.iter().zip(FIELDS).enumerate() {
                if let (Some((key, _)), 0) = (slot, known & 1 << i) {
                    names.push((field.name(), key.to_string()));
                }
            }
        }
        let Some(life) = life::read(&fields, &cols.reading, line, &mut problems) else {
            return Some((None, problems));
        };
        let mut renamed = Vec::new();
        for (col, field) in choice.lead.iter().zip(self.resolver.lead_fields()) {
            if let Some((key, value)) = at(*col) {
                if key != field && !value.is_absent() {
                    renamed.push((Cow::Owned(field.clone()), value.clone()));
                }
            }
        }
        pairs.extend(renamed);
        Some((visit_lead(Value::Object(pairs), life, visit), problems))
    }
}
