// Dead-letter alerts (DEAD_LETTER_WEBHOOK, www/edge/state/queue.js) on both
// real engines: a lead whose target keeps refusing becomes a dead letter, and
// the alert webhook gets one signed `lead.dead_letter` call, noted in the
// lead's timeline. A bad DEAD_LETTER_WEBHOOK fails closed without echoing it.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { testBindings, postJson, TEST_SECRET } from "./harness.mjs";
import { startDurable, admin, eventually, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { SQL_LATAM } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";

for (const engine of ["workerd", "deno"]) {
  describe(`dead-letter alerts on ${engine}`, () => {
    let recv;
    let alerts;
    let edge;
    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      alerts = await startReceiver({ secret: TEST_SECRET });
      recv.setMode({ mode: "down" });
      edge = await startDurable(engine, testBindings(recv.url, {
        ADMIN_TOKEN, RETRY_BASE_MS: "50", RETRY_MAX_MS: "100", MAX_DELIVERY_ATTEMPTS: "2", DEAD_LETTER_WEBHOOK: `${alerts.url}/alerts`,
      }));
    });
    after(async () => {
      await edge?.stop();
      await recv?.close();
      await alerts?.close();
    });

    test("a dead letter is alerted once, signed, and the alert is in its timeline", async () => {
      const id = `${engine}-dead-alert-0001`;
      assert.equal((await postJson(edge.url, { ...SQL_LATAM, submission_id: id })).status, 200);
      const lead = await eventually(async () => {
        const v = await (await admin(edge.url, `/leads/${id}`)).json();
        return v.events.some((e) => e.type === "dead_letter_alerted") && v;
      }, 15_000, "the alert");
      assert.equal(lead.delivery.state, "dead");
      const keys = [...alerts.accepted.keys()];
      assert.equal(keys.length, 1);
      assert.ok(keys[0].startsWith(`${id}:dead_letter:`));
      const got = alerts.accepted.get(keys[0]);
      assert.equal(got.path, "/alerts");
      assert.deepEqual([got.payload.type, got.payload.submission_id, got.payload.team, got.payload.attempts], ["lead.dead_letter", id, "latam-sdr", 2]);
      assert.equal(alerts.badSignatures, 0);
    });
  });
}

test("a DEAD_LETTER_WEBHOOK that is not a URL fails closed and is not echoed", async () => {
  const recv = await startReceiver({ secret: TEST_SECRET });
  const edge = await startDurable("workerd", testBindings(recv.url, { ADMIN_TOKEN, DEAD_LETTER_WEBHOOK: "ftp://token-s3cr3t@x" }));
  try {
    const h = await fetch(`${edge.url}/health`);
    assert.equal(h.status, 503);
    const text = await h.text();
    assert.match(text, /DEAD_LETTER_WEBHOOK must be an http\(s\) URL/);
    assert.doesNotMatch(text, /s3cr3t/);
  } finally {
    await edge.stop();
    await recv.close();
  }
});
