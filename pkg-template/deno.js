// Deno (2.3+): a source-phase import gives the compiled WebAssembly.Module
// without instantiating it and without --allow-read, so instantiation is
// synchronous, as in workers. Only Deno loads this file (the "deno" export
// condition); other tools never parse the `import source` syntax.
import source wasmModule from "./leadgate_bg.wasm";
import { initSync } from "./glue.js";
import { markReady, Scorer } from "./api.js";

export { Scorer, LeadgateError, version } from "./api.js";
export { validateModel, compileModel } from "./compile.js";
export { withinHours, addBusinessTime, timeZones } from "./hours.js";
export { defaultModel } from "./default-model.js";

markReady(initSync({ module: wasmModule }));

/** Already loaded; kept so code written for browsers runs unchanged. */
export async function init() {}

/** A scorer for `model` (the wasm is already loaded here). */
export async function createScorer(model) {
  return new Scorer(model);
}
