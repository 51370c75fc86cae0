// node:fs for node.mjs. A static `import ... from "node:fs"` costs ~1.2 ms
// of start-up: Node's ES module facade of fs reads every export, which loads
// fs/promises. process.getBuiltinModule (Node 20.16+, 22.3+) hands over the
// same module in ~0.03 ms; older Nodes require it. node:module's facade is
// small (~0.3 ms); a fallback through `await import("node:fs")` would make
// node.mjs a top-level-await module, which bundlers cannot turn into
// CommonJS. node.cjs is bundled with `export { readFileSync } from "node:fs"`
// in this file's place (scripts/build-pkg): `require` has no such cost.
import { createRequire } from "node:module";

export const { readFileSync } =
  globalThis.process.getBuiltinModule?.("node:fs") ?? createRequire(import.meta.url)("node:fs");
