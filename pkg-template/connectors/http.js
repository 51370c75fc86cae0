// What every outbound target shares: one HTTP attempt with a deadline and
// its classification (accepted, refused for good, or retryable with the
// vendor's Retry-After), the OAuth refresh-once rule, and a retry helper for
// callers that can wait. Uses only `fetch`, so it runs in workerd, Deno and
// Node alike. Nothing here logs; no result or error carries a token.
import { ConnectorError } from "./errors.js";

/** Default deadline of one HTTP attempt. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** A vendor body larger than this is not read (a response is only ever parsed for ids). */
const MAX_RESPONSE_BYTES = 1 << 20;

/**
 * Seconds from a Retry-After header: delta-seconds or an HTTP date (RFC 9110
 * §10.2.3), never negative; null when absent or unreadable.
 */
export function retryAfterSeconds(header, nowMs = Date.now()) {
  if (header === null || header === undefined) return null;
  const text = String(header).trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), 86_400);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

async function readBounded(response) {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {});
    return "";
  }
  try {
    const text = await response.text();
    return text.length > MAX_RESPONSE_BYTES ? "" : text;
  } catch {
    return "";
  }
}

/**
 * One HTTP attempt. Resolves to `{ status, headers, json }` for any answer
 * (json: the parsed body or null), or throws a ConnectorError:
 * `timeout` (retryable) or `network` (retryable). Redirects are not followed
 * (a vendor API answers in place; a redirect would carry the token elsewhere).
 */
export async function attempt(vendor, { url, method, headers, body }, options = {}) {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response;
  try {
    response = await doFetch(url, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    if (e?.name === "TimeoutError" || e?.name === "AbortError") {
      throw new ConnectorError("timeout", `${vendor}: no answer within ${timeoutMs} ms`, { retryable: true, vendor });
    }
    // The cause's message may quote the URL (with a query token for some
    // vendors): only its name is kept.
    throw new ConnectorError("network", `${vendor}: the request failed (${e?.name ?? "error"})`, { retryable: true, vendor });
  }
  const text = await readBounded(response);
  let json = null;
  if (text !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  return { status: response.status, headers: response.headers, json };
}

/**
 * The error for a non-2xx answer: 401/403 `unauthorized` (never retried:
 * the credentials are wrong until someone changes them), 429 `rate_limited`
 * and 5xx `vendor_unavailable` (retryable, with Retry-After when given),
 * 408 `timeout`, other 4xx `rejected` (the request is wrong: not retried).
 * The vendor's own error text is not included: it may echo what was sent.
 */
export function failure(vendor, what, answer) {
  const status = answer.status;
  const retryAfter = retryAfterSeconds(answer.headers.get("retry-after")) ?? undefined;
  if (status === 401 || status === 403) {
    return new ConnectorError("unauthorized", `${vendor}: ${what} was refused with ${status}: check the credentials binding`, { status, retryable: false, vendor });
  }
  if (status === 429) return new ConnectorError("rate_limited", `${vendor}: ${what} was rate limited (429)`, { status, retryable: true, retryAfter, vendor });
  if (status === 408) return new ConnectorError("timeout", `${vendor}: ${what} timed out (408)`, { status, retryable: true, retryAfter, vendor });
  if (status >= 500) return new ConnectorError("vendor_unavailable", `${vendor}: ${what} failed with ${status}`, { status, retryable: true, retryAfter, vendor });
  if (status >= 300 && status < 400) return new ConnectorError("rejected", `${vendor}: ${what} was redirected (${status}); redirects are not followed`, { status, retryable: false, vendor });
  return new ConnectorError("rejected", `${vendor}: ${what} was refused with ${status}`, { status, retryable: false, vendor });
}

/** A 2xx answer, else throws `failure(...)`. */
export async function expectOk(vendor, what, request, options) {
  const answer = await attempt(vendor, request, options);
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw failure(vendor, what, answer);
}

/**
 * Runs `task(token)` with an OAuth access token, refreshing it once when the
 * cached one is missing or the vendor answers 401: `getToken(force)` returns
 * a token (from the cache, or refreshed when `force`); `task` throws a
 * ConnectorError with status 401 to ask for the refresh. A second 401 is a
 * clear `unauthorized` failure, never another refresh.
 */
export async function withOAuth(vendor, getToken, task) {
  let token = await getToken(false);
  try {
    return await task(token);
  } catch (e) {
    if (!(e instanceof ConnectorError) || e.status !== 401) throw e;
  }
  token = await getToken(true);
  try {
    return await task(token);
  } catch (e) {
    if (e instanceof ConnectorError && e.status === 401) {
      throw new ConnectorError("unauthorized", `${vendor}: refused with 401 right after a token refresh: the app's access was revoked or the token is for another account`, { status: 401, retryable: false, vendor });
    }
    throw e;
  }
}

/**
 * Turns a delivery into a result that never rejects: `{ ok: true, ... }` or
 * `{ ok: false, code, message, retryable, retryAfter?, status? }`. A
 * programming fault (not a ConnectorError) becomes `internal`, retryable,
 * with its name only.
 */
export async function settle(vendor, run) {
  try {
    return { ok: true, ...(await run()) };
  } catch (e) {
    if (e instanceof ConnectorError) {
      const out = { ok: false, code: e.code, message: e.message, retryable: e.retryable === true };
      if (e.retryAfter !== undefined) out.retryAfter = e.retryAfter;
      if (e.status !== undefined) out.status = e.status;
      return out;
    }
    return { ok: false, code: "internal", message: `${vendor}: internal error (${e?.name ?? "error"})`, retryable: true };
  }
}

/**
 * Calls `deliver()` (a connector's deliver, bound to one delivery) until it
 * succeeds, fails for good, or `maxAttempts` are spent. Between attempts it
 * waits the vendor's Retry-After when given, else `baseDelayMs` doubled per
 * attempt (at most `maxWaitMs`); a Retry-After longer than `maxWaitMs` is not
 * slept through: the result is returned (still retryable) for the caller to
 * queue.
 */
export async function deliverWithRetry(deliver, { maxAttempts = 5, baseDelayMs = 500, maxWaitMs = 30_000, sleep } = {}) {
  const wait = sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  let result;
  for (let n = 1; ; n++) {
    result = await deliver();
    result.attempts = n;
    if (result.ok || !result.retryable || n >= maxAttempts) return result;
    if (result.retryAfter !== undefined && result.retryAfter * 1000 > maxWaitMs) return result;
    await wait(result.retryAfter !== undefined ? result.retryAfter * 1000 : Math.min(baseDelayMs * 2 ** (n - 1), maxWaitMs));
  }
}

/** A configured text value (a binding): present and non-empty, else `misconfigured` naming the option (never its value). */
export function required(vendor, options, name) {
  const v = options[name];
  if (typeof v !== "string" || v.trim() === "") {
    throw new ConnectorError("misconfigured", `${vendor}: the option ${name} is missing`, { retryable: false, vendor });
  }
  return v;
}

/** An https base URL option (http only to loopback, for tests and local proxies), without a trailing slash. */
export function baseUrl(vendor, value, name) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new ConnectorError("misconfigured", `${vendor}: ${name} is not a URL`, { retryable: false, vendor });
  }
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new ConnectorError("misconfigured", `${vendor}: ${name} must be an https URL`, { retryable: false, vendor });
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConnectorError("misconfigured", `${vendor}: ${name} must not carry credentials, a query or a fragment`, { retryable: false, vendor });
  }
  return url.href.replace(/\/+$/, "");
}
