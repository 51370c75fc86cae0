//! `next`: what the stage just above the lead's stage still needs, in the model's terms.

use super::Ctx;
use crate::model::{Cond, Stage};
use crate::outcome::{Need, Shown};
use std::borrow::Cow;

/// One unmet condition and the lead's current value for it.
type Unmet<'m, 'l> = (Cow<'m, str>, Shown<'l>);

impl<'m, 'l> Ctx<'m, 'l> {
    /// Missing requirements, then failing leaves of the stage's condition.
    pub(super) fn needs(&mut self, stage: &'m Stage) -> Vec<Need<'m, 'l>> {
        // Explaining must not add warnings the scoring itself did not raise.
        self.quiet = true;
        let mut unmet: Vec<Unmet<'m, 'l>> = Vec::new();
        for (slot, text) in &stage.requires {
            if !self.present(*slot) {
                unmet.push((Cow::Borrowed(text.as_str()), Shown::Nothing));
            }
        }
        if let Some(cond) = &stage.cond {
            unmet.extend(self.unmet(cond));
        }
        self.quiet = false;
        unmet
            .into_iter()
            .map(|(needs, has)| Need {
                stage: &stage.name,
                needs,
                has,
            })
            .collect()
    }

    fn unmet(&mut self, cond: &'m Cond) -> Vec<Unmet<'m, 'l>> {
        if self.eval(cond, None, &mut None) {
            return Vec::new();
        }
        let found = self.failing_leaves(cond);
        if found.is_empty() {
            // A failing condition without failing leaves (an empty `any`) still names itself.
            vec![(Cow::Owned(describe(cond)), Shown::Nothing)]
        } else {
            found
        }
    }

    fn failing_leaves(&mut self, cond: &'m Cond) -> Vec<Unmet<'m, 'l>> {
        match cond {
            Cond::All(children) => {
                let mut all = Vec::new();
                for child in children {
                    all.extend(self.unmet(child));
                }
                all
            }
            Cond::Any(children) => {
                let mut best: Option<Vec<Unmet<'m, 'l>>> = None;
                for child in children {
                    // An alternative with nothing to fix (an empty `any`) can never be met: skip it.
                    let missing = self.failing_leaves(child);
                    if missing.is_empty() {
                        continue;
                    }
                    if best.as_ref().is_none_or(|b| missing.len() < b.len()) {
                        best = Some(missing);
                    }
                }
                best.unwrap_or_default()
            }
            Cond::Not(inner) => {
                let text = describe(inner);
                vec![(Cow::Owned(["not ", &text].concat()), Shown::Nothing)]
            }
            Cond::Field(leaf) => {
                let value = match &leaf.subject {
                    crate::model::Subject::Slot(i) => self.slot(*i),
                    crate::model::Subject::Event(_) => None,
                };
                let has = value
                    .filter(|v| !v.is_absent())
                    .map_or(Shown::Nothing, Shown::Lead);
                vec![(Cow::Borrowed(leaf.needs.as_str()), has)]
            }
            Cond::Event(leaf) => {
                let count = self.matching_events(leaf, |_| {});
                vec![(Cow::Borrowed(leaf.needs.as_str()), Shown::Count(count))]
            }
            Cond::Metric(metric, _, text) => {
                vec![(
                    Cow::Borrowed(text.as_str()),
                    Shown::Points(self.metric(*metric)),
                )]
            }
            Cond::GradeAtLeast(_, text) => {
                let has = self.results.grade.map_or(Shown::Nothing, Shown::Grade);
                vec![(Cow::Borrowed(text.as_str()), has)]
            }
            Cond::StageIn(_, text) => vec![(Cow::Borrowed(text.as_str()), Shown::Nothing)],
        }
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
        Cond::Not(inner) => ["not ", &describe(inner)].concat(),
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
