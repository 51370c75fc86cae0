//! What a tuning is asked for besides the model and the export, from the
//! CLI's flags or the report page's JSON.

use super::{codes, TuneError, SETTLE_DAYS};
use crate::report::ReportOptions;

/// Inputs of a tuning besides the model and the export.
#[derive(Debug, Clone, PartialEq)]
pub struct TuneOptions {
    /// How the export is read (mapping, time zone), `as_of` (the version's
    /// date) and the MQL recall target, as for the report.
    pub report: ReportOptions,
    /// Share of the leads held out for the before/after check (0..1).
    pub holdout: f64,
    /// Seed of the split.
    pub seed: u64,
    /// Open leads created at least this many days before `as_of` count as
    /// not won in the fit (`None`: open leads are left out of it); default
    /// [`SETTLE_DAYS`].
    pub settle_days: Option<f64>,
}

impl TuneOptions {
    /// A 20% holdout with seed 1.
    pub fn new(report: ReportOptions) -> TuneOptions {
        TuneOptions {
            report,
            holdout: 0.2,
            seed: 1,
            settle_days: Some(SETTLE_DAYS),
        }
    }

    /// Reads the report's options (`as_of`, `timezone`, `mapping`,
    /// `mql_recall`; see [`ReportOptions::from_json`]) plus `holdout`,
    /// `seed` and `settle_days` (days, or `null` for never).
    pub fn from_json(text: &str) -> Result<TuneOptions, TuneError> {
        let bad = |m: String| TuneError::new(codes::BAD_OPTION, m);
        let mut doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| bad(format!("tune options: {e}")))?;
        let Some(object) = doc.as_object_mut() else {
            return Err(bad("tune options: expected a JSON object".into()));
        };
        let (holdout, seed) = (object.remove("holdout"), object.remove("seed"));
        let settle = object.remove("settle_days");
        let mut options = TuneOptions::new(ReportOptions::from_json(&doc.to_string())?);
        if let Some(h) = holdout {
            let share = h
                .as_f64()
                .ok_or_else(|| bad(format!("holdout: expected a number, got {h}")))?;
            options.set_holdout(share)?;
        }
        if let Some(s) = seed {
            let whole = || bad(format!("seed: expected a whole number, got {s}"));
            options.seed = s.as_u64().ok_or_else(whole)?;
        }
        match settle {
            None => {}
            Some(serde_json::Value::Null) => options.settle_days = None,
            Some(d) => {
                let days = d.as_f64().filter(|d| *d >= 0.0);
                let days = days.ok_or_else(|| {
                    bad(format!(
                        "settle_days: expected a number of days or null, got {d}"
                    ))
                })?;
                options.settle_days = Some(days);
            }
        }
        Ok(options)
    }

    /// Sets the held-out share: more than 0, less than 1.
    pub fn set_holdout(&mut self, share: f64) -> Result<(), TuneError> {
        if share.is_nan() || share <= 0.0 || share >= 1.0 {
            return Err(TuneError::new(
                codes::BAD_OPTION,
                format!("holdout: expected a share between 0 and 1 (such as 0.2), got {share}"),
            ));
        }
        self.holdout = share;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pages_options() {
        let o = TuneOptions::from_json(
            r#"{"as_of": "2026-11-26T12:00:00Z", "holdout": 0.3, "seed": 9, "settle_days": null,
                "timezone": "-03:00"}"#,
        )
        .unwrap();
        assert_eq!((o.holdout, o.seed, o.settle_days), (0.3, 9, None));
        assert_eq!(o.report.utc_offset_ms, -3 * 3_600_000);
        let o = TuneOptions::from_json(r#"{"as_of": "2026-11-26T12:00:00Z"}"#).unwrap();
        assert_eq!(
            (o.holdout, o.seed, o.settle_days),
            (0.2, 1, Some(SETTLE_DAYS))
        );
        for bad in [
            r#"{"as_of": "2026-11-26T12:00:00Z", "holdout": 1}"#,
            r#"{"as_of": "2026-11-26T12:00:00Z", "seed": -1}"#,
            r#"{"as_of": "2026-11-26T12:00:00Z", "settle_days": "x"}"#,
            r#"{"as_of": "2026-11-26T12:00:00Z", "nope": 1}"#,
            "[]",
        ] {
            assert!(TuneOptions::from_json(bad).is_err(), "{bad}");
        }
    }
}
