// OAuth access tokens for the targets that need them (RD Station Marketing,
// Salesforce REST): cached through the storage object the caller passes in
// (`get(key)` / `put(key, value)`: a Durable Object's storage, Deno KV, a
// Map in tests), refreshed with the refresh token from the bindings when
// missing, expired, or answered 401 (once; see http.js `withOAuth`). The
// token never leaves this module except in the Authorization header.
import { ConnectorError } from "./errors.js";
import { attempt, failure } from "./http.js";

/** Tokens are refreshed this long before the expiry the vendor stated. */
const EARLY_MS = 60_000;

/**
 * A `getToken(force)` for `withOAuth`: the cached token unless `force` or
 * expired, else a refresh through `refresh()` (which returns
 * `{ access_token, expires_in?, instance_url? }`), stored under `key`.
 */
export function tokenSource(vendor, { storage, key, now = () => Date.now(), refresh }) {
  let extra = {};
  const source = async (force) => {
    if (!force && storage) {
      let cached;
      try {
        cached = await storage.get(key);
      } catch {
        cached = undefined; // a storage failure costs a refresh, not the delivery
      }
      if (cached && typeof cached.access_token === "string" && (cached.expires_at ?? Infinity) > now() + EARLY_MS) {
        extra = cached;
        return cached.access_token;
      }
    }
    const got = await refresh();
    if (typeof got?.access_token !== "string" || got.access_token === "") {
      throw new ConnectorError("unauthorized", `${vendor}: the token endpoint answered without an access_token`, { retryable: false, vendor });
    }
    const seconds = Number(got.expires_in);
    const value = { ...got, expires_at: Number.isFinite(seconds) && seconds > 0 ? now() + seconds * 1000 : null };
    delete value.refresh_token; // the binding stays the one source of the refresh token
    if (storage) {
      try {
        await storage.put(key, value);
      } catch {
        // Not cached: the next delivery refreshes again.
      }
    }
    extra = value;
    return value.access_token;
  };
  /** What the last token came with (e.g. Salesforce's instance_url). */
  source.extra = () => extra;
  return source;
}

/**
 * POSTs a refresh request and returns the vendor's JSON. A 400/401 from the
 * token endpoint means the refresh token or client is wrong: `unauthorized`,
 * not retryable; 429/5xx/timeouts are retryable.
 */
export async function refreshRequest(vendor, request, options) {
  const answer = await attempt(vendor, request, options);
  if (answer.status >= 200 && answer.status < 300 && answer.json && typeof answer.json === "object") return answer.json;
  if (answer.status === 400 || answer.status === 401) {
    throw new ConnectorError("unauthorized", `${vendor}: the token refresh was refused (${answer.status}): check the client id, secret and refresh token bindings`, { status: answer.status, retryable: false, vendor });
  }
  if (answer.status >= 200 && answer.status < 300) {
    throw new ConnectorError("vendor_unavailable", `${vendor}: the token endpoint answered ${answer.status} without JSON`, { status: answer.status, retryable: true, vendor });
  }
  throw failure(vendor, "the token refresh", answer);
}
