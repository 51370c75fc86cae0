// The test server of the kit's browser tests: scripts/serve.mjs (www/, pkg/,
// /model.json, /examples/) plus test pages at /t/, a native form target at
// /submit and a fake delivery endpoint at /lead that can be switched to
// answer 503 + Retry-After (like the edge worker when a webhook is down).
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHandler, listen, readBody, serveFile } from "../../scripts/serve.mjs";
import { createReadStream, existsSync, readFileSync } from "node:fs";

const pages = join(fileURLToPath(import.meta.url), "../pages");

export async function startKitServer() {
  const state = {
    down: false, // /lead answers 503 while true
    retryAfter: "1",
    leads: [], // every POST /lead: { id, status, body }
    delivered: new Map(), // submission id → body, first 2xx only (the receiver drops repeats)
    submits: [], // every POST /submit (native form), parsed
  };
  const routes = {
    "/lead": async (req, res) => {
      if (req.method !== "POST") return res.writeHead(405).end();
      const text = await readBody(req);
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {}
      const id = req.headers["idempotency-key"] ?? body?.submission_id;
      if (state.down) {
        state.leads.push({ id, status: 503, body, at: Date.now() });
        res.writeHead(503, { "Retry-After": state.retryAfter, "Content-Type": "application/json" });
        return res.end(JSON.stringify({ error: { code: "delivery_failed" }, submission_id: id }));
      }
      state.leads.push({ id, status: 200, body, repeat: state.delivered.has(id), at: Date.now() });
      if (!state.delivered.has(id)) state.delivered.set(id, body);
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ submission_id: id, delivered: true }));
    },
    "/submit": async (req, res) => {
      const text = await readBody(req);
      state.submits.push(Object.fromEntries(new URLSearchParams(text)));
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Thanks</title><h1 id=thanks>Thanks (native)</h1>");
    },
  };
  const files = createHandler(routes);
  const server = await listen((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname === "/t/native-json.html") {
      // native.html with a JSON model, so the full build compiles it in the page.
      const html = readFileSync(join(pages, "native.html"), "utf8")
        .replace('data-model="/model.lgm" data-pkg="/pkg/lite/index.js"', 'data-model="/model.json" data-pkg="/pkg/index.js"');
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end(html);
    }
    if (url.pathname.startsWith("/t/")) {
      const file = join(pages, url.pathname.slice(3).replace(/\.\./g, ""));
      if (!existsSync(file)) return res.writeHead(404).end();
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return createReadStream(file).pipe(res);
    }
    return files(req, res);
  });
  server.unref?.();
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, state, close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }) };
}

export { serveFile };
