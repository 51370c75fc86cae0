//! Small inline SVG charts for the HTML report: horizontal bars and grouped
//! vertical bars. Inline `<svg>` in HTML needs no namespace, so the page
//! holds no URL at all.

use std::fmt::Write;

/// Escapes text for HTML and SVG.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A round axis maximum at or above `max`: 4 × a step of 1, 2, 2.5 or 5 × 10^k.
pub fn nice_max(max: f64) -> f64 {
    if max.is_nan() || max <= 0.0 {
        return 1.0;
    }
    let raw = max / 4.0;
    let magnitude = libm::pow(10.0, libm::floor(libm::log10(raw)));
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    4.0 * step
}

/// One horizontal bar: label, value (scaled against the largest), and the text after it.
pub struct HBar {
    /// Left label.
    pub label: String,
    /// Length, in any unit.
    pub value: f64,
    /// Shown at the end of the bar.
    pub text: String,
}

/// Horizontal bars, one per row; `max` is the value of a full-length bar.
pub fn hbars(title: &str, bars: &[HBar], max: f64, color: &str) -> String {
    let row = 26.0;
    let left = 170.0;
    let width = 640.0;
    let span = width - left - 150.0;
    let height = 34.0 + row * bars.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}"><text x="0" y="16" class="t">{t}</text>"#,
        t = esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 28.0 + row * i as f64;
        let w = if max > 0.0 {
            (b.value / max).clamp(0.0, 1.0) * span
        } else {
            0.0
        };
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty}" class="l" text-anchor="end">{label}</text><rect x="{left}" y="{y}" width="{w:.1}" height="18" rx="2" fill="{color}"/><text x="{tx:.1}" y="{ty}" class="v">{text}</text>"#,
            lx = left - 8.0,
            ty = y + 13.0,
            label = esc(&b.label),
            tx = left + w + 6.0,
            text = esc(&b.text),
        );
    }
    s.push_str("</svg>");
    s
}

/// One series of a grouped bar chart.
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Fill colour.
    pub color: &'static str,
    /// One value per category (`None`: no bar).
    pub values: Vec<Option<f64>>,
}

/// Grouped vertical bars: categories along x, one bar per series; values as `fmt` says.
pub fn vbars(
    title: &str,
    categories: &[String],
    series: &[Series],
    max: f64,
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let width = 760.0;
    let height = 300.0;
    let (left, right, top, bottom) = (48.0, 10.0, 46.0, 40.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let groups = categories.len().max(1) as f64;
    let slot = plot_w / groups;
    let bar = (slot * 0.8 / series.len().max(1) as f64).min(40.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}"><text x="0" y="16" class="t">{t}</text>"#,
        t = esc(title)
    );
    let mut lx = left;
    for se in series {
        let _ = write!(
            s,
            r#"<rect x="{lx}" y="26" width="10" height="10" fill="{c}"/><text x="{tx}" y="35" class="v">{n}</text>"#,
            c = se.color,
            tx = lx + 14.0,
            n = esc(&se.name)
        );
        lx += 24.0 + 7.0 * se.name.chars().count() as f64;
    }
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let y = top + plot_h - plot_h * f64::from(k) / 4.0;
        let _ = write!(
            s,
            r#"<line x1="{left}" x2="{x2}" y1="{y:.1}" y2="{y:.1}" class="g"/><text x="{tx}" y="{ty:.1}" class="v" text-anchor="end">{label}</text>"#,
            x2 = width - right,
            tx = left - 4.0,
            ty = y + 4.0,
            label = esc(&fmt(v))
        );
    }
    for (i, cat) in categories.iter().enumerate() {
        let x0 = left + slot * i as f64 + (slot - bar * series.len() as f64) / 2.0;
        for (j, se) in series.iter().enumerate() {
            let Some(v) = se.values.get(i).copied().flatten() else {
                continue;
            };
            let h = if max > 0.0 {
                (v / max).clamp(0.0, 1.0) * plot_h
            } else {
                0.0
            };
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{h:.1}" fill="{c}"><title>{cat}: {n} {val}</title></rect>"#,
                x = x0 + bar * j as f64,
                y = top + plot_h - h,
                bw = (bar - 1.0).max(1.0),
                c = se.color,
                cat = esc(cat),
                n = esc(&se.name),
                val = esc(&fmt(v))
            );
        }
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{y}" class="l" text-anchor="middle">{c}</text>"#,
            x = left + slot * (i as f64 + 0.5),
            y = height - bottom + 16.0,
            c = esc(cat)
        );
    }
    s.push_str("</svg>");
    s
}

/// A funnel: centred bars narrowing from leads to won, with counts and step conversions.
pub fn funnel(steps: &[(String, u64, String)]) -> String {
    let width = 640.0;
    let row = 44.0;
    let height = 30.0 + row * steps.len() as f64;
    let max = steps.iter().map(|s| s.1).max().unwrap_or(0).max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Funnel"><text x="0" y="16" class="t">Funnel</text>"#
    );
    for (i, (label, n, note)) in steps.iter().enumerate() {
        // Square-root widths keep a 2% won step visible next to 100% of leads.
        let w = 40.0 + 360.0 * libm::sqrt(*n as f64 / max);
        let x = 220.0 - w / 2.0;
        let y = 26.0 + row * i as f64;
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="34" rx="3" fill="{c}"/><text x="220" y="{ty}" class="b" text-anchor="middle">{label} · {n}</text><text x="440" y="{ty}" class="v">{note}</text>"#,
            c = ["#4e79a7", "#59a14f", "#f28e2b", "#e15759"]
                .get(i)
                .unwrap_or(&"#76b7b2"),
            ty = y + 22.0,
            label = esc(label),
            n = super::super::progress::group(*n),
            note = esc(note)
        );
    }
    s.push_str("</svg>");
    s
}
