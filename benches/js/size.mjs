// Download size of each engine as a browser gets it: bundled, minified
// (esbuild), gzip -9; for leadgate the wasm too.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY = {
  leadgate: `export { createScorer } from ${JSON.stringify(`${root}pkg/index.js`)};`,
  "leadgate-compiled": `export { Scorer } from ${JSON.stringify(`${root}pkg/index.js`)};`,
  "leadgate-lite": `export { loadScorer } from ${JSON.stringify(`${root}pkg/lite/index.js`)};`,
  handwritten: `export { prepare } from ${JSON.stringify(`${root}benches/js/engines/handwritten.mjs`)};`,
  jsonlogic: `export { default } from "json-logic-js";`,
  "rules-engine": `export { Engine } from "json-rules-engine";`,
};

// GNU gzip -9, as scripts/build-pkg measures (Node's zlib at level 9 differs by a few %).
const gz = (bytes) => execFileSync("gzip", ["-9c"], { input: bytes, maxBuffer: 1 << 26 }).length;

/** Bytes a browser downloads for `name`, minified and gzip -9. */
export async function downloadSize(name) {
  const result = await build({
    stdin: { contents: ENTRY[name], resolveDir: root, loader: "js" },
    bundle: true, minify: true, format: "esm", platform: "browser", write: false,
    external: ["*.wasm"], logLevel: "silent",
  });
  let total = gz(result.outputFiles[0].contents);
  if (name === "leadgate" || name === "leadgate-compiled") total += gz(readFileSync(`${root}pkg/leadgate_bg.wasm`));
  if (name === "leadgate-lite") total += gz(readFileSync(`${root}pkg/lite/leadgate_bg.wasm`));
  return total;
}
