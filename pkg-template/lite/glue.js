// leadgate/lite's wasm glue, written by hand for the lite build's exports
// (src/wasm/exports.rs: plain functions of numbers, no wasm-bindgen; the
// full build's generated glue.js costs ~1.9 KB of the gzipped download, this
// well under 1 KB). scripts/build-pkg checks that the wasm exports exactly
// what this file calls and imports nothing.
// Views of wasm memory are runtime.js's (set by `markReady`, which every
// instance passes through before an engine is made or read).
import { wasmU8 } from "./runtime.js";

let wasm;
// The compiled module, for `restart`, and how many times it was restarted.
let module;
let generation = 0;
let decoder = new TextDecoder("utf-8", { ignoreBOM: true });
let decoded = 0;

// The UTF-8 at `at`; a fresh decoder every 2 GB, as Safari's gives up after that.
function decode(at, len) {
  decoded += len;
  if (decoded >= 2146435072) {
    decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    decoded = len;
  }
  return decoder.decode(wasmU8().subarray(at, at + len));
}

// An engine is registered with its address plus 2^32 × the generation of
// its instance: one of an instance since replaced is not freed in the new one.
const engines =
  typeof FinalizationRegistry === "undefined"
    ? { register() {}, unregister() {} }
    : new FinalizationRegistry((held) => held / 2 ** 32 >>> 0 === generation && wasm.free(held >>> 0));

/** A compiled model in wasm memory, by its handle (src/wasm/exports.rs). */
export class Engine {
  static load(bytes) {
    const at = wasm.buffer(bytes.length) >>> 0; // may grow memory: before wasmU8()
    wasmU8().set(bytes, at);
    return loaded(wasm.load(at, bytes.length));
  }
  free() {
    wasm.free(this.__destroy_into_raw());
  }
  // wasm-bindgen's name: forgets the engine without freeing it (api.js, for
  // an engine whose instance was replaced).
  __destroy_into_raw() {
    const at = this.ptr;
    this.ptr = 0;
    engines.unregister(this);
    return at;
  }
  // 0 the last call's text, 1 problems, 2 info, 3 lead keys (src/wasm.rs `text`).
  // The text is left in wasm memory: the `text` export returns its address + 2^32 × its length.
  text(which) {
    const at = wasm.text(this.ptr, which);
    return decode(at % 2 ** 32, at / 2 ** 32 >>> 0);
  }
  input(tape, bytes) {
    return wasm.input(this.ptr, tape, bytes) >>> 0;
  }
  input_bytes() {
    return wasm.input_bytes(this.ptr) >>> 0;
  }
  score(count, tapeLen, bytesLen, nowMs, nowLen, stageLen, many) {
    return wasm.score(this.ptr, count, tapeLen, bytesLen, nowMs, nowLen, stageLen, many) >>> 0;
  }
}

// Outside the class, as api.js's scorerOf: a bundled class that names itself
// inside its body minifies larger.
function loaded(ptr) {
  const engine = Object.create(Engine.prototype);
  engine.ptr = ptr;
  engines.register(engine, ptr + generation * 2 ** 32, engine);
  return engine;
}

/** A fresh instance of the module, after a call failed inside the old one (see runtime.js `failure`). */
export function restart() {
  generation++;
  return (wasm = new WebAssembly.Instance(module).exports);
}

// Bytes or a compiled module, told apart without touching `Response` or
// `Request`: in Node the first use of those globals loads its fetch
// implementation (~10 ms of start-up).
const inMemory = (source) =>
  source instanceof WebAssembly.Module || source instanceof ArrayBuffer || ArrayBuffer.isView(source);

async function instantiate(source) {
  if (!inMemory(source) && typeof Response === "function" && source instanceof Response) {
    if (!source.ok) {
      throw new Error(`failed to fetch Wasm: ${source.status} ${source.statusText} fetching '${source.url}'`);
    }
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        return await WebAssembly.instantiateStreaming(source);
      } catch (e) {
        const basic = ["basic", "cors", "default"].includes(source.type);
        if (!basic || source.headers.get("Content-Type") === "application/wasm") throw e;
        // wasm-bindgen's warning, in fewer words (this file's bytes are downloaded).
        console.warn("leadgate: serve the wasm as application/wasm for streaming compilation; falling back to WebAssembly.instantiate:\n", e);
      }
    }
    return WebAssembly.instantiate(await source.arrayBuffer());
  }
  // Bytes already in memory: a synchronous compile is lazy (each function is
  // compiled on its first call), ~1 ms for this small module, where the
  // asynchronous one compiled everything up front (~17 ms in Node 20).
  const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
  return { module, instance: new WebAssembly.Instance(module) };
}

/**
 * Instantiates the wasm once: `{ module_or_path }` is a URL (text, `URL` or
 * `Request`), a fetch `Response` (or a promise of one), bytes or a
 * `WebAssembly.Module`; by default `leadgate_bg.wasm` next to this file.
 */
export default async function init({ module_or_path: source } = {}) {
  if (wasm !== undefined) return wasm;
  source ??= new URL("leadgate_bg.wasm", import.meta.url);
  if (!inMemory(source) && (typeof source === "string" || source instanceof URL ||
      (typeof Request === "function" && source instanceof Request))) {
    source = fetch(source);
  }
  const made = await instantiate(await source);
  if (wasm !== undefined) return wasm;
  module = made.module;
  return (wasm = made.instance.exports);
}
