// Writes leads in the core's packed form (src/tape.rs): a tape of numbers
// (kinds, numbers, counts, byte offsets) and the UTF-8 of every string,
// which the wasm reads in place of JSON text. Values are what JSON.stringify
// would write: own enumerable keys, toJSON honoured, undefined/functions/
// symbols skipped in objects and null in arrays, nesting past 64 levels
// marked too deep; cycles, BigInt and NaN/Infinity refused (bad_json: the
// CLI refuses 1e400 too). A string with lone surrogates is written with
// U+FFFD in their place and marked (kind 9), so the outcome warns.

const NULL = 0, NUMBER = 1, FALSE = 2, TRUE = 3, STRING = 4, ARRAY = 5, OBJECT = 6, KEY = 7, DEEP = 8, REPLACED = 9;
const MAX_DEPTH = 64;
const encoder = new TextEncoder();
// The core compares a text's first 4,096 bytes (MAX_TEXT_BYTES, with a
// warning when there are more) and reads the whole text only as a number, a
// timestamp or a blank, which it can only be if it is made of (Rust's)
// blanks, digits and `.eE+-:TtZz`. Any other text longer than CUT UTF-16
// units (more than 4,096 bytes of UTF-8, whatever the text) is sent as its
// first CUT units and a `!` (keeping it neither a number, a timestamp nor
// blank); one that could be read whole keeps its first CUT units and then
// has each run of blanks written as one space (a number trimmed, or split
// by a blank, a timestamp, a blank text read the same). The same outcome,
// without copying megabytes into wasm memory, which never shrinks. (The
// outcome shows the lead's own string.)
const CUT = 4100;
const BLANK = "\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const READ_WHOLE = new RegExp(`^[${BLANK}\\d.eE+\\-:TtZz]*$`);
const BLANKS = new RegExp(`[${BLANK}]+`, "g");
// Lone surrogates (in `u` mode a pair is one code point and never matches);
// String.prototype.isWellFormed where it exists (ES2024), as most texts
// that are not ASCII are well formed.
const LONE = /[\ud800-\udfff]/gu;
const wellFormed = (s) => (s.isWellFormed ? s.isWellFormed() : s.search(LONE) < 0);

export class LeadTape {
  nums = new Float64Array(1024);
  n = 0;
  bytes = new Uint8Array(16384);
  b = 0;
  // Every string written, and where its bytes start: the outcome names a
  // lead string by its offsets, and JS hands back the very same string.
  // `count` of them are this call's (the arrays are kept to avoid garbage).
  strs = [];
  starts = [];
  count = 0;
  // Containers on the path being written, to refuse cycles as JSON.stringify does.
  #path = [];
  // The lead's top-level field being written, named when a value is refused.
  #field = "lead";

  /** Empties the tape for the next call (and lets go of a failed call's strings). */
  reset() {
    this.release();
    this.n = 0;
    this.b = 0;
    if (this.#path.length !== 0) this.#path.length = 0;
  }

  /** Lets go of this call's strings, so the scorer keeps no lead alive (a megabyte string, say). */
  release() {
    for (let i = 0; i < this.count; i++) this.strs[i] = undefined;
    this.count = 0;
  }

  /** The lead string whose UTF-8 is bytes `start` to `end` of the input. */
  stringAt(start, end) {
    if (start === end) return "";
    // Starts never decrease; only an empty string shares its start with the
    // next string, so the last string starting at `start` is the one.
    const starts = this.starts;
    let lo = 0, hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && starts[lo - 1] === start ? this.strs[lo - 1] : undefined;
  }

  /**
   * Writes a lead: of a plain object only the keys the model reads (`keys`
   * maps each to its number in the engine), so unrelated fields cost one
   * lookup each and are never read; anything else as JSON.stringify would
   * see it (the core then reports `not_an_object`).
   */
  lead(lead, keys) {
    this.#field = "lead";
    if (lead === null || typeof lead !== "object" || Array.isArray(lead) || typeof lead.toJSON === "function") {
      this.#value(lead, 1);
      return;
    }
    // Own enumerable string keys, as JSON.stringify takes them: never
    // `__proto__` or `constructor` inherited from Object.prototype.
    const names = Object.keys(lead);
    this.#room(2);
    this.nums[this.n++] = OBJECT;
    const at = this.n++;
    let count = 0;
    this.#path.push(lead);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const k = keys.get(name);
      if (k === undefined) continue;
      const raw = lead[name];
      if (skipped(raw)) continue; // never a number, boolean or string
      this.#room(5);
      const nums = this.nums;
      nums[this.n++] = KEY;
      nums[this.n++] = k;
      // Numbers, booleans and strings inline (most fields); the rest through #value.
      switch (typeof raw) {
        case "number":
          if (raw - raw !== 0) nonFinite(name, raw);
          nums[this.n++] = NUMBER;
          nums[this.n++] = raw;
          break;
        case "boolean":
          nums[this.n++] = raw ? TRUE : FALSE;
          break;
        case "string":
          this.#string(raw, name);
          break;
        default:
          this.#field = name;
          this.#value(raw, 2);
      }
      count++;
    }
    this.#path.pop();
    this.nums[at] = count;
  }

  #value(v, depth) {
    if (depth > MAX_DEPTH) {
      this.#room(1);
      this.nums[this.n++] = DEEP;
      return;
    }
    switch (typeof v) {
      case "string":
        this.#string(v);
        return;
      case "number":
        if (!Number.isFinite(v)) nonFinite(this.#field, v);
        this.#room(2);
        this.nums[this.n++] = NUMBER;
        this.nums[this.n++] = v;
        return;
      case "boolean":
        this.#room(1);
        this.nums[this.n++] = v ? TRUE : FALSE;
        return;
      case "bigint":
        throw new TypeError("Do not know how to serialize a BigInt");
      case "object":
        if (v !== null) break;
      // falls through: null, and undefined / functions / symbols (null in arrays)
      default:
        this.#room(1);
        this.nums[this.n++] = NULL;
        return;
    }
    if (typeof v.toJSON === "function") {
      const json = v.toJSON();
      if (skipped(json)) {
        this.#room(1);
        this.nums[this.n++] = NULL;
      } else {
        this.#value(json, depth);
      }
      return;
    }
    if (v instanceof Number || v instanceof String || v instanceof Boolean) {
      this.#value(v.valueOf(), depth);
      return;
    }
    if (this.#path.includes(v)) throw new TypeError("Converting circular structure to JSON");
    this.#path.push(v);
    this.#room(2);
    if (Array.isArray(v)) {
      this.nums[this.n++] = ARRAY;
      this.nums[this.n++] = v.length;
      for (let i = 0; i < v.length; i++) this.#value(v[i], depth + 1);
    } else {
      this.nums[this.n++] = OBJECT;
      const at = this.n++;
      let count = 0;
      for (const key of Object.keys(v)) {
        const item = v[key];
        if (skipped(item)) continue;
        this.#string(key);
        this.#value(item, depth + 1);
        count++;
      }
      this.nums[at] = count;
    }
    this.#path.pop();
  }

  // `field`: the lead's top-level field it is the value of, if it is one.
  #string(s, field) {
    this.#room(3);
    let text = s, kind = STRING;
    // previous_stage is shown whole in a warning: never cut.
    if (s.length > CUT && field !== "previous_stage") {
      if (READ_WHOLE.test(s)) {
        text = s.slice(0, CUT) + s.slice(CUT).replace(BLANKS, " ");
      } else {
        // A pair cut in half only changes bytes past the 4,096th; lone
        // surrogates anywhere in the text count.
        text = s.slice(0, CUT) + "!";
        if (!wellFormed(s)) kind = REPLACED;
      }
    }
    const len = text.length;
    if (this.b + len * 3 > this.bytes.length) this.#grow(len * 3);
    const bytes = this.bytes;
    const start = this.b;
    let b = start, i = 0;
    // ASCII byte by byte (most lead text); anything else through the encoder.
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) break;
      bytes[b++] = c;
    }
    if (i < len) {
      if (text === s && !wellFormed(s)) kind = REPLACED;
      b = start + encoder.encodeInto(text, bytes.subarray(start)).written;
    }
    this.b = b;
    // The outcome shows the string as the core read it (as the CLI would).
    this.strs[this.count] = kind === STRING ? s : s.replace(LONE, "\ufffd");
    this.starts[this.count++] = start;
    this.nums[this.n++] = kind;
    this.nums[this.n++] = start;
    this.nums[this.n++] = b - start;
  }

  /**
   * Appends the UTF-8 of an option text after the leads' bytes (not a lead
   * string: the outcome never names it); returns its length, -1 for none.
   */
  text(s) {
    if (s === undefined) return -1;
    const start = this.b;
    if (start + s.length * 3 > this.bytes.length) this.#grow(s.length * 3);
    this.b = start + encoder.encodeInto(s, this.bytes.subarray(start)).written;
    return this.b - start;
  }

  #room(k) {
    if (this.n + k <= this.nums.length) return;
    const bigger = new Float64Array(Math.max(this.nums.length * 2, this.n + k));
    bigger.set(this.nums.subarray(0, this.n));
    this.nums = bigger;
  }

  #grow(more) {
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.b + more));
    bigger.set(this.bytes.subarray(0, this.b));
    this.bytes = bigger;
  }
}

// NaN and ±Infinity: JSON has no such numbers (JSON.parse reads 1e400 as
// Infinity, which the CLI refuses as bad_json).
function nonFinite(field, v) {
  throw new TypeError(`${field}: ${v} is not a JSON number`);
}

// Values JSON.stringify leaves out of objects.
function skipped(v) {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}
