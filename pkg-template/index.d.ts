// Types of the leadgate package. The model language is documented in
// docs/model.md of the repository; the outcome is exactly the JSON that
// `leadgate score` prints.

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Fit grade, A best. */
export type Grade = "A" | "B" | "C" | "D";

/** The stage of a lead that reaches no stage of the model. */
export type FallbackStage = "lead";

// ---------------------------------------------------------------- the model

/** A scalar a field is compared with. */
export type Scalar = string | number | boolean;

/** A list given inline, or the name of a list under `lists`. */
export type ListRef = string[] | string;

/** Kinds of email `email_is` recognises. */
export type EmailKind = "free" | "disposable" | "role" | "corporate";

/** A leaf on one field: `field` plus exactly one operator. */
export type FieldCondition = { field: string } & (
  | { equals: Scalar }
  | { in: Scalar[] | string }
  | { gt: number }
  | { gte: number }
  | { lt: number }
  | { lte: number }
  | { between: [number, number] }
  | { exists: boolean }
  | { starts_with: string | string[] }
  | { contains_any: ListRef }
  | { words_any: ListRef }
  | { domain_in: ListRef }
  | { email_is: EmailKind | EmailKind[] }
);

/** At least `count_at_least` (default 1) events named `event` (`"*"` = any), matching `where`. */
export interface EventCondition {
  event: string;
  where?: Condition;
  count_at_least?: number;
  within_days?: number;
}

/** A condition: one JSON object of one of these shapes (docs/model.md, "Conditions"). */
export type Condition<S extends string = string> =
  | { all: Condition<S>[] }
  | { any: Condition<S>[] }
  | { not: Condition<S> }
  | FieldCondition
  | EventCondition
  | { grade_at_least: Grade }
  | { score_at_least: number }
  | { fit_at_least: number }
  | { engagement_at_least: number }
  | { stage_in: (S | FallbackStage)[] };

/** A scoring rule. */
export interface Rule<S extends string = string> {
  id: string;
  label?: string;
  points: number;
  max?: number;
  if: Condition<S>;
}

/** An ideal-customer profile. */
export interface Persona<S extends string = string> {
  id: string;
  name?: string;
  rules: Rule<S>[];
}

/** A lifecycle stage (listed highest first). */
export interface StageDefinition<S extends string = string> {
  stage: S;
  requires?: string[];
  if?: Condition<S>;
}

/**
 * A disqualifier (docs/model.md, "Disqualifiers"): while `if` holds, the
 * lead's stage is at most `max_stage` (default `lead`), a previous stage kept
 * by "never demote" included. Its id shares the rules' namespace.
 */
export interface Disqualifier<S extends string = string> {
  id: string;
  label?: string;
  max_stage?: S | FallbackStage;
  /** As in `stages`, without `stage_in`. */
  if: Condition<S>;
}

/** A routing rule. */
export interface RouteDefinition<S extends string = string> {
  id: string;
  team: string;
  if?: Condition<S>;
}

/**
 * A leadgate model (the SLA document). `S` is the union of its stage names,
 * inferred from an object literal: `new Scorer({ …, stages: [{ stage: "SQL" }] })`
 * gives outcomes whose `stage` is `"SQL" | "lead"`.
 */
export interface Model<S extends string = string> {
  $schema?: string;
  id: string;
  version: string;
  name?: string;
  lists?: Record<string, string[]>;
  personas?: Persona<S>[];
  fit_rules?: Rule<S>[];
  grades?: { A?: number; B?: number; C?: number };
  engagement?: { half_life_days?: number; max?: number; rules?: Rule<S>[] };
  stages?: StageDefinition<S>[];
  disqualify?: Disqualifier<S>[];
  routing?: RouteDefinition<S>[];
  sla?: { [stage: string]: { respond_within: string } };
  /** Business hours per routing team: `respond_within` counts only inside them (docs/model.md, "Teams and business hours"). */
  teams?: { [team: string]: BusinessHours };
}

// ----------------------------------------------------------------- the lead

/** A timestamped event of a lead. */
export interface LeadEvent {
  event: string;
  /** RFC 3339 or `YYYY-MM-DD` (UTC). */
  at: string;
  [property: string]: unknown;
}

/**
 * A lead: any object. It is read as `JSON.stringify` would write it
 * (`undefined` is dropped, a Date becomes its ISO text), except that NaN and
 * ±Infinity are refused (`bad_json`, as the CLI refuses `1e400`) and a lone
 * surrogate becomes U+FFFD with a warning.
 */
export interface Lead {
  events?: LeadEvent[];
  previous_stage?: string | null;
  [field: string]: unknown;
}

/** Options of one scoring. */
export interface ScoreOptions<S extends string = string> {
  /** The moment of scoring (default: now, read when `score` is called). */
  now?: Date | number | string;
  /** The lead's stage before; it is never demoted below it. Overrides the lead's `previous_stage`. */
  previousStage?: S | FallbackStage | (string & {});
}

// -------------------------------------------------------------- the outcome

/** One rule that fired. */
export interface Reason {
  rule: string;
  label: string;
  /** `disqualify`: a disqualifier that fired (0 points); it caps the stage at its `max_stage`. */
  group: "fit" | "engagement" | "disqualify";
  /** After caps and decay; exact to hundredths. */
  points: number;
  /** The field that made it fire (`"events"` for per-event rules); null for rules on results. */
  field: string | null;
  /** That field's value (the number of matching events for per-event rules). */
  value: JsonValue;
}

/** One thing the next stage still needs. */
export interface Need<S extends string = string> {
  stage: S;
  /** In the model's own terms: `engagement_at_least 50`, `requires company`. */
  needs: string;
  has: JsonValue;
}

/** Who follows up, and by when. */
export interface Route {
  rule: string;
  team: string;
  /** RFC 3339 UTC; null when the lead's stage has no SLA. */
  respond_by: string | null;
}

/** Which model decided. */
export interface ModelInfo {
  id: string;
  version: string;
  /** 16 hex digits of SHA-256 over the model's canonical JSON: the same as the CLI's. */
  hash: string;
}

/** The outcome of one lead: field for field the JSON `leadgate score` prints. */
export interface Outcome<S extends string = string> {
  stage: S | FallbackStage;
  score: number;
  fit: number;
  engagement: number;
  grade: Grade;
  persona: string | null;
  reasons: Reason[];
  next: Need<S>[];
  route: Route | null;
  model: ModelInfo;
  warnings: string[];
}

// ------------------------------------------------------------------- errors

/** Codes of model problems (docs/model.md, "Error codes"). */
export type ProblemCode =
  | "invalid_json" | "expected_type" | "missing_key" | "unknown_key" | "unknown_operator"
  | "missing_operator" | "conflicting_operators" | "bad_value" | "bad_id" | "duplicate_id"
  | "unknown_list" | "unknown_stage" | "bad_duration" | "bad_range" | "unknown_email_kind"
  | "not_allowed_here" | "grades_out_of_order" | "unreachable_stage" | "unreachable_route"
  | "model_too_large" | "too_many_rules" | "too_many_items" | "too_deep" | "list_too_long"
  | "string_too_long"
  /** Not a problem of the model: the WebAssembly core failed midway (out of memory, say) and was restarted. */
  | "wasm_trap";

/** One problem of a model, as `leadgate check --json` prints it. */
export interface Problem {
  code: ProblemCode;
  /** JSON path, e.g. `personas[0].rules[2].if.words_any`; `""` is the root. */
  path: string;
  message: string;
  hint: string | null;
}

/** Codes a LeadgateError can carry. */
export type ErrorCode =
  | "invalid_model" | "not_an_object" | "bad_json" | "bad_timestamp" | "too_deep"
  | "bad_option" | "not_initialized" | "load_failed" | "bad_compiled_model" | "compiled_model_version"
  /** `new Scorer(model)` in leadgate/lite, which only loads compiled models. */
  | "no_compiler"
  /** A call on a scorer after `scorer.free()`. */
  | "freed"
  /** A lead's getter or `toJSON` (or an option's getter) called the scorer that was reading it. */
  | "reentrant_call"
  /** The WebAssembly core failed midway (out of memory, say); it was restarted and later calls work. */
  | "wasm_trap";

/** Thrown on misuse: a bad model, a lead that is not an object, a bad option. */
export declare class LeadgateError extends Error {
  readonly name: "LeadgateError";
  readonly code: ErrorCode;
  /** The model's problems (for `invalid_model`), else empty. */
  readonly errors: Problem[];
  /** In `scoreMany`, the position of the lead that failed. */
  readonly index?: number;
}

/** The result of `validateModel`. */
export interface Validation {
  ok: boolean;
  errors: Problem[];
}

// ---------------------------------------------------------------------- API

/** A compiled model, ready to score leads. */
export declare class Scorer<S extends string = string> {
  /** Compiles a model object or JSON text; throws LeadgateError `invalid_model` with `.errors`. */
  constructor(model: Model<S> | string);
  /**
   * A scorer for compiled model bytes (`compileModel`, `leadgate compile`);
   * throws LeadgateError `bad_compiled_model` or `compiled_model_version`.
   */
  static fromCompiled<S extends string = string>(compiled: CompiledModel): Scorer<S>;
  /** `{ id, version, hash }` of the compiled model. */
  readonly model: ModelInfo;
  /** The model's content hash (the same as the CLI's for the same content). */
  readonly modelHash: string;
  /** Scores one lead. */
  score(lead: Lead, options?: ScoreOptions<S>): Outcome<S>;
  /** Scores many leads with few boundary crossings; the same options for all. */
  scoreMany(leads: readonly Lead[], options?: ScoreOptions<S>): Outcome<S>[];
  /** Frees the compiled model now rather than at garbage collection. */
  free(): void;
}

/** A model compiled ahead of time: the bytes `compileModel` and `leadgate compile` write. */
export type CompiledModel = Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Compiles a model to bytes that `Scorer.fromCompiled` and `leadgate/lite`
 * load without compiling (the same bytes as `leadgate compile`); throws
 * LeadgateError `invalid_model` with `.errors`.
 */
export declare function compileModel(model: Model | string): Uint8Array;

/** Checks a model (object or JSON text) and returns every problem; never throws. */
export declare function validateModel(model: unknown): Validation;

/**
 * Working hours: a team's entry in the model's `teams`, or an edge member's
 * (docs/model.md, "Teams and business hours").
 */
export interface BusinessHours {
  /** An IANA time zone name, e.g. `"America/Sao_Paulo"`. */
  timezone: string;
  /** Day (`"mon"`) or day range (`"mon-fri"`) → `"09:00-18:00"`, `"09:00-12:00, 13:00-18:00"` or an array of ranges. */
  hours: { [days: string]: string | string[] };
  /** Local dates off, `"YYYY-MM-DD"`. */
  holidays?: string[];
}

/**
 * True when `now` (a Date, ms since 1970 or RFC 3339 text) is inside `hours`,
 * outside holidays. Throws LeadgateError (`.code` as the model compiler's:
 * `unknown_time_zone`, `bad_hours`, …; `bad_timestamp`) on bad input.
 */
export declare function withinHours(hours: BusinessHours, now: Date | number | string): boolean;

/**
 * When `durationMs` of business time have passed since `now`, counting only
 * inside `hours` (the arithmetic of a lead's `respond_by`). `durationMs` is a
 * whole number above 0 and at most 365 days; throws LeadgateError as
 * `withinHours`, `bad_duration`, or `hours_too_short` past 20 years.
 */
export declare function addBusinessTime(hours: BusinessHours, now: Date | number | string, durationMs: number): Date;

/** The IANA time zone names a team's `timezone` may name (sorted; the core's own table, tzdb 2026f). */
export declare function timeZones(): string[];

/** The embedded default model: a realistic B2B SaaS SLA (a fresh object each call). */
export declare function defaultModel(): Model<"SQL" | "MQL">;

/**
 * Loads the WebAssembly module. Needed once in browsers before `new Scorer`
 * (streaming compilation); already done at import in Node, Deno and workers.
 */
export declare function init(input?: WasmSource): Promise<void>;

/**
 * Where `init` gets the wasm: a URL (text or `URL`), a fetch `Response` or a
 * promise of one, the bytes, or a compiled `WebAssembly.Module` (typed
 * structurally so the types need neither the DOM library nor @types/node).
 */
export type WasmSource =
  | string
  | { readonly href: string }
  | { arrayBuffer(): Promise<ArrayBuffer> }
  | PromiseLike<{ arrayBuffer(): Promise<ArrayBuffer> }>
  | ArrayBuffer
  | ArrayBufferView
  | object;

/** Loads the WebAssembly module if needed, then compiles the model. */
export declare function createScorer<S extends string = string>(model: Model<S> | string): Promise<Scorer<S>>;

/** The package version. */
export declare const version: string;
