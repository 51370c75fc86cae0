// Serves the edge worker module under Deno with durable state on Deno KV:
// the KV file is opened, the KV backend (www/edge/state/deno-kv.js) is put in
// env.LEADGATE_STATE and starts listening to the KV queue (so deliveries due
// before a restart run after it), then Deno.serve calls the module's fetch.
// Usage: deno run --unstable-kv --allow-net=127.0.0.1 --allow-read=<dir> --allow-write=<dir>
//        --config <deno.json mapping "leadgate"> deno-durable-serve.mjs <port> <env JSON> <kv path>
import worker from "../../www/edge/worker.js";
import { kvBackend } from "../../www/edge/state/deno-kv.js";

const [port, envJson, kvPath] = Deno.args;
const env = JSON.parse(envJson);
const kv = await Deno.openKv(kvPath);
env.LEADGATE_STATE = kvBackend(kv, env);
Deno.serve({
  hostname: "127.0.0.1",
  port: Number(port),
  onListen: ({ port }) => console.log(`listening on 127.0.0.1:${port}`),
}, (request, info) => worker.fetch(request, env, { clientAddress: info.remoteAddr.hostname }));
