// The Store interface other parts of the worker use (connectors' OAuth
// tokens, www/edge/state/README.md) on both real engines: a Durable Object
// store in workerd (local disk) and Deno KV.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startDurable } from "./durable-harness.mjs";
import { EXPECTED } from "./store-scenario.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";

for (const engine of ["workerd", "deno"]) {
  test(`${engine}: get, put, 20 concurrent atomic updates, a no-op update, expiry, delete; kept across a restart`, async () => {
    const edge = await startDurable(engine, { WEBHOOKS: "{}" }, { entry: "tests/edge/store-worker.mjs", denoEntry: "tests/edge/deno-store-serve.mjs" });
    try {
      assert.deepEqual(await (await fetch(`${edge.url}/scenario`)).json(), EXPECTED);
      // A second run on the same storage after a kill -9: the values are there.
      await edge.kill();
      await edge.restart();
      const again = await (await fetch(`${edge.url}/scenario`)).json();
      assert.deepEqual(again, { ...EXPECTED, previousCount: 20 }, "the first run's count survived the kill");
    } finally {
      await edge.stop();
    }
  });
}
