// 200+ hostile submissions to the edge worker on real workerd: each must be
// answered with a 4xx JSON error carrying its code, none may reach a webhook,
// and the worker must still score a normal lead correctly afterwards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEdge, testBindings, postJson, TEST_SECRET } from "./harness.mjs";
import { startReceiver, mulberry32 } from "./receiver.mjs";
import { reference, SQL_ENTERPRISE, MQL } from "./leads.mjs";

let recv;
let edge;

before(async () => {
  recv = await startReceiver({ secret: TEST_SECRET });
  edge = await startEdge(testBindings(recv.url));
});

after(async () => {
  await edge?.stop();
  await recv?.close();
});

const JSON_TYPE = "application/json";
const FORM = "application/x-www-form-urlencoded";
const MB = 1 << 20;

/** [name, content type, body (string | Uint8Array | () => ReadableStream), expected code, method?] */
function hostileCases() {
  const cases = [];
  const add = (name, type, body, code, method = "POST") => cases.push({ name, type, body, code, method });
  const lead = JSON.stringify({ ...SQL_ENTERPRISE, utm_campaign: "black-friday", notes: "ok" });

  // Malformed JSON: every truncation of a valid SQL lead (never a valid object).
  for (let i = 1; i < lead.length; i += Math.max(1, Math.floor(lead.length / 60))) add(`truncated at ${i}`, JSON_TYPE, lead.slice(0, i), "bad_json");
  for (const s of ["{", "}", "{,}", "{'email': 'a@b.c'}", '{"a":1,}', '{"a" 1}', "{a:1}", '{"a":NaN}', '{"a":Infinity}',
    '{"a":undefined}', '{"a":1} // c', '/* c */ {"a":1}', '{"a":0x10}', '{"a":01}', '{"a":"\\x41"}', '{"a":"unterminated}',
    '{"a":"tab\there"}', "\u0000", "nul", "tru", '{"a":1}{"b":2}', '{"a":1} x', "<lead/>", "email=a@b.c", '{"a":[1,2}',
    '{"a":{"b":1}', '"unterminated', "{\"a\":\"\\ud800\"", "\ufeff\ufeff{}", "[", "]", ",", ":", '{"":}', " ", "\n\t "]) {
    add(`malformed ${JSON.stringify(s).slice(0, 40)}`, JSON_TYPE, s, "bad_json");
  }
  // Seeded random garbage as JSON.
  const rng = mulberry32(42);
  for (let i = 0; i < 20; i++) {
    const bytes = new Uint8Array(1 + Math.floor(rng() * 300)).map(() => Math.floor(rng() * 256));
    bytes[0] = 0x7b; // "{" then garbage: never valid JSON, usually invalid UTF-8
    add(`random garbage ${i}`, JSON_TYPE, bytes, ["bad_json", "bad_encoding"]);
  }

  // Too large: declared, and streamed without Content-Length (the worker must not trust or need it).
  add("10 MB JSON body", JSON_TYPE, `{"notes":"${"x".repeat(10 * MB)}"}`, "too_large");
  add("10 MB form body", FORM, `notes=${"x".repeat(10 * MB)}`, "too_large");
  add("10 MB streamed, no Content-Length", JSON_TYPE, () => chunks(10, MB), "too_large");
  add("64 KB + 1 streamed", JSON_TYPE, () => chunks(1, 64 * 1024 + 1), "too_large");
  add("65 KB of valid JSON", JSON_TYPE, JSON.stringify({ ...SQL_ENTERPRISE, notes: "y".repeat(65 * 1024) }), "too_large");

  // Deep nesting, in read and unread fields, arrays and objects.
  // (Within 64 KB: arrays to depth 30,000, objects to 10,000.)
  for (const depth of [33, 64, 100, 1_000, 10_000, 30_000]) {
    add(`nested arrays depth ${depth}`, JSON_TYPE, `{"company":${"[".repeat(depth)}${"]".repeat(depth)}}`, "too_deep");
    if (depth <= 10_000) add(`nested objects depth ${depth} (unread field)`, JSON_TYPE, `{"x":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`, "too_deep");
  }

  // Not objects: arrays, scalars, numbers as strings.
  for (const s of ["[]", "[{}]", `[${lead}]`, `[${lead},${lead}]`, "1", "0", "-1", "1e999", "3.14", '"42"', '"1e999"',
    '"5000"', '"{\\"email\\":\\"a@b.c\\"}"', "true", "false", "null", '""', '"lead"']) {
    add(`not an object ${s.slice(0, 30)}`, JSON_TYPE, s, "not_an_object");
  }

  // Prototype keys, anywhere.
  for (const s of ['{"__proto__":{"score":999}}', '{"email":"a@b.c","__proto__":{"stage":"SQL"}}', '{"constructor":{"prototype":{"x":1}}}',
    '{"a":{"__proto__":{"polluted":true}}}', '{"a":[{"constructor":1}]}', '{"prototype":1}', `{"events":[{"event":"x","__proto__":{}}]}`]) {
    add(`prototype key ${s.slice(0, 40)}`, JSON_TYPE, s, "forbidden_key");
  }
  add("form __proto__", FORM, "__proto__=1&email=a%40b.c", "forbidden_key");
  add("form constructor", FORM, "email=a%40b.c&constructor=x", "forbidden_key");

  // Invalid UTF-8 inside otherwise valid JSON and forms.
  const bad = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf4, 0x90, 0x80, 0x80]];
  for (const b of bad) {
    const enc = new TextEncoder();
    add(`invalid UTF-8 ${b.map((x) => x.toString(16)).join(" ")} in JSON`, JSON_TYPE,
      new Uint8Array([...enc.encode('{"company":"Ac'), ...b, ...enc.encode('me"}')]), "bad_encoding");
    add(`invalid UTF-8 ${b.map((x) => x.toString(16)).join(" ")} in form`, FORM,
      new Uint8Array([...enc.encode("company=Ac"), ...b, ...enc.encode("me")]), "bad_encoding");
    add(`percent-encoded invalid UTF-8 ${b.map((x) => x.toString(16)).join(" ")}`, FORM,
      `company=Ac${b.map((x) => `%${x.toString(16).padStart(2, "0")}`).join("")}me`, "bad_form");
  }

  // Wrong or missing content types.
  for (const t of ["text/plain", "text/html", "application/xml", "application/octet-stream",
    "application/jsonx", "application/json; charset=latin1", "application/x-www-form-urlencoded; charset=iso-8859-1",
    "application/ld+json", "image/png", "", "json"]) {
    add(`content type ${JSON.stringify(t)}`, t, lead, "unsupported_media_type");
  }
  add("no content type", null, lead, "unsupported_media_type");
  // Multipart is accepted (plain HTML forms with enctype=multipart/form-data),
  // but a body that is not multipart, or no boundary, is a bad form.
  add("JSON sent as multipart", "multipart/form-data; boundary=x", lead, "bad_form");
  add("multipart without a boundary", "multipart/form-data", lead, "bad_form");
  add("multipart with only a file", "multipart/form-data; boundary=b",
    '--b\r\nContent-Disposition: form-data; name="cv"; filename="cv.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--b--\r\n', "empty_body");
  add("multipart field named __proto__", "multipart/form-data; boundary=b",
    '--b\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nx\r\n--b--\r\n', "forbidden_key");

  // Empty bodies.
  add("empty JSON body", JSON_TYPE, "", "empty_body");
  add("empty form body", FORM, "", "empty_body");
  add("form of only separators", FORM, "&&&", "empty_body");

  // urlencoded junk.
  for (const s of ["%", "%%", "%zz=1", "a=%", "a=%4", "a=%G0", "=value", "=", "&=x&", "email=a%40b.c&%=1", "%E0%A4%A=1", "a=%uD800"]) {
    add(`form junk ${JSON.stringify(s)}`, FORM, s, s.startsWith("=") || s === "&=x&" ? "bad_form" : "bad_form");
  }
  add("form with 600 fields", FORM, Array.from({ length: 600 }, (_, i) => `f${i}=1`).join("&"), "too_many_fields");

  // Bad submission ids.
  for (const id of ['"short"', "12345678", '"with space 123"', '"ünïcødé-1234"', '"-leading-dash"', `"${"x".repeat(129)}"`, "null", "[]", "{}"]) {
    add(`submission_id ${id.slice(0, 20)}`, JSON_TYPE, `{"email":"a@b.c","submission_id":${id}}`, "bad_submission_id");
  }

  // Wrong methods and paths.
  for (const m of ["GET", "PUT", "PATCH", "DELETE"]) add(`${m} /lead`, JSON_TYPE, m === "GET" ? null : lead, "method_not_allowed", m);
  return cases;
}

function chunks(count, size) {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < count) controller.enqueue(new Uint8Array(size).fill(0x20));
      else controller.close();
    },
  });
}

async function send(c) {
  const headers = {};
  if (c.type !== null) headers["content-type"] = c.type;
  const streamed = typeof c.body === "function";
  const init = { method: c.method, headers, body: streamed ? c.body() : c.body };
  if (streamed) init.duplex = "half";
  if (c.body === null) delete init.body;
  return fetch(`${edge.url}/lead`, init);
}

test("200 hostile bodies: each a 4xx JSON error with its code, nothing delivered, then a normal lead scores", async () => {
  const cases = hostileCases();
  assert.ok(cases.length >= 200, `only ${cases.length} cases`);
  recv.reset();
  const wrong = [];
  for (const c of cases) {
    let status;
    let body;
    try {
      const r = await send(c);
      status = r.status;
      body = await r.json();
    } catch (e) {
      wrong.push(`${c.name}: ${e.message}`);
      continue;
    }
    const codes = Array.isArray(c.code) ? c.code : [c.code];
    if (!(status >= 400 && status < 500) || !codes.includes(body?.error?.code) || typeof body.error.message !== "string") {
      wrong.push(`${c.name}: ${status} ${JSON.stringify(body).slice(0, 200)} (want ${codes.join("|")})`);
    }
  }
  assert.deepEqual(wrong, [], `${wrong.length} of ${cases.length} hostile bodies were not answered as expected`);
  assert.equal(recv.attempts.length, 0, "no hostile body reached a webhook");
  assert.equal(edge.server.exited, false, "workerd is still running");
  assert.doesNotMatch(edge.server.output, /internal_error|Uncaught/, "no exception escaped");

  // Still correct afterwards.
  for (const lead of [SQL_ENTERPRISE, MQL]) {
    const r = await postJson(edge.url, lead);
    assert.equal(r.status, 200);
    const body = await r.json();
    const want = reference.score(lead);
    assert.deepEqual([body.stage, body.grade], [want.stage, want.grade]);
  }
  assert.equal(recv.accepted.size, 1, "the SQL lead was delivered");
  const delivered = [...recv.accepted.values()][0].payload;
  assert.deepEqual(delivered.outcome, reference.score(SQL_ENTERPRISE, { now: delivered.received_at }));
});
