// Browsers and bundlers: start-up is asynchronous (streaming compilation,
// see load.js): `await init()` or `await createScorer(model)` before scoring.
import { init } from "./load.js";
import { Scorer } from "./api.js";

export { init };
export { Scorer, LeadgateError, version } from "./api.js";
export { validateModel, compileModel } from "./compile.js";
export { withinHours, addBusinessTime, timeZones } from "./hours.js";
export { defaultModel } from "./default-model.js";

/** `await createScorer(model)`: loads the wasm if needed, then compiles the model. */
export async function createScorer(model) {
  await init();
  return new Scorer(model);
}
