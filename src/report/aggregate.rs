//! Folds past leads, in input order, into bounded aggregates: counts per
//! group, response-time sketches, and a 1-point score histogram. Memory
//! depends on the number of groups (capped), never on the number of rows.

use super::backtest::{self, ScoreHist};
use super::footer::FooterHold;
use super::groups::{Counts, Dim, Sla, StageCounts, OTHER};
use super::output::{
    GroupKpis, InputSummary, Methods, Problems, Ratio, Report, SlaReport, SlaStage, TeamSla,
    REPORT_VERSION,
};
use super::row::{PastLead, Result3, RowResult};
use super::settle::ReadNotes;
use super::{datetime, kpis, ReportOptions, RowProblem, Targets};
use crate::model::{CompiledModel, FALLBACK_STAGE};
use crate::time::Timestamp;
use std::collections::BTreeMap;

/// Problems listed in the report (all are counted).
pub const MAX_LISTED: usize = 1000;
/// The key of a blank team, owner, source or persona.
const NONE: &str = "(none)";
/// The mean Gregorian month, for per-month rates.
const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;
/// Hand-off stages, highest first; index 2 is the fallback `lead`.
const HANDOFF: [&str; 3] = ["SQL", "MQL", "lead"];

/// Builds a [`Report`] from rows given in input order.
#[derive(Debug, Clone)]
pub struct Aggregator<'m> {
    model: &'m CompiledModel,
    as_of: Timestamp,
    offset_ms: i64,
    targets: Targets,
    format: &'static str,
    /// How the bytes were read (encoding, delimiter, sheet).
    reading: super::output::Reading,
    columns: BTreeMap<&'static str, Option<String>>,
    /// How the export was read (dates, preset) and the warnings about it.
    notes: ReadNotes,
    /// Unknown stage values: (column, message) → rows, in first-seen order.
    unknown_stages: Vec<((Option<String>, String), u64)>,
    /// Footer rows held and counted (when fed through [`super::RowSink`]).
    pub(super) footer: FooterHold<RowResult>,
    sla_ms: [Option<i64>; 3],
    sql_rank: Option<usize>,
    mql_rank: Option<usize>,
    rows: u64,
    skipped: u64,
    /// The first and last `created_at`, for per-month rates.
    created: Option<(Timestamp, Timestamp)>,
    problems: Problems,
    overall: Counts,
    months: Dim<Counts>,
    teams: Dim<Counts>,
    owners: Dim<Counts>,
    sources: Dim<Counts>,
    personas: Dim<Counts>,
    grades: Dim<Counts>,
    stages: [StageCounts; 3],
    team_stages: BTreeMap<String, [StageCounts; 3]>,
    /// SLA per team per month of hand-off.
    team_months: super::sla_months::TeamMonths,
    scores: ScoreHist,
    crm_mql_model_mql: u64,
    crm_sql_model_sql: u64,
    model_sql_won: u64,
    crm_sql_won: u64,
    /// The report's currency and won deals in others.
    revenue: super::revenue::Totals,
    /// The model's goals and KPI owners.
    agreement: crate::model::goals::Agreement,
    /// What the goals count per period.
    goal_counts: super::goals::GoalCounts,
    /// Days from creation to win, for the months still maturing.
    won_days: super::maturity::WonDays,
}

/// The rank of the model stage called `name` (any case).
fn rank_named(model: &CompiledModel, name: &str) -> Option<usize> {
    model
        .stage_names()
        .position(|s| s.eq_ignore_ascii_case(name))
        .filter(|&r| r < model.stages.len())
}

/// Ranks of the stages the backtest calls SQL and MQL: the stages so named,
/// else the first and second stage (MQL is never above SQL).
pub(crate) fn handoff_ranks(model: &CompiledModel) -> (Option<usize>, Option<usize>) {
    let real = model.stages.len();
    let sql_rank = rank_named(model, "SQL").or((real > 0).then_some(0));
    let mql_rank = rank_named(model, "MQL")
        .or(if real > 1 { Some(1) } else { sql_rank })
        .map(|r| r.max(sql_rank.unwrap_or(0)));
    (sql_rank, mql_rank)
}

impl<'m> Aggregator<'m> {
    /// An empty report for `model` with the options' `as_of`, time zone and targets.
    pub fn new(
        model: &'m CompiledModel,
        options: &ReportOptions,
        format: &'static str,
    ) -> Aggregator<'m> {
        let (sql_rank, mql_rank) = handoff_ranks(model);
        let sla_ms = HANDOFF.map(|stage| {
            let name = model
                .stage_names()
                .find(|s| s.eq_ignore_ascii_case(stage))
                .unwrap_or(FALLBACK_STAGE);
            if name.eq_ignore_ascii_case(stage) {
                model.respond_within_millis(name)
            } else {
                None
            }
        });
        Aggregator {
            model,
            as_of: options.as_of,
            offset_ms: options.utc_offset_ms,
            targets: options.targets,
            format,
            reading: super::output::Reading::default(),
            columns: BTreeMap::new(),
            notes: ReadNotes::default(),
            unknown_stages: Vec::new(),
            footer: FooterHold::default(),
            sla_ms,
            sql_rank,
            mql_rank,
            rows: 0,
            skipped: 0,
            created: None,
            problems: Problems::default(),
            overall: Counts::default(),
            months: Dim::default(),
            teams: Dim::default(),
            owners: Dim::default(),
            sources: Dim::default(),
            personas: Dim::default(),
            grades: Dim::default(),
            stages: Default::default(),
            team_stages: BTreeMap::new(),
            team_months: Default::default(),
            scores: ScoreHist::new(),
            crm_mql_model_mql: 0,
            crm_sql_model_sql: 0,
            model_sql_won: 0,
            crm_sql_won: 0,
            revenue: super::revenue::Totals::new(&options.money),
            agreement: options.agreement.clone(),
            goal_counts: super::goals::GoalCounts::new(&options.agreement),
            won_days: super::maturity::WonDays::default(),
        }
    }

    /// Records how the export's bytes were read (the report's `input` says so).
    pub fn set_reading(&mut self, reading: super::output::Reading) {
        self.reading = reading;
    }

    /// The column (or NDJSON key) read for each lifecycle field so far.
    pub fn columns(&self) -> &BTreeMap<&'static str, Option<String>> {
        &self.columns
    }

    /// Records which column each lifecycle field was read from.
    pub fn set_columns(&mut self, columns: BTreeMap<&'static str, Option<String>>) {
        self.columns = columns;
    }

    /// Records how the export was read (its date columns, its warnings).
    pub fn set_notes(&mut self, notes: &ReadNotes) {
        self.notes = notes.clone();
        self.offset_ms = notes.offset_ms;
    }

    /// Counts footer rows skipped by a sink that held them itself (the CLI's).
    pub fn add_footer_rows(&mut self, rows: u64) {
        self.footer.footer_rows += rows;
    }

    /// Counts a problem that belongs to no row (e.g. a record that is not UTF-8).
    pub fn problem(&mut self, problem: RowProblem) {
        self.problems.total += 1;
        *self.problems.by_code.entry(problem.code).or_default() += 1;
        if self.problems.first.len() < MAX_LISTED {
            self.problems.first.push(problem);
        } else {
            self.problems.not_listed += 1;
        }
    }

    /// Adds one row (rows must come in input order for the problem list to be).
    pub fn add(&mut self, row: RowResult) {
        self.rows += 1;
        for (field, key) in row.names {
            // The first object with a field names its key (NDJSON).
            let slot = self.columns.entry(field).or_default();
            if slot.is_none() {
                *slot = Some(key);
            }
        }
        for p in row.problems {
            if p.code == super::codes::UNKNOWN_STAGE {
                // Said once per value, as a warning with its count.
                let key = (p.column, p.message);
                match self.unknown_stages.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n += 1,
                    None => self.unknown_stages.push((key, 1)),
                }
                continue;
            }
            self.problem(p);
        }
        match row.lead {
            Some(lead) => self.add_lead(&lead),
            None => self.skipped += 1,
        }
    }

    fn add_lead(&mut self, lead: &PastLead) {
        let t = lead.created;
        self.created = Some(match self.created {
            Some((a, b)) => (a.min(t), b.max(t)),
            None => (t, t),
        });
        let hours = lead.hours.and_then(|i| self.model.hours_at(i));
        let (stage, sla) = Sla::of(lead, &self.sla_ms, self.as_of, hours);
        let model_sql = self.sql_rank.is_some_and(|r| lead.stage_rank <= r);
        let model_mql = self.mql_rank.is_some_and(|r| lead.stage_rank <= r);
        let month = datetime::month_key(lead.created, self.offset_ms);
        let persona = lead
            .persona
            .and_then(|i| self.model.personas.get(i))
            .map_or(NONE, |p| p.id.as_str());
        let team = lead.team.as_deref().unwrap_or(NONE);
        let counts: [Option<&mut Counts>; 7] = [
            Some(&mut self.overall),
            self.months.slot(&month),
            self.teams.slot(team),
            self.owners.slot(lead.owner.as_deref().unwrap_or(NONE)),
            self.sources.slot(lead.source.as_deref().unwrap_or(NONE)),
            self.personas.slot(persona),
            self.grades.slot(lead.grade.as_str()),
        ];
        let won = lead.result == Result3::Won;
        if let (true, Some(at)) = (won, lead.won_at) {
            self.won_days.add(lead.created, at, self.offset_ms);
        }
        let counted = self.revenue.count(lead.amount, won, lead.line);
        for c in counts.into_iter().flatten() {
            c.add(lead, sla, [model_mql, model_sql], counted);
        }
        let (as_of, offset) = (self.as_of, self.offset_ms);
        (self.goal_counts).add(&self.agreement, lead, (stage, sla), counted, as_of, offset);
        let team_key = if self.teams.groups.contains_key(team) {
            team
        } else {
            OTHER
        };
        if let Some(stage) = stage {
            if !self.team_stages.contains_key(team_key) {
                self.team_stages
                    .insert(team_key.to_string(), Default::default());
            }
            let per_team = self.team_stages.get_mut(team_key);
            let per_team = per_team.and_then(|stages| stages.get_mut(stage));
            for s in [self.stages.get_mut(stage), per_team].into_iter().flatten() {
                s.add(sla);
            }
            let start = [lead.sql, lead.mql, Some(lead.created)].get(stage).copied();
            if let Some(start) = start.flatten() {
                let (as_of, offset) = (self.as_of, self.offset_ms);
                (self.team_months).add(team_key, stage, start, sla, as_of, offset);
            }
        }
        self.scores.add(lead);
        let crm_sql = lead.reached >= 2;
        self.crm_mql_model_mql += u64::from(lead.reached >= 1 && model_mql);
        self.crm_sql_model_sql += u64::from(crm_sql && model_sql);
        self.model_sql_won += u64::from(model_sql && won);
        self.crm_sql_won += u64::from(crm_sql && won);
    }

    /// The finished report.
    pub fn finish(self) -> Report {
        let used = self.rows - self.skipped;
        let months_span = match self.created {
            Some((first, last)) => (last.days_since(first) / DAYS_PER_MONTH).max(1.0),
            None => 0.0,
        };
        let mut pooled = BTreeMap::new();
        for (name, dim) in [
            ("month", &self.months),
            ("team", &self.teams),
            ("owner", &self.owners),
            ("source", &self.sources),
        ] {
            if dim.pooled > 0 {
                pooled.insert(name, dim.pooled);
            }
        }
        let stages: Vec<SlaStage> = self
            .stages
            .iter()
            .zip(HANDOFF)
            .zip(self.sla_ms)
            .map(|((s, name), ms)| s.finish(name, ms))
            .collect();
        let by_team = self
            .team_stages
            .iter()
            .map(|(team, stages)| {
                let stages: Vec<SlaStage> = stages
                    .iter()
                    .zip(HANDOFF)
                    .zip(self.sla_ms)
                    .map(|((s, name), ms)| s.finish(name, ms))
                    .collect();
                let due: u64 = stages.iter().map(|s| s.met + s.late + s.never).sum();
                let met: u64 = stages.iter().map(|s| s.met).sum();
                TeamSla {
                    team: team.clone(),
                    due,
                    met,
                    adherence: Ratio::of(met, due),
                    stages,
                }
            })
            .collect();
        let amount_column = self.columns.get("amount").is_some_and(Option::is_some);
        let money = self.revenue.measured(amount_column);
        let groups = |dim: &Dim<Counts>| -> Vec<GroupKpis> {
            dim.groups.iter().map(|(k, c)| c.finish(k, money)).collect()
        };
        let by_month = groups(&self.months);
        let maturity = (self.won_days).finish(
            by_month.iter().map(|m| m.key.as_str()),
            self.as_of,
            self.offset_ms,
        );
        let overall = self.overall.finish("all", money);
        let (revenue, money_warnings) = self.revenue.finish(self.overall.revenue(), money);
        let inputs = backtest::Inputs {
            model: self.model,
            sql_rank: self.sql_rank,
            mql_rank: self.mql_rank,
            targets: self.targets,
            overall: &overall,
            months: &by_month,
            months_span,
            crm_mql_model_mql: self.crm_mql_model_mql,
            crm_sql_model_sql: self.crm_sql_model_sql,
            model_sql_won: self.model_sql_won,
            crm_sql_won: self.crm_sql_won,
        };
        let backtest = self.scores.backtest(&inputs);
        let measured = self
            .columns
            .get("first_contact_at")
            .is_some_and(Option::is_some)
            || overall.contacted > 0;
        let mut report = Report {
            report_version: REPORT_VERSION,
            model: self.model.info().clone(),
            as_of: self.as_of.to_rfc3339(),
            timezone: datetime::format_zone(self.offset_ms),
            input: InputSummary {
                format: self.format,
                reading: self.reading,
                rows: self.rows,
                used,
                skipped: self.skipped,
                columns: self.columns,
                pooled,
                dates: self.notes.dates,
                preset: self.notes.preset,
                footer_rows: self.footer.footer_rows,
            },
            warnings: self
                .notes
                .warnings
                .into_iter()
                .chain(
                    self.unknown_stages
                        .into_iter()
                        .map(|((column, message), n)| {
                            let column = column
                                .map(|c| format!("column {c:?}: "))
                                .unwrap_or_default();
                            format!("{column}{message} ({n} rows)")
                        }),
                )
                .chain(money_warnings)
                .collect(),
            problems: self.problems,
            kpis: kpis::definitions(&self.agreement),
            overall,
            by_team: groups(&self.teams),
            by_owner: groups(&self.owners),
            by_source: groups(&self.sources),
            by_persona: groups(&self.personas),
            by_grade: groups(&self.grades),
            by_month,
            maturity,
            revenue,
            goals: super::goals::GoalsReport::default(),
            sla: SlaReport {
                stages,
                by_team,
                by_team_month: self.team_months.finish(),
                measured: true,
            },
            score_distribution: self.scores.distribution(),
            backtest,
            methods: Methods {
                quantiles: super::sketch::METHOD,
                scores: backtest::METHOD,
                groups: "at most 200 distinct values per dimension (month, team, owner, \
                         source), in order of first appearance; later values are counted \
                         under \"(other)\"",
            },
        };
        report.goals = self.goal_counts.evaluate(&super::goals::Context {
            agreement: &self.agreement,
            as_of: self.as_of,
            offset_ms: self.offset_ms,
            sla_measured: measured,
            money_measured: money,
        });
        if !measured {
            super::measured::blank(&mut report);
        }
        report
    }
}
