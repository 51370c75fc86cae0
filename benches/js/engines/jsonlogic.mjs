// The reference model in json-logic-js 2.0.5: one JsonLogic expression per
// rule, stage and route; sums, grade and deadline in a little JS around it.
import jsonLogic from "json-logic-js";

const FREE = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.br", "bol.com.br", "uol.com.br", "icloud.com"];
const LATAM = ["BR", "MX", "AR", "CO", "CL", "PE"];
const DEMO = ["demo_request", "contact_sales"];
const v = (name) => ({ var: name });
// JsonLogic reads a missing field as null, and null >= 0 is true in JS: guard numbers.
const isNum = (name) => ({ "!==": [v(name), null] });
const gte = (name, n) => ({ and: [isNum(name), { ">=": [v(name), n] }] });
const present = (name) => ({ and: [{ "!!": v(name) }] });

const RULES = [
  ["senior", "Senior title", "persona", 20, "seniority", { in: [v("seniority"), ["vp", "director", "head", "cxo"]] }],
  ["department", "Buying department", "persona", 15, "department", { in: [v("department"), ["marketing", "sales", "revops"]] }],
  ["mid_size", "50–999 employees", "persona", 15, "company_size", { and: [isNum("company_size"), { "<=": [50, v("company_size"), 999] }] }],
  ["large", "1000+ employees", "persona", 10, "company_size", gte("company_size", 1000)],
  ["industry", "Target industry", "persona", 10, "industry", { in: [v("industry"), ["software", "fintech", "retail", "healthcare", "logistics"]] }],
  ["region", "LatAm", "persona", 5, "country", { in: [v("country"), LATAM] }],
  ["free_email", "Free email", "fit", -15, "email_domain", { in: [v("email_domain"), FREE] }],
  ["intern", "Intern", "fit", -40, "seniority", { "==": [v("seniority"), "intern"] }],
  ["micro", "Fewer than 10 employees", "fit", -10, "company_size", { and: [isNum("company_size"), { "<": [v("company_size"), 10] }] }],
  ["competitor", "Competitor", "fit", -100, "email_domain", { in: [v("email_domain"), ["rival.com", "other.io"]] }],
  ["views_10", "10+ page views", "engagement", 10, "page_views", gte("page_views", 10)],
  ["views_30", "30+ page views", "engagement", 10, "page_views", gte("page_views", 30)],
  ["pricing", "Viewed pricing", "engagement", 15, "pricing_views", gte("pricing_views", 1)],
  ["webinar", "Attended a webinar", "engagement", 20, "webinar", { "===": [v("webinar"), true] }],
  ["demo_form", "Asked for a demo", "engagement", 30, "form", { in: [v("form"), DEMO] }],
  ["clicks", "3+ email clicks", "engagement", 5, "email_clicks", gte("email_clicks", 3)],
  ["trial", "Started a trial", "engagement", 25, "trial", { "===": [v("trial"), true] }],
  ["paid_source", "Paid source", "engagement", 5, "utm_source", { in: [v("utm_source"), ["linkedin", "google"]] }],
  ["downloads", "2+ downloads", "engagement", 10, "downloads", gte("downloads", 2)],
];
// Stages and routes read the lead and the results: data is { lead, fit, engagement, score, grade_rank }.
const STAGES = [
  ["SQL", { and: [present("lead.email"), present("lead.company"), { or: [
    { and: [{ ">=": [v("grade_rank"), 3] }, { ">=": [v("engagement"), 40] }] },
    { in: [v("lead.form"), DEMO] }] }] }],
  ["MQL", { and: [present("lead.email"), { ">=": [v("grade_rank"), 2] }, { ">=": [v("score"), 50] }] }],
];
const ROUTES = [
  ["enterprise", "enterprise-ae", { and: [{ in: [v("stage"), ["SQL", "MQL"]] }, gte("lead.company_size", 1000)] }],
  ["latam", "latam-sdr", { and: [{ in: [v("stage"), ["SQL", "MQL"]] }, { in: [v("lead.country"), LATAM] }] }],
  ["default", "inbound-sdr", true],
];
const SLA = { SQL: 3_600_000, MQL: 86_400_000 };

export function prepare() {
  return (lead, now) => {
    const personaReasons = [];
    const reasons = [];
    let persona = 0, fit = 0, eng = 0;
    for (const [rule, label, group, points, field, logic] of RULES) {
      if (!jsonLogic.apply(logic, lead)) continue;
      const reason = { rule, label, group: group === "persona" ? "fit" : group, points, field, value: lead[field] };
      if (group === "persona") (persona += points), personaReasons.push(reason);
      else if (group === "fit") (fit += points), reasons.push(reason);
      else (eng += points), reasons.push(reason);
    }
    if (persona > 0) (fit += persona), reasons.unshift(...personaReasons);
    const grade = fit >= 60 ? "A" : fit >= 40 ? "B" : fit >= 20 ? "C" : "D";
    const data = { lead, fit, engagement: eng, score: fit + eng, grade_rank: 4 - "ABCD".indexOf(grade), stage: "lead" };
    data.stage = STAGES.find(([, logic]) => jsonLogic.apply(logic, data))?.[0] ?? "lead";
    const [rule, team] = ROUTES.find(([, , logic]) => jsonLogic.apply(logic, data));
    const within = SLA[data.stage];
    const respond_by = within === undefined ? null : new Date(now + within).toISOString().replace(".000Z", "Z");
    return { stage: data.stage, score: data.score, fit, engagement: eng, grade, persona: persona > 0 ? "buyer" : null, reasons, route: { rule, team, respond_by } };
  };
}
