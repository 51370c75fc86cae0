//! Tests of `email`: addresses, domains, the built-in lists, and the byte
//! splits against the `str` splits they replaced.
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

/// The old `is_domain`, by `str` splits.
fn domain_old(d: &str) -> bool {
    d.rsplit_once('.')
        .is_some_and(|(_, tld)| tld.chars().nth(1).is_some())
        && d.split('.')
            .all(|l| !l.is_empty() && l.chars().all(is_label_char))
}

/// The old `url_host`, by `str` splits.
fn host_old(folded: &str) -> &str {
    let rest = match find_scheme_end(folded) {
        Some(end) => &folded[end..],
        None => folded.strip_prefix("//").unwrap_or(folded),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap();
    let host = authority.rsplit('@').next().unwrap();
    host.split(':').next().unwrap()
}

/// The old `domain_of`, by `str` splits.
fn domain_of_old(folded: &str) -> Option<&str> {
    let candidate = if find_scheme_end(folded).is_some() || folded.contains('/') {
        host_old(folded)
    } else if let Some((_, domain)) = folded.rsplit_once('@') {
        domain
    } else {
        folded
    };
    let candidate = strip_www(candidate.strip_suffix('.').unwrap_or(candidate));
    domain_old(candidate).then_some(candidate)
}

/// Every text of up to 5 characters from an alphabet of label and
/// separator characters: the byte splits give the old code's answers.
#[test]
fn byte_splits_match_str_splits() {
    let alphabet = ["a", ".", "@", "é", "/", ":", " ", "w", "#"];
    let mut texts = vec![String::new()];
    for _ in 0..5 {
        let longer: Vec<String> = texts
            .iter()
            .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
            .collect();
        texts.extend(longer);
    }
    for t in &texts {
        assert_eq!(is_domain(t), domain_old(t), "{t:?}");
        assert_eq!(url_host(t), host_old(t), "{t:?}");
        assert_eq!(domain_of(t), domain_of_old(t), "{t:?}");
        let email_old = t.rsplit_once('@').is_some_and(|(l, d)| {
            !l.is_empty() && !l.contains(char::is_whitespace) && domain_old(d)
        });
        assert_eq!(split_email(t).is_some(), email_old, "{t:?}");
    }
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
