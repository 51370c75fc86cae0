// Types of leadgate/connectors (docs/connectors.md).

/** A refused payload or a failed delivery; `instanceof LeadgateError` holds too. */
export class ConnectorError extends Error {
  readonly name: "LeadgateError";
  readonly code: string;
  readonly errors: [];
  readonly path?: string;
  readonly status?: number;
  readonly retryable?: boolean;
  readonly retryAfter?: number;
  readonly vendor?: string;
}

/** A lead read from a vendor payload, and what was dropped on the way. */
export interface InboundLead {
  lead: { email: string; [field: string]: unknown };
  warnings: string[];
}

/** What every outbound target takes: the edge worker's webhook payload. */
export interface Delivery {
  submission_id: string;
  received_at?: string;
  respond_by?: string | null;
  team?: string | null;
  lead: { email: string; [field: string]: unknown };
  outcome: {
    stage: string;
    score?: number;
    fit?: number;
    engagement?: number;
    grade?: string;
    persona?: string | null;
    route?: { team?: string; respond_by?: string | null } | null;
    model?: { id?: string; version?: string; hash?: string };
    [key: string]: unknown;
  };
}

/** The result of a delivery: never a rejected promise. */
export type DeliveryResult<T = {}> =
  | ({ ok: true; attempts?: number } & T)
  | { ok: false; code: string; message: string; retryable: boolean; retryAfter?: number; status?: number; attempts?: number };

/** Token cache (a Durable Object's storage, Deno KV wrapped, a Map-like object). */
export interface TokenStorage {
  get(key: string): Promise<unknown> | unknown;
  put(key: string, value: unknown): Promise<void> | void;
}

/** Options every outbound target takes. */
export interface TransportOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export const LIMITS: Readonly<{ maxPayloadBytes: number; maxDepth: number; maxFields: number; maxValueChars: number; maxLeads: number }>;
export function findDuplicateKey(jsonText: string): string | null;
export function retryAfterSeconds(header: string | null | undefined, nowMs?: number): number | null;
export function factsOf(delivery: Delivery): Record<string, unknown>;
/** What the visitor answered on the form, read from the lead (docs/connectors.md, "Consent"); undefined: not answered. */
export interface Consent {
  communications: "granted" | "declined" | undefined;
  processing: "granted" | "declined" | undefined;
  /** HubSpot subscription type ids ticked on the form. */
  subscriptions: string[];
}
/** The lead's consent: only explicit answers count. */
export function consentOf(lead: Record<string, unknown>): Consent;
export function deliverWithRetry<T>(
  deliver: () => Promise<DeliveryResult<T>>,
  options?: { maxAttempts?: number; baseDelayMs?: number; maxWaitMs?: number; sleep?: (ms: number) => Promise<void> },
): Promise<DeliveryResult<T>>;

type Body = string | Uint8Array | ArrayBuffer | object;
type Mapping = ReadonlyArray<readonly [string, string]>;

export namespace rdstation {
  const LEGACY_MAPPING: Mapping;
  const LEGACY_CONVERSION_MAPPING: Mapping;
  const CONTACT_MAPPING: Mapping;
  const FUNNEL_MAPPING: Mapping;
  const DEFAULT_STAGE_MAP: Readonly<Record<string, { lifecycle_stage: string; opportunity: boolean }>>;
  const DEFAULT_CUSTOM_FIELDS: Readonly<Record<string, string>>;
  interface Options extends TransportOptions {
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    storage?: TokenStorage;
    apiBase?: string;
    authBase?: string;
    stageMap?: Record<string, { lifecycle_stage: string; opportunity: boolean }>;
    customFields?: Record<string, string | null>;
    owners?: Record<string, string>;
    now?: () => number;
  }
  function toLeads(body: Body): InboundLead[];
  function buildRequests(delivery: Delivery, token: string, options?: Partial<Options>): Array<{ url: string; method: string; headers: Record<string, string>; body: string }>;
  function deliver(delivery: Delivery, options: Options): Promise<DeliveryResult<{ requests: number }>>;
}

export namespace hubspot {
  const FIELD_MAPPING: Mapping;
  const CONTEXT_MAPPING: Mapping;
  const DEFAULT_LIFECYCLE: Readonly<Record<string, string>>;
  const DEFAULT_PROPERTIES: Readonly<Record<string, string>>;
  interface Options extends TransportOptions {
    token: string;
    apiBase?: string;
    lifecycle?: Record<string, string>;
    properties?: Record<string, string | null>;
    owners?: Record<string, string>;
  }
  function toLead(body: Body, options?: { form?: string }): InboundLead;
  function buildRequest(delivery: Delivery, options: Options): { url: string; method: string; headers: Record<string, string>; body: string };
  function deliver(delivery: Delivery, options: Options): Promise<DeliveryResult<{ contactId: string }>>;
}

export namespace salesforce {
  const WEB_TO_LEAD_MAPPING: Mapping;
  const DEFAULT_RATING: Readonly<Record<string, string>>;
  const DEFAULT_FIELDS: Readonly<Record<string, string>>;
  const DEFAULT_EXTERNAL_ID: string;
  const API_VERSION: string;
  interface RestOptions extends TransportOptions {
    mode?: "rest";
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    loginUrl?: string;
    instanceUrl?: string;
    apiVersion?: string;
    storage?: TokenStorage;
    fields?: Record<string, string | null>;
    externalIdField?: string;
    owners?: Record<string, string>;
    rating?: Record<string, string>;
    leadSource?: string;
    now?: () => number;
  }
  interface WebToLeadOptions extends TransportOptions {
    mode: "web-to-lead";
    orgId: string;
    webToLeadBase?: string;
    fieldIds?: Record<string, string>;
    rating?: Record<string, string>;
    leadSource?: string;
  }
  function toLead(body: string | Uint8Array | ArrayBuffer | URLSearchParams, options?: { orgId?: string; customFields?: Record<string, string> }): InboundLead & { redirect?: string };
  function deliver(delivery: Delivery, options: RestOptions | WebToLeadOptions): Promise<DeliveryResult<{ leadId?: string; created?: boolean; warnings: string[] }>>;
}

export namespace pipedrive {
  const PERSON_MAPPING: Mapping;
  interface Options extends TransportOptions {
    apiToken: string;
    companyDomain?: string;
    apiBase?: string;
    owners?: Record<string, number>;
    labels?: Record<string, string[]>;
    leadFields?: Record<string, string>;
  }
  function verify(authorization: string | null | undefined, credentials: { user: string; password: string }): void;
  function toLead(body: Body, options?: { customFields?: Record<string, string> }): InboundLead;
  function deliver(delivery: Delivery, options: Options): Promise<DeliveryResult<{ personId: number | string; leadId: string; created: boolean }>>;
}

export namespace webhook {
  const DEFAULT_TOLERANCE_SECONDS: number;
  interface Options extends TransportOptions {
    url: string;
    secret: string;
    legacySecret?: string;
    nowSeconds?: number;
  }
  function secretKey(secret: string): Uint8Array;
  function sign(secret: string, id: string, timestamp: number | string, body: string): Promise<string>;
  function verify(
    headers: Headers | Record<string, string | string[] | undefined>,
    body: string | Uint8Array,
    secrets: string | string[],
    options?: { toleranceSeconds?: number; nowSeconds?: number },
  ): Promise<{ id: string; timestamp: number }>;
  function buildRequest(delivery: Delivery, options: Options): Promise<{ url: string; method: string; headers: Record<string, string>; body: string }>;
  function deliver(delivery: Delivery, options: Options): Promise<DeliveryResult<{ status: number }>>;
}
