//! What `tune` may change in a model, found in the document as written: the
//! points (and per-rule `max`) of every rule, and the numeric cut-offs —
//! grade thresholds, the engagement cap, and `score_at_least`,
//! `fit_at_least`, `engagement_at_least` leaves in `stages` and `routing`.
//! Everything else stays as written; result leaves in other sections are
//! listed so the output can say they were left alone.

use super::doc::{Kind, Node};
use crate::eval::RuleGroup;
use crate::model::{CompiledModel, Metric};
use crate::points::Points;

/// Where a value is in the document text.
pub(crate) type Span = (usize, usize);

/// One rule of the model.
#[derive(Debug, Clone)]
pub(crate) struct RulePlan {
    /// The rule's id.
    pub id: String,
    /// Its path in the document (`fit_rules[2]`).
    pub path: String,
    /// Its group.
    pub group: RuleGroup,
    /// Its points as compiled.
    pub points: Points,
    /// Its `max`, if any.
    pub max: Option<Points>,
    /// Where its `points` value is.
    pub points_at: Span,
    /// Where its `max` value is.
    pub max_at: Option<Span>,
}

/// What a cut-off measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CutKind {
    /// A grade threshold (on fit): `A`, `B` or `C`.
    Grade(char),
    /// The engagement group's `max`.
    EngagementCap,
    /// A result leaf in a stage (`Some(rank)`) or a route (`None`).
    Leaf {
        /// The score it reads.
        metric: Metric,
        /// The stage's rank, if it is in a stage.
        stage: Option<usize>,
        /// False under an odd number of `not`s.
        positive: bool,
    },
}

/// The objective that sets a stage's score threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Objective {
    /// The best F1 of the SQL stage against won.
    SqlF1,
    /// The highest MQL threshold that keeps the target share of won.
    MqlRecall,
}

/// One numeric cut-off.
#[derive(Debug, Clone)]
pub(crate) struct Cutoff {
    /// Its path in the document (`stages[1].if.all[1].score_at_least`).
    pub path: String,
    /// What it is.
    pub kind: CutKind,
    /// Its value as compiled.
    pub value: Points,
    /// Where its value is.
    pub at: Span,
    /// Set when the stage's threshold is chosen for an objective rather than rescaled.
    pub objective: Option<Objective>,
}

/// Everything `tune` may change, plus what it found and leaves alone.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// Every rule, in [`CompiledModel::rules`] order.
    pub rules: Vec<RulePlan>,
    /// Every cut-off.
    pub cutoffs: Vec<Cutoff>,
    /// Where `version` is.
    pub version_at: Option<Span>,
    /// Result leaves outside `stages` and `routing` (paths), left as written.
    pub untouched: Vec<String>,
}

/// Reads the plan of a document that compiled into `model`.
pub(crate) fn plan(text: &str, root: &Node, model: &CompiledModel) -> Result<Plan, String> {
    let mut plan = Plan {
        version_at: root.get("version").map(|v| (v.start, v.end)),
        ..Plan::default()
    };
    let mut docs: Vec<(String, &Node)> = Vec::new();
    for (i, persona) in root
        .get("personas")
        .map_or(&[][..], Node::items)
        .iter()
        .enumerate()
    {
        for (j, rule) in persona
            .get("rules")
            .map_or(&[][..], Node::items)
            .iter()
            .enumerate()
        {
            docs.push((format!("personas[{i}].rules[{j}]"), rule));
        }
    }
    for (j, rule) in root
        .get("fit_rules")
        .map_or(&[][..], Node::items)
        .iter()
        .enumerate()
    {
        docs.push((format!("fit_rules[{j}]"), rule));
    }
    let engagement = root.get("engagement");
    for (j, rule) in engagement
        .and_then(|e| e.get("rules"))
        .map_or(&[][..], Node::items)
        .iter()
        .enumerate()
    {
        docs.push((format!("engagement.rules[{j}]"), rule));
    }
    let compiled: Vec<_> = model.rules().collect();
    if compiled.len() != docs.len() {
        return Err("the document's rules and the compiled model's differ".into());
    }
    for ((group, rule), (path, node)) in compiled.into_iter().zip(docs) {
        let same = node.get("id").and_then(|n| n.string(text)).as_deref() == Some(&rule.id);
        let Some(points) = node.get("points").filter(|_| same) else {
            return Err(format!("{path}: not the compiled rule {:?}", rule.id));
        };
        plan.rules.push(RulePlan {
            id: rule.id.clone(),
            path,
            group,
            points: rule.points,
            max: rule.max,
            points_at: (points.start, points.end),
            max_at: node.get("max").map(|m| (m.start, m.end)),
        });
    }
    if let Some(grades) = root.get("grades") {
        for (key, value) in grades.members() {
            let letter = key.chars().next().unwrap_or('?');
            plan.cutoff(text, format!("grades.{key}"), CutKind::Grade(letter), value);
        }
    }
    if let Some(cap) = engagement.and_then(|e| e.get("max")) {
        plan.cutoff(text, "engagement.max".into(), CutKind::EngagementCap, cap);
    }
    for (i, stage) in root
        .get("stages")
        .map_or(&[][..], Node::items)
        .iter()
        .enumerate()
    {
        if let Some(cond) = stage.get("if") {
            plan.leaves(text, &format!("stages[{i}].if"), cond, Some(i), true, true);
        }
    }
    for (i, route) in root
        .get("routing")
        .map_or(&[][..], Node::items)
        .iter()
        .enumerate()
    {
        if let Some(cond) = route.get("if") {
            plan.leaves(text, &format!("routing[{i}].if"), cond, None, true, true);
        }
    }
    for (key, value) in root.members() {
        let known = [
            "stages",
            "routing",
            "personas",
            "fit_rules",
            "engagement",
            "lists",
        ];
        if !known.contains(&key.as_str()) {
            plan.leaves(text, key, value, None, true, false);
        }
    }
    plan.objectives(model);
    Ok(plan)
}

impl Plan {
    fn cutoff(&mut self, text: &str, path: String, kind: CutKind, node: &Node) {
        if let Some(value) = node.number(text).and_then(Points::from_f64) {
            self.cutoffs.push(Cutoff {
                path,
                kind,
                value,
                at: (node.start, node.end),
                objective: None,
            });
        }
    }

    /// Result leaves under `node`; `keep` false only lists them as untouched.
    fn leaves(
        &mut self,
        text: &str,
        path: &str,
        node: &Node,
        stage: Option<usize>,
        positive: bool,
        keep: bool,
    ) {
        match &node.kind {
            Kind::Object(members) => {
                for (key, value) in members {
                    let here = format!("{path}.{key}");
                    let metric = match key.as_str() {
                        "score_at_least" => Some(Metric::Score),
                        "fit_at_least" => Some(Metric::Fit),
                        "engagement_at_least" => Some(Metric::Engagement),
                        _ => None,
                    };
                    match metric {
                        Some(metric) if keep => {
                            let kind = CutKind::Leaf {
                                metric,
                                stage,
                                positive,
                            };
                            self.cutoff(text, here, kind, value);
                        }
                        Some(_) => self.untouched.push(here),
                        None => {
                            let flip = key == "not";
                            self.leaves(text, &here, value, stage, positive != flip, keep);
                        }
                    }
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.leaves(text, &format!("{path}[{i}]"), item, stage, positive, keep);
                }
            }
            Kind::Scalar => {}
        }
    }

    /// The SQL and MQL stages (as the report's backtest names them) whose
    /// condition has exactly one `score_at_least`, not under `not`, get
    /// their threshold from an objective.
    fn objectives(&mut self, model: &CompiledModel) {
        let (sql, mql) = crate::report::handoff_ranks(model);
        for (rank, objective) in [(sql, Objective::SqlF1), (mql, Objective::MqlRecall)] {
            let Some(rank) = rank else { continue };
            let is_score_leaf = |c: &Cutoff| matches!(c.kind, CutKind::Leaf { metric: Metric::Score, stage: Some(s), .. } if s == rank);
            let leaves: Vec<usize> = (0..self.cutoffs.len())
                .filter(|&i| self.cutoffs.get(i).is_some_and(is_score_leaf))
                .collect();
            if let [only] = leaves[..] {
                if let Some(c) = self.cutoffs.get_mut(only) {
                    let positive = matches!(c.kind, CutKind::Leaf { positive: true, .. });
                    if positive && c.objective.is_none() {
                        c.objective = Some(objective);
                    }
                }
            }
        }
    }

    /// Per stage: whether its score leaf is chosen by an objective (the
    /// stages `tune` probes with the leaf forced true and false).
    pub(crate) fn forced_stages(&self, stages: usize) -> Vec<bool> {
        (0..stages)
            .map(|rank| {
                self.cutoffs.iter().any(|c| {
                    c.objective.is_some()
                        && matches!(c.kind, CutKind::Leaf { stage: Some(s), .. } if s == rank)
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A section this version of the language does not know (another
    /// branch may add one) is listed, never edited, and written back as is.
    #[test]
    fn sections_tune_does_not_know_are_left_alone() {
        let known = include_str!("../../tests/fixtures/tune/model.json");
        let model = crate::compile(known).unwrap();
        let extra = r#",
  "disqualify": [ { "id": "junk", "if": { "fit_at_least": -50 } } ]
}
"#;
        let text = format!(
            "{}{extra}",
            known.trim_end().trim_end_matches('}').trim_end()
        );
        let root = super::super::doc::parse(&text).unwrap();
        let plan = plan(&text, &root, &model).unwrap();
        assert_eq!(plan.untouched, ["disqualify[0].if.fit_at_least"]);
        let paths: Vec<&str> = plan.cutoffs.iter().map(|c| c.path.as_str()).collect();
        assert!(
            !paths.iter().any(|p| p.starts_with("disqualify")),
            "{paths:?}"
        );
        let objectives: Vec<_> = plan.cutoffs.iter().filter_map(|c| c.objective).collect();
        assert_eq!(objectives, [Objective::SqlF1, Objective::MqlRecall]);
        let mut edits = super::super::doc::Edits::new();
        for c in &plan.cutoffs {
            edits.insert(c.at.0, (c.at.1, "1".into()));
        }
        let out = super::super::doc::render(&text, &root, &edits);
        assert!(out.ends_with(extra), "{out}");
    }
}
