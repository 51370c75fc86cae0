//! Finding the field slots a lead's top-level key names, once per key of
//! every lead scored: the model's `key_index` is sorted by a signature of
//! each field's full path (its length and three of its bytes: no pass over
//! the text), so the slots sharing a signature sit together; a small hash
//! table built on load finds a key's group in a probe or two, and the text
//! is compared only there. Compiled models store slots in this order (format
//! version 2), and loading checks it.

use crate::lead::FieldPath;

/// `(signature of the full path, slot)` for every field, sorted: the
/// model's `key_index` (also matches literal dotted keys like `company.size`).
pub(crate) fn key_index(fields: &[FieldPath]) -> KeyIndex {
    let mut index: Vec<(u64, usize)> = fields
        .iter()
        .enumerate()
        .map(|(slot, f)| (signature(&f.full), slot))
        .collect();
    index.sort_unstable();
    KeyIndex::from_sorted(index)
}

/// The sorted `(signature, slot)` entries, and an open-addressing table from
/// each signature to its first entry: one probe or two per key, where a
/// binary search took four or five (CompiledModel::score −4.5 % of
/// instructions on the reference leads). The table is rebuilt on load, never
/// stored.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    entries: Vec<(u64, usize)>,
    /// `(signature, first entry + 1)`; 0 marks an empty place. At most half full.
    table: Vec<(u64, u32)>,
}

impl KeyIndex {
    /// The index of `entries`, which must be sorted.
    pub(crate) fn from_sorted(entries: Vec<(u64, usize)>) -> KeyIndex {
        let size = (entries.len() * 2).next_power_of_two().max(8);
        let mut table = vec![(0, 0); size];
        let mask = size - 1;
        for (i, &(sig, _)) in entries.iter().enumerate() {
            if i > 0 && entries.get(i - 1).is_some_and(|e| e.0 == sig) {
                continue;
            }
            let mut at = place(sig) & mask;
            while let Some(slot) = table.get_mut(at) {
                if slot.1 == 0 {
                    *slot = (sig, u32::try_from(i + 1).unwrap_or(u32::MAX));
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        KeyIndex { entries, table }
    }

    /// The `(signature, slot)` entries, sorted.
    pub(crate) fn entries(&self) -> &[(u64, usize)] {
        &self.entries
    }

    /// The slots whose signature is `key`'s: every slot whose full path is
    /// `key` is among them (compare the text to be sure).
    pub(crate) fn candidates(&self, key: &str) -> impl Iterator<Item = usize> + '_ {
        let sig = signature(key);
        let first = self.first(sig).unwrap_or(self.entries.len());
        self.entries
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(move |(s, _)| *s == sig)
            .map(|(_, slot)| *slot)
    }

    fn first(&self, sig: u64) -> Option<usize> {
        let mask = self.table.len().wrapping_sub(1);
        let mut at = place(sig) & mask;
        for _ in 0..self.table.len() {
            let &(s, first) = self.table.get(at)?;
            if first == 0 {
                return None;
            }
            if s == sig {
                return Some(first as usize - 1);
            }
            at = (at + 1) & mask;
        }
        None
    }
}

/// Where a signature's probe starts (before masking to the table's size).
fn place(sig: u64) -> usize {
    (sig.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize
}

/// Length, first, middle and last byte: distinct for almost every pair of
/// field names a model reads, at a constant cost whatever the key's length.
pub(crate) fn signature(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let byte = |i: Option<usize>| u64::from(i.and_then(|i| bytes.get(i)).copied().unwrap_or(0));
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    len << 24
        | byte(Some(0)) << 16
        | byte(Some(bytes.len() / 2)) << 8
        | byte(bytes.len().checked_sub(1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_slot_named_by_a_key_and_no_other() {
        let names = [
            "email",
            "email_domain",
            "email_clicks",
            "company.size",
            "company",
            "a",
            "",
            "b",
            "ab",
            "ba",
            "é",
            "company.size",
        ];
        let others = ["emails", "x", "company.sizes", "abc"];
        assert_finds_exactly(&names, &others);
    }

    #[test]
    fn finds_keys_among_many_fields_with_shared_signatures() {
        // 26 × 26 four-letter names: every 26 share a signature (the second
        // letter is the only one outside it), so probes run long and wrap.
        let letters = b'a'..=b'z';
        let names: Vec<String> = letters
            .clone()
            .flat_map(|x| {
                letters
                    .clone()
                    .map(move |y| format!("k{}{}z", y as char, x as char))
            })
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_finds_exactly(&names, &["kaaa", "kzzzz", "kz", "k", "kaa0"]);
    }

    /// Each of `names` and `others` finds exactly the slots of that name.
    fn assert_finds_exactly(names: &[&str], others: &[&str]) {
        let fields: Vec<FieldPath> = names.iter().map(|n| FieldPath::new(n)).collect();
        let index = key_index(&fields);
        for key in names.iter().chain(others) {
            let mut found: Vec<usize> = index
                .candidates(key)
                .filter(|&slot| fields[slot].full == *key)
                .collect();
            found.sort_unstable();
            let expected: Vec<usize> = (0..names.len()).filter(|&i| names[i] == *key).collect();
            assert_eq!(found, expected, "{key:?}");
        }
    }
}
