// leadgate: the reference model as a leadgate model, scored by the built package.
// node:fs from getBuiltinModule where Node has it (20.16+): its ES module facade
// costs ~1.5 ms of start-up, the harness's cost and not the engine's (node.mjs does the same).
const { readFileSync } = process.getBuiltinModule?.("node:fs") ?? (await import("node:fs"));
import { Scorer } from "../../../pkg/node.mjs";

const MODEL = readFileSync(new URL("../reference-model.json", import.meta.url), "utf8");

export function prepare() {
  const scorer = new Scorer(MODEL);
  const run = (lead, now) => scorer.score(lead, { now });
  run.many = (leads, now) => scorer.scoreMany(leads, { now });
  return run;
}
