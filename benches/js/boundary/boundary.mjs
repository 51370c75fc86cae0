// Ways across the JS ⇄ wasm boundary, timed side by side on the reference
// model and the same generated leads (one call at a time, best of 5 rounds).
// Run by `scripts/bench-js --boundary`, which builds the experimental wasm
// (experiments.rs) into the directory given as argv[2]; the shipped path is
// the built package in argv[3] (the same wasm without the experiments).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateLeads } from "../leads.mjs";
import { LeadTape } from "../../../pkg-template/tape.js";

const dir = process.argv[2];
const glue = await import(join(dir, "leadgate.js"));
glue.initSync({ module: readFileSync(join(dir, "leadgate_bg.wasm")) });
const { Scorer } = await import(join(process.argv[3], "node.mjs"));
const model = readFileSync(new URL("../reference-model.json", import.meta.url), "utf8");
const x = new glue.Experiments(model);
const scorer = new Scorer(model);
const keys = [...new Set(Object.keys(generateLeads(1)[0]).concat(["events", "previous_stage"]))];
const N = 30_000;
const leads = generateLeads(N);
const texts = leads.map((l) => JSON.stringify(l));
const NOW = Date.parse("2026-11-26T12:00:00Z");

// The shipped call in parts: each lead's tape written once by tape.js (as
// Scorer.score writes it), then read, scored and recorded in wasm step by step.
const tapeKeys = new Map(x.lead_keys().split("\n").map((key, k) => [key, k]));
const tape = new LeadTape();
const tapes = leads.map((lead) => {
  tape.reset();
  tape.lead(lead, tapeKeys);
  return [tape.nums.slice(0, tape.n), tape.bytes.slice(0, tape.b)];
});
const part = (p) => (i) => x.tape_parts(p, tapes[i][0], tapes[i][1], NOW);

const cases = [
  ["JSON.stringify(lead) alone", (i) => JSON.stringify(leads[i])],
  ["wasm: JSON text parse alone", (i) => x.parse_only(texts[i])],
  ["wasm: parse + score (no output)", (i) => x.parse_and_score(texts[i], NOW)],
  ["wasm: parse + score + record (no return)", (i) => x.parse_score_compact(texts[i], NOW)],
  ["wasm: parse + score + CLI JSON (no return)", (i) => x.parse_score_full_json(texts[i], NOW)],
  ["shipped: lead tape in, f64 record out, expand", (i) => scorer.score(leads[i], { now: NOW })],
  ["split: JS writes the lead's tape (tape.js)", (i) => { tape.reset(); tape.lead(leads[i], tapeKeys); }],
  ["split: wasm reads the tape (call, no scoring)", part(0)],
  ["split: wasm reads the tape + scores", part(1)],
  ["split: wasm reads the tape + scores + writes the record", part(2)],
  ["JSON in, CLI's full JSON out, JSON.parse", (i) => JSON.parse(x.json_full(JSON.stringify(leads[i]), NOW))],
  ["JSON in, serde-wasm-bindgen object out", (i) => x.json_in_swb_out(JSON.stringify(leads[i]), NOW)],
  ["serde-wasm-bindgen in, full JSON out, JSON.parse", (i) => JSON.parse(x.swb_in_json_out(leads[i], NOW))],
  ["serde-wasm-bindgen in and out", (i) => x.swb_in_swb_out(leads[i], NOW)],
  ["js-sys Reflect.get per key in, full JSON out", (i) => JSON.parse(x.jsys_in_json_out(leads[i], keys, NOW))],
];

const best = new Map();
for (let round = 0; round < 5; round++) {
  for (const [name, f] of cases) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) f(i);
    const us = Number(process.hrtime.bigint() - t0) / 1e3 / N;
    best.set(name, Math.min(best.get(name) ?? Infinity, us));
  }
}
const width = Math.max(...cases.map(([n]) => n.length));
console.log(`Boundary alternatives, Node ${process.version}, reference model, ${N.toLocaleString("en-US")} leads, best of 5`);
console.log(`| ${"way".padEnd(width)} | µs/call | leads/s |`);
console.log(`|${"-".repeat(width + 2)}|--------:|--------:|`);
for (const [name, us] of best) {
  console.log(`| ${name.padEnd(width)} | ${us.toFixed(2).padStart(7)} | ${Math.round(1e6 / us).toLocaleString("en-US").padStart(7)} |`);
}
// What a shipped call costs besides scoring itself: the budget's floor for this boundary.
const scoring = best.get("split: wasm reads the tape + scores") - best.get("split: wasm reads the tape (call, no scoring)");
const shipped = best.get("shipped: lead tape in, f64 record out, expand");
console.log(`\nScoring itself (split: read + score − read): ${scoring.toFixed(2)} µs; ` +
  `the rest of a shipped call (JS in and out, the call, the tape, the record): ${(shipped - scoring).toFixed(2)} µs of ${shipped.toFixed(2)}`);
