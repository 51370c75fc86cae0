//! Where the npm package's JS restates a rule of the Rust core, the two must
//! agree. `pkg-template/tape.js` cuts long texts before they enter wasm but
//! keeps whole any text the core could read as a number, timestamp or blank,
//! and for that it lists the core's blanks (`BLANK`): the characters
//! `text::trim` strips, i.e. Rust's `char::is_whitespace`. `api.js` names a
//! reason's group by the number `src/wasm/compact.rs` writes for it (the
//! discriminant of `outcome::Group`), which must be the group's name in the
//! native outcome.

fn tape_js() -> String {
    read("pkg-template/tape.js")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The code points of a regex character class written as a JS string literal
/// (`\\t-\\r \\x85…`: escapes, single characters and `a-b` ranges).
fn class_chars(source: &str) -> Vec<u32> {
    let mut points = Vec::new();
    let mut rest = source;
    let next = |rest: &mut &str| -> Option<u32> {
        let (point, len) = if let Some(r) = rest.strip_prefix("\\\\u") {
            (u32::from_str_radix(r.get(..4)?, 16).ok()?, 7)
        } else if let Some(r) = rest.strip_prefix("\\\\x") {
            (u32::from_str_radix(r.get(..2)?, 16).ok()?, 5)
        } else if let Some(r) = rest.strip_prefix("\\\\") {
            let c = r.chars().next()?;
            let point = match c {
                't' => 9,
                'n' => 10,
                'v' => 11,
                'f' => 12,
                'r' => 13,
                _ => panic!("unexpected escape \\{c}"),
            };
            (point, 3)
        } else {
            let c = rest.chars().next()?;
            (u32::from(c), c.len_utf8())
        };
        *rest = rest.get(len..)?;
        Some(point)
    };
    while let Some(low) = next(&mut rest) {
        if let Some(after) = rest.strip_prefix('-') {
            rest = after;
            let high = next(&mut rest).unwrap();
            points.extend(low..=high);
        } else {
            points.push(low);
        }
    }
    points
}

#[test]
fn tape_js_blanks_are_the_cores_blanks() {
    let js = tape_js();
    let start = js.find("const BLANK = \"").unwrap() + "const BLANK = \"".len();
    let len = js.get(start..).unwrap().find('"').unwrap();
    let mut listed = class_chars(js.get(start..start + len).unwrap());
    listed.sort_unstable();
    let rust: Vec<u32> = (0..=0x10_FFFFu32)
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace())
        .map(u32::from)
        .collect();
    assert_eq!(listed, rust, "tape.js BLANK differs from the core's blanks");
    // And the core's trim strips exactly those.
    for point in &rust {
        let c = char::from_u32(*point).unwrap();
        assert_eq!(leadgate::text::trim(&format!("{c}x{c}")), "x", "{point:#x}");
    }
}

#[test]
fn api_js_groups_are_the_compact_records_groups() {
    use leadgate::outcome::Group;
    let js = read("pkg-template/api.js");
    let start = js.find("const GROUPS = ").unwrap() + "const GROUPS = ".len();
    let end = start + js.get(start..).unwrap().find(';').unwrap();
    let groups: Vec<String> = serde_json::from_str(js.get(start..end).unwrap()).unwrap();
    // The record writer sends a group as its discriminant (src/wasm/compact.rs).
    let all = [Group::Fit, Group::Engagement, Group::Disqualify];
    // A new group fails to compile here: add it to `all` and to `GROUPS`.
    let _every = |g: Group| match g {
        Group::Fit | Group::Engagement | Group::Disqualify => (),
    };
    for group in all {
        let name = serde_json::to_value(group).unwrap();
        let named = groups.get(usize::from(group as u8)).map(String::as_str);
        assert_eq!(named, name.as_str(), "{group:?}");
    }
    assert_eq!(
        groups.len(),
        all.len(),
        "api.js names groups the core does not write"
    );
    assert!(read("src/wasm/compact.rs").contains("f64::from(r.group as u8)"));
}
