// The browser/bundler entry (index.js) under Node: nothing works before
// init(), init() accepts the wasm bytes, and createScorer awaits it.
// (Streaming compilation from a URL is exercised in Chromium by tests/pkg.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Not helpers.mjs: this file's process must not have loaded the wasm
// through another entry first.
const root = fileURLToPath(new URL("../..", import.meta.url));

const dir = join(root, process.env.LEADGATE_PKG ?? "pkg");
const browser = await import(join(dir, "index.js"));

test("index.js: not_initialized before init(), load_failed on a bad wasm, then ready", async () => {
  assert.throws(() => new browser.Scorer(browser.defaultModel()), (e) =>
    e instanceof browser.LeadgateError && e.code === "not_initialized");
  assert.throws(() => browser.validateModel({}), (e) => e.code === "not_initialized");
  // A failed load is a LeadgateError, and init() can be called again after it.
  await assert.rejects(browser.init(new Uint8Array([60, 104, 116, 109, 108, 62])), (e) =>
    e instanceof browser.LeadgateError && e.code === "load_failed" && e.cause instanceof Error);
  const bytes = readFileSync(join(dir, "leadgate_bg.wasm"));
  await Promise.all([browser.init(bytes), browser.init(bytes)]);
  const scorer = await browser.createScorer(browser.defaultModel());
  const outcome = scorer.score({ email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing", company_size: 120, form: "demo_request" }, { now: "2026-11-26T12:00:00Z" });
  assert.equal(outcome.stage, "SQL");
  assert.equal(outcome.route.respond_by, "2026-11-26T13:00:00Z");
});
