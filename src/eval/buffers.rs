//! Buffers a scorer keeps from one lead to the next, so that scoring a
//! stream of leads does not allocate and free the same few vectors for each
//! (per-field state, memo bytes, folded texts, reasons): a few allocations of
//! a few hundred bytes per lead were ~4 % of a call in the wasm build.
//!
//! The vectors hold borrowed data while a lead is scored; between leads they
//! are empty and kept as `'static` vectors of the same layout ([`recycle`]).

use super::{Ctx, SlotCache};
use crate::outcome::{Outcome, Reason};

/// Reusable scoring buffers (see [`crate::CompiledModel::score_with`]); one per thread.
#[derive(Default)]
pub struct ScoreBuffers {
    slots: Vec<SlotCache<'static>>,
    memo: Vec<u8>,
    fold_text: String,
    reasons: Vec<Reason<'static, 'static>>,
}

/// Room for the folded texts of a typical lead: one allocation, no regrowth.
const FOLD_TEXT_BYTES: usize = 128;

/// Room for the reasons of a typical lead.
const REASONS: usize = 16;

impl ScoreBuffers {
    /// Empty buffers; they grow to what the leads scored need.
    pub fn new() -> ScoreBuffers {
        ScoreBuffers::default()
    }

    /// Takes back what an outcome no longer needs once it has been written out.
    pub fn recycle(&mut self, outcome: Outcome) {
        if outcome.reasons.capacity() > self.reasons.capacity() {
            self.reasons = recycle(outcome.reasons);
        }
    }

    /// Per-field state for `fields` slots, all unknown.
    pub(super) fn slots<'l>(&mut self, fields: usize) -> Vec<SlotCache<'l>> {
        let mut slots = recycle(std::mem::take(&mut self.slots));
        slots.resize(fields, SlotCache::default());
        slots
    }

    /// `leaves` memo bytes, all unknown.
    pub(super) fn memo(&mut self, leaves: usize) -> Vec<u8> {
        let mut memo = std::mem::take(&mut self.memo);
        memo.clear();
        memo.resize(leaves, 0);
        memo
    }

    /// An empty text buffer for folded texts.
    pub(super) fn fold_text(&mut self) -> String {
        let mut text = std::mem::take(&mut self.fold_text);
        text.clear();
        text.reserve(FOLD_TEXT_BYTES);
        text
    }

    /// An empty list of reasons.
    pub(super) fn reasons<'m, 'l>(&mut self) -> Vec<Reason<'m, 'l>> {
        let mut reasons = recycle(std::mem::take(&mut self.reasons));
        reasons.reserve(REASONS);
        reasons
    }

    /// Keeps a finished lead's per-lead buffers for the next lead.
    pub(super) fn keep(&mut self, cx: Ctx) {
        self.slots = recycle(cx.slots);
        self.memo = cx.memo;
        self.fold_text = cx.fold_text;
    }
}

/// An empty vector with `items`' allocation, for items of another lifetime:
/// `collect` reuses the allocation in place because both item types have
/// the same layout (if it ever did not, the result is a new empty vector).
fn recycle<T, U>(mut items: Vec<T>) -> Vec<U> {
    items.clear();
    items.into_iter().filter_map(|_| None).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycling_keeps_the_allocation() {
        let text = String::from("x");
        let mut borrowed: Vec<&str> = Vec::with_capacity(32);
        borrowed.push(&text);
        let kept: Vec<&'static str> = recycle(borrowed);
        assert!(kept.is_empty());
        assert_eq!(kept.capacity(), 32);
    }
}
