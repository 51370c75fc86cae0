//! The outcome of scoring one lead: what the CLI prints and JS receives, field for field.

use crate::lead::Value;
use crate::model::ModelInfo;
use crate::points::Points;
use crate::time::Timestamp;
use serde::{Serialize, Serializer};
use std::borrow::Cow;

/// Fit grade, A best. (Declared A to D: the lite record sends the
/// discriminant, `GRADES` in `pkg-template/api.js` reads it back.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Grade {
    /// Best fit.
    A,
    /// Good fit.
    B,
    /// Weak fit.
    C,
    /// No fit.
    D,
}

impl Grade {
    /// Reads `"A"`…`"D"`.
    pub fn parse(s: &str) -> Option<Grade> {
        match s {
            "A" => Some(Grade::A),
            "B" => Some(Grade::B),
            "C" => Some(Grade::C),
            "D" => Some(Grade::D),
            _ => None,
        }
    }
    /// The letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }
    /// True if this grade is `other` or better.
    pub fn at_least(self, other: Grade) -> bool {
        self <= other
    }
}

/// The full result for one lead; borrows names from the model and values from the lead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome<'m, 'l> {
    /// The lead's stage (`lead` when it reaches none).
    pub stage: &'m str,
    /// `fit + engagement`.
    pub score: Points,
    /// Who they are: best persona plus shared fit rules.
    pub fit: Points,
    /// What they did, after decay and caps.
    pub engagement: Points,
    /// Grade of the fit.
    pub grade: Grade,
    /// The best-matching persona, if any matched.
    pub persona: Option<&'m str>,
    /// Every rule that fired, with its points.
    pub reasons: Vec<Reason<'m, 'l>>,
    /// What the next stage still needs.
    pub next: Vec<Need<'m, 'l>>,
    /// Who follows up, and by when.
    pub route: Option<RouteOutcome<'m>>,
    /// Which model decided.
    pub model: &'m ModelInfo,
    /// Problems with the lead's data that did not stop scoring.
    pub warnings: Vec<String>,
}

/// Which score a reason adds to. The numbers are the group's code in the
/// wasm outcome record (`src/wasm/compact.rs`, `GROUPS` in pkg-template/api.js).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[repr(u8)]
pub enum Group {
    /// Personas and shared fit rules.
    Fit = 0,
    /// Engagement rules.
    Engagement = 1,
    /// A disqualifier that fired: 0 points, it caps the stage (docs/model.md, "Disqualifiers").
    Disqualify = 2,
}

/// One fired rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason<'m, 'l> {
    /// The rule's id.
    pub rule: &'m str,
    /// The rule's label (its id when unlabelled).
    pub label: &'m str,
    /// Fit, engagement or disqualify.
    pub group: Group,
    /// Points after caps and decay.
    pub points: Points,
    /// The field that made it fire (`events` for per-event rules).
    pub field: Option<&'m str>,
    /// That field's value (or the number of matching events).
    pub value: Shown<'l>,
}

/// A value shown in an outcome: from the lead, or computed. `Copy` (it
/// only refers to the lead): copied as bytes, not matched variant by variant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shown<'l> {
    /// Nothing to show (`null`).
    Nothing,
    /// A lead value, as given.
    Lead(&'l Value<'l>),
    /// A count of events.
    Count(u32),
    /// A score.
    Points(Points),
    /// A grade.
    Grade(Grade),
}

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Nothing => s.serialize_unit(),
            Shown::Lead(v) => v.serialize(s),
            Shown::Count(n) => s.serialize_u32(*n),
            Shown::Points(p) => p.serialize(s),
            Shown::Grade(g) => g.serialize(s),
        }
    }
}

/// One thing the next stage still needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need<'m, 'l> {
    /// The stage that needs it.
    pub stage: &'m str,
    /// The missing condition, in the model's terms (`engagement_at_least 50`).
    pub needs: Cow<'m, str>,
    /// The current value.
    pub has: Shown<'l>,
}

/// The routing decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteOutcome<'m> {
    /// The routing rule that matched.
    pub rule: &'m str,
    /// The team that follows up.
    pub team: &'m str,
    /// `now` + the stage's response time; `null` when the stage has no SLA.
    #[serde(serialize_with = "serialize_time")]
    pub respond_by: Option<Timestamp>,
}

fn serialize_time<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_rfc3339()),
        None => s.serialize_unit(),
    }
}

impl Outcome<'_, '_> {
    /// The outcome as compact JSON (the CLI's NDJSON line).
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(1024);
        self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Appends the outcome's JSON to a reusable buffer (the CLI's hot path).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        // Serializing plain data into memory cannot fail; an error would leave `out` short.
        let _ = serde_json::to_writer(out, self);
    }
}
