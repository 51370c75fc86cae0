// Deno: GET /scenario runs store-scenario.mjs on the Deno KV backend's
// storeFor(env, "test"). Arguments as deno-durable-serve.mjs.
import { kvBackend } from "../../www/edge/state/deno-kv.js";
import { storeFor } from "../../www/edge/state/routes.js";
import { storeScenario } from "./store-scenario.mjs";

const [port, envJson, kvPath] = Deno.args;
const env = JSON.parse(envJson);
env.LEADGATE_STATE = kvBackend(await Deno.openKv(kvPath), env);
Deno.serve({ hostname: "127.0.0.1", port: Number(port), onListen: () => {} }, async (request) => {
  if (new URL(request.url).pathname !== "/scenario") return new Response("ok");
  return Response.json(await storeScenario(storeFor(env, "test")));
});
