//! Email addresses and domains: parsing, parent-domain lookups and the
//! built-in free / disposable / role knowledge from `email_lists`.
//!
//! All inputs are expected to be folded already (see `text::fold`), so
//! everything here compares lower-case text and never allocates on lookups.

use crate::email_lists::{DISPOSABLE_DOMAINS, FREE_DOMAINS, ROLE_LOCALS};
use crate::text::fold;

/// True for characters allowed in a domain label; non-ASCII letters are let
/// through so internationalised domains typed in Unicode still parse.
fn is_label_char(c: char) -> bool {
    c.is_ascii_lowercase()
        || c.is_ascii_digit()
        || c == '-'
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// A dotted name of non-empty labels with a top-level label of 2+ characters.
fn is_domain(d: &str) -> bool {
    let Some((_, tld)) = d.rsplit_once('.') else {
        return false;
    };
    tld.chars().nth(1).is_some()
        && d.split('.')
            .all(|label| !label.is_empty() && label.chars().all(is_label_char))
}

/// Splits a folded address at its last `@` into `(local, domain)` if it is valid.
pub fn split_email(folded: &str) -> Option<(&str, &str)> {
    let (local, domain) = folded.rsplit_once('@')?;
    if local.is_empty() || local.contains(char::is_whitespace) || !is_domain(domain) {
        return None;
    }
    Some((local, domain))
}

/// Drops `www.` unless what is left would no longer be a dotted name.
fn strip_www(d: &str) -> &str {
    match d.strip_prefix("www.") {
        Some(rest) if rest.contains('.') => rest,
        _ => d,
    }
}

/// The host of a URL-ish text: no scheme, userinfo, port, path, query or fragment.
fn url_host(folded: &str) -> &str {
    let rest = match find_scheme_end(folded) {
        Some(end) => folded.get(end..).unwrap_or_default(),
        None => folded.strip_prefix("//").unwrap_or(folded),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    host.split(':').next().unwrap_or_default()
}

/// Where the first `://` ends, found by bytes: `str::find` with a `&str`
/// links std's two-way searcher, which is 4 KB (gzip) of the wasm build.
fn find_scheme_end(folded: &str) -> Option<usize> {
    let at = folded.as_bytes().windows(3).position(|w| w == b"://")?;
    Some(at + 3)
}

/// The domain `domain_in` compares: an email's, a URL's host or a bare domain.
pub fn domain_of(folded: &str) -> Option<&str> {
    let candidate = if find_scheme_end(folded).is_some() || folded.contains('/') {
        url_host(folded)
    } else if let Some((_, domain)) = folded.rsplit_once('@') {
        domain
    } else {
        folded
    };
    // A fully qualified name may end in a dot; it names the same domain.
    let candidate = strip_www(candidate.strip_suffix('.').unwrap_or(candidate));
    is_domain(candidate).then_some(candidate)
}

/// Normalises a domain list entry so it compares equal to what `domain_of` returns.
pub fn normalize_domain_entry(raw: &str) -> String {
    let folded = fold(raw);
    if let Some(d) = domain_of(&folded) {
        return d.to_owned();
    }
    let d = folded.strip_prefix('@').unwrap_or(&folded);
    let d = d.strip_suffix('.').unwrap_or(d);
    strip_www(d).to_owned()
}

/// True if the domain or a parent domain (never a bare TLD) is in the sorted list.
///
/// The list must be sorted by `str` ordering (as `sort()` on strings does).
pub fn domain_in_sorted(domain: &str, sorted: &[impl AsRef<str>]) -> bool {
    domain_or_parent(domain, |d| {
        sorted.binary_search_by(|e| e.as_ref().cmp(d)).is_ok()
    })
}

/// True if `has` holds for the domain or a parent domain (never a bare TLD).
fn domain_or_parent(domain: &str, has: impl Fn(&str) -> bool) -> bool {
    let mut d = domain;
    while d.contains('.') {
        if has(d) {
            return true;
        }
        d = match d.split_once('.') {
            Some((_, parent)) => parent,
            None => return false,
        };
    }
    false
}

/// A local part without its `+tag` (`maria+news` → `maria`), for role lookups.
pub fn strip_plus_tag(local: &str) -> &str {
    local.split_once('+').map_or(local, |(base, _)| base)
}

/// True for a built-in free mail provider (exact domain only).
pub fn is_free_domain(d: &str) -> bool {
    list_has(FREE_DOMAINS, d)
}

/// True for a built-in disposable mail domain or a subdomain of one.
pub fn is_disposable_domain(d: &str) -> bool {
    domain_or_parent(d, |d| list_has(DISPOSABLE_DOMAINS, d))
}

/// True for a built-in role local part such as `contato` or `sales+leads`.
pub fn is_role_local(local: &str) -> bool {
    list_has(ROLE_LOCALS, strip_plus_tag(local))
}

/// True if `key` is one of the entries of `list` (sorted entries, each
/// ending in `\n`): a binary search over the text's bytes.
fn list_has(list: &str, key: &str) -> bool {
    let (bytes, key) = (list.as_bytes(), key.as_bytes());
    let newline = |b: &u8| *b == b'\n';
    // `lo` and `hi` are always the start of an entry (or the end).
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The entry around `mid`: after the last `\n` before it, up to the next.
        let start = bytes
            .get(lo..mid)
            .and_then(|b| b.iter().rposition(newline))
            .map_or(lo, |i| lo + i + 1);
        let rest = bytes.get(start..).unwrap_or_default();
        let len = rest.iter().position(newline).unwrap_or(rest.len());
        match rest.get(..len).unwrap_or_default().cmp(key) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Greater => hi = start,
            std::cmp::Ordering::Less => lo = start + len + 1,
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses() {
        assert_eq!(
            split_email("maria@acme.com.br"),
            Some(("maria", "acme.com.br"))
        );
        assert_eq!(split_email("a.b-c+d@x-y.io"), Some(("a.b-c+d", "x-y.io")));
        assert_eq!(split_email("\"a@b\"@x.com"), Some(("\"a@b\"", "x.com")));
        assert_eq!(
            split_email("joão@açaí.com.br"),
            Some(("joão", "açaí.com.br"))
        );
        let folded = fold("  Maria+news@Gmail.COM ");
        let (local, domain) = split_email(&folded).unwrap();
        assert_eq!((local, domain), ("maria+news", "gmail.com"));
        assert!(is_free_domain(domain));
        assert!(!is_role_local(local));
    }

    #[test]
    fn invalid_addresses() {
        for bad in [
            "a@b",
            "@x.com",
            "a b@x.com",
            "a@x..com",
            "a@x.c",
            "a@.x.com",
            "a@x.com.",
            "a@x com.br",
            "a@x_y.com",
            "a@",
            "plain",
            "",
            "a@-",
            "a@x.com/",
            "a@X.com",
        ] {
            assert_eq!(split_email(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn domains_of_values() {
        assert_eq!(
            domain_of("https://www.rival.com/pricing?x=1"),
            Some("rival.com")
        );
        assert_eq!(
            domain_of("http://user:pw@shop.rival.com:8080/a@b"),
            Some("shop.rival.com")
        );
        assert_eq!(domain_of("rival.com/pricing"), Some("rival.com"));
        assert_eq!(domain_of("//cdn.rival.com/x.js"), Some("cdn.rival.com"));
        assert_eq!(domain_of("https://rival.com#top"), Some("rival.com"));
        assert_eq!(domain_of("maria@www.acme.com.br"), Some("acme.com.br"));
        assert_eq!(domain_of("www.rival.com."), Some("rival.com"));
        assert_eq!(domain_of("rival.io"), Some("rival.io"));
        assert_eq!(domain_of("www.com"), Some("www.com"));
        assert_eq!(domain_of("acme"), None);
        assert_eq!(domain_of("https://localhost:3000/"), None);
        assert_eq!(domain_of("not a domain.com"), None);
        assert_eq!(domain_of(""), None);
    }

    #[test]
    fn normalised_entries() {
        assert_eq!(normalize_domain_entry(" @Rival.COM "), "rival.com");
        assert_eq!(normalize_domain_entry("www.Rival.com."), "rival.com");
        assert_eq!(
            normalize_domain_entry("https://www.rival.com/"),
            "rival.com"
        );
        assert_eq!(normalize_domain_entry("Açaí.com.br"), "acai.com.br");
        assert_eq!(normalize_domain_entry("@Acme"), "acme");
    }

    #[test]
    fn parent_domain_matching() {
        let mut list = vec![
            "rival.com".to_owned(),
            "other.io".to_owned(),
            "com.br".to_owned(),
        ];
        list.sort_unstable();
        assert!(domain_in_sorted("rival.com", &list));
        assert!(domain_in_sorted("a.b.rival.com", &list));
        assert!(domain_in_sorted("acme.com.br", &list));
        assert!(!domain_in_sorted("notrival.com", &list));
        assert!(!domain_in_sorted("rival.com.evil.net", &list));
        assert!(!domain_in_sorted("com", &["com"]));
        assert!(!domain_in_sorted("x.com", &["com"]));
        assert!(!domain_in_sorted("", &list));
        assert!(!domain_in_sorted("rival.com", &[] as &[&str]));
    }

    #[test]
    fn free_providers() {
        for d in [
            "gmail.com",
            "yahoo.com.br",
            "bol.com.br",
            "uol.com.br",
            "hotmail.com",
            "outlook.com",
        ] {
            assert!(is_free_domain(d), "{d}");
        }
        assert!(!is_free_domain("acme.com.br"));
        assert!(!is_free_domain("mail.gmail.com"));
        assert!(!is_free_domain("com.br"));
    }

    #[test]
    fn disposable_domains() {
        assert!(is_disposable_domain("mailinator.com"));
        assert!(is_disposable_domain("eu.mailinator.com"));
        assert!(is_disposable_domain("yopmail.com"));
        assert!(!is_disposable_domain("gmail.com"));
        assert!(!is_disposable_domain("notmailinator.com"));
        assert!(!is_disposable_domain("com"));
    }

    #[test]
    fn role_locals() {
        let (local, _) = split_email("contato@acme.com.br").unwrap();
        assert!(is_role_local(local));
        for l in [
            "info",
            "vendas",
            "sales+leads",
            "noreply",
            "no-reply",
            "rh",
            "soporte",
        ] {
            assert!(is_role_local(l), "{l}");
        }
        for l in ["maria", "maria+info", "+info", "", "infos"] {
            assert!(!is_role_local(l), "{l}");
        }
        assert_eq!(strip_plus_tag("a+b+c"), "a");
    }

    #[test]
    fn list_has_finds_every_entry_and_nothing_else() {
        for (name, list) in [
            ("free", FREE_DOMAINS),
            ("disposable", DISPOSABLE_DOMAINS),
            ("role", ROLE_LOCALS),
        ] {
            let all: Vec<&str> = list.lines().collect();
            for (i, e) in all.iter().enumerate() {
                assert!(list_has(list, e), "{name}: {e}");
                for probe in [
                    format!("{e}x"),
                    format!("a{e}"),
                    e[..e.len() - 1].to_string(),
                ] {
                    assert_eq!(
                        list_has(list, &probe),
                        all.binary_search(&probe.as_str()).is_ok(),
                        "{name}: {probe} near {i}"
                    );
                }
            }
            for probe in ["", "\n", "0", "zzzz", "gmail.com\nhey.com", "~"] {
                assert_eq!(
                    list_has(list, probe),
                    all.contains(&probe),
                    "{name}: {probe:?}"
                );
            }
        }
        assert!(!list_has("", "a"));
        assert!(list_has("a\n", "a"));
        assert!(!list_has("a\n", ""));
        assert!(list_has("a\nb\nc\n", "b") && list_has("a\nb\nc\n", "c"));
    }
}
