// workerd / Cloudflare Workers and other worker runtimes that import a .wasm
// file as a compiled WebAssembly.Module: instantiation is synchronous, so the
// module is ready as soon as it is imported.
import wasmModule from "./leadgate_bg.wasm";
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
