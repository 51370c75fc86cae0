//! Exact points: hundredths in an integer, so sums are exact on every runtime.

use serde::{Serialize, Serializer};
use std::fmt;

/// A number of points kept in hundredths (`Points(2050)` is 20.5 points).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub i64);

/// The largest magnitude a model may give (keeps every sum far from overflow).
pub const MAX_MODEL_POINTS: f64 = 1_000_000.0;

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(0);

    /// Converts a model number, rounding to hundredths; `None` if not finite or too large.
    pub fn from_f64(x: f64) -> Option<Points> {
        if !x.is_finite() || x.abs() > MAX_MODEL_POINTS {
            return None;
        }
        Some(Points(libm::round(x * 100.0) as i64))
    }

    /// The value as a float (for display and ratios only, never for sums).
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Saturating addition: a sum of bounded rules cannot overflow, but be safe.
    pub fn plus(self, other: Points) -> Points {
        Points(self.0.saturating_add(other.0))
    }

    /// Clamps the magnitude to `cap` (a non-negative cap), keeping the sign.
    pub fn clamp_abs(self, cap: Points) -> Points {
        // `max` then `min` rather than `clamp`, whose `min > max` panic links
        // integer formatting into the wasm build.
        let cap = cap.0.abs();
        Points(self.0.max(-cap).min(cap))
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Integral values are written as integers so JSON reads `20`, not `20.0`.
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else if frac % 10 == 0 {
            write!(f, "{sign}{whole}.{}", frac / 10)
        } else {
            write!(f, "{sign}{whole}.{frac:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_hundredths_and_displays_compactly() {
        assert_eq!(Points::from_f64(20.0), Some(Points(2000)));
        assert_eq!(Points::from_f64(7.505), Some(Points(751)));
        assert_eq!(Points::from_f64(f64::NAN), None);
        assert_eq!(Points(2000).to_string(), "20");
        assert_eq!(Points(750).to_string(), "7.5");
        assert_eq!(Points(-1205).to_string(), "-12.05");
        assert_eq!(serde_json::to_string(&Points(2050)).unwrap(), "20.5");
        assert_eq!(serde_json::to_string(&Points(-300)).unwrap(), "-3");
    }

    #[test]
    fn clamps_magnitude() {
        assert_eq!(Points(5000).clamp_abs(Points(3000)), Points(3000));
        assert_eq!(Points(-5000).clamp_abs(Points(3000)), Points(-3000));
    }
}
