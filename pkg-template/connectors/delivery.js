// The delivery every outbound target takes: the edge worker's webhook payload
// `{ submission_id, received_at, lead, outcome }` (www/edge/README.md,
// "Deliver"), checked once and reduced to the facts the vendors' requests
// are built from. One definition for the generic webhook and the CRMs.
import { ConnectorError, show } from "./errors.js";
import { emailOf } from "./inbound.js";
import { consentOf } from "./consent.js";

const SUBMISSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

function text(value) {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * The facts of a delivery: submission id, e-mail, names, company, title,
 * phone, and the outcome's stage, score, fit, engagement, grade, persona,
 * team, respond_by and model hash, and the lead's consent (consent.js). Throws `bad_delivery` (not retryable)
 * when the delivery is not one the edge or a back end would send.
 */
export function factsOf(delivery) {
  if (typeof delivery !== "object" || delivery === null) {
    throw new ConnectorError("bad_delivery", "a delivery is an object { submission_id, lead, outcome }", { retryable: false });
  }
  const { submission_id: id, lead, outcome } = delivery;
  if (typeof id !== "string" || !SUBMISSION_ID.test(id)) {
    throw new ConnectorError("bad_delivery", `submission_id must be 8 to 128 of A-Z a-z 0-9 . _ : -, got ${show(id)}`, { retryable: false, path: "submission_id" });
  }
  if (typeof lead !== "object" || lead === null || typeof outcome !== "object" || outcome === null) {
    throw new ConnectorError("bad_delivery", "a delivery needs lead and outcome objects", { retryable: false });
  }
  let email;
  try {
    email = emailOf(lead.email, "lead.email");
  } catch (e) {
    throw new ConnectorError("bad_delivery", e.message, { retryable: false, path: "lead.email" });
  }
  if (typeof outcome.stage !== "string" || outcome.stage === "") {
    throw new ConnectorError("bad_delivery", "outcome.stage is missing", { retryable: false, path: "outcome.stage" });
  }
  const name = text(lead.name);
  let first = text(lead.first_name) ?? text(lead.firstname);
  let last = text(lead.last_name) ?? text(lead.lastname);
  if (name && !first && !last) {
    const cut = name.lastIndexOf(" ");
    if (cut > 0) {
      first = name.slice(0, cut);
      last = name.slice(cut + 1);
    } else {
      last = name;
    }
  }
  const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  return {
    id,
    receivedAt: text(delivery.received_at),
    email,
    name: name ?? ([first, last].filter(Boolean).join(" ") || undefined),
    firstName: first,
    lastName: last,
    company: text(lead.company),
    jobTitle: text(lead.job_title),
    phone: text(lead.phone),
    stage: outcome.stage,
    score: num(outcome.score),
    fit: num(outcome.fit),
    engagement: num(outcome.engagement),
    grade: text(outcome.grade),
    persona: text(outcome.persona),
    team: text(outcome.route?.team),
    respondBy: text(outcome.route?.respond_by) ?? text(delivery.respond_by),
    modelHash: text(outcome.model?.hash),
    consent: consentOf(lead),
  };
}

/** Drops undefined values (JSON would drop them too; vendors' schemas forbid nulls in places). */
export function compact(object) {
  const out = {};
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
  return out;
}
