// A CommonJS TypeScript file gets the same declarations through `require`.
import leadgate = require("leadgate");

export function scoreWith(model: leadgate.Model, lead: leadgate.Lead): leadgate.Outcome["stage"] {
  return new leadgate.Scorer(model).score(lead, { now: 0 }).stage;
}
