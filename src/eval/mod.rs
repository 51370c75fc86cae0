//! Evaluates compiled conditions against one lead.
//!
//! A [`Ctx`] lives for one lead: it resolves each model field once, folds each
//! text once, parses events once, and collects warnings without repeats.

mod buffers;
#[cfg(test)]
mod disqualify_tests;
mod events;
mod fields;
mod next;
#[cfg(any(feature = "cli", feature = "report-wasm"))]
mod probe;
mod read;
mod score;
#[cfg(test)]
mod tests;
mod warnings;

use crate::keyword_set::WordRef;
use crate::lead::Value;
use crate::model::{CompiledModel, Cond, Metric, Subject};
use crate::outcome::{Grade, Shown};
use crate::points::Points;
use crate::time::Timestamp;
pub use buffers::ScoreBuffers;
pub(crate) use events::Event;
#[cfg(any(feature = "cli", feature = "report-wasm"))]
pub(crate) use probe::{Probe, RuleGroup};
use warnings::Warnings;

/// Inputs of one scoring besides the lead: time is an input, never read inside the core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreOptions {
    /// The moment of scoring: decay, `within_days` and deadlines count from it.
    pub now: Timestamp,
    /// The lead's stage before this scoring; it is never demoted below it.
    pub previous_stage: Option<String>,
    /// The caller replaced lone surrogates in the lead by U+FFFD (JSON text
    /// may escape half a UTF-16 pair, a JS string may hold one): the outcome
    /// then carries [`LONE_SURROGATE_WARNING`].
    pub lone_surrogates: bool,
}

/// The warning of a lead whose lone surrogates were replaced by U+FFFD.
pub const LONE_SURROGATE_WARNING: &str = "lead: a lone surrogate was replaced by U+FFFD";

impl ScoreOptions {
    /// Options for scoring at `now` with no previous stage.
    pub fn at(now: Timestamp) -> ScoreOptions {
        ScoreOptions {
            now,
            previous_stage: None,
            lone_surrogates: false,
        }
    }
}

/// Scores known once fit and engagement are summed (for result leaves).
#[derive(Clone, Copy, Default)]
pub(crate) struct Results {
    pub score: Points,
    pub fit: Points,
    pub engagement: Points,
    pub grade: Option<Grade>,
    pub stage_rank: usize,
}

/// What made a rule fire: the field and value shown in its reason.
pub(crate) struct Witness<'m, 'l> {
    pub field: &'m str,
    pub value: Shown<'l>,
}

/// Where a slot's folded text is.
#[derive(Clone, Copy)]
enum Folded {
    /// Bytes `start..end` of `Ctx::fold_text`.
    At(usize, usize),
    /// The lead's text itself: it is already folded (lowercase ASCII
    /// without blanks at either end, as most form values are), so it is
    /// neither copied nor lowered.
    AsIs,
}

impl Folded {
    /// The folded text: `raw` itself, or its place in `fold_text`.
    fn text<'s>(self, raw: &'s str, fold_text: &'s str) -> &'s str {
        match self {
            Folded::AsIs => raw,
            Folded::At(start, end) => fold_text.get(start..end).unwrap_or(""),
        }
    }
}

/// What one lead-level field slot has computed so far for this lead.
#[derive(Clone, Default)]
struct SlotCache<'l> {
    /// The lead's value, once resolved (`Some(None)`: absent).
    value: Option<Option<&'l Value<'l>>>,
    /// Where the folded text of a string value is, once folded.
    folded: Option<Folded>,
    /// `email_is` kinds, computed once per lead (`NOT_AN_EMAIL` when unreadable).
    email: Option<u8>,
    /// Words of the folded text, indexed once per lead for `words_any`.
    words: Option<Vec<WordRef>>,
}

/// Per-lead evaluation state.
pub(crate) struct Ctx<'m, 'l> {
    pub model: &'m CompiledModel,
    pub lead: &'l Value<'l>,
    pub now: Timestamp,
    /// One entry per model field: one allocation per lead, not one per cache.
    slots: Vec<SlotCache<'l>>,
    /// Every slot's folded text, one after another (one growing buffer).
    fold_text: String,
    /// Results of memoised field leaves: 0 unknown, 1 false, 2 true.
    memo: Vec<u8>,
    events: Option<Vec<Event<'l>>>,
    pub warnings: Warnings,
    /// Set while explaining `next`, which must not add warnings of its own.
    pub quiet: bool,
    pub results: Results,
    scratch: String,
}

impl<'m, 'l> Ctx<'m, 'l> {
    /// A fresh context for one lead, in `buffers` kept from earlier leads.
    pub fn new(
        model: &'m CompiledModel,
        lead: &'l Value<'l>,
        now: Timestamp,
        buffers: &mut ScoreBuffers,
    ) -> Self {
        Ctx {
            model,
            lead,
            now,
            slots: std::iter::repeat_with(SlotCache::default)
                .take(model.fields.len())
                .collect(),
            fold_text: buffers.fold_text(),
            memo: buffers.memo(model.leaf_count),
            events: None,
            warnings: Warnings::default(),
            quiet: false,
            results: Results::default(),
            scratch: String::new(),
        }
    }

    /// Records a warning once.
    pub fn warn(&mut self, message: String) {
        if !self.quiet {
            self.warnings.add_owned(message);
        }
    }

    /// Records a warning once, copying it only when it is new.
    pub fn warn_str(&mut self, message: &str) {
        if !self.quiet {
            self.warnings.add(message);
        }
    }

    /// Resolves every slot named by a top-level key in one pass over the lead's keys
    /// (a lookup per key instead of a scan of the keys per field).
    pub fn resolve_top_level(&mut self) {
        let Value::Object(pairs) = self.lead else {
            return;
        };
        for (key, value) in pairs {
            for slot in self.model.key_index.candidates(key) {
                let named = self
                    .model
                    .fields
                    .get(slot)
                    .is_some_and(|f| f.full == key.as_ref());
                if let (true, Some(entry)) = (named, self.slots.get_mut(slot)) {
                    // Later duplicates overwrite earlier ones: the last key wins, as in JSON.parse.
                    entry.value = Some(Some(value));
                }
            }
        }
        for (entry, field) in self.slots.iter_mut().zip(&self.model.fields) {
            if entry.value.is_none() && field.segments.len() < 2 {
                entry.value = Some(None);
            }
        }
    }

    /// The lead's value for a slot, resolved on first use.
    pub fn slot(&mut self, i: usize) -> Option<&'l Value<'l>> {
        if let Some(SlotCache {
            value: Some(done), ..
        }) = self.slots.get(i)
        {
            return *done;
        }
        let lead = self.lead;
        let found = self.model.fields.get(i).and_then(|p| lead.lookup(p));
        if let Some(entry) = self.slots.get_mut(i) {
            entry.value = Some(found);
        }
        found
    }

    /// True when the slot holds a present value (not absent, null or blank).
    pub fn present(&mut self, i: usize) -> bool {
        self.slot(i).is_some_and(|v| !v.is_absent())
    }

    /// The value a leaf reads: a lead slot, or a property of the event being matched.
    fn subject_value(
        &mut self,
        subject: &Subject,
        event: Option<&'l Value<'l>>,
    ) -> Option<&'l Value<'l>> {
        match subject {
            Subject::Slot(i) => self.slot(*i),
            Subject::Event(path) => event.and_then(|e| e.lookup(path)),
        }
    }

    /// Evaluates a condition; `event` is set inside an event's `where`.
    pub fn eval(
        &mut self,
        cond: &'m Cond,
        event: Option<&'l Value<'l>>,
        witness: &mut Option<Witness<'m, 'l>>,
    ) -> bool {
        match cond {
            Cond::All(children) => {
                let mut local = None;
                for child in children {
                    if !self.eval(child, event, &mut local) {
                        return false;
                    }
                }
                if witness.is_none() {
                    *witness = local;
                }
                true
            }
            Cond::Any(children) => {
                for child in children {
                    let mut local = None;
                    if self.eval(child, event, &mut local) {
                        if witness.is_none() {
                            *witness = local;
                        }
                        return true;
                    }
                }
                false
            }
            Cond::Not(inner) => {
                let holds = !self.eval(inner, event, &mut None);
                if holds && witness.is_none() {
                    *witness = self.first_leaf_witness(inner, event);
                }
                holds
            }
            Cond::Field(leaf) => {
                let value = self.subject_value(&leaf.subject, event);
                let known = leaf.memo.and_then(|id| self.memo.get(id).copied());
                let holds = match known {
                    Some(1) => false,
                    Some(2) => true,
                    _ => {
                        let holds = self.field_holds(leaf, value, event.is_none());
                        if let Some(slot) = leaf.memo.and_then(|id| self.memo.get_mut(id)) {
                            *slot = if holds { 2 } else { 1 };
                        }
                        holds
                    }
                };
                if holds && witness.is_none() {
                    *witness = Some(Witness {
                        field: &leaf.field,
                        value: value.map_or(Shown::Nothing, Shown::Lead),
                    });
                }
                holds
            }
            Cond::Event(leaf) => {
                let count = self.count_events(leaf);
                let holds = count >= leaf.count_at_least;
                if holds && witness.is_none() {
                    *witness = Some(Witness {
                        field: "events",
                        value: Shown::Count(count),
                    });
                }
                holds
            }
            Cond::Metric(metric, threshold, _) => self.metric(*metric) >= *threshold,
            Cond::GradeAtLeast(grade, _) => self.results.grade.is_some_and(|g| g.at_least(*grade)),
            Cond::StageIn(ranks, _) => ranks.contains(&self.results.stage_rank),
        }
    }

    /// The current value of a score.
    pub fn metric(&self, metric: Metric) -> Points {
        match metric {
            Metric::Score => self.results.score,
            Metric::Fit => self.results.fit,
            Metric::Engagement => self.results.engagement,
        }
    }

    /// For a `not` that holds: the first field leaf inside it, with the lead's value.
    fn first_leaf_witness(
        &mut self,
        cond: &'m Cond,
        event: Option<&'l Value<'l>>,
    ) -> Option<Witness<'m, 'l>> {
        match cond {
            Cond::Field(leaf) => {
                let value = self.subject_value(&leaf.subject, event);
                Some(Witness {
                    field: &leaf.field,
                    value: value.map_or(Shown::Nothing, Shown::Lead),
                })
            }
            Cond::All(children) | Cond::Any(children) => children
                .iter()
                .find_map(|c| self.first_leaf_witness(c, event)),
            Cond::Not(inner) => self.first_leaf_witness(inner, event),
            _ => None,
        }
    }
}

/// A count in decimal, for warnings (without `format!`: the browser build
/// leaves the formatting machinery out).
pub(crate) fn int_text(n: usize) -> String {
    let mut text = String::new();
    crate::json_text::push_integer(&mut text, i64::try_from(n).unwrap_or(i64::MAX));
    text
}
