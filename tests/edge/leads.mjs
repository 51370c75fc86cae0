// Leads for the edge tests, and the reference scorer (the Node entry of the
// same package, same model) that says what the worker should answer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./harness.mjs";
import { mulberry32 } from "./receiver.mjs";

const { Scorer } = await import(join(root, "pkg/node.mjs"));
export const model = JSON.parse(readFileSync(join(root, "models/default.json"), "utf8"));
export const reference = new Scorer(model);

/** SQL (demo request), company of 5,000: routed to enterprise-ae. */
export const SQL_ENTERPRISE = {
  email: "bob@bigcorp.com", company: "BigCorp", job_title: "VP Sales", company_size: 5000, form: "demo_request",
};
/** SQL from Brazil: latam-sdr. */
export const SQL_LATAM = {
  email: "ana@acme.com.br", company: "Acme", job_title: "Diretora de Marketing", company_size: 120,
  form: "demo_request", country: "BR",
};
/** MQL (good fit, no hand-raise, below the SQL score): answered, not delivered. */
export const MQL = {
  email: "carl@midsize.com", company: "Midsize", job_title: "Marketing Coordinator", company_size: 200, industry: "software",
};

/** `n` SQL leads (demo or sales-contact requests from qualified fits: grade B or better) spread over the three sales teams, seeded. */
export function sqlLeads(n, seed = 7) {
  const rng = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(rng() * xs.length)];
  const leads = [];
  for (let i = 0; i < n; i++) {
    leads.push({
      email: `person${i}@${pick(["acme", "globex", "initech", "umbrella", "hooli"])}${i}.com`,
      company: `Company ${i}`,
      job_title: pick(["VP Sales", "Head of Marketing", "CTO", "Coordenadora de Marketing", "Gerente de Vendas", "Diretor de TI"]),
      company_size: pick([80, 250, 999, 1000, 4000, "1500", "300", "1.200"]),
      country: pick(["BR", "MX", "US", "DE", "Argentina", "PT"]),
      form: pick(["demo_request", "contact_sales"]),
      utm_source: pick(["google", "linkedin", "newsletter"]),
    });
  }
  return leads;
}
