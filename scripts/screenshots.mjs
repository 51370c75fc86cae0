// The screenshots in docs/images/ (docs/editor.md, docs/report.md): the
// model editor in English and Portuguese, its "What changes" tab, and the
// report page, taken in headless Chromium (playwright-core + Debian's
// /usr/bin/chromium, as the browser tests) from the pages served by the
// browser tests' server. Not part of scripts/test: the images are committed,
// and a test run must not rewrite docs. Run by scripts/screenshots.
//
// Each image is a clip of a 1,000 px wide page at device scale 1 (small
// files; the total is printed and must stay under BUDGET).
import { launchChromium } from "../tests/support/chromium.mjs";
import { startKitServer } from "../tests/browser/kit-server.mjs";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "../..");
const OUT = join(root, "docs/images");
const FIX = join(root, "tests/fixtures/report");
/** Bytes all the images may take together. */
const BUDGET = 600_000;
const WIDTH = 1000;

mkdirSync(OUT, { recursive: true });
const server = await startKitServer();
const browser = await launchChromium();
const shots = [];

/** A fresh page in `lang` (the editor's choice is remembered in localStorage). */
async function open(path, lang = "en", height = 760) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height }, deviceScaleFactor: 1, locale: "en-US", timezoneId: "America/Sao_Paulo" });
  await context.addInitScript((l) => localStorage.setItem("leadgate.lang", l), lang);
  const page = await context.newPage();
  await page.goto(`${server.base}${path}`);
  return page;
}

/** Saves the region of `selector` (from its top, at most `height` px) as docs/images/`name`. */
async function shoot(page, name, selector, height = 760) {
  const box = await page.locator(selector).first().boundingBox();
  // boundingBox is relative to the viewport; a full-page clip to the page.
  const y = Math.max(0, Math.floor(box.y + (await page.evaluate(() => window.scrollY))) - 8);
  const file = join(OUT, name);
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width: WIDTH, height: Math.min(height, Math.ceil(box.height) + 16) } });
  shots.push([name, statSync(file).size]);
}

const editorReady = (page) => page.waitForFunction(() => document.body.dataset.ready === "true", null, { timeout: 60_000 });
const settled = (page) => page.waitForFunction(() => ["valid", "invalid"].includes(document.body.dataset.state));

try {
  // 1. The editor in English: a team's hours, with a misspelt time zone
  //    shown next to its picker (the value and the core's "did you mean").
  for (const lang of ["en", "pt"]) {
    const page = await open("/editor.html", lang);
    await editorReady(page);
    await page.click('[data-add="teams"]');
    await settled(page);
    await page.fill('[data-path="teams.enterprise-ae.timezone"]', "America/Sao_Paolo");
    await settled(page);
    await page.locator("#s-teams").evaluate((e) => e.scrollIntoView());
    await page.evaluate(() => document.activeElement.blur());
    await shoot(page, `editor-teams-${lang}.png`, "#s-teams", 620);
    await page.context().close();
  }

  // 2. "What changes" on tests/fixtures/report/funnel.csv after the SQL
  //    threshold went from 60 to 40 (the editor-whatif test's case).
  {
    const page = await open("/editor.html", "en", 900);
    await editorReady(page);
    await page.setInputFiles("#import", join(FIX, "model.json"));
    await page.waitForFunction(() => window.leadgateEditor.model().id === "report-test");
    await page.fill('[data-path="stages[0].if.score_at_least"]', "40");
    await page.waitForFunction(() => window.leadgateEditor.model().stages[0].if.score_at_least === 40 && document.body.dataset.state === "valid");
    await page.click("#tab-whatif");
    await page.fill("#whatif-asof", "2026-03-01T00:00:00Z");
    await page.setInputFiles("#whatif-file", join(FIX, "funnel.csv"));
    await page.waitForFunction(() => document.body.dataset.whatif === "done", null, { timeout: 60_000 });
    await page.evaluate(() => document.activeElement.blur());
    await shoot(page, "editor-whatif-en.png", "#whatif-out", 700);
    await page.context().close();
  }

  // 3. The report page on the same export: its first screen of figures.
  {
    const page = await open("/report.html", "en", 900);
    await page.waitForFunction(() => document.body.dataset.state === "ready", null, { timeout: 60_000 });
    await page.fill("#as-of", "2026-03-01T00:00:00Z");
    await page.setInputFiles("#file", join(FIX, "funnel.csv"));
    await page.waitForFunction(() => ["done", "error"].includes(document.body.dataset.state), null, { timeout: 60_000 });
    await shoot(page, "report.png", "#out", 760);
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}

let total = 0;
for (const [name, bytes] of shots) {
  total += bytes;
  console.log(`docs/images/${name.padEnd(24)} ${String(bytes).padStart(8)} B`);
}
console.log(`total${" ".repeat(31)}${String(total).padStart(8)} B (budget ${BUDGET})`);
if (total > BUDGET) {
  console.error("screenshots: the images are over their budget; clip them smaller");
  process.exit(1);
}
