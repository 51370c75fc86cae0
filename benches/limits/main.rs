//! `scripts/bench limits`: builds the worst-case models the limits allow
//! (benches/limits/models.rs), then measures compiling, loading and scoring
//! each one natively against the budgets of docs/model.md ("Limits"): compile
//! ≤ 1 s and ≤ 64 MB, score any lead of ≤ 64 KB in ≤ 5 ms. Reported, never
//! asserted. Writes each model and lead to target/limits/ for the Node half
//! (benches/limits.mjs).

mod models;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn millis(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1e3
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo test --all-targets` runs benches too, without `--bench`: nothing to test here.
    if !std::env::args().any(|a| a == "--bench") {
        return Ok(());
    }
    let out_dir = std::path::Path::new("target/limits");
    std::fs::create_dir_all(out_dir)?;
    let now = leadgate::Timestamp::parse("2026-11-26T12:00:00Z").ok_or("bad now")?;
    let options = leadgate::ScoreOptions::at(now);
    println!(
        "{:<24} {:>8} {:>11} {:>9} {:>8} {:>8} {:>10} {:>9}  budgets met",
        "model", "json_KB", "compile_ms", "peak_MB", "work", "lgm_KB", "load_ms", "score_ms",
    );
    for case in models::cases() {
        std::fs::write(
            out_dir.join(format!("{}.model.json", slug(case.name))),
            &case.model,
        )?;
        std::fs::write(
            out_dir.join(format!("{}.lead.json", slug(case.name))),
            &case.lead,
        )?;
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let mut compiled = None;
        let compile_ms = millis(|| compiled = Some(leadgate::compile(&case.model)));
        let peak_mb = (PEAK.load(Ordering::Relaxed) - base) as f64 / 1e6;
        let model = match compiled {
            Some(Ok(model)) => model,
            Some(Err(errors)) => {
                let code = errors.0.first().map_or("?", |p| p.code);
                let ok = case.refused && compile_ms <= 1000.0 && peak_mb <= 64.0;
                println!(
                    "{:<24} {:>8.0} {:>11.1} {:>9.1} {:>8} {:>8} {:>10} {:>9}  {} (refused: {code})",
                    case.name,
                    case.model.len() as f64 / 1024.0,
                    compile_ms,
                    peak_mb,
                    "-",
                    "-",
                    "-",
                    "-",
                    yes(ok)
                );
                continue;
            }
            None => return Err("compile did not run".into()),
        };
        let work = leadgate::model::work::work(&model).total;
        let bytes = model.to_bytes();
        std::fs::write(out_dir.join(format!("{}.lgm", slug(case.name))), &bytes)?;
        let load_ms = millis(|| {
            let _ = leadgate::CompiledModel::from_bytes(&bytes);
        });
        let lead: leadgate::Value = serde_json::from_str(&case.lead)?;
        let mut times = Vec::new();
        for _ in 0..15 {
            times.push(millis(|| {
                let _ = model.score(&lead, &options);
            }));
        }
        let score_ms = median(times);
        let ok = !case.refused && compile_ms <= 1000.0 && peak_mb <= 64.0 && score_ms <= 5.0;
        println!(
            "{:<24} {:>8.0} {:>11.1} {:>9.1} {:>8} {:>8.0} {:>10.1} {:>9.2}  {}",
            case.name,
            case.model.len() as f64 / 1024.0,
            compile_ms,
            peak_mb,
            work,
            bytes.len() as f64 / 1024.0,
            load_ms,
            score_ms,
            yes(ok)
        );
    }
    println!("(budgets: compile ≤ 1,000 ms and ≤ 64 MB; score ≤ 5 ms per lead of ≤ 64 KB; score_ms is the median of 15)");
    for case in models::cases() {
        println!("  {:<24} {}", case.name, case.what);
    }
    Ok(())
}

fn yes(ok: bool) -> &'static str {
    if ok {
        "yes"
    } else {
        "NO"
    }
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}
