// Deno: GET /scenario runs store-scenario.mjs on the Deno KV backend's
// storeFor(env, "test") (and GET /people people-scenario.mjs). Arguments as deno-durable-serve.mjs.
import { kvBackend } from "../../www/edge/state/deno-kv.js";
import { storeFor } from "../../www/edge/state/routes.js";
import { storeScenario } from "./store-scenario.mjs";
import { peopleScenario } from "./people-scenario.mjs";

const [port, envJson, kvPath] = Deno.args;
const env = JSON.parse(envJson);
env.LEADGATE_STATE = kvBackend(await Deno.openKv(kvPath), env);
Deno.serve({ hostname: "127.0.0.1", port: Number(port), onListen: () => {} }, async (request) => {
  const url = new URL(request.url);
  if (url.pathname === "/people") return Response.json(await peopleScenario((ns) => storeFor(env, ns), url.searchParams.get("run")));
  if (url.pathname !== "/scenario") return new Response("ok");
  return Response.json(await storeScenario(storeFor(env, "test")));
});
