// leadgate-form.js: scores lead forms in the browser with the leadgate package.
//
//   <script type="module" src="/leadgate-form.js" data-model="/model.json"></script>
//   <form data-leadgate action="/thanks" method="post"> … </form>
//
// Script attributes:
//   data-model    URL of the model: compiled ahead of time (`leadgate compile`, a URL ending
//                 in .lgm: the small leadgate/lite build is loaded), or JSON (the full build,
//                 which compiles it in the page), or "default" for the package's defaultModel()
//   data-pkg      URL of the package's browser entry (default: ./pkg/lite/index.js next to
//                 this file for a compiled model, else ./pkg/index.js)
// Form attributes (all optional):
//   data-leadgate-form        the lead's `form` field when no input gives one (e.g. "demo_request")
//   data-leadgate-thanks      "#id" of an element to show after submit, or a URL to go to
//   data-leadgate-meeting     the same, for the stages in data-leadgate-meeting-stages (default "SQL")
//   data-leadgate-endpoint    URL that receives the lead as JSON (the edge worker's POST /lead),
//                             through a retrying queue in localStorage
//   data-leadgate-wait-ms     how long a submit waits for the scorer still loading (default 3000);
//                             meanwhile the submit buttons are disabled, dimmed and aria-busy
//   data-leadgate-waiting-text  the submit button's label while it waits (e.g. "Enviando…")
//   data-leadgate-retry-ms    first retry delay of the queue (default 1000; doubles up to 5 min)
// Input attributes: data-leadgate-field="job_title" names the model field
// (default: the input's name, with a few common aliases); data-leadgate-ignore
// leaves an input out of the lead.
//
// Without a thanks/meeting element or URL the browser submits the form
// natively, with the hidden fields added; without an endpoint, also a summary
// of the visit (first-touch utm_*, page_views, and leadgate_events: the
// tracker's last events as JSON) so the back end keeps attribution and can
// re-score (docs/js.md, "Plain POST"). With one, the form is sent in the
// background (to the endpoint, else to its action) and the step is shown.
// A field the browser finds invalid on submit gets its message beside it,
// aria-invalid and aria-describedby, and the form a live count
// (leadgate-form-errors.js).
// Whatever fails (the wasm, the model, scoring), the form is still submitted,
// unscored, with a console warning: the kit never costs a lead.

import { events as trackedEvents, visitorId } from "./leadgate-track.js";
import { inlineErrors } from "./leadgate-form-errors.js";

const HIDDEN = ["stage", "score", "grade", "persona", "team", "respond_by", "model_hash", "submission_id"];
const OUTBOX_KEY = "leadgate:outbox";
const ALIASES = {
  name: "first_name", nome: "first_name", fname: "first_name", firstname: "first_name",
  lname: "last_name", lastname: "last_name", sobrenome: "last_name",
  mail: "email", "e-mail": "email",
  empresa: "company", organization: "company", organisation: "company",
  title: "job_title", jobtitle: "job_title", cargo: "job_title", role: "job_title",
  employees: "company_size", size: "company_size", funcionarios: "company_size",
  pais: "country", país: "country", setor: "industry", telefone: "phone", tel: "phone",
};
const UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

const script = [...document.querySelectorAll("script[src]")].find((s) => s.src === import.meta.url);
const config = script ? script.dataset : {};

// ------------------------------------------------------------------ scorer

// Where the package is, relative to this file: ./pkg/ next to the kit in
// www/; the npm package's build (scripts/build-pkg) defines it as "./", since
// its form.js sits at the package's root.
const PKG_DIR = typeof __LEADGATE_PKG_DIR__ === "string" ? __LEADGATE_PKG_DIR__ : "./pkg/";
// The npm package's single-file build for static hosts (static/) links
// leadgate/lite in (esbuild --inject, pkg-template/kit/static-lite.js);
// otherwise it is imported when needed.
const LINKED_LITE = typeof __LEADGATE_LITE__ === "object" ? __LEADGATE_LITE__ : null;

let scorer = null; // set once loaded: submits then score synchronously (no await)
let loadError = null;
const loading = load().then(
  (s) => {
    scorer = s;
    setState("ready");
    return s;
  },
  (e) => {
    loadError = e;
    console.warn("leadgate: scoring is off, forms submit unscored:", e);
    setState("unavailable");
    return null;
  },
);

async function load() {
  // A model compiled ahead of time needs only the small scorer build.
  if (config.model && /\.lgm([?#]|$)/.test(config.model)) {
    const lite = LINKED_LITE && !config.pkg ? LINKED_LITE : await import(new URL(config.pkg || `${PKG_DIR}lite/index.js`, import.meta.url).href);
    return lite.loadScorer(new URL(config.model, location.href).href);
  }
  if (LINKED_LITE && !config.pkg) {
    throw new Error("this single-file build scores compiled models only (data-model=\"….lgm\", from `leadgate compile`); for a JSON model use form.js with the full package");
  }
  const pkgUrl = new URL(config.pkg || `${PKG_DIR}index.js`, import.meta.url);
  const [pkg, modelText] = await Promise.all([
    import(pkgUrl.href),
    config.model && config.model !== "default"
      ? fetch(new URL(config.model, location.href)).then((r) => {
          if (!r.ok) throw new Error(`model ${config.model}: HTTP ${r.status}`);
          return r.text();
        })
      : null,
  ]);
  return pkg.createScorer(modelText ?? pkg.defaultModel());
}

function setState(state) {
  for (const form of document.querySelectorAll("form[data-leadgate]")) form.dataset.leadgateState = state;
}

// -------------------------------------------------------------------- lead

function fieldName(el) {
  if (el.dataset.leadgateField) return el.dataset.leadgateField;
  const name = el.name.toLowerCase();
  return ALIASES[name] || el.name;
}

/** The lead: form fields under model names, plus tracked events and what they imply. */
export function collectLead(form) {
  const lead = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || "leadgateIgnore" in el.dataset || el.name.startsWith("leadgate_")) continue;
    if (el.type === "password" || el.type === "file" || el.type === "submit" || el.type === "button") continue;
    if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
    const key = fieldName(el);
    let value = el.type === "checkbox" && el.value === "on" ? true : el.value;
    if (el.type === "number" && value !== "" && Number.isFinite(Number(value))) value = Number(value);
    if (el.tagName === "SELECT" && el.multiple) value = [...el.selectedOptions].map((o) => o.value);
    if (value === "") continue; // an empty field is a missing field, not an empty text
    // A repeated name (checkbox group) becomes a list.
    lead[key] = key in lead ? [].concat(lead[key], value) : value;
  }
  const events = trackedEvents();
  if (events.length) lead.events = events;
  if (!("form" in lead) && form.dataset.leadgateForm) lead.form = form.dataset.leadgateForm;
  // The edge's own record of this visitor's events (POST /track) goes by this id.
  if (!("visitor_id" in lead)) {
    const visitor = visitorId();
    if (visitor) lead.visitor_id = visitor;
  }
  if (!("page_views" in lead)) lead.page_views = events.filter((e) => e.event === "page_view").length;
  // First-touch UTM parameters, from the earliest tracked event that has them.
  for (const key of UTM) {
    if (key in lead) continue;
    const hit = events.find((e) => typeof e[key] === "string");
    if (hit) lead[key] = hit[key];
  }
  return lead;
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID(); // secure contexts only
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

function setHidden(form, name, value) {
  let input = form.querySelector(`input[type=hidden][name="leadgate_${name}"]`);
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = `leadgate_${name}`;
    form.append(input);
  }
  input.value = value ?? "";
}

/** Scores `lead` and writes the hidden fields; returns the outcome, or null when unscored. */
function scoreInto(form, lead, submissionId) {
  let outcome = null;
  if (scorer) {
    try {
      outcome = scorer.score(lead);
    } catch (e) {
      console.warn("leadgate: scoring failed, the form is submitted unscored:", e);
    }
  } else if (!loadError) {
    console.warn("leadgate: the scorer is not loaded yet, the form is submitted unscored");
  }
  const values = outcome
    ? {
        stage: outcome.stage, score: outcome.score, grade: outcome.grade, persona: outcome.persona,
        team: outcome.route?.team, respond_by: outcome.route?.respond_by, model_hash: outcome.model.hash,
      }
    : {};
  values.submission_id = submissionId;
  for (const name of HIDDEN) setHidden(form, name, values[name]);
  return outcome;
}

// ------------------------------------------------------------------ submit

function stepFor(form, outcome) {
  const stages = (form.dataset.leadgateMeetingStages || "SQL").split(",").map((s) => s.trim());
  if (outcome && form.dataset.leadgateMeeting && stages.includes(outcome.stage)) {
    return { kind: "meeting", target: form.dataset.leadgateMeeting };
  }
  if (form.dataset.leadgateThanks) return { kind: "thanks", target: form.dataset.leadgateThanks };
  return null;
}

function hasSteps(form) {
  return Boolean(form.dataset.leadgateThanks || form.dataset.leadgateMeeting);
}

function onSubmit(event) {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-leadgate]")) return;
  if (event.defaultPrevented || form.dataset.leadgateSubmitting === "native") return;
  // Not loaded yet: hold the submit briefly rather than lose the score.
  if (!scorer && !loadError && !hasSteps(form)) {
    event.preventDefault();
    const wait = Number(form.dataset.leadgateWaitMs || 3000);
    setWaiting(form, true);
    Promise.race([loading, new Promise((r) => setTimeout(r, wait))]).then(() => {
      setWaiting(form, false);
      handle(form, event.submitter);
      submitNatively(form, event.submitter);
    });
    return;
  }
  if (hasSteps(form)) {
    event.preventDefault();
    if (!scorer && !loadError) {
      const wait = Number(form.dataset.leadgateWaitMs || 3000);
      setWaiting(form, true);
      Promise.race([loading, new Promise((r) => setTimeout(r, wait))]).then(() => {
        setWaiting(form, false);
        inPage(form, event.submitter);
      });
    } else inPage(form, event.submitter);
    return;
  }
  // The common case: scored synchronously, then the browser submits as usual.
  handle(form, event.submitter);
}

/** At most this many of the latest events, and this much JSON, go in a plain POST's summary. */
const SUMMARY_EVENTS = 50;
const SUMMARY_CHARS = 4000;

function setSummary(form, name, value) {
  let input = form.querySelector(`input[type=hidden][name="${name}"][data-leadgate-summary]`);
  if (!input) {
    input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.dataset.leadgateSummary = "";
    input.dataset.leadgateIgnore = ""; // not read back into the lead by collectLead
    form.append(input);
  }
  input.value = value;
}

/**
 * The visit's summary for a plain POST: first-touch UTM and page views the
 * form does not already carry, and the latest events as JSON in
 * `leadgate_events` (the edge worker reads it back as the lead's events).
 */
function writeSummary(form, lead) {
  const own = (name) => [...form.elements].some((el) => el.name === name && !("leadgateSummary" in el.dataset));
  for (const key of [...UTM, "page_views"]) {
    if (lead[key] !== undefined && !own(key)) setSummary(form, key, String(lead[key]));
  }
  let list = Array.isArray(lead.events) ? lead.events.slice(-SUMMARY_EVENTS) : [];
  let text = JSON.stringify(list);
  while (list.length > 0 && text.length > SUMMARY_CHARS) {
    list = list.slice(1); // oldest first out
    text = JSON.stringify(list);
  }
  if (list.length > 0) setSummary(form, "leadgate_events", text);
}

/** The submit buttons' waiting state while the scorer loads: disabled, dimmed, aria-busy, optional label. */
function setWaiting(form, on) {
  for (const b of form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")) {
    if (on) {
      b.dataset.leadgateWaiting = JSON.stringify({ disabled: b.disabled, opacity: b.style.opacity, cursor: b.style.cursor, label: b.tagName === "INPUT" ? b.value : b.textContent });
      b.disabled = true;
      b.setAttribute("aria-busy", "true");
      b.style.opacity = "0.6"; // CSSOM, so a strict CSP without 'unsafe-inline' allows it
      b.style.cursor = "progress";
      const text = form.dataset.leadgateWaitingText;
      if (text) {
        if (b.tagName === "INPUT") b.value = text;
        else b.textContent = text;
      }
    } else if (b.dataset.leadgateWaiting) {
      const was = JSON.parse(b.dataset.leadgateWaiting);
      b.disabled = was.disabled;
      b.removeAttribute("aria-busy");
      b.style.opacity = was.opacity;
      b.style.cursor = was.cursor;
      if (form.dataset.leadgateWaitingText) {
        if (b.tagName === "INPUT") b.value = was.label;
        else b.textContent = was.label;
      }
      delete b.dataset.leadgateWaiting;
    }
  }
  form.dataset.leadgateState = on ? "waiting" : scorer ? "ready" : loadError ? "unavailable" : "loading";
}

/** Scores, writes the hidden fields, queues the endpoint delivery, tells the page. */
function handle(form, submitter) {
  const submissionId = newId();
  let lead = {};
  let outcome = null;
  try {
    lead = collectLead(form);
    if (submitter && submitter.name && !(submitter.name in lead)) lead[fieldName(submitter)] = submitter.value;
    outcome = scoreInto(form, lead, submissionId);
  } catch (e) {
    console.warn("leadgate: could not read the form, it is submitted unscored:", e);
    try {
      setHidden(form, "submission_id", submissionId);
    } catch {}
  }
  const detail = { outcome, lead, submissionId };
  if (form.dataset.leadgateEndpoint) {
    const body = { ...lead, submission_id: submissionId };
    for (const name of HIDDEN.slice(0, -1)) {
      const input = form.querySelector(`input[name="leadgate_${name}"]`);
      if (input && input.value !== "") body[`leadgate_${name}`] = input.value;
    }
    enqueue(new URL(form.dataset.leadgateEndpoint, location.href).href, submissionId, body, form);
  } else {
    try {
      writeSummary(form, lead);
    } catch (e) {
      console.warn("leadgate: the visit summary could not be added:", e);
    }
  }
  form.dispatchEvent(new CustomEvent(outcome ? "leadgate:scored" : "leadgate:unscored", { bubbles: true, detail }));
  return detail;
}

function submitNatively(form, submitter) {
  // form.submit() skips the submit event and the submitter's name=value: add it.
  if (submitter && submitter.name && !form.querySelector(`input[type=hidden][name="${submitter.name}"]`)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = submitter.name;
    input.value = submitter.value;
    form.append(input);
  }
  form.dataset.leadgateSubmitting = "native";
  HTMLFormElement.prototype.submit.call(form);
}

async function inPage(form, submitter) {
  const { outcome } = handle(form, submitter);
  const step = stepFor(form, outcome);
  const buttons = form.querySelectorAll("button, input[type=submit]");
  buttons.forEach((b) => (b.disabled = true)); // one click, one submission
  if (!form.dataset.leadgateEndpoint && form.getAttribute("action")) {
    // No endpoint: the form's own action gets it, in the background.
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new URLSearchParams(new FormData(form)), keepalive: true,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (e) {
      console.warn("leadgate: background submit failed, submitting the form normally:", e);
      buttons.forEach((b) => (b.disabled = false));
      submitNatively(form, submitter);
      return;
    }
  }
  showStep(form, step);
}

function showStep(form, step) {
  if (!step) return;
  if (step.target.startsWith("#")) {
    const el = document.querySelector(step.target);
    if (el) {
      form.hidden = true;
      el.hidden = false;
      el.setAttribute("tabindex", "-1");
      el.focus(); // keyboard and screen-reader users land on the new step
      return;
    }
  }
  location.assign(new URL(step.target, location.href).href);
}

// ------------------------------------------------------------------ outbox
//
// Every endpoint delivery goes through a queue in localStorage, so a lead
// survives the endpoint being down, the visitor going offline, a reload or
// a closed tab. Each item carries its submission id (as `submission_id` and
// the Idempotency-Key header): a repeat, e.g. after a response lost in a
// reload, is dropped by the receiver, never counted twice.

function readOutbox() {
  try {
    const list = JSON.parse(localStorage.getItem(OUTBOX_KEY) || "[]");
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}
function writeOutbox(list) {
  try {
    if (list.length) localStorage.setItem(OUTBOX_KEY, JSON.stringify(list));
    else localStorage.removeItem(OUTBOX_KEY);
  } catch (e) {
    console.warn("leadgate: cannot store the delivery queue:", e);
  }
}
// Read-modify-write on the stored queue (another tab may have changed it).
function updateOutbox(fn) {
  const list = fn(readOutbox());
  writeOutbox(list);
  return list;
}

let retryBase = 1000;
let memoryOutbox = null; // used only when localStorage is unusable

function enqueue(url, id, body, form) {
  if (form && form.dataset.leadgateRetryMs) retryBase = Number(form.dataset.leadgateRetryMs);
  // `first`: when the visitor submitted, on this clock; each attempt sends its
  // age, so the endpoint starts the SLA clock then, not at a later retry.
  const item = { id, url, body, attempts: 0, due: 0, first: Date.now() };
  updateOutbox((list) => [...list, item]);
  if (!readOutbox().some((x) => x.id === id)) memoryOutbox = [...(memoryOutbox || []), item];
  flush();
}

let flushing = false;
let timer = 0;

/** Sends every due item; schedules the next attempt. Returns when done. */
export async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    // One tab at a time sends the shared queue (fewer repeats); no lock API: just go.
    if (navigator.locks) await navigator.locks.request("leadgate-outbox", sendDue);
    else await sendDue();
  } finally {
    flushing = false;
  }
  schedule();
}

async function sendDue() {
  const now = Date.now();
  const items = (memoryOutbox || []).concat(readOutbox()).filter((x) => x.due <= now);
  for (const item of items) {
    const result = await send(item);
    const drop = result === "ok" || result === "rejected";
    const change = (list) =>
      drop
        ? list.filter((x) => x.id !== item.id)
        : list.map((x) => (x.id === item.id ? { ...x, attempts: x.attempts + 1, due: result } : x));
    updateOutbox(change);
    if (memoryOutbox) memoryOutbox = change(memoryOutbox);
  }
}

/** What one attempt posts: the lead, and how long ago the visitor submitted it. */
function wireBody(item) {
  return JSON.stringify({ ...item.body, leadgate_attempt_age_ms: Math.max(0, Date.now() - (item.first ?? Date.now())) });
}

// "ok", "rejected" (a 4xx: retrying cannot help), or when to try again.
async function send(item) {
  let retryAfter = 0;
  try {
    const response = await fetch(item.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": item.id },
      body: wireBody(item),
      keepalive: true, // finishes even if the page goes away meanwhile
    });
    if (response.ok) return "ok";
    if (response.status >= 400 && response.status < 500 && ![408, 425, 429].includes(response.status)) {
      console.warn(`leadgate: ${item.url} refused submission ${item.id} (HTTP ${response.status}); dropped`);
      return "rejected";
    }
    retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  } catch {
    // offline or unreachable: retry
  }
  // Exponential backoff with jitter, at least what Retry-After asks.
  const backoff = Math.min(retryBase * 2 ** item.attempts, 300_000) * (0.75 + Math.random() / 2);
  return Date.now() + Math.max(backoff, retryAfter);
}

function parseRetryAfter(value) {
  if (!value) return 0;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0;
}

function schedule() {
  clearTimeout(timer);
  const list = (memoryOutbox || []).concat(readOutbox());
  if (!list.length) return;
  const next = Math.min(...list.map((x) => x.due));
  timer = setTimeout(flush, Math.max(0, next - Date.now()));
}

/** What is still waiting for delivery (for pages and tests). */
export function pending() {
  return (memoryOutbox || []).concat(readOutbox()).map((x) => ({ id: x.id, attempts: x.attempts, due: x.due }));
}

// Leaving the page: one last best-effort attempt for everything pending. A
// keepalive fetch outlives the page and, unlike sendBeacon, carries the
// Idempotency-Key header and JSON (sendBeacon cannot send a non-CORS-safelisted
// type cross-origin); sendBeacon is the fallback. Items stay queued either
// way: the next page load sends them again, and the receiver drops repeats.
addEventListener("pagehide", () => {
  for (const item of readOutbox()) {
    const body = wireBody(item);
    try {
      fetch(item.url, {
        method: "POST", keepalive: true, body,
        headers: { "Content-Type": "application/json", "Idempotency-Key": item.id },
      }).catch(() => {});
    } catch {
      try {
        navigator.sendBeacon(item.url, new Blob([body], { type: "application/json" }));
      } catch {}
    }
  }
});
addEventListener("online", flush);
addEventListener("pageshow", (e) => e.persisted && flush()); // back/forward cache

// Capture phase: runs before the page's own submit handlers, so they see the
// hidden fields and a page's own preventDefault() still counts.
document.addEventListener("submit", onSubmit, true);
inlineErrors(); // invalid fields: aria-invalid, their message beside them, a live count (leadgate-form-errors.js)
setState(scorer ? "ready" : "loading");
flush();

window.leadgate = Object.assign(window.leadgate || {}, { flush, pending, collectLead, ready: loading });
