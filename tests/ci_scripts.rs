//! `scripts/test` runs every suite and fails when one cannot run (issue 12,
//! finding 8: a missing suite script was skipped and the run still said "all
//! suites passed"; the fuzz corpora and seeds were only built, never run).

fn script(name: &str) -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/").to_string() + name)
        .unwrap()
}

#[test]
fn every_suite_script_is_required_and_run() {
    let test = script("test");
    assert!(
        !test.contains("if [ -x scripts/"),
        "scripts/test skips a suite whose script is missing"
    );
    let dir = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts")).unwrap();
    for entry in dir {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("test-") {
            let path = format!("scripts/{name}");
            assert!(
                test.contains(&format!(" {path}")) && test.contains(&format!("\n{path}\n")),
                "scripts/test does not require and run {path}"
            );
        }
    }
    assert!(
        test.contains("\nscripts/fuzz replay\n"),
        "the fuzz seeds are not replayed"
    );
}

#[test]
fn fuzz_replay_reads_every_targets_seeds() {
    let fuzz = script("fuzz");
    assert!(fuzz.contains("replay)"));
    assert!(fuzz.contains("-runs=0"));
    let targets =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/fuzz_targets")).unwrap();
    for entry in targets {
        let path = entry.unwrap().path();
        let target = path.file_stem().unwrap().to_string_lossy().into_owned();
        let seeds = format!("{}/fuzz/seeds/{target}", env!("CARGO_MANIFEST_DIR"));
        let count = std::fs::read_dir(&seeds)
            .unwrap_or_else(|_| panic!("fuzz target {target} has no seeds in fuzz/seeds/{target}"))
            .count();
        assert!(count > 0, "fuzz/seeds/{target} is empty");
    }
}
