// The browsers' and bundlers' start-up, shared by the full entry (index.js)
// and the small one (lite/index.js): the wasm is fetched and compiled with
// streaming compilation (WebAssembly.instantiateStreaming, with a fallback
// for servers that send the wrong MIME type), once.
import initWasm from "./glue.js";
import { markReady, LeadgateError } from "./api.js";

let loading;

/** Loads the wasm once; `input` overrides where it comes from (URL, Response, bytes or Module). */
export function init(input) {
  if (!loading) {
    loading = initWasm(input === undefined ? undefined : { module_or_path: input }).then(markReady, (e) => {
      loading = undefined; // let a later call retry, e.g. after a network error
      const error = new LeadgateError(
        "load_failed",
        `leadgate: could not load leadgate_bg.wasm (${e && e.message}). Serve it as application/wasm next to ` +
          'this module; with the Vite dev server, add optimizeDeps: { exclude: ["leadgate"] }',
      );
      error.cause = e;
      throw error;
    });
  }
  return loading;
}
