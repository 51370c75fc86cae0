// The reference model in json-rules-engine 7.3.1: the 19 rules, the stages and
// the routes as three engines (stages need the scores, routes the stage).
// Its API is asynchronous, so each lead costs three awaited runs.
import { Engine } from "json-rules-engine";

const FREE = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.br", "bol.com.br", "uol.com.br", "icloud.com"];
const LATAM = ["BR", "MX", "AR", "CO", "CL", "PE"];
const DEMO = ["demo_request", "contact_sales"];
const c = (fact, operator, value) => ({ fact, operator, value });
const RULES = [
  ["senior", "Senior title", "persona", 20, "seniority", [c("seniority", "in", ["vp", "director", "head", "cxo"])]],
  ["department", "Buying department", "persona", 15, "department", [c("department", "in", ["marketing", "sales", "revops"])]],
  ["mid_size", "50–999 employees", "persona", 15, "company_size", [c("company_size", "greaterThanInclusive", 50), c("company_size", "lessThanInclusive", 999)]],
  ["large", "1000+ employees", "persona", 10, "company_size", [c("company_size", "greaterThanInclusive", 1000)]],
  ["industry", "Target industry", "persona", 10, "industry", [c("industry", "in", ["software", "fintech", "retail", "healthcare", "logistics"])]],
  ["region", "LatAm", "persona", 5, "country", [c("country", "in", LATAM)]],
  ["free_email", "Free email", "fit", -15, "email_domain", [c("email_domain", "in", FREE)]],
  ["intern", "Intern", "fit", -40, "seniority", [c("seniority", "equal", "intern")]],
  ["micro", "Fewer than 10 employees", "fit", -10, "company_size", [c("company_size", "lessThan", 10)]],
  ["competitor", "Competitor", "fit", -100, "email_domain", [c("email_domain", "in", ["rival.com", "other.io"])]],
  ["views_10", "10+ page views", "engagement", 10, "page_views", [c("page_views", "greaterThanInclusive", 10)]],
  ["views_30", "30+ page views", "engagement", 10, "page_views", [c("page_views", "greaterThanInclusive", 30)]],
  ["pricing", "Viewed pricing", "engagement", 15, "pricing_views", [c("pricing_views", "greaterThanInclusive", 1)]],
  ["webinar", "Attended a webinar", "engagement", 20, "webinar", [c("webinar", "equal", true)]],
  ["demo_form", "Asked for a demo", "engagement", 30, "form", [c("form", "in", DEMO)]],
  ["clicks", "3+ email clicks", "engagement", 5, "email_clicks", [c("email_clicks", "greaterThanInclusive", 3)]],
  ["trial", "Started a trial", "engagement", 25, "trial", [c("trial", "equal", true)]],
  ["paid_source", "Paid source", "engagement", 5, "utm_source", [c("utm_source", "in", ["linkedin", "google"])]],
  ["downloads", "2+ downloads", "engagement", 10, "downloads", [c("downloads", "greaterThanInclusive", 2)]],
];
const presentEmail = c("email", "notIn", ["", null]);
const STAGES = [
  ["SQL", { all: [presentEmail, c("company", "notIn", ["", null]), { any: [
    { all: [c("grade_rank", "greaterThanInclusive", 3), c("engagement", "greaterThanInclusive", 40)] },
    c("form", "in", DEMO)] }] }],
  ["MQL", { all: [presentEmail, c("grade_rank", "greaterThanInclusive", 2), c("score", "greaterThanInclusive", 50)] }],
];
const ROUTES = [
  ["enterprise", "enterprise-ae", { all: [c("stage", "in", ["SQL", "MQL"]), c("company_size", "greaterThanInclusive", 1000)] }],
  ["latam", "latam-sdr", { all: [c("stage", "in", ["SQL", "MQL"]), c("country", "in", LATAM)] }],
  ["default", "inbound-sdr", { all: [c("stage", "notEqual", "")] }],
];
const SLA = { SQL: 3_600_000, MQL: 86_400_000 };
const options = { allowUndefinedFacts: true };

export function prepare() {
  const rules = new Engine(RULES.map(([rule, label, group, points, field, all], i) =>
    ({ conditions: { all }, event: { type: "fired", params: { i, rule, label, group, points, field } } })), options);
  const stages = new Engine(STAGES.map(([stage, conditions], i) => ({ conditions, event: { type: "stage", params: { i, stage } } })), options);
  const routes = new Engine(ROUTES.map(([rule, team, conditions], i) => ({ conditions, event: { type: "route", params: { i, rule, team } } })), options);
  const first = (events) => events.reduce((a, e) => (a && a.params.i < e.params.i ? a : e), undefined)?.params;
  return async (lead, now) => {
    const fired = (await rules.run(lead)).events.map((e) => e.params).sort((a, b) => a.i - b.i);
    let persona = 0, fit = 0, eng = 0;
    const personaReasons = [], reasons = [];
    for (const { rule, label, group, points, field } of fired) {
      const reason = { rule, label, group: group === "persona" ? "fit" : group, points, field, value: lead[field] };
      if (group === "persona") (persona += points), personaReasons.push(reason);
      else if (group === "fit") (fit += points), reasons.push(reason);
      else (eng += points), reasons.push(reason);
    }
    if (persona > 0) (fit += persona), reasons.unshift(...personaReasons);
    const grade = fit >= 60 ? "A" : fit >= 40 ? "B" : fit >= 20 ? "C" : "D";
    const facts = { ...lead, fit, engagement: eng, score: fit + eng, grade_rank: 4 - "ABCD".indexOf(grade) };
    const stage = first((await stages.run(facts)).events)?.stage ?? "lead";
    const { rule, team } = first((await routes.run({ ...facts, stage })).events);
    const within = SLA[stage];
    const respond_by = within === undefined ? null : new Date(now + within).toISOString().replace(".000Z", "Z");
    return { stage, score: fit + eng, fit, engagement: eng, grade, persona: persona > 0 ? "buyer" : null, reasons, route: { rule, team, respond_by } };
  };
}
