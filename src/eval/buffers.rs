//! Buffers a scorer keeps from one lead to the next, so that scoring a
//! stream of leads does not allocate and free them for each lead: the memo
//! bytes and the folded texts. (Per-field state and reasons borrow from the
//! lead; keeping them would need lifetime-changing code that costs the lite
//! wasm build 0.6 KB gzip for ~1 % of a call.)

use super::Ctx;

/// Reusable scoring buffers (see [`crate::CompiledModel::score_with`]); one per thread.
#[derive(Default)]
pub struct ScoreBuffers {
    memo: Vec<u8>,
    fold_text: String,
}

/// Room for the folded texts of a typical lead: one allocation, no regrowth.
const FOLD_TEXT_BYTES: usize = 128;

impl ScoreBuffers {
    /// Empty buffers; they grow to what the leads scored need.
    pub fn new() -> ScoreBuffers {
        ScoreBuffers::default()
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

    /// Keeps a finished lead's buffers for the next lead.
    pub(super) fn keep(&mut self, cx: Ctx) {
        self.memo = cx.memo;
        self.fold_text = cx.fold_text;
    }
}
