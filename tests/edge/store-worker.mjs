// A test worker for workerd: the edge's Durable Object class, and
// GET /scenario running store-scenario.mjs on storeFor(env, "test"), GET /people people-scenario.mjs.
export { LeadgateState } from "../../www/edge/worker.js";
import { storeFor } from "../../www/edge/state/routes.js";
import { storeScenario } from "./store-scenario.mjs";
import { peopleScenario } from "./people-scenario.mjs";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/people") return Response.json(await peopleScenario((ns) => storeFor(env, ns), url.searchParams.get("run")));
    if (url.pathname !== "/scenario") return new Response("ok");
    return Response.json(await storeScenario(storeFor(env, "test")));
  },
};
