// leadgate/lite: the scorer without the model compiler, for web pages that
// ship a model compiled ahead of time (`leadgate compile model.json -o
// model.lgm`, or `compileModel` of the full package). The same core and the
// same outcomes, at a fraction of the download. scripts/build-pkg copies
// api.js, runtime.js, tape.js and load.js here next to this build's own wasm,
// its hand-written glue (glue.js: wasm-bindgen's ABI in less code) and its
// compile.js, which only says `no_compiler`: `new Scorer(modelJson)` needs
// the full package.
import { init } from "./load.js";
import { Scorer, LeadgateError } from "./api.js";

export { init };
export { Scorer, LeadgateError, version } from "./api.js";

/**
 * `await loadScorer(compiled)`: loads the wasm if needed, then the compiled
 * model — its bytes (Uint8Array, ArrayBuffer), or where to fetch them (a
 * URL, text or `URL`, or a fetch `Response`).
 */
export async function loadScorer(compiled) {
  const [, bytes] = await Promise.all([init(), compiledBytes(compiled)]);
  return Scorer.fromCompiled(bytes);
}

async function compiledBytes(source) {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source;
  let response = source;
  if (typeof source === "string" || source instanceof URL) {
    try {
      response = await fetch(source);
    } catch (e) {
      const error = new LeadgateError("load_failed", `leadgate: could not fetch the compiled model (${e && e.message})`);
      error.cause = e;
      throw error;
    }
  }
  if (!response || typeof response.arrayBuffer !== "function") {
    throw new LeadgateError("bad_compiled_model", "loadScorer expects compiled model bytes, a URL or a Response");
  }
  if (response.ok === false) {
    throw new LeadgateError("load_failed", `leadgate: could not fetch the compiled model (HTTP ${response.status})`);
  }
  return response.arrayBuffer();
}
