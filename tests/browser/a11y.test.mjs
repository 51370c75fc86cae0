// Accessibility of the Fluxo landing page (www/index.html, PT and EN, with
// its demo panel, meeting step and thank-you shown) and the playground
// (www/playground.html, with problems and an outcome shown), in headless
// Chromium with axe-core 4.14: no serious or critical violation, and — as
// DESIGN ("Accessibility") asks — axe's "needs review" colour-contrast
// results counted and required to be none: a colour axe cannot decide (text
// on a gradient, say) is a colour nobody checked. Besides axe, the ratios
// DESIGN names are recomputed here from the computed styles (WCAG 2.x
// relative luminance): the customer names ≥ 4.5:1 on the hero, control
// borders and the focus ring ≥ 3:1 on their background.
// Needs pkg/ (scripts/build-pkg); run by scripts/test-www.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { startKitServer } from "./kit-server.mjs";
import { fillLanding, ready, MQL_VISITOR } from "./landing.mjs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../../..");
const AXE = join(root, "node_modules/axe-core/axe.min.js");

let browser, server;
before(async () => {
  server = await startKitServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** axe on the page: serious/critical violations, and every "needs review" colour-contrast node. */
async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations", "incomplete"] }));
  const list = (nodes) => nodes.map((n) => n.target.join(" "));
  return {
    serious: r.violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => `${v.id} (${v.impact}): ${list(v.nodes).slice(0, 4).join(", ")}`),
    minor: r.violations.filter((v) => !["serious", "critical"].includes(v.impact)).map((v) => `${v.id} (${v.impact})`),
    review: r.incomplete.filter((v) => v.id === "color-contrast").flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.any.map((a) => a.message).join(" ")}`)),
  };
}

/** WCAG contrast of two `rgb(…)` colours (opaque). */
function ratio(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** Computed style properties of the first element matching `sel`. */
const style = (page, sel, props) => page.$eval(sel, (e, ps) => Object.fromEntries(ps.map((p) => [p, getComputedStyle(e)[p]])), props);

test("landing page: no serious or critical axe violation and no contrast left for review, in PT and EN, form and demo panel shown", async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  await ready(page);
  const pt = await axe(page);
  assert.deepEqual(pt.serious, [], "PT: serious/critical violations");
  assert.deepEqual(pt.review, [], "PT: colour contrast axe could not decide");
  t.diagnostic(`PT: minor violations: ${pt.minor.length}; needs-review contrast: ${pt.review.length}`);

  // The customer names (DESIGN: 2.73:1 before) on the hero's background.
  const proof = await style(page, ".proof span", ["color"]);
  const hero = await style(page, ".hero", ["backgroundColor", "backgroundImage"]);
  assert.equal(hero.backgroundImage, "none", "the hero is one colour, so its text's contrast is decidable");
  assert.ok(ratio(proof.color, hero.backgroundColor) >= 4.5, `customer names ${ratio(proof.color, hero.backgroundColor).toFixed(2)}:1`);
  // Control borders and the focus ring ≥ 3:1 against white.
  const white = "rgb(255, 255, 255)";
  await page.evaluate(() => document.activeElement?.blur());
  for (const sel of ["#f-name", "#f-size", "#lang"]) {
    const s = await style(page, sel, ["borderTopColor"]);
    assert.ok(ratio(s.borderTopColor, white) >= 3, `${sel} border ${ratio(s.borderTopColor, white).toFixed(2)}:1`);
  }
  await page.focus("#f-name");
  await page.keyboard.press("Tab");
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineColor);
  assert.ok(ratio(ring, white) >= 3, `focus ring ${ratio(ring, white).toFixed(2)}:1`);

  // English, then a lead sent: the demo panel and the thank-you step.
  await page.click("#lang");
  await fillLanding(page, MQL_VISITOR);
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#demo:not([hidden])");
  const en = await axe(page);
  assert.deepEqual(en.serious, [], "EN with the demo panel: serious/critical violations");
  assert.deepEqual(en.review, [], "EN with the demo panel: colour contrast axe could not decide");
  t.diagnostic(`EN + demo: minor violations: ${en.minor.length}; needs-review contrast: ${en.review.length}`);
});

test("playground: no serious or critical axe violation and no contrast left for review, with problems and with an outcome", async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${server.base}/playground.html`);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  await page.selectOption("#sample", { index: 1 });
  await page.waitForSelector('[data-o="full"]:not([hidden])');
  const shown = await axe(page);
  assert.deepEqual(shown.serious, [], "with an outcome: serious/critical violations");
  assert.deepEqual(shown.review, [], "with an outcome: colour contrast axe could not decide");
  // A broken model: the problems list with its buttons.
  await page.fill("#model", '{ "id": "x", "version": 1 }');
  await page.waitForSelector("#model-problems li");
  const broken = await axe(page);
  assert.deepEqual(broken.serious, [], "with problems: serious/critical violations");
  assert.deepEqual(broken.review, [], "with problems: colour contrast axe could not decide");
  const white = "rgb(255, 255, 255)";
  // Unfocused (a focused control has the brand colour's border).
  await page.evaluate(() => document.activeElement?.blur());
  const s = await style(page, "#model", ["borderTopColor"]);
  assert.ok(ratio(s.borderTopColor, white) >= 3, `textarea border ${ratio(s.borderTopColor, white).toFixed(2)}:1`);
  t.diagnostic(`playground: minor violations: ${shown.minor.length + broken.minor.length}; needs-review contrast: ${shown.review.length + broken.review.length}`);
});

test("landing form: an empty submit shows each invalid field's message inline (aria-invalid, aria-describedby) and a live count; fixing a field clears it", async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(`${server.base}/`);
  await ready(page);
  await page.click("#lead-form button[type=submit]");
  // The three required fields of www/index.html: name, company, e-mail.
  const invalid = () => page.$$eval('#lead-form [aria-invalid="true"]', (xs) => xs.map((x) => x.id));
  assert.deepEqual(await invalid(), ["f-name", "f-company", "f-email"]);
  for (const id of ["f-name", "f-company", "f-email"]) {
    const described = await page.$eval(`#${id}`, (x) => (x.getAttribute("aria-describedby") || "").split(" ").map((d) => document.getElementById(d)?.textContent ?? ""));
    assert.ok(described.some((text) => text.length > 0), `#${id} is described by its message: ${JSON.stringify(described)}`);
  }
  const summary = () => page.$eval("#lead-form .leadgate-error-summary", (x) => [x.getAttribute("role"), x.textContent]);
  assert.deepEqual(await summary(), ["status", "3 campos precisam de atenção."]);
  const errs = await axe(page);
  assert.deepEqual(errs.serious, [], "with inline errors: serious/critical violations");
  assert.deepEqual(errs.review, [], "with inline errors: colour contrast axe could not decide");
  const message = await page.$eval("#f-name + .leadgate-error", (x) => getComputedStyle(x).color);
  assert.ok(ratio(message, "rgb(255, 255, 255)") >= 4.5, `message ${ratio(message, "rgb(255, 255, 255)").toFixed(2)}:1`);
  // A malformed e-mail keeps its field marked with the new message; a name clears its own.
  await page.fill("#f-name", "Paulo");
  await page.fill("#f-email", "paulo@");
  assert.deepEqual(await invalid(), ["f-company", "f-email"]);
  assert.equal(await page.$eval("#f-name", (x) => x.hasAttribute("aria-describedby")), false);
  assert.deepEqual(await summary(), ["status", "2 campos precisam de atenção."]);
  const emailMessage = await page.$eval("#f-email + .leadgate-error", (x) => x.textContent);
  assert.equal(emailMessage, await page.$eval("#f-email", (x) => x.validationMessage), "the browser's own message for the malformed address");
  // Everything valid: the lead goes, nothing is left marked.
  await fillLanding(page, MQL_VISITOR);
  assert.deepEqual(await invalid(), []);
  assert.deepEqual(await summary(), ["status", ""]);
  await page.click("#lead-form button[type=submit]");
  await page.waitForSelector("#demo:not([hidden])");
});

test("every page reflows at 320 px: nothing wider than the viewport, so no sideways scrolling (DESIGN, Accessibility)", async (t) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  t.after(() => context.close());
  const page = await context.newPage();
  for (const path of ["/", "/pricing.html", "/cases.html", "/playground.html", "/editor.html", "/report.html"]) {
    await page.goto(`${server.base}${path}`);
    if (path === "/") await ready(page);
    if (path === "/playground.html") {
      await page.waitForFunction(() => document.body.dataset.ready === "true");
      await page.selectOption("#sample", { index: 1 });
      await page.waitForSelector('[data-o="full"]:not([hidden])'); // the outcome, with its reasons table
    }
    const r = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > w + 0.5)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}`);
      return { scroll: document.scrollingElement.scrollWidth, w, wide };
    });
    assert.equal(r.w, 320, path);
    assert.ok(r.scroll <= r.w, `${path}: ${r.scroll} px wide at 320 (${r.wide.join(", ")})`);
  }
});
