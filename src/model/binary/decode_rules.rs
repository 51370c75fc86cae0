//! Reads rules, stages, routes and their conditions: combinators, field
//! leaves with their operators, event leaves and result leaves, nested at
//! most `limits::MAX_DEPTH` deep.

use super::decode::{Reader, Res};
use super::{cond_tag, event_flag, op_tag, rule_flag, scalar_tag, CORRUPT};
use crate::keyword_set::{word_hash, KeywordSet};
use crate::lead::FieldPath;
use crate::model::{
    limits, CmpOp, Cond, EventLeaf, FieldLeaf, Metric, Op, Route, Rule, Scalar, ScalarSet, Stage,
    Subject,
};
use crate::outcome::Grade;
use crate::text::Keyword;

/// The suffix of a leaf's warning for an absent value (`company_size: missing`).
const MISSING: &str = ": missing";

impl Reader<'_> {
    /// A count, then each rule: id, label, points, flags, `max` if flagged, condition.
    pub fn rules(&mut self) -> Res<Vec<Rule>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let id = self.string()?;
            let label = self.string()?;
            let points = self.points()?;
            let flags = self.byte()?;
            if flags & !(rule_flag::PER_EVENT | rule_flag::MAX) != 0 {
                return Err(CORRUPT);
            }
            let max = if flags & rule_flag::MAX != 0 {
                Some(self.cap()?)
            } else {
                None
            };
            out.push(Rule {
                id,
                label,
                points,
                max,
                cond: self.cond(1)?,
                per_event: flags & rule_flag::PER_EVENT != 0,
            });
        }
        Ok(out)
    }

    /// A count, then each stage: name, required slots with their texts, optional condition.
    pub fn stages(&mut self) -> Res<Vec<Stage>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let name = self.string()?;
            let k = self.count()?;
            let mut requires = Vec::with_capacity(k);
            for _ in 0..k {
                let slot = self.slot()?;
                requires.push((slot, self.string()?));
            }
            out.push(Stage {
                name,
                requires,
                cond: self.opt_cond()?,
            });
        }
        Ok(out)
    }

    /// A count, then each route: id, team, optional condition.
    pub fn routes(&mut self) -> Res<Vec<Route>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(Route {
                id: self.string()?,
                team: self.string()?,
                cond: self.opt_cond()?,
            });
        }
        Ok(out)
    }

    /// A `0`/`1` byte, then a condition at depth 1.
    pub fn opt_cond(&mut self) -> Res<Option<Cond>> {
        Ok(if self.flag()? {
            Some(self.cond(1)?)
        } else {
            None
        })
    }

    /// A condition; `depth` counts as in the model language (a rule's `if` is 1).
    pub fn cond(&mut self, depth: usize) -> Res<Cond> {
        if depth > limits::MAX_DEPTH {
            return Err(CORRUPT);
        }
        let tag = self.byte()?;
        Ok(match tag {
            cond_tag::ALL | cond_tag::ANY => {
                let n = self.count()?;
                let mut children = Vec::with_capacity(n);
                for _ in 0..n {
                    children.push(self.cond(depth + 1)?);
                }
                if tag == cond_tag::ALL {
                    Cond::All(children)
                } else {
                    Cond::Any(children)
                }
            }
            cond_tag::NOT => Cond::Not(Box::new(self.cond(depth + 1)?)),
            cond_tag::FIELD => Cond::Field(Box::new(self.field_leaf()?)),
            cond_tag::EVENT => Cond::Event(Box::new(self.event_leaf(depth)?)),
            cond_tag::SCORE_AT_LEAST => Cond::Metric(Metric::Score, self.points()?, self.string()?),
            cond_tag::FIT_AT_LEAST => Cond::Metric(Metric::Fit, self.points()?, self.string()?),
            cond_tag::ENGAGEMENT_AT_LEAST => {
                Cond::Metric(Metric::Engagement, self.points()?, self.string()?)
            }
            cond_tag::GRADE_AT_LEAST => {
                let grade = match self.byte()? {
                    0 => Grade::A,
                    1 => Grade::B,
                    2 => Grade::C,
                    3 => Grade::D,
                    _ => return Err(CORRUPT),
                };
                Cond::GradeAtLeast(grade, self.string()?)
            }
            cond_tag::STAGE_IN => {
                let n = self.count()?;
                let mut ranks = Vec::with_capacity(n);
                for _ in 0..n {
                    ranks.push(self.usize()?);
                }
                Cond::StageIn(ranks, self.string()?)
            }
            _ => return Err(CORRUPT),
        })
    }

    fn field_leaf(&mut self) -> Res<FieldLeaf> {
        let subject = self.usize()?;
        let subject = if subject & 1 == 0 {
            let slot = subject >> 1;
            if slot >= self.fields {
                return Err(CORRUPT);
            }
            Subject::Slot(slot)
        } else {
            Subject::Event(FieldPath::new(self.str_at(subject >> 1)?))
        };
        let field = self.string()?;
        let memo = match self.usize()? {
            0 => None,
            id if id <= self.leaves => Some(id - 1),
            _ => return Err(CORRUPT),
        };
        let op = self.op()?;
        let needs = self.string()?;
        let mut missing = String::with_capacity(field.len() + MISSING.len());
        missing.push_str(&field);
        missing.push_str(MISSING);
        Ok(FieldLeaf {
            subject,
            field,
            op,
            needs,
            memo,
            missing,
        })
    }

    fn op(&mut self) -> Res<Op> {
        Ok(match self.byte()? {
            op_tag::EQUALS => Op::Equals(match self.byte()? {
                scalar_tag::TEXT => Scalar::Text(self.string()?),
                scalar_tag::NUMBER => Scalar::Number(self.f64()?),
                scalar_tag::FALSE => Scalar::Bool(false),
                scalar_tag::TRUE => Scalar::Bool(true),
                _ => return Err(CORRUPT),
            }),
            op_tag::IN => {
                let texts = self.sorted_strings()?;
                let n = self.count()?;
                let mut numbers = Vec::with_capacity(n);
                for _ in 0..n {
                    numbers.push(self.f64()?);
                }
                let n = self.count()?;
                let mut bools = Vec::with_capacity(n);
                for _ in 0..n {
                    bools.push(self.flag()?);
                }
                Op::In(ScalarSet {
                    texts,
                    numbers,
                    bools,
                })
            }
            op_tag::GT => Op::Cmp(CmpOp::Gt, self.f64()?),
            op_tag::GTE => Op::Cmp(CmpOp::Gte, self.f64()?),
            op_tag::LT => Op::Cmp(CmpOp::Lt, self.f64()?),
            op_tag::LTE => Op::Cmp(CmpOp::Lte, self.f64()?),
            op_tag::BETWEEN => Op::Between(self.f64()?, self.f64()?),
            op_tag::EXISTS_FALSE => Op::Exists(false),
            op_tag::EXISTS_TRUE => Op::Exists(true),
            op_tag::STARTS_WITH => Op::StartsWith(self.strings()?),
            op_tag::CONTAINS_ANY => Op::ContainsAny(self.strings()?),
            op_tag::WORDS_ANY => Op::WordsAny(self.keyword_set()?),
            op_tag::DOMAIN_IN => Op::DomainIn(self.sorted_strings()?),
            op_tag::EMAIL_IS => Op::EmailIs(self.byte()?),
            _ => return Err(CORRUPT),
        })
    }

    /// Forms (hashes recomputed, order checked), then the multi-word keywords' texts.
    fn keyword_set(&mut self) -> Res<KeywordSet> {
        let n = self.count()?;
        let mut forms: Vec<(u64, Box<str>)> = Vec::with_capacity(n);
        for _ in 0..n {
            let form = self.str()?;
            let hash = word_hash(form);
            // Strictly increasing by (hash, form), as `KeywordSet` binary-searches them.
            if forms
                .last()
                .is_some_and(|(h, f)| (*h, f.as_ref()) >= (hash, form))
            {
                return Err(CORRUPT);
            }
            forms.push((hash, form.into()));
        }
        let n = self.count()?;
        let mut others = Vec::with_capacity(n);
        for _ in 0..n {
            let source = self.str()?;
            let keyword = Keyword::parse(source).ok_or(CORRUPT)?;
            others.push((keyword, source.into()));
        }
        Ok(KeywordSet::from_parts(forms, others))
    }

    fn event_leaf(&mut self, depth: usize) -> Res<EventLeaf> {
        let name = self.opt_string()?;
        let flags = self.byte()?;
        if flags & !(event_flag::WHERE | event_flag::WITHIN_DAYS) != 0 {
            return Err(CORRUPT);
        }
        let count_at_least = u32::try_from(self.varint()?).map_err(|_| CORRUPT)?;
        let within_days = if flags & event_flag::WITHIN_DAYS != 0 {
            Some(self.days()?)
        } else {
            None
        };
        let needs = self.string()?;
        let filter = if flags & event_flag::WHERE != 0 {
            Some(self.cond(depth + 1)?)
        } else {
            None
        };
        Ok(EventLeaf {
            name,
            filter,
            count_at_least,
            within_days,
            needs,
        })
    }
}
