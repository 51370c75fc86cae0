// What every inbound mapping shares: reading an untrusted vendor payload
// (an object, or JSON text / bytes checked for duplicate keys), its limits,
// and copying values through a mapping table into a lead with a warning for
// everything dropped. Vendor modules call these; these call nothing else.
import { ConnectorError, show } from "./errors.js";

/** Limits on an inbound payload; each bounds a cost (memory, CPU, what is forwarded). */
export const LIMITS = Object.freeze({
  /** JSON text or bytes larger than this are refused (`too_large`). */
  maxPayloadBytes: 256 * 1024,
  /** Nesting deeper than this is refused (`too_deep`). */
  maxDepth: 32,
  /** More fields than this in one lead (standard + custom) is refused (`too_many_fields`). */
  maxFields: 512,
  /** A text value longer than this is dropped with a warning (`value_too_long`); the core compares 4,096 bytes at most. */
  maxValueChars: 4096,
  /** At most this many leads in one RD Station legacy payload (`too_many_leads`). */
  maxLeads: 100,
});

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Scans valid JSON text for an object with a repeated key (JSON.parse keeps
 * the last, another parser the first: a payload that means two things).
 * Returns the path of the first repeat, or null.
 */
export function findDuplicateKey(text) {
  const stack = []; // { keys: Set | null, path: string, key: string | undefined }
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const frame = stack[stack.length - 1];
      if (expectKey && frame?.keys) {
        const key = JSON.parse(text.slice(i, j + 1));
        if (frame.keys.has(key)) return `${frame.path}.${key}`;
        frame.keys.add(key);
        frame.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === "{" || c === "[") {
      const parent = stack[stack.length - 1];
      const path = parent ? `${parent.path}${parent.keys ? `.${parent.key}` : "[]"}` : "$";
      stack.push({ keys: c === "{" ? new Set() : null, path, key: undefined });
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      expectKey = stack[stack.length - 1]?.keys != null;
    }
  }
  return null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes or text → text, strictly UTF-8, within maxPayloadBytes. */
export function payloadText(input) {
  if (typeof input === "string") {
    if (input.length > LIMITS.maxPayloadBytes) throw new ConnectorError("too_large", `the payload is larger than ${LIMITS.maxPayloadBytes} bytes`);
    return input;
  }
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (bytes.byteLength > LIMITS.maxPayloadBytes) throw new ConnectorError("too_large", `the payload is larger than ${LIMITS.maxPayloadBytes} bytes`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ConnectorError("bad_encoding", "the payload is not valid UTF-8");
  }
}

/**
 * An inbound JSON payload as an object: given as JSON text or bytes (parsed
 * strictly, duplicate keys refused) or already parsed; then its shape is
 * checked (an object, nested at most maxDepth, no `__proto__`,
 * `constructor` or `prototype` key anywhere).
 */
export function readJson(input) {
  let value = input;
  if (typeof input === "string" || input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const text = payloadText(input);
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ConnectorError("bad_json", `the payload is not valid JSON: ${String(e?.message).slice(0, 120)}`);
    }
    const dup = findDuplicateKey(text);
    if (dup !== null) throw new ConnectorError("duplicate_key", `the key ${show(dup)} appears twice in one object`, { path: dup });
  }
  checkShape(value);
  return value;
}

/** Refuses non-objects, nesting over maxDepth and forbidden keys (iteratively, own keys only). */
export function checkShape(root) {
  if (typeof root !== "object" || root === null || Array.isArray(root)) {
    const got = root === null ? "null" : Array.isArray(root) ? "an array" : `a ${typeof root}`;
    throw new ConnectorError("not_an_object", `the payload must be a JSON object, got ${got}`);
  }
  const stack = [[root, 1, "$"]];
  while (stack.length > 0) {
    const [value, depth, path] = stack.pop();
    if (depth > LIMITS.maxDepth) throw new ConnectorError("too_deep", `the payload is nested deeper than ${LIMITS.maxDepth} levels`, { path });
    const isArray = Array.isArray(value);
    for (const key of isArray ? value.keys() : Object.keys(value)) {
      if (!isArray && FORBIDDEN_KEYS.has(key)) {
        throw new ConnectorError("forbidden_key", `the key ${show(key)} is not accepted`, { path: `${path}.${key}` });
      }
      const child = value[key];
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1, isArray ? `${path}[${key}]` : `${path}.${key}`]);
    }
  }
}

/** `value` at `path` must be a plain object (or absent when `optional`); else `bad_payload`. */
export function objectAt(value, path, optional = false) {
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw new ConnectorError("bad_payload", `${path} is missing`, { path });
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConnectorError("bad_payload", `${path} must be an object, got ${show(value)}`, { path });
  }
  return value;
}

/** `value` at `path` must be an array (or absent when `optional`); else `bad_payload`. */
export function arrayAt(value, path, optional = false) {
  if (value === undefined || value === null) {
    if (optional) return [];
    throw new ConnectorError("bad_payload", `${path} is missing`, { path });
  }
  if (!Array.isArray(value)) throw new ConnectorError("bad_payload", `${path} must be a list, got ${show(value)}`, { path });
  return value;
}

/** E-mail: required, text, one `@` with something on both sides, at most 254 characters; trimmed and lower-cased. */
export function emailOf(value, path) {
  if (value === undefined || value === null || value === "") {
    throw new ConnectorError("missing_email", `${path} is missing: a lead needs an e-mail address`, { path });
  }
  if (typeof value !== "string") throw new ConnectorError("bad_email", `${path} must be text, got ${show(value)}`, { path });
  const email = value.trim().toLowerCase();
  const at = email.indexOf("@");
  if (email.length > 254 || at < 1 || at !== email.lastIndexOf("@") || at === email.length - 1 || /\s/.test(email)) {
    throw new ConnectorError("bad_email", `${path} is not an e-mail address: ${show(value)}`, { path });
  }
  return email;
}

/**
 * A leaf value as a lead may hold it: text (within maxValueChars), a finite
 * number, a boolean, or a list of those. Anything else is `undefined` and a
 * warning naming the path and the value.
 */
export function leafValue(value, path, warnings) {
  if (typeof value === "string") {
    if (value.length > LIMITS.maxValueChars) {
      warnings.push(`${path}: dropped, ${value.length} characters is over ${LIMITS.maxValueChars} (value_too_long)`);
      return undefined;
    }
    return value;
  }
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    warnings.push(`${path}: dropped, not a finite number (wrong_type)`);
    return undefined;
  }
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    if (value.length > LIMITS.maxFields) {
      warnings.push(`${path}: dropped, a list of ${value.length} values (too_many_values)`);
      return undefined;
    }
    const out = [];
    for (let i = 0; i < value.length; i++) {
      const v = leafValue(value[i], `${path}[${i}]`, warnings);
      if (v !== undefined && !Array.isArray(v)) out.push(v);
    }
    return out;
  }
  if (value !== null && value !== undefined) warnings.push(`${path}: dropped, ${show(value)} is not text, a number or a list (wrong_type)`);
  return undefined;
}

/**
 * Copies `source[vendorField]` into `lead[leadField]` for each row of the
 * table (`[vendorField, leadField]`); blank and absent values are skipped
 * silently, wrong types and huge values with a warning.
 */
export function applyTable(source, table, lead, warnings, prefix) {
  for (const [from, to] of table) {
    if (!Object.hasOwn(source, from)) continue;
    const raw = source[from];
    if (raw === null || raw === "") continue;
    const v = leafValue(raw, `${prefix}.${from}`, warnings);
    if (v !== undefined) lead[to] = v;
  }
}

/**
 * Adds custom fields under their own names (after `rename`), never over a
 * field the table already set (a warning says which was kept), counting
 * toward maxFields.
 */
export function addCustom(lead, name, raw, path, warnings) {
  if (Object.hasOwn(lead, name)) {
    warnings.push(`${path}: dropped, the lead already has ${show(name)} from a standard field (field_collision)`);
    return;
  }
  if (FORBIDDEN_KEYS.has(name)) throw new ConnectorError("forbidden_key", `the field ${show(name)} is not accepted`, { path });
  if (Object.keys(lead).length >= LIMITS.maxFields) {
    throw new ConnectorError("too_many_fields", `a lead may have at most ${LIMITS.maxFields} fields`, { path });
  }
  if (raw === null || raw === "" || raw === undefined) return;
  const v = leafValue(raw, path, warnings);
  if (v !== undefined) lead[name] = v;
}

/** Warns about every key of `source` that is neither mapped nor known to be ignored. */
export function warnUnmapped(source, known, prefix, warnings) {
  for (const key of Object.keys(source)) {
    if (!known.has(key)) warnings.push(`${prefix}.${key}: not mapped, dropped`);
  }
}
