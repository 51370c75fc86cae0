//! Word lists for `leadgate generate`: names, companies, titles and pages as
//! they appear in Brazilian, Latin American and global B2B lead exports.

/// First names (Brazil first, then Spanish-speaking Latin America, then global).
pub const FIRST_NAMES_BR: &[&str] = &[
    "Ana", "Maria", "Juliana", "Fernanda", "Camila", "Beatriz", "Larissa", "Patrícia", "Aline",
    "Mariana", "Letícia", "Gabriela", "Vanessa", "Renata", "Tatiane", "Luana", "Débora", "Cíntia",
    "João", "José", "Lucas", "Gabriel", "Pedro", "Rafael", "Thiago", "Bruno", "Felipe", "Rodrigo",
    "Gustavo", "Marcelo", "André", "Leandro", "Vinícius", "Caio", "Márcio", "Otávio", "Conceição",
    "Raimundo", "Sebastião", "Antônio",
];
/// First names common in Spanish-speaking Latin America.
pub const FIRST_NAMES_ES: &[&str] = &[
    "Sofía", "Valentina", "Camila", "Daniela", "Lucía", "Martina", "Florencia", "Ximena",
    "Carolina", "Paula", "Santiago", "Mateo", "Sebastián", "Diego", "Nicolás", "Alejandro",
    "Andrés", "Javier", "Matías", "Joaquín", "Felipe", "Emilio", "Tomás", "Agustín",
];
/// First names seen in global (US/EU) leads.
pub const FIRST_NAMES_GLOBAL: &[&str] = &[
    "Emily", "Sarah", "Jessica", "Olivia", "Hannah", "Laura", "Chloé", "Anna", "Priya", "Mei",
    "Michael", "David", "James", "Daniel", "Thomas", "Lukas", "Jonas", "Pierre", "Rahul", "Kenji",
];
/// Surnames (Brazil).
pub const LAST_NAMES_BR: &[&str] = &[
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
    "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
    "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Araújo", "Gonçalves", "Mendes",
    "Cavalcanti", "Monteiro", "Moreira", "Cardoso", "Teixeira", "Brandão", "Magalhães", "Assunção",
];
/// Surnames (Spanish-speaking Latin America).
pub const LAST_NAMES_ES: &[&str] = &[
    "García", "Hernández", "López", "Martínez", "González", "Pérez", "Sánchez", "Ramírez",
    "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Vargas", "Castillo", "Jiménez", "Morales",
    "Rojas", "Muñoz", "Fernández", "Quispe", "Mamani", "Núñez", "Ibáñez",
];
/// Surnames (global).
pub const LAST_NAMES_GLOBAL: &[&str] = &[
    "Smith", "Johnson", "Brown", "Miller", "Wilson", "Taylor", "Anderson", "Müller", "Schmidt",
    "Dubois", "Rossi", "Nakamura", "Patel", "Chen", "Kowalski", "O'Brien",
];
/// The distinctive part of company names.
pub const COMPANY_CORES: &[&str] = &[
    "Aurora", "Vértice", "Nexa", "Solaris", "Itapuã", "Andina", "Pampa", "Cordillera", "Atlântico",
    "Horizonte", "Boreal", "Ipê", "Jacarandá", "Tucano", "Caravela", "Farol", "Quasar", "Órbita",
    "Prisma", "Vega", "Sertão", "Cerrado", "Maré", "Lumen", "Altiplano", "Patagonia", "Azteca",
    "Maya", "Inti", "Condor", "Bandeirante", "Guanabara", "Paulista", "Mantiqueira", "Pantanal",
    "Nimbus", "Kairos", "Helix", "Vortex", "Northwind", "Bluepeak", "Brightline", "Copperleaf",
    "Ironwood", "Meridian", "Silverline", "Tidewater", "Zenith",
];
/// What comes after the core of a company name, Brazil.
pub const COMPANY_SUFFIXES_BR: &[&str] = &[
    "Tecnologia", "Logística", "Seguros", "Alimentos", "Varejo", "Soluções", "Digital",
    "Engenharia", "Saúde", "Agro", "Pagamentos", "Consultoria", "Educação", "Ltda", "S.A.",
    "Indústria e Comércio Ltda", "Transportes", "Energia",
];
/// What comes after the core of a company name, Spanish-speaking Latin America.
pub const COMPANY_SUFFIXES_ES: &[&str] = &[
    "Tecnología", "Logística", "Seguros", "Alimentos", "Soluciones", "Digital", "Servicios",
    "Financiera", "S.A. de C.V.", "S.R.L.", "SpA", "Agroindustrial", "Comercial",
];
/// What comes after the core of a company name, global.
pub const COMPANY_SUFFIXES_GLOBAL: &[&str] = &[
    "Labs", "Software", "Systems", "Analytics", "Logistics", "Health", "Capital", "Inc.", "GmbH",
    "Ltd", "Group", "Networks", "Cloud",
];
/// Free mail providers, with relative weights.
pub const FREE_DOMAINS: &[(&str, u32)] = &[
    ("gmail.com", 50), ("hotmail.com", 15), ("outlook.com", 10), ("yahoo.com.br", 5),
    ("bol.com.br", 4), ("uol.com.br", 4), ("icloud.com", 4), ("live.com", 3), ("terra.com.br", 2),
    ("yahoo.com", 3),
];
/// Disposable mail services.
pub const DISPOSABLE_DOMAINS: &[&str] = &[
    "mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com", "temp-mail.org",
];
/// Shared inboxes.
pub const ROLE_LOCALS: &[&str] = &[
    "contato", "vendas", "comercial", "info", "marketing", "admin", "ventas",
];
/// Competitors of the default model.
pub const COMPETITOR_DOMAINS: &[&str] = &["pipefy.com", "monday.com", "clickup.com", "heflo.com"];
/// Job titles in Portuguese: (seniority, function) combine; extras stand alone.
pub const TITLE_LEVELS_PT: &[&str] = &[
    "Diretor", "Diretora", "Gerente", "Coordenador", "Coordenadora", "Analista", "Analista Sênior",
    "Assistente", "Head", "Especialista", "Supervisor", "Consultora", "Superintendente",
];
/// Functions in Portuguese.
pub const TITLE_AREAS_PT: &[&str] = &[
    "de Marketing", "Comercial", "de Vendas", "de TI", "de Operações", "de Growth",
    "de Tecnologia", "Financeiro", "de RH", "de Processos", "de Sucesso do Cliente",
    "de Marketing Digital", "de Inovação", "de Compras", "de Geração de Demanda",
];
/// Titles in Portuguese that stand alone.
pub const TITLE_EXTRAS_PT: &[&str] = &[
    "CEO", "Sócio-fundador", "Fundadora", "CTO", "CMO", "Sócio", "Diretor Geral", "Estudante",
    "Estagiário de Marketing", "Estagiária", "Aluno de MBA", "Professor", "Desenvolvedor",
    "Engenheira de Software", "Autônomo", "Médico interno",
];
/// Seniorities in Spanish.
pub const TITLE_LEVELS_ES: &[&str] = &[
    "Director", "Directora", "Gerente", "Jefe", "Jefa", "Coordinador", "Analista", "Asistente",
    "Líder", "Especialista",
];
/// Functions in Spanish.
pub const TITLE_AREAS_ES: &[&str] = &[
    "de Marketing", "Comercial", "de Ventas", "de TI", "de Operaciones", "de Sistemas",
    "de Mercadeo", "de Procesos", "de Tecnología", "de Finanzas", "de Innovación",
];
/// Titles in Spanish that stand alone.
pub const TITLE_EXTRAS_ES: &[&str] = &[
    "CEO", "Fundador", "Socio", "Gerente General", "Estudiante", "Pasante", "Becario",
    "Practicante de Marketing", "Desarrollador",
];
/// Title patterns in English (`{}` is the function).
pub const TITLE_PATTERNS_EN: &[&str] = &[
    "Head of {}", "VP of {}", "{} Director", "{} Manager", "{} Analyst", "{} Coordinator",
    "Senior {} Specialist", "{} Lead", "{} Intern", "Director of {}",
];
/// Functions in English.
pub const TITLE_AREAS_EN: &[&str] = &[
    "Marketing", "Sales", "Growth", "IT", "Operations", "Revenue Operations", "Demand Generation",
    "Customer Success", "Finance", "HR", "Engineering", "Digital Transformation", "Product",
];
/// Titles in English that stand alone.
pub const TITLE_EXTRAS_EN: &[&str] = &[
    "CEO", "Founder", "Co-founder & CEO", "CRO", "CMO", "CIO", "Owner", "Managing Director",
    "Student", "PhD Student", "Software Engineer", "Consultant", "Freelancer",
];
/// Industries as people type them.
pub const INDUSTRIES: &[&str] = &[
    "Software", "Tecnologia", "Serviços Financeiros", "Fintech", "Varejo", "Logística", "Saúde",
    "Indústria", "Agronegócio", "Educação", "Governo", "Consultoria", "Retail", "Manufacturing",
    "Healthcare", "Comercio", "Servicios Financieros", "Salud", "Manufactura", "Telecom", "Mídia",
    "Seguros", "Insurance", "Construção", "ONG", "Technology",
];
/// CRMs the lead says they use.
pub const CRMS: &[&str] = &[
    "Salesforce", "HubSpot", "Pipedrive", "RD Station", "RD Station CRM", "Dynamics 365",
    "Zoho CRM", "Planilha", "Nenhum", "Outro", "Agendor", "Ploomes",
];
/// Forms on the site, with weights (none = no form field).
pub const FORMS: &[(&str, u32)] = &[
    ("newsletter", 30), ("ebook_download", 25), ("webinar_signup", 12), ("trial_signup", 10),
    ("demo_request", 6), ("contact_sales", 3), ("", 14),
];
/// Countries, as codes or as typed, with weights.
pub const COUNTRIES: &[(&str, u32)] = &[
    ("BR", 420), ("Brasil", 40), ("br", 10), ("MX", 90), ("México", 10), ("AR", 50), ("CO", 45),
    ("CL", 35), ("PE", 25), ("UY", 10), ("EC", 8), ("CR", 6), ("US", 90), ("PT", 30), ("ES", 30),
    ("DE", 10), ("GB", 10), ("IN", 10), ("FR", 6),
];
/// Site pages; the first ones are the pricing pages the default model rewards.
pub const PAGES: &[(&str, u32)] = &[
    ("/pricing", 10), ("/precos", 14), ("/planos", 6), ("/precios", 5), ("/", 20),
    ("/blog/como-qualificar-leads", 8), ("/blog/sla-marketing-vendas", 8),
    ("/blog/automacao-de-processos", 6), ("/features/workflows", 7), ("/features/integracoes", 5),
    ("/cases/logistica-aurora", 3), ("/en/pricing", 4), ("/es/precios", 3),
    ("/integracoes/salesforce", 3), ("/sobre", 2),
];
/// Downloadable content.
pub const DOWNLOADS: &[&str] = &[
    "/cases/varejo-nexa", "/casos/fintech-andina", "/clientes/agro-cerrado",
    "/ebooks/guia-sla-marketing-vendas", "/ebooks/playbook-inbound", "/ebooks/lead-scoring-101",
];
/// Traffic sources.
pub const UTM_SOURCES: &[&str] = &[
    "google", "linkedin", "newsletter", "facebook", "instagram", "direct",
];
