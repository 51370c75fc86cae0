//! `words_any` keyword lists compiled for lookup: every accepted form of each
//! one-word keyword goes into one sorted list, so a value word costs one binary
//! search however long the list is.

use crate::text::{words, Keyword, O_SUFFIXES, SUFFIXES};

/// FNV-1a of a word: fast on short words, and seedless, so lookups behave the
/// same on every runtime (wasm has no randomness to seed std's hasher).
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.as_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One word of a folded text: its hash and where it sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordRef {
    /// `word_hash` of the word.
    pub hash: u64,
    /// Byte offset of the word in the folded text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

/// Splits a folded text into words with their hashes (done once per lead field).
pub fn index_words(folded: &str, out: &mut Vec<WordRef>) {
    out.clear();
    let base = folded.as_ptr() as usize;
    for w in words(folded) {
        let start = w.as_ptr() as usize - base;
        out.push(WordRef {
            hash: word_hash(w),
            start,
            end: start + w.len(),
        });
    }
}

/// The keywords of one `words_any` operator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeywordSet {
    /// Surface forms (`diretor`, `diretora`, `diretores`, …) of one-word keywords,
    /// sorted by hash so a word costs one binary search over integers.
    forms: Vec<(u64, Box<str>)>,
    /// Multi-word and `*` keywords, matched word by word.
    others: Vec<Keyword>,
    /// The text each of `others` was parsed from, so the set can be stored in a
    /// compiled model's binary form (`model::binary`); empty for sets built by `new`.
    sources: Vec<Box<str>>,
}

impl KeywordSet {
    /// Compiles keywords into forms and the rest.
    pub fn new(keywords: Vec<Keyword>) -> KeywordSet {
        let mut set = KeywordSet::default();
        for keyword in keywords {
            match keyword.plain_word() {
                Some(word) => set.add_forms(word),
                None => set.others.push(keyword),
            }
        }
        set.forms.sort_unstable();
        set.forms.dedup();
        set
    }

    /// Like `new`, keeping the text of each multi-word or `*` keyword (see `sources`).
    pub(crate) fn with_sources(keywords: Vec<(Keyword, &str)>) -> KeywordSet {
        let mut set = KeywordSet::default();
        for (keyword, source) in keywords {
            match keyword.plain_word() {
                Some(word) => set.add_forms(word),
                None => {
                    set.others.push(keyword);
                    set.sources.push(source.into());
                }
            }
        }
        set.forms.sort_unstable();
        set.forms.dedup();
        set
    }

    /// A set from its stored parts: forms already sorted, `others` with the
    /// text each was parsed from.
    pub(crate) fn from_parts(
        forms: Vec<(u64, Box<str>)>,
        others: Vec<Keyword>,
        sources: Vec<Box<str>>,
    ) -> KeywordSet {
        KeywordSet {
            forms,
            others,
            sources,
        }
    }

    /// The surface forms of one-word keywords with their hashes, sorted.
    pub(crate) fn forms(&self) -> &[(u64, Box<str>)] {
        &self.forms
    }

    /// The texts of the multi-word and `*` keywords (empty for sets built by `new`).
    pub(crate) fn sources(&self) -> &[Box<str>] {
        &self.sources
    }

    /// The multi-word and `*` keywords.
    pub(crate) fn others(&self) -> &[Keyword] {
        &self.others
    }

    fn add_forms(&mut self, word: &str) {
        let mut add = |form: String| self.forms.push((word_hash(&form), form.into()));
        add(word.to_string());
        for suffix in SUFFIXES {
            add(format!("{word}{suffix}"));
        }
        if let Some(stem) = word.strip_suffix("o") {
            for suffix in O_SUFFIXES {
                add(format!("{stem}{suffix}"));
            }
        }
    }

    /// True if any keyword occurs in the folded value as whole words.
    pub fn matches(&self, folded: &str) -> bool {
        let mut index = Vec::new();
        index_words(folded, &mut index);
        self.matches_indexed(folded, &index)
    }

    /// Like `matches`, with the value's words already indexed by `index_words`.
    pub fn matches_indexed(&self, folded: &str, index: &[WordRef]) -> bool {
        let found = !self.forms.is_empty()
            && index.iter().any(|w| {
                let word = folded.get(w.start..w.end).unwrap_or_default();
                let first = self.forms.partition_point(|(h, _)| *h < w.hash);
                self.forms
                    .get(first..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|(h, _)| *h == w.hash)
                    .any(|(_, form)| form.as_ref() == word)
            });
        found || (!self.others.is_empty() && self.others_match(folded, index))
    }

    /// Multi-word and `*` keywords, over the indexed words (no re-splitting;
    /// on the stack unless the value has more than `STACK` words).
    fn others_match(&self, folded: &str, index: &[WordRef]) -> bool {
        const STACK: usize = 32;
        let word = |w: &WordRef| folded.get(w.start..w.end).unwrap_or_default();
        let mut buf: [&str; STACK] = [""; STACK];
        let heap: Vec<&str>;
        let value_words = match buf.get_mut(..index.len()) {
            Some(slots) => {
                for (slot, w) in slots.iter_mut().zip(index) {
                    *slot = word(w);
                }
                &*slots
            }
            None => {
                let mut words = Vec::with_capacity(index.len());
                for w in index {
                    words.push(word(w));
                }
                heap = words;
                &heap
            }
        };
        self.others.iter().any(|k| k.matches(value_words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{fold, words_any};

    fn set(keywords: &[&str]) -> KeywordSet {
        KeywordSet::new(keywords.iter().filter_map(|k| Keyword::parse(k)).collect())
    }

    #[test]
    fn agrees_with_word_by_word_matching() {
        let keywords = ["diretor", "engenheiro", "head of", "vp", "cto*", "gerente"];
        let compiled: Vec<Keyword> = keywords.iter().filter_map(|k| Keyword::parse(k)).collect();
        let fast = set(&keywords);
        for value in [
            "Diretora Comercial",
            "DIRETÓRIA",
            "Diretoria",
            "Engenheira de Dados",
            "Heads of Growth",
            "Head Of Marketing",
            "VPs",
            "CTOs office",
            "Gerentes",
            "ex-diretor",
            "",
            "administrador",
            &format!("{} head of growth", "x ".repeat(40)),
            &format!("{} head growth", "x ".repeat(40)),
            &format!("{}cto", "x ".repeat(31)),
        ] {
            let folded = fold(value);
            assert_eq!(
                fast.matches(&folded),
                words_any(&folded, &compiled),
                "{value}"
            );
        }
    }
}
