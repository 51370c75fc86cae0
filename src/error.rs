//! Errors are values: every problem has a stable code, a JSON path, a message and a hint.

use serde::Serialize;
use std::fmt;

/// Stable error codes (part of the public contract: never rename one).
pub mod codes {
    /// The model text is not JSON.
    pub const INVALID_JSON: &str = "invalid_json";
    /// A value has the wrong JSON type.
    pub const EXPECTED_TYPE: &str = "expected_type";
    /// A required key is absent.
    pub const MISSING_KEY: &str = "missing_key";
    /// A key the language does not know.
    pub const UNKNOWN_KEY: &str = "unknown_key";
    /// A condition key that is no operator.
    pub const UNKNOWN_OPERATOR: &str = "unknown_operator";
    /// A field leaf without an operator.
    pub const MISSING_OPERATOR: &str = "missing_operator";
    /// A leaf with more than one operator or shape.
    pub const CONFLICTING_OPERATORS: &str = "conflicting_operators";
    /// A value of the right type but not allowed.
    pub const BAD_VALUE: &str = "bad_value";
    /// An identifier with forbidden characters or length.
    pub const BAD_ID: &str = "bad_id";
    /// An identifier used twice.
    pub const DUPLICATE_ID: &str = "duplicate_id";
    /// A reference to a list the model does not define.
    pub const UNKNOWN_LIST: &str = "unknown_list";
    /// A reference to a stage the model does not define.
    pub const UNKNOWN_STAGE: &str = "unknown_stage";
    /// A duration that does not parse.
    pub const BAD_DURATION: &str = "bad_duration";
    /// A leaf that compares a declared field (`fields`) with values of another type.
    pub const TYPE_MISMATCH: &str = "type_mismatch";
    /// A range whose low end is above its high end.
    pub const BAD_RANGE: &str = "bad_range";
    /// An `email_is` kind that does not exist.
    pub const UNKNOWN_EMAIL_KIND: &str = "unknown_email_kind";
    /// A condition used where it cannot be evaluated.
    pub const NOT_ALLOWED_HERE: &str = "not_allowed_here";
    /// Grade thresholds that do not decrease from A to C.
    pub const GRADES_OUT_OF_ORDER: &str = "grades_out_of_order";
    /// A stage after a catch-all stage.
    pub const UNREACHABLE_STAGE: &str = "unreachable_stage";
    /// A route after a route without condition.
    pub const UNREACHABLE_ROUTE: &str = "unreachable_route";
    /// The model document is larger than allowed.
    pub const MODEL_TOO_LARGE: &str = "model_too_large";
    /// More rules than allowed.
    pub const TOO_MANY_RULES: &str = "too_many_rules";
    /// More personas, stages or routes than allowed.
    pub const TOO_MANY_ITEMS: &str = "too_many_items";
    /// Conditions nested deeper than allowed.
    pub const TOO_DEEP: &str = "too_deep";
    /// A list with more entries than allowed.
    pub const LIST_TOO_LONG: &str = "list_too_long";
    /// A string longer than allowed.
    pub const STRING_TOO_LONG: &str = "string_too_long";
    /// A key given twice in one object of the model document.
    pub const DUPLICATE_KEY: &str = "duplicate_key";
    /// A model file that is not UTF-8 text.
    pub const NOT_UTF8: &str = "not_utf8";
    /// Scoring one lead could cost more than `limits::MAX_WORK` (docs/model.md, "Limits").
    pub const TOO_MUCH_WORK: &str = "too_much_work";
    /// A lead that is not a JSON object.
    pub const NOT_AN_OBJECT: &str = "not_an_object";
    /// A lead that is not valid JSON.
    pub const BAD_LEAD_JSON: &str = "bad_json";
    /// A `now` or other timestamp option that does not parse.
    pub const BAD_TIMESTAMP: &str = "bad_timestamp";
    /// Bytes that are not a compiled model (bad magic, truncated, damaged or corrupt).
    pub const BAD_COMPILED_MODEL: &str = "bad_compiled_model";
    /// A compiled model in a binary format version this build does not read.
    pub const COMPILED_MODEL_VERSION: &str = "compiled_model_version";
    /// A team's `timezone` that is no IANA time zone name (docs/model.md, "Teams and business hours").
    pub const UNKNOWN_TIME_ZONE: &str = "unknown_time_zone";
    /// A key of a team's `hours` that is no day name or day range.
    pub const UNKNOWN_DAY: &str = "unknown_day";
    /// A day named by two keys of a team's `hours`.
    pub const DUPLICATE_DAY: &str = "duplicate_day";
    /// A range of hours that does not read as `HH:MM-HH:MM`, or a day range that runs backwards.
    pub const BAD_HOURS: &str = "bad_hours";
    /// A range of hours that is empty or ends before it starts, or `hours` with no range at all.
    pub const EMPTY_HOURS: &str = "empty_hours";
    /// Two ranges of one day that overlap.
    pub const OVERLAPPING_HOURS: &str = "overlapping_hours";
    /// A holiday that is not a `YYYY-MM-DD` date.
    pub const BAD_HOLIDAY: &str = "bad_holiday";
    /// Hours too few for the SLA's longest `respond_within` to fall within the horizon.
    pub const HOURS_TOO_SHORT: &str = "hours_too_short";
    /// A warning: a `teams` entry that no route names.
    pub const UNUSED_TEAM: &str = "unused_team";
    /// A compiled model whose teams have business hours, loaded by `leadgate/lite`.
    pub const NEEDS_FULL_BUILD: &str = "needs_full_build";
}

/// One problem found in a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable machine-readable code (see [`codes`]).
    pub code: &'static str,
    /// JSON path of the offending value, e.g. `personas[0].rules[2].if.words_any`; `""` is the root.
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
    /// How to fix it, where we can tell.
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        write!(f, "{path}: {} [{}]", self.message, self.code)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// Every problem a model has, collected at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelErrors(pub Vec<Problem>);

impl ModelErrors {
    /// The problems, in the order found.
    pub fn problems(&self) -> &[Problem] {
        &self.0
    }
}

impl fmt::Display for ModelErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "the model has {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ModelErrors {}

/// Why a lead could not be scored at all (bad leads still get an outcome when possible).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadError {
    /// Stable machine-readable code (see [`codes`]).
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for LeadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for LeadError {}
