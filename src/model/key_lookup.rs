//! Finding the field slots a lead's top-level key names, once per key of
//! every lead scored: a signature of the key (its length and three of its
//! bytes, no pass over the text) narrows the search to the slots whose full
//! path could be it, and the text is compared only there.
//!
//! Derived from the model's fields when a model is compiled or loaded, never
//! stored: the compiled-model format is unchanged.

use crate::lead::FieldPath;

/// Field slots by the signature of their full path (which also matches
/// literal dotted keys like `company.size`), sorted for binary search.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyLookup {
    entries: Vec<(u32, usize)>,
}

impl KeyLookup {
    /// The lookup for a model's fields (slot `i` is `fields[i]`).
    pub(crate) fn new(fields: &[FieldPath]) -> KeyLookup {
        let mut entries: Vec<(u32, usize)> = Vec::with_capacity(fields.len());
        for (slot, field) in fields.iter().enumerate() {
            // Inserted in order: no sorting routine for a few dozen fields.
            let entry = (signature(&field.full), slot);
            let at = entries.partition_point(|e| *e < entry);
            entries.insert(at, entry);
        }
        KeyLookup { entries }
    }

    /// The slots whose signature is `key`'s: every slot whose full path is
    /// `key` is among them (compare the text to be sure).
    pub(crate) fn candidates(&self, key: &str) -> impl Iterator<Item = usize> + '_ {
        let sig = signature(key);
        let first = self.entries.partition_point(|(s, _)| *s < sig);
        self.entries
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(move |(s, _)| *s == sig)
            .map(|(_, slot)| *slot)
    }
}

/// Length, first, middle and last byte: distinct for almost every pair of
/// field names a model reads, at a constant cost whatever the key's length.
fn signature(key: &str) -> u32 {
    let bytes = key.as_bytes();
    let byte = |i: Option<usize>| u32::from(i.and_then(|i| bytes.get(i)).copied().unwrap_or(0));
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX).min(255);
    len | byte(Some(0)) << 8
        | byte(Some(bytes.len() / 2)) << 16
        | byte(bytes.len().checked_sub(1)) << 24
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
        let fields: Vec<FieldPath> = names.iter().map(|n| FieldPath::new(n)).collect();
        let lookup = KeyLookup::new(&fields);
        for key in names.iter().chain(&["emails", "x", "company.sizes", "abc"]) {
            let mut found: Vec<usize> = lookup
                .candidates(key)
                .filter(|&slot| fields[slot].full == *key)
                .collect();
            found.sort_unstable();
            let expected: Vec<usize> = (0..names.len()).filter(|&i| names[i] == *key).collect();
            assert_eq!(found, expected, "{key:?}");
        }
    }
}
