//! The zone table and its evaluation, checked against jiff's bundled tzdb
//! (a dev-dependency pinned by Cargo.lock; `scripts/gen-zones` writes the table from it).
use super::*;

const HOUR: i64 = 3_600_000;
/// 2025-01-01 to 2045-01-01.
const FROM: i64 = CUTOFF_MS;
const TO: i64 = 2_366_841_600_000;

fn jiff_offset(tz: &jiff::tz::TimeZone, utc: i64) -> i64 {
    let ts = jiff::Timestamp::from_millisecond(utc).unwrap();
    i64::from(tz.to_offset(ts).seconds()) * 1_000
}

#[test]
fn every_zone_of_the_tzdb_is_in_the_table() {
    let ours = Zone::names();
    let theirs: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
    assert_eq!(ours.len(), theirs.len());
    for name in &theirs {
        assert!(ours.binary_search(&name.as_str()).is_ok(), "{name}");
    }
}

#[test]
fn offsets_agree_with_jiff_for_every_zone_from_2025_to_2045() {
    for name in Zone::names() {
        let zone = Zone::find(name).unwrap_or_else(|| panic!("{name}"));
        let tz = jiff::tz::TimeZone::get(name).unwrap();
        let mut t = FROM;
        while t < TO {
            // Every 6 hours, and a minute either side of every hour where the offset changes.
            assert_eq!(zone.offset_at(t), jiff_offset(&tz, t), "{name} at {t}");
            let next = t + 6 * HOUR;
            if jiff_offset(&tz, next) != jiff_offset(&tz, t) {
                let mut h = t;
                while h <= next {
                    for probe in [h - 60_000, h, h + 60_000] {
                        assert_eq!(
                            zone.offset_at(probe),
                            jiff_offset(&tz, probe),
                            "{name} at {probe}"
                        );
                    }
                    h += HOUR / 4;
                }
            }
            t = next;
        }
    }
}

#[test]
fn local_times_map_like_jiffs_compatible_disambiguation() {
    for name in [
        "America/New_York",
        "Europe/Berlin",
        "Australia/Sydney",
        "America/Sao_Paulo",
        "Asia/Gaza",
        "Australia/Lord_Howe",
        "America/Havana",
        "Europe/Dublin",
        "Asia/Kolkata",
    ] {
        let zone = Zone::find(name).unwrap();
        let tz = jiff::tz::TimeZone::get(name).unwrap();
        // Every 15 minutes of local time over two years.
        let mut local = 1_767_225_600_000; // 2026-01-01
        while local < 1_830_297_600_000 {
            // 2028-01-01
            let civil = jiff::tz::Offset::UTC
                .to_datetime(jiff::Timestamp::from_millisecond(local).unwrap());
            let expected = tz
                .to_ambiguous_timestamp(civil)
                .compatible()
                .unwrap()
                .as_millisecond();
            assert_eq!(zone.to_utc(local), expected, "{name} local {civil}");
            local += HOUR / 4;
        }
    }
}

#[test]
fn unknown_names_are_refused() {
    assert!(Zone::find("America/Sao_Paulo").is_some());
    assert!(Zone::find("america/sao_paulo").is_none());
    assert!(Zone::find("Mars/Olympus").is_none());
    assert!(Zone::find("").is_none());
}

#[test]
fn posix_rules_parse_the_forms_the_tzdb_writes() {
    let r = Rule::parse("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0").unwrap();
    assert_eq!(r.std, 10 * HOUR + HOUR / 2);
    assert_eq!(r.dst.unwrap().0, 11 * HOUR);
    let r = Rule::parse("EET-2EEST,M3.4.4/50,M10.4.4/50").unwrap();
    assert_eq!(r.dst.unwrap().1.time, 50 * HOUR);
    assert_eq!(Rule::parse("<-03>3").unwrap().std, -3 * HOUR);
    assert!(Rule::parse("EST5EDT,J60,J300").is_none());
}
