// Portability: the same worker module (www/edge/worker.js, not bundled)
// served by Deno (npm package `deno`) through Deno.serve on 127.0.0.1, with
// "leadgate" mapped to the package's deno entry. An SQL lead is scored and
// delivered to the webhook receiver; an MQL is scored and not delivered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root, bin, testBindings, postJson, stalledPost, TEST_SECRET } from "./harness.mjs";
import { start, freePort, waitForHttp } from "../pkg/util.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, SQL_LATAM, MQL } from "./leads.mjs";

let recv;
let server;
let dir;
let url;
process.env.DENO_NO_UPDATE_CHECK = "1";

before(async () => {
  recv = await startReceiver({ secret: TEST_SECRET });
  dir = mkdtempSync(join(tmpdir(), "leadgate-edge-deno-"));
  const config = {
    imports: { leadgate: pathToFileURL(join(root, "pkg/deno.js")).href, "leadgate/connectors": pathToFileURL(join(root, "pkg/connectors/index.js")).href },
    lock: false,
    nodeModulesDir: "none",
  };
  writeFileSync(join(dir, "deno.json"), JSON.stringify(config));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env = testBindings(recv.url, { BODY_TIMEOUT_MS: "600" });
  server = start(bin("deno"), ["run", "--quiet", "--allow-net=127.0.0.1", "--config", join(dir, "deno.json"),
    join(root, "tests/edge/deno-serve.mjs"), String(port), JSON.stringify(env)], { cwd: dir });
  await waitForHttp(`${url}/health`, server);
});

after(async () => {
  await server?.stop();
  await recv?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("Deno serves the same worker module: an SQL lead is scored and delivered, an MQL is not", async () => {
  const health = await (await fetch(`${url}/health`)).json();
  assert.deepEqual(health, { ok: true, model: reference.model });
  const r = await postJson(url, { ...SQL_LATAM, score: 999 });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.stage, "SQL");
  assert.equal(body.delivered, true);
  const got = recv.accepted.get(body.submission_id);
  assert.equal(got.path, "/hooks/latam-sdr");
  assert.deepEqual(got.payload.lead, SQL_LATAM);
  assert.deepEqual(got.payload.outcome, reference.score(SQL_LATAM, { now: got.payload.received_at }));
  const mql = await (await postJson(url, MQL)).json();
  assert.deepEqual([mql.stage, mql.delivered], ["MQL", false]);
  const bad = await postJson(url, "[1,2]");
  assert.equal(bad.status, 422);
  assert.equal((await bad.json()).error.code, "not_an_object");
  assert.equal(recv.accepted.size, 1);
});

test("Deno: a stalled body times out with 408 (the read deadline is the module's, not the runtime's)", async () => {
  const got = await stalledPost(url).answer;
  assert.equal(got.status, 408, got.text);
  assert.equal(JSON.parse(got.text).error.code, "body_timeout");
});
