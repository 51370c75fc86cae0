// Strict TypeScript consumer: the declarations are precise (stage unions,
// grades, problems) and a real run scores the fixture lead.
import {
  Scorer, LeadgateError, createScorer, validateModel, defaultModel, version,
  type Grade, type Lead, type Model, type Outcome, type Problem, type Reason, type ScoreOptions,
} from "leadgate";
import fixtureJson from "./fixture.json" with { type: "json" };

// No DOM or Node types: the package's declarations must stand on their own.
declare const console: { log(text: string): void };
declare const process: { exitCode?: number };

// Stage names are inferred from the model literal.
const model = {
  id: "typed", version: "1",
  personas: [{ id: "p", rules: [{ id: "big", points: 50, if: { field: "company_size", gte: 100 } }] }],
  grades: { A: 60, B: 40 },
  stages: [
    { stage: "SQL", requires: ["email"], if: { any: [{ grade_at_least: "B" }, { field: "form", in: ["demo"] }] } },
    { stage: "MQL", if: { score_at_least: 10 } },
  ],
  routing: [{ id: "all", team: "sdr", if: { stage_in: ["SQL", "MQL"] } }],
  sla: { SQL: { respond_within: "1h" } },
} satisfies Model<"SQL" | "MQL">;
const typed = new Scorer(model);
const options: ScoreOptions<"SQL" | "MQL"> = { now: new Date("2026-11-26T12:00:00Z"), previousStage: "MQL" };
const o: Outcome<"SQL" | "MQL"> = typed.score({ email: "a@b.com", company_size: 120 }, options);
const stage: "SQL" | "MQL" | "lead" = o.stage;
// @ts-expect-error a stage outside the model's is not assignable
const wrong: "Customer" = o.stage;
void wrong;
function letter(g: Grade): number {
  switch (g) {
    case "A": return 4;
    case "B": return 3;
    case "C": return 2;
    case "D": return 1;
  }
}
const first: Reason | undefined = o.reasons[0];
const due: string | null = o.route?.respond_by ?? null;
// @ts-expect-error grade is a union of letters, not any string
const notGrade: Grade = "E";
void notGrade;
// @ts-expect-error a rule needs points
const badModel: Model = { id: "x", version: "1", fit_rules: [{ id: "r", if: { field: "a", exists: true } }] };
void badModel;

const checked = validateModel({ id: 1 });
const problems: Problem[] = checked.errors;
try {
  new Scorer("{");
} catch (e) {
  if (e instanceof LeadgateError) {
    const code: "invalid_model" | string = e.code;
    void code;
  }
}
void createScorer; void defaultModel; void version; void letter; void first; void due; void problems; void stage;

const fixture = fixtureJson as unknown as { model: Model; lead: Lead; now: string };
const scorer = new Scorer(fixture.model);
console.log(JSON.stringify(scorer.score(fixture.lead, { now: fixture.now })));
if (letter(o.grade) < 1) process.exitCode = 1;
