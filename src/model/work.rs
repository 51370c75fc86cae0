//! The most work scoring one lead can cost under a model, counted before any
//! lead is scored, so that the documented limit (docs/model.md, "Limits")
//! bounds real time: every model that passes scores any lead of up to 64 KB in
//! a few milliseconds (measured by `scripts/bench limits`).
//!
//! Units are weighted by what a leaf costs at worst on a value of
//! [`limits::MAX_TEXT_BYTES`]: a leaf that looks its argument up (`equals`,
//! `in`, `domain_in`, one-word keywords, numbers, `email_is`) costs
//! [`LOOKUP`] whatever its list's length; `contains_any` scans the value once
//! per entry ([`CONTAINS_ENTRY`] each); `words_any` tries each multi-word or
//! `*` keyword at every word of the value ([`KEYWORD_WORD`] per keyword
//! word); `starts_with` compares at most 256 characters per entry (1 each).
//! Identical lead-level leaves are evaluated once per lead (they share a memo
//! id), so they count once. A leaf inside an
//! event's `where` runs once per event, over all of a lead's events: it counts
//! [`EVENT_FACTOR`] times, as does each event leaf itself.
//!
//! The same count is made when compiled bytes are loaded (bytes share lists,
//! so a small file could otherwise name a huge list a thousand times): the
//! decoder adds each leaf's units as it reads it (`binary/decode_rules.rs`,
//! no second walk in the scorer-only build), and tests hold the two counts
//! equal on every shipped, fixture and worst-case model.

use super::{limits, CompiledModel, Cond, Op};
use crate::error::{codes, ModelErrors};
use crate::eval::int_text as int;

/// How many times a leaf inside an event's `where` (and an event leaf itself)
/// counts: a lead's events together hold at most 64 KB of text, 16 values of
/// [`limits::MAX_TEXT_BYTES`], and are walked one by one.
pub const EVENT_FACTOR: usize = 16;

/// The work of a model: its total and the rule or condition that costs most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    /// Units of the whole model.
    pub total: usize,
    /// Units of the costliest rule or condition.
    pub heaviest: usize,
    /// Where that is (see [`Work::heaviest_path`]).
    pub heaviest_at: Part,
}

/// A rule's or condition's place in the model, kept as numbers: the text of
/// its path is only built for an error message (the scorer-only build, which
/// counts work when it loads bytes, needs no text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// No part costs anything.
    #[default]
    None,
    /// `personas[i].rules[j]`.
    PersonaRule(usize, usize),
    /// `fit_rules[i]`.
    FitRule(usize),
    /// `engagement.rules[i]`.
    EngagementRule(usize),
    /// `stages[i]`.
    Stage(usize),
    /// `disqualify[i]`.
    Disqualifier(usize),
    /// `routing[i]`.
    Route(usize),
}

impl Work {
    /// The costliest part's condition as a model path (`fit_rules[3].if`).
    pub fn heaviest_path(&self) -> String {
        let n = |i: usize| int(i);
        match self.heaviest_at {
            Part::None => String::new(),
            Part::PersonaRule(i, j) => {
                crate::text::concat(&["personas[", &n(i), "].rules[", &n(j), "].if"])
            }
            Part::FitRule(i) => crate::text::concat(&["fit_rules[", &n(i), "].if"]),
            Part::EngagementRule(i) => crate::text::concat(&["engagement.rules[", &n(i), "].if"]),
            Part::Stage(i) => crate::text::concat(&["stages[", &n(i), "].if"]),
            Part::Disqualifier(i) => crate::text::concat(&["disqualify[", &n(i), "].if"]),
            Part::Route(i) => crate::text::concat(&["routing[", &n(i), "].if"]),
        }
    }
}

/// Counts a compiled model's work (see the module's documentation).
pub fn work(model: &CompiledModel) -> Work {
    let mut counter = Counter {
        seen: vec![false; model.leaf_count],
        work: Work {
            total: 0,
            heaviest: 0,
            heaviest_at: Part::None,
        },
    };
    for (i, persona) in model.personas.iter().enumerate() {
        for (j, rule) in persona.rules.iter().enumerate() {
            counter.part(&rule.cond, Part::PersonaRule(i, j));
        }
    }
    for (i, rule) in model.fit_rules.iter().enumerate() {
        counter.part(&rule.cond, Part::FitRule(i));
    }
    for (i, rule) in model.engagement.rules.iter().enumerate() {
        counter.part(&rule.cond, Part::EngagementRule(i));
    }
    for (i, stage) in model.stages.iter().enumerate() {
        if let Some(cond) = &stage.cond {
            counter.part(cond, Part::Stage(i));
        }
    }
    // In the order of the compiled bytes, which the decoder counts in.
    for (i, d) in model.disqualifiers.iter().enumerate() {
        counter.part(&d.rule.cond, Part::Disqualifier(i));
    }
    for (i, route) in model.routes.iter().enumerate() {
        if let Some(cond) = &route.cond {
            counter.part(cond, Part::Route(i));
        }
    }
    counter.work
}

struct Counter {
    /// Memo ids already counted.
    seen: Vec<bool>,
    work: Work,
}

impl Counter {
    /// Adds one rule's or condition's units, remembering the costliest.
    fn part(&mut self, cond: &Cond, at: Part) {
        let units = self.cond(cond, 1);
        self.work.total = self.work.total.saturating_add(units);
        if units > self.work.heaviest {
            self.work.heaviest = units;
            self.work.heaviest_at = at;
        }
    }

    fn cond(&mut self, cond: &Cond, factor: usize) -> usize {
        match cond {
            Cond::All(items) | Cond::Any(items) => items
                .iter()
                .fold(0, |sum, c| sum.saturating_add(self.cond(c, factor))),
            Cond::Not(inner) => self.cond(inner, factor),
            Cond::Field(leaf) => {
                if let Some(id) = leaf.memo {
                    match self.seen.get_mut(id) {
                        Some(seen) if !*seen => *seen = true,
                        _ => return 0,
                    }
                }
                op_units(&leaf.op).saturating_mul(factor)
            }
            Cond::Event(leaf) => {
                let inner = factor.saturating_mul(EVENT_FACTOR);
                let filter = leaf.filter.as_ref().map_or(0, |f| self.cond(f, inner));
                filter.saturating_add(inner)
            }
            Cond::Metric(..) | Cond::GradeAtLeast(..) | Cond::StageIn(..) => 0,
        }
    }
}

/// Units of one operator on one value. Measured worst cases (`scripts/bench
/// limits`) set the weights: scanning a 4,096-byte value for one entry costs
/// about as much as 20 lookups (160 units against 8): the weights are set so
/// that the costliest model the limit allows scores in under 4 ms in Node.
pub(crate) fn op_units(op: &Op) -> usize {
    match op {
        Op::ContainsAny(entries) => entries.len().saturating_mul(CONTAINS_ENTRY),
        Op::StartsWith(entries) => entries.len(),
        Op::WordsAny(set) => set.others().iter().fold(LOOKUP, |sum, k| {
            sum.saturating_add(k.words().len().saturating_mul(KEYWORD_WORD))
        }),
        _ => LOOKUP,
    }
}

/// Units of a leaf that looks its argument up or compares one value.
pub const LOOKUP: usize = 8;
/// Units of one `contains_any` entry (a scan of the whole value).
pub const CONTAINS_ENTRY: usize = 160;
/// Units of one word of a multi-word or `*` keyword (tried at every word of the value).
pub const KEYWORD_WORD: usize = 80;

/// True when the model's work is within [`limits::MAX_WORK`].
pub fn within_limit(work: &Work) -> bool {
    work.total <= limits::MAX_WORK
}

/// Refuses a model whose worst lead would cost more than the work limit.
pub(crate) fn check(model: CompiledModel) -> Result<CompiledModel, ModelErrors> {
    let work = work(&model);
    if within_limit(&work) {
        return Ok(model);
    }
    Err(ModelErrors(vec![crate::error::Problem {
        code: codes::TOO_MUCH_WORK,
        path: work.heaviest_path(),
        message: format!(
            "scoring one lead could cost up to {} work units (see \"Limits\" in docs/model.md); the limit is {}",
            work.total,
            limits::MAX_WORK
        ),
        hint: Some(format!(
            "the costliest part, `{}`, costs {}: use `words_any` with one-word keywords, \
             `in` or `domain_in` (looked up, not scanned), name the same list from the same \
             field (compared once), or shorten `contains_any`/`starts_with` lists",
            work.heaviest_path(),
            work.heaviest
        )),
    }]))
}
