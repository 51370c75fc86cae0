// leadgate/connectors: one module per vendor, each with an inbound half
// (vendor payload → lead, with its mapping table and warnings for whatever
// is dropped) and an outbound half (a delivery → the vendor's documented
// requests). `fetch` only, no SDKs, no wasm: the same code runs in workerd,
// Deno and Node. docs/connectors.md is the guide.
export * as rdstation from "./rdstation.js";
export * as hubspot from "./hubspot.js";
export * as salesforce from "./salesforce.js";
export * as pipedrive from "./pipedrive.js";
export * as webhook from "./webhook.js";
export { ConnectorError } from "./errors.js";
export { LIMITS, findDuplicateKey } from "./inbound.js";
export { deliverWithRetry, retryAfterSeconds } from "./http.js";
export { factsOf } from "./delivery.js";
export { consentOf } from "./consent.js";
