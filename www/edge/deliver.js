// One delivery attempt of a lead to a WEBHOOKS URL: the stateless path and
// the durable queue (state/) share it through pipeline.js's deliverTo, which
// also picks CRM targets, so receivers see one format.
// `config` needs { secret, webhookTimeoutMs } (config.js deliveryConfig).

async function hmacHex(secret, text) {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** POSTs the delivery; resolves to null when the webhook accepted it (2xx), else a reason. */
export async function deliver(config, url, id, payload) {
  const body = JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    "idempotency-key": id,
    "user-agent": "leadgate-edge",
  };
  if (config.secret) headers["x-leadgate-signature"] = `sha256=${await hmacHex(config.secret, body)}`;
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(config.webhookTimeoutMs),
    });
  } catch (e) {
    const timedOut = e?.name === "TimeoutError" || e?.name === "AbortError";
    return timedOut ? `timed out after ${config.webhookTimeoutMs} ms` : `fetch failed: ${e?.name ?? "error"}` // the message may quote the URL;
  }
  // Drain the body so the connection can be reused; its content does not matter.
  await response.arrayBuffer().catch(() => {});
  return response.status >= 200 && response.status < 300 ? null : `answered ${response.status}`;
}

/** The webhook for `team` (its own, else "*"), or null. */
export function webhookFor(webhooks, team) {
  return (team !== null && webhooks.get(team)) || webhooks.get("*") || null;
}
