// The generic webhook target, signed per the Standard Webhooks specification
// (https://www.standardwebhooks.com/, spec: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
// `webhook-id` (the submission id: the same on every retry, so receivers
// dedupe by it), `webhook-timestamp` (seconds), `webhook-signature:
// v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with a `whsec_<base64>`
// secret; receivers reject stale timestamps, so a captured request cannot be
// replayed later. `verify` is the receiver's half. The edge's older
// `X-Leadgate-Signature: sha256=<hex>` header can be sent as well.
import { ConnectorError } from "./errors.js";
import { expectOk, settle, baseUrl } from "./http.js";
import { factsOf } from "./delivery.js";

const VENDOR = "webhook";
const enc = new TextEncoder();
/** Receivers accept timestamps this far from their clock, either way (the spec's suggestion). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function b64(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The key bytes of a `whsec_<base64>` secret; `misconfigured` for anything else (the secret is never shown). */
export function secretKey(secret) {
  if (typeof secret !== "string" || !secret.startsWith("whsec_")) {
    throw new ConnectorError("misconfigured", "webhook: the secret must be whsec_ followed by base64", { retryable: false, vendor: VENDOR });
  }
  let raw;
  try {
    raw = atob(secret.slice(6));
  } catch {
    throw new ConnectorError("misconfigured", "webhook: the secret's base64 does not decode", { retryable: false, vendor: VENDOR });
  }
  if (raw.length < 16 || raw.length > 64) {
    throw new ConnectorError("misconfigured", "webhook: the secret must hold 16 to 64 bytes (24 to 32 is usual)", { retryable: false, vendor: VENDOR });
  }
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function hmac(key, text) {
  const k = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, enc.encode(text)));
}

/** `v1,<base64>`: the signature of `body` (text) sent with `id` and `timestamp` (seconds). */
export async function sign(secret, id, timestamp, body) {
  return `v1,${b64(await hmac(secretKey(secret), `${id}.${timestamp}.${body}`))}`;
}

function same(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function header(headers, name) {
  if (typeof headers?.get === "function") return headers.get(name);
  const v = headers?.[name] ?? headers?.[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v ?? null;
}

/**
 * The receiver's check: `headers` (a Headers or a plain object), `body` the
 * raw text as received, `secrets` one `whsec_` secret or a list (rotation).
 * Throws ConnectorError `bad_signature` (missing headers, stale or future
 * timestamp beyond `toleranceSeconds`, no matching `v1` signature); returns
 * `{ id, timestamp }` when one signature matches. `nowSeconds` for tests.
 */
export async function verify(headers, body, secrets, { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, nowSeconds } = {}) {
  const id = header(headers, "webhook-id");
  const ts = header(headers, "webhook-timestamp");
  const sigs = header(headers, "webhook-signature");
  if (!id || !ts || !sigs) throw new ConnectorError("bad_signature", "webhook-id, webhook-timestamp and webhook-signature are required");
  if (!/^\d{1,12}$/.test(ts)) throw new ConnectorError("bad_signature", "webhook-timestamp is not whole seconds");
  const now = nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(ts)) > toleranceSeconds) throw new ConnectorError("bad_signature", "webhook-timestamp is outside the tolerance: a stale or replayed message");
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  for (const secret of Array.isArray(secrets) ? secrets : [secrets]) {
    const want = await sign(secret, id, ts, text);
    for (const sig of String(sigs).split(" ")) {
      if (sig.startsWith("v1,") && same(sig, want)) return { id, timestamp: Number(ts) };
    }
  }
  throw new ConnectorError("bad_signature", "no webhook-signature matches");
}

/** The request for one delivery. Exported for the contract tests. */
export async function buildRequest(delivery, options = {}) {
  const f = factsOf(delivery);
  const url = baseUrl(VENDOR, options.url, "url");
  const body = JSON.stringify(delivery);
  const timestamp = Math.floor((options.nowSeconds ?? Date.now() / 1000));
  const headers = {
    "content-type": "application/json",
    "user-agent": "leadgate-connectors",
    "idempotency-key": f.id,
    "webhook-id": f.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await sign(options.secret, f.id, timestamp, body),
  };
  if (options.legacySecret !== undefined) {
    if (typeof options.legacySecret !== "string" || options.legacySecret.length < 16) {
      throw new ConnectorError("misconfigured", "webhook: legacySecret must be text of at least 16 characters", { retryable: false, vendor: VENDOR });
    }
    const mac = await hmac(enc.encode(options.legacySecret), body);
    headers["x-leadgate-signature"] = `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  return { url, method: "POST", headers, body };
}

/**
 * Delivers to a webhook: `options.url`, `options.secret` (`whsec_…`, from a
 * secret binding), optional `legacySecret` (adds X-Leadgate-Signature),
 * `fetch`, `timeoutMs`. A fresh timestamp and signature per attempt, the same
 * `webhook-id`. Resolves to `{ ok: true, status }` or `{ ok: false, code,
 * message, retryable, retryAfter? }`; never rejects.
 */
export function deliver(delivery, options = {}) {
  return settle(VENDOR, async () => {
    const answer = await expectOk(VENDOR, "the delivery", await buildRequest(delivery, options), options);
    return { status: answer.status };
  });
}
