//! Email addresses and domains: parsing, parent-domain lookups and the
//! built-in free / disposable / role knowledge from `email_lists`.
//!
//! All inputs are expected to be folded already (see `text::fold`), so
//! everything here compares lower-case text and never allocates on lookups.

use crate::email_lists::{DISPOSABLE_DOMAINS, FREE_DOMAINS, ROLE_LOCALS};
use crate::text::{fold, rsplit_once_ascii, split_once_ascii};

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
    let Some((_, tld)) = rsplit_once_ascii(d, b'.') else {
        return false;
    };
    let mut tld = tld.chars();
    if tld.next().is_none() || tld.next().is_none() {
        return false;
    }
    // Every label non-empty and of label characters, in one pass over `d`.
    let mut label_empty = true;
    for c in d.chars() {
        if c == '.' && !label_empty {
            label_empty = true;
        } else if c != '.' && is_label_char(c) {
            label_empty = false;
        } else {
            return false;
        }
    }
    !label_empty
}

/// Splits a folded address at its last `@` into `(local, domain)` if it is valid.
pub fn split_email(folded: &str) -> Option<(&str, &str)> {
    let (local, domain) = rsplit_once_ascii(folded, b'@')?;
    if local.is_empty() || local.chars().any(char::is_whitespace) || !is_domain(domain) {
        return None;
    }
    Some((local, domain))
}

/// Drops `www.` unless what is left would no longer be a dotted name.
fn strip_www(d: &str) -> &str {
    match d.strip_prefix("www.") {
        Some(rest) if rest.bytes().any(|b| b == b'.') => rest,
        _ => d,
    }
}

/// The host of a URL-ish text: no scheme, userinfo, port, path, query or fragment.
fn url_host(folded: &str) -> &str {
    let rest = match find_scheme_end(folded) {
        Some(end) => folded.get(end..).unwrap_or_default(),
        None => folded.strip_prefix("//").unwrap_or(folded),
    };
    let end = rest.bytes().position(|b| matches!(b, b'/' | b'?' | b'#'));
    let authority = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
    let host = rsplit_once_ascii(authority, b'@').map_or(authority, |(_, host)| host);
    split_once_ascii(host, b':').map_or(host, |(host, _)| host)
}

/// Where the first `://` ends, found by bytes: `str::find` with a `&str`
/// links std's two-way searcher, which is 4 KB (gzip) of the wasm build.
fn find_scheme_end(folded: &str) -> Option<usize> {
    let at = folded.as_bytes().windows(3).position(|w| w == b"://")?;
    Some(at + 3)
}

/// The domain `domain_in` compares: an email's, a URL's host or a bare domain.
pub fn domain_of(folded: &str) -> Option<&str> {
    let candidate = if find_scheme_end(folded).is_some() || folded.bytes().any(|b| b == b'/') {
        url_host(folded)
    } else if let Some((_, domain)) = rsplit_once_ascii(folded, b'@') {
        domain
    } else {
        folded
    };
    // A fully qualified name may end in a dot; it names the same domain.
    let candidate = strip_www(candidate.strip_suffix(".").unwrap_or(candidate));
    is_domain(candidate).then_some(candidate)
}

/// Normalises a domain list entry so it compares equal to what `domain_of` returns.
pub fn normalize_domain_entry(raw: &str) -> String {
    let folded = fold(raw);
    if let Some(d) = domain_of(&folded) {
        return d.to_owned();
    }
    // `&str` patterns, not `char`s: see `decimal::parse`.
    let d = folded.strip_prefix("@").unwrap_or(&folded);
    let d = d.strip_suffix(".").unwrap_or(d);
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
    while let Some((_, parent)) = split_once_ascii(d, b'.') {
        if has(d) {
            return true;
        }
        d = parent;
    }
    false
}

/// A local part without its `+tag` (`maria+news` → `maria`), for role lookups.
pub fn strip_plus_tag(local: &str) -> &str {
    split_once_ascii(local, b'+').map_or(local, |(base, _)| base)
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
mod tests;
