//! Where the npm package's JS restates a rule of the Rust core, the two must
//! agree. `pkg-template/tape.js` cuts long texts before they enter wasm but
//! keeps whole any text the core could read as a number, timestamp or blank,
//! and for that it lists the core's blanks (`BLANK`): the characters
//! `text::trim` strips, i.e. Rust's `char::is_whitespace`.

fn tape_js() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/tape.js")).unwrap()
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
