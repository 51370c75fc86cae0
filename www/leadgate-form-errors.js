// Inline, announced form errors for leadgate forms (leadgate-form.js imports
// this). The browser's own validation bubble fades after a moment, shows one
// field at a time and is not tied to the field for assistive technology
// (DESIGN, "Accessibility"). So when the browser finds a field of a
// `form[data-leadgate]` invalid (its `invalid` event, fired on submit), the
// field gets `aria-invalid="true"` and its message in an element right after
// it, linked by `aria-describedby`; the form gets one polite live region that
// says how many fields need attention. The messages are the browser's own
// (`validationMessage`: in the visitor's language, matching the page's
// `required`, `type` and `pattern`), so nothing here needs translating. A
// field is cleared as soon as it becomes valid. A page that already has an
// element for a field's message marks it `data-leadgate-error-for="<field id
// or name>"` and it is used instead.

const ERROR_CLASS = "leadgate-error";
const counter = { n: 0 };

/** The element that shows `field`'s message: the page's own, or one made after the field. */
function errorElement(field) {
  const form = field.form;
  const key = field.id || field.name;
  const own = key && form ? form.querySelector(`[data-leadgate-error-for="${CSS.escape(key)}"]`) : null;
  if (own) {
    if (!own.id) own.id = `leadgate-error-${++counter.n}`;
    return own;
  }
  const next = field.nextElementSibling;
  if (next && next.classList.contains(ERROR_CLASS)) return next;
  const el = document.createElement("span");
  el.className = ERROR_CLASS;
  el.id = `leadgate-error-${++counter.n}`;
  field.insertAdjacentElement("afterend", el);
  return el;
}

/** Adds or removes `id` in the field's aria-describedby, keeping the page's own ids. */
function describedBy(field, id, on) {
  const ids = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
  if (on) ids.push(id);
  if (ids.length) field.setAttribute("aria-describedby", ids.join(" "));
  else field.removeAttribute("aria-describedby");
}

function mark(field) {
  const el = errorElement(field);
  el.textContent = field.validationMessage;
  el.hidden = false;
  field.setAttribute("aria-invalid", "true");
  describedBy(field, el.id, true);
}

function clear(field) {
  if (field.getAttribute("aria-invalid") !== "true") return;
  field.removeAttribute("aria-invalid");
  const el = errorElement(field);
  el.textContent = "";
  el.hidden = true;
  describedBy(field, el.id, false);
}

/** The form's live region: "N field(s) need attention", in the page's language (pt or en). */
function announce(form) {
  let region = form.querySelector(":scope > .leadgate-error-summary");
  if (!region) {
    region = document.createElement("p");
    region.className = "leadgate-error-summary";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    form.prepend(region);
  }
  const n = form.querySelectorAll('[aria-invalid="true"]').length;
  const pt = (document.documentElement.lang || "").toLowerCase().startsWith("pt");
  region.textContent = n === 0 ? "" : pt ? `${n} ${n === 1 ? "campo precisa" : "campos precisam"} de atenção.` : `${n} ${n === 1 ? "field needs" : "fields need"} attention.`;
}

const ours = (field) => field instanceof Element && field.form instanceof HTMLFormElement && field.form.matches("form[data-leadgate]");

function onInvalid(event) {
  const field = event.target;
  if (!ours(field)) return;
  mark(field);
  announce(field.form);
}

function onEdit(event) {
  const field = event.target;
  if (!ours(field) || field.getAttribute("aria-invalid") !== "true") return;
  if (field.validity.valid) {
    clear(field);
    announce(field.form);
  } else {
    mark(field); // still invalid: the message may have changed (empty → malformed)
  }
}

/** Starts listening (capture phase: `invalid` does not bubble). */
export function inlineErrors() {
  document.addEventListener("invalid", onInvalid, true);
  document.addEventListener("input", onEdit, true);
  document.addEventListener("change", onEdit, true);
}
