// The public API, shared by every runtime's entry file. Scoring happens in
// the WebAssembly core; this file only moves JSON text in and out and turns
// error results into LeadgateError.
import { Engine } from "./glue.js";
import { DEFAULT_MODEL_JSON } from "./default-model.js";

/** Replaced by scripts/build-pkg with the crate version. */
export const version = "__LEADGATE_VERSION__";

/** A real Error with a stable `code`, and the model's problems for `invalid_model`. */
export class LeadgateError extends Error {
  constructor(code, message, errors = [], index) {
    super(message);
    this.name = "LeadgateError";
    this.code = code;
    this.errors = errors;
    if (index !== undefined) this.index = index;
  }
}

let ready = false;
let memory;
let memoryBytes = new Uint8Array(0);
const encoder = new TextEncoder();

/** Called by the entry files with the wasm instance's exports once it exists. */
export function markReady(exports) {
  memory = exports.memory;
  ready = true;
}

// A view of wasm memory, renewed when the memory has grown (which detaches the old buffer).
function wasmBytes() {
  if (memoryBytes.buffer !== memory.buffer) memoryBytes = new Uint8Array(memory.buffer);
  return memoryBytes;
}
function assertReady() {
  if (!ready) {
    throw new LeadgateError(
      "not_initialized",
      "leadgate: the WebAssembly module is not loaded yet; `await init()` (or use `await createScorer(model)`) first",
    );
  }
}

/** The embedded default model (a fresh object each call). */
export function defaultModel() {
  return JSON.parse(DEFAULT_MODEL_JSON);
}

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

/** Compiles a model; returns the engine or the problem list. Never throws once ready. */
function compileModel(model) {
  assertReady();
  const text = modelText(model);
  if (typeof text !== "string") {
    return { errors: [{ code: text.code, path: "", message: text.message, hint: null }] };
  }
  const engine = new Engine(text);
  const problems = engine.problems();
  if (problems === "") return { engine };
  engine.free();
  return { errors: JSON.parse(problems) };
}

/** `{ ok, errors }` for a model object or JSON text; never throws. */
export function validateModel(model) {
  const { engine, errors } = compileModel(model);
  if (engine) engine.free();
  return { ok: !errors, errors: errors || [] };
}

function describeProblems(errors) {
  const shown = errors.slice(0, 3).map((p) => `${p.path || "(root)"}: ${p.message} [${p.code}]`);
  const more = errors.length > 3 ? `; and ${errors.length - 3} more` : "";
  return `invalid model: ${errors.length} problem${errors.length === 1 ? "" : "s"}: ${shown.join("; ")}${more}`;
}

const isEnumerable = Object.prototype.propertyIsEnumerable;
// How many leads cross the boundary per call in scoreMany: large enough to
// amortise the call, small enough to keep wasm memory and strings small.
const BATCH = 256;

export class Scorer {
  #engine;
  #keys;
  #info;
  // Model names (stages, rules, labels, fields, routes, teams) sent by the
  // wasm once and then referred to by number (src/wasm/compact.rs).
  #names = [];
  // The engine's input buffer in wasm memory (see Engine::input in src/wasm.rs).
  #inputAt = 0;
  #inputSize = 0;

  /** Compiles `model` (an object or JSON text); throws LeadgateError `invalid_model`. */
  constructor(model) {
    const { engine, errors } = compileModel(model);
    if (!engine) throw new LeadgateError("invalid_model", describeProblems(errors), errors);
    this.#engine = engine;
    // Top-level keys the core may read, each with its JSON prefix `"key":`.
    this.#keys = engine.lead_keys().split("\n").map((k) => [k, `${JSON.stringify(k)}:`]);
    const info = JSON.parse(engine.info());
    this.#info = info;
    /** `{ id, version, hash }` of the compiled model. */
    this.model = Object.freeze({ ...info });
    /** The model's content hash (the same as the CLI's). */
    this.modelHash = info.hash;
  }

  /** Scores one lead; returns the outcome, exactly the JSON `leadgate score` prints. */
  score(lead, options) {
    const [nowMs, nowText, previous] = readOptions(options);
    const result = parseResult(this.#engine.score(this.#write(this.#leadJson(lead)), nowMs, nowText, previous));
    this.#learn(result[0]);
    return this.#expand(result[1]);
  }

  /** Scores many leads with few boundary crossings; same options for all. */
  scoreMany(leads, options) {
    if (!Array.isArray(leads)) {
      throw new LeadgateError("bad_option", "scoreMany expects an array of leads");
    }
    const [nowMs, nowText, previous] = readOptions(options);
    const out = [];
    for (let start = 0; start < leads.length; start += BATCH) {
      const end = Math.min(start + BATCH, leads.length);
      let text = "[";
      for (let i = start; i < end; i++) text += (i > start ? "," : "") + this.#leadJson(leads[i], i);
      const result = parseResult(this.#engine.score_many(this.#write(`${text}]`), nowMs, nowText, previous), start);
      this.#learn(result[0]);
      for (let i = 1; i < result.length; i++) out.push(this.#expand(result[i]));
    }
    return out;
  }

  // Writes `text` as UTF-8 straight into wasm memory; returns its length in bytes.
  #write(text) {
    const most = text.length * 3; // UTF-16 code unit → at most 3 UTF-8 bytes
    if (most > this.#inputSize) {
      this.#inputAt = this.#engine.input(most) >>> 0;
      this.#inputSize = most;
    }
    return encoder.encodeInto(text, wasmBytes().subarray(this.#inputAt, this.#inputAt + most)).written;
  }

  #learn(defs) {
    for (let i = 0; i < defs.length; i++) this.#names.push(defs[i]);
  }

  // A compact record back to the outcome, with the CLI's keys in the CLI's order.
  #expand(r) {
    const names = this.#names;
    const name = (n) => (n < 0 ? null : names[n]);
    const reasons = r[6].map((x) => ({
      rule: names[x[0]], label: names[x[1]], group: x[2] === 0 ? "fit" : "engagement",
      points: x[3], field: name(x[4]), value: x[5],
    }));
    const next = r[7].map((x) => ({ stage: names[x[0]], needs: typeof x[1] === "number" ? names[x[1]] : x[1], has: x[2] }));
    const route = r[8] === null ? null : { rule: names[r[8][0]], team: names[r[8][1]], respond_by: r[8][2] };
    const { id, version, hash } = this.#info;
    return {
      stage: names[r[0]], score: r[1], fit: r[2], engagement: r[3], grade: r[4], persona: name(r[5]),
      reasons, next, route, model: { id, version, hash }, warnings: r[9],
    };
  }

  /** Frees the compiled model now instead of at garbage collection. */
  free() {
    this.#engine.free();
  }

  // The lead as JSON text, as JSON.stringify would write it but with only the
  // keys the model reads: a lead with 100,000 unrelated fields stays cheap.
  #leadJson(lead, index) {
    try {
      if (lead === null || typeof lead !== "object" || Array.isArray(lead) || typeof lead.toJSON === "function") {
        // Not a plain object: the core reports `not_an_object` (or reads toJSON's result).
        return JSON.stringify(lead) ?? "null";
      }
      let text = "{";
      for (const [key, prefix] of this.#keys) {
        // Own enumerable keys only, as JSON.stringify: never `__proto__` or
        // `constructor` inherited from Object.prototype.
        if (!isEnumerable.call(lead, key)) continue;
        const raw = lead[key];
        // Numbers and booleans inline (what JSON.stringify writes, without the call).
        let value;
        if (typeof raw === "number") value = Number.isFinite(raw) ? `${raw}` : "null";
        else if (typeof raw === "boolean") value = raw ? "true" : "false";
        else if ((value = JSON.stringify(raw)) === undefined) continue;
        text += (text.length > 1 ? "," : "") + prefix + value;
      }
      return `${text}}`;
    } catch (e) {
      // JSON.stringify throws RangeError on very deep nesting and TypeError on
      // cycles and BigInt; neither may escape as anything but a LeadgateError.
      const deep = e instanceof RangeError;
      const message = deep ? "the lead is nested too deeply" : `the lead cannot be read as JSON: ${e.message}`;
      throw new LeadgateError(deep ? "too_deep" : "bad_json", message, [], index);
    }
  }
}

// `now` is read here, at the boundary, never inside the core.
function readOptions(options) {
  if (options === undefined || options === null) return [Date.now(), undefined, undefined];
  if (typeof options !== "object") throw new LeadgateError("bad_option", "options must be an object");
  const { now, previousStage } = options;
  if (previousStage !== undefined && previousStage !== null && typeof previousStage !== "string") {
    throw new LeadgateError("bad_option", "previousStage must be a string");
  }
  const previous = previousStage ?? undefined;
  if (now === undefined || now === null) return [Date.now(), undefined, previous];
  if (typeof now === "string") return [0, now, previous];
  if (typeof now === "number") return [now, undefined, previous];
  if (now instanceof Date) return [now.getTime(), undefined, previous];
  throw new LeadgateError("bad_timestamp", "`now` must be a Date, milliseconds since 1970, or an RFC 3339 text");
}

// Results that are not outcomes start with "!" (see src/wasm.rs).
function parseResult(text, offset = 0) {
  if (text.charCodeAt(0) !== 33) return JSON.parse(text);
  const { code, message, index } = JSON.parse(text.slice(1));
  throw new LeadgateError(code, message, [], index === undefined ? undefined : index + offset);
}
