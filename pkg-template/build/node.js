// Source of node.cjs (bundled to CommonJS by scripts/build-pkg, so `__dirname`
// exists there): Node reads and instantiates the wasm synchronously at load.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "../glue.js";
import { markReady, Scorer } from "../api.js";

export { Scorer, LeadgateError, validateModel, compileModel, version } from "../api.js";
export { defaultModel } from "../default-model.js";

// leadgate_node.wasm: the full build compiled for speed (see scripts/build-pkg).
markReady(initSync({ module: readFileSync(join(__dirname, "leadgate_node.wasm")) }));

/** Already loaded; kept so code written for browsers runs unchanged. */
export async function init() {}

/** A scorer for `model` (the wasm is already loaded here). */
export async function createScorer(model) {
  return new Scorer(model);
}
