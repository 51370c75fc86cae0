//! A leaf's value read as a number or a yes/no: as its field is declared
//! (`crate::value`, the model's `fields`), or, undeclared, as a JSON
//! number; and the warning when it cannot be read.

use super::Ctx;
use crate::lead::Value;
use crate::model::{limits, FieldLeaf, Subject};
use crate::value::{self, FieldSpec, Unread};

impl Ctx<'_, '_> {
    /// A numeric reading: numbers, and texts read as the field is declared
    /// (`crate::value`; undeclared: texts that are entirely a JSON number,
    /// what forms send). A declared boolean reads as 1 (yes) or 0 (no).
    /// `None` after a warning.
    pub(super) fn number(&mut self, leaf: &FieldLeaf, value: &Value, warn: bool) -> Option<f64> {
        let boolean = leaf.read == Some(FieldSpec::Boolean);
        let not = if boolean {
            Unread::NotABoolean
        } else {
            Unread::NotANumber
        };
        // Declared readings of text check whole numbers end by end (a range's
        // middle may be a half); a JSON number or a long text is checked here.
        let mut whole = matches!(leaf.read, Some(FieldSpec::Number(n)) if n.integer);
        let read = match value {
            Value::Bool(b) if boolean => Ok(f64::from(u8::from(*b))),
            Value::Number(n) if !boolean || *n == 0.0 || *n == 1.0 => Ok(*n),
            Value::String(s) => match (leaf.read, &leaf.subject) {
                // Texts past the compared length are read only as JSON numbers
                // (as undeclared): the JS package sends them so (pkg-template/tape.js).
                (Some(spec), Subject::Slot(i)) if s.len() <= limits::MAX_TEXT_BYTES => {
                    whole = false;
                    let folded = self.folded(*i, s);
                    match spec {
                        FieldSpec::Number(spec) => {
                            value::read_number_folded(folded, &spec).map(|n| n.value)
                        }
                        FieldSpec::Boolean => value::read_boolean_folded(folded)
                            .map(|yes| f64::from(u8::from(yes)))
                            .ok_or(not),
                    }
                }
                _ if boolean => Err(not),
                _ => value::number_text(s),
            },
            _ => Err(not),
        };
        match read {
            Ok(n) if whole && n.fract() != 0.0 => self.unread(leaf, value, warn, Unread::NotWhole),
            Ok(n) => Some(n).filter(|n| n.is_finite()),
            Err(why) => self.unread(leaf, value, warn, why),
        }
    }

    /// Warns (unless `warn` is false) that `value` was not read; always `None`.
    fn unread(&mut self, leaf: &FieldLeaf, value: &Value, warn: bool, why: Unread) -> Option<f64> {
        if warn {
            let shown = value.describe();
            self.warn(value::warning(&leaf.field, &shown, why, leaf.read));
        }
        None
    }
}
