// Deliveries for the connector tests, made as the edge makes them: leads
// scored by the package's Node entry under the default model, wrapped as
// `{ submission_id, received_at, respond_by, team, lead, outcome }`.
import { join } from "node:path";
import { root } from "./stub.mjs";
import { reference, sqlLeads, SQL_LATAM } from "../edge/leads.mjs";

const NOW = "2026-11-26T12:00:00.000Z";

/** The delivery of `lead` with submission id `id`. */
export function deliveryOf(lead, id) {
  const outcome = reference.score(lead, { now: NOW });
  return { submission_id: id, received_at: NOW, respond_by: outcome.route?.respond_by ?? null, team: outcome.route?.team ?? null, lead, outcome };
}

/** One SQL delivery (Ana, latam-sdr). */
export const SQL_DELIVERY = deliveryOf({ ...SQL_LATAM, name: "Ana Souza" }, "sub-000000-ana");

/** `n` SQL deliveries with distinct e-mails and ids `sub-000000`…, seeded. */
export function deliveries(n, seed = 15) {
  return sqlLeads(n, seed).map((lead, i) => deliveryOf({ ...lead, email: `lead${i}.${lead.email}`, name: `Lead ${i}` }, `sub-${String(i).padStart(6, "0")}`));
}

export const connectorsPath = join(root, "pkg/connectors/index.js");
