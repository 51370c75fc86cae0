// What every part of the JS API shares: LeadgateError, whether the wasm is
// loaded, views of its memory (renewed when memory grows), and the restart
// of the wasm after a call failed inside it.
import { restart } from "./glue.js";

/** A real Error with a stable `code`, and the model's problems for `invalid_model`. */
export class LeadgateError extends Error {
  constructor(code, message, errors = [], index) {
    super(message);
    this.name = "LeadgateError";
    this.code = code;
    this.errors = errors;
    if (index !== undefined) this.index = index;
  }

  // Node's `import` and `require` load separate copies of this file (as do
  // leadgate/lite and the full build): an error from any copy is an
  // instance of every copy's class.
  static [Symbol.hasInstance](value) {
    return value != null && value[ERROR_BRAND] === true;
  }
}
const ERROR_BRAND = Symbol.for("leadgate.LeadgateError");
LeadgateError.prototype[ERROR_BRAND] = true;

let ready = false;
let memory;
let memoryF64 = new Float64Array(0);
let memoryU8 = new Uint8Array(0);

/** Called by the entry files with the wasm instance's exports once it exists. */
export function markReady(exports) {
  memory = exports.memory;
  memoryF64 = new Float64Array(0);
  memoryU8 = new Uint8Array(0);
  ready = true;
}

/** How many times the wasm was restarted: an engine made in an earlier epoch is gone. */
export let epoch = 0;

/**
 * The error to throw for `e`, caught around calls into the wasm: a
 * LeadgateError as it is; anything else came from the wasm failing midway
 * (a trap: out of memory, say), which may have left its memory in any
 * state, so the instance is replaced by a fresh one (scorers make their
 * engines again on their next call) and the error is `wasm_trap`.
 */
export function failure(e) {
  if (e instanceof LeadgateError) return e;
  try {
    markReady(restart());
  } catch {}
  epoch++;
  const error = new LeadgateError("wasm_trap", `leadgate: the wasm failed (${e}) and was restarted`);
  error.cause = e;
  return error;
}

/** Throws `not_initialized` until the wasm is loaded. */
export function assertReady() {
  if (!ready) {
    throw new LeadgateError(
      "not_initialized",
      "leadgate: the WebAssembly module is not loaded yet; `await init()` (or use `await createScorer(model)`) first",
    );
  }
}

// Views of wasm memory (outcome records are f64s, see src/wasm/compact.rs),
// renewed only when empty: growing memory detaches the old buffer, which
// leaves its views with length 0 (cheaper than reading memory.buffer).
/** Wasm memory as f64s. */
export function wasmF64() {
  if (memoryF64.length === 0) memoryF64 = new Float64Array(memory.buffer);
  return memoryF64;
}
/** Wasm memory as bytes. */
export function wasmU8() {
  if (memoryU8.length === 0) memoryU8 = new Uint8Array(memory.buffer);
  return memoryU8;
}

const decoder = new TextDecoder();
// The string whose UTF-8 is bytes `start` to `end` of wasm memory; short
// ASCII (most warnings) without the decoder's call overhead.
export function utf8(start, end) {
  const u8 = wasmU8();
  if (end - start <= 64) {
    let text = "";
    for (let i = start; i < end; i++) {
      const c = u8[i];
      if (c >= 0x80) return decoder.decode(u8.subarray(start, end));
      text += String.fromCharCode(c);
    }
    return text;
  }
  return decoder.decode(u8.subarray(start, end));
}
