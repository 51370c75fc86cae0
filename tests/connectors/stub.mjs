// A vendor stub on 127.0.0.1: serves one vendor's contract
// (tests/fixtures/connectors/<vendor>/contract.json), validates every
// request's method, path, query, content type, authentication and body
// against it with ajv (an independent JSON Schema validator), commits what
// a valid request asks for (contacts, leads, persons, messages) and can play
// 401, 429 (Retry-After), 5xx, commit-then-500 and commit-then-hang faults.
import { createServer } from "node:http";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const fixtures = (vendor, name) => join(root, "tests/fixtures/connectors", vendor, name);
export const readFixture = (vendor, name) => readFileSync(fixtures(vendor, name), "utf8");

/** The credentials the stubs accept (test values; a real deployment's come from secret bindings). */
export const CREDENTIALS = {
  clientId: "client-id-test",
  clientSecret: "client-secret-0123456789",
  refreshToken: "refresh-token-0123456789",
  hubspotToken: "pat-na1-test-0123456789abcdef",
  pipedriveToken: "pd-token-0123456789abcdef",
  webhookSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
};

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map();
function validator(vendor, file) {
  const key = `${vendor}/${file}`;
  if (!compiled.has(key)) compiled.set(key, ajv.compile(JSON.parse(readFixture(vendor, file))));
  return compiled.get(key);
}

function formObject(text) {
  const out = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (Object.hasOwn(out, k)) return { error: `field ${k} repeated` };
    out[k] = v;
  }
  return out;
}

function webhookSignatureOk(req, raw) {
  const id = req.headers["webhook-id"];
  const ts = req.headers["webhook-timestamp"];
  const sigs = String(req.headers["webhook-signature"] ?? "");
  if (!id || !ts || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const key = Buffer.from(CREDENTIALS.webhookSecret.slice(6), "base64");
  const want = Buffer.from(`v1,${createHmac("sha256", key).update(`${id}.${ts}.${raw}`).digest("base64")}`);
  return sigs.split(" ").some((s) => Buffer.from(s).length === want.length && timingSafeEqual(Buffer.from(s), want));
}

/**
 * Starts the stub for `vendor`. `faults(endpointName, request)` may return
 * `{ kind }`: "401", "429" (with `retryAfter`), "503", "500-after-commit",
 * "hang-after-commit" (committed, answered after `hangMs`), or null.
 */
export async function startStub(vendor, { hangMs = 400 } = {}) {
  const contract = JSON.parse(readFixture(vendor, "contract.json"));
  const state = { valid: new Set(), tokensIssued: 0, faults: () => null };
  const log = []; // { endpoint, method, path, status, problem? }
  const store = { contacts: new Map(), funnels: new Map(), leads: new Map(), leadList: [], persons: [], messages: new Map() };
  const timers = new Set();
  let url;

  function commit(endpoint, req, body, u) {
    const name = endpoint.name;
    if (vendor === "rdstation" && name === "contact") {
      const email = decodeURIComponent(u.pathname.split("email:")[1]);
      store.contacts.set(email, { ...(store.contacts.get(email) ?? {}), ...body });
      return [200, { uuid: randomUUID(), email, ...body }];
    }
    if (vendor === "rdstation" && name === "funnel") {
      const email = decodeURIComponent(u.pathname.split("email:")[1].split("/")[0]);
      store.funnels.set(email, body);
      return [200, body];
    }
    if (vendor === "hubspot" && name === "subscribe") {
      const subs = store.subscriptions ?? (store.subscriptions = new Map());
      const key = `${body.emailAddress} ${body.subscriptionId}`;
      // As HubSpot answers a second subscribe of the same contact and type.
      if (subs.has(key)) return [400, { status: "error", message: `${body.emailAddress} is already subscribed to subscription ${body.subscriptionId}`, category: "VALIDATION_ERROR" }];
      subs.set(key, body);
      return [200, { id: body.subscriptionId, name: "Marketing", description: "", status: "SUBSCRIBED", sourceOfStatus: "SUBSCRIPTION_STATUS", legalBasis: body.legalBasis, legalBasisExplanation: body.legalBasisExplanation }];
    }
    if (vendor === "hubspot") {
      const results = body.inputs.map((input) => {
        const seen = store.contacts.get(input.id);
        const id = seen?.id ?? String(store.contacts.size + 1001);
        store.contacts.set(input.id, { id, trace: input.objectWriteTraceId, properties: { ...(seen?.properties ?? {}), ...input.properties }, writes: (seen?.writes ?? 0) + 1 });
        return { id, properties: input.properties, new: !seen, createdAt: "2026-11-26T12:00:00Z", updatedAt: "2026-11-26T12:00:00Z", archived: false };
      });
      return [200, { status: "COMPLETE", results, startedAt: "2026-11-26T12:00:00Z", completedAt: "2026-11-26T12:00:01Z" }];
    }
    if (vendor === "salesforce" && name === "upsert") {
      const ext = decodeURIComponent(u.pathname.split("/").pop());
      const seen = store.leads.get(ext);
      const id = seen?.id ?? `00Q5e00000${String(store.leads.size).padStart(5, "0")}`;
      store.leads.set(ext, { id, body, writes: (seen?.writes ?? 0) + 1 });
      return seen ? [200, { id, success: true, errors: [], created: false }] : [201, { id, success: true, errors: [], created: true }];
    }
    if (vendor === "salesforce" && name === "web-to-lead") {
      store.leadList.push(body);
      return [200, null];
    }
    if (vendor === "pipedrive" && name === "search") {
      const term = u.searchParams.get("term").toLowerCase();
      const items = store.persons.filter((p) => p.emails.some((e) => e.value.toLowerCase() === term))
        .map((p) => ({ result_score: 1, item: { id: p.id, type: "person", name: p.name, emails: p.emails.map((e) => e.value) } }));
      return [200, { success: true, data: { items }, additional_data: { next_cursor: null } }];
    }
    if (vendor === "pipedrive" && name === "person") {
      const person = { id: store.persons.length + 1, ...body };
      store.persons.push(person);
      return [201, { success: true, data: { id: person.id, name: person.name } }];
    }
    if (vendor === "pipedrive" && name === "lead") {
      if (!store.persons.some((p) => p.id === body.person_id)) return [400, { success: false, error: "person not found" }];
      const lead = { id: randomUUID(), ...body };
      store.leadList.push(lead);
      return [201, { success: true, data: { id: lead.id, title: lead.title } }];
    }
    if (vendor === "webhook") {
      const key = req.headers["webhook-id"];
      const seen = store.messages.get(key);
      if (seen) seen.copies += 1;
      else store.messages.set(key, { path: u.pathname, body, copies: 1 });
      return [200, { ok: true }];
    }
    if (name === "token") {
      const ok = vendor === "rdstation"
        ? body.client_id === CREDENTIALS.clientId && body.client_secret === CREDENTIALS.clientSecret && body.refresh_token === CREDENTIALS.refreshToken
        : body.client_id === CREDENTIALS.clientId && body.client_secret === CREDENTIALS.clientSecret && body.refresh_token === CREDENTIALS.refreshToken;
      if (!ok) return [vendor === "rdstation" ? 401 : 400, { error: "invalid_grant" }];
      const token = `at-${++state.tokensIssued}-${randomUUID()}`;
      state.valid.add(token); // earlier tokens stay valid until revoked, as the vendors' do until expiry
      return vendor === "rdstation"
        ? [200, { access_token: token, expires_in: 86400, refresh_token: CREDENTIALS.refreshToken }]
        : [200, { access_token: token, instance_url: url, id: `${url}/id/00D/005`, token_type: "Bearer", issued_at: String(Date.now()), signature: "c2lnbmF0dXJl" }];
    }
    return [500, { error: "stub has no handler" }];
  }

  function authOk(endpoint, req, raw) {
    switch (endpoint.auth) {
      case "none": return true;
      case "bearer": return req.headers.authorization === `Bearer ${CREDENTIALS.hubspotToken}`;
      case "oauth": return state.valid.has(String(req.headers.authorization ?? "").replace(/^Bearer /, ""));
      case "x-api-token": return req.headers["x-api-token"] === CREDENTIALS.pipedriveToken && !new URL(req.url, "http://x").searchParams.has("api_token");
      case "standard-webhooks": return webhookSignatureOk(req, raw);
      default: return false;
    }
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const u = new URL(req.url, "http://127.0.0.1");
      const entry = { method: req.method, path: u.pathname, headers: req.headers, raw };
      log.push(entry);
      const answer = (status, json, headers = {}) => {
        entry.status = status;
        if (res.destroyed) return;
        res.writeHead(status, { "content-type": json === null ? "text/html" : "application/json", ...headers });
        res.end(json === null ? "" : JSON.stringify(json));
      };
      const refuse = (problem) => {
        entry.problem = problem;
        answer(400, { error: "contract", problem });
      };
      const endpoint = contract.endpoints.find((e) => e.method === req.method && new RegExp(e.path).test(u.pathname));
      if (!endpoint) return refuse(`no endpoint ${req.method} ${u.pathname}`);
      entry.endpoint = endpoint.name;
      for (const [k, v] of Object.entries(endpoint.query ?? {})) if (u.searchParams.get(k) !== v) return refuse(`query ${k} must be ${v}`);
      if (endpoint.querySchema) {
        const q = formObject(u.search.slice(1));
        const check = validator(vendor, endpoint.querySchema);
        if (q.error || !check(q)) return refuse(`query: ${q.error ?? ajv.errorsText(check.errors)}`);
      }
      let body = null;
      if (endpoint.schema) {
        const type = String(req.headers["content-type"] ?? "").split(";")[0].trim();
        if (type !== endpoint.contentType) return refuse(`content-type ${type}, expected ${endpoint.contentType}`);
        if (type === "application/json") {
          try {
            body = JSON.parse(raw);
          } catch {
            return refuse("body is not JSON");
          }
        } else {
          body = formObject(raw);
          if (body.error) return refuse(body.error);
        }
        const check = validator(vendor, endpoint.schema);
        if (!check(body)) return refuse(`body: ${ajv.errorsText(check.errors)}`);
      }
      const fault = state.faults(endpoint.name, entry);
      entry.fault = fault?.kind;
      if (fault?.kind === "401") return answer(401, { error: "unauthorized" });
      if (fault?.kind === "429") return answer(429, { error: "rate limited" }, fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {});
      if (fault?.kind === "503") return answer(503, { error: "unavailable" }, fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {});
      if (!authOk(endpoint, req, raw)) {
        entry.authFailed = true;
        return answer(401, { error: "unauthorized" });
      }
      const [status, json] = commit(endpoint, req, body, u);
      if (fault?.kind === "500-after-commit") return answer(500, { error: "internal" });
      if (fault?.kind === "hang-after-commit") {
        const t = setTimeout(() => {
          timers.delete(t);
          answer(status, json);
        }, hangMs);
        timers.add(t);
        return;
      }
      answer(status, json);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    log,
    store,
    state,
    /** Requests that broke the contract (must stay empty). */
    get problems() {
      return log.filter((e) => e.problem).map((e) => `${e.method} ${e.path}: ${e.problem}`);
    },
    setFaults(fn) {
      state.faults = fn ?? (() => null);
    },
    /** Invalidates every access token issued so far (as an expiry or a revocation would). */
    revoke() {
      state.valid.clear();
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
