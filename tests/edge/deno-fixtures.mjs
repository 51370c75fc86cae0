// Every shared fixture case (tests/fixtures/cases) under Deno, through the
// builds the edge and browsers run: the package's deno entry (the browsers'
// full wasm, leadgate_bg.wasm, compiling each model's JSON) and leadgate/lite
// (its own wasm, loading the compiled bytes). Prints one JSON line:
// {"checked": n, "failures": [...]}.
// Usage: deno run --allow-read=<repo> --config <deno.json mapping "leadgate"> deno-fixtures.mjs <repo>
import { Scorer, compileModel } from "leadgate";

const [root] = Deno.args;
const lite = await import(new URL("pkg/lite/index.js", `file://${root}/`).href);
await lite.init(Deno.readFileSync(`${root}/pkg/lite/leadgate_bg.wasm`));
const read = (path) => Deno.readTextFileSync(`${root}/${path}`);
const modelText = (name) =>
  read(name === "default" ? "models/default.json" : `tests/fixtures/models/${name}.json`);
const full = new Map();
const small = new Map();
const failures = [];
let checked = 0;
const stems = [...Deno.readDirSync(`${root}/tests/fixtures/cases`)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".json"))
  .sort();
for (const file of stems) {
  const stem = file.slice(0, -5);
  const c = JSON.parse(read(`tests/fixtures/cases/${file}`));
  const want = read(`tests/fixtures/expected/${stem}.json`).trimEnd();
  if (!full.has(c.model)) {
    const text = modelText(c.model);
    full.set(c.model, new Scorer(text));
    small.set(c.model, await lite.loadScorer(compileModel(text)));
  }
  const options = { now: c.now };
  if (c.previous_stage !== undefined) options.previousStage = c.previous_stage;
  for (const [name, scorers] of [["deno full", full], ["deno lite", small]]) {
    const got = JSON.stringify(scorers.get(c.model).score(c.lead, options));
    checked++;
    if (got !== want) failures.push(`${name} ${stem}: ${got}`);
  }
}
console.log(JSON.stringify({ checked, failures }));
