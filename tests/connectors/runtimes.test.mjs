// The same connectors module under Deno and workerd (Node runs every other
// test here): a HubSpot delivery validated by the stub, a 401, the Standard
// Webhooks vector, an inbound mapping and a coded error, with the answers a
// person expects (the same in each runtime).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStub, CREDENTIALS, root } from "./stub.mjs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { start, freePort, waitForHttp } from "../pkg/util.mjs";

const bin = (name) => join(root, "node_modules/.bin", name);
const stub = await startStub("hubspot");
after(() => stub.close());

function expectProbe(got) {
  assert.deepEqual(got.inbound, { lead: { email: "ana@acme.com.br", job_title: "CMO" }, warnings: [] });
  assert.equal(got.delivered.ok, true, JSON.stringify(got.delivered));
  assert.deepEqual(got.refused, { ok: false, code: "unauthorized", retryable: false });
  assert.equal(got.vector, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  assert.deepEqual(got.hostile, { name: "LeadgateError", code: "duplicate_key" });
  assert.deepEqual(stub.problems, []);
  assert.equal(stub.store.contacts.get("ana@acme.com.br").properties.leadgate_stage, "SQL");
}

test("Deno runs leadgate/connectors (fetch to the stub, WebCrypto, coded errors)", async () => {
  // Asynchronously: the stub answers from this process.
  const { stdout } = await promisify(execFile)(bin("deno"), ["run", "--quiet", "--no-config", "--allow-net=127.0.0.1", join(root, "tests/connectors/deno-probe.mjs"), stub.url, CREDENTIALS.hubspotToken],
    { env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" }, timeout: 60_000 });
  expectProbe(JSON.parse(stdout));
});

test("workerd runs leadgate/connectors (bundled as a worker, loopback outbound only)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "leadgate-connectors-workerd-"));
  let server;
  try {
    const { build } = await import(join(root, "node_modules/esbuild/lib/main.js"));
    await build({ entryPoints: [join(root, "tests/connectors/workerd-probe.mjs")], bundle: true, format: "esm", platform: "neutral", outfile: join(dir, "worker.mjs"), logLevel: "warning" });
    const port = await freePort();
    writeFileSync(join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w), (name = "loopback", network = (allow = ["local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const w :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.mjs") ],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
  bindings = [ (name = "STUB_URL", text = ${JSON.stringify(stub.url)}), (name = "TOKEN", text = ${JSON.stringify(CREDENTIALS.hubspotToken)}) ],
);
`);
    server = start(bin("workerd"), ["serve", "config.capnp"], { cwd: dir });
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(url, server);
    stub.store.contacts.clear();
    expectProbe(await (await fetch(url)).json());
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the package exports leadgate/connectors with its types and ships the folder", async () => {
  const { readFileSync, existsSync } = await import("node:fs");
  const pkg = JSON.parse(readFileSync(join(root, "pkg/package.json"), "utf8"));
  assert.deepEqual(pkg.exports["./connectors"], { types: "./connectors/index.d.ts", default: "./connectors/index.js" });
  assert.ok(pkg.files.includes("connectors/"));
  for (const f of ["connectors/index.js", "connectors/index.d.ts"]) assert.ok(existsSync(join(root, "pkg", f)), f);
  // Neither the main entries nor leadgate/lite import the connectors (they add no byte there).
  for (const f of ["index.js", "worker.js", "deno.js", "node.mjs", "lite/index.js"]) {
    assert.ok(!readFileSync(join(root, "pkg", f), "utf8").includes("ConnectorError"), f);
  }
});
