//! Writes the binary form; the order of writes here is the format's reference.

use super::{checksum, cond_tag, event_flag, op_tag, rule_flag, scalar_tag, FORMAT_VERSION, MAGIC};
use crate::keyword_set::KeywordSet;
use crate::model::{
    CmpOp, CompiledModel, Cond, EventLeaf, FieldLeaf, Metric, Op, Rule, Scalar, Shared, Subject,
};
use crate::outcome::Grade;
use crate::points::Points;
#[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
use crate::time::hours::Hours;
use std::collections::BTreeMap;

/// The model's bytes: header, string table, body, checksum.
pub(super) fn encode(model: &CompiledModel) -> Vec<u8> {
    // Two passes: the first collects the strings, which are then numbered in
    // sorted order (so neighbours share prefixes); the second writes the body.
    let mut e = Encoder {
        body: Vec::new(),
        index: BTreeMap::new(),
        numbered: false,
        shared: Vec::new(),
    };
    e.model(model);
    for (i, slot) in e.index.values_mut().enumerate() {
        *slot = i;
    }
    e.body.clear();
    e.shared.clear();
    e.numbered = true;
    e.model(model);
    let mut out = Vec::with_capacity(e.body.len() + 8 * e.index.len() + 16);
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_VERSION);
    varint(&mut out, e.index.len() as u64);
    let mut prev = "";
    for s in e.index.keys() {
        // Front coding: the bytes shared with the previous string (whole
        // characters), then the rest.
        let mut shared = s
            .bytes()
            .zip(prev.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !s.is_char_boundary(shared) {
            shared -= 1;
        }
        let rest = s.get(shared..).unwrap_or_default();
        varint(&mut out, shared as u64);
        varint(&mut out, rest.len() as u64);
        out.extend_from_slice(rest.as_bytes());
        prev = s;
    }
    out.extend_from_slice(&e.body);
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Unsigned LEB128.
fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The body being written and the strings it names, with their numbers.
struct Encoder<'m> {
    body: Vec<u8>,
    index: BTreeMap<&'m str, usize>,
    /// False while the first pass collects strings (their numbers are not known yet).
    numbered: bool,
    /// The addresses of list arguments already written, in order (their
    /// number): a list named by many leaves is written once and referred to.
    shared: Vec<usize>,
}

impl<'m> Encoder<'m> {
    fn byte(&mut self, b: u8) {
        self.body.push(b);
    }

    fn usize(&mut self, v: usize) {
        varint(&mut self.body, v as u64);
    }

    fn f64(&mut self, x: f64) {
        self.body.extend_from_slice(&x.to_le_bytes());
    }

    /// Zigzag: small magnitudes of either sign take few bytes.
    fn zigzag(&mut self, v: i64) {
        varint(&mut self.body, ((v << 1) ^ (v >> 63)) as u64);
    }

    fn opt_zigzag(&mut self, v: Option<i64>) {
        self.byte(u8::from(v.is_some()));
        if let Some(v) = v {
            self.zigzag(v);
        }
    }

    fn points(&mut self, p: Points) {
        self.zigzag(p.0);
    }

    fn opt_points(&mut self, p: Option<Points>) {
        self.opt_zigzag(p.map(|p| p.0));
    }

    fn opt_f64(&mut self, x: Option<f64>) {
        self.byte(u8::from(x.is_some()));
        if let Some(x) = x {
            self.f64(x);
        }
    }

    /// The index of a string in the table (collected in the first pass).
    fn intern(&mut self, s: &'m str) -> usize {
        if self.numbered {
            self.index.get(s).copied().unwrap_or_default()
        } else {
            self.index.insert(s, 0);
            0
        }
    }

    fn str(&mut self, s: &'m str) {
        let i = self.intern(s);
        self.usize(i);
    }

    fn opt_str(&mut self, s: Option<&'m str>) {
        let v = s.map_or(0, |s| self.intern(s) + 1);
        self.usize(v);
    }

    fn strs<S: AsRef<str> + 'm>(&mut self, items: &'m [S]) {
        self.usize(items.len());
        for s in items {
            self.str(s.as_ref());
        }
    }

    fn model(&mut self, m: &'m CompiledModel) {
        self.str(&m.info.id);
        self.str(&m.info.version);
        self.str(&m.info.hash);
        self.opt_str(m.name.as_deref());
        self.usize(m.fields.len());
        for f in &m.fields {
            self.str(&f.full);
        }
        // One slot per field, in key_index order (the signatures are recomputed on load).
        for (_, slot) in m.key_index.entries() {
            self.usize(*slot);
        }
        self.usize(m.specs.len());
        for (slot, spec) in &m.specs {
            self.usize(*slot);
            self.usize(super::spec_bits(*spec));
        }
        self.usize(m.leaf_count);
        self.usize(m.personas.len());
        for p in &m.personas {
            self.str(&p.id);
            self.rules(&p.rules);
        }
        self.rules(&m.fit_rules);
        self.opt_points(m.grades.a);
        self.opt_points(m.grades.b);
        self.opt_points(m.grades.c);
        self.opt_f64(m.engagement.half_life_days);
        self.opt_points(m.engagement.max);
        self.rules(&m.engagement.rules);
        self.usize(m.stages.len());
        for s in &m.stages {
            self.str(&s.name);
            self.usize(s.requires.len());
            for (slot, text) in &s.requires {
                self.usize(*slot);
                self.str(text);
            }
            self.opt_cond(s.cond.as_ref());
        }
        // Version 4: disqualifiers, each the rank it caps at, then its rule of 0 points.
        self.usize(m.disqualifiers.len());
        for d in &m.disqualifiers {
            self.usize(d.cap);
            self.rule(&d.rule);
        }
        self.usize(m.routes.len());
        for r in &m.routes {
            self.str(&r.id);
            self.str(&r.team);
            self.opt_cond(r.cond.as_ref());
        }
        self.usize(m.sla_millis.len());
        for ms in &m.sla_millis {
            self.opt_zigzag(*ms);
        }
        self.strs(&m.email.free);
        self.strs(&m.email.disposable);
        self.strs(&m.email.role);
        // Version 5: teams' business hours, last and only when there are
        // any, so that `leadgate/lite` refuses them by not reading them.
        #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
        if !m.teams.is_empty() {
            self.usize(m.teams.len());
            for t in &m.teams {
                self.str(&t.name);
                self.hours(&t.hours);
            }
        }
    }

    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
    /// A team's hours: the zone (name, rule, explicit transitions as deltas),
    /// the ranges of each weekday, the holidays as deltas; times in ms.
    fn hours(&mut self, h: &'m Hours) {
        let z = &h.zone;
        self.str(&z.name);
        self.zigzag(z.rule.std);
        self.byte(u8::from(z.rule.dst.is_some()));
        if let Some((dst, start, end)) = z.rule.dst {
            self.zigzag(dst);
            for sw in [start, end] {
                self.byte(sw.month);
                self.byte(sw.week);
                self.byte(sw.weekday);
                self.zigzag(sw.time);
            }
        }
        self.zigzag(z.first);
        self.usize(z.transitions.len());
        let mut prev = 0;
        for &(at, offset) in &z.transitions {
            self.zigzag(at - prev);
            self.zigzag(offset);
            prev = at;
        }
        for day in &h.week {
            self.usize(day.len());
            for &(start, end) in day {
                self.usize(usize::from(start));
                self.usize(usize::from(end));
            }
        }
        self.usize(h.holidays.len());
        let mut prev = 0;
        for &day in &h.holidays {
            self.zigzag(day - prev);
            prev = day;
        }
    }

    fn rules(&mut self, rules: &'m [Rule]) {
        self.usize(rules.len());
        for r in rules {
            self.rule(r);
        }
    }

    fn rule(&mut self, r: &'m Rule) {
        self.str(&r.id);
        self.str(&r.label);
        self.points(r.points);
        let mut flags = 0;
        if r.per_event {
            flags |= rule_flag::PER_EVENT;
        }
        if r.max.is_some() {
            flags |= rule_flag::MAX;
        }
        self.byte(flags);
        if let Some(max) = r.max {
            self.points(max);
        }
        self.cond(&r.cond);
    }

    fn opt_cond(&mut self, c: Option<&'m Cond>) {
        self.byte(u8::from(c.is_some()));
        if let Some(c) = c {
            self.cond(c);
        }
    }

    fn cond(&mut self, c: &'m Cond) {
        match c {
            Cond::All(children) | Cond::Any(children) => {
                let all = matches!(c, Cond::All(_));
                self.byte(if all { cond_tag::ALL } else { cond_tag::ANY });
                self.usize(children.len());
                for child in children {
                    self.cond(child);
                }
            }
            Cond::Not(inner) => {
                self.byte(cond_tag::NOT);
                self.cond(inner);
            }
            Cond::Field(leaf) => {
                self.byte(cond_tag::FIELD);
                self.field_leaf(leaf);
            }
            Cond::Event(leaf) => {
                self.byte(cond_tag::EVENT);
                self.event_leaf(leaf);
            }
            Cond::Metric(metric, threshold, needs) => {
                self.byte(match metric {
                    Metric::Score => cond_tag::SCORE_AT_LEAST,
                    Metric::Fit => cond_tag::FIT_AT_LEAST,
                    Metric::Engagement => cond_tag::ENGAGEMENT_AT_LEAST,
                });
                self.points(*threshold);
                self.str(needs);
            }
            Cond::GradeAtLeast(grade, needs) => {
                self.byte(cond_tag::GRADE_AT_LEAST);
                self.byte(match grade {
                    Grade::A => 0,
                    Grade::B => 1,
                    Grade::C => 2,
                    Grade::D => 3,
                });
                self.str(needs);
            }
            Cond::StageIn(ranks, needs) => {
                self.byte(cond_tag::STAGE_IN);
                self.usize(ranks.len());
                for rank in ranks {
                    self.usize(*rank);
                }
                self.str(needs);
            }
        }
    }

    fn field_leaf(&mut self, leaf: &'m FieldLeaf) {
        // Subject: a slot `s` is `2s`; an event property path is `2i + 1` (string `i`).
        match &leaf.subject {
            Subject::Slot(slot) => self.usize(slot << 1),
            Subject::Event(path) => {
                let i = self.intern(&path.full);
                self.usize((i << 1) | 1);
            }
        }
        self.str(&leaf.field);
        self.usize(leaf.memo.map_or(0, |id| id + 1));
        self.op(&leaf.op);
        self.str(&leaf.needs);
    }

    /// Writes `0` before a list argument's first copy, else its number + 1 (and
    /// returns false: the argument is not written again).
    fn first_use<T>(&mut self, arg: &Shared<T>) -> bool {
        // A scan, not a map: at most a few thousand list leaves pass the work
        // limit, and one more map type is ~1 KB of the full wasm build.
        let address = Shared::as_ptr(arg) as usize;
        match self.shared.iter().position(|&a| a == address) {
            Some(i) => {
                self.usize(i + 1);
                false
            }
            None => {
                self.shared.push(address);
                self.usize(0);
                true
            }
        }
    }

    fn op(&mut self, op: &'m Op) {
        match op {
            Op::Equals(scalar) => {
                self.byte(op_tag::EQUALS);
                match scalar {
                    Scalar::Text(t) => {
                        self.byte(scalar_tag::TEXT);
                        self.str(t);
                    }
                    Scalar::Number(n) => {
                        self.byte(scalar_tag::NUMBER);
                        self.f64(*n);
                    }
                    Scalar::Bool(b) => {
                        self.byte(if *b {
                            scalar_tag::TRUE
                        } else {
                            scalar_tag::FALSE
                        });
                    }
                }
            }
            Op::In(set) => {
                self.byte(op_tag::IN);
                if !self.first_use(set) {
                    return;
                }
                self.strs(&set.texts);
                self.usize(set.numbers.len());
                for n in &set.numbers {
                    self.f64(*n);
                }
                self.usize(set.bools.len());
                for b in &set.bools {
                    self.byte(u8::from(*b));
                }
            }
            Op::Cmp(cmp, limit) => {
                self.byte(match cmp {
                    CmpOp::Gt => op_tag::GT,
                    CmpOp::Gte => op_tag::GTE,
                    CmpOp::Lt => op_tag::LT,
                    CmpOp::Lte => op_tag::LTE,
                });
                self.f64(*limit);
            }
            Op::Between(low, high) => {
                self.byte(op_tag::BETWEEN);
                self.f64(*low);
                self.f64(*high);
            }
            Op::Exists(want) => self.byte(if *want {
                op_tag::EXISTS_TRUE
            } else {
                op_tag::EXISTS_FALSE
            }),
            Op::StartsWith(texts) => {
                self.byte(op_tag::STARTS_WITH);
                self.strs(texts);
            }
            Op::ContainsAny(texts) => {
                self.byte(op_tag::CONTAINS_ANY);
                if self.first_use(texts) {
                    self.strs(texts);
                }
            }
            Op::WordsAny(set) => {
                self.byte(op_tag::WORDS_ANY);
                if self.first_use(set) {
                    self.keyword_set(set);
                }
            }
            Op::DomainIn(domains) => {
                self.byte(op_tag::DOMAIN_IN);
                if self.first_use(domains) {
                    self.strs(domains);
                }
            }
            Op::EmailIs(bits) => {
                self.byte(op_tag::EMAIL_IS);
                self.byte(*bits);
            }
        }
    }

    /// Forms in their (hash) order without the hashes, then the multi-word
    /// keywords: each one's text and its words (`2i` for string `i`, `2i + 1`
    /// for a prefix `word*`), so loading needs no keyword parser.
    fn keyword_set(&mut self, set: &'m KeywordSet) {
        let forms = set.forms();
        self.usize(forms.len());
        for (_, form) in forms {
            self.str(form);
        }
        let sources = set.sources();
        self.usize(sources.len());
        for (source, keyword) in sources.iter().zip(set.others()) {
            self.str(source);
            self.usize(keyword.words().len());
            for word in keyword.words() {
                let i = self.intern(&word.text);
                self.usize((i << 1) | usize::from(word.prefix));
            }
        }
    }

    fn event_leaf(&mut self, leaf: &'m EventLeaf) {
        self.opt_str(leaf.name.as_deref());
        let mut flags = 0;
        if leaf.filter.is_some() {
            flags |= event_flag::WHERE;
        }
        if leaf.within_days.is_some() {
            flags |= event_flag::WITHIN_DAYS;
        }
        self.byte(flags);
        varint(&mut self.body, u64::from(leaf.count_at_least));
        if let Some(days) = leaf.within_days {
            self.f64(days);
        }
        self.str(&leaf.needs);
        if let Some(filter) = &leaf.filter {
            self.cond(filter);
        }
    }
}
