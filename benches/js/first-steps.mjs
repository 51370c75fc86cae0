// Where import → first result goes, step by step, in this fresh process:
//   node benches/js/first-steps.mjs lite|compiled|json
// prints `step=ms` pairs (run it many times and take medians; nothing is
// asserted). The steps are those of benches/js/engines/leadgate*.mjs, with
// node:fs taken first as they take it (process.getBuiltinModule: its ES
// module facade, ~1.5 ms, would be the harness's cost, not the engine's).
// Needs target/bench-js/reference-model.lgm (scripts/bench-js writes it).
const kind = process.argv[2];
const root = new URL("../../", import.meta.url);
const at = [performance.now()];
const names = [];
const step = (name) => {
  at.push(performance.now());
  names.push(name);
};
const { readFileSync } = process.getBuiltinModule?.("node:fs") ?? (await import("node:fs"));
step("import_fs");
let scorer;
if (kind === "lite") {
  const lite = await import(new URL("pkg/lite/index.js", root));
  step("import");
  const wasm = readFileSync(new URL("pkg/lite/leadgate_bg.wasm", root));
  step("read_wasm");
  await lite.init(wasm); // compiles (lazily) and instantiates
  step("init");
  const compiled = readFileSync(new URL("target/bench-js/reference-model.lgm", root));
  scorer = await lite.loadScorer(compiled);
  step("load_model");
} else {
  const { Scorer } = await import(new URL("pkg/node.mjs", root)); // reads, compiles and instantiates the wasm
  step("import");
  scorer = kind === "json"
    ? new Scorer(readFileSync(new URL("benches/js/reference-model.json", root), "utf8"))
    : Scorer.fromCompiled(readFileSync(new URL("target/bench-js/reference-model.lgm", root)));
  step("load_model");
}
const lead = { email: "ana@acme.com", email_domain: "acme.com", company: "Acme", seniority: "vp", company_size: 120, form: "demo_request" };
const now = Date.parse("2026-11-26T12:00:00Z");
if (scorer.score(lead, { now }).stage !== "SQL") throw new Error("unexpected stage");
step("score_1");
scorer.score(lead, { now });
step("score_2");
console.log(names.map((name, i) => `${name}=${(at[i + 1] - at[i]).toFixed(3)}`).join(" "));
