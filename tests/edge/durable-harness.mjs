// Starts the edge worker with durable state on real engines, with a storage
// directory that outlives the process: workerd with the LeadgateState Durable
// Object on local disk (config-durable.capnp.in), or Deno with Deno KV in a
// file (deno-durable-serve.mjs). `kill()` is a kill -9 (no chance to flush
// anything); `restart()` starts a new process on the same storage.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root, bin, prepareEdge } from "./harness.mjs";
import { freePort, waitForHttp } from "../pkg/util.mjs";

export const ADMIN_TOKEN = "admin-test-token-0123456789abcdef";

function launch(cmd, args, cwd, env) {
  const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: env ? { ...process.env, ...env } : process.env });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    child,
    get output() {
      return output;
    },
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The durable edge on `engine` ("workerd" | "deno") with `bindings`; `model` is a
 * model file (default: models/default.json), `env` extra environment for the
 * engine's process (`restart({ env })` may change it: friday.test.mjs's clock);
 * `storage`: another edge's storage directory, to share it (two Deno
 * processes on one KV file) or take it over (new bindings after a kill).
 */
export async function startDurable(engine, bindings, { entry, denoEntry = "tests/edge/deno-durable-serve.mjs", model, env, storage: shared } = {}) {
  // LEADGATE_STATE_TMP (e.g. /dev/shm) applies to workerd only: Deno treats
  // paths under /dev as devices (it asks for --allow-all), and Deno KV's one
  // SQLite file commits quickly enough on disk.
  const base = engine === "workerd" && process.env.LEADGATE_STATE_TMP ? process.env.LEADGATE_STATE_TMP : tmpdir();
  const storage = shared ?? mkdtempSync(join(base, `leadgate-state-${engine}-`));
  let dir;
  let port;
  let args;
  let cmd;
  if (engine === "workerd") {
    ({ dir, port } = await prepareEdge(bindings, { template: "config-durable.capnp.in", values: { STORAGE: JSON.stringify(storage) }, entry, model }));
    cmd = bin("workerd");
    args = ["serve", "--verbose", "config.capnp"];
  } else {
    dir = mkdtempSync(join(tmpdir(), "leadgate-edge-deno-"));
    const config = {
      imports: { leadgate: pathToFileURL(join(root, "pkg/deno.js")).href, "leadgate/connectors": pathToFileURL(join(root, "pkg/connectors/index.js")).href },
      lock: false,
      nodeModulesDir: "none",
    };
    writeFileSync(join(dir, "deno.json"), JSON.stringify(config));
    port = await freePort();
    if (model) bindings = { ...bindings, MODEL: readFileSync(model, "utf8") };
    cmd = bin("deno");
    args = ["run", "--quiet", "--unstable-kv", "--allow-net=127.0.0.1", `--allow-read=${storage}`, `--allow-write=${storage}`,
      "--config", join(dir, "deno.json"), join(root, denoEntry), String(port), JSON.stringify(bindings), join(storage, "kv.sqlite")];
  }
  const url = `http://127.0.0.1:${port}`;
  const edge = {
    url,
    storage,
    server: null,
    logs: "",
    env,
    async boot() {
      edge.server = launch(cmd, args, dir, edge.env);
      await waitForHttp(`${url}/health`, edge.server);
    },
    /** kill -9: the process gets no chance to finish anything. */
    async kill() {
      edge.logs += edge.server.output;
      await edge.server.stop("SIGKILL");
    },
    async restart({ env: next } = {}) {
      if (next) edge.env = next;
      await edge.boot();
    },
    async stop() {
      if (edge.server) {
        edge.logs += edge.server.output;
        await edge.server.stop();
      }
      if (!process.env.LEADGATE_KEEP_TMP) {
        rmSync(dir, { recursive: true, force: true });
        rmSync(storage, { recursive: true, force: true });
      }
    },
  };
  await edge.boot();
  return edge;
}

/** An authenticated admin request. */
export function admin(url, path, { method = "GET", body, token = ADMIN_TOKEN } = {}) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Polls `check()` until it is truthy, for at most `ms`. */
export async function eventually(check, ms = 20_000, what = "condition") {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
