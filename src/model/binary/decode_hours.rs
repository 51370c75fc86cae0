//! Reads the teams' business hours of a compiled model (format version 5),
//! checking everything the arithmetic relies on: offsets within a day,
//! switches that name real months, weeks and weekdays, transitions and
//! holidays increasing, each day's ranges non-empty, increasing, disjoint
//! and within the day. Not in `leadgate/lite` (see `decode.rs`).

use super::decode::Reader;
use crate::model::teams::Team;
use crate::model::Route;
use crate::time::{
    hours::{Hours, Minute},
    zones::{Rule, Switch, Zone},
    MS_PER_DAY,
};

impl Reader<'_> {
    /// The teams with hours, a section present only when there is one (so
    /// `leadgate/lite`, which does not read it, finds bytes left over and
    /// refuses the model); each route gets the index of its team's.
    pub fn teams(&mut self, routes: &mut [Route]) -> Vec<Team> {
        if self.at_end() {
            return Vec::new();
        }
        let teams = self.list(|r| Team {
            name: r.string(),
            hours: r.hours(),
        });
        // One way to write each model: no empty section.
        self.check(!teams.is_empty());
        for route in routes {
            route.hours = teams.iter().position(|t| t.name == route.team);
        }
        teams
    }

    fn hours(&mut self) -> Hours {
        let name = self.string();
        let std = self.offset();
        let dst = self
            .flag()
            .then(|| (self.offset(), self.switch(), self.switch()));
        let first = self.offset();
        let mut at = 0i64;
        let transitions = self.list(|r| {
            let delta = r.zigzag();
            r.check(delta > 0 || at == 0);
            at = at.saturating_add(delta);
            r.check(at.unsigned_abs() <= 1 << 60);
            (at, r.offset())
        });
        let week = [(); 7].map(|()| {
            let mut end = 0;
            self.list(|r| {
                let range = (r.minute(), r.minute());
                r.check(end <= range.0 && range.0 < range.1);
                end = range.1;
                range
            })
        });
        let mut day = 0i64;
        let holidays = self.list(|r| {
            let delta = r.zigzag();
            r.check(delta > 0 || day == 0);
            day = day.saturating_add(delta);
            r.check(day.unsigned_abs() <= 1 << 40);
            day
        });
        Hours {
            zone: Zone {
                name,
                rule: Rule { std, dst },
                first,
                transitions,
            },
            week,
            holidays,
        }
    }

    /// An offset from UTC: at most a day either way.
    fn offset(&mut self) -> i64 {
        let v = self.zigzag();
        self.check(v.abs() < MS_PER_DAY);
        v
    }

    fn switch(&mut self) -> Switch {
        let sw = Switch {
            month: self.byte(),
            week: self.byte(),
            weekday: self.byte(),
            time: self.zigzag(),
        };
        self.check(
            (1..=12).contains(&sw.month)
                && (1..=5).contains(&sw.week)
                && sw.weekday <= 6
                && sw.time.abs() <= 7 * MS_PER_DAY,
        );
        sw
    }

    fn minute(&mut self) -> Minute {
        let v = self.usize();
        self.check(v <= 1440);
        Minute::try_from(v).unwrap_or(0)
    }
}
