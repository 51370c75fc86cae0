//! `char::to_lowercase` without the standard library's 11 KB table: the
//! 1,461 single-character mappings above ASCII come in 184 runs of code
//! points with the same offset, every one or every other code point. The
//! test `same_as_std` checks every `char` against the standard library, so
//! a toolchain with a newer Unicode version shows up as a failing test (the
//! ignored test `print_runs` prints the table for that toolchain).

/// Runs, sorted: `first << 32 | count << 25 | (step - 1) << 24 | (offset + BIAS)`.
#[rustfmt::skip]
const RUNS: [u64; 184] = [
    0x000c02e800020, 0x000d80e800020, 0x0010031800001, 0x0013207800001,
    0x0013911800001, 0x0014a2f800001, 0x00178027fff87, 0x0017907800001,
    0x00181028000d2, 0x0018205800001, 0x00186028000ce, 0x0018702800001,
    0x00189048000cd, 0x0018b02800001, 0x0018e0280004f, 0x0018f028000ca,
    0x00190028000cb, 0x0019102800001, 0x00193028000cd, 0x00194028000cf,
    0x00196028000d3, 0x00197028000d1, 0x0019802800001, 0x0019c028000d3,
    0x0019d028000d5, 0x0019f028000d6, 0x001a007800001, 0x001a6028000da,
    0x001a702800001, 0x001a9028000da, 0x001ac02800001, 0x001ae028000da,
    0x001af02800001, 0x001b1048000d9, 0x001b305800001, 0x001b7028000db,
    0x001b802800001, 0x001bc02800001, 0x001c402800002, 0x001c502800001,
    0x001c702800002, 0x001c802800001, 0x001ca02800002, 0x001cb13800001,
    0x001de13800001, 0x001f102800002, 0x001f205800001, 0x001f6027fff9f,
    0x001f7027fffc8, 0x001f829800001, 0x00220027fff7e, 0x0022213800001,
    0x0023a02802a2b, 0x0023b02800001, 0x0023d027fff5d, 0x0023e02802a28,
    0x0024102800001, 0x00243027fff3d, 0x0024402800045, 0x0024502800047,
    0x002460b800001, 0x0037005800001, 0x0037602800001, 0x0037f02800074,
    0x0038602800026, 0x0038806800025, 0x0038c02800040, 0x0038e0480003f,
    0x0039122800020, 0x003a312800020, 0x003cf02800008, 0x003d819800001,
    0x003f4027fffc4, 0x003f702800001, 0x003f9027ffff9, 0x003fa02800001,
    0x003fd067fff7e, 0x0040020800050, 0x0041040800020, 0x0046023800001,
    0x0048a37800001, 0x004c00280000f, 0x004c10f800001, 0x004d061800001,
    0x005314c800030, 0x010a04c801c60, 0x010c702801c60, 0x010cd02801c60,
    0x013a0a08097d0, 0x013f00c800008, 0x01c8902800001, 0x01c90567ff440,
    0x01cbd067ff440, 0x01e0097800001, 0x01e9e027fe241, 0x01ea061800001,
    0x01f08107ffff8, 0x01f180c7ffff8, 0x01f28107ffff8, 0x01f38107ffff8,
    0x01f480c7ffff8, 0x01f59097ffff8, 0x01f68107ffff8, 0x01f88107ffff8,
    0x01f98107ffff8, 0x01fa8107ffff8, 0x01fb8047ffff8, 0x01fba047fffb6,
    0x01fbc027ffff7, 0x01fc8087fffaa, 0x01fcc027ffff7, 0x01fd8047ffff8,
    0x01fda047fff9c, 0x01fe8047ffff8, 0x01fea047fff90, 0x01fec027ffff9,
    0x01ff8047fff80, 0x01ffa047fff82, 0x01ffc027ffff7, 0x02126027fe2a3,
    0x0212a027fdf41, 0x0212b027fdfba, 0x021320280001c, 0x0216020800010,
    0x0218302800001, 0x024b63480001a, 0x02c0060800030, 0x02c6002800001,
    0x02c62027fd609, 0x02c63027ff11a, 0x02c64027fd619, 0x02c6707800001,
    0x02c6d027fd5e4, 0x02c6e027fd603, 0x02c6f027fd5e1, 0x02c70027fd5e2,
    0x02c7202800001, 0x02c7502800001, 0x02c7e047fd5c1, 0x02c8065800001,
    0x02ceb05800001, 0x02cf202800001, 0x0a6402f800001, 0x0a6801d800001,
    0x0a7220f800001, 0x0a7323f800001, 0x0a77905800001, 0x0a77d027f75fc,
    0x0a77e0b800001, 0x0a78b02800001, 0x0a78d027f5ad8, 0x0a79005800001,
    0x0a79615800001, 0x0a7aa027f5abc, 0x0a7ab027f5ab1, 0x0a7ac027f5ab5,
    0x0a7ad027f5abf, 0x0a7ae027f5abc, 0x0a7b0027f5aee, 0x0a7b1027f5ad6,
    0x0a7b2027f5aeb, 0x0a7b3028003a0, 0x0a7b411800001, 0x0a7c4027fffd0,
    0x0a7c5027f5abd, 0x0a7c6027f75c8, 0x0a7c705800001, 0x0a7cb027f5a99,
    0x0a7cc11800001, 0x0a7dc027f59bf, 0x0a7f502800001, 0x0ff2134800020,
    0x1040050800028, 0x104b048800028, 0x1057016800027, 0x1057c1e800027,
    0x1058c0e800027, 0x1059404800027, 0x10c8066800040, 0x10d502c800020,
    0x118a040800020, 0x16e4040800020, 0x16ea03280001b, 0x1e90044800022,
];

/// Added to offsets (which may be negative) so they fit 24 unsigned bits.
const BIAS: i64 = 1 << 23;

/// The lower case of `c`, as `char::to_lowercase` gives it: one character,
/// or for U+0130 (`İ`) two.
pub(super) fn to_lower(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), None);
    }
    if c == '\u{130}' {
        return ('i', Some('\u{307}'));
    }
    let code = u32::from(c);
    let at = RUNS.partition_point(|run| run >> 32 <= u64::from(code));
    let lower = at
        .checked_sub(1)
        .and_then(|i| RUNS.get(i))
        .and_then(|&run| {
            let from = code - (run >> 32) as u32;
            let step = 1 + ((run >> 24) & 1) as u32;
            let count = (run >> 25) as u32 & 0x7f;
            (from % step == 0 && from / step < count).then(|| {
                let offset = (run & 0xff_ffff) as i64 - BIAS;
                char::from_u32((i64::from(code) + offset) as u32)
            })
        })
        .flatten();
    (lower.unwrap_or(c), None)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn same_as_std() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            let (a, b) = to_lower(c);
            let ours: Vec<char> = std::iter::once(a).chain(b).collect();
            let std: Vec<char> = c.to_lowercase().collect();
            assert_eq!(ours, std, "U+{:04X}", u32::from(c));
        }
    }

    /// Prints `RUNS` for this toolchain's Unicode tables.
    #[test]
    #[ignore]
    fn print_runs() {
        let mut runs: Vec<(u32, u32, u32, i64)> = Vec::new();
        for c in (0x80..=0x10_ffff).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let (Some(l), None) = (lower.next(), lower.next()) else {
                continue;
            };
            let (u, d) = (
                u32::from(c),
                i64::from(u32::from(l)) - i64::from(u32::from(c)),
            );
            if d == 0 {
                continue;
            }
            if let Some(r) = runs.last_mut() {
                if r.3 == d && r.1 == 1 && (u - r.0 == 1 || u - r.0 == 2) {
                    (r.1, r.2) = (2, u - r.0);
                    continue;
                }
                if r.3 == d && u == r.0 + r.1 * r.2 {
                    r.1 += 1;
                    continue;
                }
            }
            runs.push((u, 1, 1, d));
        }
        println!("const RUNS: [u64; {}] = [", runs.len());
        for chunk in runs.chunks(4) {
            let line: Vec<String> = chunk
                .iter()
                .map(|&(first, count, step, offset)| {
                    assert!(count < 128 && offset.abs() < BIAS);
                    let run = (u64::from(first) << 32)
                        | (u64::from(count) << 25)
                        | (u64::from(step - 1) << 24)
                        | (offset + BIAS) as u64;
                    format!("0x{run:013x}")
                })
                .collect();
            println!("    {},", line.join(", "));
        }
        println!("];");
    }
}
