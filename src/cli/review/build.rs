//! From the report (the same `Report` that `leadgate report --json` prints)
//! to the review's blocks: goals in the month's period, the month's funnel
//! and conversions with their owners against the month before, the SLA per
//! stage and team, revenue, and what to discuss. Nothing is recomputed: every
//! figure is a field of the report, written by the report's formatters
//! (`group`, `percent`, `duration`, `money`, the goals' figures), in the
//! language's separators ([`Lang::figure`]).

use super::doc::Block;
use super::messages::Lang;
use crate::cli::report::revenue::money;

use crate::model::goals::Period;
use crate::report::goals::period;
use crate::report::output::{GroupKpis, Minutes, Money, Ratio, Report, SlaStage};
use crate::report::{duration, group, percent};

/// What the review is of.
pub struct Review<'r> {
    /// The report.
    pub report: &'r Report,
    /// The month reviewed, as a month index (year × 12 + month − 1).
    pub month: i64,
    /// The month holding the report's `as_of`, same index.
    pub now_month: i64,
    /// The language.
    pub lang: Lang,
}

/// Reads one figure of a group.
type Get<T> = fn(&GroupKpis) -> T;

impl Review<'_> {
    pub(super) fn t(&self, key: &str) -> &'static str {
        self.lang.text(key)
    }

    pub(super) fn name(&self, month: i64) -> String {
        period::name(month, Period::Month)
    }

    pub(super) fn owner(&self, owner: &str) -> String {
        match owner {
            "marketing" | "sales" | "shared" => self.t(&format!("owner_{owner}")).to_string(),
            person => person.to_string(),
        }
    }

    pub(super) fn kpi_owner(&self, id: &str) -> String {
        let found = self.report.kpis.iter().find(|k| k.id == id);
        found.map_or_else(String::new, |k| self.owner(&k.owner))
    }

    pub(super) fn count(&self, n: u64) -> String {
        self.lang.figure(group(n))
    }

    pub(super) fn pct(&self, r: Ratio) -> String {
        self.lang.figure(percent(r))
    }

    pub(super) fn money(&self, m: Money) -> String {
        let currency = self.report.revenue.currency.as_deref();
        self.lang.figure(money(m, currency))
    }

    fn month_group(&self, month: i64) -> Option<&GroupKpis> {
        let key = self.name(month);
        self.report.by_month.iter().find(|g| g.key == key)
    }

    /// A count's change (`+3`, `-2`).
    fn count_change(&self, now: u64, before: u64) -> String {
        if now >= before {
            format!("+{}", self.count(now - before))
        } else {
            format!("-{}", self.count(before - now))
        }
    }

    /// A ratio's change in percentage points (`—` when either is unknown).
    fn ratio_change(&self, now: Ratio, before: Ratio) -> String {
        match (now.rounded(), before.rounded()) {
            (Some(a), Some(b)) => {
                let d = a - b;
                let sign = if d > 0.0 { "+" } else { "" };
                let text = self.pct(Ratio(Some(d))).replace('%', "");
                format!("{sign}{text} {}", self.t("pp"))
            }
            _ => "—".to_string(),
        }
    }

    fn funnel(&self, out: &mut Vec<Block>) {
        let month = self.name(self.month);
        out.push(Block::Heading(2, self.lang.fill("h_funnel", &[&month])));
        let empty = GroupKpis::default();
        let now = self.month_group(self.month).unwrap_or(&empty);
        let before = self.month_group(self.month - 1).unwrap_or(&empty);
        let head = vec![
            self.t("col_kpi").to_string(),
            self.t("col_owner").to_string(),
            month,
            self.name(self.month - 1),
            self.t("col_change").to_string(),
        ];
        let mut rows = Vec::new();
        let counts: [(&str, Get<u64>); 4] = [
            ("leads", |g| g.leads),
            ("mql", |g| g.mql),
            ("sql", |g| g.sql),
            ("won", |g| g.won),
        ];
        for (id, get) in counts {
            let (a, b) = (get(now), get(before));
            rows.push(self.row(id, self.count(a), self.count(b), self.count_change(a, b)));
        }
        let ratios: [(&str, Get<Ratio>); 4] = [
            ("lead_to_mql", |g| g.lead_to_mql),
            ("mql_to_sql", |g| g.mql_to_sql),
            ("sql_to_won", |g| g.sql_to_won),
            ("sla_adherence", |g| g.sla_adherence),
        ];
        for (id, get) in ratios {
            let (a, b) = (get(now), get(before));
            rows.push(self.row(id, self.pct(a), self.pct(b), self.ratio_change(a, b)));
        }
        let (a, b) = (
            now.first_contact_median_minutes,
            before.first_contact_median_minutes,
        );
        let d = |m: Minutes| self.lang.figure(duration(m));
        let change = match (a.rounded(), b.rounded()) {
            (Some(x), Some(y)) => {
                let sign = if x >= y { "+" } else { "-" };
                format!("{sign}{}", d(Minutes(Some((x - y).abs()))))
            }
            _ => "—".to_string(),
        };
        rows.push(self.row("first_contact_median_minutes", d(a), d(b), change));
        out.push(Block::Table(head, rows));
    }

    fn row(&self, id: &str, now: String, before: String, change: String) -> Vec<String> {
        let label = self.t(&format!("kpi_{id}")).to_string();
        vec![label, self.kpi_owner(id), now, before, change]
    }

    fn sla_row(&self, team: &str, s: &SlaStage) -> Vec<String> {
        let due = s.met + s.late + s.never;
        vec![
            team.to_string(),
            s.stage.to_string(),
            s.respond_within.clone().unwrap_or_else(|| "—".into()),
            self.count(due),
            self.count(s.met),
            self.count(s.late),
            self.count(s.never),
            self.count(s.open),
            self.pct(s.adherence),
            self.lang.figure(duration(s.median_minutes)),
        ]
    }

    fn sla(&self, out: &mut Vec<Block>) {
        out.push(Block::Heading(2, self.t("h_sla").to_string()));
        let sla = &self.report.sla;
        if !sla.measured {
            out.push(Block::Para(self.t("sla_not_measured").to_string()));
            return;
        }
        self.sla_month(out);
        out.push(Block::Para(
            self.lang.fill("sla_scope", &[&self.report.as_of]),
        ));
        let head = [
            "col_team",
            "col_stage",
            "col_limit",
            "col_due",
            "col_met",
            "col_late",
            "col_never",
            "col_open",
            "col_adherence",
            "kpi_first_contact_median_minutes",
        ];
        let head = head.iter().map(|k| self.t(k).to_string()).collect();
        let mut rows = Vec::new();
        let all = self.t("all_teams");
        let handed = |s: &&SlaStage| s.handoffs > 0;
        for s in sla.stages.iter().filter(handed) {
            rows.push(self.sla_row(all, s));
        }
        for team in &sla.by_team {
            for s in team.stages.iter().filter(handed) {
                rows.push(self.sla_row(&team.team, s));
            }
        }
        out.push(Block::Table(head, rows));
    }

    /// The SLA per team of the hand-offs dated in the reviewed month (the
    /// report's `sla.by_team_month`).
    pub(super) fn sla_month(&self, out: &mut Vec<Block>) {
        let month = self.name(self.month);
        let rows: Vec<Vec<String>> = self
            .report
            .sla
            .by_team_month
            .iter()
            .filter(|t| t.month == month)
            .flat_map(|t| {
                t.stages.iter().map(|s| {
                    vec![
                        t.team.clone(),
                        s.stage.to_string(),
                        self.count(s.met + s.late + s.never),
                        self.count(s.met),
                        self.count(s.late),
                        self.count(s.never),
                        self.count(s.open),
                        self.pct(s.adherence),
                    ]
                })
            })
            .collect();
        if rows.is_empty() {
            out.push(Block::Para(self.lang.fill("sla_month_none", &[&month])));
            return;
        }
        out.push(Block::Para(self.lang.fill("sla_month_scope", &[&month])));
        let head = [
            "col_team",
            "col_stage",
            "col_due",
            "col_met",
            "col_late",
            "col_never",
            "col_open",
            "col_adherence",
        ];
        let head = head.iter().map(|k| self.t(k).to_string()).collect();
        out.push(Block::Table(head, rows));
    }

    fn revenue(&self, out: &mut Vec<Block>) {
        let month = self.name(self.month);
        out.push(Block::Heading(2, self.lang.fill("h_revenue", &[&month])));
        if !self.report.revenue.measured {
            out.push(Block::Para(self.t("revenue_not_measured").to_string()));
            return;
        }
        let empty = GroupKpis::default();
        let now = self.month_group(self.month).unwrap_or(&empty);
        let before = self.month_group(self.month - 1).unwrap_or(&empty);
        let head = vec![
            self.t("col_kpi").to_string(),
            self.t("col_owner").to_string(),
            month,
            self.name(self.month - 1),
        ];
        let rows = vec![
            vec![
                self.t("kpi_won_value").to_string(),
                self.kpi_owner("won_value"),
                self.money(now.won_value),
                self.money(before.won_value),
            ],
            vec![
                self.t("kpi_average_ticket").to_string(),
                self.kpi_owner("average_ticket"),
                self.money(now.average_ticket),
                self.money(before.average_ticket),
            ],
        ];
        out.push(Block::Table(head, rows));
    }

    fn discuss(&self, out: &mut Vec<Block>) {
        out.push(Block::Heading(2, self.t("h_discuss").to_string()));
        let mut items = Vec::new();
        for g in &self.report.goals.items {
            let title = Self::title(g);
            let owner = self.owner(&g.owner);
            if g.not_measured.is_some() {
                items.push(self.lang.fill("d_not_measured", &[&title, &owner]));
                continue;
            }
            let Some((_, p)) = self.period(g) else {
                continue;
            };
            let target = self.target(g);
            if p.status == "missed" {
                let actual = self.goal_value(g.kpi, p.actual);
                let args = [title.as_str(), &p.period, &actual, &target, &owner];
                items.push(self.lang.fill("d_missed", &args));
            } else if p.on_track == Some(false) {
                let projected = self.goal_value(g.kpi, p.projected);
                let args = [title.as_str(), &p.period, &projected, &target, &owner];
                items.push(self.lang.fill("d_off_track", &args));
            }
        }
        if self.report.sla.measured {
            let owner = self.kpi_owner("sla_adherence");
            let month = self.name(self.month);
            let in_month = self.report.sla.by_team_month.iter();
            for team in in_month.filter(|t| t.month == month) {
                let late: u64 = team.stages.iter().map(|s| s.late).sum();
                let never: u64 = team.stages.iter().map(|s| s.never).sum();
                if late + never == 0 {
                    continue;
                }
                let args = [
                    team.team.clone(),
                    month.clone(),
                    self.count(late),
                    self.count(never),
                    self.count(team.due),
                    self.pct(team.adherence),
                    owner.clone(),
                ];
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                items.push(self.lang.fill("d_sla_team", &args));
            }
        }
        // docs/report.md: the latest months' conversions read low until their deals close.
        if self.month >= self.now_month - 2 {
            items.push(self.lang.fill("d_immature", &[&self.name(self.month)]));
        }
        if self.report.problems.total > 0 {
            let n = self.count(self.report.problems.total);
            items.push(self.lang.fill("d_problems", &[&n]));
        }
        if items.is_empty() {
            items.push(self.t("d_nothing").to_string());
        }
        out.push(Block::List(items));
    }

    /// The whole review.
    pub fn blocks(&self) -> Vec<Block> {
        let r = self.report;
        let mut out = vec![
            Block::Heading(1, self.lang.fill("title", &[&self.name(self.month)])),
            Block::Para(self.lang.fill(
                "meta",
                &[
                    &r.model.id,
                    &r.model.version,
                    &r.as_of,
                    &r.timezone,
                    &self.count(r.input.rows),
                    &self.count(r.problems.total),
                ],
            )),
        ];
        self.goals(&mut out);
        self.gaps(&mut out);
        self.funnel(&mut out);
        self.sla(&mut out);
        self.revenue(&mut out);
        self.discuss(&mut out);
        out
    }
}
