// Answers for a plain HTML form posted without JavaScript: the browser is
// navigating, so it gets a redirect or a page, never JSON. The thank-you
// redirect is `303 See Other` (the browser then GETs it, so a reload does not
// re-post); when delivery fails, a page whose button re-posts the same fields
// and the same submission id, so the lead is never lost and never counted
// twice. Every value shown is escaped; pages carry a strict CSP.
import { EVENTS_FIELD } from "./input.js";

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
};

/**
 * Whether the request is a browser navigation (a form posted without
 * JavaScript) rather than a script's fetch: `Sec-Fetch-Mode: navigate`, or,
 * from browsers that do not send it, a form body with `Accept` asking for HTML.
 */
export function isNavigation(request, kind) {
  const mode = request.headers.get("sec-fetch-mode");
  if (mode !== null) return mode === "navigate";
  const accept = request.headers.get("accept") ?? "";
  return kind !== "json" && accept.includes("text/html");
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function page(status, title, body, headers = {}) {
  const html = `<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:1.05rem/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.6rem 1.2rem;border:2px solid #1a4fa0;background:#1a4fa0;color:#fff;border-radius:.3rem;cursor:pointer}
button:focus-visible{outline:3px solid #f2b705;outline-offset:2px}p.en{color:#444}</style></head>
<body><main>${body}</main></body></html>`;
  return new Response(html, { status, headers: { ...PAGE_HEADERS, ...headers } });
}

/** The redirect to the configured thank-you page for `stage`, or a plain thank-you page. */
export function thanksResponse(config, stage, cors) {
  const url = config.thankYou.get(stage) ?? config.thankYou.get("*");
  if (url) return new Response(null, { status: 303, headers: { ...cors, location: url, "cache-control": "no-store" } });
  return page(200, "Obrigado! / Thank you!", `<h1>Obrigado!</h1><p>Recebemos seus dados.</p>
<p class="en" lang="en">Thank you: we have received your details.</p>`, cors);
}

/**
 * Delivery failed: a page whose button posts the same fields again, with the
 * same submission id (the receiver drops repeats by it). Files were never
 * kept, so they are not re-posted; list values post as repeated fields.
 */
export function retryResponse(submitted, id, action, retryAfter, cors) {
  const inputs = [];
  const add = (name, value) => inputs.push(`<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`);
  for (const [name, value] of Object.entries(submitted)) {
    if (name === "submission_id" || name === "leadgate_submission_id") continue;
    // The kit's event summary goes back as it came (input.js eventsFromForm).
    if (name === "events" && Array.isArray(value)) {
      add(EVENTS_FIELD, JSON.stringify(value));
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") add(name, v);
    }
  }
  add("submission_id", id);
  return page(503, "Tente de novo / Please try again", `<h1>Não conseguimos enviar agora</h1>
<p>Seus dados estão guardados nesta página. Tente de novo em alguns segundos: nada será enviado em dobro.</p>
<p class="en" lang="en">We could not send your details yet. They are kept on this page: try again in a few seconds; nothing is sent twice.</p>
<form method="post" action="${escapeHtml(action)}" enctype="application/x-www-form-urlencoded">
${inputs.join("\n")}
<button type="submit">Tentar de novo / Try again</button>
</form>`, { ...cors, "retry-after": String(retryAfter) });
}

/** A request problem, for a person: what went wrong and a way back. */
export function errorPage(status, code, message, cors) {
  return page(status, "Não foi possível enviar / Could not send", `<h1>Não foi possível enviar o formulário</h1>
<p class="en" lang="en">The form could not be sent.</p>
<p><code>${escapeHtml(code)}</code>: ${escapeHtml(message)}</p>
<p>Volte e confira os campos. / Go back and check the fields.</p>`, cors);
}
