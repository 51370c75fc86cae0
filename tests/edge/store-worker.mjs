// A test worker for workerd: the edge's Durable Object class, and
// GET /scenario running store-scenario.mjs on storeFor(env, "test").
export { LeadgateState } from "../../www/edge/worker.js";
import { storeFor } from "../../www/edge/state/routes.js";
import { storeScenario } from "./store-scenario.mjs";

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/scenario") return new Response("ok");
    return Response.json(await storeScenario(storeFor(env, "test")));
  },
};
