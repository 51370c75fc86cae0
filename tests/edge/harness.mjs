// Builds the edge worker (www/edge/worker.js) for workerd and serves it on
// 127.0.0.1 with the bindings of tests/edge/config.capnp.in. The package is
// resolved through pkg/package.json's exports with the workerd conditions,
// exactly as a consumer's bundler would.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { request } from "node:http";
import { start, freePort, waitForHttp } from "../pkg/util.mjs";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const bin = (name) => join(root, "node_modules/.bin", name);
export const TEST_SECRET = "edge-test-secret-0123456789";

/** Bundles the worker into `dir/bundle.mjs` with the wasm beside it. */
export async function bundleWorker(dir, entry = "www/edge/worker.js") {
  const { build } = await import(join(root, "node_modules/esbuild/lib/main.js"));
  const nm = join(dir, "node_modules");
  mkdirSync(nm, { recursive: true });
  symlinkSync(join(root, "pkg"), join(nm, "leadgate"), "dir");
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    nodePaths: [nm],
    outfile: join(dir, "bundle.mjs"),
    logLevel: "warning",
  });
  cpSync(join(root, "pkg/leadgate_bg.wasm"), join(dir, "leadgate_bg.wasm"));
}

/** The test bindings: one webhook per team of the default model, on the receiver. */
export function testBindings(receiverUrl, overrides = {}) {
  return {
    WEBHOOKS: JSON.stringify({
      "enterprise-ae": `${receiverUrl}/hooks/enterprise-ae`,
      "latam-sdr": `${receiverUrl}/hooks/latam-sdr`,
      "global-sdr": `${receiverUrl}/hooks/global-sdr`,
      "*": `${receiverUrl}/hooks/default`,
    }),
    ALLOWED_ORIGINS: "https://www.example.com, https://forms.example.com",
    DELIVER_STAGES: "SQL",
    EXPOSE: "stage,grade,respond_by",
    WEBHOOK_TIMEOUT_MS: "400",
    RETRY_AFTER_SECONDS: "1",
    WEBHOOK_SECRET: TEST_SECRET,
    ...overrides,
  };
}

/** A temporary directory with the bundle, the wasm, the model and config.capnp for `bindings`. */
export async function prepareEdge(bindings, { model = join(root, "models/default.json"), template = "config.capnp.in", values: extra = {}, entry } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "leadgate-edge-"));
  try {
    await bundleWorker(dir, entry);
    cpSync(model, join(dir, "model.json"));
    const port = await freePort();
    let config = readFileSync(join(root, "tests/edge", template), "utf8");
    // A binding whose value is undefined is left out (unset), as on a platform.
    const lines = Object.entries(bindings)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `    (name = ${JSON.stringify(name)}, ${name === "WEBHOOKS" ? "json" : "text"} = ${JSON.stringify(String(value))}),`);
    const values = { ADDRESS: JSON.stringify(`127.0.0.1:${port}`), BINDINGS: lines.join("\n"), ...extra };
    config = config.replace(/@([A-Z_]+)@/g, (_, name) => {
      if (!(name in values)) throw new Error(`config.capnp.in: no value for @${name}@`);
      return values[name];
    });
    writeFileSync(join(dir, "config.capnp"), config);
    return { dir, port };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Starts workerd serving the worker with `bindings`; `stop()` ends it and removes its files. */
export async function startEdge(bindings, options) {
  const { dir, port } = await prepareEdge(bindings, options);
  const server = start(bin("workerd"), ["serve", "--verbose", "config.capnp"], { cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    if (!process.env.LEADGATE_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}/health`, server);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, server, dir, stop };
}

/** POSTs a lead as JSON. */
export function postJson(url, body, headers = {}) {
  return fetch(`${url}/lead`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
}

/** Starts a POST that sends its headers and `sent` bytes of a longer body, then stalls. */
export function stalledPost(url, sent = 10) {
  const { hostname, port } = new URL(url);
  const req = request({
    host: hostname, port, path: "/lead", method: "POST",
    headers: { "content-type": "application/json", "content-length": "5000" },
  });
  const answer = new Promise((resolve) => {
    req.on("response", (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    req.on("error", (e) => resolve({ status: 0, text: String(e) }));
  });
  req.write("x".repeat(sent));
  return { answer, abort: () => req.destroy() };
}

