// Debian's Chromium driven by playwright-core, started the one way every browser
// test here needs: headless, as root, and without the background connections this
// machine's closed network refuses (never `npx playwright install`).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Path of the Chromium binary (`CHROMIUM` overrides Debian's). */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Launches headless Chromium; fails clearly when it is not installed. */
export async function launchChromium() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium; scripts/test-pkg does)`);
  const { chromium } = await import(join(root, "node_modules/playwright-core/index.mjs"));
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Polls `fn` every 50 ms until it is truthy; fails after `ms` naming `what`. */
export async function until(fn, what, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
