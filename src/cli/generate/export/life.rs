//! The simulated life of one lead in the CRM: whether it was won (driven by
//! the lead's propensity, [`super::truth`], never by a model), how far the old
//! CRM process took it, who followed up and how fast.

use super::Rng2;
use crate::Timestamp;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Share of hand-raises the old process accepted as SQL, junk included.
const HAND_RAISE_ACCEPTED: f64 = 0.85;

/// The standard logistic function: log-odds to probability.
fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-x))
}

/// Teams and their owners; the last owner of each team follows up slowly.
pub const TEAMS: &[(&str, &[&str])] = &[
    (
        "latam-sdr",
        &[
            "Ana Souza",
            "Bruno Lima",
            "Carla Díaz",
            "Diego Rojas",
            "Érica Nunes",
        ],
    ),
    (
        "global-sdr",
        &["Emily Brown", "Jonas Weber", "Priya Patel", "Tom Reed"],
    ),
    (
        "enterprise-ae",
        &["Marcelo Castro", "Sofía Vargas", "Helen Park"],
    ),
    ("marketing-nurture", &["Nurture Bot"]),
];

/// Response delays per team, minutes (low, high) for SQL and MQL hand-offs.
fn delays(team: usize) -> ((f64, f64), (f64, f64)) {
    match team {
        0 => ((3.0, 75.0), (20.0, 20.0 * 60.0)),
        1 => ((8.0, 150.0), (45.0, 30.0 * 60.0)),
        _ => ((25.0, 6.0 * 60.0), (2.0 * 60.0, 3.0 * 24.0 * 60.0)),
    }
}

/// What happened to one lead.
pub struct Life {
    /// Team index into [`TEAMS`].
    pub team: usize,
    /// Owner index into the team's owners.
    pub owner: usize,
    /// Funnel stage reached: 0 lead, 1 MQL, 2 SQL.
    pub reached: u8,
    /// Lifecycle timestamps.
    pub mql_at: Option<Timestamp>,
    /// When it became an SQL.
    pub sql_at: Option<Timestamp>,
    /// First contact.
    pub contact_at: Option<Timestamp>,
    /// Won at.
    pub won_at: Option<Timestamp>,
    /// Lost at.
    pub lost_at: Option<Timestamp>,
}

/// Inputs of the simulation that come from the generated lead.
pub struct Seed {
    /// When it was created.
    pub created: Timestamp,
    /// The lead's log-odds of winning: its facts plus the unobserved part.
    pub propensity: f64,
    /// Whether it asked for sales itself (demo request or contact-sales form).
    pub hand_raise: bool,
    /// Company size, when a number.
    pub size: Option<f64>,
    /// Whether the country is in Latin America.
    pub latam: bool,
    /// The export's "now": nothing happens after it.
    pub now: Timestamp,
}

/// A log-uniform delay in minutes between `low` and `high`, as milliseconds.
fn delay(rng: &mut Rng2, (low, high): (f64, f64)) -> i64 {
    let u = rng.unit();
    let minutes = low * libm::pow(high / low, u);
    (minutes * MINUTE as f64) as i64
}

/// Simulates one lead.
pub fn simulate(rng: &mut Rng2, seed: &Seed) -> Life {
    let z = seed.propensity;
    let won = rng.unit() < logistic(z);
    // The old CRM process: every deal won went through SQL; SDRs also accepted
    // most hand-raises, whoever they were, and some leads on a hunch loosely
    // tied to the propensity. MQL is a wide net.
    let sql = won
        || (seed.hand_raise && rng.unit() < HAND_RAISE_ACCEPTED)
        || rng.unit() < 0.10 + 0.10 * logistic(z + 3.0);
    let mql = sql || rng.unit() < 0.15 + 0.60 * logistic(z + 5.0);
    let team = if !mql {
        3
    } else if seed.size.is_some_and(|s| s >= 1000.0) {
        2
    } else if seed.latam {
        0
    } else {
        1
    };
    let owners = TEAMS.get(team).map_or(1, |t| t.1.len());
    let owner = rng.below(owners as u64) as usize;
    let mut life = Life {
        team,
        owner,
        reached: u8::from(mql) + u8::from(sql),
        mql_at: None,
        sql_at: None,
        contact_at: None,
        won_at: None,
        lost_at: None,
    };
    if !mql {
        return life;
    }
    let created = seed.created.0;
    // Most MQLs convert on a form at once; the rest qualify later through nurturing.
    let mql_at = created
        + if rng.unit() < 0.6 {
            rng.below(10) as i64 * MINUTE
        } else {
            delay(rng, (60.0, 5.0 * 24.0 * 60.0))
        };
    let (sql_delays, mql_delays) = delays(team);
    // Late follow-ups: the team's last owner is slow, and anyone is sometimes.
    let slow = if owner + 1 == owners && owners > 1 {
        4.0
    } else {
        1.0
    };
    let late = if rng.unit() < 0.10 {
        3.0 + 7.0 * rng.unit()
    } else {
        1.0
    };
    let factor = slow * late;
    let never = rng.unit() < if sql { 0.03 } else { 0.12 };
    let direct_sql = sql && rng.unit() < 0.4;
    let (sql_at, contact) = if direct_sql {
        let sql_at = mql_at + rng.below(5) as i64 * MINUTE;
        let contact = sql_at + (delay(rng, sql_delays) as f64 * factor) as i64;
        (Some(sql_at), contact)
    } else {
        let contact = mql_at + (delay(rng, mql_delays) as f64 * factor) as i64;
        let sql_at = sql.then(|| contact + delay(rng, (60.0, 10.0 * 24.0 * 60.0)));
        (sql_at, contact)
    };
    let visible = |t: i64| (t <= seed.now.0).then_some(Timestamp(t));
    life.mql_at = visible(mql_at);
    life.sql_at = sql_at.and_then(visible);
    life.contact_at = if never { None } else { visible(contact) };
    if let Some(sql_at) = life.sql_at {
        let closed = sql_at.0 + 7 * DAY + rng.below(68) as i64 * DAY + rng.below(DAY as u64) as i64;
        if won {
            life.won_at = visible(closed);
        } else if rng.unit() < 0.85 {
            life.lost_at = visible(closed);
        }
    }
    // A stage whose date lies after the export did not happen yet.
    life.reached = if life.sql_at.is_some() {
        2
    } else {
        u8::from(life.mql_at.is_some())
    };
    life
}
