// The one door to members' working hours: `withinHours(hours, now)` and
// `addBusinessTime(hours, now, durationMs)` from the full `leadgate` package
// (Rust: time zones, DST, holidays; src/wasm/hours.rs), never a JS copy.
// `hours` is the model's `teams` shape: {timezone, hours: {"mon-fri": "09:00-18:00"}, holidays}.
import { withinHours, addBusinessTime } from "leadgate";

export { withinHours };

/**
 * `durationMs` after `now` counted in `hours` when given, else on the wall
 * clock. Resolves ms since epoch.
 */
export function deadlineAfter(hours, now, durationMs) {
  return hours ? addBusinessTime(hours, now, durationMs).getTime() : now + durationMs;
}
