//! `words_any` keywords: parsing and whole-word matching with Portuguese,
//! Spanish and English inflections.

use super::{fold, words};

/// Suffixes a keyword word may carry (plural and feminine forms).
pub(crate) const SUFFIXES: [&str; 4] = ["s", "es", "a", "as"];

/// Suffixes replacing a final `o` (engenheiro → engenheira, engenheiros).
pub(crate) const O_SUFFIXES: [&str; 3] = ["a", "as", "os"];

/// One word of a keyword.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeywordWord {
    /// The folded word.
    pub text: String,
    /// Written `word*`: any word starting with `text` matches.
    pub prefix: bool,
}

impl KeywordWord {
    // `iter().any` on purpose (see below): smaller lite wasm than `contains`.
    #[allow(clippy::manual_contains)]
    fn matches(&self, w: &str) -> bool {
        let k = self.text.as_str();
        // Cheap rejections first: most value words differ from the keyword at once.
        if w.as_bytes().first() != k.as_bytes().first() || w.len() + 1 < k.len() {
            return false;
        }
        if !self.prefix && w.len() > k.len() + 2 {
            return false;
        }
        if self.prefix {
            return w.starts_with(k);
        }
        // `any` rather than `<[&str]>::contains` (the same `==`): 26 B less of lite.
        if w.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || SUFFIXES.iter().any(|s| *s == rest))
        {
            return true;
        }
        k.strip_suffix("o")
            .and_then(|stem| w.strip_prefix(stem))
            .is_some_and(|rest| O_SUFFIXES.iter().any(|s| *s == rest))
    }
}

/// A compiled `words_any` keyword: one or more words matched consecutively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyword {
    words: Vec<KeywordWord>,
}

impl Keyword {
    /// Compiles a keyword; `None` when it contains no words (e.g. `""`, `"*"`).
    pub fn parse(raw: &str) -> Option<Keyword> {
        let folded = fold(raw);
        let mut words = Vec::new();
        let mut rest = folded.as_str();
        while let Some(start) = rest.find(char::is_alphanumeric) {
            let tail = rest.get(start..).unwrap_or_default();
            let len = tail
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(tail.len());
            let (word, after) = tail.split_at_checked(len).unwrap_or((tail, ""));
            words.push(KeywordWord {
                text: word.to_owned(),
                prefix: after.starts_with('*'),
            });
            rest = after;
        }
        if words.is_empty() {
            None
        } else {
            Some(Keyword { words })
        }
    }

    /// A keyword from the words `parse` found (as `model::binary` stores them).
    pub(crate) fn from_words(words: Vec<KeywordWord>) -> Keyword {
        Keyword { words }
    }

    /// The words `parse` found.
    pub(crate) fn words(&self) -> &[KeywordWord] {
        &self.words
    }

    /// The keyword's text when it is one word without `*` (the common, indexable case).
    pub fn plain_word(&self) -> Option<&str> {
        match self.words.as_slice() {
            [only] if !only.prefix => Some(&only.text),
            _ => None,
        }
    }

    /// True if the keyword's words occur as consecutive words of the value.
    pub fn matches(&self, value_words: &[&str]) -> bool {
        if self.words.is_empty() {
            return false;
        }
        value_words
            .windows(self.words.len())
            .any(|window| window.iter().zip(&self.words).all(|(w, k)| k.matches(w)))
    }
}

/// Words kept on the stack before falling back to the heap; job titles and
/// company names are far shorter than this.
const STACK_WORDS: usize = 32;

/// True if any keyword matches the words of an already folded value.
pub fn words_any(folded_value: &str, keywords: &[Keyword]) -> bool {
    if keywords.is_empty() {
        return false;
    }
    let mut buf: [&str; STACK_WORDS] = [""; STACK_WORDS];
    let mut n = 0;
    let mut it = words(folded_value);
    for slot in &mut buf {
        match it.next() {
            Some(w) => {
                *slot = w;
                n += 1;
            }
            None => break,
        }
    }
    let head = buf.get(..n).unwrap_or_default();
    match it.next() {
        None => keywords.iter().any(|k| k.matches(head)),
        Some(extra) => {
            let mut all: Vec<&str> = Vec::with_capacity(STACK_WORDS * 2);
            all.extend_from_slice(head);
            all.push(extra);
            all.extend(it);
            keywords.iter().any(|k| k.matches(&all))
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn kw(raw: &str) -> Keyword {
        Keyword::parse(raw).unwrap()
    }

    fn any(value: &str, keywords: &[&str]) -> bool {
        let ks: Vec<Keyword> = keywords.iter().map(|k| kw(k)).collect();
        words_any(&fold(value), &ks)
    }

    #[test]
    fn parse_keywords() {
        assert!(Keyword::parse("").is_none());
        assert!(Keyword::parse("  ").is_none());
        assert!(Keyword::parse("*").is_none());
        assert!(Keyword::parse("🚀").is_none());
        let k = kw("Diretor*");
        assert_eq!(k.words.len(), 1);
        assert!(k.words[0].prefix);
        let k = kw("Head of");
        assert_eq!(k.words.len(), 2);
        assert!(!k.words[0].prefix && !k.words[1].prefix);
    }

    #[test]
    fn portuguese_inflections() {
        for v in ["Diretor", "Diretora Comercial", "DIRETORES", "diretoras"] {
            assert!(any(v, &["diretor"]), "{v}");
        }
        assert!(!any("Diretoria", &["diretor"]));
        assert!(!any("Diretório", &["diretor"]));
        for v in [
            "Engenheiro",
            "Engenheira de Dados",
            "engenheiros",
            "ENGENHEIRAS",
        ] {
            assert!(any(v, &["engenheiro"]), "{v}");
        }
        assert!(!any("Engenharia", &["engenheiro"]));
        assert!(any("Gerente de Vendas", &["gerente"]));
        assert!(any("Gerentes", &["gerente"]));
    }

    #[test]
    fn spanish_and_english() {
        assert!(any("Directora de Ventas", &["director"]));
        assert!(any("Directores", &["director"]));
        assert!(any("Jefe de Compras", &["jefe"]));
        assert!(any("Jefes", &["jefe"]));
        assert!(any("Heads of Growth", &["head"]));
        assert!(!any("Headquarters", &["head"]));
        assert!(any("Senior VP, Sales", &["vp"]));
        assert!(!any("VPN admin", &["vp"]));
    }

    #[test]
    fn prefix_keywords() {
        assert!(any("Diretoria", &["diretor*"]));
        assert!(any("Diretor", &["diretor*"]));
        assert!(!any("Dir", &["diretor*"]));
        assert!(any("Head of Engineering", &["head of eng*"]));
        assert!(!any("Head of Sales", &["head of eng*"]));
    }

    #[test]
    fn multi_word_keywords() {
        assert!(any("Head of Marketing", &["head of"]));
        assert!(any("Global Heads of Marketing", &["head of"]));
        assert!(!any("Head Marketing of", &["head of"]));
        assert!(any("Vice-President, Sales", &["vice president"]));
        assert!(any("Executive Vice Presidents", &["vice president"]));
        assert!(!any("Vice Chair; President", &["vice president"]));
        assert!(!any("Head", &["head of"]));
    }

    #[test]
    fn accents_on_both_sides() {
        assert!(any("DIRETÓRIA", &["diretoria"]));
        assert!(any("Técnico", &["tecnico"]));
        assert!(any("Tecnica", &["técnico"]));
        assert!(any("Gerente de Operac\u{0327}o\u{0303}es", &["operações"]));
    }

    #[test]
    fn empty_inputs() {
        assert!(!any("", &["ceo"]));
        assert!(!any("ceo", &[]));
        assert!(!words_any("", &[]));
        assert!(!kw("ceo").matches(&[]));
    }

    #[test]
    fn emoji_and_symbols_split_words() {
        assert!(any("🚀CEO🚀", &["ceo"]));
        assert!(any("ceo/founder", &["founder"]));
    }

    #[test]
    fn long_values_fall_back_to_heap() {
        let mut v = "palavra ".repeat(40);
        v.push_str("Diretora");
        assert!(any(&v, &["diretor"]));
        assert!(!any(&v, &["gerente"]));
        let exact = format!("{}diretor", "x ".repeat(STACK_WORDS - 1));
        assert_eq!(words(&exact).count(), STACK_WORDS);
        assert!(any(&exact, &["diretor"]));
        let spans = format!("{}head of", "x ".repeat(STACK_WORDS - 1));
        assert!(any(&spans, &["head of"]));
    }
}
