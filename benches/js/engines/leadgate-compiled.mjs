// leadgate in Node with the reference model compiled ahead of time
// (Scorer.fromCompiled): start-up skips the model compiler. scripts/bench-js
// writes the compiled model first (target/bench-js/).
// node:fs from getBuiltinModule where Node has it (20.16+): its ES module facade
// costs ~1.5 ms of start-up, the harness's cost and not the engine's (node.mjs does the same).
const { readFileSync } = process.getBuiltinModule?.("node:fs") ?? (await import("node:fs"));
import { Scorer } from "../../../pkg/node.mjs";

export function prepare() {
  const compiled = readFileSync(new URL("../../../target/bench-js/reference-model.lgm", import.meta.url));
  const scorer = Scorer.fromCompiled(compiled);
  const run = (lead, now) => scorer.score(lead, { now });
  run.many = (leads, now) => scorer.scoreMany(leads, { now });
  return run;
}
