// leadgate: the reference model as a leadgate model, scored by the built package.
import { readFileSync } from "node:fs";
import { Scorer } from "../../../pkg/node.mjs";

const MODEL = readFileSync(new URL("../reference-model.json", import.meta.url), "utf8");

export function prepare() {
  const scorer = new Scorer(MODEL);
  const run = (lead, now) => scorer.score(lead, { now });
  run.many = (leads, now) => scorer.scoreMany(leads, { now });
  return run;
}
