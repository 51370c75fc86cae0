//! Text normalisation ("folding") and whole-word keyword matching.
//!
//! Everything here is std-only and table-driven so the wasm build stays tiny;
//! we deliberately avoid a Unicode normalisation crate and instead cover the
//! Latin letters that appear in Portuguese, Spanish, English and their
//! neighbours, plus stray combining accents from NFD input.

mod keyword;
mod lower;

pub use keyword::{words_any, Keyword};
pub(crate) use keyword::{KeywordWord, O_SUFFIXES, SUFFIXES};

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
    fold_append(s, out);
}

/// Appends the folded text of `s` to `out`: what [`fold_into`] would write,
/// after what `out` already holds (one buffer for many values, no copy).
pub fn fold_append(s: &str, out: &mut String) {
    let start = out.len();
    let s = trim(s);
    if s.is_ascii() {
        out.push_str(s);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        return;
    }
    for c in s.chars() {
        // A combining mark can sit between blanks and text, so blanks are
        // skipped again until the first kept character.
        if is_combining_mark(c) || (out.len() == start && c.is_whitespace()) {
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
            let (first, second) = lower::to_lower(c);
            let mut push = |l: char| match latin_base(l) {
                Some(base) => out.push(base),
                None if is_combining_mark(l) => {}
                None => out.push(l),
            };
            // Called twice rather than over `once(first).chain(second)`:
            // 9 B less of lite's gzipped wasm.
            push(first);
            if let Some(second) = second {
                push(second);
            }
        }
    }
    // `trim` here is `trim_end` (blanks were skipped until the first kept
    // character, and no folded character is a blank) without a second
    // trimming routine in lite.
    let kept = out.get(start..).map_or(0, |added| trim(added).len());
    out.truncate(start + kept);
}

/// Whether [`fold`] gives `s` back unchanged, known in one pass without
/// folding: ASCII without capitals and no blank or control byte at either end.
pub fn is_folded(s: &str) -> bool {
    // `trim`'s test, except that an empty text counts: written out here, as
    // sharing it measured +0.8 % of scoring's instructions on this hot path.
    let visible = |b: Option<&u8>| b.is_none_or(|b| (0x21..0x7f).contains(b));
    let bytes = s.as_bytes();
    visible(bytes.first())
        && visible(bytes.last())
        && bytes
            .iter()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// `hay.contains(needle)` by bytes: the same answer, without std's two-way
/// searcher (which links `str` slicing panics and `char` formatting, ~4 KB
/// gzip of the wasm build). Window by window while that stays cheap (the
/// usual case: most windows differ at their first byte); once the bytes
/// compared pass the text's length (a long needle that is a run
/// of one repeated pattern, e.g. `aaa…ab` in `aaa…a`), the rest is searched
/// by Knuth–Morris–Pratt, so the cost stays linear on any input — what the
/// model's work limit counts on (docs/model.md, "Limits").
pub fn contains(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, _)) = needle.split_first() else {
        return true;
    };
    let mut budget = hay.len();
    for (at, window) in hay.windows(needle.len()).enumerate() {
        if window.first() != Some(&first) {
            continue;
        }
        // Bytes equal from the start, by a loop (`zip` + `take_while` was
        // 109 B of lite's gzipped wasm).
        let mut same = 0;
        while same < needle.len() && window.get(same) == needle.get(same) {
            same += 1;
        }
        if same == needle.len() {
            return true;
        }
        budget = match budget.checked_sub(same) {
            Some(left) => left,
            None => return kmp_contains(hay.get(at..).unwrap_or_default(), needle),
        };
    }
    false
}

/// Knuth–Morris–Pratt: at most `2 × hay.len() + needle.len()` steps.
fn kmp_contains(hay: &[u8], needle: &[u8]) -> bool {
    // `border[i]`: the length of the longest proper prefix of `needle[..=i]`
    // that is also its suffix.
    let mut border = vec![0usize; needle.len()];
    let mut k = 0;
    for (i, &b) in needle.iter().enumerate().skip(1) {
        while k > 0 && needle.get(k) != Some(&b) {
            k = border.get(k - 1).copied().unwrap_or(0);
        }
        if needle.get(k) == Some(&b) {
            k += 1;
        }
        if let Some(slot) = border.get_mut(i) {
            *slot = k;
        }
    }
    let mut matched = 0;
    for &b in hay {
        while matched > 0 && needle.get(matched) != Some(&b) {
            matched = border.get(matched - 1).copied().unwrap_or(0);
        }
        if needle.get(matched) == Some(&b) {
            matched += 1;
            if matched == needle.len() {
                return true;
            }
        }
    }
    false
}

/// `s.split_once(c)` for an ASCII `c`, by bytes: the same answer without
/// std's `char` searcher and `memchr` (~1 KB of the wasm build).
pub fn split_once_ascii(s: &str, c: u8) -> Option<(&str, &str)> {
    split_at_ascii(s, s.bytes().position(|b| b == c)?)
}

/// The text before and after the ASCII byte at `at`.
fn split_at_ascii(s: &str, at: usize) -> Option<(&str, &str)> {
    let (before, rest) = s.split_at_checked(at)?;
    Some((before, rest.get(1..)?))
}

/// `s.rsplit_once(c)` for an ASCII `c`, by bytes (see [`split_once_ascii`]).
pub fn rsplit_once_ascii(s: &str, c: u8) -> Option<(&str, &str)> {
    split_at_ascii(s, s.bytes().rposition(|b| b == c)?)
}

/// True when the text is empty or only whitespace.
pub fn is_blank(s: &str) -> bool {
    trim(s).is_empty()
}

/// `parts.concat()`, without std's generic join routine (0.3 KB of lite's
/// wasm for the messages built this way).
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Splits folded text into words: maximal runs of letters and digits.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn fold_ascii_fast_path() {
        assert_eq!(fold("  Diretora Comercial \t"), "diretora comercial");
        assert_eq!(fold("HEAD of IT"), "head of it");
        assert_eq!(fold(""), "");
        assert_eq!(fold("   "), "");
    }

    #[test]
    fn is_folded_only_when_fold_changes_nothing() {
        // Every string of up to 5 characters from an alphabet with capitals,
        // blanks, a control byte, punctuation and a non-ASCII letter.
        let alphabet = ['a', 'Z', ' ', '\t', '\u{1}', '-', '@', 'é', '7'];
        let mut texts = vec![String::new()];
        let mut folded_ones = 0;
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for t in &longer {
                if is_folded(t) {
                    assert_eq!(fold(t), *t, "{t:?}");
                    folded_ones += 1;
                }
            }
            texts = longer;
        }
        // Lowercase ASCII with visible ends is recognised, not just the empty text.
        assert!(folded_ones > 1000, "{folded_ones}");
        for t in [
            "",
            "vp",
            "acme.com",
            "demo_request",
            "ana@acme.com",
            "head of it",
        ] {
            assert!(is_folded(t), "{t:?}");
        }
        for t in ["VP", " vp", "vp\n", "diretória", "a\u{0}"] {
            assert!(!is_folded(t), "{t:?}");
        }
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
    fn fold_append_adds_the_fold_after_what_is_there() {
        let texts = [
            "",
            " ",
            "  Olá  ",
            "X",
            "\u{301} e\u{301}",
            " \u{301} ",
            "ΑΒΓ Ünïcödé ",
            "CEO 🚀",
            "Å\u{212B}",
        ];
        for prefix in ["", "abc", "ü "] {
            for text in texts {
                let mut buf = String::from(prefix);
                fold_append(text, &mut buf);
                assert_eq!(
                    buf,
                    format!("{prefix}{}", fold(text)),
                    "{prefix:?} + {text:?}"
                );
            }
        }
    }

    #[test]
    fn contains_stays_right_past_its_budget() {
        // Runs of one pattern push the window-by-window scan past its budget,
        // so these go through Knuth–Morris–Pratt.
        let hay = "a".repeat(4096);
        let mut needle = "a".repeat(255);
        assert!(contains(&hay, &needle));
        needle.push('b');
        assert!(!contains(&hay, &needle));
        let hay_b = format!("{hay}b");
        assert!(contains(&hay_b, &needle));
        let mut seed = 7u32;
        for _ in 0..2_000 {
            let mut pick = |n: u32| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) % n
            };
            let word = |len: u32, pick: &mut dyn FnMut(u32) -> u32| -> String {
                (0..len)
                    .map(|_| if pick(4) == 0 { 'b' } else { 'a' })
                    .collect()
            };
            let hay_len = pick(300);
            let needle_len = 1 + pick(40);
            let hay = word(hay_len, &mut pick);
            let needle = word(needle_len, &mut pick);
            assert_eq!(
                contains(&hay, &needle),
                hay.contains(&needle),
                "{hay} {needle}"
            );
            assert_eq!(
                kmp_contains(hay.as_bytes(), needle.as_bytes()),
                hay.contains(&needle),
                "{hay} {needle}"
            );
        }
    }

    #[test]
    fn contains_is_str_contains() {
        let texts = [
            "",
            "a",
            "ab",
            "abc",
            "aab",
            "ação",
            "çã",
            "xx://yy",
            "🚀x🚀",
        ];
        for hay in texts {
            for needle in texts.iter().chain(&["b", "c", "ã", "\u{1F680}", "://"]) {
                assert_eq!(
                    contains(hay, needle),
                    hay.contains(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn ascii_splits_are_std_splits() {
        for s in ["", "@", "a@b", "@@x@", "ação@çã.br", "x.y.z", "..", "🚀.🚀"] {
            for c in ['@', '.', '+', ':'] {
                let b = c as u8;
                assert_eq!(split_once_ascii(s, b), s.split_once(c), "{s:?} {c:?}");
                assert_eq!(rsplit_once_ascii(s, b), s.rsplit_once(c), "{s:?} {c:?}");
            }
        }
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
}
