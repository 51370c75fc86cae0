//! Text normalisation ("folding") and whole-word keyword matching.
//!
//! Everything here is std-only and table-driven so the wasm build stays tiny;
//! we deliberately avoid a Unicode normalisation crate and instead cover the
//! Latin letters that appear in Portuguese, Spanish, English and their
//! neighbours, plus stray combining accents from NFD input.

/// ASCII bases for U+00C0..=U+017F; `_` means "no single-letter base" (the
/// multi-letter ones are handled in `fold_special`, the rest are symbols).
/// One line per 64 code points: U+00C0, U+0100, U+0140.
const LATIN_BASES: &[u8; 192] = b"\
aaaaaa_ceeeeiiiidnooooo_ouuuuy__aaaaaa_ceeeeiiiidnooooo_ouuuuy_y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii__jjkkklllllll\
lllnnnnnnnnnoooooo__rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// First code point covered by `LATIN_BASES`.
const LATIN_FIRST: u32 = 0xC0;

/// Letters whose base is more than one ASCII letter.
fn fold_special(c: char) -> Option<&'static str> {
    match c {
        'ß' | 'ẞ' => Some("ss"),
        'Æ' | 'æ' => Some("ae"),
        'Œ' | 'œ' => Some("oe"),
        'Þ' | 'þ' => Some("th"),
        'Ĳ' | 'ĳ' => Some("ij"),
        _ => None,
    }
}

/// The ASCII base of a Latin-1 / Latin Extended-A letter.
fn latin_base(c: char) -> Option<char> {
    let i = usize::try_from(u32::from(c).checked_sub(LATIN_FIRST)?).ok()?;
    LATIN_BASES
        .get(i)
        .filter(|&&b| b != b'_')
        .map(|&b| char::from(b))
}

/// Combining diacritical marks: dropping them makes NFD input fold like NFC.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Normalises text for comparison: trimmed, lower case, accents removed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// `str::trim`, without scanning when the text starts and ends with a
/// visible ASCII character (most lead values).
pub fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7f).contains(b));
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Like [`fold`], but reuses `out` (cleared first) to avoid an allocation per value.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let s = trim(s);
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        // A combining mark can sit between blanks and text, so blanks are
        // skipped again until the first kept character.
        if is_combining_mark(c) || (out.is_empty() && c.is_whitespace()) {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(base) = fold_special(c) {
            out.push_str(base);
        } else if let Some(base) = latin_base(c) {
            out.push(base);
        } else {
            // Lowering can land in the Latin table (e.g. the Ångström sign).
            for l in c.to_lowercase() {
                match latin_base(l) {
                    Some(base) => out.push(base),
                    None if is_combining_mark(l) => {}
                    None => out.push(l),
                }
            }
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
}

/// True when the text is empty or only whitespace.
pub fn is_blank(s: &str) -> bool {
    trim(s).is_empty()
}

/// Splits folded text into words: maximal runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Suffixes a keyword word may carry (plural and feminine forms).
pub(crate) const SUFFIXES: [&str; 4] = ["s", "es", "a", "as"];

/// Suffixes replacing a final `o` (engenheiro → engenheira, engenheiros).
pub(crate) const O_SUFFIXES: [&str; 3] = ["a", "as", "os"];

/// One word of a keyword.
#[derive(Clone, Debug, PartialEq, Eq)]
struct KeywordWord {
    text: String,
    prefix: bool,
}

impl KeywordWord {
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
        if w.strip_prefix(k)
            .is_some_and(|rest| rest.is_empty() || SUFFIXES.contains(&rest))
        {
            return true;
        }
        k.strip_suffix('o')
            .and_then(|stem| w.strip_prefix(stem))
            .is_some_and(|rest| O_SUFFIXES.contains(&rest))
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
    fn fold_ascii_fast_path() {
        assert_eq!(fold("  Diretora Comercial \t"), "diretora comercial");
        assert_eq!(fold("HEAD of IT"), "head of it");
        assert_eq!(fold(""), "");
        assert_eq!(fold("   "), "");
    }

    #[test]
    fn fold_accents() {
        assert_eq!(fold("DIRETÓRIA"), fold("diretoria"));
        assert_eq!(fold("Gerente de Operações"), "gerente de operacoes");
        assert_eq!(fold("Señor Muñoz"), "senor munoz");
        assert_eq!(fold("ÀÁÂÃÄÅĀĂĄ"), "aaaaaaaaa");
        assert_eq!(fold("çćčÇ"), "cccc");
        assert_eq!(fold("éèêëēęěÉ"), "eeeeeeee");
        assert_eq!(fold("íìîïÍ"), "iiiii");
        assert_eq!(fold("ñńňÑ"), "nnnn");
        assert_eq!(fold("óòôõöøōőÖ"), "ooooooooo");
        assert_eq!(fold("úùûüůűÜ"), "uuuuuuu");
        assert_eq!(fold("ýÿŸ"), "yyy");
        assert_eq!(fold("ðÐďĎđ"), "ddddd");
        assert_eq!(fold("łŁśšŠžźżŽğřťİı"), "llssszzzzgrtii");
        assert_eq!(fold("Æsir Œuvre"), "aesir oeuvre");
        assert_eq!(fold("Þór"), "thor");
        assert_eq!(fold("\u{212B}ngstr\u{00F6}m"), "angstrom");
    }

    #[test]
    fn fold_sharp_s() {
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("STRASSE"), fold("Straße"));
        assert_eq!(fold("GROẞ"), "gross");
    }

    #[test]
    fn fold_nfd_equals_nfc() {
        let nfd = "Diretor de Opera\u{0063}\u{0327}o\u{0303}es";
        assert_eq!(fold(nfd), fold("Diretor de Operações"));
        assert_eq!(fold("E\u{0301}"), "e");
        assert_eq!(fold("\u{0301} abc \u{0301}"), "abc");
    }

    #[test]
    fn fold_keeps_symbols_and_other_scripts() {
        assert_eq!(fold("2×3÷4"), "2×3÷4");
        assert_eq!(fold("ΑΒΓ Ünïcödé"), "αβγ unicode");
        assert_eq!(fold("CEO 🚀"), "ceo 🚀");
    }

    #[test]
    fn fold_into_clears_buffer() {
        let mut buf = String::from("old");
        fold_into("Olá", &mut buf);
        assert_eq!(buf, "ola");
        fold_into("X", &mut buf);
        assert_eq!(buf, "x");
    }

    #[test]
    fn blank() {
        assert!(is_blank(""));
        assert!(is_blank(" \t\n"));
        assert!(!is_blank(" a "));
    }

    #[test]
    fn word_splitting() {
        let w: Vec<&str> = words("head-of marketing/vp, c.e.o 🚀 3d").collect();
        assert_eq!(w, ["head", "of", "marketing", "vp", "c", "e", "o", "3d"]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words("🚀 -- !!").count(), 0);
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
