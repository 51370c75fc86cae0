// deno-durable-serve.mjs with the cut of durable-crash-cut.mjs: the first
// `submit` of a submission id starting with "cut-" never completes, so that
// request dies between its owner's pick and its lead's commit. Only for tests.
import worker from "../../www/edge/worker.js";
import { kvBackend } from "../../www/edge/state/deno-kv.js";

const [port, envJson, kvPath] = Deno.args;
const env = JSON.parse(envJson);
const kv = await Deno.openKv(kvPath);
const backend = kvBackend(kv, env);
const cut = new Set();
env.LEADGATE_STATE = {
  ...backend,
  submit(sub) {
    if (sub.id.startsWith("cut-") && !cut.has(sub.id)) {
      cut.add(sub.id);
      return new Promise(() => {});
    }
    return backend.submit(sub);
  },
};
Deno.serve({
  hostname: "127.0.0.1",
  port: Number(port),
  onListen: ({ port }) => console.log(`listening on 127.0.0.1:${port}`),
}, (request, info) => worker.fetch(request, env, { clientAddress: info.remoteAddr.hostname }));
