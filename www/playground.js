// The leadgate playground: edit a model and a lead, see the problems (with
// their JSON paths) or the outcome, live. The state is shared in the URL hash
// (deflate-raw + base64url; `m` is left out while the model is the default).
import { init, Scorer, validateModel, defaultModel } from "/pkg/index.js";

const $ = (sel) => document.querySelector(sel);
const modelBox = $("#model");
const leadBox = $("#lead");
const nowBox = $("#now");
const SAMPLE_NOW = "2026-11-26T12:00:00Z"; // examples/leads.ndjson is dated around it

// Fallbacks when examples/leads.ndjson is not served.
const BUILT_IN = [
  { first_name: "Ana", email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing",
    company_size: 120, industry: "Software", country: "BR", form: "demo_request" },
  { first_name: "Lucas", email: "lucas2004@gmail.com", job_title: "Estudante", country: "BR" },
];

let defaultText = "";
let samples = BUILT_IN;

// ------------------------------------------------------------ JSON paths
// Where each value of a JSON text is, by the path the validator prints
// (`personas[0].rules[2].if.words_any`), so a problem can select its text.
function locate(text) {
  const spans = new Map();
  let i = 0;
  const ws = () => { while (/\s/.test(text[i])) i++; };
  const str = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path) => {
    ws();
    const start = i;
    if (text[i] === "{") {
      i++; ws();
      while (text[i] !== "}") {
        ws();
        const key = str();
        ws(); i++; // :
        value(path ? `${path}.${key}` : key);
        ws();
        if (text[i] === ",") i++;
        ws();
      }
      i++;
    } else if (text[i] === "[") {
      i++; ws();
      for (let n = 0; text[i] !== "]"; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i] === ",") i++;
        ws();
      }
      i++;
    } else if (text[i] === '"') str();
    else while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    spans.set(path, [start, i]);
  };
  value("");
  return spans;
}

function select(box, start, end) {
  box.focus();
  box.setSelectionRange(start, end);
  // Scroll the selection into view: the line's share of the scroll height.
  const line = box.value.slice(0, start).split("\n").length;
  const lines = box.value.split("\n").length;
  box.scrollTop = Math.max(0, (line / lines) * box.scrollHeight - box.clientHeight / 3);
}

function spanOf(text, path) {
  try {
    const spans = locate(text);
    // A missing key's path ends in the key: fall back to its parent object.
    for (let p = path; ; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "")) {
      if (spans.has(p)) return spans.get(p);
      if (p === "") return null;
    }
  } catch {
    return null;
  }
}

// "… at line 5 column 3" (the validator's and V8's JSON messages)
function lineColumn(text, message) {
  const m = /line (\d+) column (\d+)/.exec(message);
  if (!m) return null;
  const lines = text.split("\n");
  const at = lines.slice(0, m[1] - 1).reduce((n, l) => n + l.length + 1, 0) + Number(m[2]) - 1;
  return [Math.max(0, at - 1), at];
}

function showProblems(list, box, problems) {
  list.replaceChildren();
  for (const p of problems) {
    const li = document.createElement("li");
    const where = document.createElement("button");
    where.type = "button";
    where.className = "mono";
    where.textContent = p.path || "(root)";
    where.title = "Select it in the text";
    where.addEventListener("click", () => {
      const span = p.code === "invalid_json" || !p.path ? lineColumn(box.value, p.message) : spanOf(box.value, p.path);
      if (span) select(box, span[0], span[1]);
    });
    const code = document.createElement("span");
    code.className = "fine mono";
    code.textContent = ` [${p.code}] `;
    li.append(where, code, document.createTextNode(p.message));
    if (p.hint) {
      const hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = p.hint;
      li.append(hint);
    }
    list.append(li);
  }
}

// -------------------------------------------------------------- outcome
const o = (name) => document.querySelector(`[data-o="${name}"]`);

function showOutcome(outcome) {
  o("empty").hidden = Boolean(outcome);
  o("full").hidden = !outcome;
  if (!outcome) return;
  o("stage").textContent = outcome.stage;
  o("stage").className = `badge ${outcome.stage}`;
  for (const k of ["score", "grade", "fit", "engagement"]) o(k).textContent = String(outcome[k]);
  o("persona").textContent = outcome.persona ?? "—";
  o("route").textContent = outcome.route ? `${outcome.route.team} (${outcome.route.rule})` : "—";
  o("respond_by").textContent = outcome.route?.respond_by ?? "—";
  o("reasons").replaceChildren(
    ...outcome.reasons.map((r) => {
      const tr = document.createElement("tr");
      const value = r.field === null ? "" : `${r.field} = ${JSON.stringify(r.value)}`;
      for (const [text, cls] of [[r.label, ""], [r.group, ""], [value, "mono"], [(r.points > 0 ? "+" : "") + r.points, `num ${r.points < 0 ? "neg" : "pos"}`]]) {
        const td = tr.insertCell();
        td.textContent = text;
        if (cls) td.className = cls;
      }
      tr.dataset.rule = r.rule;
      return tr;
    }),
  );
  const li = (text) => Object.assign(document.createElement("li"), { textContent: text });
  o("next").replaceChildren(
    ...(outcome.next.length ? outcome.next.map((n) => li(`${n.stage}: ${n.needs} (has ${JSON.stringify(n.has)})`)) : [li("nothing: top stage")]),
  );
  o("warnings").replaceChildren(...outcome.warnings.map(li));
  o("warnings-box").hidden = outcome.warnings.length === 0;
  o("model").textContent = `${outcome.model.id} ${outcome.model.version} · hash ${outcome.model.hash}`;
}

// ---------------------------------------------------------------- update
let scorer = null;
let scorerText = null;

function update() {
  const modelText = modelBox.value;
  if (modelText !== scorerText) {
    scorer?.free();
    scorer = null;
    scorerText = modelText;
    const { ok, errors } = validateModel(modelText);
    showProblems($("#model-problems"), modelBox, errors);
    modelBox.setAttribute("aria-invalid", String(!ok));
    if (ok) scorer = new Scorer(modelText);
  }
  let lead = null;
  const leadProblems = [];
  try {
    lead = JSON.parse(leadBox.value || "{}");
  } catch (e) {
    leadProblems.push({ code: "invalid_json", path: "", message: e.message, hint: null });
  }
  let outcome = null;
  if (scorer && lead) {
    try {
      outcome = scorer.score(lead, nowBox.value.trim() ? { now: nowBox.value.trim() } : undefined);
    } catch (e) {
      leadProblems.push({ code: e.code || "error", path: "", message: e.message, hint: null });
    }
  }
  showProblems($("#lead-problems"), leadBox, leadProblems);
  leadBox.setAttribute("aria-invalid", String(leadProblems.length > 0));
  showOutcome(outcome);
  document.body.dataset.state = outcome ? "scored" : "problems";
  saveHash();
}

let timer = 0;
const soon = () => {
  clearTimeout(timer);
  timer = setTimeout(update, 120);
};

// ------------------------------------------------------------ URL hash
const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64 = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

let hashTimer = 0;
function saveHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(async () => {
    const state = { l: leadBox.value, n: nowBox.value };
    if (modelBox.value !== defaultText) state.m = modelBox.value;
    const packed = await pipe(new TextEncoder().encode(JSON.stringify(state)), new CompressionStream("deflate-raw"));
    history.replaceState(null, "", `#s=${b64(packed)}`);
  }, 300);
}

async function loadHash() {
  const m = /^#s=([\w-]+)$/.exec(location.hash);
  if (!m) return false;
  try {
    const bytes = await pipe(unb64(m[1]), new DecompressionStream("deflate-raw"));
    const state = JSON.parse(new TextDecoder().decode(bytes));
    modelBox.value = state.m ?? defaultText;
    leadBox.value = state.l ?? "{}";
    nowBox.value = state.n ?? "";
    return true;
  } catch {
    return false;
  }
}

// ----------------------------------------------------------------- start
function loadSample(i) {
  leadBox.value = JSON.stringify(samples[i], null, 2);
  nowBox.value = SAMPLE_NOW;
  update();
}

async function start() {
  try {
    await init();
  } catch (e) {
    $("#model-problems").textContent = `The wasm did not load: ${e.message}`;
    return;
  }
  const [modelText, ndjson] = await Promise.all([
    fetch("/model.json").then((r) => (r.ok ? r.text() : null), () => null),
    fetch("/examples/leads.ndjson").then((r) => (r.ok ? r.text() : null), () => null),
  ]);
  defaultText = modelText ? JSON.stringify(JSON.parse(modelText), null, 2) : JSON.stringify(defaultModel(), null, 2);
  if (ndjson) samples = ndjson.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
  $("#sample").append(
    ...samples.map((s, i) => new Option(`${i + 1}. ${[s.first_name, s.last_name].filter(Boolean).join(" ") || "lead"} — ${s.company ?? s.email ?? ""}`, String(i))),
  );
  if (!(await loadHash())) {
    modelBox.value = defaultText;
    leadBox.value = JSON.stringify(samples[0], null, 2);
    nowBox.value = SAMPLE_NOW;
  }
  for (const box of [modelBox, leadBox, nowBox]) box.addEventListener("input", soon);
  $("#sample").addEventListener("change", (e) => e.target.value !== "" && loadSample(Number(e.target.value)));
  $("#load-default").addEventListener("click", () => {
    modelBox.value = defaultText;
    update();
  });
  $("#share").addEventListener("click", async () => {
    update(); // saves the hash in 300 ms
    await new Promise((r) => setTimeout(r, 400));
    try {
      await navigator.clipboard.writeText(location.href);
      $("#share-note").textContent = "Link copied.";
    } catch {
      $("#share-note").textContent = "The link is in the address bar.";
    }
  });
  update();
  document.body.dataset.ready = "true";
}

start();
