// leadgate/lite: the small browser build, loading the reference model
// compiled ahead of time (what a web form ships), run here in Node.
// scripts/bench-js writes the compiled model first (target/bench-js/).
// node:fs from getBuiltinModule where Node has it (20.16+): its ES module facade
// costs ~1.5 ms of start-up, the harness's cost and not the engine's (node.mjs does the same).
const { readFileSync } = process.getBuiltinModule?.("node:fs") ?? (await import("node:fs"));
import { init, loadScorer } from "../../../pkg/lite/index.js";

const root = new URL("../../../", import.meta.url);

export async function prepare() {
  // Node's fetch cannot read files: the wasm and the model are handed over as bytes.
  await init(readFileSync(new URL("pkg/lite/leadgate_bg.wasm", root)));
  const scorer = await loadScorer(readFileSync(new URL("target/bench-js/reference-model.lgm", root)));
  const run = (lead, now) => scorer.score(lead, { now });
  run.many = (leads, now) => scorer.scoreMany(leads, { now });
  return run;
}
