// The reference model written by hand in plain JavaScript: the fastest
// anything can be, and what a team maintains without an engine.
const FREE = new Set(["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.br", "bol.com.br", "uol.com.br", "icloud.com"]);
const LATAM = new Set(["BR", "MX", "AR", "CO", "CL", "PE"]);
const SENIOR = new Set(["vp", "director", "head", "cxo"]);
const DEPARTMENT = new Set(["marketing", "sales", "revops"]);
const INDUSTRY = new Set(["software", "fintech", "retail", "healthcare", "logistics"]);
const DEMO = new Set(["demo_request", "contact_sales"]);
const PAID = new Set(["linkedin", "google"]);
const HOUR = 3_600_000;

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const present = (v) => v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");

export function prepare() {
  return (lead, now) => {
    const reasons = [];
    const fire = (rule, label, group, points, field) =>
      reasons.push({ rule, label, group, points, field, value: lead[field] });
    const size = num(lead.company_size);
    let persona = 0;
    if (SENIOR.has(lead.seniority)) (persona += 20), fire("senior", "Senior title", "fit", 20, "seniority");
    if (DEPARTMENT.has(lead.department)) (persona += 15), fire("department", "Buying department", "fit", 15, "department");
    if (size >= 50 && size <= 999) (persona += 15), fire("mid_size", "50–999 employees", "fit", 15, "company_size");
    if (size >= 1000) (persona += 10), fire("large", "1000+ employees", "fit", 10, "company_size");
    if (INDUSTRY.has(lead.industry)) (persona += 10), fire("industry", "Target industry", "fit", 10, "industry");
    if (LATAM.has(lead.country)) (persona += 5), fire("region", "LatAm", "fit", 5, "country");
    if (persona <= 0) reasons.length = 0;
    let fit = Math.max(persona, 0);
    if (FREE.has(lead.email_domain)) (fit -= 15), fire("free_email", "Free email", "fit", -15, "email_domain");
    if (lead.seniority === "intern") (fit -= 40), fire("intern", "Intern", "fit", -40, "seniority");
    if (size < 10) (fit -= 10), fire("micro", "Fewer than 10 employees", "fit", -10, "company_size");
    if (lead.email_domain === "rival.com" || lead.email_domain === "other.io") (fit -= 100), fire("competitor", "Competitor", "fit", -100, "email_domain");
    const grade = fit >= 60 ? "A" : fit >= 40 ? "B" : fit >= 20 ? "C" : "D";
    let eng = 0;
    const views = num(lead.page_views);
    if (views >= 10) (eng += 10), fire("views_10", "10+ page views", "engagement", 10, "page_views");
    if (views >= 30) (eng += 10), fire("views_30", "30+ page views", "engagement", 10, "page_views");
    if (num(lead.pricing_views) >= 1) (eng += 15), fire("pricing", "Viewed pricing", "engagement", 15, "pricing_views");
    if (lead.webinar === true) (eng += 20), fire("webinar", "Attended a webinar", "engagement", 20, "webinar");
    if (DEMO.has(lead.form)) (eng += 30), fire("demo_form", "Asked for a demo", "engagement", 30, "form");
    if (num(lead.email_clicks) >= 3) (eng += 5), fire("clicks", "3+ email clicks", "engagement", 5, "email_clicks");
    if (lead.trial === true) (eng += 25), fire("trial", "Started a trial", "engagement", 25, "trial");
    if (PAID.has(lead.utm_source)) (eng += 5), fire("paid_source", "Paid source", "engagement", 5, "utm_source");
    if (num(lead.downloads) >= 2) (eng += 10), fire("downloads", "2+ downloads", "engagement", 10, "downloads");
    const score = fit + eng;
    let stage = "lead";
    if (present(lead.email) && present(lead.company) && (((grade === "A" || grade === "B") && eng >= 40) || DEMO.has(lead.form))) stage = "SQL";
    else if (present(lead.email) && grade !== "D" && score >= 50) stage = "MQL";
    const hot = stage !== "lead";
    const team = hot && size >= 1000 ? "enterprise-ae" : hot && LATAM.has(lead.country) ? "latam-sdr" : "inbound-sdr";
    const within = stage === "SQL" ? HOUR : stage === "MQL" ? 24 * HOUR : null;
    const respond_by = within === null ? null : new Date(now + within).toISOString().replace(".000Z", "Z");
    return { stage, score, fit, engagement: eng, grade, persona: persona > 0 ? "buyer" : null, reasons, route: { team, respond_by } };
  };
}
