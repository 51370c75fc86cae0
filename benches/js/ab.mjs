// A/B of score() between two built packages in one Node process, alternating
// rounds, so machine drift hits both alike (scripts/bench-js compares engines
// within one run for the same reason). Usage, from the repository root:
//   node benches/js/ab.mjs /abs/path/to/old/pkg /abs/path/to/new/pkg
// Give the same package twice to see the noise. Reported, never asserted.
import { readFileSync } from "node:fs";
import { generateLeads } from "./leads.mjs";
const [baseDir, newDir] = process.argv.slice(2);
const base = await import(`${baseDir}/node.mjs`);
const neu = await import(`${newDir}/node.mjs`);
const model = readFileSync(new URL("./reference-model.json", import.meta.url), "utf8");
const leads = generateLeads(50000);
const opts = { now: "2026-11-26T12:00:00Z" };
const engines = { base: new base.Scorer(model), new: new neu.Scorer(model) };
for (const s of Object.values(engines)) for (let i = 0; i < 20000; i++) s.score(leads[i % leads.length], opts);
const times = { base: [], new: [] };
for (let round = 0; round < 14; round++) {
  for (const name of round % 2 ? ["new", "base"] : ["base", "new"]) {
    const s = engines[name];
    const t = process.hrtime.bigint();
    for (const lead of leads) s.score(lead, opts);
    times[name].push(Number(process.hrtime.bigint() - t) / 1e3 / leads.length);
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const b = med(times.base), n = med(times.new);
console.log(`score() µs/call median of 14 rounds × 50,000 leads: base ${b.toFixed(3)}, new ${n.toFixed(3)}, ratio ${(n / b).toFixed(3)}`);
