// The /lead door's two optional guards, both configured by bindings and both
// failing closed:
//
// - a per-client rate limit (RATE_LIMIT, e.g. "20/10m"): a sliding window
//   (two fixed windows, the previous one weighted by how much of it still
//   overlaps) counted in the edge's storage (state/store.js, through
//   `storeFor`), so it holds across isolates and restarts. Checked before the
//   body is read: a flood costs one small atomic update per request, never
//   a parse, a scoring or a delivery.
// - a bot check (BOT_CHECK=turnstile): the Cloudflare Turnstile token the
//   widget puts in the form (`cf-turnstile-response`) is verified with
//   siteverify before the lead is scored; the token never reaches the lead.
//
// The storage comes in as `storeOf(namespace)` (worker.js passes
// state/routes.js `storeFor`), which keeps this module, imported by
// config.js, out of an import circle with the state modules.
//
// Vendor servers (/in/<vendor>) have their own secrets and are not guarded
// here. Messages name bindings, never their values.
import { HttpError } from "./input.js";

/** The form field (and JSON key) Turnstile's widget fills in. */
export const TURNSTILE_FIELD = "cf-turnstile-response";
const TURNSTILE_VERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
const UNITS = { s: 1000, m: 60_000, h: 3_600_000 };
/** Rate-limit counters are spread over this many storage objects (one Durable Object each). */
const SHARDS = 16;

/**
 * RATE_LIMIT ("<count>/<window>", window in s, m or h, e.g. "20/10m") and
 * BOT_CHECK ("turnstile", with the TURNSTILE_SECRET binding) read into
 * `{ rate, bot }`; `fail(message)` throws the configuration error.
 * `durable` says whether a storage binding exists: a rate limit needs one.
 */
export function guardConfig(env, durable, fail) {
  let rate = null;
  const spec = env.RATE_LIMIT;
  if (spec !== undefined && spec !== null && spec !== "") {
    const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,4})\s*([smh])\s*$/.exec(String(spec));
    const limit = m ? Number(m[1]) : 0;
    const windowMs = m ? Number(m[2]) * UNITS[m[3]] : 0;
    if (!m || limit < 1 || windowMs < 1000 || windowMs > 86_400_000) {
      fail('RATE_LIMIT must be "<count>/<window>" with a window from 1s to 24h, e.g. "20/10m"');
    }
    if (!durable) fail("RATE_LIMIT needs a storage binding (LEADGATE_STATE) to count requests across isolates");
    const header = env.CLIENT_IP_HEADER ?? "cf-connecting-ip";
    if (typeof header !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(header)) fail("CLIENT_IP_HEADER must be a header name");
    rate = { limit, windowMs, header: header.toLowerCase() };
  }
  let bot = null;
  const check = env.BOT_CHECK;
  if (check !== undefined && check !== null && check !== "") {
    if (check !== "turnstile") fail('BOT_CHECK must be "turnstile" (or unset)');
    const secret = env.TURNSTILE_SECRET;
    if (typeof secret !== "string" || secret === "") fail("BOT_CHECK=turnstile needs the secret binding TURNSTILE_SECRET");
    let verifyUrl = TURNSTILE_VERIFY_URL;
    if (env.TURNSTILE_VERIFY_URL !== undefined) {
      try {
        verifyUrl = new URL(String(env.TURNSTILE_VERIFY_URL)).href;
      } catch {
        fail("TURNSTILE_VERIFY_URL is not a URL");
      }
    }
    bot = { secret, verifyUrl, timeoutMs: 5000 };
  }
  return { rate, bot };
}

/** Hex SHA-256 of the client's address: counters never hold the address itself. */
async function clientKey(address) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(address));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The sliding-window decision for one request, pure: `record` is the client's
 * `{ w, c, p }` (window index, count in it, count in the one before) or
 * undefined. Returns the record to store and `retryAfter` (seconds, 0 when
 * admitted). Exported for its unit test.
 */
export function slide(record, now, { limit, windowMs }) {
  const index = Math.floor(now / windowMs);
  let { w = index, c = 0, p = 0 } = record ?? {};
  if (w !== index) {
    p = w === index - 1 ? c : 0;
    c = 0;
    w = index;
  }
  const into = (now - index * windowMs) / windowMs; // 0 ≤ into < 1
  const estimate = p * (1 - into) + c;
  if (estimate + 1 <= limit) return { record: { w, c: c + 1, p }, retryAfter: 0 };
  // Refused: when does the estimate leave room for one more?
  let waitMs;
  if (c + 1 <= limit && p > 0) {
    // Later in this window, as the previous window's weight fades.
    waitMs = ((1 - (limit - c - 1) / p) - into) * windowMs;
  } else {
    // In the next window, where this window's count is the one fading.
    const next = c > 0 ? Math.max(0, 1 - (limit - 1) / c) : 0;
    waitMs = (1 - into + next) * windowMs;
  }
  return { record: { w, c, p }, retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * Counts this request against its client's rate limit; throws 429
 * `rate_limited` (with Retry-After) when over it. `clientAddress` comes from
 * the runtime (Deno's remoteAddr), else from the configured header; a
 * request with neither shares the "unknown" client's limit. `storeOf(name)`
 * gives the Store named `name` (state/routes.js `storeFor`).
 */
export async function checkRate(request, config, storeOf, clientAddress, now = Date.now()) {
  const rate = config.guard.rate;
  if (!rate) return;
  const address = clientAddress ?? request.headers.get(rate.header)?.split(",")[0]?.trim() ?? "unknown";
  const key = await clientKey(address);
  const shard = parseInt(key.slice(0, 2), 16) % SHARDS;
  const store = storeOf(`ratelimit-${shard}`);
  if (!store) throw new Error("RATE_LIMIT is set but the storage binding is gone");
  let retryAfter;
  try {
    retryAfter = await store.update(`client:${key}`, (current) => {
      const { record, retryAfter } = slide(current, now, rate);
      // Kept for two windows: after that it no longer weighs on the estimate.
      return { value: record, result: retryAfter, expiresAt: (record.w + 2) * rate.windowMs };
    });
  } catch (e) {
    console.error(JSON.stringify({ level: "error", event: "rate_limit_storage_failed", message: String(e?.message ?? e) }));
    throw new HttpError(503, "storage_unavailable", "the rate limit could not be checked; retry shortly", { "retry-after": "5" });
  }
  if (retryAfter > 0) {
    throw new HttpError(429, "rate_limited", `too many submissions from this client; retry in ${retryAfter} s`, { "retry-after": String(retryAfter) });
  }
}

/**
 * Verifies the Turnstile token of a submission with siteverify; throws 403
 * `bot_check_failed` when it is missing or refused, 503 when siteverify
 * cannot answer (the client retries; the lead is not lost). The submission
 * id goes along as siteverify's `idempotency_key` when it is a UUID, so a
 * retry of the same submission re-verifies the same token.
 */
export async function checkBot(submitted, id, config, clientAddress, fetchImpl = fetch) {
  const bot = config.guard.bot;
  if (!bot) return;
  const token = submitted[TURNSTILE_FIELD];
  if (typeof token !== "string" || token === "" || token.length > 2048) {
    throw new HttpError(403, "bot_check_failed", `the form sent no bot-check token (${TURNSTILE_FIELD}): add the Turnstile widget to the form`);
  }
  const form = new URLSearchParams({ secret: bot.secret, response: token });
  if (clientAddress) form.set("remoteip", clientAddress);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) form.set("idempotency_key", id);
  let answer;
  try {
    const response = await fetchImpl(bot.verifyUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      signal: AbortSignal.timeout(bot.timeoutMs),
    });
    if (!response.ok) throw new Error(`siteverify answered ${response.status}`);
    answer = await response.json();
  } catch (e) {
    console.error(JSON.stringify({ level: "error", event: "bot_check_unavailable", message: String(e?.message ?? e) }));
    throw new HttpError(503, "bot_check_unavailable", "the bot check could not be verified; retry with the same submission", { "retry-after": "5" });
  }
  if (answer?.success !== true) {
    const codes = Array.isArray(answer?.["error-codes"]) ? answer["error-codes"].filter((c) => typeof c === "string" && /^[a-z-]{1,40}$/.test(c)) : [];
    throw new HttpError(403, "bot_check_failed", `the bot check refused this submission${codes.length ? ` (${codes.join(", ")})` : ""}`);
  }
}
