// The one door to members' working hours: `withinHours(hours, now)` from the
// full `leadgate` package (Rust: time zones, DST, holidays), never a JS copy.
// `hours` is the model's `teams` shape: {timezone, hours: {"mon-fri": "09:00-18:00"}, holidays}.
// Older packages lack the function: `withinHours` is then null, and teams.js
// refuses members with hours (fail closed; /health says which version is needed).
import * as leadgate from "leadgate";

/** `withinHours(hours, nowMs)` → boolean, or null when this package predates it. */
export const withinHours = typeof Reflect.get(leadgate, "withinHours") === "function" ? Reflect.get(leadgate, "withinHours") : null;

/** `addBusinessTime(hours, nowMs, durationMs)` → the deadline, or null when this package predates it. */
export const addBusinessTime = typeof Reflect.get(leadgate, "addBusinessTime") === "function" ? Reflect.get(leadgate, "addBusinessTime") : null;

/**
 * `durationMs` after `now` counted in `hours` when given and the package can
 * (addBusinessTime), else on the wall clock. Resolves ms since epoch.
 */
export function deadlineAfter(hours, now, durationMs) {
  if (hours && addBusinessTime) {
    const v = addBusinessTime(hours, now, durationMs);
    const ms = typeof v === "number" ? v : v instanceof Date ? v.getTime() : Date.parse(String(v));
    if (Number.isFinite(ms)) return ms;
  }
  return now + durationMs;
}

/** The message /health gives when members have hours and the package cannot check them. */
export const HOURS_UNAVAILABLE = `working hours need leadgate > ${typeof leadgate.version === "string" ? leadgate.version : "0.1.0"} (a package with withinHours); this one has none, so members with "hours" are refused`;
