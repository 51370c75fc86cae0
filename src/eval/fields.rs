//! Field operators: how one lead value is compared, and which warnings it earns.

use super::{int_text, Ctx, Folded};
use crate::email::{
    domain_in_sorted, domain_of, is_disposable_domain, is_free_domain, is_role_local, split_email,
    strip_plus_tag,
};
use crate::keyword_set::index_words;
use crate::lead::Value;
use crate::model::Subject;
use crate::model::{email_kind, limits, CmpOp, EmailExtensions, FieldLeaf, Op, Scalar, ScalarSet};
use crate::text::{fold_append, fold_into, is_folded};

/// How a text operator ended.
enum TextVerdict {
    Holds(bool),
    /// False, with the reason for a warning.
    Unreadable(&'static str),
}

impl<'m, 'l> Ctx<'m, 'l> {
    /// Evaluates a field leaf on `value`; `warn` is false inside an event's `where`.
    // `iter().any` on purpose (see below): smaller lite wasm than `contains`.
    #[allow(clippy::manual_contains)]
    pub(super) fn field_holds(
        &mut self,
        leaf: &'m FieldLeaf,
        value: Option<&'l Value<'l>>,
        warn: bool,
    ) -> bool {
        if let Op::Exists(want) = leaf.op {
            return value.is_some_and(|v| !v.is_absent()) == want;
        }
        let Some(value) = value.filter(|v| !v.is_absent()) else {
            if warn {
                self.warn_str(&leaf.missing);
            }
            return false;
        };
        match &leaf.op {
            // Declared: the literals are of the declared type (checked when
            // compiling), a boolean read as 1 or 0.
            op @ (Op::Equals(_) | Op::In(_)) if leaf.read.is_some() => {
                self.number(leaf, value, warn).is_some_and(|n| match op {
                    Op::Equals(Scalar::Number(x)) => *x == n,
                    Op::Equals(Scalar::Bool(b)) => *b == (n == 1.0),
                    // `any` rather than `<[f64]>::contains` (the same `==`):
                    // std's unrolled search is 51 B more of lite.
                    Op::In(set) => {
                        set.numbers.iter().any(|&x| x == n) || set.bools.contains(&(n == 1.0))
                    }
                    _ => false,
                })
            }
            Op::Equals(scalar) => {
                let folded = self.folded_for(&leaf.subject, value);
                let kinds = Kinds::of(scalar);
                // An ambiguous text (`"1.000"`) equals no number; it is not
                // warned about here (only where it is read as a number).
                scalar_matches(
                    value,
                    folded,
                    kinds,
                    |v| v == scalar,
                    |s| in_text(s, scalar),
                )
            }
            Op::In(set) => {
                let folded = self.folded_for(&leaf.subject, value);
                in_set(value, folded, set)
            }
            Op::Cmp(op, limit) => match self.number(leaf, value, warn) {
                Some(n) => match op {
                    CmpOp::Gt => n > *limit,
                    CmpOp::Gte => n >= *limit,
                    CmpOp::Lt => n < *limit,
                    CmpOp::Lte => n <= *limit,
                },
                None => false,
            },
            Op::Between(low, high) => self
                .number(leaf, value, warn)
                .is_some_and(|n| *low <= n && n <= *high),
            _ => self.text_holds(leaf, value, warn),
        }
    }

    /// The folded text of a slot's string value, computed once per lead.
    fn folded_for<'s>(&'s mut self, subject: &Subject, value: &'s Value) -> Option<&'s str> {
        let (Subject::Slot(i), Value::String(raw)) = (subject, value) else {
            return None;
        };
        Some(self.folded(*i, raw))
    }

    /// The folded text of slot `i`'s string `raw`, folded on first use.
    pub(super) fn folded<'s>(&'s mut self, i: usize, raw: &'s str) -> &'s str {
        self.fold_range(i, raw).text(raw, &self.fold_text)
    }

    /// Where slot `i`'s folded text is, folding it on first use.
    fn fold_range(&mut self, i: usize, raw: &str) -> Folded {
        match self.slots.get(i).map(|s| s.folded) {
            Some(Some(folded)) => folded,
            cache => {
                // Most form values are folded already: no copy, no second pass.
                let folded = if raw.len() <= limits::MAX_TEXT_BYTES && is_folded(raw) {
                    Folded::AsIs
                } else {
                    let start = self.fold_text.len();
                    fold_append(truncated(raw), &mut self.fold_text);
                    Folded::At(start, self.fold_text.len())
                };
                if let (Some(_), Some(entry)) = (cache, self.slots.get_mut(i)) {
                    entry.folded = Some(folded);
                }
                folded
            }
        }
    }

    fn text_holds(&mut self, leaf: &'m FieldLeaf, value: &'l Value<'l>, warn: bool) -> bool {
        let Value::String(raw) = value else {
            if warn {
                self.warn(crate::text::concat(&[
                    &leaf.field,
                    ": expected text, got ",
                    &value.describe(),
                ]));
            }
            return false;
        };
        if raw.len() > limits::MAX_TEXT_BYTES && warn {
            let max = int_text(limits::MAX_TEXT_BYTES);
            let message = [
                &leaf.field,
                ": text longer than ",
                &max,
                " bytes, compared on the first ",
                &max,
            ];
            self.warn(crate::text::concat(&message));
        }
        let verdict = match leaf.subject {
            Subject::Slot(i) => {
                let range = self.fold_range(i, raw);
                let Ctx {
                    fold_text,
                    slots,
                    model,
                    ..
                } = self;
                let folded = range.text(raw, fold_text);
                let Some(cache) = slots.get_mut(i) else {
                    return false;
                };
                match &leaf.op {
                    Op::WordsAny(keywords) => {
                        let index = cache.words.get_or_insert_with(|| {
                            let mut index = Vec::new();
                            index_words(folded, &mut index);
                            index
                        });
                        TextVerdict::Holds(keywords.matches_indexed(folded, index))
                    }
                    // Several rules usually ask about the same email: classify it once.
                    Op::EmailIs(bits) => {
                        let kinds = *cache
                            .email
                            .get_or_insert_with(|| email_kinds(folded, &model.email));
                        email_verdict(kinds, *bits)
                    }
                    op => text_verdict(op, folded, &model.email),
                }
            }
            Subject::Event(_) => {
                let mut scratch = std::mem::take(&mut self.scratch);
                fold_into(truncated(raw), &mut scratch);
                let verdict = text_verdict(&leaf.op, &scratch, &self.model.email);
                self.scratch = scratch;
                verdict
            }
        };
        match verdict {
            TextVerdict::Holds(b) => b,
            TextVerdict::Unreadable(problem) => {
                if warn {
                    self.warn(crate::text::concat(&[&leaf.field, ": ", problem]));
                }
                false
            }
        }
    }
}

/// The first `MAX_TEXT_BYTES` of a text, cut at a character boundary.
fn truncated(s: &str) -> &str {
    if s.len() <= limits::MAX_TEXT_BYTES {
        return s;
    }
    let mut end = limits::MAX_TEXT_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

fn text_verdict(op: &Op, folded: &str, ext: &EmailExtensions) -> TextVerdict {
    match op {
        Op::StartsWith(prefixes) => {
            TextVerdict::Holds(prefixes.iter().any(|p| folded.starts_with(p.as_str())))
        }
        Op::ContainsAny(needles) => {
            TextVerdict::Holds(needles.iter().any(|n| crate::text::contains(folded, n)))
        }
        Op::WordsAny(keywords) => TextVerdict::Holds(keywords.matches(folded)),
        Op::DomainIn(domains) => match domain_of(folded) {
            Some(domain) => TextVerdict::Holds(domain_in_sorted(domain, domains)),
            None => TextVerdict::Unreadable("not a domain"),
        },
        Op::EmailIs(bits) => email_verdict(email_kinds(folded, ext), *bits),
        _ => TextVerdict::Holds(false),
    }
}

/// Kinds of a text that is no email address.
const NOT_AN_EMAIL: u8 = 0x80;

fn email_verdict(kinds: u8, wanted: u8) -> TextVerdict {
    if kinds == NOT_AN_EMAIL {
        TextVerdict::Unreadable("not an email address")
    } else {
        TextVerdict::Holds(kinds & wanted != 0)
    }
}

/// The `email_is` kinds of a folded text, as bits.
fn email_kinds(folded: &str, ext: &EmailExtensions) -> u8 {
    let Some((local, domain)) = split_email(folded) else {
        return NOT_AN_EMAIL;
    };
    let free = is_free_domain(domain)
        || ext
            .free
            .binary_search_by(|d| d.as_str().cmp(domain))
            .is_ok();
    let disposable = is_disposable_domain(domain) || domain_in_sorted(domain, &ext.disposable);
    let base = strip_plus_tag(local);
    let role = is_role_local(local) || ext.role.binary_search_by(|r| r.as_str().cmp(base)).is_ok();
    let mut bits = 0;
    if free {
        bits |= email_kind::FREE;
    }
    if disposable {
        bits |= email_kind::DISPOSABLE;
    }
    if role {
        bits |= email_kind::ROLE;
    }
    if !free && !disposable {
        bits |= email_kind::CORPORATE;
    }
    bits
}

/// Which kinds of literal a comparison holds: readings of the lead value
/// that no literal could match are skipped (no number parsed from a text
/// compared only with texts, say).
#[derive(Clone, Copy)]
struct Kinds {
    text: bool,
    number: bool,
    bool: bool,
}

impl Kinds {
    fn of(scalar: &Scalar) -> Kinds {
        Kinds {
            text: matches!(scalar, Scalar::Text(_)),
            number: matches!(scalar, Scalar::Number(_)),
            bool: matches!(scalar, Scalar::Bool(_)),
        }
    }

    fn of_set(set: &ScalarSet) -> Kinds {
        Kinds {
            text: !set.texts.is_empty(),
            number: !set.numbers.is_empty(),
            bool: !set.bools.is_empty(),
        }
    }
}

/// Compares a lead value with literals: same type directly, text forms by their folded text.
fn scalar_matches(
    value: &Value,
    folded: Option<&str>,
    kinds: Kinds,
    same: impl Fn(&Scalar) -> bool,
    text: impl Fn(&str) -> bool,
) -> bool {
    let mut buf = String::new();
    match value {
        Value::String(s) => {
            let folded = match folded {
                Some(f) => f,
                None => {
                    fold_into(truncated(s), &mut buf);
                    &buf
                }
            };
            if kinds.text && text(folded) {
                return true;
            }
            // Forms send numbers and checkboxes as text: "120", "true".
            match folded {
                "true" => kinds.bool && same(&Scalar::Bool(true)),
                "false" => kinds.bool && same(&Scalar::Bool(false)),
                t => {
                    kinds.number
                        && crate::value::number_text(t).is_ok_and(|n| same(&Scalar::Number(n)))
                }
            }
        }
        Value::Number(n) => {
            if kinds.number && same(&Scalar::Number(*n)) {
                return true;
            }
            if !kinds.text {
                return false;
            }
            crate::model::write_canonical_number(*n, &mut buf);
            text(&buf)
        }
        Value::Bool(b) => {
            (kinds.bool && same(&Scalar::Bool(*b)))
                || (kinds.text && text(if *b { "true" } else { "false" }))
        }
        _ => false,
    }
}

fn in_text(folded: &str, scalar: &Scalar) -> bool {
    matches!(scalar, Scalar::Text(t) if t == folded)
}

fn in_set(value: &Value, folded: Option<&str>, set: &ScalarSet) -> bool {
    scalar_matches(
        value,
        folded,
        Kinds::of_set(set),
        |s| match s {
            Scalar::Number(n) => set.numbers.iter().any(|x| x == n),
            Scalar::Bool(b) => set.bools.contains(b),
            Scalar::Text(_) => false,
        },
        |t| set_has_text(&set.texts, t),
    )
}

/// Sets up to this size are scanned, not searched: most literals differ in
/// length, so a scan compares few bytes where a binary search compares
/// whole texts at every step.
const SCANNED_SET: usize = 16;

/// Whether the sorted, deduplicated `texts` hold `t`.
fn set_has_text(texts: &[String], t: &str) -> bool {
    if texts.len() <= SCANNED_SET {
        texts.iter().any(|x| x.len() == t.len() && x == t)
    } else {
        texts.binary_search_by(|x| x.as_str().cmp(t)).is_ok()
    }
}
