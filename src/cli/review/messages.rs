//! Every sentence and label of the review, in English and Brazilian
//! Portuguese, from ONE table: a row per key holding both languages, so a
//! key cannot exist in one language only (the test below also refuses
//! empty texts, repeated keys and placeholders that differ between the two).
//! Placeholders are `{0}`, `{1}`…, filled by [`Lang::fill`].

/// The review's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Brazilian Portuguese.
    PtBr,
}

/// (key, English, Brazilian Portuguese).
const TABLE: &[(&str, &str, &str)] = &[
    ("title", "SLA review — {0}", "Revisão do SLA — {0}"),
    (
        "meta",
        "Model {0} (version {1}) · as of {2} · time zone {3} · {4} rows read, {5} problems.",
        "Modelo {0} (versão {1}) · posição em {2} · fuso {3} · {4} linhas lidas, {5} problemas.",
    ),
    ("h_goals", "Goals", "Metas"),
    ("goals_none", "The model has no goals.", "O modelo não tem metas."),
    ("col_goal", "Goal", "Meta"),
    ("col_owner", "Owner", "Responsável"),
    ("col_period", "Period", "Período"),
    ("col_target", "Target", "Alvo"),
    ("col_actual", "Actual", "Realizado"),
    ("col_status", "Status", "Situação"),
    ("col_gap", "Gap", "Diferença"),
    ("col_trend", "Last periods", "Últimos períodos"),
    ("status_met", "met", "atingida"),
    ("status_missed", "missed", "não atingida"),
    ("status_in_progress", "in progress, projected {0}", "em andamento, projeção {0}"),
    ("status_not_measured", "not measured", "não medida"),
    ("no_period", "not in the report's periods", "fora dos períodos do relatório"),
    ("trend_improving", "improving", "melhorando"),
    ("trend_worsening", "worsening", "piorando"),
    ("trend_steady", "steady", "estável"),
    ("pp", "pp", "p.p."),
    ("h_funnel", "Funnel of the leads created in {0}", "Funil dos leads criados em {0}"),
    ("col_kpi", "KPI", "Indicador"),
    ("col_change", "Change", "Variação"),
    ("kpi_leads", "Leads", "Leads"),
    ("kpi_mql", "MQLs", "MQLs"),
    ("kpi_sql", "SQLs", "SQLs"),
    ("kpi_won", "Won", "Ganhos"),
    ("kpi_lead_to_mql", "Lead → MQL", "Lead → MQL"),
    ("kpi_mql_to_sql", "MQL → SQL", "MQL → SQL"),
    ("kpi_sql_to_won", "SQL → won", "SQL → ganho"),
    ("kpi_sla_adherence", "SLA adherence", "Cumprimento do SLA"),
    (
        "kpi_first_contact_median_minutes",
        "Median time to first contact",
        "Mediana até o primeiro contato",
    ),
    ("kpi_won_value", "Won value", "Valor ganho"),
    ("kpi_average_ticket", "Average ticket", "Ticket médio"),
    ("owner_marketing", "marketing", "marketing"),
    ("owner_sales", "sales", "vendas"),
    ("owner_shared", "shared", "compartilhado"),
    ("h_sla", "SLA per hand-off stage and team", "SLA por etapa de passagem e time"),
    (
        "sla_scope",
        "Every lead of the export up to {0} (the report's SLA section):",
        "Todos os leads da exportação até {0} (a seção de SLA do relatório):",
    ),
    (
        "sla_month_scope",
        "Hand-offs dated in {0}, per team (as the per-team SLA goals count them; the funnel above counts the month's new leads instead):",
        "Passagens com data em {0}, por time (como as metas de SLA por time contam; o funil acima conta os leads criados no mês):",
    ),
    (
        "sla_month_none",
        "No hand-off dated in {0}.",
        "Nenhuma passagem com data em {0}.",
    ),
    (
        "sla_not_measured",
        "Not measured: the export has no first-contact column.",
        "Não medido: a exportação não tem coluna de primeiro contato.",
    ),
    ("col_team", "Team", "Time"),
    ("col_stage", "Stage", "Etapa"),
    ("col_limit", "Limit", "Prazo"),
    ("col_due", "Due", "Vencidos"),
    ("col_met", "Met", "No prazo"),
    ("col_late", "Late", "Atrasados"),
    ("col_never", "Never contacted", "Sem contato"),
    ("col_open", "Open", "Em aberto"),
    ("col_adherence", "Adherence", "Cumprimento"),
    ("all_teams", "all teams", "todos os times"),
    ("h_revenue", "Revenue of the leads created in {0}", "Receita dos leads criados em {0}"),
    (
        "revenue_not_measured",
        "Not measured: the export has no deal value column.",
        "Não medida: a exportação não tem coluna de valor do negócio.",
    ),
    ("h_gaps", "The three largest gaps", "As três maiores diferenças"),
    (
        "gaps_rule",
        "Goals missed in the period, or in progress and projected to miss, largest shortfall against the target first (the gap as a share of the target); under each, the leads behind it.",
        "Metas não atingidas no período, ou em andamento com projeção abaixo do alvo, da maior falta em relação ao alvo para a menor (a diferença como fração do alvo); abaixo de cada uma, os leads por trás dela.",
    ),
    (
        "gaps_none",
        "No goal was missed or is projected to miss in the period.",
        "Nenhuma meta deixou de ser atingida nem tem projeção abaixo do alvo no período.",
    ),
    (
        "gap_missed",
        "{0}. {1} — {2}: {3} against {4}, {5} short — owner: {6}",
        "{0}. {1} — {2}: {3} para um alvo de {4}, {5} abaixo — responsável: {6}",
    ),
    (
        "gap_off_track",
        "{0}. {1} — {2} (in progress): projected {3} against {4}, {5} short — owner: {6}",
        "{0}. {1} — {2} (em andamento): projeção de {3} para um alvo de {4}, {5} abaixo — responsável: {6}",
    ),
    (
        "behind_all",
        "Leads behind it: {0} — {1}.",
        "Leads por trás dela: {0} — {1}.",
    ),
    (
        "behind_some",
        "Leads behind it: {0} — {1}; the first {2}:",
        "Leads por trás dela: {0} — {1}; os {2} primeiros:",
    ),
    (
        "behind_none",
        "No lead of the export is behind it.",
        "Nenhum lead da exportação está por trás dela.",
    ),
    (
        "behind_none_kind",
        "No lead stands for this gap (a lead that never came cannot be listed).",
        "Nenhum lead representa esta diferença (um lead que não veio não pode ser listado).",
    ),
    ("behind_mql", "leads created in the period that are not MQL", "leads criados no período que não são MQL"),
    ("behind_lead_to_mql", "leads created in the period that are not MQL", "leads criados no período que não são MQL"),
    ("behind_sql", "MQLs of the period that did not become SQL, best score first", "MQLs do período que não viraram SQL, maior pontuação primeiro"),
    ("behind_mql_to_sql", "MQLs of the period that did not become SQL, best score first", "MQLs do período que não viraram SQL, maior pontuação primeiro"),
    ("behind_won", "SQLs of the period not won, lost deals first, larger value first", "SQLs do período não ganhos, negócios perdidos primeiro, maior valor primeiro"),
    ("behind_sql_to_won", "SQLs of the period not won, lost deals first, larger value first", "SQLs do período não ganhos, negócios perdidos primeiro, maior valor primeiro"),
    ("behind_won_value", "SQLs of the period not won, lost deals first, larger value first", "SQLs do período não ganhos, negócios perdidos primeiro, maior valor primeiro"),
    ("behind_average_ticket", "SQLs of the period not won, lost deals first, larger value first", "SQLs do período não ganhos, negócios perdidos primeiro, maior valor primeiro"),
    ("behind_sla_adherence", "hand-offs that missed the SLA: never contacted (longest waiting first), then contacted late (slowest first)", "passagens fora do SLA: sem contato (esperando há mais tempo primeiro), depois contatadas com atraso (as mais lentas primeiro)"),
    ("behind_first_contact_median_minutes", "hand-offs contacted after the target, slowest first", "passagens contatadas depois do alvo, as mais lentas primeiro"),
    ("col_line", "Line", "Linha"),
    ("col_when", "When", "Quando"),
    ("col_why", "Why", "Motivo"),
    ("why_sla_never", "never contacted", "sem contato"),
    ("why_sla_late", "first contact after {0}", "primeiro contato após {0}"),
    ("why_slow_contact", "first contact after {0}", "primeiro contato após {0}"),
    ("why_not_mql", "not MQL", "não virou MQL"),
    ("why_not_sql", "MQL, not SQL", "MQL, não virou SQL"),
    ("why_lost", "lost, {0}", "perdido, {0}"),
    ("why_open", "still open, {0}", "ainda em aberto, {0}"),
    ("no_value", "no value", "sem valor"),
    ("h_discuss", "To discuss", "Para discutir"),
    (
        "d_missed",
        "{0}: missed in {1} ({2} against a target of {3}) — owner: {4}.",
        "{0}: não atingida em {1} ({2} para um alvo de {3}) — responsável: {4}.",
    ),
    (
        "d_off_track",
        "{0}: {1} is in progress and projected at {2} against a target of {3} — owner: {4}.",
        "{0}: {1} está em andamento com projeção de {2} para um alvo de {3} — responsável: {4}.",
    ),
    (
        "d_not_measured",
        "{0}: cannot be measured from this export — owner: {1}.",
        "{0}: não pode ser medida com esta exportação — responsável: {1}.",
    ),
    (
        "d_sla_team",
        "SLA of team {0} in {1}: {2} late and {3} never contacted of {4} due ({5} adherence) — owner: {6}.",
        "SLA do time {0} em {1}: {2} atrasados e {3} sem contato de {4} vencidos ({5} de cumprimento) — responsável: {6}.",
    ),
    (
        "d_immature",
        "{0} is recent: its leads may still become SQLs or be won, so its conversions read low.",
        "{0} é recente: seus leads ainda podem virar SQL ou ser ganhos, então as conversões aparecem baixas.",
    ),
    (
        "d_problems",
        "The export had {0} problems in its rows (leadgate report --errors FILE lists them).",
        "A exportação teve {0} problemas nas linhas (leadgate report --errors ARQUIVO lista todos).",
    ),
    ("d_nothing", "Nothing flagged by the figures.", "Nada a apontar nos números."),
];

impl Lang {
    /// `en` or `pt-BR` (any case); none otherwise.
    pub fn parse(text: &str) -> Option<Lang> {
        match text.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "pt-br" | "pt" => Some(Lang::PtBr),
            _ => None,
        }
    }

    /// The language tag (the HTML's `lang`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::PtBr => "pt-BR",
        }
    }

    /// The text of `key` (the key itself if the table lacks it, which the
    /// golden files would show).
    pub fn text(self, key: &str) -> &'static str {
        match TABLE.iter().find(|row| row.0 == key) {
            Some((_, en, pt)) => match self {
                Lang::En => en,
                Lang::PtBr => pt,
            },
            None => "?",
        }
    }

    /// The text of `key` with `{0}`, `{1}`… replaced by `args`.
    pub fn fill(self, key: &str, args: &[&str]) -> String {
        let mut out = self.text(key).to_string();
        for (i, a) in args.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), a);
        }
        out
    }

    /// A figure written by the report's formatters (`1,234.5`, `45.0%`,
    /// `4.2h`, `1,234.56 BRL`) in this language's separators: Brazilian
    /// Portuguese swaps the decimal point and the thousands comma.
    pub fn figure(self, text: String) -> String {
        match self {
            Lang::En => text,
            Lang::PtBr => text
                .chars()
                .map(|c| match c {
                    ',' => '.',
                    '.' => ',',
                    c => c,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<usize> {
        (0..10)
            .filter(|i| text.contains(&format!("{{{i}}}")))
            .collect()
    }

    #[test]
    fn both_languages_have_every_key() {
        for (i, (key, en, pt)) in TABLE.iter().enumerate() {
            assert!(!en.trim().is_empty(), "{key}: no English text");
            assert!(!pt.trim().is_empty(), "{key}: no Portuguese text");
            assert_eq!(
                placeholders(en),
                placeholders(pt),
                "{key}: placeholders differ"
            );
            assert!(
                TABLE[..i].iter().all(|row| row.0 != *key),
                "{key}: repeated"
            );
        }
    }

    #[test]
    fn figures_swap_separators_in_portuguese() {
        assert_eq!(Lang::PtBr.figure("1,234.56 BRL".into()), "1.234,56 BRL");
        assert_eq!(Lang::PtBr.figure("45.0%".into()), "45,0%");
        assert_eq!(Lang::En.figure("4.2h".into()), "4.2h");
        assert_eq!(Lang::parse("PT-br"), Some(Lang::PtBr));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::En.fill("title", &["2026-10"]), "SLA review — 2026-10");
    }
}
