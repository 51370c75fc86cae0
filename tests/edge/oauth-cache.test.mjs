// OAuth targets at the edge keep their access token in the edge's storage
// (state/routes.js storeFor(env, "oauth")): in durable mode, on workerd's
// Durable Object and on Deno KV, several hot leads to RD Station cost one
// token refresh, not one per delivery; a revoked token is refreshed once.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { testBindings, postJson } from "./harness.mjs";
import { startDurable, eventually } from "./durable-harness.mjs";
import { startStub, CREDENTIALS } from "../connectors/stub.mjs";
import { SQL_LATAM } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
const ORIGIN = { origin: "https://www.example.com" };

for (const engine of ["workerd", "deno"]) {
  describe(`OAuth token cache on ${engine}`, () => {
    let rd;
    let edge;
    before(async () => {
      rd = await startStub("rdstation");
      edge = await startDurable(engine, testBindings("http://127.0.0.1:9", {
        WEBHOOKS: undefined,
        TARGETS: JSON.stringify({ "*": { type: "rdstation", apiBase: rd.url } }),
        RDSTATION_CLIENT_ID: CREDENTIALS.clientId,
        RDSTATION_CLIENT_SECRET: CREDENTIALS.clientSecret,
        RDSTATION_REFRESH_TOKEN: CREDENTIALS.refreshToken,
      }));
    });
    after(async () => {
      await edge?.stop();
      await rd?.close();
    });

    test("three hot leads, one token; a revoked token is refreshed once", async () => {
      for (let i = 0; i < 3; i++) {
        const r = await postJson(edge.url, { ...SQL_LATAM, email: `ana${i}@acme.com.br` }, ORIGIN);
        assert.equal(r.status, 200, await r.text());
        await eventually(() => rd.store.contacts.has(`ana${i}@acme.com.br`), 20_000, `lead ${i} in RD Station`);
      }
      assert.equal(rd.state.tokensIssued, 1, "the token was cached between deliveries");
      rd.revoke();
      const r = await postJson(edge.url, { ...SQL_LATAM, email: "ana9@acme.com.br" }, ORIGIN);
      assert.equal(r.status, 200);
      await eventually(() => rd.store.contacts.has("ana9@acme.com.br"), 20_000, "the lead after the revocation");
      assert.equal(rd.state.tokensIssued, 2);
      assert.deepEqual(rd.problems, []);
    });
  });
}
