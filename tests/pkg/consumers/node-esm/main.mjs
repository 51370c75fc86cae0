// Node ESM consumer: synchronous import, score, print the outcome.
import { readFileSync } from "node:fs";
import { Scorer, LeadgateError } from "leadgate";

const fixture = JSON.parse(readFileSync(new URL("./fixture.json", import.meta.url), "utf8"));
const scorer = new Scorer(fixture.model);
if (!(new LeadgateError("x", "y") instanceof Error)) throw new Error("LeadgateError is not an Error");
console.log(JSON.stringify(scorer.score(fixture.lead, { now: fixture.now })));
