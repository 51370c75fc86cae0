// One lead through the worker: scored with the server's model, then, when its
// stage is delivered, handed to its team's target — a connector from
// leadgate/connectors (TARGETS: HubSpot, RD Station, Salesforce, Pipedrive,
// a Standard Webhooks endpoint) or a plain webhook (WEBHOOKS) — before anyone
// is answered. Shared by POST /lead and the inbound routes (inbound.js).
import { HttpError } from "./input.js";

/** The parts of the outcome the browser may see (EXPOSE). */
export function visible(outcome, expose) {
  const out = {};
  for (const f of expose) {
    if (f === "respond_by") out.respond_by = outcome.route?.respond_by ?? null;
    else if (f === "team") out.team = outcome.route?.team ?? null;
    else out[f] = outcome[f];
  }
  return out;
}

async function hmacHex(secret, text) {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** POSTs the delivery to a WEBHOOKS URL; resolves to null when the webhook accepted it (2xx), else a reason. */
async function deliverWebhook(config, url, id, payload) {
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
    return timedOut ? `timed out after ${config.webhookTimeoutMs} ms` : `fetch failed: ${e?.name ?? "error"}`;
  }
  // Drain the body so the connection can be reused; its content does not matter.
  await response.arrayBuffer().catch(() => {});
  return response.status >= 200 && response.status < 300 ? null : `answered ${response.status}`;
}

/**
 * Scores `lead` (already stripped of client score fields) at `startedAt` and
 * delivers it when its stage is in DELIVER_STAGES. Resolves to
 * `{ outcome, delivered, failure, retryAfter }`: `failure` is null when the
 * target accepted it, else a reason without any configured value
 * (`retryAfter`: the target's Retry-After in seconds, when it gave one).
 */
export async function scoreAndDeliver(config, lead, id, receivedAt, startedAt) {
  // CLIENT_EVENTS=ignore: the browser's events are forwarded for attribution
  // but do not score (a client can post any events it likes; see README).
  let scored = lead;
  if (!config.trustClientEvents && Object.hasOwn(lead, "events")) {
    scored = { ...lead };
    delete scored.events;
  }
  let outcome;
  try {
    outcome = config.scorer.score(scored, { now: startedAt.getTime() });
  } catch (e) {
    // Lead problems the worker's own checks did not catch (the scorer's
    // codes: not_an_object, bad_json, too_deep).
    if (e?.name === "LeadgateError") throw new HttpError(422, e.code, e.message);
    throw e;
  }
  const delivered = config.deliver.has(outcome.stage);
  if (!delivered) return { outcome, delivered, failure: null };
  const team = outcome.route?.team ?? null;
  const payload = {
    submission_id: id,
    submitted_at: startedAt.toISOString(),
    received_at: receivedAt.toISOString(),
    respond_by: outcome.route?.respond_by ?? null,
    team,
    lead,
    outcome,
  };
  // A team's own target or webhook first, then the "*" target, then the "*" webhook.
  const own = team !== null ? config.targets.get(team) ?? config.webhooks.get(team) : undefined;
  const target = own ?? config.targets.get("*") ?? config.webhooks.get("*");
  if (!target) {
    // A configuration fault, not the client's: loud, and never a silent drop.
    throw new Error(`no target or webhook for team ${JSON.stringify(team)} and no "*" default`);
  }
  if (typeof target === "string") return { outcome, delivered, failure: await deliverWebhook(config, target, id, payload) };
  const result = await target.deliver(payload, config.webhookTimeoutMs);
  if (result.ok) return { outcome, delivered, failure: null };
  return { outcome, delivered, failure: `${target.type}: ${result.code}${result.status ? ` (${result.status})` : ""}`, retryAfter: result.retryAfter };
}
