// Serves the landing-page kit on 127.0.0.1: www/ at /, the built package
// (pkg/) at /pkg/, models/default.json at /model.json and examples/ at
// /examples/ (the playground's samples). `POST /lead` is a stand-in for the
// edge worker (www/edge/) that logs the lead and answers 200, so the demo
// form works without workerd; deploy the real worker in production.
//
//   node scripts/serve.mjs [--port 8080]
//
// The tests import `createHandler` and add their own routes.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "../..");

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".ndjson": "application/x-ndjson; charset=utf-8",
  ".wasm": "application/wasm", // streaming compilation needs exactly this
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".lgm": "application/octet-stream",
};

// URL prefix → directory (first match wins); "/model.json" and "/model.lgm" are single files.
const MOUNTS = [
  ["/pkg/", join(root, "pkg")],
  ["/examples/", join(root, "examples")],
  ["/", join(root, "www")],
];

/** Resolves a URL path to a file inside one of the mounts, or null. */
export function resolvePath(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  if (path === "/model.json") return join(root, "models/default.json");
  // The same model compiled ahead of time (scripts/build-pkg), for leadgate/lite.
  if (path === "/model.lgm") return join(root, "pkg/default.lgm");
  if (path.endsWith("/")) path += "index.html";
  for (const [prefix, dir] of MOUNTS) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return null; // ../ escapes
    return file;
  }
  return null;
}

/** Serves a static file; answers 404 when there is none. */
export function serveFile(req, res, pathname) {
  const file = resolvePath(pathname);
  let stat;
  try {
    stat = file && statSync(file);
  } catch {}
  if (!stat || !stat.isFile() || file.includes(`${sep}edge${sep}`)) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    return;
  }
  res.writeHead(200, {
    "Content-Type": TYPES[extname(file)] || "application/octet-stream",
    "Content-Length": stat.size,
    "Cache-Control": "no-cache",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}

export function readBody(req) {
  return new Promise((ok, fail) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c)).on("end", () => ok(Buffer.concat(chunks).toString("utf8"))).on("error", fail);
  });
}

/** The request handler: `routes` (path → async (req, res, url)) first, then files. */
export function createHandler(routes = {}) {
  return async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    try {
      const route = routes[url.pathname];
      if (route) return await route(req, res, url);
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" }).end();
        return;
      }
      serveFile(req, res, url.pathname);
    } catch (e) {
      console.error(e);
      if (!res.headersSent) res.writeHead(500).end();
    }
  };
}

export function listen(handler, port = 0) {
  return new Promise((ok) => {
    const server = createServer(handler);
    server.listen(port, "127.0.0.1", () => ok(server));
  });
}

// A stand-in for the edge worker's POST /lead, for the demo.
async function demoLead(req, res) {
  if (req.method !== "POST") return res.writeHead(405, { Allow: "POST" }).end();
  const body = await readBody(req);
  let lead = {};
  try {
    lead = JSON.parse(body);
  } catch {}
  const id = req.headers["idempotency-key"] || lead.submission_id || "";
  console.log(`POST /lead ${id} stage=${lead.leadgate_stage ?? "-"} email=${lead.email ?? "-"}`);
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ submission_id: id, delivered: true }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : 8080;
  const server = await listen(createHandler({ "/lead": demoLead }), port);
  console.log(`leadgate kit on http://127.0.0.1:${server.address().port}/ (playground: /playground.html)`);
}
