// The Fluxo demo site: the PT/EN toggle, and on the landing page the demo
// panel that shows what leadgate made of the visitor (from the form kit's
// `leadgate:scored` event). Not part of the kit.

// ---------------------------------------------------------------- language
// Portuguese is in the markup; English in data-en (text) and
// data-en-<attribute> (placeholder, aria-label, content). The original
// Portuguese is kept in data-pt on the first switch.
const LANG_KEY = "fluxo:lang";

export function lang() {
  return document.documentElement.lang.startsWith("en") ? "en" : "pt";
}

function applyLang(to) {
  for (const el of document.querySelectorAll("[data-en]")) {
    if (!("pt" in el.dataset)) el.dataset.pt = el.textContent;
    el.textContent = to === "en" ? el.dataset.en : el.dataset.pt;
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.getAttributeNames()) {
      if (!attr.startsWith("data-en-")) continue;
      const name = attr.slice(8);
      const keep = `data-pt-${name}`;
      if (!el.hasAttribute(keep)) el.setAttribute(keep, el.getAttribute(name) ?? "");
      el.setAttribute(name, to === "en" ? el.getAttribute(attr) : el.getAttribute(keep));
    }
  }
  document.documentElement.lang = to === "en" ? "en" : "pt-BR";
  const button = document.querySelector("#lang");
  if (button) {
    button.textContent = to === "en" ? "PT" : "EN";
    // The name starts with the visible text (WCAG 2.5.3, axe label-content-name-mismatch).
    button.setAttribute("aria-label", to === "en" ? "PT: Ver em português" : "EN: View in English");
  }
  document.dispatchEvent(new CustomEvent("fluxo:lang"));
}

const asked = new URLSearchParams(location.search).get("lang");
let stored = null;
try {
  stored = localStorage.getItem(LANG_KEY);
} catch {}
const initial = asked === "en" || asked === "pt" ? asked : stored || "pt";
if (initial === "en") applyLang("en");
document.querySelector("#lang")?.addEventListener("click", () => {
  const to = lang() === "en" ? "pt" : "en";
  applyLang(to);
  try {
    localStorage.setItem(LANG_KEY, to);
  } catch {}
});

// "Forget me": the tracker erases this browser's history.
document.querySelector("#forget")?.addEventListener("click", (e) => {
  window.leadgate?.forget();
  e.target.textContent = lang() === "en" ? "Done: history erased" : "Pronto: histórico apagado";
});

// ----------------------------------------------------------- demo panel
// Model labels are bilingual ("Área de marketing / Marketing role"): show one half.
function half(text) {
  const parts = String(text ?? "").split(" / ");
  return parts.length === 2 ? parts[lang() === "en" ? 1 : 0] : text;
}

let model = null;
async function personaName(id) {
  if (!id) return "—";
  try {
    model ??= await (await fetch("/model.json")).json();
    const p = model.personas.find((x) => x.id === id);
    return p?.name ? half(p.name.replace(" — ", " / ")) : id;
  } catch {
    return id;
  }
}

function when(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(lang() === "en" ? "en-US" : "pt-BR", {
    weekday: "short", hour: "2-digit", minute: "2-digit", day: "numeric", month: "short",
  });
}

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

let last = null;
async function render() {
  const panel = document.querySelector("#demo");
  if (!panel || !last) return;
  const { outcome, lead } = last;
  panel.hidden = false;
  const $ = (sel) => panel.querySelector(sel);
  $("[data-out=unscored]").hidden = Boolean(outcome);
  $("[data-out=scored]").hidden = !outcome;
  $("[data-out=events]").textContent = String(lead.events?.length ?? 0);
  if (!outcome) return;
  const stage = $("[data-out=stage]");
  stage.textContent = outcome.stage;
  stage.className = `badge ${outcome.stage}`;
  $("[data-out=score]").textContent = `${outcome.score} (fit ${outcome.fit} + eng. ${outcome.engagement})`;
  $("[data-out=grade]").textContent = outcome.grade;
  $("[data-out=persona]").textContent = await personaName(outcome.persona);
  $("[data-out=team]").textContent = outcome.route?.team ?? "—";
  $("[data-out=respond]").textContent = when(outcome.route?.respond_by);
  const body = $("[data-out=reasons]");
  body.replaceChildren();
  for (const r of outcome.reasons) {
    const row = body.insertRow();
    cell(row, half(r.label));
    cell(row, r.group);
    cell(row, r.field === "events" ? `${r.value} ×` : r.value == null ? "" : String(r.value));
    cell(row, (r.points > 0 ? "+" : "") + r.points, `num ${r.points < 0 ? "neg" : "pos"}`);
  }
  const next = $("[data-out=next]");
  next.replaceChildren(
    ...(outcome.next.length ? outcome.next : [null]).map((n) => {
      const li = document.createElement("li");
      li.textContent = n
        ? `${n.stage}: ${n.needs} (${lang() === "en" ? "has" : "tem"} ${JSON.stringify(n.has)})`
        : lang() === "en" ? "Nothing: this is the top stage" : "Nada: este é o estágio mais alto";
      return li;
    }),
  );
  for (const el of document.querySelectorAll("[data-out=respond-step]")) el.textContent = when(outcome.route?.respond_by);
}

document.addEventListener("leadgate:scored", (e) => {
  last = e.detail;
  render();
});
document.addEventListener("leadgate:unscored", (e) => {
  last = e.detail;
  render();
});
document.addEventListener("fluxo:lang", render);

// The meeting step's time slots (a stand-in for a real scheduler).
for (const slot of document.querySelectorAll(".slots button")) {
  slot.addEventListener("click", () => {
    for (const b of document.querySelectorAll(".slots button")) b.setAttribute("aria-pressed", String(b === slot));
    const done = document.querySelector("#booked");
    if (done) done.hidden = false;
  });
}
