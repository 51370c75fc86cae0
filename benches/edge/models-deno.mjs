// The per-request cost of published models (www/edge/state/models-cache.js),
// in one Deno process with real Deno KV (a file) behind the worker — run by
// models.mjs, which prints what this writes (one JSON line).
//  - hit: `modelConfig` when this isolate's check is fresh (every request
//    within MODEL_REFRESH_MS of the last check): what every lead pays;
//  - check: `modelConfig` with MODEL_REFRESH_MS=0, a read of the head from KV
//    each call: what one request per isolate per interval pays;
//  - handler: `worker.fetch(GET /model)` (the lightest route that asks which
//    model scores) with a published version current, refresh 5 s vs 0.
// Usage (via models.mjs): deno run --unstable-kv -A --config <deno.json> models-deno.mjs <kv path>
import worker from "../../www/edge/worker.js";
import { kvBackend } from "../../www/edge/state/deno-kv.js";
import { buildConfig } from "../../www/edge/config.js";
import { modelConfig } from "../../www/edge/state/models-cache.js";
import { defaultModel } from "leadgate";

const [kvPath] = Deno.args;
const kv = await Deno.openKv(kvPath);
const TOKEN = "bench-admin-token-0123456789";
const base = { WEBHOOKS: JSON.stringify({ "*": "http://127.0.0.1:9/unused" }), ADMIN_TOKEN: TOKEN };
const env = { ...base, MODEL_REFRESH_MS: "5000" };
env.LEADGATE_STATE = kvBackend(kv, env);
const model = defaultModel();
model.stages.find((s) => s.stage === "SQL").if.any[0] = { score_at_least: 50 };
const r = await worker.fetch(new Request("http://edge/admin/models", {
  method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
  body: JSON.stringify({ model, author: "bench" }),
}), env);
if (r.status !== 201) throw new Error(`publish: ${r.status} ${await r.text()}`);

// Awaits only a Promise: a fresh check answers synchronously, as the worker uses it.
const perCall = async (n, fn) => {
  for (let i = 0; i < Math.min(n, 2000); i++) {
    const v = fn(i);
    if (v instanceof Promise) await v;
  }
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const v = fn(i);
    if (v instanceof Promise) await v;
  }
  return ((performance.now() - t) * 1e3) / n; // µs
};
const backend = env.LEADGATE_STATE;
const fresh = buildConfig(env);
const every = buildConfig({ ...env, MODEL_REFRESH_MS: "0" });
const now = Date.now();
const out = {};
// Within the interval: the same `now` keeps the check fresh.
out.hit_us = await perCall(1_000_000, () => modelConfig(fresh, backend, now));
out.check_us = await perCall(5_000, (i) => modelConfig(every, backend, now + i));
const get = (e) => () => worker.fetch(new Request("http://edge/model"), e).then((res) => res.arrayBuffer());
const envEvery = { ...base, MODEL_REFRESH_MS: "0", LEADGATE_STATE: backend };
out.model_route_refresh_5s_us = await perCall(50_000, get(env));
out.model_route_refresh_0_us = await perCall(5_000, get(envEvery));
out.published = (await (await worker.fetch(new Request("http://edge/model"), env)).json()).published;
console.log(JSON.stringify(out));
kv.close();
Deno.exit(0);
