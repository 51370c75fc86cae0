// Browser consumer of leadgate/lite built by Vite: the page ships a model
// compiled ahead of time (public/model.lgm, written by the test with
// compileModel) and the small wasm, fetched with streaming compilation.
import { loadScorer, LeadgateError } from "leadgate/lite";
import fixture from "./fixture.json";

const out = document.getElementById("out");
loadScorer("/model.lgm")
  .then((scorer) => {
    const outcome = scorer.score(fixture.lead, { now: fixture.now });
    out.dataset.ok = String(new LeadgateError("x", "y") instanceof Error);
    out.textContent = JSON.stringify(outcome);
  })
  .catch((e) => {
    out.textContent = `ERROR ${e && e.stack}`;
  });
