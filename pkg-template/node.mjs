// Node: reads and instantiates leadgate_node.wasm (the full build compiled
// for speed, see scripts/build-pkg) synchronously at import. scripts/build-pkg
// bundles it twice: node.mjs for `import`, node.cjs for `require` (importing
// CommonJS from ESM cost ~8 ms of start-up here, so each gets its own copy;
// LeadgateError answers `instanceof` across copies).
import { readFileSync } from "./node-fs.js";
import { initSync } from "./glue.js";
import { markReady, Scorer } from "./api.js";

export { Scorer, LeadgateError, version } from "./api.js";
export { validateModel, compileModel } from "./compile.js";
export { withinHours, addBusinessTime, timeZones } from "./hours.js";
export { defaultModel } from "./default-model.js";

markReady(initSync({ module: readFileSync(new URL("./leadgate_node.wasm", import.meta.url)) }));

/** Already loaded; kept so code written for browsers runs unchanged. */
export async function init() {}

/** A scorer for `model` (the wasm is already loaded here). */
export async function createScorer(model) {
  return new Scorer(model);
}
