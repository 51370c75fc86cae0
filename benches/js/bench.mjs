// The side-by-side JS benchmark: the same reference model (19 rules, 2
// stages, 3 routes) in leadgate, hand-written JS, json-logic-js and
// json-rules-engine, over the same generated leads, one call at a time, in one
// Node process. Prints throughput, per-call median and p99, ratios to
// leadgate, download size (min + gzip -9) and import → first result in a
// fresh process. Every engine's answers are checked against leadgate's first.
//
// Usage: node benches/js/bench.mjs [--leads N] [--json FILE]
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateLeads } from "./leads.mjs";
import { downloadSize } from "./size.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const N = Number(arg("--leads", 100_000));
const NOW = Date.parse("2026-11-26T12:00:00Z");
const ENGINES = ["leadgate", "leadgate-compiled", "leadgate-lite", "handwritten", "jsonlogic", "rules-engine"];
const LABEL = {
  leadgate: "leadgate (wasm)",
  "leadgate-compiled": "leadgate (wasm), compiled model",
  "leadgate-lite": "leadgate/lite, compiled model",
  "leadgate scoreMany": "leadgate scoreMany (1,000/call)",
  handwritten: "hand-written JS",
  jsonlogic: "json-logic-js 2.0.5",
  "rules-engine": "json-rules-engine 7.3.1",
};

const leads = generateLeads(N);
const engines = {};
for (const name of ENGINES) engines[name] = await (await import(`./engines/${name}.mjs`)).prepare();

// Same answers first: a benchmark of engines that disagree measures nothing.
const key = (o) => JSON.stringify([o.stage, o.score, o.fit, o.engagement, o.grade, o.persona, o.route?.team, o.route?.respond_by, o.reasons]);
for (const name of ENGINES.slice(1)) {
  for (let i = 0; i < Math.min(N, 5_000); i++) {
    const want = key(engines.leadgate(leads[i], NOW));
    const got = key(await engines[name](leads[i], NOW));
    if (want !== got) throw new Error(`${name} disagrees with leadgate on lead ${i}:\n${want}\n${got}`);
  }
}

async function measure(score) {
  const isAsync = score(leads[0], NOW) instanceof Promise;
  // Warm-up, then a plain timed pass for throughput, then a pass timing each call.
  for (let i = 0; i < Math.min(N, 20_000); i++) isAsync ? await score(leads[i], NOW) : score(leads[i], NOW);
  let t0 = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < N; i++) await score(leads[i], NOW);
  else for (let i = 0; i < N; i++) score(leads[i], NOW);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const calls = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    t0 = process.hrtime.bigint();
    isAsync ? await score(leads[i], NOW) : score(leads[i], NOW);
    calls[i] = Number(process.hrtime.bigint() - t0) / 1e3;
  }
  calls.sort();
  return { perSecond: N / seconds, median: calls[Math.floor(N / 2)], p99: calls[Math.floor(N * 0.99)] };
}

function importToFirst(name) {
  const script = fileURLToPath(new URL("./first.mjs", import.meta.url));
  const runs = [];
  for (let i = 0; i < 7; i++) runs.push(Number(execFileSync(process.execPath, [script, name], { encoding: "utf8" }).trim()));
  runs.sort((a, b) => a - b);
  return runs[3];
}

const rows = [];
for (const name of ENGINES) {
  const speed = await measure(engines[name]);
  rows.push({ name, ...speed, size: await downloadSize(name), first: importToFirst(name) });
}
{
  // scoreMany as a batch consumer calls it: 1,000 leads per call.
  const many = engines.leadgate.many;
  const chunks = [];
  for (let i = 0; i < N; i += 1_000) chunks.push(leads.slice(i, i + 1_000));
  for (const chunk of chunks.slice(0, 20)) many(chunk, NOW);
  const t0 = process.hrtime.bigint();
  for (const chunk of chunks) many(chunk, NOW);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  rows.splice(1, 0, { name: "leadgate scoreMany", perSecond: N / seconds, median: NaN, p99: NaN, size: NaN, first: NaN });
}

const base = rows[0].perSecond;
const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "—");
const header = ["engine", "leads/s", "vs leadgate", "µs/call median", "µs/call p99", "download min+gz (KB)", "import→first (ms)"];
const lines = rows.map((r) => [
  LABEL[r.name] ?? r.name,
  fmt(r.perSecond),
  `${fmt(r.perSecond / base, 2)}×`,
  fmt(r.median, 2),
  fmt(r.p99, 2),
  fmt(r.size / 1000, 1),
  fmt(r.first, 1),
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const row = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
console.log(`Node ${process.version}, ${N.toLocaleString("en-US")} generated leads, reference model: benches/js/reference-model.json (19 rules)`);
console.log(row(header));
console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
for (const l of lines) console.log(row(l));

// The issue's budgets against what was just measured (reported, never asserted).
const by = Object.fromEntries(rows.map((r) => [r.name, r]));
const fastestFirst = ["leadgate", "leadgate-compiled", "leadgate-lite"].reduce((best, name) => (by[name].first < by[best].first ? name : best));
const budgets = [
  ["score() leads/s (Node, leadgate)", 500_000, by.leadgate.perSecond, true, 0],
  ["score() µs/call median", 2, by.leadgate.median, false, 2],
  ["scoreMany leads/s, faster than score()", by.leadgate.perSecond, by["leadgate scoreMany"].perSecond, true, 0],
  ["browser download, leadgate/lite (KB)", 40, by["leadgate-lite"].size / 1000, false, 1],
  ["browser download, full build (KB)", 40, by.leadgate.size / 1000, false, 1],
  [`import→first, Node (ms; fastest: ${LABEL[fastestFirst]})`, 5, by[fastestFirst].first, false, 1],
];
console.log("\nBudgets (the npm package issue's targets):");
console.log("| budget | target | measured | measured/target | met |");
console.log("|---|---:|---:|---:|---|");
for (const [name, target, measured, higherIsBetter, digits] of budgets) {
  const met = higherIsBetter ? measured >= target : measured <= target;
  const bound = higherIsBetter ? "≥" : "≤";
  console.log(`| ${name} | ${bound} ${fmt(target, digits)} | ${fmt(measured, digits)} | ${fmt(measured / target, 2)}× | ${met ? "yes" : "no"} |`);
}

const out = arg("--json");
if (out) writeFileSync(out, JSON.stringify({ node: process.version, leads: N, rows }, null, 2));
