//! A generator of CSV exports with corruptions mixed into good rows, and what
//! a reader that never loses good rows must make of them.
//!
//! Good rows (ids `lead-N`): plain cells, quoted cells with delimiters and
//! doubled quotes, notes spanning lines (`\n` and `\r\n` inside), stray
//! quotes inside unquoted cells (kept as text, with a warning), large quoted
//! cells under the bound. Bad rows (ids `bad-N`), each on one line: a quote
//! opening a cell that never closes, text after a closing quote, ragged
//! rows, quoted cells over the bound, closed or not. Line ends mix `\n` and
//! `\r\n`; the last line may lack its line end.

use leadgate::csv::MAX_QUOTED_CELL;

/// splitmix64: small, deterministic, seedable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One generated file and what reading it must give.
pub struct Corrupt {
    pub text: String,
    /// Data records: good rows and bad lines.
    pub records: usize,
    /// Ids of the good rows, in order.
    pub good: Vec<String>,
    /// Ids of good rows holding a stray quote in `job_title`.
    pub stray: Vec<String>,
    /// Line numbers (1 is the header) of the bad rows, in order.
    pub bad_lines: Vec<u64>,
}

pub const HEADER: &str = "id,created_at,job_title,company_size,note";

/// `rows` data rows from `seed`; `big` allows cells of about 1 MiB (a few per file).
pub fn generate(seed: u64, rows: usize, big: bool) -> Corrupt {
    let mut rng = Rng::new(seed);
    let mut out = Corrupt {
        text: String::new(),
        records: 0,
        good: Vec::new(),
        stray: Vec::new(),
        bad_lines: Vec::new(),
    };
    let mut line = 1u64;
    push_line(&mut out.text, HEADER, &mut rng);
    line += 1;
    for n in 0..rows {
        // Row 2 (line 3) is always the finding's unbalanced quote.
        let kind = match (n, big && rng.below(400) == 0) {
            (1, _) => 10,
            (_, true) => 15 + rng.below(2),
            _ => rng.below(15),
        };
        let created = format!("2026-0{}-1{}T10:00:00Z", 1 + rng.below(5), rng.below(9));
        let size = 1 + rng.below(900);
        let good = format!("lead-{n}");
        let bad = format!("bad-{n}");
        let (record, is_good) = match kind {
            0..=4 => (format!("{good},{created},Analyst {n},{size},plain"), true),
            5 => (
                format!("{good},{created},\"Head, \"\"Growth\"\"\",{size},\"a, b\""),
                true,
            ),
            6 => (
                format!("{good},{created},Diretor,{size},\"first\nsecond\r\nthird, with \"\"quotes\"\"\""),
                true,
            ),
            7 | 8 => {
                out.stray.push(good.clone());
                (format!("{good},{created},Diretor \"Comercial,{size},x"), true)
            }
            9 => (format!("{good},{created},CEO,{size},"), true),
            10 | 11 => (format!("{bad},{created},\"Acme,{size},never closed"), false),
            12 => (format!("{bad},{created},\"Acme\" Inc,{size},x"), false),
            13 => (format!("{bad},{created},Analyst,{size}"), false),
            14 => (format!("{bad},{created},Analyst,{size},x,extra"), false),
            15 => {
                let fits = "y".repeat(MAX_QUOTED_CELL - 2 - rng.below(1000) as usize);
                (format!("{good},{created},Big,{size},\"{fits}\""), true)
            }
            _ => {
                let over = "z".repeat(MAX_QUOTED_CELL + rng.below(1000) as usize);
                let close = if rng.below(2) == 0 { "\"" } else { "" };
                (format!("{bad},{created},Huge,{size},\"{over}{close}"), false)
            }
        };
        out.records += 1;
        if is_good {
            out.good.push(good);
        } else {
            out.bad_lines.push(line);
        }
        line += record.matches('\n').count() as u64 + 1;
        push_line(&mut out.text, &record, &mut rng);
    }
    if rng.below(2) == 0 {
        // No line end after the last record.
        let trimmed = out.text.trim_end_matches(['\r', '\n']).len();
        out.text.truncate(trimmed);
    }
    out
}

fn push_line(text: &mut String, record: &str, rng: &mut Rng) {
    text.push_str(record);
    text.push_str(if rng.below(3) == 0 { "\r\n" } else { "\n" });
}
