//! Built-in email knowledge: free providers, disposable services, role locals.
//!
//! Each list is one text of entries, each ending in `\n` (no `&str` per
//! entry: 8 bytes each on wasm32, which compress poorly), searched with
//! `email::list_has`. Cost in the wasm binary (string bytes without the `\n`s,
//! checked by `list_sizes` below):
//! - `FREE_DOMAINS`: 80 entries, 775 bytes
//! - `DISPOSABLE_DOMAINS`: 138 entries, 1,818 bytes
//! - `ROLE_LOCALS`: 75 entries, 581 bytes
//!
//! Entries are folded (lower case, ASCII) and each list is sorted and
//! deduplicated, because lookups are binary searches. The disposable list is
//! deliberately short: the long-tail services rotate domains faster than a
//! release cycle, so models extend it with `disposable_email_domains`.

/// Free mail providers (global and Brazilian); exact domain matches.
pub static FREE_DOMAINS: &str = concat!(
    "126.com\n",
    "163.com\n",
    "aol.com\n",
    "att.net\n",
    "bol.com.br\n",
    "btinternet.com\n",
    "comcast.net\n",
    "fastmail.com\n",
    "fastmail.fm\n",
    "free.fr\n",
    "globo.com\n",
    "globomail.com\n",
    "gmail.com\n",
    "gmx.at\n",
    "gmx.com\n",
    "gmx.de\n",
    "gmx.net\n",
    "googlemail.com\n",
    "hey.com\n",
    "hotmail.co.uk\n",
    "hotmail.com\n",
    "hotmail.com.ar\n",
    "hotmail.com.br\n",
    "hotmail.de\n",
    "hotmail.es\n",
    "hotmail.fr\n",
    "hotmail.it\n",
    "hushmail.com\n",
    "icloud.com\n",
    "ig.com.br\n",
    "laposte.net\n",
    "libero.it\n",
    "live.co.uk\n",
    "live.com\n",
    "live.com.br\n",
    "live.fr\n",
    "mac.com\n",
    "mail.com\n",
    "mail.ru\n",
    "me.com\n",
    "msn.com\n",
    "naver.com\n",
    "oi.com.br\n",
    "orange.fr\n",
    "outlook.com\n",
    "outlook.com.br\n",
    "outlook.es\n",
    "outlook.fr\n",
    "pm.me\n",
    "proton.me\n",
    "protonmail.ch\n",
    "protonmail.com\n",
    "qq.com\n",
    "r7.com\n",
    "rambler.ru\n",
    "rocketmail.com\n",
    "sbcglobal.net\n",
    "t-online.de\n",
    "terra.com.br\n",
    "tuta.io\n",
    "tutanota.com\n",
    "uol.com.br\n",
    "verizon.net\n",
    "wanadoo.fr\n",
    "web.de\n",
    "yahoo.co.jp\n",
    "yahoo.co.uk\n",
    "yahoo.com\n",
    "yahoo.com.ar\n",
    "yahoo.com.br\n",
    "yahoo.com.mx\n",
    "yahoo.de\n",
    "yahoo.es\n",
    "yahoo.fr\n",
    "yahoo.it\n",
    "yandex.com\n",
    "yandex.ru\n",
    "ymail.com\n",
    "zipmail.com.br\n",
    "zoho.com\n",
);

/// Well-known throw-away mail services; a subdomain of one also counts.
pub static DISPOSABLE_DOMAINS: &str = concat!(
    "0815.ru\n",
    "10minutemail.co.uk\n",
    "10minutemail.com\n",
    "10minutemail.de\n",
    "10minutemail.net\n",
    "1secmail.com\n",
    "1secmail.net\n",
    "1secmail.org\n",
    "20minutemail.com\n",
    "30minutemail.com\n",
    "anonbox.net\n",
    "anonymbox.com\n",
    "armyspy.com\n",
    "boxtemp.com.br\n",
    "byom.de\n",
    "courrieltemporaire.com\n",
    "cuvox.de\n",
    "dayrep.com\n",
    "discard.email\n",
    "discardmail.com\n",
    "discardmail.de\n",
    "dispomail.eu\n",
    "dispostable.com\n",
    "dropmail.me\n",
    "einrot.com\n",
    "email-fake.com\n",
    "emailfake.com\n",
    "emailondeck.com\n",
    "emailtemporanea.com\n",
    "emailtemporario.com.br\n",
    "fakeinbox.com\n",
    "fakemailgenerator.com\n",
    "fexpost.com\n",
    "filzmail.com\n",
    "fleckens.hu\n",
    "getairmail.com\n",
    "getnada.com\n",
    "grr.la\n",
    "guerrillamail.biz\n",
    "guerrillamail.com\n",
    "guerrillamail.de\n",
    "guerrillamail.info\n",
    "guerrillamail.net\n",
    "guerrillamail.org\n",
    "guerrillamailblock.com\n",
    "gustr.com\n",
    "harakirimail.com\n",
    "inboxbear.com\n",
    "inboxkitten.com\n",
    "incognitomail.com\n",
    "jetable.com\n",
    "jetable.net\n",
    "jetable.org\n",
    "jourrapide.com\n",
    "mail-temporaire.fr\n",
    "mail7.io\n",
    "mailcatch.com\n",
    "maildrop.cc\n",
    "mailexpire.com\n",
    "mailforspam.com\n",
    "mailinator.com\n",
    "mailinator.net\n",
    "mailinator.org\n",
    "mailinator2.com\n",
    "mailmetrash.com\n",
    "mailmoat.com\n",
    "mailnesia.com\n",
    "mailpoof.com\n",
    "mailsac.com\n",
    "mailshell.com\n",
    "mailtemp.info\n",
    "mailto.plus\n",
    "meltmail.com\n",
    "mintemail.com\n",
    "moakt.com\n",
    "mohmal.com\n",
    "mvrht.com\n",
    "mytemp.email\n",
    "mytempemail.com\n",
    "mytrashmail.com\n",
    "nada.email\n",
    "pokemail.net\n",
    "proxymail.eu\n",
    "rcpt.at\n",
    "rhyta.com\n",
    "rmqkr.net\n",
    "sharklasers.com\n",
    "sofort-mail.de\n",
    "spam4.me\n",
    "spamavert.com\n",
    "spambog.com\n",
    "spambog.de\n",
    "spambox.us\n",
    "spamex.com\n",
    "spamgourmet.com\n",
    "spammotel.com\n",
    "spamthis.co.uk\n",
    "superrito.com\n",
    "teleworm.us\n",
    "temp-mail.com\n",
    "temp-mail.de\n",
    "temp-mail.org\n",
    "temp-mail.ru\n",
    "tempail.com\n",
    "tempemail.com\n",
    "tempemail.net\n",
    "tempinbox.com\n",
    "tempmail.de\n",
    "tempmailer.com\n",
    "tempmailo.com\n",
    "tempomail.fr\n",
    "temporarioemail.com.br\n",
    "temporaryemail.net\n",
    "temporaryinbox.com\n",
    "tempr.email\n",
    "throwawayemailaddress.com\n",
    "throwawaymail.com\n",
    "tmpmail.net\n",
    "tmpmail.org\n",
    "trash-mail.com\n",
    "trash-mail.de\n",
    "trashmail.at\n",
    "trashmail.com\n",
    "trashmail.de\n",
    "trashmail.io\n",
    "trashmail.me\n",
    "trashmail.net\n",
    "trashymail.com\n",
    "trbvm.com\n",
    "wegwerfmail.de\n",
    "wegwerfmail.net\n",
    "wegwerfmail.org\n",
    "whyspam.me\n",
    "yopmail.com\n",
    "yopmail.fr\n",
    "yopmail.net\n",
    "zehnminutenmail.de\n",
    "zetmail.com\n",
);

/// Local parts that name a function, not a person (English, Portuguese, Spanish).
pub static ROLE_LOCALS: &str = concat!(
    "abuse\n",
    "accounting\n",
    "accounts\n",
    "admin\n",
    "administracao\n",
    "administrador\n",
    "administrator\n",
    "ajuda\n",
    "atendimento\n",
    "ayuda\n",
    "billing\n",
    "careers\n",
    "cobranca\n",
    "cobranza\n",
    "comercial\n",
    "compras\n",
    "contabilidad\n",
    "contabilidade\n",
    "contact\n",
    "contacto\n",
    "contato\n",
    "customerservice\n",
    "empleo\n",
    "emprego\n",
    "empregos\n",
    "enquiries\n",
    "equipe\n",
    "equipo\n",
    "facturacion\n",
    "faturamento\n",
    "finance\n",
    "financeiro\n",
    "financiero\n",
    "hello\n",
    "help\n",
    "hola\n",
    "hostmaster\n",
    "hr\n",
    "imprensa\n",
    "info\n",
    "informacion\n",
    "informacoes\n",
    "juridico\n",
    "legal\n",
    "marketing\n",
    "nao-responda\n",
    "naoresponda\n",
    "newsletter\n",
    "no-reply\n",
    "noreply\n",
    "office\n",
    "ola\n",
    "orders\n",
    "pedidos\n",
    "postmaster\n",
    "prensa\n",
    "press\n",
    "privacy\n",
    "recepcao\n",
    "recepcion\n",
    "rh\n",
    "rrhh\n",
    "sac\n",
    "sales\n",
    "secretaria\n",
    "security\n",
    "soporte\n",
    "suporte\n",
    "support\n",
    "team\n",
    "trabalheconosco\n",
    "vagas\n",
    "vendas\n",
    "ventas\n",
    "webmaster\n",
);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const LISTS: [(&str, &str); 3] = [
        ("FREE_DOMAINS", FREE_DOMAINS),
        ("DISPOSABLE_DOMAINS", DISPOSABLE_DOMAINS),
        ("ROLE_LOCALS", ROLE_LOCALS),
    ];

    fn entries(list: &str) -> Vec<&str> {
        assert!(list.ends_with('\n'));
        list.lines().collect()
    }

    #[test]
    fn sorted_and_deduplicated() {
        for (name, list) in LISTS {
            for pair in entries(list).windows(2) {
                assert!(pair[0] < pair[1], "{name}: {:?} >= {:?}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn entries_are_folded() {
        for (name, list) in LISTS {
            for e in entries(list) {
                assert!(!e.is_empty(), "{name}: empty entry");
                assert!(
                    e.bytes().all(|b| b.is_ascii_lowercase()
                        || b.is_ascii_digit()
                        || b"-._".contains(&b)),
                    "{name}: {e:?} is not folded"
                );
            }
        }
        for d in entries(FREE_DOMAINS)
            .into_iter()
            .chain(entries(DISPOSABLE_DOMAINS))
        {
            assert!(d.contains('.') && !d.starts_with("www."), "{d}");
        }
    }

    #[test]
    fn free_and_disposable_do_not_overlap() {
        let disposable = entries(DISPOSABLE_DOMAINS);
        for d in entries(FREE_DOMAINS) {
            assert!(disposable.binary_search(&d).is_err(), "{d}");
        }
    }

    #[test]
    fn list_sizes() {
        let size = |list: &str| (entries(list).len(), list.len() - entries(list).len());
        for (name, list) in LISTS {
            let (n, bytes) = size(list);
            println!("{name}: {n} entries, {bytes} string bytes");
        }
        // Keep the module comment honest.
        assert_eq!(size(FREE_DOMAINS), (80, 775));
        assert_eq!(size(DISPOSABLE_DOMAINS), (138, 1818));
        assert_eq!(size(ROLE_LOCALS), (75, 581));
    }
}
