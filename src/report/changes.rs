//! "What changes", lead by lead: an export's bytes read twice exactly as
//! [`super::BytesReport`] reads them (the same byte feed, record cutting and
//! re-scoring as of each lead's `created_at`), once under a model before an
//! edit and once under the model after it, and each lead's stage compared.
//! The editor's "What changes" tab shows these counts (www/editor/whatif.js,
//! through the report page's wasm): exact, not inferred from per-stage
//! totals.
//!
//! Leads are matched by the line their record starts on, so a row that one
//! model can read and the other cannot (a field declared differently) is
//! counted apart, never paired with another lead. Memory: the first pass
//! keeps one (line, stage) pair per lead.
//!
//! May call the report's reading (`bytes`, `feed`, `row`) and the model.

use super::feed::{RowSink, Summary, TextFeed};
use super::row::{RowReader, RowResult};
use super::{byte_feed, InputFormat, ReportError, ReportOptions};
use crate::model::CompiledModel;
use serde::Serialize;

/// How many leads of an export change stage between two models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageChanges {
    /// Leads both models read (the report's `overall.leads` when they read the same rows).
    pub leads: u64,
    /// Of those, the leads whose stage differs (by name).
    pub changed: u64,
    /// Leads in each `from` → `to` pair, the unchanged ones included
    /// (`from == to`): `from` in the first model's stage order (highest
    /// first, `lead` last), then `to` in the second's.
    pub moves: Vec<StageMove>,
    /// The first model's stages, highest first, `lead` last.
    pub stages_before: Vec<String>,
    /// The second model's.
    pub stages_after: Vec<String>,
    /// Leads only the first model could read (the row was skipped under the second).
    pub only_before: u64,
    /// Leads only the second model could read.
    pub only_after: u64,
}

/// One cell of the from → to matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageMove {
    /// The stage under the first model.
    pub from: String,
    /// The stage under the second model.
    pub to: String,
    /// How many leads.
    pub leads: u64,
}

/// Each read lead's (line, stage rank) under one model, in input order.
#[derive(Default)]
struct Ranks(Vec<(u64, usize)>);

impl RowSink<RowResult> for Ranks {
    fn columns(&mut self, _: Summary) {}
    fn row(&mut self, row: RowResult) {
        if let Some(lead) = row.lead {
            self.0.push((lead.line, lead.stage_rank));
        }
    }
}

/// Reads the whole export's `bytes` under `model`: its leads' stage ranks.
fn ranks(
    model: &CompiledModel,
    bytes: &[u8],
    format: Option<InputFormat>,
    options: &ReportOptions,
) -> Result<Vec<(u64, usize)>, ReportError> {
    let mut bytes_in = byte_feed(&options.read, format);
    let reader = RowReader::new(model, options);
    let mut sink = Ranks::default();
    let mut feed: Option<TextFeed> = None;
    let mut text = String::new();
    for last in [false, true] {
        text.clear();
        let decided = if last {
            bytes_in.finish(&mut text)?
        } else {
            bytes_in.push(bytes, &mut text)?
        };
        if let Some(d) = decided {
            let format = if d.ndjson {
                InputFormat::Ndjson
            } else {
                InputFormat::Csv
            };
            feed = Some(TextFeed::with_dialect(format, d.dialect));
        }
        if let Some(feed) = feed.as_mut() {
            if !text.is_empty() {
                feed.push(&text, &reader, &mut sink)?;
            }
        }
    }
    match feed.as_mut() {
        Some(feed) => feed.finish(&reader, &mut sink)?,
        None => {
            let message = "nothing was read".to_string();
            return Err(ReportError::new(crate::ingest::NOT_AN_EXPORT, message));
        }
    }
    Ok(sink.0)
}

/// The stage names of `model` by rank (highest first, `lead` last).
fn names(model: &CompiledModel) -> Vec<String> {
    model.stage_names().map(str::to_string).collect()
}

/// Every lead of the export `bytes` (read as `leadgate report` reads a
/// file; `format` forces CSV or NDJSON, `None` sniffs) scored under
/// `before` and under `after`, and counted by its pair of stages.
pub fn stage_changes(
    before: &CompiledModel,
    after: &CompiledModel,
    bytes: &[u8],
    format: Option<InputFormat>,
    options: &ReportOptions,
) -> Result<StageChanges, ReportError> {
    let first = ranks(before, bytes, format, options)?;
    let second = ranks(after, bytes, format, options)?;
    let (stages_before, stages_after) = (names(before), names(after));
    // counts[from][to]; a rank past the names cannot happen (ranks index them).
    let mut counts = vec![vec![0u64; stages_after.len()]; stages_before.len()];
    let mut out = StageChanges {
        leads: 0,
        changed: 0,
        moves: Vec::new(),
        stages_before: Vec::new(),
        stages_after: Vec::new(),
        only_before: 0,
        only_after: 0,
    };
    // Both lists are in input order, so by line: a merge.
    let (mut a, mut b) = (first.iter().peekable(), second.iter().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (Some(&(la, ra)), Some(&(lb, rb))) if la == lb => {
                out.leads += 1;
                if let Some(cell) = counts.get_mut(ra).and_then(|row| row.get_mut(rb)) {
                    *cell += 1;
                }
                if stages_before.get(ra) != stages_after.get(rb) {
                    out.changed += 1;
                }
                a.next();
                b.next();
            }
            (Some(&(la, _)), Some(&(lb, _))) if la < lb => {
                out.only_before += 1;
                a.next();
            }
            (Some(_), None) => {
                out.only_before += 1;
                a.next();
            }
            (_, Some(_)) => {
                out.only_after += 1;
                b.next();
            }
            (None, None) => break,
        }
    }
    for (from, row) in stages_before.iter().zip(&counts) {
        for (to, &leads) in stages_after.iter().zip(row) {
            if leads > 0 {
                let (from, to) = (from.clone(), to.clone());
                out.moves.push(StageMove { from, to, leads });
            }
        }
    }
    out.stages_before = stages_before;
    out.stages_after = stages_after;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AS_OF: &str = r#"{"as_of": "2026-11-26T12:00:00Z"}"#;

    fn model(sql: u32, mql: u32) -> Result<CompiledModel, String> {
        let json = format!(
            r#"{{"id":"t","version":"1","personas":[{{"id":"p","rules":[
              {{"id":"big","points":50,"if":{{"field":"size","gte":100}}}},
              {{"id":"mid","points":30,"if":{{"field":"size","gte":10}}}}]}}],
              "fields":{{"size":{{"type":"number"}}}},
              "stages":[{{"stage":"SQL","if":{{"score_at_least":{sql}}}}},
                        {{"stage":"MQL","if":{{"score_at_least":{mql}}}}}]}}"#
        );
        crate::compile(&json).map_err(|e| e.to_string())
    }

    // Scores by size: 5 → 0, 20 → 30, 200 → 80 (both rules).
    const CSV: &str = "created_at,size\n\
        2026-06-01T10:00:00Z,5\n\
        2026-06-02T10:00:00Z,20\n\
        2026-06-03T10:00:00Z,20\n\
        2026-06-04T10:00:00Z,200\n\
        not a date,200\n";

    #[test]
    fn counts_each_lead_by_its_two_stages() -> Result<(), String> {
        let options = ReportOptions::from_json(AS_OF).map_err(|e| e.to_string())?;
        // Before: SQL ≥ 60 (the 200), MQL ≥ 30 (the two 20s). After: SQL ≥ 25
        // takes the 20s too, MQL ≥ 1 nobody else (the 5 scores 0).
        let (before, after) = (model(60, 30)?, model(25, 1)?);
        let c = stage_changes(&before, &after, CSV.as_bytes(), None, &options)
            .map_err(|e| e.to_string())?;
        // The line with a bad date is skipped under both models.
        assert_eq!(
            (c.leads, c.changed, c.only_before, c.only_after),
            (4, 2, 0, 0)
        );
        let moves: Vec<(&str, &str, u64)> = c
            .moves
            .iter()
            .map(|m| (m.from.as_str(), m.to.as_str(), m.leads))
            .collect();
        assert_eq!(
            moves,
            [("SQL", "SQL", 1), ("MQL", "SQL", 2), ("lead", "lead", 1)]
        );
        assert_eq!(c.stages_before, ["SQL", "MQL", "lead"]);
        Ok(())
    }

    #[test]
    fn the_same_model_changes_nothing() -> Result<(), String> {
        let options = ReportOptions::from_json(AS_OF).map_err(|e| e.to_string())?;
        let m = model(60, 30)?;
        let c = stage_changes(&m, &m, CSV.as_bytes(), None, &options).map_err(|e| e.to_string())?;
        assert_eq!((c.leads, c.changed), (4, 0));
        Ok(())
    }
}
