// Browser consumer built by Vite: the wasm is an asset fetched with
// streaming compilation by createScorer().
import { createScorer, LeadgateError } from "leadgate";
import fixture from "./fixture.json";

const out = document.getElementById("out");
createScorer(fixture.model)
  .then((scorer) => {
    const outcome = scorer.score(fixture.lead, { now: fixture.now });
    out.dataset.ok = String(new LeadgateError("x", "y") instanceof Error);
    out.textContent = JSON.stringify(outcome);
  })
  .catch((e) => {
    out.textContent = `ERROR ${e && e.stack}`;
  });
