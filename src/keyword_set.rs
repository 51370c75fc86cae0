//! `words_any` keyword lists compiled for lookup: every accepted form of each
//! one-word keyword goes into one sorted list, so a value word costs one binary
//! search however long the list is.

use crate::text::{words, words_any, Keyword, O_SUFFIXES, SUFFIXES};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: fast on the short words we hash, and seedless, so behaviour is the
/// same on every runtime (wasm has no randomness to seed std's hasher).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvSet = HashSet<Box<str>, BuildHasherDefault<Fnv>>;

/// The keywords of one `words_any` operator.
#[derive(Clone, Debug, Default)]
pub struct KeywordSet {
    /// Surface forms (`diretor`, `diretora`, `diretores`, …) of one-word keywords.
    forms: FnvSet,
    /// Multi-word and `*` keywords, matched word by word.
    others: Vec<Keyword>,
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
        set
    }

    fn add_forms(&mut self, word: &str) {
        self.forms.insert(word.into());
        for suffix in SUFFIXES {
            self.forms.insert(format!("{word}{suffix}").into());
        }
        if let Some(stem) = word.strip_suffix('o') {
            for suffix in O_SUFFIXES {
                self.forms.insert(format!("{stem}{suffix}").into());
            }
        }
    }

    /// True if any keyword occurs in the folded value as whole words.
    pub fn matches(&self, folded: &str) -> bool {
        let found = !self.forms.is_empty() && words(folded).any(|w| self.forms.contains(w));
        found || (!self.others.is_empty() && words_any(folded, &self.others))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

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
