// Packaging tests: `npm pack` the built pkg/, install the tarball into
// throw-away consumer projects (tests/pkg/consumers/*) and run each for real:
// Node ESM, Node CommonJS, a Vite production build in headless Chromium, a
// worker in workerd, Deno, and a strict TypeScript consumer. Each scores a
// fixture lead and must print that case's full expected outcome.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "../support/chromium.mjs";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run, start, freePort, serveStatic, waitForHttp } from "./util.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name) => join(root, "node_modules/.bin", name);
let work;
let tarball;
let fixture;
let expected;

before(() => {
  work = mkdtempSync(join(tmpdir(), "leadgate-pkg-"));
  const packed = run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: join(root, "pkg") });
  tarball = join(work, packed.trim().split("\n").pop());
  // A default-model case that reaches a stage, so a wrong answer is visible.
  const dir = join(root, "tests/fixtures/cases");
  const stem = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(dir, f), "utf8"))])
    .find(([, c]) => c.model === "default" && c.expect?.stage && c.expect.stage !== "lead" && !c.previous_stage)?.[0];
  assert.ok(stem, "no default-model case with a stage in tests/fixtures/cases");
  const c = JSON.parse(readFileSync(join(dir, `${stem}.json`), "utf8"));
  const model = JSON.parse(readFileSync(join(root, "models/default.json"), "utf8"));
  fixture = { case: stem, model, lead: c.lead, now: c.now };
  expected = JSON.parse(readFileSync(join(root, "tests/fixtures/expected", `${stem}.json`), "utf8"));
});

after(() => {
  if (work && !process.env.LEADGATE_KEEP_TMP) rmSync(work, { recursive: true, force: true });
});

/** A fresh project from tests/pkg/consumers/<name> with the tarball installed. */
function project(name, extraPackageJson = {}) {
  const dir = join(work, name);
  cpSync(join(root, "tests/pkg/consumers", name), dir, { recursive: true });
  const pkg = { name: `consumer-${name}`, private: true, type: "module", ...extraPackageJson };
  writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  writeFileSync(join(dir, "fixture.json"), JSON.stringify(fixture));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], { cwd: dir });
  return dir;
}

function assertOutcome(text, where) {
  const line = text.trim().split("\n").pop();
  const outcome = JSON.parse(line);
  assert.equal(outcome.stage, expected.stage, `${where}: stage`);
  assert.deepStrictEqual(outcome, expected, `${where}: full outcome of ${fixture.case}`);
}

test("the tarball holds the package files and nothing else", () => {
  const listing = run("tar", ["-tzf", tarball]).trim().split("\n").sort();
  const pkgJson = JSON.parse(readFileSync(join(root, "pkg/package.json"), "utf8"));
  // A folder in `files` ships every file under it.
  const expand = (f) => (f.endsWith("/") ? readdirSync(join(root, "pkg", f)).map((g) => f + g) : [f]);
  const want = [...pkgJson.files.flatMap(expand), "package.json"].map((f) => `package/${f}`).sort();
  assert.deepStrictEqual(listing, want);
});

test("Node ESM", () => {
  const dir = project("node-esm");
  assertOutcome(run("node", ["main.mjs"], { cwd: dir }), "node-esm");
});

test("Node CommonJS", () => {
  const dir = project("node-cjs", { type: "commonjs" });
  assertOutcome(run("node", ["main.cjs"], { cwd: dir }), "node-cjs");
});

test("strict TypeScript consumer (tsc --noEmit --strict), then run", () => {
  const dir = project("typescript");
  run(bin("tsc"), ["--noEmit", "--strict", "-p", "."], { cwd: dir });
  run(bin("tsc"), ["-p", "."], { cwd: dir });
  assertOutcome(run("node", ["out/index.js"], { cwd: dir }), "typescript");
});

test("Deno (no permissions)", () => {
  const dir = project("deno");
  assertOutcome(run(bin("deno"), ["run", "--quiet", "main.ts"], { cwd: dir, env: { DENO_NO_UPDATE_CHECK: "1" } }), "deno");
});

test("workerd: a bundled worker answers an HTTP request on 127.0.0.1", async () => {
  const dir = project("workerd");
  run(bin("esbuild"), ["worker.js", "--bundle", "--format=esm", "--platform=neutral",
    "--conditions=workerd,worker,browser", "--external:*.wasm", "--outfile=bundle.mjs", "--log-level=warning"], { cwd: dir });
  const port = await freePort();
  const config = readFileSync(join(dir, "config.capnp.in"), "utf8").replaceAll("@PORT@", String(port));
  writeFileSync(join(dir, "config.capnp"), config);
  const server = start(bin("workerd"), ["serve", "config.capnp"], { cwd: dir });
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(url, server);
    const ok = await fetch(url, { method: "POST", body: JSON.stringify(fixture.lead) });
    assert.equal(ok.status, 200);
    assertOutcome(await ok.text(), "workerd");
    const bad = await fetch(url, { method: "POST", body: "[1, 2]" });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error, "not_an_object");
  } finally {
    await server.stop();
  }
});

for (const name of ["vite", "vite-lite"]) test(`Vite 7 production build in headless Chromium (${name})`, async (t) => {
  const dir = project(name);
  if (name === "vite-lite") {
    // The page fetches a model compiled ahead of time, as a site would ship it.
    const { compileModel } = await import(join(root, "pkg/node.mjs"));
    mkdirSync(join(dir, "public"));
    writeFileSync(join(dir, "public/model.lgm"), compileModel(fixture.model));
  }
  run(bin("vite"), ["build", "--logLevel", "warn"], { cwd: dir });
  const wasmAssets = readdirSync(join(dir, "dist/assets")).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasmAssets.length, 1, "the build emits the wasm as one asset");
  const server = await serveStatic(join(dir, "dist"));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => m.type() === "error" || m.type() === "warning" ? problems.push(m.text()) : null);
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById("out").textContent.length > 0, null, { timeout: 15_000 });
    const text = await page.textContent("#out");
    assert.ok(!text.startsWith("ERROR"), text);
    assertOutcome(text, "vite+chromium");
    assert.equal(await page.getAttribute("#out", "data-ok"), "true");
    assert.deepStrictEqual(problems, []);
    t.diagnostic(`wasm served as ${server.types.get(wasmAssets[0]) ?? "?"}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
