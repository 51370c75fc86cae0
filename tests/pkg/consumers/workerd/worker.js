// Edge worker consumer: bundled for the "workerd" condition, the wasm is a
// module of the worker, instantiated synchronously at import.
import { Scorer, LeadgateError } from "leadgate";
import fixture from "./fixture.json";

const scorer = new Scorer(fixture.model);

export default {
  async fetch(request) {
    try {
      const lead = await request.json();
      const outcome = scorer.score(lead, { now: fixture.now });
      return Response.json(outcome);
    } catch (e) {
      const status = e instanceof LeadgateError ? 400 : 500;
      return Response.json({ error: e.code ?? "internal", message: e.message }, { status });
    }
  },
};
