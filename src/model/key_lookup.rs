//! Finding the field slots a lead's top-level key names, once per key of
//! every lead scored: the model's `key_index` is sorted by a signature of
//! each field's full path (its length and three of its bytes: no pass over
//! the text), so a key's candidates are a binary search away and the text is
//! compared only there. Compiled models store slots in this order (format
//! version 2), and loading checks it.

use crate::lead::FieldPath;

/// `(signature of the full path, slot)` for every field, sorted: the
/// model's `key_index` (also matches literal dotted keys like `company.size`).
pub(crate) fn key_index(fields: &[FieldPath]) -> Vec<(u64, usize)> {
    let mut index: Vec<(u64, usize)> = fields
        .iter()
        .enumerate()
        .map(|(slot, f)| (signature(&f.full), slot))
        .collect();
    index.sort_unstable();
    index
}

/// The slots of `index` whose signature is `key`'s: every slot whose full
/// path is `key` is among them (compare the text to be sure).
pub(crate) fn candidates<'i>(
    index: &'i [(u64, usize)],
    key: &str,
) -> impl Iterator<Item = usize> + 'i {
    let sig = signature(key);
    let first = index.partition_point(|(s, _)| *s < sig);
    index
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(move |(s, _)| *s == sig)
        .map(|(_, slot)| *slot)
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
        let fields: Vec<FieldPath> = names.iter().map(|n| FieldPath::new(n)).collect();
        let index = key_index(&fields);
        for key in names.iter().chain(&["emails", "x", "company.sizes", "abc"]) {
            let mut found: Vec<usize> = candidates(&index, key)
                .filter(|&slot| fields[slot].full == *key)
                .collect();
            found.sort_unstable();
            let expected: Vec<usize> = (0..names.len()).filter(|&i| names[i] == *key).collect();
            assert_eq!(found, expected, "{key:?}");
        }
    }
}
