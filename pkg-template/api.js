// The public API, shared by every runtime's entry file. Scoring happens in
// the WebAssembly core; this file copies leads into wasm memory in the
// core's packed form (tape.js, src/tape.rs), reads outcome records back
// (src/wasm/compact.rs) and turns error results into LeadgateError.
import { Engine } from "./glue.js";
import { compileEngine } from "./compile.js";
import { LeadTape } from "./tape.js";
import { LeadgateError, assertReady, epoch, failure, utf8, wasmF64, wasmU8 } from "./runtime.js";

export { LeadgateError, markReady } from "./runtime.js";

/** Replaced by scripts/build-pkg with the crate version. */
export const version = "__LEADGATE_VERSION__";

// A grade by its number (0–3): one character of this text, as an array of them would give.
const GRADES = "ABCD";
// A reason's group by its number in the record (src/wasm/compact.rs; tests/js_mirrors.rs checks the two agree).
const GROUPS = ["fit", "engagement", "disqualify"];

/** Loads compiled model bytes; returns the engine or throws LeadgateError. */
function loadEngine(compiled) {
  assertReady();
  let bytes;
  try {
    // A copy, kept by the scorer to load again if the wasm is restarted
    // (see runtime.js `failure`); a detached buffer throws here.
    if (compiled instanceof ArrayBuffer) bytes = new Uint8Array(compiled).slice();
    else if (ArrayBuffer.isView(compiled)) bytes = new Uint8Array(compiled.buffer, compiled.byteOffset, compiled.byteLength).slice();
  } catch {}
  if (!bytes) throw new LeadgateError("bad_compiled_model", "a compiled model must be a Uint8Array or an ArrayBuffer");
  let engine;
  try {
    engine = Engine.load(bytes);
    const problems = engine.text(1);
    if (problems === "") {
      engine.source = bytes;
      return engine;
    }
    engine.free();
    const [problem] = JSON.parse(problems);
    throw new LeadgateError(problem.code, `leadgate: ${problem.message}`, [problem]);
  } catch (e) {
    throw failure(e);
  }
}

// Marks an engine already made, for the constructor (see Scorer.fromCompiled).
class Loaded {
  constructor(engine) {
    this.engine = engine;
  }
}

// How many leads cross the boundary per call in scoreMany: large enough to
// amortise the call, small enough to keep wasm memory small.
const BATCH = 256;

export class Scorer {
  #engine;
  // The runtime's epoch the engine was made in; it changes when a failed
  // call made runtime.js restart the wasm, and the engine is then made again
  // from `#source` (the model's JSON text, or its compiled bytes).
  #epoch = epoch;
  #source;
  // Set during a call: the lead's getters and toJSON run inside it, and a
  // call they make on this scorer would overwrite the tape being written.
  #busy = false;
  #keys;
  #info;
  #tape = new LeadTape();
  // Model names (stages, rules, labels, fields, routes, teams) sent by the
  // wasm once and then referred to by number (src/wasm/compact.rs).
  #names = [];
  // The engine's input buffers in wasm memory (see Engine::input in src/wasm.rs).
  #tapeAt = 0;
  #tapeSize = 0;
  #bytesAt = 0;
  #bytesSize = 0;

  /** Compiles `model` (an object or JSON text); throws LeadgateError `invalid_model`. */
  constructor(model) {
    // compile.js: the model compiler in the full builds, `no_compiler` in leadgate/lite.
    const engine = model instanceof Loaded ? model.engine : compileEngine(model);
    this.#engine = engine;
    this.#source = engine.source;
    let keys, info;
    try {
      keys = engine.text(3);
      info = JSON.parse(engine.text(2));
    } catch (e) {
      throw failure(e);
    }
    // Top-level keys the core may read, and their numbers in the engine.
    this.#keys = new Map(keys.split("\n").map((key, k) => [key, k]));
    this.#info = info;
    /** `{ id, version, hash }` of the compiled model. */
    this.model = Object.freeze({ ...info });
    /** The model's content hash (the same as the CLI's). */
    this.modelHash = info.hash;
  }

  /** A scorer for compiled model bytes (`compileModel`, `leadgate compile`); throws LeadgateError. */
  static fromCompiled(compiled) {
    return scorerOf(loadEngine(compiled));
  }

  /** Scores one lead; returns the outcome, exactly the JSON `leadgate score` prints. */
  score(lead, options) {
    this.#enter();
    try {
      const [nowMs, nowText, previous] = readOptions(options);
      const tape = this.#tape;
      tape.reset();
      this.#pack(lead);
      const leadBytes = tape.b;
      const nowLen = tape.text(nowText), stageLen = tape.text(previous);
      this.#copyIn();
      const at = this.#engine.score(1, tape.n, leadBytes, nowMs, nowLen, stageLen, false) >>> 0;
      const outcome = this.#expand(this.#read(at, 0));
      tape.release();
      return outcome;
    } catch (e) {
      throw failure(e);
    } finally {
      this.#busy = false;
    }
  }

  /** Scores many leads with few boundary crossings; same options for all. */
  scoreMany(leads, options) {
    this.#enter();
    try {
      if (!Array.isArray(leads)) {
        throw new LeadgateError("bad_option", "scoreMany expects an array of leads");
      }
      const [nowMs, nowText, previous] = readOptions(options);
      const out = [];
      const tape = this.#tape;
      for (let start = 0; start < leads.length; start += BATCH) {
        const end = Math.min(start + BATCH, leads.length);
        tape.reset();
        for (let i = start; i < end; i++) this.#pack(leads, i);
        const leadBytes = tape.b;
        const nowLen = tape.text(nowText), stageLen = tape.text(previous);
        this.#copyIn();
        const at = this.#engine.score(end - start, tape.n, leadBytes, nowMs, nowLen, stageLen, true) >>> 0;
        const reader = this.#read(at, start);
        for (let i = start; i < end; i++) out.push(this.#expand(reader));
      }
      tape.release();
      return out;
    } catch (e) {
      throw failure(e);
    } finally {
      this.#busy = false;
    }
  }

  // Starts a call: not on a freed scorer, nor inside another call on it.
  #enter() {
    this.#live();
    this.#idle();
    this.#busy = true;
  }
  #idle() {
    if (this.#busy) throw new LeadgateError("reentrant_call", "a getter or toJSON called this Scorer while it read the lead");
  }

  // Appends a lead (`source`, or `source[index]` in scoreMany: a getter
  // there is the lead's too) to the tape; a lead JSON could not hold is a
  // LeadgateError.
  #pack(source, index) {
    try {
      this.#tape.lead(index === undefined ? source : source[index], this.#keys);
    } catch (e) {
      // A getter's own call on this scorer (reentrant_call) as it is.
      if (e instanceof LeadgateError) throw e;
      // Cycles, BigInt, NaN and throwing getters or toJSON, as
      // JSON.stringify (or the CLI) would refuse them.
      throw new LeadgateError("bad_json", `the lead cannot be read as JSON: ${e && e.message}`, [], index);
    }
  }

  // Copies the tape and its bytes into the engine's input buffers (first
  // making the engine again if the wasm was restarted, even by a call a
  // getter of this lead made).
  #copyIn() {
    if (this.#epoch !== epoch) {
      this.#epoch = epoch;
      this.#engine.__destroy_into_raw(); // its instance is gone: nothing to free
      this.#engine = typeof this.#source === "string" ? compileEngine(this.#source) : loadEngine(this.#source);
      this.#names = [];
      this.#tapeSize = this.#bytesSize = 0;
    }
    const tape = this.#tape;
    if (tape.n > this.#tapeSize || tape.b > this.#bytesSize) {
      this.#tapeSize = Math.max(tape.n, this.#tapeSize);
      this.#bytesSize = Math.max(tape.b, this.#bytesSize);
      this.#tapeAt = this.#engine.input(this.#tapeSize, this.#bytesSize) >>> 0;
      this.#bytesAt = this.#engine.input_bytes() >>> 0;
    }
    wasmF64().set(tape.nums.subarray(0, tape.n), this.#tapeAt / 8);
    wasmU8().set(tape.bytes.subarray(0, tape.b), this.#bytesAt);
  }

  // After a call that returned `at`: learns new names, and returns a cursor
  // over the records (or throws the call's error). The text is read before
  // the f64 view is taken, since reading it may grow wasm memory.
  #read(at, offset) {
    if (at === 0) parseResult(this.#engine.text(0), offset);
    const head = at / 8;
    if (wasmF64()[head + 1] !== 0) {
      const defs = JSON.parse(this.#engine.text(0));
      for (let i = 0; i < defs.length; i++) this.#names.push(defs[i]);
    }
    const f = wasmF64();
    return { f, i: head + 3, bytesAt: f[head + 2] };
  }

  // One value of a record (see src/wasm/compact.rs).
  #value(r) {
    const f = r.f;
    switch (f[r.i++]) {
      case 0: return null;
      case 1: return f[r.i++];
      case 2: return false;
      case 3: return true;
      case 5: { const start = f[r.i++], end = f[r.i++]; return this.#leadString(start, end); }
      case 6: return GRADES[f[r.i++]];
      case 9: { const start = f[r.i++], end = f[r.i++]; return utf8(r.bytesAt + start, r.bytesAt + end); }
      case 10: {
        const items = new Array(f[r.i++]);
        for (let k = 0; k < items.length; k++) items[k] = this.#value(r);
        return items;
      }
      default: {
        const n = f[r.i++], object = {};
        for (let k = 0; k < n; k++) {
          const key = this.#value(r), value = this.#value(r);
          // An own "__proto__" key stays a plain field, as JSON.parse makes it.
          if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
          else object[key] = value;
        }
        return object;
      }
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
      const rule = names[f[r.i]], label = names[f[r.i + 1]], group = GROUPS[f[r.i + 2]];
      const points = f[r.i + 3], x = f[r.i + 4];
      r.i += 5;
      // Numbers (kind 1) inline: most reasons show one.
      let value;
      if (f[r.i] === 1) {
        value = f[r.i + 1];
        r.i += 2;
      } else {
        value = this.#value(r);
      }
      reasons[k] = { rule, label, group, points, field: x < 0 ? null : names[x], value };
    }
    n = f[r.i++];
    const next = new Array(n);
    for (let k = 0; k < n; k++) {
      const stage = names[f[r.i++]];
      let needs;
      if (f[r.i] === 0) {
        needs = names[f[r.i + 1]];
        r.i += 2;
      } else {
        needs = this.#value(r);
      }
      next[k] = { stage, needs, has: this.#value(r) };
    }
    let route = null;
    if (f[r.i++] !== 0) {
      const rule = names[f[r.i]], team = names[f[r.i + 1]];
      r.i += 2;
      let respondBy = null;
      if (f[r.i] === 7) {
        respondBy = this.#deadline(f[r.i + 1]);
        r.i += 2;
      } else {
        respondBy = this.#value(r);
      }
      route = { rule, team, respond_by: respondBy };
    }
    const warnings = new Array(f[r.i++]);
    for (let k = 0; k < warnings.length; k++) warnings[k] = this.#value(r);
    const { id, version, hash } = this.#info;
    return {
      stage, score, fit, engagement, grade, persona,
      reasons, next, route, model: { id, version, hash }, warnings,
    };
  }

  /** Frees the compiled model now instead of at garbage collection; the scorer then throws `freed`. */
  free() {
    if (this.#freed) return;
    this.#idle();
    this.#freed = true;
    if (this.#epoch === epoch) this.#engine.free();
    else this.#engine.__destroy_into_raw();
  }

  #freed = false;
  #live() {
    if (this.#freed) throw new LeadgateError("freed", "this Scorer was freed (scorer.free()); create a new one");
  }

  // Deadlines repeat (the same `now` plus one of a few SLAs): their text is
  // kept rather than written again for every lead.
  #deadlines = new Map();
  #deadline(ms) {
    let text = this.#deadlines.get(ms);
    if (text === undefined) {
      if (this.#deadlines.size >= 64) this.#deadlines.clear();
      text = rfc3339(ms);
      this.#deadlines.set(ms, text);
    }
    return text;
  }

  // A string of the lead by its UTF-8 offsets in the input: the very string
  // the tape wrote (decoded from wasm memory only if it is not one of them).
  #leadString(start, end) {
    const s = this.#tape.stringAt(start, end);
    if (s !== undefined) return s;
    return utf8(this.#bytesAt + start, this.#bytesAt + end);
  }
}

// Outside the class: a class that names itself inside its body is bundled
// as `var Scorer = class _Scorer`, which minifies larger (this and
// lite/glue.js's `loaded`: 23 B of lite's gzipped JS).
function scorerOf(engine) {
  return new Scorer(new Loaded(engine));
}

// `now` is read here, at the boundary, never inside the core.
function readOptions(options) {
  if (options === undefined || options === null) return [Date.now(), undefined, undefined];
  if (typeof options !== "object") throw new LeadgateError("bad_option", "options must be an object");
  let now, previousStage;
  try {
    ({ now, previousStage } = options);
  } catch (e) {
    if (e instanceof LeadgateError) throw e;
    throw new LeadgateError("bad_option", `options: ${e && e.message}`);
  }
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

// A deadline as the core writes it (src/time.rs): toISOString's text
// (years 0000–9999 only reach here), without milliseconds when they are 0.
// Built from the UTC getters: the first toISOString of a process costs
// ~0.3 ms, the getters ~0.03 ms.
function rfc3339(ms) {
  const d = new Date(ms);
  const text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const milli = d.getUTCMilliseconds();
  return milli === 0 ? `${text}Z` : `${text}.${pad(milli, 3)}Z`;
}
const pad = (n, width = 2) => String(n).padStart(width, "0");

// Error texts start with "!" (see src/wasm.rs).
function parseResult(text, offset = 0) {
  if (text.charCodeAt(0) !== 33) return JSON.parse(text);
  const { code, message, index } = JSON.parse(text.slice(1));
  throw new LeadgateError(code, message, [], index === undefined ? undefined : index + offset);
}
