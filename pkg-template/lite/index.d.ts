// leadgate/lite: the scorer without the model compiler (see lite/index.js).
import type { CompiledModel, Scorer, WasmSource } from "../index.js";

export type * from "../index.js";
export { Scorer, LeadgateError, version } from "../index.js";

/**
 * Loads the WebAssembly module (streaming compilation); `loadScorer` does it
 * when needed. `input` overrides where the wasm comes from.
 */
export declare function init(input?: WasmSource): Promise<void>;

/**
 * Loads the wasm if needed, then a compiled model: its bytes, or where to
 * fetch them (a URL, text or `URL`, or a fetch `Response`). Throws
 * LeadgateError `bad_compiled_model`, `compiled_model_version` or `load_failed`.
 */
export declare function loadScorer<S extends string = string>(
  compiled: CompiledModel | string | { readonly href: string } | { arrayBuffer(): Promise<ArrayBuffer> },
): Promise<Scorer<S>>;
