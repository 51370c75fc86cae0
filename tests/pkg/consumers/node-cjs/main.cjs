// Node CommonJS consumer: require() works synchronously, and import() of the
// same package (its own ES module copy, faster to start) gives errors that
// are instances of either copy's LeadgateError.
const { Scorer, LeadgateError } = require("leadgate");
const fixture = require("./fixture.json");

import("leadgate").then((esm) => {
  const fromEsm = (() => {
    try {
      new esm.Scorer({});
    } catch (e) {
      return e;
    }
  })();
  if (!(fromEsm instanceof LeadgateError) || !(new LeadgateError("x", "y") instanceof esm.LeadgateError)) {
    throw new Error("import and require give errors that are not instances of each other's LeadgateError");
  }
  if (fromEsm.code !== "invalid_model") throw new Error(`unexpected code ${fromEsm.code}`);
  const scorer = new Scorer(fixture.model);
  console.log(JSON.stringify(scorer.score(fixture.lead, { now: fixture.now })));
});
