// workerd: a worker that runs probe.mjs against the stub named by its bindings.
import { probe } from "./probe.mjs";

export default {
  async fetch(_request, env) {
    return Response.json(await probe({ stubUrl: env.STUB_URL, token: env.TOKEN }));
  },
};
