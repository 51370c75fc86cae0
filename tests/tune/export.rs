//! The known answers' data: exports drawn from a stated chance of winning.

use leadgate::report::{InputFormat, ReportOptions};
use leadgate::tune::{tune_text, TuneOptions, TuneResult};
use leadgate::Timestamp;
use serde_json::Value as Json;
use std::fs;
use std::path::PathBuf;

pub const NOW: &str = "2026-06-01T00:00:00Z";

pub fn model() -> String {
    fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tune/model.json"),
    )
    .unwrap()
}

/// xorshift64*: the same leads on every run.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// One lead's facts.
pub struct Facts {
    pub senior: bool,
    pub big: bool,
    pub free: bool,
    pub partner: bool,
    pub heads: bool,
    pub six: bool,
    pub visits: u32,
    pub channel: &'static str,
}

/// A CSV export of `n` leads; `logit` is each lead's log-odds of winning.
/// Every lead is won or lost (`open` share left open, created recently).
pub fn export(n: usize, seed: u64, open: f64, logit: impl Fn(&Facts) -> f64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut out = String::from(
        "id,created_at,email,title,size,kind,partner,coin,dice,country,channel,events,won_at,lost_at\n",
    );
    let start = Timestamp::parse("2026-01-01T00:00:00Z").unwrap().0;
    for i in 0..n {
        let f = Facts {
            senior: rng.chance(0.3),
            big: rng.chance(0.4),
            free: rng.chance(0.25),
            partner: rng.chance(0.15),
            heads: rng.chance(0.5),
            six: rng.chance(1.0 / 6.0),
            visits: (rng.unit() * 7.0) as u32,
            channel: match rng.unit() {
                u if u < 0.6 => "web",
                u if u < 0.8 => "referral",
                _ => "ads",
            },
        };
        let p = 1.0 / (1.0 + (-logit(&f)).exp());
        let won = rng.chance(p);
        let is_open = rng.chance(open);
        // Leads spread over January to March; open ones in the last 30 days before NOW.
        let created = if is_open {
            Timestamp(Timestamp::parse(NOW).unwrap().0 - 86_400_000 * (1 + i as i64 % 29))
        } else {
            Timestamp(start + (i as i64) * 60_000 * 37)
        };
        let at = created.to_rfc3339();
        let events: Vec<String> = (0..f.visits)
            .map(|k| {
                let when = Timestamp(created.0 - 3_600_000 * (k as i64 + 1)).to_rfc3339();
                format!(r#"{{""event"":""page_view"",""at"":""{when}""}}"#)
            })
            .collect();
        let closed = Timestamp(created.0 + 86_400_000 * 20).to_rfc3339();
        let (won_at, lost_at) = match (is_open, won) {
            (true, _) => ("", ""),
            (false, true) => (closed.as_str(), ""),
            (false, false) => ("", closed.as_str()),
        };
        out.push_str(&format!(
            "lead-{i},{at},p{i}@acme.com,{},{},{},{},{},{},BR,{},\"[{}]\",{won_at},{lost_at}\n",
            if f.senior { "director" } else { "analyst" },
            if f.big { 500 } else { 20 },
            if f.free { "free" } else { "corporate" },
            if f.partner { "yes" } else { "no" },
            if f.heads { "heads" } else { "tails" },
            if f.six { "six" } else { "one" },
            f.channel,
            events.join(","),
        ));
    }
    out
}

/// The truth of most tests: seniority, size and partners win, free email
/// loses, visits help, a referral helps (no rule reads `channel`); the coin
/// and the dice do nothing.
pub fn truth(f: &Facts) -> f64 {
    -1.0 + 2.0 * f64::from(u8::from(f.senior)) + 1.5 * f64::from(u8::from(f.big))
        - 1.5 * f64::from(u8::from(f.free))
        + 1.5 * f64::from(u8::from(f.partner))
        + 0.3 * f64::from(f.visits.min(5))
        + if f.channel == "referral" { 1.2 } else { 0.0 }
}

pub fn options(seed: u64) -> TuneOptions {
    let mut o = TuneOptions::new(ReportOptions::new(Timestamp::parse(NOW).unwrap()));
    o.seed = seed;
    o
}

pub fn tune(csv: &str, seed: u64) -> (TuneResult, Json) {
    let result = tune_text(&model(), csv, InputFormat::Csv, &options(seed)).unwrap();
    let json = serde_json::to_value(&result.summary).unwrap();
    (result, json)
}
