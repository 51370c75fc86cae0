// Persons and accounts (www/edge/state/people.js, person.js, account.js) on
// both real engines: workerd with Durable Objects on local disk, Deno with
// Deno KV. A person's richer second submission is re-scored, its higher
// stage pushed with the same owner (no new pick); a poorer third keeps the
// stage (never demoted) and is not pushed; twelve submissions of one new person
// at once get one owner and one cap count; three people of initech.com make
// an account whose facts a model rule reads, and once it crosses
// ACCOUNTS.min_leads its leads go to the account's owner; two gmail.com
// people form none; erasing a lead erases its person (a later submission is
// a stranger again) and takes them out of the account.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, testBindings, postJson, startEdge, TEST_SECRET } from "./harness.mjs";
import { startDurable, admin, eventually, ADMIN_TOKEN } from "./durable-harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { PEOPLE_EXPECTED } from "./people-scenario.mjs";
import Ajv from "ajv";

process.env.DENO_NO_UPDATE_CHECK = "1";

// The default model plus one rule on the account's facts (docs/model.md "Accounts").
const dir = mkdtempSync(join(tmpdir(), "leadgate-people-"));
const modelPath = join(dir, "model.json");
const model = JSON.parse(readFileSync(join(root, "models/default.json"), "utf8"));
model.fit_rules.push({ id: "account_three", label: "Account of 3+", points: 5, if: { field: "account.leads", gte: 3 } });
writeFileSync(modelPath, JSON.stringify(model));
// The delivery's one definition (with `previous_stage` and `account`), checked by an independent validator.
const delivery = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(root, "tests/fixtures/connectors/webhook/delivery.request.schema.json"), "utf8")));
const valid = (payload) => assert.ok(delivery(payload), JSON.stringify(delivery.errors));

const TEAMS = JSON.stringify({
  "enterprise-ae": {
    fallback: "ae-queue",
    members: [{ id: "a", email: "a@example.com" }, { id: "b", email: "b@example.com" }, { id: "c", email: "c@example.com" }],
  },
});

// By the default model (checked with the reference scorer): MQL, grade A, 55
// points, enterprise-ae (5,000 people); with a VP title and a demo request: SQL.
const low = (email) => ({ email, company: "Initech", job_title: "Marketing Coordinator", company_size: 5000, industry: "software" });
const rich = (email) => ({ ...low(email), job_title: "VP Marketing", form: "demo_request" });

for (const engine of ["workerd", "deno"]) {
  describe(`persons and accounts on ${engine}`, () => {
    let recv;
    let edge;
    const post = async (body) => {
      const r = await postJson(edge.url, body);
      assert.equal(r.status, 200, await r.clone().text());
      return r.json();
    };
    const lead = async (id) => (await admin(edge.url, `/leads/${id}`)).json();
    const assigned = async () => Object.fromEntries((await (await admin(edge.url, "/admin/teams/enterprise-ae")).json()).members.map((m) => [m.id, m.assigned_today]));
    const total = (counts) => Object.values(counts).reduce((s, n) => s + n, 0);

    before(async () => {
      recv = await startReceiver({ secret: TEST_SECRET });
      edge = await startDurable(engine, testBindings(recv.url, {
        ADMIN_TOKEN, EXPOSE: "stage,grade,score,respond_by,owner", DELIVER_STAGES: "SQL,MQL", TEAMS,
        PERSONS: "on", ACCOUNTS: JSON.stringify({ min_leads: 3 }),
      }), { model: modelPath });
    });

    after(async () => {
      await edge?.stop();
      await recv?.close();
    });

    test("a richer submission is re-scored and pushed with the same owner; a poorer one keeps the stage and is not pushed; erasure forgets the person", async () => {
      const p = `dana-${engine}@Initech.com`;
      const first = await post({ ...low(` ${p} `), submission_id: `${engine}-p-0001` });
      assert.deepEqual([first.stage, first.delivered], ["MQL", true]);
      const owner = first.owner;
      assert.ok(["a", "b", "c"].includes(owner));
      const before = await assigned();

      // The same person (other case, no blanks): re-scored with the new answers, SQL (higher), pushed, same owner, no new count.
      const second = await post({ ...rich(p.toLowerCase()), submission_id: `${engine}-p-0002` });
      assert.deepEqual([second.stage, second.delivered, second.owner], ["SQL", true, owner]);
      assert.deepEqual(await assigned(), before);
      const pushed = await eventually(() => recv.accepted.get(`${engine}-p-0002`), 10_000, "the higher stage delivered");
      assert.equal(pushed.payload.outcome.stage, "SQL");
      assert.equal(pushed.payload.previous_stage, "MQL");
      assert.equal(pushed.payload.outcome.previous_stage, "MQL");
      assert.equal(pushed.payload.owner.id, owner);
      valid(pushed.payload);
      const view2 = await lead(`${engine}-p-0002`);
      assert.deepEqual(view2.events.find((e) => e.type === "person_repeat"), { at: view2.events[0].at, type: "person_repeat", previous_stage: "MQL", stage: "SQL", pushed: true });
      assert.deepEqual(view2.events.filter((e) => e.type === "owner_kept").map((e) => [e.owner, e.via]), [[owner, "person"]]);
      assert.equal(view2.sla.owner, owner, "a higher stage starts its clock, with the same owner");

      // Poorer answers: the core keeps SQL (never demote); equal to the person's stage, so not pushed and no clock.
      const third = await post({ ...low(p), submission_id: `${engine}-p-0003` });
      assert.deepEqual([third.stage, third.delivered, third.queued], ["SQL", false, false]);
      const view3 = await lead(`${engine}-p-0003`);
      assert.equal(view3.outcome.previous_stage, "SQL");
      assert.equal(view3.sla, null);
      assert.equal(view3.events.find((e) => e.type === "person_repeat").pushed, false);
      assert.equal(recv.accepted.has(`${engine}-p-0003`), false);
      assert.deepEqual(await assigned(), before);

      // The same submission id again: its first answer, as before persons.
      assert.deepEqual(await post({ ...rich(p.toLowerCase()), submission_id: `${engine}-p-0002` }), second);

      // Erasure of one of the person's leads erases the person: poorer answers are MQL again, a stranger's.
      assert.equal((await admin(edge.url, `/leads/${engine}-p-0002`, { method: "DELETE" })).status, 200);
      const fourth = await post({ ...low(p), submission_id: `${engine}-p-0004` });
      assert.equal(fourth.stage, "MQL");
      assert.equal((await lead(`${engine}-p-0004`)).outcome.previous_stage, undefined);
    });

    test("without a usable email there is no person: each submission is a stranger (its own pick)", async () => {
      const before = await assigned();
      // Not an address by the core's reading (the default model still makes it an SQL: its stages require the field, present).
      const anonymous = rich("not-an-email");
      for (let i = 1; i <= 2; i++) {
        const a = await post({ ...anonymous, submission_id: `${engine}-n-000${i}` });
        assert.deepEqual([a.stage, a.delivered], ["SQL", true]);
        assert.equal((await lead(`${engine}-n-000${i}`)).outcome.previous_stage, undefined);
      }
      assert.equal(total(await assigned()) - total(before), 2);
    });

    test("twelve submissions of one new person at once get one owner and one count", async () => {
      const before = await assigned();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post({ ...rich(`eve-${engine}@umbrella.com`), submission_id: `${engine}-c-${String(i).padStart(4, "0")}` })));
      // Those that read the person's record after another one stored SQL are repeats of an equal stage: not pushed, no owner.
      const pushed = answers.filter((a) => a.delivered);
      assert.ok(pushed.length >= 1);
      assert.equal(new Set(pushed.map((a) => a.owner)).size, 1, JSON.stringify(answers.map((a) => a.owner)));
      for (const a of answers.filter((x) => !x.delivered)) assert.deepEqual([a.stage, a.owner], ["SQL", null]);
      assert.equal(total(await assigned()) - total(before), 1);
    });

    test("three people of initech.com make an account the model reads; once it crosses min_leads 3 its leads go to one owner; gmail.com makes none", async () => {
      const domain = `acct-${engine}.com`;
      const answers = [];
      for (let i = 1; i <= 4; i++) answers.push(await post({ ...rich(`p${i}@${domain}`), submission_id: `${engine}-a-000${i}` }));
      const [o1, o2, o3, o4] = answers.map((a) => a.owner);
      assert.notEqual(o2, o1, "before the crossing: round-robin");
      assert.deepEqual([o3, o4], [o1, o1], "the account's owner: its first owned lead's");
      const views = await Promise.all([1, 2, 3, 4].map((i) => lead(`${engine}-a-000${i}`)));
      // account.leads counts the submitting person: 1, 2, 3, 4 — the rule fires from the third.
      assert.deepEqual(views.map((v) => v.outcome.reasons.some((r) => r.rule === "account_three")), [false, false, true, true]);
      assert.deepEqual(views[2].events.filter((e) => e.type === "account_crossed").map((e) => [e.domain, e.leads]), [[domain, 3]]);
      assert.equal(views[3].events.some((e) => e.type === "account_crossed"), false, "one crossing");
      const third = await eventually(() => recv.accepted.get(`${engine}-a-0003`), 10_000, "the crossing lead delivered");
      // After the lead: its persons' best scores summed (recounted from the answers).
      assert.deepEqual(third.payload.account, {
        domain, leads: 3, best_score: Math.max(answers[0].score, answers[1].score, answers[2].score),
        score: answers[0].score + answers[1].score + answers[2].score, best_grade: "A", crossed: true, just_crossed: true,
      });
      valid(third.payload);

      for (let i = 1; i <= 2; i++) await post({ ...rich(`free${i}-${engine}@gmail.com`), submission_id: `${engine}-g-000${i}` });
      const free = await eventually(() => recv.accepted.get(`${engine}-g-0002`), 10_000, "the gmail lead delivered");
      assert.equal(free.payload.account, undefined);
      assert.equal(free.payload.outcome.reasons.some((r) => r.rule === "account_three"), false);

      // Erasing p1's lead takes p1 out of the account: the next person counts 4 (p2, p3, p4, p5), not 5.
      assert.equal((await admin(edge.url, `/leads/${engine}-a-0001`, { method: "DELETE" })).status, 200);
      await post({ ...rich(`p5@${domain}`), submission_id: `${engine}-a-0005` });
      assert.equal((await lead(`${engine}-a-0005`)).lead.account, undefined, "the forwarded lead is the client's");
      const fifth = await eventually(() => recv.accepted.get(`${engine}-a-0005`), 10_000, "p5 delivered");
      assert.equal(fifth.payload.account.leads, 4);
      assert.equal(fifth.payload.owner.id, o1);
    });

    test("a client cannot state its own account facts", async () => {
      const r = await post({ ...rich(`solo-${engine}@nowhere-${engine}.com`), account: { leads: 99 }, submission_id: `${engine}-s-0001` });
      const v = await lead(`${engine}-s-0001`);
      assert.equal(r.stage, "SQL");
      assert.equal(v.outcome.reasons.some((x) => x.rule === "account_three"), false);
      assert.equal(v.lead.account, undefined);
    });
  });
}

for (const engine of ["workerd", "deno"]) {
  test(`${engine}: concurrent claims of a person's and an account's owner take one; concurrent persons of an account all count and cross once`, async () => {
    const edge = await startDurable(engine, { WEBHOOKS: "{}" }, { entry: "tests/edge/store-worker.mjs", denoEntry: "tests/edge/deno-store-serve.mjs" });
    try {
      assert.deepEqual(await (await fetch(`${edge.url}/people?run=1`)).json(), PEOPLE_EXPECTED);
    } finally {
      await edge.stop();
    }
  });
}

test("PERSONS and ACCOUNTS: a bad value or no storage is misconfigured, naming the binding", async () => {
  const cases = [
    [{ PERSONS: "on" }, /PERSONS and ACCOUNTS need a storage binding/],
    [{ ACCOUNTS: "{}" }, /PERSONS and ACCOUNTS need a storage binding/],
    [{ PERSONS: "yes" }, /PERSONS must be "on" or "off"/],
    [{ ACCOUNTS: '{"min_lead": 3}' }, /ACCOUNTS: unknown key "min_lead"/],
    [{ ACCOUNTS: '{"min_leads": 0}' }, /ACCOUNTS.min_leads must be an integer from 1 to 500/],
  ];
  for (const [extra, want] of cases) {
    const edge = await startEdge(testBindings("http://127.0.0.1:9", extra));
    try {
      const h = await fetch(`${edge.url}/health`);
      assert.equal(h.status, 503);
      assert.match((await h.json()).error.message, want);
    } finally {
      await edge.stop();
    }
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));
