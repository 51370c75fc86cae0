// The Node half of `scripts/bench limits`: the worst-case models that the
// native half (benches/limits/main.rs) wrote to target/limits/, compiled and
// scored by the npm package (pkg/node.mjs) against the same budgets: compile
// ≤ 1 s and ≤ 64 MB, score ≤ 5 ms per lead of ≤ 64 KB. Memory is how much
// the wasm instance's memory grew while compiling (it never shrinks, so each
// model's row shows what it needed beyond what earlier rows left).
// Reported, never asserted.
import { readdirSync, readFileSync } from "node:fs";

// The package keeps its instance private: record it as it is made.
const RealInstance = WebAssembly.Instance;
let instance;
WebAssembly.Instance = function (module, imports) {
  instance = new RealInstance(module, imports);
  return instance;
};
const { Scorer, LeadgateError } = await import("../pkg/node.mjs");
WebAssembly.Instance = RealInstance;
const wasmBytes = () => instance.exports.memory.buffer.byteLength;

const dir = "target/limits";
const now = "2026-11-26T12:00:00Z";
const pad = (s, n) => String(s).padStart(n);
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

console.log(`${"model (Node)".padEnd(24)} ${pad("compile_ms", 11)} ${pad("wasm+MB", 8)} ${pad("score_ms", 9)}  budgets met`);
for (const file of readdirSync(dir).filter((f) => f.endsWith(".model.json")).sort()) {
  const name = file.replace(".model.json", "");
  const model = readFileSync(`${dir}/${file}`, "utf8");
  const lead = JSON.parse(readFileSync(`${dir}/${name}.lead.json`, "utf8"));
  const before = wasmBytes();
  const start = performance.now();
  let scorer;
  try {
    scorer = new Scorer(model);
  } catch (e) {
    const ms = performance.now() - start;
    const grew = (wasmBytes() - before) / 1e6;
    const code = e instanceof LeadgateError ? (e.errors?.[0]?.code ?? e.code) : String(e);
    const ok = ms <= 1000 && grew <= 64 && code === "too_much_work";
    console.log(`${name.padEnd(24)} ${pad(ms.toFixed(1), 11)} ${pad(grew.toFixed(1), 8)} ${pad("-", 9)}  ${ok ? "yes" : "NO"} (refused: ${code})`);
    continue;
  }
  const compileMs = performance.now() - start;
  const grew = (wasmBytes() - before) / 1e6;
  // Warm up first: V8 compiles wasm in a baseline tier and optimizes hot
  // functions later, so the first calls of a run are slower.
  for (let i = 0; i < 10; i++) scorer.score(lead, { now });
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    scorer.score(lead, { now });
    times.push(performance.now() - t);
  }
  const scoreMs = median(times);
  scorer.free();
  const ok = compileMs <= 1000 && grew <= 64 && scoreMs <= 5;
  console.log(`${name.padEnd(24)} ${pad(compileMs.toFixed(1), 11)} ${pad(grew.toFixed(1), 8)} ${pad(scoreMs.toFixed(2), 9)}  ${ok ? "yes" : "NO"}`);
}
console.log("(wasm+MB: growth of the wasm memory while compiling; score_ms: median of 15 calls after 10 unmeasured ones, lead object → outcome)");
