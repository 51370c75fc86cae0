// The crash window of owner assignment, made deterministic: a request that
// dies after its owner's pick was committed and before its lead was (the
// kill -9 of durable-crash.test.mjs hits this window by chance; here a test
// worker's storage stub never answers that lead's commit, durable-crash-cut.mjs
// and its Deno twin). The form kit retries the same submission id: it must
// get the owner that was picked for it and take no second count, so the
// persisted counters match the stored leads. Weights 1:1 (x, y), by hand:
// cut-0001 → x (its lead not stored), okay-0001 → y, cut-0001 again → x (the held pick),
// okay-0002 → x (the round-robin's third pick), okay-0003 → y: counts x 2, y 2. (Before the held
// pick: cut-0001 picked again → x, then y, x; counts x 3, y 2 for 2 and 2 leads.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { testBindings, postJson, TEST_SECRET } from "./harness.mjs";
import { startDurable, admin, eventually, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { SQL_ENTERPRISE } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";
const TEAMS = JSON.stringify({ "enterprise-ae": { fallback: "q", members: [{ id: "x", email: "x@example.com" }, { id: "y", email: "y@example.com" }] } });

for (const engine of ["workerd", "deno"]) {
  test(`${engine}: a request cut between its owner's pick and its lead's commit, retried, keeps that owner and one count`, async () => {
    const recv = await startReceiver({ secret: TEST_SECRET });
    const edge = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, TEAMS, EXPOSE: "stage,owner" }),
      { entry: "tests/edge/durable-crash-cut.mjs", denoEntry: "tests/edge/durable-crash-cut-deno.mjs" });
    try {
      const post = (id, i) => postJson(edge.url, { ...SQL_ENTERPRISE, email: `p${i}@bigcorp.com`, submission_id: id });
      const owner = async (id, i) => {
        const r = await post(id, i);
        assert.equal(r.status, 200, `${id}: ${r.status}`);
        return (await r.json()).owner;
      };
      // The cut request never gets its answer (the client gives up, like a kit whose server died).
      const cut = await fetch(`${edge.url}/lead`, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...SQL_ENTERPRISE, email: "p1@bigcorp.com", submission_id: "cut-0001" }), signal: AbortSignal.timeout(1500),
      }).then((r) => r.status, (e) => e.name);
      assert.notEqual(cut, 200);
      const owners = [await owner("okay-0001", 2), await owner("cut-0001", 1), await owner("okay-0002", 3), await owner("okay-0003", 4)];
      assert.deepEqual(owners, ["y", "x", "x", "y"]);
      await eventually(() => ["cut-0001", "okay-0001", "okay-0002", "okay-0003"].every((id) => recv.accepted.has(id)), 10_000, "deliveries");
      assert.equal(recv.accepted.get("cut-0001").payload.owner.id, "x");
      const view = await (await admin(edge.url, "/admin/teams/enterprise-ae")).json();
      assert.deepEqual(view.members.map((m) => [m.id, m.assigned_today]), [["x", 2], ["y", 2]]);
    } finally {
      await edge.stop();
      await recv.close();
    }
  });
}
