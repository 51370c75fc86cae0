//! Candidate new rules: columns of the export that no scoring rule reads,
//! value by value, whose won rate differs strongly from the rest's. They
//! are listed, never applied.
//!
//! A column is read as categorical: at most [`MAX_VALUES`] distinct values
//! (text folded as the model's text operators fold it), else it is dropped
//! (ids, names, emails). Lifecycle columns are never candidates (they are
//! what happened after the lead came in, so they leak the outcome), except
//! `utm_source`, which is a fact of the lead. A value is listed when at
//! least [`MIN_SUPPORT`] training leads with a known outcome have it, its
//! odds of winning are at least 1.5 times the rest's or at most 2/3 of
//! them (odds, not rates: a rate near 100% cannot be 1.5 times another),
//! and a two-proportion z-test gives |z| ≥ [`Z_CUT`] (p < 0.001, strict
//! because many values are tested).

use crate::lead::Value;
use crate::model::{CompiledModel, Cond, Subject};
use crate::report::mapping::{Field, Mapping, Resolver, Target};
use crate::report::Result3;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Distinct values beyond which a column is not categorical.
pub(crate) const MAX_VALUES: usize = 50;
/// Least known outcomes behind a listed value.
pub(crate) const MIN_SUPPORT: u64 = 30;
/// Least |z| of a listed value.
pub(crate) const Z_CUT: f64 = 3.29;
/// Longest value text kept (longer values are not categories).
const MAX_TEXT: usize = 64;
/// Most candidates listed.
const MAX_LISTED: usize = 20;

/// Which top-level keys are not candidates.
#[derive(Debug, Clone)]
pub(crate) struct Exclusions {
    resolver: Resolver,
    read: BTreeSet<String>,
    /// Tells this set from others in the per-thread cache.
    id: u64,
}

/// Ids of [`Exclusions`].
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl Exclusions {
    /// Keys read by the model's scoring rules (and their aliases), `events`, and lifecycle columns.
    pub(crate) fn new(model: &CompiledModel, mapping: &Mapping) -> Exclusions {
        let mut read = BTreeSet::new();
        for (_, rule) in model.rules() {
            fields_of(&rule.cond, &mut read);
        }
        read.insert("events".to_string());
        read.insert("previous_stage".to_string());
        Exclusions {
            resolver: Resolver::new(mapping, None),
            read,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    fn excluded(&self, key: &str) -> bool {
        if self.read.contains(key) {
            return true;
        }
        self.resolver
            .targets(key)
            .iter()
            .any(|(target, _)| match target {
                Target::Life(field) => *field != Field::UtmSource,
                Target::Lead(i) => self
                    .resolver
                    .lead_fields()
                    .get(*i)
                    .is_some_and(|f| self.read.contains(f)),
            })
    }

    /// [`Exclusions::excluded`], remembered per key in each thread (an
    /// export has the same few keys on every row).
    fn excluded_cached(&self, key: &str) -> bool {
        type Seen = (u64, BTreeMap<String, bool>);
        thread_local! {
            static SEEN: std::cell::RefCell<Seen> =
                const { std::cell::RefCell::new((u64::MAX, BTreeMap::new())) };
        }
        SEEN.with(|cell| {
            let Ok(mut seen) = cell.try_borrow_mut() else {
                return self.excluded(key);
            };
            if seen.0 != self.id {
                *seen = (self.id, BTreeMap::new());
            }
            if let Some(&known) = seen.1.get(key) {
                return known;
            }
            let excluded = self.excluded(key);
            if seen.1.len() < 4096 {
                seen.1.insert(key.to_string(), excluded);
            }
            excluded
        })
    }

    /// The lead's candidate keys and their values as folded text.
    pub(crate) fn values(&self, lead: &Value<'_>) -> Vec<(String, String)> {
        let Value::Object(pairs) = lead else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for (key, value) in pairs {
            if self.excluded_cached(key) {
                continue;
            }
            let text = match value {
                Value::String(s) => crate::text::fold(s.trim()),
                Value::Number(_) | Value::Bool(_) => match serde_json::to_string(value) {
                    Ok(t) => t,
                    Err(_) => continue,
                },
                _ => continue,
            };
            if text.is_empty() || text.len() > MAX_TEXT {
                continue;
            }
            // The last of duplicate keys wins, as when scoring.
            out.retain(|(k, _)| k != key.as_ref());
            out.push((key.to_string(), text));
        }
        out
    }
}

/// Top-level names of the fields a condition reads.
fn fields_of(cond: &Cond, out: &mut BTreeSet<String>) {
    match cond {
        Cond::All(children) | Cond::Any(children) => {
            children.iter().for_each(|c| fields_of(c, out));
        }
        Cond::Not(inner) => fields_of(inner, out),
        Cond::Field(leaf) => {
            if let Subject::Slot(_) = leaf.subject {
                out.insert(leaf.field.clone());
                if let Some(first) = leaf.field.split('.').next() {
                    out.insert(first.to_string());
                }
            }
        }
        _ => {}
    }
}

/// Won and lost per value of one column.
#[derive(Debug, Clone, Default)]
struct Column {
    values: BTreeMap<String, (u64, u64)>,
    /// Leads with a value in this column (won, lost).
    present: (u64, u64),
    /// More than [`MAX_VALUES`] values: not categorical.
    dropped: bool,
}

/// Counts by column and value over training leads with a known outcome.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    columns: BTreeMap<String, Column>,
    won: u64,
    lost: u64,
}

/// A candidate rule, for the output.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// The column.
    pub field: String,
    /// The value (folded), or `null` for "blank".
    pub value: Option<String>,
    /// Training leads with a known outcome that have it.
    pub leads: u64,
    /// Of which won.
    pub won: u64,
    /// Their won rate.
    pub won_rate: f64,
    /// The won rate of the other training leads.
    pub rest_rate: f64,
    /// `won_rate / rest_rate`.
    pub lift: f64,
    /// The two-proportion z statistic.
    pub z: f64,
    /// Points the value's log-odds alone would be worth on the tuned scale
    /// (marginal: not adjusted for the model's rules).
    pub points_hint: f64,
    /// The rule's condition, ready to paste into a rule.
    #[serde(rename = "if")]
    pub condition: serde_json::Value,
}

impl Counts {
    /// Adds one lead's values.
    pub(crate) fn add(&mut self, values: Vec<(String, String)>, result: Result3) {
        let won = result == Result3::Won;
        match result {
            Result3::Won => self.won += 1,
            Result3::Lost => self.lost += 1,
            Result3::Open => return,
        }
        for (key, text) in values {
            let column = self.columns.entry(key).or_default();
            if column.dropped {
                continue;
            }
            let (w, l) = if won { (1, 0) } else { (0, 1) };
            column.present.0 += w;
            column.present.1 += l;
            if !column.values.contains_key(&text) && column.values.len() == MAX_VALUES {
                column.dropped = true;
                column.values = BTreeMap::new();
                continue;
            }
            let slot = column.values.entry(text).or_default();
            slot.0 += w;
            slot.1 += l;
        }
    }

    /// The values worth a rule, strongest first; `scale` is points per unit of log-odds.
    pub(crate) fn candidates(&self, scale: f64) -> Vec<Candidate> {
        let mut out = Vec::new();
        for (field, column) in self.columns.iter().filter(|(_, c)| !c.dropped) {
            let blank = (
                self.won.saturating_sub(column.present.0),
                self.lost.saturating_sub(column.present.1),
            );
            let values = column.values.iter().map(|(v, c)| (Some(v.as_str()), *c));
            for (value, (w, l)) in values.chain([(None, blank)]) {
                if let Some(c) = self.candidate(field, value, w, l, scale) {
                    out.push(c);
                }
            }
        }
        out.sort_by(|a, b| b.z.abs().total_cmp(&a.z.abs()).then(a.field.cmp(&b.field)));
        out.truncate(MAX_LISTED);
        out
    }

    fn candidate(
        &self,
        field: &str,
        value: Option<&str>,
        won: u64,
        lost: u64,
        scale: f64,
    ) -> Option<Candidate> {
        let n = won + lost;
        let (rest_won, rest) = (
            self.won.saturating_sub(won),
            (self.won + self.lost).checked_sub(n)?,
        );
        if n < MIN_SUPPORT || rest < MIN_SUPPORT {
            return None;
        }
        let (p1, p2) = (won as f64 / n as f64, rest_won as f64 / rest as f64);
        let pooled = (won + rest_won) as f64 / (n + rest) as f64;
        let se = libm::sqrt(pooled * (1.0 - pooled) * (1.0 / n as f64 + 1.0 / rest as f64));
        if se <= 0.0 || p2 <= 0.0 {
            return None;
        }
        let (z, lift) = ((p1 - p2) / se, p1 / p2);
        // Log odds ratio with half a lead added to each cell (finite when a cell is empty).
        let odds = |w: f64, l: f64| (w + 0.5) / (l + 0.5);
        let log_or = libm::log(
            odds(won as f64, lost as f64) / odds(rest_won as f64, (rest - rest_won) as f64),
        );
        if z.abs() < Z_CUT || log_or.abs() < libm::log(1.5) {
            return None;
        }
        let condition = match value {
            Some(v) => serde_json::json!({ "field": field, "equals": v }),
            None => serde_json::json!({ "field": field, "exists": false }),
        };
        Some(Candidate {
            field: field.to_string(),
            value: value.map(str::to_string),
            leads: n,
            won,
            won_rate: round4(p1),
            rest_rate: round4(p2),
            lift: round4(lift),
            z: libm::round(z * 100.0) / 100.0,
            points_hint: libm::round(scale * log_or),
            condition,
        })
    }
}

fn round4(x: f64) -> f64 {
    libm::round(x * 10_000.0) / 10_000.0
}
