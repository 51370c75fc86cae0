//! A lead's warnings, each kept once, in the order first met. A model may ask
//! about tens of thousands of absent fields (each one a warning), so a repeat
//! is found by a hash table of the warnings once there are more than a few;
//! a scan of the list for each new warning would be quadratic.

use crate::keyword_set::word_hash;

/// Warnings a lead usually has at most: below this a scan is cheapest.
const SCAN_UP_TO: usize = 16;

/// Distinct warnings in order, with a table to find repeats (see the module's doc).
#[derive(Default)]
pub(crate) struct Warnings {
    list: Vec<String>,
    /// Open addressing: `index + 1` of a warning in `list`, `0` for free; kept
    /// at most half full. Empty until `list` passes `SCAN_UP_TO`.
    table: Vec<u32>,
}

impl Warnings {
    /// Adds `message` unless it is there already (copied only when new).
    pub fn add(&mut self, message: &str) {
        if !self.contains(message) {
            self.push(message.to_string());
        }
    }

    /// Like `add`, for a message already built.
    pub fn add_owned(&mut self, message: String) {
        if !self.contains(&message) {
            self.push(message);
        }
    }

    fn push(&mut self, message: String) {
        self.list.push(message);
        if self.list.len() > SCAN_UP_TO {
            if self.table.len() < self.list.len() * 2 {
                self.rebuild();
            } else {
                self.insert(self.list.len() - 1);
            }
        }
    }

    /// The warnings, in order.
    pub fn into_vec(self) -> Vec<String> {
        self.list
    }

    fn contains(&self, message: &str) -> bool {
        if self.table.is_empty() {
            return self.list.iter().any(|w| w == message);
        }
        let mask = self.table.len() - 1;
        let mut at = word_hash(message) as usize & mask;
        loop {
            match self.table.get(at).copied() {
                Some(0) | None => return false,
                Some(i) => {
                    if self.list.get(i as usize - 1).is_some_and(|w| w == message) {
                        return true;
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, index: usize) {
        let Some(message) = self.list.get(index) else {
            return;
        };
        let mask = self.table.len() - 1;
        let mut at = word_hash(message) as usize & mask;
        while let Some(slot) = self.table.get_mut(at) {
            if *slot == 0 {
                *slot = u32::try_from(index + 1).unwrap_or(u32::MAX);
                return;
            }
            at = (at + 1) & mask;
        }
    }

    /// A table twice as large as needed for twice the warnings, refilled.
    fn rebuild(&mut self) {
        let size = (self.list.len() * 4).next_power_of_two();
        // A fresh zeroed table (no `resize`, whose fill loop is one more
        // generic function in lite).
        self.table = vec![0; size];
        for i in 0..self.list.len() {
            self.insert(i);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_warning_once_in_order() {
        let mut w = Warnings::default();
        for round in 0..3 {
            for i in 0..1_000 {
                w.add(&format!("f{i}: missing"));
            }
            assert_eq!(w.list.len(), 1_000, "round {round}");
        }
        let list = w.into_vec();
        assert_eq!(list[0], "f0: missing");
        assert_eq!(list[999], "f999: missing");
    }
}
