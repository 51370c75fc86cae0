// The public API, shared by every runtime's entry file. Scoring happens in
// the WebAssembly core; this file writes leads into wasm memory as JSON text,
// reads outcome records back (src/wasm/compact.rs) and turns error results
// into LeadgateError.
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
let memoryF64 = new Float64Array(0);
const encoder = new TextEncoder();

/** Called by the entry files with the wasm instance's exports once it exists. */
export function markReady(exports) {
  memory = exports.memory;
  ready = true;
}

// A view of wasm memory for reading outcome records (f64s, see
// src/wasm/compact.rs), renewed when the memory has grown (which detaches the old buffer).
function wasmF64() {
  if (memoryF64.buffer !== memory.buffer) memoryF64 = new Float64Array(memory.buffer);
  return memoryF64;
}
const GRADES = ["A", "B", "C", "D"];
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
// Text JSON.stringify writes as is between quotes (no lone surrogates either).
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
// How many leads cross the boundary per call in scoreMany: large enough to
// amortise the call, small enough to keep wasm memory and strings small.
const BATCH = 256;

export class Scorer {
  #engine;
  #keys;
  #prefixes;
  #info;
  // Model names (stages, rules, labels, fields, routes, teams) sent by the
  // wasm once and then referred to by number (src/wasm/compact.rs).
  #names = [];
  // The engine's input buffer in wasm memory (see Engine::input in src/wasm.rs).
  #inputAt = 0;
  #inputSize = 0;
  #inputView;

  /** Compiles `model` (an object or JSON text); throws LeadgateError `invalid_model`. */
  constructor(model) {
    const { engine, errors } = compileModel(model);
    if (!engine) throw new LeadgateError("invalid_model", describeProblems(errors), errors);
    this.#engine = engine;
    // Top-level keys the core may read, and each one's JSON prefix `"key":`.
    this.#keys = engine.lead_keys().split("\n");
    this.#prefixes = this.#keys.map((k) => `${JSON.stringify(k)}:`);
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
    const json = this.#leadJson(lead);
    const at = this.#engine.score(this.#write(json), nowMs, nowText, previous) >>> 0;
    const reader = this.#read(at, json, 0);
    return this.#expand(reader);
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
      text += "]";
      const at = this.#engine.score_many(this.#write(text), nowMs, nowText, previous) >>> 0;
      const reader = this.#read(at, text, start);
      for (let i = start; i < end; i++) out.push(this.#expand(reader));
    }
    return out;
  }

  // Writes `text` as UTF-8 straight into wasm memory; returns its length in bytes.
  #write(text) {
    const most = text.length * 3; // UTF-16 code unit → at most 3 UTF-8 bytes
    if (most > this.#inputSize) {
      this.#inputAt = this.#engine.input(most) >>> 0;
      this.#inputSize = most;
      this.#inputView = undefined;
    }
    // The view is kept while the memory has not grown (growing detaches it).
    let view = this.#inputView;
    if (view === undefined || view.buffer !== memory.buffer) {
      view = this.#inputView = new Uint8Array(memory.buffer, this.#inputAt, this.#inputSize);
    }
    return encoder.encodeInto(text, view).written;
  }

  // After a call that returned `at`: learns new names, and returns a cursor
  // over the records (or throws the call's error). The text is read before
  // the f64 view is taken, since reading it may grow wasm memory.
  #read(at, input, offset) {
    if (at === 0) parseResult(this.#engine.text(), offset);
    let side = null;
    if (wasmF64()[at / 8 + 1] !== 0) {
      const [defs, values] = JSON.parse(this.#engine.text());
      for (let i = 0; i < defs.length; i++) this.#names.push(defs[i]);
      side = values;
    }
    return { f: wasmF64(), i: at / 8 + 2, side, s: 0, input };
  }

  // One value of a record (see src/wasm/compact.rs).
  #value(r) {
    const f = r.f;
    switch (f[r.i++]) {
      case 0: return null;
      case 1: return f[r.i++];
      case 2: return false;
      case 3: return true;
      case 4: return r.side[r.s++];
      case 5: { const a = f[r.i++]; return r.input.slice(a, f[r.i++]); }
      default: return GRADES[f[r.i++]];
    }
  }

  // A record back to the outcome, with the CLI's keys in the CLI's order.
  #expand(r) {
    const names = this.#names;
    const f = r.f;
    const stage = names[f[r.i]], score = f[r.i + 1], fit = f[r.i + 2], engagement = f[r.i + 3];
    const grade = GRADES[f[r.i + 4]];
    const p = f[r.i + 5];
    const persona = p < 0 ? null : names[p];
    let n = f[r.i + 6];
    r.i += 7;
    const reasons = new Array(n);
    for (let k = 0; k < n; k++) {
      const rule = names[f[r.i]], label = names[f[r.i + 1]], group = f[r.i + 2] === 0 ? "fit" : "engagement";
      const points = f[r.i + 3], x = f[r.i + 4];
      r.i += 5;
      reasons[k] = { rule, label, group, points, field: x < 0 ? null : names[x], value: this.#value(r) };
    }
    n = f[r.i++];
    const next = new Array(n);
    for (let k = 0; k < n; k++) {
      const stage = names[f[r.i++]];
      const needs = f[r.i++] === 0 ? names[f[r.i++]] : r.side[r.s++];
      next[k] = { stage, needs, has: this.#value(r) };
    }
    let route = null;
    if (f[r.i++] !== 0) {
      const rule = names[f[r.i]], team = names[f[r.i + 1]];
      r.i += 2;
      route = { rule, team, respond_by: f[r.i++] === 0 ? null : r.side[r.s++] };
    }
    const warnings = f[r.i++] === 0 ? [] : r.side[r.s++];
    const { id, version, hash } = this.#info;
    return {
      stage, score, fit, engagement, grade, persona,
      reasons, next, route, model: { id, version, hash }, warnings,
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
      const keys = this.#keys, prefixes = this.#prefixes;
      let text = "{", comma = "";
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        // Own enumerable keys only, as JSON.stringify: never `__proto__` or
        // `constructor` inherited from Object.prototype.
        if (!isEnumerable.call(lead, key)) continue;
        const raw = lead[key];
        // Strings without anything JSON.stringify escapes (quote, backslash,
        // control characters, surrogates), numbers and booleans inline: what
        // JSON.stringify writes, without the call.
        let value;
        if (typeof raw === "string") value = PLAIN.test(raw) ? `"${raw}"` : JSON.stringify(raw);
        else if (typeof raw === "number") value = Number.isFinite(raw) ? `${raw}` : "null";
        else if (typeof raw === "boolean") value = raw ? "true" : "false";
        else if ((value = JSON.stringify(raw)) === undefined) continue;
        text += comma + prefixes[k] + value;
        comma = ",";
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

// Error texts start with "!" (see src/wasm.rs).
function parseResult(text, offset = 0) {
  if (text.charCodeAt(0) !== 33) return JSON.parse(text);
  const { code, message, index } = JSON.parse(text.slice(1));
  throw new LeadgateError(code, message, [], index === undefined ? undefined : index + offset);
}
