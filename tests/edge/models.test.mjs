// Models published to the edge (www/edge/state/models*.js) on both real
// engines: workerd with the LeadgateState Durable Object on local disk, and
// Deno with Deno KV in a file. Publish a version with a lowered SQL threshold
// and the next lead is scored by it (stage and hash); a model that does not
// compile is refused with the core's coded problems and never becomes
// current; a rollback brings the old behaviour back and the audit trail reads
// publish, publish, activate; a wrong token gets 401 with nothing echoed; a
// restart keeps the current version; concurrent publishes get distinct
// numbers; the kept-versions bound; stateless mode refuses (501).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { testBindings, postJson, startEdge, TEST_SECRET } from "./harness.mjs";
import { startDurable, admin, eventually, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { model as deployed, MQL, SQL_LATAM } from "./leads.mjs";

process.env.DENO_NO_UPDATE_CHECK = "1";

/**
 * The model hash recounted here, independently of the core (docs/model.md:
 * SHA-256 of the canonical JSON — keys sorted, integers as digits — first 16
 * hex digits; scripts/model-hash.py is the other recount).
 */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}
const hashOf = (m) => createHash("sha256").update(canonical(m)).digest("hex").slice(0, 16);

// v2: the SQL score threshold lowered from 60 to 50. The MQL lead is MQL
// under the deployed model only through its score (the MQL rule is
// `score_at_least 51`, and it has neither a demo form nor a meeting), so its
// score is at least 51 and v2 makes it SQL; it routes to global-sdr (no
// country, 200 people).
const v2 = structuredClone(deployed);
const sqlRule = v2.stages.find((s) => s.stage === "SQL");
assert.deepEqual(sqlRule.if.any[0], { score_at_least: 60 }, "the default model's SQL threshold this test lowers");
sqlRule.if.any[0] = { score_at_least: 50 };
const BROKEN = { ...deployed, stages: 5 };

const publish = (url, body, token) => admin(url, "/admin/models", { method: "POST", body, token });
const activate = (url, version, body) => admin(url, `/admin/models/${version}/activate`, { method: "POST", body });
const listing = async (url) => (await admin(url, "/admin/models")).json();


/** `model` with team `from` renamed `to` in its routing and in its goals (a goal's team must be one the model routes to). */
function renameTeam(model, from, to) {
  for (const r of model.routing ?? []) if (r.team === from) r.team = to;
  for (const g of model.goals ?? []) if (g.team === from) g.team = to;
  return model;
}
for (const engine of ["workerd", "deno"]) {
  describe(`published models on ${engine}`, () => {
    let recv;
    let edge;
    let n = 0;
    const lead = async (fields) => {
      const id = `${engine}-model-${String(++n).padStart(4, "0")}`;
      const r = await postJson(edge.url, { ...fields, submission_id: id });
      assert.equal(r.status, 200);
      return { id, answer: await r.json() };
    };

    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      edge = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, MODEL_VERSIONS_KEPT: "4", MODEL_REFRESH_MS: "60000" }));
    });

    after(async () => {
      await edge?.stop();
      await recv?.close();
    });

    test("nothing published: the deployed model scores, and the listing says so", async () => {
      const list = await listing(edge.url);
      assert.deepEqual(list, { current: null, deployed: { id: deployed.id, version: deployed.version, hash: hashOf(deployed), current: true }, versions: [], audit: [] });
      assert.deepEqual(await (await fetch(`${edge.url}/model`)).json(), { id: deployed.id, version: deployed.version, hash: hashOf(deployed) });
      const { id, answer } = await lead(MQL);
      assert.equal(answer.stage, "MQL");
      const stored = await (await admin(edge.url, `/leads/${id}`)).json();
      assert.deepEqual(stored.model, { hash: hashOf(deployed), published: null });
    });

    test("publish v1 (as deployed) and v2 (SQL at 50): the next lead gets v2's stage and hash; a bad model is refused with coded problems and changes nothing", async () => {
      recv.setMode({ mode: "ok" });
      const r1 = await publish(edge.url, { model: deployed, author: "ana", note: "baseline" });
      assert.equal(r1.status, 201);
      const p1 = await r1.json();
      assert.deepEqual([p1.version, p1.hash, p1.author, p1.note, p1.current], [1, hashOf(deployed), "ana", "baseline", true]);
      const r2 = await publish(edge.url, { model: v2, author: "bruno", note: "SQL at 50" });
      assert.equal(r2.status, 201);
      const p2 = await r2.json();
      assert.deepEqual([p2.version, p2.hash, p2.current], [2, hashOf(v2), true]);
      assert.notEqual(p2.hash, p1.hash);

      const { id, answer } = await lead(MQL);
      assert.equal(answer.stage, "SQL", "v2's threshold");
      const got = await eventually(() => recv.accepted.get(id), 10_000, "the v2 SQL's delivery");
      assert.equal(got.path, "/hooks/global-sdr");
      assert.equal(got.payload.outcome.model.hash, hashOf(v2));
      const stored = await (await admin(edge.url, `/leads/${id}`)).json();
      assert.deepEqual(stored.model, { hash: hashOf(v2), published: 2 });
      assert.deepEqual(await (await fetch(`${edge.url}/model`)).json(), { id: v2.id, version: v2.version, hash: hashOf(v2), published: 2 });

      const bad = await publish(edge.url, { model: BROKEN, author: "carla" });
      assert.equal(bad.status, 422);
      const refusal = await bad.json();
      assert.equal(refusal.error.code, "invalid_model");
      const stagesProblem = refusal.error.errors.find((p) => p.path === "stages");
      assert.equal(stagesProblem.code, "expected_type");
      assert.ok("hint" in stagesProblem && "message" in stagesProblem);
      for (const body of [{ model: [1], author: "carla" }, { model: v2 }, { model: v2, author: "carla", notes: "typo" }]) {
        const r = await publish(edge.url, body);
        assert.equal(r.status, body.model[0] === 1 ? 422 : 400, JSON.stringify(Object.keys(body)));
      }
      const list = await listing(edge.url);
      assert.equal(list.current, 2, "the refused models never became current");
      assert.deepEqual(list.versions.map((v) => [v.version, v.current]), [[2, true], [1, false]]);
      assert.equal((await lead(MQL)).answer.stage, "SQL");
    });

    test("rollback to v1: the old behaviour; the audit reads publish, publish, activate; one version with its model", async () => {
      const r = await activate(edge.url, 1, { author: "ana", note: "back to baseline" });
      assert.equal(r.status, 200);
      assert.deepEqual((await r.json()).current, 1);
      const { id, answer } = await lead(MQL);
      assert.equal(answer.stage, "MQL");
      assert.deepEqual((await (await admin(edge.url, `/leads/${id}`)).json()).model, { hash: hashOf(deployed), published: 1 });

      const list = await listing(edge.url);
      assert.deepEqual(list.audit.map((a) => [a.seq, a.action, a.version, a.hash, a.from?.version ?? null, a.author]), [
        [1, "publish", 1, hashOf(deployed), null, "ana"],
        [2, "publish", 2, hashOf(v2), 1, "bruno"],
        [3, "activate", 1, hashOf(deployed), 2, "ana"],
      ]);
      for (const a of list.audit) assert.ok(Date.parse(a.at) > Date.now() - 600_000 && Date.parse(a.at) <= Date.now());
      assert.ok(!JSON.stringify(list).includes(ADMIN_TOKEN), "never the token");

      const one = await (await admin(edge.url, "/admin/models/2")).json();
      assert.deepEqual(one.model, v2);
      assert.deepEqual([one.version, one.hash, one.author, one.note, one.current], [2, hashOf(v2), "bruno", "SQL at 50", false]);
      assert.equal((await admin(edge.url, "/admin/models/99")).status, 404);
      assert.equal((await admin(edge.url, "/admin/models/x1")).status, 400);
      assert.equal((await activate(edge.url, 99, { author: "ana" })).status, 404);
      const again = await activate(edge.url, 1, { author: "ana" });
      assert.equal((await again.json()).result, "unchanged");
      assert.equal((await listing(edge.url)).audit.length, 3, "a no-op is not an audit entry");
    });

    test("a wrong or missing token: 401, nothing echoed, nothing published", async () => {
      const wrong = "wrong-token-0123456789abcdef";
      for (const token of [wrong, ""]) {
        const r = await publish(edge.url, { model: v2, author: "mallory" }, token);
        assert.equal(r.status, 401);
        assert.equal(r.headers.get("www-authenticate"), 'Bearer realm="leadgate"');
        const text = await r.text();
        assert.equal(JSON.parse(text).error.code, "unauthorized");
        for (const secret of [wrong, ADMIN_TOKEN, "mallory", v2.id]) assert.ok(!text.includes(secret), "nothing echoed");
      }
      for (const path of ["/admin/models", "/admin/models/1", "/admin/models/2/activate"]) {
        const r = await admin(edge.url, path, { method: path.endsWith("activate") ? "POST" : "GET", token: wrong, body: path.endsWith("activate") ? { author: "m" } : undefined });
        assert.equal(r.status, 401, path);
      }
      assert.equal((await listing(edge.url)).current, 1);
    });

    test("back to the deployed model, then v2 again; a restart keeps the current version", async () => {
      assert.equal((await activate(edge.url, "deployed", { author: "ana" })).status, 200);
      assert.deepEqual(await (await fetch(`${edge.url}/model`)).json(), { id: deployed.id, version: deployed.version, hash: hashOf(deployed) });
      assert.equal((await activate(edge.url, 2, { author: "bruno", note: "again" })).status, 200);
      const audit = (await listing(edge.url)).audit.slice(-2);
      assert.deepEqual(audit.map((a) => [a.action, a.version, a.deployed ?? false, a.from?.version ?? null]), [["activate", null, true, 1], ["activate", 2, false, null]]);

      await edge.kill();
      await edge.restart();
      assert.deepEqual(await (await fetch(`${edge.url}/model`)).json(), { id: v2.id, version: v2.version, hash: hashOf(v2), published: 2 });
      assert.equal((await lead(MQL)).answer.stage, "SQL");
      assert.equal((await lead(SQL_LATAM)).answer.stage, "SQL");
    });

    test("concurrent publishes get distinct numbers; only MODEL_VERSIONS_KEPT (4) are kept, the current among them", async () => {
      const before = (await listing(edge.url)).versions.map((v) => v.version);
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => publish(edge.url, { model: i % 2 ? v2 : deployed, author: `racer-${i}` })
        .then(async (r) => [r.status, await r.json()])));
      assert.deepEqual(answers.map(([s]) => s), [201, 201, 201, 201, 201, 201]);
      const numbers = answers.map(([, b]) => b.version).sort((a, b) => a - b);
      assert.deepEqual(numbers, [3, 4, 5, 6, 7, 8], `after ${before.join(",")}: the next six, each once`);
      const list = await listing(edge.url);
      const publishes = list.audit.filter((a) => a.action === "publish" && a.version >= 3);
      assert.deepEqual(publishes.map((a) => a.version).sort((a, b) => a - b), numbers, "one audit entry each");
      const last = list.audit[list.audit.length - 1];
      assert.equal(list.current, last.version, "the last committed publish is current");
      assert.equal(list.versions.length, 4);
      assert.ok(list.versions.some((v) => v.version === list.current && v.current));
      assert.deepEqual(list.versions.map((v) => v.version), [...list.versions.map((v) => v.version)].sort((a, b) => b - a), "newest first");
      assert.equal((await admin(edge.url, "/admin/models/1")).status, 404, "v1 is past the kept count");
      const current = list.versions.find((v) => v.current);
      const { answer } = await lead(MQL);
      assert.equal(answer.stage, current.hash === hashOf(v2) ? "SQL" : "MQL");
    });
  });
}

describe("published models: refusals", () => {
  let recv;
  let stateless;
  let strict;
  before(async () => {
    recv = await startReceiver({ secret: TEST_SECRET });
    stateless = await startEdge(testBindings(recv.url, { ADMIN_TOKEN }));
    // No "*" webhook: every routed team needs its own, for a published model as for MODEL.
    const hooks = JSON.parse(testBindings(recv.url).WEBHOOKS);
    delete hooks["*"];
    hooks["marketing-nurture"] = `${recv.url}/hooks/nurture`;
    strict = await startDurable("workerd", testBindings(recv.url, { ADMIN_TOKEN, WEBHOOKS: JSON.stringify(hooks) }));
  });
  after(async () => {
    await stateless?.stop();
    await strict?.stop();
    await recv?.close();
  });

  test("stateless mode: every models route answers 501 stateless", async () => {
    for (const [method, path] of [["GET", "/admin/models"], ["POST", "/admin/models"], ["GET", "/admin/models/1"], ["POST", "/admin/models/1/activate"]]) {
      const r = await admin(stateless.url, path, { method, body: method === "POST" ? { model: v2, author: "ana" } : undefined });
      assert.equal(r.status, 501, path);
      const body = await r.json();
      assert.equal(body.error.code, "stateless");
      assert.match(body.error.message, /MODEL binding/);
    }
  });

  test("a model routing to a team with no webhook is refused (model_unroutable, the core's problem shape) and never current", async () => {
    const elsewhere = renameTeam(structuredClone(deployed), "global-sdr", "emea-sdr");
    const r = await publish(strict.url, { model: elsewhere, author: "ana" });
    assert.equal(r.status, 422);
    const { error } = await r.json();
    assert.equal(error.code, "model_unroutable");
    assert.deepEqual(error.errors.map((p) => [p.code, p.path]), [["no_target", `routing[${deployed.routing.findIndex((x) => x.team === "global-sdr")}].team`]]);
    assert.match(error.errors[0].message, /emea-sdr/);
    assert.ok(!error.message.includes(recv.url), "never a configured URL");
    assert.equal((await listing(strict.url)).current, null);
    const ok = await publish(strict.url, { model: v2, author: "ana" });
    assert.equal(ok.status, 201);
  });

  test("ADMIN_TOKEN's bodies: too large is 413; an empty one is 400", async () => {
    const big = { model: { ...deployed, name: "x".repeat(130 * 1024) }, author: "ana" };
    assert.equal((await publish(strict.url, big)).status, 413);
    const empty = await fetch(`${strict.url}/admin/models`, { method: "POST", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(empty.status, 400);
  });
});

describe("published models across processes and bindings", () => {
  let recv;
  const edges = [];
  before(async () => {
    recv = await startReceiver({ secret: TEST_SECRET });
  });
  after(async () => {
    for (const e of edges.reverse()) await e.stop();
    await recv?.close();
  });

  test("Deno: a second process on the same KV picks up a publish made on the first (MODEL_REFRESH_MS)", async () => {
    const bindings = testBindings(recv.url, { ADMIN_TOKEN, MODEL_REFRESH_MS: "300" });
    const a = await startDurable("deno", bindings);
    edges.push(a);
    const b = await startDurable("deno", bindings, { storage: a.storage });
    edges.push(b);
    let n = 0;
    // Two processes on one SQLite file can find it busy: a 503 is "retry with the same id", as the form kit does.
    const stage = async (edge) => {
      const id = `shared-kv-${String(++n).padStart(4, "0")}`;
      for (let attempt = 1; ; attempt++) {
        const r = await postJson(edge.url, { ...MQL, submission_id: id });
        const body = await r.json();
        if (r.status === 200) return body.stage;
        assert.ok(r.status === 503 && attempt < 10, `${r.status} ${JSON.stringify(body)}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    assert.equal(await stage(b), "MQL", "b has read the head: nothing published");
    assert.equal((await publish(a.url, { model: v2, author: "ana" })).status, 201);
    assert.equal(await stage(a), "SQL", "the publishing process: at its next lead");
    await eventually(async () => (await (await fetch(`${b.url}/model`)).json()).published === 1, 10_000, "b to see version 1");
    assert.equal(await stage(b), "SQL");
  });

  for (const engine of ["workerd", "deno"]) {
    test(`${engine}: once a publish is answered, the process never scores with what was current before it (a check under way is dropped)`, async () => {
      // MODEL_REFRESH_MS=0 and steady traffic: a check reading the head is under way when each publish commits.
      const edge = await startDurable(engine, testBindings(recv.url, { ADMIN_TOKEN, MODEL_REFRESH_MS: "0" }));
      edges.push(edge);
      let polling = true;
      const poll = async () => {
        while (polling) await (await fetch(`${edge.url}/model`)).arrayBuffer();
      };
      const pollers = [poll(), poll(), poll()];
      try {
        for (let i = 0; i < 10; i++) {
          const r = await publish(edge.url, { model: i % 2 ? deployed : v2, author: `burst-${i}` });
          assert.equal(r.status, 201);
          const { version, hash } = await r.json();
          assert.deepEqual(await (await fetch(`${edge.url}/model`)).json(), { id: deployed.id, version: deployed.version, hash, published: version }, `publish ${i}`);
        }
      } finally {
        polling = false;
        await Promise.all(pollers);
      }
    });
  }

  test("Deno: /sla/report still counts the leads of a team only a rolled-back version routed to", async () => {
    // v2 with global-sdr renamed: the MQL lead is SQL under it and routed to emea-sdr (delivered through "*").
    const emea = renameTeam(structuredClone(v2), "global-sdr", "emea-sdr");
    const edge = await startDurable("deno", testBindings(recv.url, { ADMIN_TOKEN }));
    edges.push(edge);
    assert.equal((await publish(edge.url, { model: emea, author: "ana" })).status, 201);
    const id = "emea-routed-0001";
    const r = await postJson(edge.url, { ...MQL, submission_id: id });
    assert.equal((await r.json()).stage, "SQL");
    const got = await eventually(() => recv.accepted.get(id), 10_000, "the emea-sdr lead's delivery");
    assert.equal(got.payload.team, "emea-sdr");
    assert.equal((await activate(edge.url, "deployed", { author: "ana" })).status, 200);
    const day = (ms) => new Date(ms).toISOString().slice(0, 10);
    const report = await (await admin(edge.url, `/sla/report?from=${day(Date.now() - 86_400_000)}&to=${day(Date.now() + 86_400_000)}`)).json();
    assert.equal(report.leads_scanned, 1);
    assert.deepEqual(report.sla.by_team.map((t) => t.team), ["emea-sdr"]);
  });

  test("workerd: bindings that no longer fit the current version fail closed (/health 503 naming it, /lead 500); activating deployed from the admin route recovers", async () => {
    const elsewhere = renameTeam(structuredClone(deployed), "global-sdr", "emea-sdr");
    const a = await startDurable("workerd", testBindings(recv.url, { ADMIN_TOKEN }));
    edges.push(a);
    assert.equal((await publish(a.url, { model: elsewhere, author: "ana" })).status, 201, "a \"*\" webhook takes emea-sdr");
    await a.kill();
    const hooks = JSON.parse(testBindings(recv.url).WEBHOOKS);
    delete hooks["*"];
    hooks["marketing-nurture"] = `${recv.url}/hooks/nurture`;
    const b = await startDurable("workerd", testBindings(recv.url, { ADMIN_TOKEN, WEBHOOKS: JSON.stringify(hooks) }), { storage: a.storage });
    edges.push(b);
    const health = await fetch(`${b.url}/health`);
    assert.equal(health.status, 503);
    const { error } = await health.json();
    assert.equal(error.code, "misconfigured");
    assert.match(error.message, /version 1/);
    assert.match(error.message, /emea-sdr/);
    assert.ok(!error.message.includes(recv.url), "never a configured URL");
    const refused = await postJson(b.url, { ...MQL, submission_id: "unfit-model-0001" });
    assert.equal(refused.status, 500);
    assert.equal((await refused.json()).error.code, "misconfigured");
    assert.equal((await listing(b.url)).current, 1, "the admin routes still answer");
    assert.equal((await activate(b.url, "deployed", { author: "ana", note: "bindings changed" })).status, 200);
    assert.equal((await fetch(`${b.url}/health`)).status, 200);
    const ok = await postJson(b.url, { ...MQL, submission_id: "unfit-model-0002" });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).stage, "MQL");
  });
});
