// leadgate/lite's stand-in for ../compile.js: this build has no model
// compiler (neither in its wasm nor here), so `new Scorer(model)` says what
// to do instead of failing inside the wasm.
import { LeadgateError } from "./runtime.js";

export function compileEngine() {
  throw new LeadgateError(
    "no_compiler",
    "leadgate/lite cannot compile model JSON: load a model compiled by `compileModel` (package leadgate) " +
      "or `leadgate compile` with `loadScorer` or `Scorer.fromCompiled`",
  );
}
