// node:fs for node.mjs. A static `import ... from "node:fs"` costs ~1.2 ms
// of start-up: Node's ES module facade of fs reads every export, which loads
// fs/promises. process.getBuiltinModule (Node 20.16+, 22.3+) hands over the
// same module in ~0.03 ms; older Nodes import it. node.cjs is bundled with
// `export { readFileSync } from "node:fs"` in this file's place (scripts/build-pkg):
// `require` has no such cost, and CommonJS has no top-level await.
export const { readFileSync } = globalThis.process.getBuiltinModule?.("node:fs") ?? (await import("node:fs"));
