//! "Not measured" is not 0%: an export without a first-contact column (and
//! no lead with a first contact) cannot say whether the SLA was met, so its
//! SLA figures are `null` (adherence, times) and 0 (counts of contacts, met,
//! late, never), `sla.measured` is false and a warning says why. Counting
//! every lead as "never contacted" would show 0% adherence for an SLA that
//! may well have been kept.

use super::mapping::{aliases_of, Field};
use super::output::{GroupKpis, Ratio, Report};

/// Blanks every SLA figure of `report` and says why in its warnings.
pub(super) fn blank(report: &mut Report) {
    report.sla.measured = false;
    let groups = std::iter::once(&mut report.overall)
        .chain(&mut report.by_month)
        .chain(&mut report.by_team)
        .chain(&mut report.by_owner)
        .chain(&mut report.by_source)
        .chain(&mut report.by_persona)
        .chain(&mut report.by_grade);
    for g in groups {
        blank_group(g);
    }
    for s in &mut report.sla.stages {
        (s.contacted, s.met, s.late, s.never, s.open) = (0, 0, 0, 0, 0);
        s.adherence = Ratio(None);
    }
    // Per team and month there is nothing to say without first contacts.
    report.sla.by_team_month.clear();
    for t in &mut report.sla.by_team {
        (t.due, t.met) = (0, 0);
        t.adherence = Ratio(None);
        for s in &mut t.stages {
            (s.contacted, s.met, s.late, s.never, s.open) = (0, 0, 0, 0, 0);
            s.adherence = Ratio(None);
        }
    }
    report.warnings.push(format!(
        "first_contact_at: no column holds it (looked for first_contact_at, {}), so SLA \
         adherence and time to first contact are not measured (null, not 0%); name it with \
         --map first_contact_at=COLUMN",
        aliases_of(Field::FirstContactAt).join(", ")
    ));
}

fn blank_group(g: &mut GroupKpis) {
    (g.contacted, g.sla_due, g.sla_met) = (0, 0, 0);
    g.sla_adherence = Ratio(None);
}
