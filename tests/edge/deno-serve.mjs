// Serves the edge worker module (www/edge/worker.js, unchanged) under Deno:
// Deno.serve on 127.0.0.1 calling the module's fetch with an env object.
// Usage: deno run --allow-net=127.0.0.1 --config <deno.json mapping "leadgate"> deno-serve.mjs <port> <env JSON>
import worker from "../../www/edge/worker.js";

const [port, envJson] = Deno.args;
const env = JSON.parse(envJson);
Deno.serve({
  hostname: "127.0.0.1",
  port: Number(port),
  onListen: ({ port }) => console.log(`listening on 127.0.0.1:${port}`),
}, (request, info) => worker.fetch(request, env, { clientAddress: info.remoteAddr.hostname }));
