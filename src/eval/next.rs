//! `next`: what the stage just above the lead's stage still needs, in the model's terms.

use super::Ctx;
use crate::model::{Cond, Stage};
use crate::outcome::{Need, Reason, Shown};
use std::borrow::Cow;

/// What `next` says a stage blocked by a disqualifier needs, before its id.
const DISQUALIFY_NEED: &str = "not disqualify ";

impl<'m, 'l> Ctx<'m, 'l> {
    /// The disqualifier that blocks the stage (`blocker`: the reason of the
    /// first one whose cap is the lead's stage), missing requirements, then
    /// failing leaves of the stage's condition.
    pub(super) fn needs(
        &mut self,
        stage: &'m Stage,
        blocker: Option<&Reason<'m, 'l>>,
    ) -> Vec<Need<'m, 'l>> {
        // Explaining must not add warnings the scoring itself did not raise.
        self.quiet = true;
        let mut out = Needs {
            stage: &stage.name,
            list: Vec::new(),
        };
        if let Some(r) = blocker {
            out.push(Cow::Owned(DISQUALIFY_NEED.to_owned() + r.rule), r.value);
        }
        for (slot, text) in &stage.requires {
            if !self.present(*slot) {
                out.push(Cow::Borrowed(text.as_str()), Shown::Nothing);
            }
        }
        if let Some(cond) = &stage.cond {
            self.unmet(cond, &mut out);
        }
        self.quiet = false;
        out.list
    }

    /// Appends to `out` what `cond` still needs (nothing when it holds).
    fn unmet(&mut self, cond: &'m Cond, out: &mut Needs<'m, 'l>) {
        if self.eval(cond, None, &mut None) {
            return;
        }
        let start = out.list.len();
        self.failing_leaves(cond, out);
        if out.list.len() == start {
            // A failing condition without failing leaves (an empty `any`) still names itself.
            out.push(Cow::Owned(describe(cond)), Shown::Nothing);
        }
    }

    /// Appends to `out` the leaves of `cond` that fail (for an `any`, those
    /// of its alternative with the fewest): one buffer for the whole
    /// explanation, not a vector per node.
    fn failing_leaves(&mut self, cond: &'m Cond, out: &mut Needs<'m, 'l>) {
        let (needs, has) = match cond {
            Cond::All(children) => {
                for child in children {
                    self.unmet(child, out);
                }
                return;
            }
            Cond::Any(children) => {
                // The best alternative so far sits at `base..base + best`; each
                // next one is written after it and kept only if it has fewer.
                let base = out.list.len();
                let mut best = None;
                for child in children {
                    let start = out.list.len();
                    self.failing_leaves(child, out);
                    let missing = out.list.len() - start;
                    // An alternative with nothing to fix (an empty `any`) can never be met: skip it.
                    if missing == 0 {
                        continue;
                    }
                    match best {
                        Some(fewest) if missing >= fewest => out.list.truncate(start),
                        _ => {
                            out.list.drain(base..start);
                            best = Some(missing);
                        }
                    }
                }
                return;
            }
            Cond::Not(inner) => {
                let text = describe(inner);
                (
                    Cow::Owned(crate::text::concat(&["not ", &text])),
                    Shown::Nothing,
                )
            }
            Cond::Field(leaf) => {
                let value = match &leaf.subject {
                    crate::model::Subject::Slot(i) => self.slot(*i),
                    crate::model::Subject::Event(_) => None,
                };
                let has = value
                    .filter(|v| !v.is_absent())
                    .map_or(Shown::Nothing, Shown::Lead);
                (Cow::Borrowed(leaf.needs.as_str()), has)
            }
            Cond::Event(leaf) => {
                let count = self.matching_events(leaf, |_| {});
                (Cow::Borrowed(leaf.needs.as_str()), Shown::Count(count))
            }
            Cond::Metric(metric, _, text) => (
                Cow::Borrowed(text.as_str()),
                Shown::Points(self.metric(*metric)),
            ),
            Cond::GradeAtLeast(_, text) => {
                let has = self.results.grade.map_or(Shown::Nothing, Shown::Grade);
                (Cow::Borrowed(text.as_str()), has)
            }
            Cond::StageIn(_, text) => (Cow::Borrowed(text.as_str()), Shown::Nothing),
        };
        out.push(needs, has);
    }
}

/// The needs of one stage, written as they are found.
struct Needs<'m, 'l> {
    stage: &'m str,
    list: Vec<Need<'m, 'l>>,
}

impl<'m, 'l> Needs<'m, 'l> {
    fn push(&mut self, needs: Cow<'m, str>, has: Shown<'l>) {
        self.list.push(Need {
            stage: self.stage,
            needs,
            has,
        });
    }
}

/// A condition in the model's terms, for `not …` needs.
fn describe(cond: &Cond) -> String {
    match cond {
        Cond::Field(leaf) => leaf.needs.clone(),
        Cond::Event(leaf) => leaf.needs.clone(),
        Cond::Metric(_, _, text) | Cond::GradeAtLeast(_, text) | Cond::StageIn(_, text) => {
            text.clone()
        }
        Cond::Not(inner) => crate::text::concat(&["not ", &describe(inner)]),
        Cond::All(children) | Cond::Any(children) => {
            let word = if matches!(cond, Cond::All(_)) {
                "all"
            } else {
                "any"
            };
            let mut text = String::from(word);
            text.push('(');
            for (i, child) in children.iter().enumerate() {
                if i > 0 {
                    text.push_str(", ");
                }
                text.push_str(&describe(child));
            }
            text.push(')');
            text
        }
    }
}
