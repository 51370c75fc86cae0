// Every shared fixture case (tests/fixtures/cases) under Deno, through the
// builds the edge and browsers run: the package's deno entry (the browsers'
// full wasm, leadgate_bg.wasm, compiling each model's JSON) and leadgate/lite
// (its own wasm, loading the compiled bytes). Prints one JSON line:
// {"checked": n, "failures": [...]}.
// Usage: deno run --allow-read=<repo> --config <deno.json mapping "leadgate"> deno-fixtures.mjs <repo>
import { Scorer, compileModel, withinHours, addBusinessTime } from "leadgate";

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
    // leadgate/lite refuses a model whose teams have business hours
    // (docs/js.md): that refusal is its expected answer for these cases.
    const hasHours = Object.keys(JSON.parse(text).teams ?? {}).length > 0;
    try {
      small.set(c.model, await lite.loadScorer(compileModel(text)));
      if (hasHours) failures.push(`deno lite ${c.model}: loaded a model with business hours`);
    } catch (e) {
      small.set(c.model, { refused: e.code });
      if (!hasHours || e.code !== "needs_full_build") failures.push(`deno lite ${c.model}: ${e.code} ${e.message}`);
    }
  }
  const options = { now: c.now };
  if (c.previous_stage !== undefined) options.previousStage = c.previous_stage;
  for (const [name, scorers] of [["deno full", full], ["deno lite", small]]) {
    const scorer = scorers.get(c.model);
    checked++;
    if (scorer.refused) continue;
    const got = JSON.stringify(scorer.score(c.lead, options));
    if (got !== want) failures.push(`${name} ${stem}: ${got}`);
  }
}
// withinHours / addBusinessTime on the shared hours fixture (tests/js/hours.test.mjs does the same in Node).
const hours = JSON.parse(read("tests/fixtures/hours/cases.json"));
let hoursChecked = 0;
for (const c of hours.within) {
  hoursChecked++;
  if (withinHours(hours.hours[c.hours], c.now) !== c.expect) failures.push(`deno withinHours: ${c.why}`);
}
for (const c of hours.add) {
  hoursChecked++;
  const due = addBusinessTime(hours.hours[c.hours], c.now, c.duration_ms).toISOString().replace(".000Z", "Z");
  if (due !== c.expect) failures.push(`deno addBusinessTime: ${c.why}: ${due}`);
}
console.log(JSON.stringify({ checked, hoursChecked, failures }));
