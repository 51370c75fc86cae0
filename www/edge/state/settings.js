// The durable queue's bindings (retries, dead letters, retention), read and
// checked once per env object. A bad value throws an Error naming the binding
// (never its value); config.js turns it into the worker's `misconfigured`.

export const DURABLE_DEFAULTS = {
  MAX_DELIVERY_ATTEMPTS: 15,
  DEAD_LETTER_AFTER_SECONDS: 86_400,
  RETRY_BASE_MS: 2_000,
  RETRY_MAX_MS: 3_600_000,
  RETENTION_DAYS: 90,
};

function int(env, name, min, max) {
  const v = env[name];
  if (v === undefined || v === null || v === "") return DURABLE_DEFAULTS[name];
  const n = typeof v === "number" ? v : /^\s*\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Retention may be given in seconds (RETENTION_SECONDS, for tests) or days (RETENTION_DAYS). */
function retentionMs(env) {
  const s = env.RETENTION_SECONDS;
  if (s !== undefined && s !== null && s !== "") {
    const n = /^\s*\d+\s*$/.test(String(s)) ? Number(s) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 3650 * 86_400) throw new Error("RETENTION_SECONDS must be an integer from 1 to 315360000");
    return n * 1000;
  }
  return int(env, "RETENTION_DAYS", 1, 3650) * 86_400_000;
}

const cache = new WeakMap();

/** The queue's settings for `env` (cached per env object). */
export function durableSettings(env) {
  let s = cache.get(env);
  if (s) return s;
  const base = int(env, "RETRY_BASE_MS", 10, 3_600_000);
  const max = int(env, "RETRY_MAX_MS", 10, 86_400_000);
  if (max < base) throw new Error("RETRY_MAX_MS must be at least RETRY_BASE_MS");
  const admin = env.ADMIN_TOKEN;
  if (admin !== undefined && admin !== null && (typeof admin !== "string" || admin.length < 16)) {
    throw new Error("ADMIN_TOKEN must be text of at least 16 characters");
  }
  // DEAD_LETTER_WEBHOOK: told (signed like WEBHOOKS) when a lead becomes a dead letter.
  let deadLetterWebhook = null;
  const dl = env.DEAD_LETTER_WEBHOOK;
  if (dl !== undefined && dl !== null && dl !== "") {
    let u = null;
    try {
      u = new URL(String(dl));
    } catch {
      // reported below without the value (a URL may carry a token)
    }
    if (!u || (u.protocol !== "https:" && u.protocol !== "http:")) throw new Error("DEAD_LETTER_WEBHOOK must be an http(s) URL");
    deadLetterWebhook = u.href;
  }
  s = {
    deadLetterWebhook,
    maxAttempts: int(env, "MAX_DELIVERY_ATTEMPTS", 1, 100),
    deadAfterMs: 1000 * int(env, "DEAD_LETTER_AFTER_SECONDS", 1, 30 * 86_400),
    retryBaseMs: base,
    retryMaxMs: max,
    retentionMs: retentionMs(env),
    adminToken: admin || null,
  };
  cache.set(env, s);
  return s;
}

/**
 * The wait before attempt `n + 1` after `n` failed ones: exponential from
 * RETRY_BASE_MS, capped at RETRY_MAX_MS, with "equal jitter" (half fixed, half
 * random) so that leads failed by one outage do not all retry in the same instant.
 */
export function backoffMs(settings, n, random = Math.random) {
  const exp = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(30, n - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
