//! Won value and average ticket in the terminal tables and the HTML page:
//! overall, then per month of creation, team, owner and source. Money is
//! written from whole cents (`1,234.56 BRL`), never through float formatting.

use super::chart::esc;
use crate::report::group;
use crate::report::output::{GroupKpis, Money, Report};
use std::fmt::Write;

/// `1,234.56 BRL` (the currency code when one is known); `—` without a value.
pub fn money(m: Money, currency: Option<&str>) -> String {
    let Some(cents) = m.0 else {
        return "—".to_string();
    };
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let mut text = format!("{sign}{}.{:02}", group(abs / 100), abs % 100);
    if let Some(c) = currency {
        text.push(' ');
        text.push_str(c);
    }
    text
}

fn dims(r: &Report) -> [(&'static str, &[GroupKpis]); 4] {
    [
        ("month of creation", &r.by_month),
        ("team", &r.by_team),
        ("owner", &r.by_owner),
        ("source (utm_source)", &r.by_source),
    ]
}

/// Groups with won deals, most won value first (months in order).
fn rows<'a>(title: &str, groups: &'a [GroupKpis]) -> Vec<&'a GroupKpis> {
    let mut v: Vec<&GroupKpis> = groups.iter().filter(|g| g.won > 0).collect();
    if !title.starts_with("month") {
        v.sort_by(|a, b| {
            (b.won_value.0, b.won)
                .cmp(&(a.won_value.0, a.won))
                .then_with(|| a.key.cmp(&b.key))
        });
    }
    v
}

/// The terminal's REVENUE section.
pub fn terminal(s: &mut String, r: &Report, top: usize) {
    let rev = &r.revenue;
    let _ = writeln!(s, "\nREVENUE (won deals){:>41}", "owner: sales");
    if !rev.measured {
        let _ = writeln!(
            s,
            "  not measured: the export has no deal value (--map amount=COLUMN)"
        );
        return;
    }
    let cur = rev.currency.as_deref();
    let _ = writeln!(
        s,
        "  won value {} · {} won deals with a value · average ticket {}",
        money(rev.won_value, cur),
        group(rev.won_valued),
        money(rev.average_ticket, cur)
    );
    for o in &rev.other_currencies {
        let _ = writeln!(
            s,
            "  also {} won deals in {} ({}), not summed",
            group(o.won),
            o.currency,
            money(o.won_value, Some(&o.currency))
        );
    }
    for (title, groups) in dims(r) {
        let list = rows(title, groups);
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            s,
            "  by {title:<30}{:>6}{:>8}{:>20}{:>18}",
            "won", "valued", "won value", "avg ticket"
        );
        for g in list.iter().take(top) {
            let _ = writeln!(
                s,
                "    {:<30}{:>6}{:>8}{:>20}{:>18}",
                super::table::cut(&g.key, 29),
                group(g.won),
                group(g.won_valued),
                money(g.won_value, None),
                money(g.average_ticket, None)
            );
        }
        if list.len() > top {
            let _ = writeln!(s, "    … {} more (all in --json)", list.len() - top);
        }
    }
}

/// The page's revenue section: a table per dimension (no chart: a table
/// reads the amounts exactly).
pub fn html(s: &mut String, r: &Report) {
    let rev = &r.revenue;
    s.push_str(
        "<h2>Revenue: won value and average ticket<span class=\"owner\">owner: sales</span></h2>",
    );
    if !rev.measured {
        s.push_str(
            "<p class=\"note\">Not measured: the export has no deal value column \
             (<code>--map amount=COLUMN</code>).</p>",
        );
        return;
    }
    let cur = rev.currency.as_deref();
    let _ = write!(
        s,
        "<p>Won value <b>{}</b> from {} won deals with a value; average ticket <b>{}</b>.</p>",
        esc(&money(rev.won_value, cur)),
        group(rev.won_valued),
        esc(&money(rev.average_ticket, cur))
    );
    for o in &rev.other_currencies {
        let _ = write!(
            s,
            "<p class=\"note\">Also {} won deals in {} ({}), reported apart, not summed.</p>",
            group(o.won),
            esc(&o.currency),
            esc(&money(o.won_value, Some(&o.currency)))
        );
    }
    for (title, groups) in dims(r) {
        let list = rows(title, groups);
        if list.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            "<table><caption>By {}</caption><tr><th></th><th>won</th><th>with a value</th>\
             <th>won value</th><th>average ticket</th><th>other currency</th></tr>",
            esc(title)
        );
        for g in list {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.key),
                group(g.won),
                group(g.won_valued),
                esc(&money(g.won_value, cur)),
                esc(&money(g.average_ticket, cur)),
                group(g.won_other_currency)
            );
        }
        s.push_str("</table>");
    }
}
