// The names the pickers offer (HTML datalists): fields the model declares
// or compares, and those the sample leads carry (examples/leads.ndjson,
// served at /examples/ by scripts/serve.mjs; skipped when absent); event
// names and event properties; the routing's teams; the goal owners.
const seen = { fields: new Set(), events: new Set(), props: new Set() };

/** Reads the sample leads' field, event and property names (once; absent samples are fine). */
export async function sampleNames() {
  let text = "";
  try {
    const r = await fetch("/examples/leads.ndjson");
    if (r.ok) text = await r.text();
  } catch {}
  for (const line of text.split("\n").slice(0, 500)) {
    let lead;
    try {
      lead = JSON.parse(line);
    } catch {
      continue;
    }
    if (lead === null || typeof lead !== "object") continue;
    for (const k of Object.keys(lead)) if (k !== "events" && k !== "previous_stage") seen.fields.add(k);
    for (const e of Array.isArray(lead.events) ? lead.events : []) {
      if (typeof e?.event === "string") seen.events.add(e.event);
      for (const k of Object.keys(e ?? {})) if (k !== "event" && k !== "at") seen.props.add(k);
    }
  }
}

/** Every `field` and `event` named anywhere in the model (`where` included). */
function modelNames(v, out) {
  if (Array.isArray(v)) for (const x of v) modelNames(x, out);
  else if (v && typeof v === "object") {
    if (typeof v.field === "string") out.fields.add(v.field);
    if (typeof v.event === "string" && v.event !== "*") out.events.add(v.event);
    for (const x of Object.values(v)) modelNames(x, out);
  }
}

function fill(id, names) {
  const list = document.getElementById(id);
  list.replaceChildren(...[...names].filter(Boolean).sort().map((n) => Object.assign(document.createElement("option"), { value: n })));
}

/** Refreshes the datalists from the model and the samples. */
export function fillDatalists(model) {
  const out = { fields: new Set(Object.keys(model.fields ?? {})), events: new Set(["*"]) };
  modelNames(model, out);
  fill("lg-fields", new Set([...out.fields, ...seen.fields]));
  fill("lg-events", new Set([...out.events, ...seen.events]));
  fill("lg-props", seen.props);
  fill("lg-teams", new Set((Array.isArray(model.routing) ? model.routing : []).map((r) => r?.team).filter((t) => typeof t === "string")));
  fill("lg-owners", ["marketing", "sales", "shared"]);
}
