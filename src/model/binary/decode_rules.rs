//! Reads rules, stages, disqualifiers, routes and their conditions: combinators, field
//! leaves with their operators, event leaves and result leaves, nested at
//! most `limits::MAX_DEPTH` deep. Errors are sticky (see `decode.rs`): a bad
//! tag reads as an empty `all`.

use super::decode::{Reader, SharedArg};
use super::{cond_tag, event_flag, op_tag, rule_flag, scalar_tag, CORRUPT};
use crate::keyword_set::{word_hash, KeywordSet};
use crate::lead::FieldPath;
use crate::model::{
    limits, CmpOp, Cond, Disqualifier, EventLeaf, FieldLeaf, Metric, Op, Route, Rule, Scalar,
    ScalarSet, Shared, Stage, Subject,
};
use crate::outcome::Grade;
use crate::text::{Keyword, KeywordWord};

/// The suffix of a leaf's warning for an absent value (`company_size: missing`).
const MISSING: &str = ": missing";

impl Reader<'_> {
    /// A count, then each rule.
    pub fn rules(&mut self) -> Vec<Rule> {
        self.list(Self::rule)
    }

    /// A rule: id, label, points, flags, `max` if flagged, condition.
    fn rule(&mut self) -> Rule {
        let id = self.string();
        let label = self.string();
        let points = self.points(false);
        let flags = self.byte();
        self.check(flags & !(rule_flag::PER_EVENT | rule_flag::MAX) == 0);
        let max = (flags & rule_flag::MAX != 0).then(|| self.points(true));
        Rule {
            id,
            label,
            points,
            max,
            cond: self.cond(1),
            per_event: flags & rule_flag::PER_EVENT != 0,
        }
    }

    /// A count, then each stage: name, required slots with their texts, optional condition.
    pub fn stages(&mut self) -> Vec<Stage> {
        self.list(|r| Stage {
            name: r.string(),
            requires: r.list(|r| (r.slot(), r.string())),
            cond: r.opt_cond(),
        })
    }

    /// A count, then each disqualifier: the rank it caps at, then its rule,
    /// which must have 0 points (as the compiler makes it: its points are
    /// not added to the score). A rank past the stages is harmless (no lead
    /// ranks below the fallback `lead`), so it is not checked.
    pub fn disqualifiers(&mut self) -> Vec<Disqualifier> {
        self.list(|r| {
            let cap = r.usize();
            let rule = r.rule();
            r.check(rule.points.0 == 0);
            Disqualifier { cap, rule }
        })
    }

    /// A count, then each route: id, team, optional condition.
    pub fn routes(&mut self) -> Vec<Route> {
        self.list(|r| Route {
            id: r.string(),
            team: r.string(),
            cond: r.opt_cond(),
            #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
            hours: None,
        })
    }

    /// A `0`/`1` byte, then a condition at depth 1.
    fn opt_cond(&mut self) -> Option<Cond> {
        self.flag().then(|| self.cond(1))
    }

    /// A condition; `depth` counts as in the model language (a rule's `if` is 1).
    fn cond(&mut self, depth: usize) -> Cond {
        if !self.check(depth <= limits::MAX_DEPTH) {
            return Cond::All(Vec::new());
        }
        match self.byte() {
            cond_tag::ALL => Cond::All(self.list(|r| r.cond(depth + 1))),
            cond_tag::ANY => Cond::Any(self.list(|r| r.cond(depth + 1))),
            cond_tag::NOT => Cond::Not(Box::new(self.cond(depth + 1))),
            cond_tag::FIELD => Cond::Field(Box::new(self.field_leaf())),
            cond_tag::EVENT => Cond::Event(Box::new(self.event_leaf(depth))),
            tag @ cond_tag::SCORE_AT_LEAST..=cond_tag::ENGAGEMENT_AT_LEAST => {
                let metric = match tag {
                    cond_tag::SCORE_AT_LEAST => Metric::Score,
                    cond_tag::FIT_AT_LEAST => Metric::Fit,
                    _ => Metric::Engagement,
                };
                Cond::Metric(metric, self.points(false), self.string())
            }
            cond_tag::GRADE_AT_LEAST => {
                let grade = match self.byte() {
                    0 => Grade::A,
                    1 => Grade::B,
                    2 => Grade::C,
                    b => {
                        self.check(b == 3);
                        Grade::D
                    }
                };
                Cond::GradeAtLeast(grade, self.string())
            }
            cond_tag::STAGE_IN => Cond::StageIn(self.list(Self::usize), self.string()),
            _ => {
                self.check(false);
                Cond::All(Vec::new())
            }
        }
    }

    fn add_work(&mut self, units: usize) {
        self.work = self
            .work
            .saturating_add(units.saturating_mul(self.work_factor));
    }

    fn field_leaf(&mut self) -> FieldLeaf {
        let subject = self.usize();
        let (subject, read) = if subject & 1 == 0 {
            let slot = subject >> 1;
            self.check(slot < self.fields);
            let read = self
                .specs
                .iter()
                .find(|(s, _)| *s == slot)
                .map(|(_, spec)| *spec);
            (Subject::Slot(slot), read)
        } else {
            (
                Subject::Event(FieldPath::new(self.str_at(subject >> 1))),
                None,
            )
        };
        let field = self.string();
        let memo = match self.usize() {
            0 => None,
            id => {
                self.check(id <= self.leaves);
                Some(id - 1)
            }
        };
        let op = self.op();
        // Work as `model::work` counts it: a memoised leaf once.
        let first = memo.is_none_or(|id| {
            self.leaf_seen
                .get_mut(id)
                .is_some_and(|seen| !std::mem::replace(seen, true))
        });
        if first {
            self.add_work(crate::model::work::op_units(&op));
        }
        let needs = self.string();
        let mut missing = String::with_capacity(field.len() + MISSING.len());
        missing.push_str(&field);
        missing.push_str(MISSING);
        FieldLeaf {
            subject,
            field,
            op,
            needs,
            memo,
            missing,
            read,
        }
    }

    fn op(&mut self) -> Op {
        match self.byte() {
            op_tag::EQUALS => Op::Equals(match self.byte() {
                scalar_tag::TEXT => Scalar::Text(self.string()),
                scalar_tag::NUMBER => Scalar::Number(self.f64(false)),
                scalar_tag::FALSE => Scalar::Bool(false),
                b => {
                    self.check(b == scalar_tag::TRUE);
                    Scalar::Bool(true)
                }
            }),
            op_tag::IN => Op::In(self.shared(
                SharedArg::Scalars,
                |a| match a {
                    SharedArg::Scalars(set) => Some(set.clone()),
                    _ => None,
                },
                |r| ScalarSet {
                    texts: r.strings(true),
                    numbers: r.list(|r| r.f64(false)),
                    bools: r.list(Self::flag),
                },
            )),
            op_tag::GT => Op::Cmp(CmpOp::Gt, self.f64(false)),
            op_tag::GTE => Op::Cmp(CmpOp::Gte, self.f64(false)),
            op_tag::LT => Op::Cmp(CmpOp::Lt, self.f64(false)),
            op_tag::LTE => Op::Cmp(CmpOp::Lte, self.f64(false)),
            op_tag::BETWEEN => Op::Between(self.f64(false), self.f64(false)),
            op_tag::EXISTS_FALSE => Op::Exists(false),
            op_tag::EXISTS_TRUE => Op::Exists(true),
            op_tag::STARTS_WITH => Op::StartsWith(self.strings(false)),
            op_tag::CONTAINS_ANY => Op::ContainsAny(self.shared(
                SharedArg::Texts,
                |a| match a {
                    SharedArg::Texts(texts) => Some(texts.clone()),
                    _ => None,
                },
                |r| r.strings(false),
            )),
            op_tag::WORDS_ANY => Op::WordsAny(self.shared(
                SharedArg::Keywords,
                |a| match a {
                    SharedArg::Keywords(set) => Some(set.clone()),
                    _ => None,
                },
                Self::keyword_set,
            )),
            op_tag::DOMAIN_IN => Op::DomainIn(self.shared(
                SharedArg::Domains,
                |a| match a {
                    SharedArg::Domains(domains) => Some(domains.clone()),
                    _ => None,
                },
                |r| r.strings(true),
            )),
            tag => {
                self.check(tag == op_tag::EMAIL_IS);
                Op::EmailIs(self.byte())
            }
        }
    }

    /// A list argument: `0` then its first copy, or the number + 1 of one read
    /// before, which must be of the same kind (an unsorted text list must not
    /// pass for a sorted domain list).
    fn shared<T>(
        &mut self,
        wrap: fn(Shared<T>) -> SharedArg,
        unwrap: fn(&SharedArg) -> Option<Shared<T>>,
        read: impl FnOnce(&mut Self) -> T,
    ) -> Shared<T> {
        if let Some(n) = self.usize().checked_sub(1) {
            if let Some(arg) = self.shared_args.get(n).and_then(unwrap) {
                return arg;
            }
            // The model is refused; the list is then read as a first copy,
            // empty as every count is 0 once a problem is recorded: one path
            // to a list, with no `Shared::default` per kind (116 B less of
            // lite's gzipped wasm).
            self.fail(CORRUPT);
        }
        let arg = Shared::new(read(self));
        self.shared_args.push(wrap(arg.clone()));
        arg
    }

    /// Forms (hashes recomputed, order checked), then the multi-word keywords' texts.
    fn keyword_set(&mut self) -> KeywordSet {
        let n = self.count();
        let mut forms: Vec<(u64, Box<str>)> = Vec::with_capacity(n);
        for _ in 0..n {
            // `to_owned` (already in the build) then boxed, not `Box::from`:
            // a copy routine less (20 B of lite's gzipped wasm).
            let form = self.str().to_owned().into_boxed_str();
            let entry = (word_hash(&form), form);
            // Strictly increasing by (hash, form), as `KeywordSet` binary-searches them.
            // (Written out: the tuple's ordering is one more routine in lite.)
            self.check(forms.last().is_none_or(|(hash, text)| {
                *hash < entry.0 || (*hash == entry.0 && **text < *entry.1)
            }));
            forms.push(entry);
        }
        let n = self.count();
        let (mut others, mut sources) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for _ in 0..n {
            sources.push(self.str().to_owned().into_boxed_str());
            let words = self.list(|r| {
                let word = r.usize();
                let text = r.str_at(word >> 1).to_owned();
                r.check(!text.is_empty());
                KeywordWord {
                    text,
                    prefix: word & 1 == 1,
                }
            });
            self.check(!words.is_empty());
            others.push(Keyword::from_words(words));
        }
        KeywordSet::from_parts(forms, others, sources)
    }

    fn event_leaf(&mut self, depth: usize) -> EventLeaf {
        let name = self.opt_string();
        let flags = self.byte();
        self.check(flags & !(event_flag::WHERE | event_flag::WITHIN_DAYS) == 0);
        let count_at_least = u32::try_from(self.varint()).unwrap_or_else(|_| {
            self.check(false);
            0
        });
        let within_days = (flags & event_flag::WITHIN_DAYS != 0).then(|| self.f64(true));
        let needs = self.string();
        // The leaf and its `where` run over every event: they count ×16.
        let outer = self.work_factor;
        self.work_factor = outer.saturating_mul(crate::model::work::EVENT_FACTOR);
        self.add_work(1);
        let filter = (flags & event_flag::WHERE != 0).then(|| self.cond(depth + 1));
        self.work_factor = outer;
        EventLeaf {
            name,
            filter,
            count_at_least,
            within_days,
            needs,
        }
    }
}
