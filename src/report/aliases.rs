//! The built-in column names of each field: the canonical name first (in
//! `mapping.rs`), then these HubSpot-style and RD Station-style headers, in
//! order of preference. docs/report.md lists them for users.

use super::mapping::Field;

/// Built-in header aliases of each lifecycle field (HubSpot-style, then RD Station-style).
pub(super) fn field_aliases(field: Field) -> &'static [&'static str] {
    match field {
        Field::CreatedAt => &[
            "Create Date",
            "Created Date",
            "Created At",
            "Data de criação",
            "Criado em",
            "Data de cadastro",
            "Data da primeira conversão",
        ],
        Field::MqlAt => &[
            "Became a Marketing Qualified Lead Date",
            "MQL Date",
            "Data de conversão",
            "Data de qualificação",
            "Data em que virou Lead Qualificado",
        ],
        Field::SqlAt => &[
            "Became a Sales Qualified Lead Date",
            "SQL Date",
            "Data de oportunidade",
            "Data em que virou Oportunidade",
        ],
        Field::FirstContactAt => &[
            "First Engagement Date",
            "Date of first engagement",
            "First Contact Date",
            "Data do primeiro contato",
            "Primeiro contato",
        ],
        Field::WonAt => &[
            "Became a Customer Date",
            "Won Date",
            "Closed Won Date",
            "Data da venda",
            "Data de ganho",
        ],
        Field::LostAt => &[
            "Closed Lost Date",
            "Lost Date",
            "Data da perda",
            "Data de perda",
        ],
        Field::Outcome => &["Result", "Deal Status", "Resultado", "Status da negociação"],
        Field::LifecycleStage => &[
            "Lifecycle Stage",
            "Estágio no funil",
            "Etapa do funil",
            "Estágio do funil",
        ],
        Field::Team => &["HubSpot Team", "Equipe", "Time"],
        Field::Owner => &[
            "HubSpot Owner",
            "Contact owner",
            "Owner",
            "Dono do Lead",
            "Responsável",
        ],
        Field::UtmSource => &[
            "Original Source",
            "Source",
            "Origem da primeira conversão",
            "Origem",
        ],
        // Only by name, --map or a preset: "Oportunidade" alone may be a stage.
        Field::Opportunity => &[],
        // The deal's value: HubSpot's and Salesforce's `Amount`, then the
        // Portuguese names of the opportunity's value (RD Station's `Valor`).
        Field::Amount => &[
            "Amount",
            "Deal Amount",
            "Deal Value",
            "Valor",
            "Valor da oportunidade",
            "Valor da venda",
            "Valor do negócio",
            "Valor total",
        ],
        Field::Currency => &["Currency", "Deal Currency", "Amount Currency", "Moeda"],
    }
}

/// Lead fields the default model reads, with their export aliases: renamed for re-scoring.
pub(super) const LEAD_ALIASES: &[(&str, &[&str])] = &[
    ("email", &["Email", "E-mail", "Email Address"]),
    (
        "company",
        &["Company Name", "Company", "Empresa", "Nome da empresa"],
    ),
    (
        "company_size",
        &[
            "Number of Employees",
            "Company size",
            "Número de funcionários",
            "Tamanho da empresa",
        ],
    ),
    ("job_title", &["Job Title", "Cargo"]),
    ("industry", &["Industry", "Setor", "Segmento"]),
    ("country", &["Country/Region", "Country", "País"]),
    (
        "page_views",
        &[
            "Number of Pageviews",
            "Page views",
            "Visualizações de página",
        ],
    ),
];
