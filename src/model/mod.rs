//! The model language: compiled, validated form of the SLA document.
//!
//! `compile` reads the JSON once, collects every problem with its path, and
//! produces a [`CompiledModel`] whose strings are already normalised and whose
//! lists are sorted for binary search, so scoring does no such work per lead.

mod binary;
mod canonical;
mod condition;
mod declarations;
mod document;
mod field_leaf;
mod flow;
pub mod goals;
mod key_lookup;
pub mod limits;
mod reader;
mod rules;
pub mod schema;
mod sections;
pub(crate) mod teams;
pub mod work;

use crate::error::{codes, ModelErrors, Problem};
use crate::keyword_set::KeywordSet;
use crate::lead::FieldPath;
use crate::outcome::Grade;
use crate::points::Points;
use crate::value::FieldSpec;
pub(crate) use key_lookup::{key_index, signature as key_signature, KeyIndex};
use serde::Serialize;

pub use binary::LoadError;
pub use canonical::{canonical_json, model_hash, write_canonical_number};
pub use reader::closest as did_you_mean;
pub use teams::business_hours;

/// Identity of a compiled model, echoed in every outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelInfo {
    /// The model's `id`.
    pub id: String,
    /// The model's `version`.
    pub version: String,
    /// 16 hex digits of SHA-256 over the canonical JSON of the document.
    pub hash: String,
}

/// A validated model, ready to score leads.
#[derive(Debug, Clone)]
pub struct CompiledModel {
    pub(crate) info: ModelInfo,
    pub(crate) name: Option<String>,
    /// Every lead-level field path the model reads or declares; conditions refer to them by index.
    pub(crate) fields: Vec<FieldPath>,
    /// How declared fields are read (the model's `fields` section): the
    /// slot of each declared field, increasing, and its declaration.
    pub(crate) specs: Vec<(usize, FieldSpec)>,
    pub(crate) personas: Vec<Persona>,
    pub(crate) fit_rules: Vec<Rule>,
    pub(crate) grades: GradeThresholds,
    pub(crate) engagement: Engagement,
    pub(crate) stages: Vec<Stage>,
    /// Conditions that cap the stage, in the model's order (docs/model.md, "Disqualifiers").
    pub(crate) disqualifiers: Vec<Disqualifier>,
    pub(crate) routes: Vec<Route>,
    /// Response time per stage rank (index `stages.len()` is the fallback `lead`).
    pub(crate) sla_millis: Vec<Option<i64>>,
    /// Teams with business hours (the `teams` section); routes name them by
    /// index. Not in `leadgate/lite`, which refuses such models on load.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
    pub(crate) teams: Vec<teams::Team>,
    /// Compile-time warnings (never stored in compiled models): a value that
    /// is allowed but probably not meant, such as an unused team.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
    pub(crate) warnings: Vec<Problem>,
    pub(crate) email: EmailExtensions,
    /// `(signature of the field's full path, slot)` sorted (see `key_lookup`): finds a
    /// lead key's slots, and is the order compiled models store slots in.
    pub(crate) key_index: KeyIndex,
    /// How many distinct lead-level field leaves the model has (see `FieldLeaf::memo`).
    pub(crate) leaf_count: usize,
}

impl CompiledModel {
    /// The model's id, version and content hash.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }
    /// How the model declares a lead field is read (its `fields` section), if it does.
    pub fn field_spec(&self, path: &str) -> Option<FieldSpec> {
        let slot = self.fields.iter().position(|f| f.full == path)?;
        self.specs
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, spec)| *spec)
    }
    /// The model's human title, if any.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// Stage names from highest to lowest, ending with the fallback `lead`.
    pub fn stage_names(&self) -> impl Iterator<Item = &str> {
        self.stages
            .iter()
            .map(|s| s.name.as_str())
            .chain(std::iter::once(FALLBACK_STAGE))
    }
    /// Teams named by the routing rules, in order, without repeats.
    pub fn teams(&self) -> Vec<&str> {
        let mut teams: Vec<&str> = Vec::new();
        for route in &self.routes {
            if !teams.contains(&route.team.as_str()) {
                teams.push(&route.team);
            }
        }
        teams
    }
    /// The response time of a stage in milliseconds, if the SLA sets one.
    pub fn respond_within_millis(&self, stage: &str) -> Option<i64> {
        let rank = self.stage_rank(stage)?;
        self.sla_millis.get(rank).copied().flatten()
    }
    /// The `max_stage` of the disqualifier with this id, if the model has one.
    pub fn disqualifier_max_stage(&self, id: &str) -> Option<&str> {
        let d = self.disqualifiers.iter().find(|d| d.rule.id == id)?;
        self.stage_names().nth(d.cap)
    }
    /// Rank of a stage name: 0 is the highest; the fallback `lead` is last.
    pub fn stage_rank(&self, name: &str) -> Option<usize> {
        // `stage_names().position(…)` by hand: the chained iterator was two
        // functions of its own in the scorer-only wasm.
        for (rank, stage) in self.stages.iter().enumerate() {
            if stage.name == name {
                return Some(rank);
            }
        }
        (name == FALLBACK_STAGE).then_some(self.stages.len())
    }
}

/// The stage of a lead that matches no stage of the model.
pub const FALLBACK_STAGE: &str = "lead";

/// An ideal-customer profile and its rules.
#[derive(Debug, Clone)]
pub(crate) struct Persona {
    pub id: String,
    pub rules: Vec<Rule>,
}

/// One scoring rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: String,
    pub label: String,
    pub points: Points,
    pub max: Option<Points>,
    pub cond: Cond,
    /// Engagement rules whose condition is a bare event leaf earn points per event.
    pub per_event: bool,
}

/// Fit thresholds for A, B and C.
#[derive(Debug, Clone, Default)]
pub(crate) struct GradeThresholds {
    pub a: Option<Points>,
    pub b: Option<Points>,
    pub c: Option<Points>,
}

impl GradeThresholds {
    /// The grade a fit earns.
    pub fn grade(&self, fit: Points) -> Grade {
        let reaches = |t: Option<Points>| t.is_some_and(|t| fit >= t);
        if reaches(self.a) {
            Grade::A
        } else if reaches(self.b) {
            Grade::B
        } else if reaches(self.c) {
            Grade::C
        } else {
            Grade::D
        }
    }
}

/// Behaviour scoring.
#[derive(Debug, Clone, Default)]
pub(crate) struct Engagement {
    pub half_life_days: Option<f64>,
    pub max: Option<Points>,
    pub rules: Vec<Rule>,
}

/// A lifecycle stage.
#[derive(Debug, Clone)]
pub(crate) struct Stage {
    pub name: String,
    /// Slots of required fields, with the text `requires <field>` for `next`.
    pub requires: Vec<(usize, String)>,
    pub cond: Option<Cond>,
}

/// A disqualifier: while its condition holds, the lead's stage is at most `cap`.
#[derive(Debug, Clone)]
pub(crate) struct Disqualifier {
    /// The rank of `max_stage` (`stages.len()` is the fallback `lead`).
    pub cap: usize,
    /// Its id, label and condition as a rule of 0 points: it is evaluated and
    /// reported as rules are.
    pub rule: Rule,
}

/// A routing rule.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub id: String,
    pub team: String,
    pub cond: Option<Cond>,
    /// The index of the team's business hours in `CompiledModel::teams`;
    /// `None` counts `respond_within` in plain time (24/7). Not in `leadgate/lite`.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
    pub hours: Option<usize>,
}

/// Model lists that extend the built-in email knowledge (sorted).
#[derive(Debug, Clone, Default)]
pub(crate) struct EmailExtensions {
    pub free: Vec<String>,
    pub disposable: Vec<String>,
    pub role: Vec<String>,
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Field(Box<FieldLeaf>),
    Event(Box<EventLeaf>),
    Metric(Metric, Points, String),
    GradeAtLeast(Grade, String),
    StageIn(Vec<usize>, String),
}

/// Which part of the score a result leaf reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Metric {
    Score,
    Fit,
    Engagement,
}

/// Where a field leaf reads its value.
#[derive(Debug, Clone)]
pub(crate) enum Subject {
    /// A lead field, by slot.
    Slot(usize),
    /// A property of the event being matched (inside `where`).
    Event(FieldPath),
}

/// A leaf on one field.
#[derive(Debug, Clone)]
pub(crate) struct FieldLeaf {
    pub subject: Subject,
    /// The field path as written (for warnings and reasons).
    pub field: String,
    pub op: Op,
    /// `company_size gte 50`: the leaf in the model's own terms, for `next`.
    pub needs: String,
    /// Identical lead-level leaves share an id, so each is evaluated once per lead.
    pub memo: Option<usize>,
    /// The warning for an absent value, built once here rather than per lead.
    pub missing: String,
    /// How the field is read, as the model declares it (lead fields only).
    pub read: Option<FieldSpec>,
}

/// A list argument, compiled once and shared by every leaf that names the
/// same list (a model may name one 10,000-entry list from a thousand rules).
pub(crate) type Shared<T> = std::sync::Arc<T>;

/// A field operator with its compiled argument.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Equals(Scalar),
    In(Shared<ScalarSet>),
    Cmp(CmpOp, f64),
    Between(f64, f64),
    Exists(bool),
    StartsWith(Vec<String>),
    ContainsAny(Shared<Vec<String>>),
    WordsAny(Shared<KeywordSet>),
    DomainIn(Shared<Vec<String>>),
    EmailIs(u8),
}

/// Numeric comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Gt,
    Gte,
    Lt,
    Lte,
}

/// A literal to compare with, text already folded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// A set of literals: folded texts sorted for binary search, numbers, booleans.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScalarSet {
    pub texts: Vec<String>,
    pub numbers: Vec<f64>,
    pub bools: Vec<bool>,
}

/// `email_is` kinds as bits.
pub(crate) mod email_kind {
    pub const FREE: u8 = 1;
    pub const DISPOSABLE: u8 = 2;
    pub const ROLE: u8 = 4;
    pub const CORPORATE: u8 = 8;
}

/// A leaf on the lead's events.
#[derive(Debug, Clone)]
pub(crate) struct EventLeaf {
    /// `None` matches any event name (`"*"`).
    pub name: Option<String>,
    pub filter: Option<Cond>,
    pub count_at_least: u32,
    pub within_days: Option<f64>,
    pub needs: String,
}

/// Compiles a model from JSON text, reporting every problem at once.
pub fn compile(text: &str) -> Result<CompiledModel, ModelErrors> {
    if text.len() > limits::MAX_MODEL_BYTES {
        return compile_too_large(text.len());
    }
    match document::read_document(text) {
        Ok(doc) => compile_value(&doc),
        Err(problems) => Err(ModelErrors(problems)),
    }
}

/// Compiles a model from the bytes of a file: like [`compile`], and bytes that
/// are not UTF-8 get `not_utf8` with where the first bad byte is.
pub fn compile_bytes(bytes: &[u8]) -> Result<CompiledModel, ModelErrors> {
    if bytes.len() > limits::MAX_MODEL_BYTES {
        return compile_too_large(bytes.len());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => compile(text),
        Err(e) => Err(ModelErrors(vec![Problem {
            code: codes::NOT_UTF8,
            path: String::new(),
            message: format!(
                "the model is not UTF-8 text (byte {} is not valid UTF-8)",
                e.valid_up_to()
            ),
            hint: Some(
                "save the file as UTF-8 (spreadsheets and old editors may write Windows-1252 or \
                 Latin-1)"
                    .into(),
            ),
        }])),
    }
}

fn compile_too_large(len: usize) -> Result<CompiledModel, ModelErrors> {
    Err(ModelErrors(vec![Problem {
        code: codes::MODEL_TOO_LARGE,
        path: String::new(),
        message: format!(
            "the model is {} bytes or more; the limit is {}",
            len,
            limits::MAX_MODEL_BYTES
        ),
        hint: Some("move long keyword lists into fewer, shorter lists".into()),
    }]))
}

/// Compiles a model already parsed as JSON.
pub fn compile_value(doc: &serde_json::Value) -> Result<CompiledModel, ModelErrors> {
    sections::compile_document(doc)
}
