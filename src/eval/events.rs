//! A lead's events: parsed once per lead on first use, matched by event leaves.

use super::{int_text, Ctx};
use crate::lead::Value;
use crate::model::{limits, EventLeaf};
use crate::time::Timestamp;

/// One parsed event of the lead.
#[derive(Clone, Copy)]
pub(crate) struct Event<'l> {
    pub name: &'l str,
    pub at: Timestamp,
    pub props: &'l Value<'l>,
}

impl<'m, 'l> Ctx<'m, 'l> {
    /// The lead's events, parsed on first use (warnings for unreadable ones).
    fn take_events(&mut self) -> Vec<Event<'l>> {
        if let Some(events) = self.events.take() {
            return events;
        }
        let mut events = Vec::new();
        match self.lead.get("events") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if i == limits::MAX_EVENTS {
                        let max = int_text(limits::MAX_EVENTS);
                        self.warn(crate::text::concat(&[
                            "events: more than ",
                            &max,
                            " events, the rest were skipped",
                        ]));
                        break;
                    }
                    match parse_event(item) {
                        Ok(event) => events.push(event),
                        Err(problem) => self.warn(crate::text::concat(&[
                            "events[",
                            &int_text(i),
                            "]: ",
                            problem,
                        ])),
                    }
                }
            }
            Some(other) => self.warn(crate::text::concat(&[
                "events: expected an array, got ",
                &other.describe(),
            ])),
        }
        events
    }

    /// Runs `f` over the lead's events without holding a borrow of `self`.
    pub fn with_events<T>(&mut self, f: impl FnOnce(&mut Self, &[Event<'l>]) -> T) -> T {
        let events = self.take_events();
        let out = f(self, &events);
        self.events = Some(events);
        out
    }

    /// Events matching a leaf (name, age and `where`), each passed with its age in days.
    pub fn matching_events(&mut self, leaf: &'m EventLeaf, mut each: impl FnMut(f64)) -> u32 {
        let now = self.now;
        self.with_events(|cx, events| {
            let mut count = 0u32;
            for event in events {
                if leaf.name.as_deref().is_some_and(|n| n != event.name) {
                    continue;
                }
                let age = now.days_since(event.at).max(0.0);
                if leaf.within_days.is_some_and(|d| age > d) {
                    continue;
                }
                if let Some(filter) = &leaf.filter {
                    if !cx.eval(filter, Some(event.props), &mut None) {
                        continue;
                    }
                }
                count += 1;
                each(age);
            }
            count
        })
    }

    /// How many of the lead's events match `leaf`.
    pub(super) fn count_events(&mut self, leaf: &'m EventLeaf) -> u32 {
        self.matching_events(leaf, |_| {})
    }
}

fn parse_event<'l>(item: &'l Value<'l>) -> Result<Event<'l>, &'static str> {
    let Value::Object(_) = item else {
        return Err("expected an object");
    };
    let Some(name) = item.get("event").and_then(Value::as_str) else {
        return Err("missing or invalid \"event\"");
    };
    let Some(at) = item
        .get("at")
        .and_then(Value::as_str)
        .and_then(Timestamp::parse)
    else {
        return Err("missing or invalid \"at\"");
    };
    Ok(Event {
        name,
        at,
        props: item,
    })
}
