//! Built-in email knowledge: free providers, disposable services, role locals.
//!
//! Cost in the wasm binary (string bytes, checked by `list_sizes` below; add
//! 8 bytes per entry for the `&str` itself on wasm32):
//! - `FREE_DOMAINS`: 80 entries, 775 bytes
//! - `DISPOSABLE_DOMAINS`: 138 entries, 1,818 bytes
//! - `ROLE_LOCALS`: 75 entries, 581 bytes
//!
//! Entries are folded (lower case, ASCII) and each array is sorted and
//! deduplicated, because lookups are binary searches. The disposable list is
//! deliberately short: the long-tail services rotate domains faster than a
//! release cycle, so models extend it with `disposable_email_domains`.

/// Free mail providers (global and Brazilian); exact domain matches.
pub static FREE_DOMAINS: &[&str] = &[
    "126.com",
    "163.com",
    "aol.com",
    "att.net",
    "bol.com.br",
    "btinternet.com",
    "comcast.net",
    "fastmail.com",
    "fastmail.fm",
    "free.fr",
    "globo.com",
    "globomail.com",
    "gmail.com",
    "gmx.at",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.com.ar",
    "hotmail.com.br",
    "hotmail.de",
    "hotmail.es",
    "hotmail.fr",
    "hotmail.it",
    "hushmail.com",
    "icloud.com",
    "ig.com.br",
    "laposte.net",
    "libero.it",
    "live.co.uk",
    "live.com",
    "live.com.br",
    "live.fr",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "naver.com",
    "oi.com.br",
    "orange.fr",
    "outlook.com",
    "outlook.com.br",
    "outlook.es",
    "outlook.fr",
    "pm.me",
    "proton.me",
    "protonmail.ch",
    "protonmail.com",
    "qq.com",
    "r7.com",
    "rambler.ru",
    "rocketmail.com",
    "sbcglobal.net",
    "t-online.de",
    "terra.com.br",
    "tuta.io",
    "tutanota.com",
    "uol.com.br",
    "verizon.net",
    "wanadoo.fr",
    "web.de",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.com.ar",
    "yahoo.com.br",
    "yahoo.com.mx",
    "yahoo.de",
    "yahoo.es",
    "yahoo.fr",
    "yahoo.it",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zipmail.com.br",
    "zoho.com",
];

/// Well-known throw-away mail services; a subdomain of one also counts.
pub static DISPOSABLE_DOMAINS: &[&str] = &[
    "0815.ru",
    "10minutemail.co.uk",
    "10minutemail.com",
    "10minutemail.de",
    "10minutemail.net",
    "1secmail.com",
    "1secmail.net",
    "1secmail.org",
    "20minutemail.com",
    "30minutemail.com",
    "anonbox.net",
    "anonymbox.com",
    "armyspy.com",
    "boxtemp.com.br",
    "byom.de",
    "courrieltemporaire.com",
    "cuvox.de",
    "dayrep.com",
    "discard.email",
    "discardmail.com",
    "discardmail.de",
    "dispomail.eu",
    "dispostable.com",
    "dropmail.me",
    "einrot.com",
    "email-fake.com",
    "emailfake.com",
    "emailondeck.com",
    "emailtemporanea.com",
    "emailtemporario.com.br",
    "fakeinbox.com",
    "fakemailgenerator.com",
    "fexpost.com",
    "filzmail.com",
    "fleckens.hu",
    "getairmail.com",
    "getnada.com",
    "grr.la",
    "guerrillamail.biz",
    "guerrillamail.com",
    "guerrillamail.de",
    "guerrillamail.info",
    "guerrillamail.net",
    "guerrillamail.org",
    "guerrillamailblock.com",
    "gustr.com",
    "harakirimail.com",
    "inboxbear.com",
    "inboxkitten.com",
    "incognitomail.com",
    "jetable.com",
    "jetable.net",
    "jetable.org",
    "jourrapide.com",
    "mail-temporaire.fr",
    "mail7.io",
    "mailcatch.com",
    "maildrop.cc",
    "mailexpire.com",
    "mailforspam.com",
    "mailinator.com",
    "mailinator.net",
    "mailinator.org",
    "mailinator2.com",
    "mailmetrash.com",
    "mailmoat.com",
    "mailnesia.com",
    "mailpoof.com",
    "mailsac.com",
    "mailshell.com",
    "mailtemp.info",
    "mailto.plus",
    "meltmail.com",
    "mintemail.com",
    "moakt.com",
    "mohmal.com",
    "mvrht.com",
    "mytemp.email",
    "mytempemail.com",
    "mytrashmail.com",
    "nada.email",
    "pokemail.net",
    "proxymail.eu",
    "rcpt.at",
    "rhyta.com",
    "rmqkr.net",
    "sharklasers.com",
    "sofort-mail.de",
    "spam4.me",
    "spamavert.com",
    "spambog.com",
    "spambog.de",
    "spambox.us",
    "spamex.com",
    "spamgourmet.com",
    "spammotel.com",
    "spamthis.co.uk",
    "superrito.com",
    "teleworm.us",
    "temp-mail.com",
    "temp-mail.de",
    "temp-mail.org",
    "temp-mail.ru",
    "tempail.com",
    "tempemail.com",
    "tempemail.net",
    "tempinbox.com",
    "tempmail.de",
    "tempmailer.com",
    "tempmailo.com",
    "tempomail.fr",
    "temporarioemail.com.br",
    "temporaryemail.net",
    "temporaryinbox.com",
    "tempr.email",
    "throwawayemailaddress.com",
    "throwawaymail.com",
    "tmpmail.net",
    "tmpmail.org",
    "trash-mail.com",
    "trash-mail.de",
    "trashmail.at",
    "trashmail.com",
    "trashmail.de",
    "trashmail.io",
    "trashmail.me",
    "trashmail.net",
    "trashymail.com",
    "trbvm.com",
    "wegwerfmail.de",
    "wegwerfmail.net",
    "wegwerfmail.org",
    "whyspam.me",
    "yopmail.com",
    "yopmail.fr",
    "yopmail.net",
    "zehnminutenmail.de",
    "zetmail.com",
];

/// Local parts that name a function, not a person (English, Portuguese, Spanish).
pub static ROLE_LOCALS: &[&str] = &[
    "abuse",
    "accounting",
    "accounts",
    "admin",
    "administracao",
    "administrador",
    "administrator",
    "ajuda",
    "atendimento",
    "ayuda",
    "billing",
    "careers",
    "cobranca",
    "cobranza",
    "comercial",
    "compras",
    "contabilidad",
    "contabilidade",
    "contact",
    "contacto",
    "contato",
    "customerservice",
    "empleo",
    "emprego",
    "empregos",
    "enquiries",
    "equipe",
    "equipo",
    "facturacion",
    "faturamento",
    "finance",
    "financeiro",
    "financiero",
    "hello",
    "help",
    "hola",
    "hostmaster",
    "hr",
    "imprensa",
    "info",
    "informacion",
    "informacoes",
    "juridico",
    "legal",
    "marketing",
    "nao-responda",
    "naoresponda",
    "newsletter",
    "no-reply",
    "noreply",
    "office",
    "ola",
    "orders",
    "pedidos",
    "postmaster",
    "prensa",
    "press",
    "privacy",
    "recepcao",
    "recepcion",
    "rh",
    "rrhh",
    "sac",
    "sales",
    "secretaria",
    "security",
    "soporte",
    "suporte",
    "support",
    "team",
    "trabalheconosco",
    "vagas",
    "vendas",
    "ventas",
    "webmaster",
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const LISTS: [(&str, &[&str]); 3] = [
        ("FREE_DOMAINS", FREE_DOMAINS),
        ("DISPOSABLE_DOMAINS", DISPOSABLE_DOMAINS),
        ("ROLE_LOCALS", ROLE_LOCALS),
    ];

    #[test]
    fn sorted_and_deduplicated() {
        for (name, list) in LISTS {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{name}: {:?} >= {:?}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn entries_are_folded() {
        for (name, list) in LISTS {
            for e in list {
                assert!(!e.is_empty(), "{name}: empty entry");
                assert!(
                    e.bytes().all(|b| b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || b"-._".contains(&b)),
                    "{name}: {e:?} is not folded"
                );
            }
        }
        for d in FREE_DOMAINS.iter().chain(DISPOSABLE_DOMAINS) {
            assert!(d.contains('.') && !d.starts_with("www."), "{d}");
        }
    }

    #[test]
    fn free_and_disposable_do_not_overlap() {
        for d in FREE_DOMAINS {
            assert!(DISPOSABLE_DOMAINS.binary_search(d).is_err(), "{d}");
        }
    }

    #[test]
    fn list_sizes() {
        for (name, list) in LISTS {
            let bytes: usize = list.iter().map(|s| s.len()).sum();
            println!("{name}: {} entries, {bytes} string bytes", list.len());
        }
        // Keep the module comment honest.
        assert_eq!(FREE_DOMAINS.len(), 80);
        assert_eq!(FREE_DOMAINS.iter().map(|s| s.len()).sum::<usize>(), 775);
        assert_eq!(DISPOSABLE_DOMAINS.len(), 138);
        assert_eq!(
            DISPOSABLE_DOMAINS.iter().map(|s| s.len()).sum::<usize>(),
            1818
        );
        assert_eq!(ROLE_LOCALS.len(), 75);
        assert_eq!(ROLE_LOCALS.iter().map(|s| s.len()).sum::<usize>(), 581);
    }
}
