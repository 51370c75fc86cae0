// Outbound targets per team (TARGETS): which connector of leadgate/connectors
// hands a team's hot leads to its CRM, with non-secret options from the
// TARGETS binding and every secret from its own secret binding — never from
// TARGETS, never echoed. Read once per isolate by config.js.
import { hubspot, rdstation, salesforce, pipedrive, webhook } from "leadgate/connectors";

/** Target type → its connector and the secret bindings its options come from. */
export const TARGET_TYPES = {
  hubspot: { deliver: hubspot.deliver, secrets: { token: "HUBSPOT_TOKEN" } },
  rdstation: { deliver: rdstation.deliver, secrets: { clientId: "RDSTATION_CLIENT_ID", clientSecret: "RDSTATION_CLIENT_SECRET", refreshToken: "RDSTATION_REFRESH_TOKEN" } },
  salesforce: { deliver: salesforce.deliver, secrets: { clientId: "SALESFORCE_CLIENT_ID", clientSecret: "SALESFORCE_CLIENT_SECRET", refreshToken: "SALESFORCE_REFRESH_TOKEN" } },
  pipedrive: { deliver: pipedrive.deliver, secrets: { apiToken: "PIPEDRIVE_API_TOKEN" } },
  webhook: { deliver: webhook.deliver, secrets: { secret: "STANDARD_WEBHOOK_SECRET" } },
};
const SECRET_OPTIONS = new Set(["token", "clientId", "clientSecret", "refreshToken", "apiToken", "secret", "legacySecret"]);
/** Options the edge sets itself. */
const EDGE_OPTIONS = new Set(["fetch", "timeoutMs", "storage", "now"]);

/**
 * The TARGETS binding (`{ "<team>": { "type": "hubspot", …options }, "*": … }`)
 * as a Map of team → `{ type, deliver(payload, timeoutMs) }`. `fail(message)`
 * throws the configuration error; messages name bindings and options, never
 * their values.
 */
export function targetsConfig(raw, env, fail) {
  const targets = new Map();
  if (raw === null) return targets;
  if (typeof raw !== "object" || Array.isArray(raw)) fail('TARGETS must be a JSON object: {"<team>": {"type": "hubspot", …}, "*": {…}}');
  for (const [team, spec] of Object.entries(raw)) {
    const where = `TARGETS[${JSON.stringify(team)}]`;
    if (typeof spec !== "object" || spec === null || Array.isArray(spec)) fail(`${where} must be an object with a "type"`);
    const type = TARGET_TYPES[spec.type];
    if (!type) fail(`${where}.type must be one of ${Object.keys(TARGET_TYPES).join(", ")}`);
    const prefix = spec.secretsPrefix ?? "";
    if (typeof prefix !== "string" || !/^[A-Z0-9_]{0,40}$/.test(prefix)) fail(`${where}.secretsPrefix must be upper-case letters, digits and _`);
    const options = {};
    for (const [k, v] of Object.entries(spec)) {
      if (k === "type" || k === "secretsPrefix") continue;
      if (SECRET_OPTIONS.has(k)) fail(`${where}.${k}: secrets come from secret bindings, never from TARGETS`);
      if (EDGE_OPTIONS.has(k)) fail(`${where}.${k} is set by the edge`);
      options[k] = v;
    }
    const needs = spec.type === "salesforce" && spec.mode === "web-to-lead" ? {} : type.secrets;
    for (const [option, binding] of Object.entries(needs)) {
      const name = `${prefix}${binding}`;
      const value = env[name];
      if (typeof value !== "string" || value === "") fail(`${where} (${spec.type}) needs the secret binding ${name}`);
      options[option] = value;
    }
    const deliver = type.deliver;
    // `storage`: the edge's Store for OAuth tokens, passed per delivery (the
    // queue's and the worker's are different handles on the same data).
    targets.set(team, { type: spec.type, deliver: (payload, timeoutMs, storage) => deliver(payload, { ...options, timeoutMs, ...(storage ? { storage } : {}) }) });
  }
  return targets;
}
