// Plain HTML forms on real workerd, posted as a browser posts them without
// JavaScript (Sec-Fetch-Mode: navigate, Accept: text/html): multipart bodies
// with a file part, the 303 to the configured thank-you page per stage, the
// retry page when delivery fails (same fields, same submission id: the lead
// is never lost, never delivered twice), and HTML error pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { startEdge, testBindings, TEST_SECRET } from "./harness.mjs";
import { startReceiver } from "./receiver.mjs";
import { reference, SQL_LATAM, MQL } from "./leads.mjs";

let recv;
let edge;
const NAVIGATE = { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", origin: "https://www.example.com" };

before(async () => {
  recv = await startReceiver({ secret: TEST_SECRET });
  edge = await startEdge(testBindings(recv.url, {
    THANK_YOU_URL: JSON.stringify({ SQL: "https://www.example.com/agendar", "*": "/obrigado" }),
  }));
});

after(async () => {
  await edge?.stop();
  await recv?.close();
});

/**
 * POSTs like a browser: through node:http, because fetch() overrides
 * Sec-Fetch-Mode (a forbidden header) with "cors". Gives a Response.
 */
async function post(body, headers = {}) {
  const r = new Request("http://x/", { method: "POST", body, headers: { ...headers } });
  const bytes = Buffer.from(await r.arrayBuffer());
  const sent = { ...headers, "content-length": String(bytes.length) };
  if (!("content-type" in headers) && r.headers.get("content-type")) sent["content-type"] = r.headers.get("content-type");
  const { hostname, port } = new URL(edge.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: "/lead", method: "POST", headers: sent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const out = new Headers();
        for (const [k, v] of Object.entries(res.headers)) out.set(k, Array.isArray(v) ? v.join(", ") : v);
        const status = res.statusCode;
        resolve(new Response([101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: out }));
      });
    });
    req.on("error", reject);
    req.end(bytes);
  });
}

/** The hidden inputs of a retry page, as the browser would post them. */
function hiddenFields(html) {
  const form = new URLSearchParams();
  const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.append(unescape(m[1]), unescape(m[2]));
  return form;
}

test("multipart/form-data: text fields score like JSON, a file part is ignored and never forwarded", async () => {
  const form = new FormData();
  for (const [k, v] of Object.entries(SQL_LATAM)) form.append(k, String(v));
  form.append("curriculo", new Blob(["%PDF-1.7 not a lead"], { type: "application/pdf" }), "cv.pdf");
  form.append("submission_id", "multi-0001-abcdef");
  const r = await post(form, { origin: "https://www.example.com" });
  assert.equal(r.status, 200);
  const body = await r.json();
  const expected = reference.score({ ...SQL_LATAM, company_size: "120" });
  assert.deepEqual([body.stage, body.grade], [expected.stage, expected.grade]);
  const got = recv.accepted.get("multi-0001-abcdef").payload;
  assert.equal(got.lead.curriculo, undefined);
  assert.equal(got.lead.email, SQL_LATAM.email);
});

test("no JavaScript: a 303 to the stage's thank-you page (SQL to the meeting page, others to /obrigado)", async () => {
  const sql = await post(new URLSearchParams({ ...SQL_LATAM, submission_id: "nojs-sql-0001" }), NAVIGATE);
  assert.equal(sql.status, 303);
  assert.equal(sql.headers.get("location"), "https://www.example.com/agendar");
  assert.ok(recv.accepted.has("nojs-sql-0001"), "delivered before the redirect");
  const mql = await post(new URLSearchParams(MQL), NAVIGATE);
  assert.equal(mql.status, 303);
  assert.equal(mql.headers.get("location"), "/obrigado");
});

test("no JavaScript, delivery fails: an HTML page re-posts the same fields and id; after recovery, delivered once", async () => {
  const hostile = `Diretora "Comercial" <script>alert(1)</script>`;
  const lead = { ...SQL_LATAM, job_title: hostile };
  recv.setMode({ mode: "down" });
  let page;
  try {
    const r = await post(new URLSearchParams({ ...lead, submission_id: "nojs-retry-0001" }), NAVIGATE);
    assert.equal(r.status, 503);
    assert.match(r.headers.get("content-type"), /^text\/html/);
    assert.match(r.headers.get("content-security-policy"), /default-src 'none'/);
    page = await r.text();
  } finally {
    recv.setMode({ mode: "ok" });
  }
  assert.ok(!page.includes("<script>"), "field values are escaped");
  assert.match(page, /<form method="post" action="\/lead"/);
  const again = hiddenFields(page);
  assert.equal(again.get("submission_id"), "nojs-retry-0001");
  assert.equal(again.get("job_title"), hostile);
  const retried = await post(again, NAVIGATE);
  assert.equal(retried.status, 303);
  const got = recv.accepted.get("nojs-retry-0001");
  assert.equal(got.copies, 1);
  assert.equal(got.payload.lead.job_title, hostile);
  // The visitor presses the button twice: the copy carries the same
  // Idempotency-Key, so the receiver drops it (it counts it as a repeat).
  const twice = await post(again, NAVIGATE);
  assert.equal(recv.accepted.get("nojs-retry-0001").copies, 2);
  // The second press is answered like the first: the same 303 to the same page.
  assert.deepEqual([twice.status, twice.headers.get("location")], [retried.status, retried.headers.get("location")]);
});

test("no JavaScript, a bad form: an HTML error page with the code, never JSON", async () => {
  const r = await post("email=%E0%A4%A&x=1", { ...NAVIGATE, "content-type": "application/x-www-form-urlencoded" });
  assert.equal(r.status, 400);
  assert.match(r.headers.get("content-type"), /^text\/html/);
  assert.match(await r.text(), /bad_form/);
  // The same body from a script still gets JSON.
  const js = await post("email=%E0%A4%A&x=1", { "content-type": "application/x-www-form-urlencoded" });
  assert.equal((await js.json()).error.code, "bad_form");
});
