// The lead's consent, read once for every outbound target: what the visitor
// agreed to on the form, as the inbound connectors and forms record it
// (docs/connectors.md, "Consent"). Only an explicit answer counts: a missing
// or unreadable value is "not known" and nothing is claimed or withdrawn at
// the CRM — an unchecked box posts nothing, and is not a refusal either.

/**
 * Protocol values only, read as "granted" / "declined": JSON booleans (the
 * form kit sends a ticked default checkbox as true), an HTML checkbox's
 * default "on", RD Station's statuses. Words in a language ("sim", "yes")
 * are the core's value reader's business (src/value/), not repeated here:
 * give the consent checkbox no `value` attribute (or "true").
 */
const GRANTED = new Set([true, "true", "on", "granted"]);
const DECLINED = new Set([false, "false", "declined"]);

function answer(value) {
  const v = typeof value === "string" ? value.trim().toLowerCase() : value;
  if (GRANTED.has(v)) return "granted";
  if (DECLINED.has(v)) return "declined";
  return undefined;
}

/**
 * `{ communications, processing, subscriptions }` of a lead:
 * - `communications`: "granted" | "declined" | undefined — marketing e-mail,
 *   from `consent_communications` (RD Station's legal basis of that
 *   category; a form field of that name) or `consent` (a form's checkbox),
 *   or "granted" when HubSpot subscription ids were ticked;
 * - `processing`: "granted" | "declined" | undefined — processing of the
 *   data, from `consent_to_process` (HubSpot) or `consent_data_processing` (RD);
 * - `subscriptions`: HubSpot subscription type ids ticked on the form.
 */
export function consentOf(lead) {
  const subscriptions = Array.isArray(lead.consent_subscriptions)
    ? lead.consent_subscriptions.filter((id) => (typeof id === "number" && Number.isSafeInteger(id) && id > 0) || (typeof id === "string" && /^\d{1,20}$/.test(id))).map(String)
    : [];
  const communications = answer(lead.consent_communications) ?? answer(lead.consent) ?? (subscriptions.length > 0 ? "granted" : undefined);
  const processing = answer(lead.consent_to_process) ?? answer(lead.consent_data_processing);
  return { communications, processing, subscriptions };
}
