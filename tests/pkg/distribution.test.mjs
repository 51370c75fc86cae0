// The npm package as a web developer without Rust uses it: `npm pack` into a
// clean temporary project, then `npx leadgate compile` (the same bytes as the
// native CLI's) and `npx leadgate check` (the same report, every invalid
// fixture at once), and a static page built from exactly the files
// pkg-template/README.md lists ("Drop it into a landing page") plus the
// compiled model, which scores a lead in headless Chromium as Node does.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../support/chromium.mjs";
import { run, serveStatic } from "./util.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
let work;
let project;

/** Runs a command; returns { status, stdout, stderr } (stdout as bytes when `binary`). */
function exec(cmd, args, cwd, binary = false) {
  const r = spawnSync(cmd, args, { cwd, encoding: binary ? undefined : "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}
const native = (args, cwd) => exec(join(root, "target/debug/leadgate"), args, cwd);
const npx = (args) => exec("npx", ["--offline", "leadgate", ...args], project);

before(() => {
  // The native CLI to compare with (built by `cargo test` already; cheap when fresh).
  run("cargo", ["build", "--quiet", "--bin", "leadgate"], { cwd: root });
  work = mkdtempSync(join(tmpdir(), "leadgate-dist-"));
  const packed = run("npm", ["pack", "--silent", "--pack-destination", work], { cwd: join(root, "pkg") });
  const tarball = join(work, packed.trim().split("\n").pop());
  project = join(work, "site");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "a-landing-page", private: true }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], { cwd: project });
});
after(() => {
  if (work && !process.env.LEADGATE_KEEP_TMP) rmSync(work, { recursive: true, force: true });
});

test("npx leadgate compile writes the native CLI's bytes, for a model file and for the default model", () => {
  const model = join(root, "models/default.json");
  let r = npx(["compile", model, "-o", "sla.lgm"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(native(["compile", model, "-o", join(project, "native.lgm")], project).status, 0);
  assert.deepEqual(readFileSync(join(project, "sla.lgm")), readFileSync(join(project, "native.lgm")));
  r = npx(["compile", "-o", "default.lgm"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readFileSync(join(project, "default.lgm")), readFileSync(join(project, "native.lgm")));
  assert.match(r.stderr, /^leadgate: wrote default\.lgm \(\d+ bytes; /);
});

test("npx leadgate check reports exactly what the native CLI reports, and exits the same", () => {
  const dir = join(root, "tests/fixtures/invalid");
  const files = [join(root, "models/default.json"), ...readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f))];
  assert.ok(files.length > 50);
  for (const json of [[], ["--json"]]) {
    const js = npx(["check", ...json, ...files]);
    const cli = native(["check", ...json, ...files], project);
    assert.equal(js.status, 1);
    assert.equal(js.status, cli.status);
    assert.equal(js.stdout, cli.stdout, `check ${json.join(" ")}`);
  }
  const bad = npx(["score", "x.csv"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not a command of the npm package's CLI/);
});

test("a static page of only the README's files scores a lead in Chromium as Node does", async (t) => {
  const readme = readFileSync(join(project, "node_modules/leadgate/README.md"), "utf8");
  const block = /<!-- landing-files:[^\n]*\n([\s\S]*?)\n<!-- \/landing-files -->/.exec(readme)[1];
  const files = [...block.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(files, ["leadgate-form.js", "leadgate-track.js", "leadgate_bg.wasm", "default.lgm"]);
  const site = join(work, "public");
  mkdirSync(site);
  for (const f of files) copyFileSync(join(project, "node_modules/leadgate/static", f), join(site, f));
  writeFileSync(join(site, "index.html"), `<!doctype html><html lang="en"><meta charset="utf-8"><title>Landing</title>
<script type="module" src="/leadgate-form.js" data-model="/default.lgm"></script>
<form data-leadgate action="/done.html" method="get">
<label for="e">Email</label> <input id="e" name="email" type="email">
<label for="c">Company</label> <input id="c" name="company">
<label for="t">Cargo</label> <input id="t" name="cargo">
<label for="s">Funcionários</label> <input id="s" name="employees">
<button>Send</button></form></html>`);
  writeFileSync(join(site, "done.html"), "<!doctype html><title>Done</title><h1>Done</h1>");
  const server = await serveStatic(site);
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(server.url);
  await page.waitForSelector("form[data-leadgate-state=ready]");
  const lead = { email: "ana@acme.com.br", company: "Acme", cargo: "Diretora de Marketing", employees: "201-500" };
  await page.fill("#e", lead.email);
  await page.fill("#c", lead.company);
  await page.fill("#t", lead.cargo);
  await page.fill("#s", lead.employees);
  await Promise.all([page.waitForURL(/done\.html/), page.click("button")]);
  const got = Object.fromEntries(new URL(page.url()).searchParams);
  const { Scorer, defaultModel } = await import(join(root, "pkg/node.mjs"));
  const expected = new Scorer(defaultModel()).score({ email: lead.email, company: lead.company, job_title: lead.cargo, company_size: lead.employees, page_views: 1 });
  assert.equal(got.leadgate_stage, expected.stage);
  assert.equal(got.leadgate_grade, expected.grade);
  assert.equal(Number(got.leadgate_score), expected.score);
  assert.equal(got.leadgate_model_hash, expected.model.hash);
  assert.deepEqual(errors, []);
  // Only those files were asked for (and the pages themselves).
  assert.deepEqual([...server.types.keys()].filter((f) => !f.endsWith(".html")).sort(), ["default.lgm", "leadgate-form.js", "leadgate-track.js", "leadgate_bg.wasm"]);
});
