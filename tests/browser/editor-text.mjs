// Shared by the model editor's browser tests (editor*.test.mjs).

/**
 * Text on the page that did not come from the message table: a text node
 * outside `[data-i18n]` / `[data-raw]` (model data, paths, the core's
 * messages), or an aria-label/title/placeholder without `data-i18n-…`.
 */
export async function textNotFromTable(page) {
  return page.evaluate(() => {
    const bad = [];
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!n.textContent.trim() || ["SCRIPT", "STYLE", "TEXTAREA"].includes(p.tagName)) continue;
      if (!p.closest("[data-i18n], [data-raw]")) bad.push(n.textContent.trim().slice(0, 60));
    }
    for (const attr of ["aria-label", "title", "placeholder"]) {
      for (const e of document.querySelectorAll(`[${attr}]`)) if (!e.hasAttribute(`data-i18n-${attr}`)) bad.push(`${attr}=${e.getAttribute(attr)}`);
    }
    return { bad, lang: document.documentElement.lang, texts: [...document.querySelectorAll("[data-i18n]")].map((e) => e.textContent) };
  });
}
