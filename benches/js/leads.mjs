// Deterministic lead generator shared by every engine in the benchmark:
// the same seed gives the same leads on every run and machine.

/** A small, fast PRNG (mulberry32) so runs are reproducible. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENIORITY = ["vp", "director", "head", "cxo", "manager", "analyst", "intern"];
const DEPARTMENT = ["marketing", "sales", "revops", "engineering", "finance", "hr"];
const INDUSTRY = ["software", "fintech", "retail", "healthcare", "logistics", "education", "government"];
const COUNTRY = ["BR", "MX", "AR", "CO", "US", "DE", "PT", "ES", "CL", "PE"];
const DOMAIN = ["acme.com", "gmail.com", "globex.com.br", "hotmail.com", "initech.io", "rival.com", "yahoo.com.br", "umbrella.mx"];
const FORM = ["newsletter", "ebook", "demo_request", "contact_sales", "webinar_signup"];
const SOURCE = ["linkedin", "google", "newsletter", "direct", "partner"];

/** `n` leads with the fields the reference model reads, plus a few it ignores. */
export function generateLeads(n, seed = 20261126) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const leads = new Array(n);
  for (let i = 0; i < n; i++) {
    const domain = pick(DOMAIN);
    const lead = {
      email: `lead${i}@${domain}`,
      email_domain: domain,
      name: `Lead ${i}`,
      company: r() < 0.9 ? `Company ${i % 997}` : "",
      seniority: pick(SENIORITY),
      department: pick(DEPARTMENT),
      company_size: Math.floor(r() < 0.5 ? r() * 200 : r() * 5000),
      industry: pick(INDUSTRY),
      country: pick(COUNTRY),
      page_views: Math.floor(r() * 40),
      pricing_views: Math.floor(r() * 3),
      webinar: r() < 0.2,
      form: pick(FORM),
      email_clicks: Math.floor(r() * 6),
      trial: r() < 0.1,
      utm_source: pick(SOURCE),
      downloads: Math.floor(r() * 4),
    };
    if (r() < 0.05) delete lead.company_size;
    leads[i] = lead;
  }
  return leads;
}
