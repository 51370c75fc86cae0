// Business hours for the edge's owner assignment (and any caller): whether
// a time is inside working hours, and a deadline in business time. The
// arithmetic is the core's (src/time/hours.rs, the same that makes a
// scored lead's respond_by); this file only converts arguments. Full
// builds only: leadgate/lite does not evaluate business hours.
import { business_time, time_zones } from "./glue.js";
import { LeadgateError, assertReady, failure } from "./runtime.js";

// `hours` crosses as JSON text, checked by the core as a model's team entry.
function hoursText(hours) {
  let text;
  try {
    text = JSON.stringify(hours);
  } catch (e) {
    throw new LeadgateError("invalid_json", `the hours cannot be written as JSON: ${e.message}`);
  }
  if (hours === null || typeof hours !== "object" || Array.isArray(hours) || text === undefined) {
    throw new LeadgateError("expected_type", "`hours` must be an object {timezone, hours, holidays}");
  }
  return text;
}

// `now` as the scorer reads it: a Date, milliseconds since 1970, or RFC 3339 text.
function nowArgs(now) {
  if (typeof now === "string") return [0, now];
  if (typeof now === "number") return [now, undefined];
  if (now instanceof Date) return [now.getTime(), undefined];
  throw new LeadgateError("bad_timestamp", "`now` must be a Date, milliseconds since 1970, or an RFC 3339 text");
}

function call(hours, now, durationMs) {
  assertReady();
  const text = hoursText(hours);
  const [nowMs, nowText] = nowArgs(now);
  let result;
  try {
    result = business_time(text, nowMs, nowText, durationMs);
  } catch (e) {
    throw failure(e);
  }
  if (result.startsWith("!")) {
    const { code, message } = JSON.parse(result.slice(1));
    throw new LeadgateError(code, `leadgate: ${message}`);
  }
  return result;
}

/**
 * True when `now` is inside the working hours `hours`
 * (`{timezone, hours, holidays}`, the shape of a team in the model's `teams`).
 */
export function withinHours(hours, now) {
  return call(hours, now, NaN) === "1";
}

/**
 * The instant (a Date) when `durationMs` of business time have passed since
 * `now`, counting only inside `hours`: "1 h" asked at 17:30 with hours
 * 09:00-18:00 is due at 09:30 on the next working day.
 */
export function addBusinessTime(hours, now, durationMs) {
  if (typeof durationMs !== "number" || Number.isNaN(durationMs)) {
    throw new LeadgateError("bad_duration", "`durationMs` must be a number of milliseconds");
  }
  return new Date(Number(call(hours, now, durationMs)));
}

/**
 * The IANA time zone names the core knows (sorted): exactly those a team's
 * `timezone` may name (docs/model.md, "Time zones without the OS").
 */
export function timeZones() {
  assertReady();
  return time_zones().split("\n");
}
