//! Tests of `decimal`: against the standard library's parser on hand-picked
//! cases, random doubles, JSON-shaped text and exact halfway points.
use super::{decompose, parse, Big};

#[test]
fn reads_what_the_standard_library_reads() {
    let cases = [
        "0",
        "-0",
        "1",
        "120",
        "2.5",
        "0.1",
        "0.3",
        "1e3",
        "1E-3",
        "123456789012345678",
        "9007199254740993",
        "9007199254740992.5",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1e309",
        "2.2250738585072011e-308",
        "2.2250738585072012e-308",
        "2.2250738585072014e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1e-400",
        "1e-324",
        "5e-324",
        "7.4109846876186982e-324",
        "0.000000000000000000000000000001",
        "100000000000000000000000",
        "1e23",
        "8.98846567431158e307",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "9007199254740993.0000000000000000000000000000000000000000001",
        "1e1000000000000",
        "1e-1000000000000",
        "0e999999",
    ];
    for text in cases {
        let want = text.parse::<f64>().ok().filter(|n| n.is_finite());
        assert_eq!(
            parse(text).map(f64::to_bits),
            want.map(f64::to_bits),
            "{text}"
        );
    }
    let long = format!("1.{}1", "0".repeat(900));
    assert_eq!(parse(&long), Some(1.0));
    let half_up = format!("9007199254740993{}1", ".".to_string() + &"0".repeat(900));
    assert_eq!(parse(&half_up), Some(9007199254740994.0));
}

proptest::proptest! {
    #[test]
    fn any_double_round_trips(bits in proptest::num::u64::ANY) {
        let x = f64::from_bits(bits);
        proptest::prop_assume!(x.is_finite());
        for text in [format!("{:e}", x.abs()), format!("{:.17e}", x.abs()), format!("{:.25e}", x.abs())] {
            let want = text.parse::<f64>().ok();
            proptest::prop_assert_eq!(parse(&text).map(f64::to_bits), want.map(f64::to_bits), "{}", text);
        }
    }

    #[test]
    fn halfway_points_round_to_even(bits in 1u64..0x7fef_ffff_ffff_ffff) {
        // The exact midpoint between a double and the next, in full decimal,
        // and just above and below it.
        let x = f64::from_bits(bits);
        let mid = exact_midpoint(x);
        let (above, below) = if mid.contains('.') {
            (format!("{mid}1"), lower(&mid))
        } else {
            (format!("{mid}.0000001"), integer_below(x))
        };
        for text in [mid.clone(), above, below] {
            let want = text.parse::<f64>().ok().filter(|n| n.is_finite());
            proptest::prop_assert_eq!(parse(&text).map(f64::to_bits), want.map(f64::to_bits), "{}", text);
        }
    }

    #[test]
    fn json_shaped_text(text in "(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,3})?") {
        let want = text.parse::<f64>().ok().filter(|n| n.is_finite());
        proptest::prop_assert_eq!(parse(&text).map(f64::to_bits), want.map(f64::to_bits));
    }
}

#[test]
fn midpoints_are_exact() {
    assert_eq!(
        exact_midpoint(1.0),
        "1.00000000000000011102230246251565404236316680908203125"
    );
    assert_eq!(exact_midpoint(9007199254740992.0), "9007199254740993");
    assert_eq!(
        integer_below(9007199254740992.0),
        "9007199254740992.9999999"
    );
    assert_eq!(parse(&exact_midpoint(1.0)), Some(1.0));
    assert_eq!(
        parse(&format!("{}1", exact_midpoint(1.0))),
        Some(1.0 + f64::EPSILON)
    );
}

/// Just below an integer midpoint (`x` at least 2^53).
fn integer_below(x: f64) -> String {
    let (m, e) = decompose(x);
    let mut big = Big::from_u64(2 * m + 1);
    if e > 1 {
        big.shl((e - 1) as u64);
    }
    // mid - 1 + 0.9999999: below mid, above the integer under it.
    let mut limbs = big.0.clone();
    for limb in &mut limbs {
        let (v, borrow) = limb.overflowing_sub(1);
        *limb = v;
        if !borrow {
            break;
        }
    }
    format!("{}.9999999", to_decimal(&Big(limbs), 0))
}

/// `(x + next(x)) / 2` written exactly: `(2m + 1) · 2^(e-1)` as a decimal.
fn exact_midpoint(x: f64) -> String {
    let (m, e) = decompose(x);
    let mut big = Big::from_u64(2 * m + 1);
    let e = e - 1;
    if e >= 0 {
        big.shl(e as u64);
        return to_decimal(&big, 0);
    }
    // k / 2^n = k · 5^n / 10^n.
    let n = e.unsigned_abs();
    for _ in 0..n {
        big.mul_add(5, 0);
    }
    to_decimal(&big, n as usize)
}

fn to_decimal(big: &Big, point: usize) -> String {
    let mut limbs = big.0.clone();
    let mut digits = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut rem = 0u64;
        for limb in limbs.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / 10) as u32;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    while digits.len() <= point {
        digits.push(b'0');
    }
    digits.reverse();
    let text = String::from_utf8(digits).unwrap();
    let (int, frac) = text.split_at(text.len() - point);
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// The decimal just below `mid` (its last digit lowered; midpoints end in 5).
fn lower(mid: &str) -> String {
    let mut s = mid.to_string();
    s.pop();
    s.push('4');
    s.push('9');
    s
}
