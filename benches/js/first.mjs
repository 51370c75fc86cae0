// Import → first result in this fresh process, in milliseconds: import the
// engine, compile the reference model, score one lead (printed to stdout).
const t0 = performance.now();
const { prepare } = await import(`./engines/${process.argv[2]}.mjs`);
const score = await prepare();
const lead = { email: "ana@acme.com", email_domain: "acme.com", company: "Acme", seniority: "vp", company_size: 120, form: "demo_request" };
const outcome = await score(lead, Date.parse("2026-11-26T12:00:00Z"));
const ms = performance.now() - t0;
if (outcome.stage !== "SQL") throw new Error(`unexpected stage ${outcome.stage}`);
console.log(ms.toFixed(2));
