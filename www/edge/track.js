// Server-side engagement (POST /track): the tracker (www/leadgate-track.js,
// `data-endpoint`) sends the visitor's events here under a first-party
// visitor id, and the edge keeps them per visitor in its storage; POST /lead
// then scores with these events rather than the ones the client posts with
// the lead (CLIENT_EVENTS defaults to "ignore" once tracking is on).
//
// What the server can vouch for is bounded, and the rest is refused: only
// the event names TRACK_EVENTS lists (default page_view: a booked meeting
// must come from a server, never from a browser), the time is the server's
// (a client cannot date an event in 2099), only known string properties are
// kept and cut to size, at most TRACK_PER_MINUTE events per visitor and
// minute and TRACK_MAX_EVENTS per visitor (oldest first out), kept
// TRACK_MAX_AGE_DAYS after the last one. A client can still report page
// views it did not make, within those caps; it can no longer make itself
// SQL with a fabricated meeting.
//
// The storage comes in as `storeOf(namespace)` (state/routes.js `storeFor`),
// like guard.js, so this module stays out of an import circle.
import { HttpError, readBody, decodeUtf8 } from "./input.js";

/** A first-party visitor id, as leadgate-track.js makes it (crypto.randomUUID). */
export const VISITOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Properties kept on a tracked event, with their maximum length. */
const PROPS = { path: 512, title: 200, referrer: 512, utm_source: 100, utm_medium: 100, utm_campaign: 100, utm_term: 100, utm_content: 100 };
/** Events per request, and the request's size. */
const MAX_BATCH = 20;
const MAX_BODY = 8 * 1024;
/** Visitor records are spread over this many storage objects. */
const SHARDS = 16;

/**
 * TRACK_EVENTS (the event names a browser may report; setting it turns
 * tracking on), TRACK_MAX_EVENTS, TRACK_PER_MINUTE, TRACK_MAX_AGE_DAYS read
 * into `{ events, maxEvents, perMinute, maxAgeMs }`, or null when tracking is
 * off. `fail(message)` throws the configuration error; `int(name, dflt, min,
 * max)` reads an integer binding.
 */
export function trackConfig(env, durable, list, int, fail) {
  if (env.TRACK_EVENTS === undefined || env.TRACK_EVENTS === null) return null;
  const events = list("TRACK_EVENTS", []);
  if (events.length === 0) fail("TRACK_EVENTS lists no event: name the events a browser may report (e.g. page_view), or leave it unset");
  for (const e of events) if (!/^[a-z][a-z0-9_]{0,39}$/.test(e)) fail("TRACK_EVENTS: event names are lower-case letters, digits and _");
  if (!durable) fail("TRACK_EVENTS needs a storage binding (LEADGATE_STATE): the edge keeps the events there");
  return {
    events: new Set(events),
    maxEvents: int("TRACK_MAX_EVENTS", 200, 1, 1000),
    perMinute: int("TRACK_PER_MINUTE", 30, 1, 600),
    maxAgeMs: int("TRACK_MAX_AGE_DAYS", 90, 1, 730) * 86_400_000,
  };
}

function storeOf(storeFor, visitor) {
  const shard = parseInt(visitor.slice(0, 2), 16) % SHARDS;
  const store = storeFor(`visitors-${shard}`);
  if (!store) throw new Error("tracking is on but the storage binding is gone");
  return store;
}

/** The events of a record still within the age limit. */
function fresh(record, now, maxAgeMs) {
  return (record?.events ?? []).filter((e) => Date.parse(e.at) > now - maxAgeMs);
}

/**
 * Keeps the tracked events of one request: `{ visitor_id, events: [{ event,
 * path?, title?, referrer?, utm_*? }] }` (JSON, sent as text/plain so a
 * browser needs no preflight). Resolves to `{ stored, dropped }`; throws
 * HttpError for a malformed request. Pure of the clock: `now` is passed in.
 */
export async function handleTrack(request, track, storeFor, now = Date.now()) {
  const bytes = await readBody(request, MAX_BODY, { deadlineMs: 5000 });
  let body;
  try {
    body = JSON.parse(decodeUtf8(bytes));
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, "bad_json", "a /track body is JSON: { visitor_id, events: [...] }");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(422, "not_an_object", "a /track body is an object { visitor_id, events }");
  const visitor = body.visitor_id;
  if (typeof visitor !== "string" || !VISITOR_ID.test(visitor)) throw new HttpError(422, "bad_visitor_id", "visitor_id must be the tracker's UUID");
  const sent = Array.isArray(body.events) ? body.events : [];
  if (sent.length === 0 || sent.length > MAX_BATCH) throw new HttpError(422, "bad_events", `events must be a list of 1 to ${MAX_BATCH} events`);
  const at = new Date(now).toISOString();
  const accepted = [];
  for (const e of sent) {
    if (typeof e !== "object" || e === null || !track.events.has(e.event)) continue;
    const kept = { event: e.event, at };
    for (const [prop, max] of Object.entries(PROPS)) {
      if (typeof e[prop] === "string" && e[prop] !== "") kept[prop] = e[prop].slice(0, max);
    }
    accepted.push(kept);
  }
  const minute = Math.floor(now / 60_000);
  const result = await storeOf(storeFor, visitor).update(`v:${visitor}`, (record) => {
    const inMinute = record?.m === minute ? record.n : 0;
    const room = Math.max(0, track.perMinute - inMinute);
    const taken = accepted.slice(0, room);
    const events = [...fresh(record, now, track.maxAgeMs), ...taken].slice(-track.maxEvents);
    return {
      value: { events, m: minute, n: inMinute + taken.length },
      result: { stored: taken.length, dropped: sent.length - taken.length },
      expiresAt: now + track.maxAgeMs,
    };
  });
  return result;
}

/** The events the edge holds for `visitor` (oldest first), or null when the id is not a visitor id. */
export async function visitorEvents(visitor, track, storeFor, now = Date.now()) {
  if (typeof visitor !== "string" || !VISITOR_ID.test(visitor)) return null;
  const record = await storeOf(storeFor, visitor).get(`v:${visitor}`);
  return fresh(record, now, track.maxAgeMs);
}
