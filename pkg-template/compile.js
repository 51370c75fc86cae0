// The model compiler's JS side (model JSON → engine), for the full builds
// only: leadgate/lite gets lite/compile.js in its place (see
// scripts/build-pkg), so none of this is in its download.
import { Engine } from "./glue.js";
import { LeadgateError, assertReady, failure } from "./runtime.js";

// The model's hash is over its canonical JSON, so the text handed to the
// core is what JSON.stringify writes: the same hash as the CLI's for the
// same content.
function modelText(model) {
  if (typeof model === "string") return model;
  let text;
  try {
    text = JSON.stringify(model);
  } catch (e) {
    return { code: "invalid_json", message: `the model cannot be written as JSON: ${e.message}` };
  }
  if (text === undefined) {
    return { code: "expected_type", message: `the model must be an object or JSON text, got ${typeof model}` };
  }
  return text;
}

/**
 * Compiles a model; returns the engine (which keeps its JSON text, see
 * api.js `#source`), the problem list, or the `wasm_trap` error of a wasm
 * that failed midway (out of memory, say). Never throws once ready.
 */
function compile(model) {
  assertReady();
  const text = modelText(model);
  if (typeof text !== "string") {
    return { errors: [{ code: text.code, path: "", message: text.message, hint: null }] };
  }
  try {
    const engine = new Engine(text);
    const problems = engine.text(1);
    if (problems === "") {
      engine.source = text;
      return { engine };
    }
    engine.free();
    return { errors: JSON.parse(problems) };
  } catch (e) {
    const error = failure(e);
    return { error, errors: [{ code: error.code, path: "", message: error.message, hint: null }] };
  }
}

function describeProblems(errors) {
  const shown = errors.slice(0, 3).map((p) => `${p.path || "(root)"}: ${p.message} [${p.code}]`);
  const more = errors.length > 3 ? `; and ${errors.length - 3} more` : "";
  return `invalid model: ${errors.length} problem${errors.length === 1 ? "" : "s"}: ${shown.join("; ")}${more}`;
}

/** The engine for a model (`new Scorer(model)`); throws LeadgateError `invalid_model`. */
export function compileEngine(model) {
  const { engine, error, errors } = compile(model);
  if (error) throw error;
  if (!engine) throw new LeadgateError("invalid_model", describeProblems(errors), errors);
  return engine;
}

/** `{ ok, errors }` for a model object or JSON text; never throws. */
export function validateModel(model) {
  const { engine, errors } = compile(model);
  if (engine) engine.free();
  return { ok: !errors, errors: errors || [] };
}

/**
 * Compiles a model to the bytes `Scorer.fromCompiled` and the small
 * `leadgate/lite` build load (the same bytes as `leadgate compile`);
 * throws LeadgateError `invalid_model`.
 */
export function compileModel(model) {
  const engine = compileEngine(model);
  let bytes;
  try {
    bytes = engine.compiled();
  } catch (e) {
    throw failure(e); // the engine went with the wasm: nothing to free
  }
  engine.free();
  return bytes;
}
