// Errors and warnings of the connectors. A ConnectorError is a LeadgateError
// for `instanceof` (the same brand as runtime.js's class, so one `catch`
// serves the scorer and the connectors) without importing the scorer: the
// connectors load no wasm.

const ERROR_BRAND = Symbol.for("leadgate.LeadgateError");

/**
 * A refused payload or a failed delivery: a stable `code`, a `message`, the
 * `path` of the offending value where there is one, and for deliveries
 * whether a later attempt may succeed (`retryable`, `retryAfter` seconds).
 * Messages never contain a token or a configured secret.
 */
export class ConnectorError extends Error {
  constructor(code, message, extra = {}) {
    super(message);
    this.name = "LeadgateError";
    this.code = code;
    this.errors = [];
    for (const k of ["path", "status", "retryable", "retryAfter", "vendor"]) {
      if (extra[k] !== undefined) this[k] = extra[k];
    }
  }

  static [Symbol.hasInstance](value) {
    return value != null && value[ERROR_BRAND] === true;
  }
}
ConnectorError.prototype[ERROR_BRAND] = true;

/** Shows a value in a message: JSON, cut to 80 characters. */
export function show(value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
