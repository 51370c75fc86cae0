// Deno consumer: the "deno" export condition, synchronous start-up, no
// permissions needed (run without --allow-read).
import { Scorer, LeadgateError, type Outcome } from "leadgate";
import fixture from "./fixture.json" with { type: "json" };

const scorer = new Scorer(fixture.model);
if (!(new LeadgateError("x", "y") instanceof Error)) throw new Error("LeadgateError is not an Error");
const outcome: Outcome = scorer.score(fixture.lead, { now: fixture.now });
console.log(JSON.stringify(outcome));
