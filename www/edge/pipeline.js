// One lead through the worker: scored with the server's model, then, when its
// stage is delivered, handed to its team's target — a connector from
// leadgate/connectors (TARGETS: HubSpot, RD Station, Salesforce, Pipedrive,
// a Standard Webhooks endpoint) or a plain webhook (WEBHOOKS) — before anyone
// is answered. Shared by POST /lead and the inbound routes (inbound.js).
import { HttpError } from "./input.js";
import { deliver as deliverWebhook } from "./deliver.js";

/** The parts of the outcome the browser may see (EXPOSE). */
export function visible(outcome, expose) {
  const out = {};
  for (const f of expose) {
    if (f === "respond_by") out.respond_by = outcome.route?.respond_by ?? null;
    else if (f === "team") out.team = outcome.route?.team ?? null;
    else if (f === "owner") out.owner = outcome.owner ?? null; // set by the durable path's assignment (state/lead-owner.js)
    else out[f] = outcome[f];
  }
  return out;
}

/**
 * Scores `lead` (already stripped of client score fields) at `startedAt`,
 * with `serverEvents` (the visitor's, from track.js) when tracking is on:
 * the outcome, whether its stage is delivered, and the delivery payload.
 * `known` (state/people.js `scoring`): { previousStage, account }.
 */
export function scoreLead(config, lead, id, receivedAt, startedAt, serverEvents = null, known = null) {
  // CLIENT_EVENTS=ignore: the browser's events, and `page_views` (the form
  // kit's count of them), are forwarded for attribution but do not score (a
  // client can post any it likes; see README); with tracking on (track.js),
  // the events the edge recorded for the visitor score instead, and so does
  // their page-view count.
  let scored = lead;
  if (!config.trustClientEvents && (Object.hasOwn(lead, "events") || Object.hasOwn(lead, "page_views") || serverEvents)) {
    scored = { ...lead };
    delete scored.events;
    delete scored.page_views;
    if (serverEvents) {
      scored.events = serverEvents;
      scored.page_views = serverEvents.filter((e) => e.event === "page_view").length;
    }
  }
  // Persons and accounts (state/people.js): the account's facts as the
  // nested `account` (a client's own `account` is stripped), the person's stage kept.
  if (known?.account !== undefined) scored = { ...scored, account: known.account };
  const options = { now: startedAt.getTime() };
  if (known?.previousStage) options.previousStage = known.previousStage;
  let outcome;
  try {
    outcome = config.scorer.score(scored, options);
  } catch (e) {
    // Lead problems the worker's own checks did not catch (the scorer's
    // codes: not_an_object, bad_json, too_deep).
    if (e?.name === "LeadgateError") throw new HttpError(422, e.code, e.message);
    throw e;
  }
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
  return { outcome, team, delivered: config.deliver.has(outcome.stage), payload };
}

/**
 * The target of `team`: its own target or webhook first, then the "*"
 * target, then the "*" webhook; null when there is none (a configuration
 * fault: buildConfig refuses a model whose teams lack one).
 */
export function targetFor(config, team) {
  const own = team !== null ? config.targets.get(team) ?? config.webhooks.get(team) : undefined;
  return own ?? config.targets.get("*") ?? config.webhooks.get("*") ?? null;
}

/**
 * One delivery attempt of `payload` to its team's target — a WEBHOOKS URL or
 * a connector — by the stateless path and the durable queue alike. Resolves
 * to `{ failure, retryAfter }`: `failure` is null when the target accepted
 * it, else a reason without any configured value (`retryAfter`: the
 * target's Retry-After in seconds, when it gave one). `storage`: a Store
 * for the OAuth targets' access tokens (state/routes.js `storeFor(env,
 * "oauth")`), null in stateless mode (each delivery then refreshes first).
 */
export async function deliverTo(config, team, payload, storage = null) {
  const target = targetFor(config, team);
  if (target === null) return { failure: `no target or webhook for team ${JSON.stringify(team)} and no "*" default` };
  if (typeof target === "string") {
    return { failure: await deliverWebhook(config, target, payload.submission_id, payload) };
  }
  const result = await target.deliver(payload, config.webhookTimeoutMs, storage);
  if (result.ok) return { failure: null };
  return { failure: `${target.type}: ${result.code}${result.status ? ` (${result.status})` : ""}`, retryAfter: result.retryAfter };
}

/**
 * Scores `lead` and delivers it when its stage is in DELIVER_STAGES.
 * Resolves to `{ outcome, delivered, failure, retryAfter }` (see deliverTo).
 */
export async function scoreAndDeliver(config, lead, id, receivedAt, startedAt, storage = null) {
  const { outcome, team, delivered, payload } = scoreLead(config, lead, id, receivedAt, startedAt);
  if (!delivered) return { outcome, delivered, failure: null };
  if (targetFor(config, team) === null) {
    // A configuration fault, not the client's: loud, and never a silent drop.
    throw new Error(`no target or webhook for team ${JSON.stringify(team)} and no "*" default`);
  }
  return { outcome, delivered, ...(await deliverTo(config, team, payload, storage)) };
}
