// leadgate-track.js: a first-party behaviour tracker for landing pages.
//
//   <script type="module" src="/leadgate-track.js"></script>
//   <script type="module" src="/leadgate-track.js" data-consent="required"></script>
//
// Records page views (path, title, referrer, UTM parameters) and custom events
// (`leadgate.track("webinar_attended", { path: "/webinars/x" })`) in
// localStorage, in the model's event format `{ event, at, ...props }`, so
// leadgate-form.js can hand them to the scorer as the lead's `events`.
// No cookies, no network: nothing leaves the browser until the visitor
// submits a form.
//
// Server-side events: with `data-endpoint="https://leads.example.com/track"`
// (on this script tag, or `data-leadgate-track-endpoint` on <html>), each
// stored event is also sent to the edge worker's POST /track under a
// first-party visitor id (a random UUID kept in localStorage, made only with
// consent), and the form kit sends that id with the lead, so the edge scores
// with the events it recorded, not the ones a client posts.
//
// Consent: with `data-consent="required"` (on this script tag or on <html>
// as `data-leadgate-consent`), nothing is stored until
// `leadgate.consent(true)`; `leadgate.consent(false)` and `leadgate.forget()`
// erase everything. The events of the current page are kept in memory until
// then, so a visitor who accepts on the first page still has that page view.

const EVENTS_KEY = "leadgate:events";
const VISITOR_KEY = "leadgate:visitor";
const CONSENT_KEY = "leadgate:consent"; // "granted" | "denied"
// The cap: oldest events go first. 200 events of ~200 bytes stay far below
// the 1,000 events a model reads and the ~5 MB localStorage quota.
const MAX_EVENTS = 200;
const MAX_BYTES = 48 * 1024;
const UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

const script = findScript();
const consentRequired =
  (script && script.dataset.consent === "required") ||
  document.documentElement.dataset.leadgateConsent === "required";

const endpoint = (script && script.dataset.endpoint) || document.documentElement.dataset.leadgateTrackEndpoint || null;

let pending = []; // events of this page waiting for consent

// localStorage can throw (disabled storage, Safari private mode, quota): the
// tracker then degrades to memory only and never breaks the page.
function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

function findScript() {
  // Module scripts have no document.currentScript: find our tag by its URL.
  for (const s of document.querySelectorAll("script[src]")) {
    if (s.src === import.meta.url) return s;
  }
  return null;
}

/** Whether events may be stored now. */
export function hasConsent() {
  const stored = read(CONSENT_KEY);
  if (stored === "denied") return false;
  return !consentRequired || stored === "granted";
}

/** The stored events, oldest first (plus this page's, if consent is pending). */
export function events() {
  let list = [];
  try {
    list = JSON.parse(read(EVENTS_KEY) || "[]");
    if (!Array.isArray(list)) list = [];
  } catch {
    list = [];
  }
  return hasConsent() ? list : pending.slice();
}

function save(list) {
  // Oldest-first eviction by count, then by size; a quota error evicts more.
  if (list.length > MAX_EVENTS) list = list.slice(list.length - MAX_EVENTS);
  let text = JSON.stringify(list);
  while (list.length > 0 && (text.length > MAX_BYTES || !write(EVENTS_KEY, text))) {
    list = list.slice(Math.max(1, list.length >> 3));
    text = JSON.stringify(list);
  }
}

/** Records a custom event: `track("webinar_attended", { path: "/webinars/x" })`. */
export function track(name, props = {}) {
  if (typeof name !== "string" || name === "") return null;
  const { event: _, at, ...rest } = props;
  const event = { event: name, at: typeof at === "string" ? at : new Date().toISOString(), ...rest };
  if (hasConsent()) {
    save([...events(), event]);
    send([event]);
  }
  else if (read(CONSENT_KEY) !== "denied") pending.push(event);
  return event;
}

/** Records a page view of the current location (call it on SPA route changes). */
export function page(props = {}) {
  const view = { path: location.pathname, title: document.title };
  if (document.referrer && new URL(document.referrer).origin !== location.origin) {
    // Only other sites: where the visitor came from, without its query string.
    const r = new URL(document.referrer);
    view.referrer = r.origin + r.pathname;
  }
  const query = new URLSearchParams(location.search);
  for (const key of UTM) if (query.get(key)) view[key] = query.get(key);
  return track("page_view", { ...view, ...props });
}

/** Gives (true) or withdraws (false) consent; withdrawing erases everything. */
export function consent(granted) {
  if (granted) {
    write(CONSENT_KEY, "granted");
    if (pending.length) {
      save([...events(), ...pending]);
      send(pending);
    }
    pending = [];
  } else {
    forget();
    write(CONSENT_KEY, "denied");
  }
}

/** Erases every event and the consent decision. */
export function forget() {
  pending = [];
  write(EVENTS_KEY, null);
  write(CONSENT_KEY, null);
  write(VISITOR_KEY, null);
}

/**
 * The first-party visitor id, or null without consent or storage. Made on
 * a page whose tracker has an endpoint (nothing is kept for nothing);
 * read on any page, so a form page without the attribute still sends it.
 */
export function visitorId() {
  if (!hasConsent()) return null;
  let id = read(VISITOR_KEY);
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
    if (!endpoint) return null;
    id = crypto.randomUUID();
    if (!write(VISITOR_KEY, id)) return null;
  }
  return id;
}

/** Sends events to the endpoint (text/plain JSON: no CORS preflight), at most 20 a request; failures are ignored. */
function send(list) {
  const visitor = endpoint ? visitorId() : null;
  if (!visitor) return;
  for (let i = 0; i < list.length; i += 20) {
    try {
      fetch(endpoint, {
        method: "POST", keepalive: true, headers: { "content-type": "text/plain" },
        body: JSON.stringify({ visitor_id: visitor, events: list.slice(i, i + 20) }),
      }).catch(() => {});
    } catch {
      // never break the page
    }
  }
}

const api = { track, page, consent, forget, events, hasConsent, visitorId };
// A global for inline scripts and tag managers; the module exports the same.
window.leadgate = Object.assign(window.leadgate || {}, api);

if (!(script && script.dataset.pageView === "off")) page();
