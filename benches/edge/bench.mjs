// Measures the edge worker (www/edge/worker.js) on real workerd, loopback only:
//  - cold start over fresh workerd processes: spawn → listening (wasm compile,
//    module evaluation), the first POST /lead (model compile, first scoring)
//    as the client sees it, and workerd's CPU time for each;
//  - CPU time per request after warm-up: workerd's own CPU time (sum of
//    /proc/<pid>/task/*/schedstat, nanoseconds) over N requests / N, for a
//    404, GET /model, a scored lead that is not delivered, and a scored lead
//    delivered to a webhook receiver on 127.0.0.1 (the receiver and the client
//    are this process, so their CPU is not counted);
//  - the handler alone in Node (same code, Node entry): process.cpuUsage over
//    N calls of worker.fetch(Request), and scorer.score alone, for a breakdown.
// workerd cannot time compute from inside the isolate (performance.now and
// Date only advance on I/O there), hence the process-level measurement.
//  - POST /lead on the durable path (Durable Object on disk and on tmpfs) vs
//    the stateless path: durable.mjs.
//  - published models' per-request check (Deno, Deno KV): models.mjs.
// Usage: node benches/edge/bench.mjs [--rounds 7] [--requests 3000] [--durable-requests 1000]
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, rmSync, mkdtempSync, mkdirSync, symlinkSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { root, bin, prepareEdge, testBindings, TEST_SECRET } from "../../tests/edge/harness.mjs";
import { startReceiver } from "../../tests/edge/receiver.mjs";
import { SQL_ENTERPRISE, MQL } from "../../tests/edge/leads.mjs";
import { readFixture } from "../../tests/connectors/stub.mjs";
import { benchDurable } from "./durable.mjs";
import { benchModels } from "./models.mjs";

// Inbound routes (www/edge/inbound.js): each vendor's documented payload, with its route key.
const IN_KEY = "bench-route-key-0123456789";
const inbound = (url, route, type, body, headers = {}) => () =>
  fetch(`${url}/in/${route}${route === "pipedrive" ? "" : `?key=${IN_KEY}`}`, { method: "POST", headers: { "content-type": type, ...headers }, body });

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg("rounds", 7);
const N = arg("requests", 3000);
const DURABLE_N = arg("durable-requests", 1000);
const CONCURRENCY = 4;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const f = (x, d = 2) => x.toFixed(d);

/** CPU nanoseconds used so far by every thread of `pid`. */
function cpuNs(pid) {
  let total = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // thread ended
    }
  }
  return total;
}

function listening(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.on("connect", () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
  });
}

async function spawnWorkerd(dir, port) {
  const t0 = performance.now();
  const child = spawn(bin("workerd"), ["serve", "config.capnp"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const deadline = Date.now() + 15_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(child);
      throw new Error(`workerd did not start:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return { child, listenMs: performance.now() - t0 };
}

async function stop(child) {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

const leadRequest = (url, lead) => () => fetch(`${url}/lead`, {
  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(lead),
});

async function timed(send) {
  const t = performance.now();
  const r = await send();
  await r.arrayBuffer();
  if (r.status >= 500) throw new Error(`status ${r.status}`);
  return performance.now() - t;
}

async function load(pid, send, n) {
  const lat = [];
  let i = 0;
  const c0 = cpuNs(pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (i++ < n) lat.push(await timed(send));
  }));
  const wall = performance.now() - t0;
  return { cpuMsPerReq: (cpuNs(pid) - c0) / 1e6 / n, p50: median(lat), p99: pct(lat, 0.99), rps: n / (wall / 1000) };
}

const recv = await startReceiver({ secret: TEST_SECRET });
const { dir, port } = await prepareEdge(testBindings(recv.url, {
  IN_RDSTATION_KEY: IN_KEY, IN_HUBSPOT_KEY: IN_KEY, IN_SALESFORCE_KEY: IN_KEY, IN_PIPEDRIVE_KEY: IN_KEY,
}));
const url = `http://127.0.0.1:${port}`;
const lines = [];
const say = (s) => { console.log(s); lines.push(s); };
say(`workerd ${JSON.parse(readFileSync(join(root, "node_modules/workerd/package.json"), "utf8")).version}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0].model}`);

try {
  // Cold start.
  const cold = [];
  for (let r = 0; r < ROUNDS; r++) {
    const { child, listenMs } = await spawnWorkerd(dir, port);
    try {
      const c1 = cpuNs(child.pid);
      const first = await timed(leadRequest(url, MQL));
      const c2 = cpuNs(child.pid);
      const second = await timed(leadRequest(url, MQL));
      const c3 = cpuNs(child.pid);
      cold.push({ listenMs, startCpuMs: c1 / 1e6, first, firstCpu: (c2 - c1) / 1e6, second, secondCpu: (c3 - c2) / 1e6 });
    } finally {
      await stop(child);
    }
  }
  const m = (k) => median(cold.map((c) => c[k]));
  say(`\ncold start, median of ${ROUNDS} fresh workerd processes:`);
  say(`  spawn → listening (wasm compile + worker evaluation): ${f(m("listenMs"), 1)} ms wall, ${f(m("startCpuMs"), 1)} ms CPU`);
  say(`  first POST /lead (config + model compile + first score): ${f(m("first"), 1)} ms wall, ${f(m("firstCpu"), 1)} ms workerd CPU`);
  say(`  second POST /lead: ${f(m("second"), 2)} ms wall, ${f(m("secondCpu"), 2)} ms workerd CPU`);

  // Warm.
  const { child } = await spawnWorkerd(dir, port);
  try {
    const kinds = [
      ["GET /nope (404, no scoring)", () => fetch(`${url}/nope`)],
      ["GET /model", () => fetch(`${url}/model`)],
      ["POST /lead, MQL: scored, not delivered", leadRequest(url, MQL)],
      ["POST /lead, SQL: scored + webhook POST", leadRequest(url, SQL_ENTERPRISE)],
      ["POST /in/rdstation, WEBHOOK.CONVERTED (scored, delivered if SQL)", inbound(url, "rdstation", "application/json", readFixture("rdstation", "webhook-converted.payload.json"))],
      ["POST /in/rdstation, legacy { leads } (scored, delivered if SQL)", inbound(url, "rdstation", "application/json", readFixture("rdstation", "webhook-legacy.payload.json"))],
      ["POST /in/hubspot, Forms body (scored, delivered if SQL)", inbound(url, "hubspot", "application/json", readFixture("hubspot", "forms-submission.payload.json"))],
      ["POST /in/salesforce, Web-to-Lead (scored, delivered if SQL)", inbound(url, "salesforce", "application/x-www-form-urlencoded", readFixture("salesforce", "web-to-lead.payload.txt"))],
      ["POST /in/pipedrive, webhook v2 person (scored, delivered if SQL)", inbound(url, "pipedrive", "application/json", readFixture("pipedrive", "webhook-v2-person.payload.json"), { authorization: `Basic ${btoa(`leadgate:${IN_KEY}`)}` })],
    ];
    for (const [, send] of kinds) await load(child.pid, send, 500); // warm-up
    say(`\nwarm, ${N} requests each, ${CONCURRENCY} concurrent; workerd CPU per request (all threads, schedstat):`);
    say("| request | workerd CPU ms/req | latency p50 ms | p99 ms | req/s |");
    say("| --- | ---: | ---: | ---: | ---: |");
    for (const [name, send] of kinds) {
      const r = await load(child.pid, send, N);
      say(`| ${name} | ${f(r.cpuMsPerReq, 3)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.rps, 0)} |`);
    }
  } finally {
    await stop(child);
  }
} finally {
  await recv.close();
  rmSync(dir, { recursive: true, force: true });
}

// The handler alone, in Node: the same worker code, bundled for Node.
{
  const { build } = await import(join(root, "node_modules/esbuild/lib/main.js"));
  const tmp = mkdtempSync(join(tmpdir(), "leadgate-edge-bench-"));
  mkdirSync(join(tmp, "node_modules"));
  symlinkSync(join(root, "pkg"), join(tmp, "node_modules/leadgate"), "dir");
  await build({
    entryPoints: [join(root, "www/edge/worker.js")], bundle: true, format: "esm", platform: "node",
    nodePaths: [join(tmp, "node_modules")], outfile: join(tmp, "worker.mjs"), logLevel: "warning",
    external: ["leadgate"],
  });
  const worker = (await import(join(tmp, "worker.mjs"))).default;
  const { Scorer, defaultModel } = await import(join(root, "pkg/node.mjs"));
  const env = { WEBHOOKS: JSON.stringify({ "*": "http://127.0.0.1:9/unused" }) };
  const body = JSON.stringify(MQL);
  const call = () => worker.fetch(new Request("http://edge/lead", { method: "POST", headers: { "content-type": "application/json" }, body }), env);
  for (let i = 0; i < 2000; i++) await (await call()).arrayBuffer();
  const M = 20_000;
  let u0 = process.cpuUsage();
  for (let i = 0; i < M; i++) await (await call()).arrayBuffer();
  let u = process.cpuUsage(u0);
  const handlerMs = (u.user + u.system) / 1000 / M;
  const scorer = new Scorer(defaultModel());
  for (let i = 0; i < 2000; i++) scorer.score(MQL);
  u0 = process.cpuUsage();
  for (let i = 0; i < M; i++) scorer.score(MQL);
  u = process.cpuUsage(u0);
  const scoreMs = (u.user + u.system) / 1000 / M;
  say(`\nNode ${process.version}, in-process, ${M} calls: worker.fetch(Request) for an MQL ${f(handlerMs * 1000, 1)} µs CPU/call; scorer.score alone ${f(scoreMs * 1000, 1)} µs CPU/call`);
  rmSync(tmp, { recursive: true, force: true });
}

// The durable path vs the stateless path (durable.mjs).
await benchDurable(say, DURABLE_N);

// Published models: what asking "which model scores" costs per request (models.mjs).
benchModels(say);
