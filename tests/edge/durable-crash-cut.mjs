// A test worker for workerd (durable-crash-cut.test.mjs): the edge worker
// whose LEADGATE_STATE stub never answers the first `submit` of a submission
// id starting with "cut-" — the request dies after its owner was picked and
// before its lead was stored, as under a kill -9 between the two commits,
// without killing anything else. Only for tests.
export { LeadgateState } from "../../www/edge/worker.js";
import worker from "../../www/edge/worker.js";

const cut = new Set();

function cutting(namespace) {
  return {
    idFromName: (name) => namespace.idFromName(name),
    get(id) {
      const stub = namespace.get(id);
      return {
        fetch(url, init) {
          const body = JSON.parse(init.body);
          if (body.op === "submit" && body.sub.id.startsWith("cut-") && !cut.has(body.sub.id)) {
            cut.add(body.sub.id);
            return new Promise(() => {}); // the lead's commit never happens; neither does anything after it
          }
          return stub.fetch(url, init);
        },
      };
    },
  };
}

const envs = new WeakMap();

export default {
  fetch(request, env, ctx) {
    let e = envs.get(env);
    if (!e) {
      e = { ...env, LEADGATE_STATE: cutting(env.LEADGATE_STATE) };
      envs.set(env, e);
    }
    return worker.fetch(request, e, ctx);
  },
};
