// Node CommonJS consumer: require() works synchronously, and import() of the
// same package gives the same classes (one implementation for both).
const { Scorer, LeadgateError } = require("leadgate");
const fixture = require("./fixture.json");

import("leadgate").then((esm) => {
  if (esm.LeadgateError !== LeadgateError) throw new Error("import and require give different classes");
  const scorer = new Scorer(fixture.model);
  console.log(JSON.stringify(scorer.score(fixture.lead, { now: fixture.now })));
});
