// One scenario for the Store interface (www/edge/state/store.js) as other
// parts use it (a connector caching an OAuth token): get, put, atomic update
// under 20 concurrent writers, expiry, delete. Run inside the engines by
// store-worker.mjs (workerd, a Durable Object store) and deno-store-serve.mjs
// (Deno KV); durable-store.test.mjs compares the results with EXPECTED.
export const EXPECTED = {
  previousCount: null,
  missing: null,
  afterPut: { access: "t1", n: 1 },
  count: 20,
  result: 1,
  afterUpdate: { access: "t1", n: 2 },
  kept: "newer",
  shortBefore: "x",
  shortAfter: null,
  deleted: null,
};

export async function storeScenario(store) {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const out = {};
  out.previousCount = (await store.get("count")) ?? null; // a previous run's, after a restart
  out.missing = (await store.get("token")) ?? null;
  await store.put("token", { access: "t1", n: 1 });
  out.afterPut = await store.get("token");
  await store.put("count", 0);
  await Promise.all(Array.from({ length: 20 }, () => store.update("count", (c) => ({ value: c + 1 }))));
  out.count = await store.get("count");
  out.result = await store.update("token", (cur) => ({ value: { ...cur, n: cur.n + 1 }, result: cur.n }));
  out.afterUpdate = await store.get("token");
  // "Keep a newer one if another isolate won": an update that writes nothing.
  await store.put("race", "newer");
  await store.update("race", (cur) => (cur === "newer" ? {} : { value: "older" }));
  out.kept = await store.get("race");
  await store.put("short", "x", { expiresAt: Date.now() + 300 });
  out.shortBefore = (await store.get("short")) ?? null;
  await sleep(600);
  out.shortAfter = (await store.get("short")) ?? null;
  await store.delete("token");
  out.deleted = (await store.get("token")) ?? null;
  return out;
}
