// Reading a lead submission from an untrusted request: content type, a size
// limit enforced while streaming, strict UTF-8, JSON or form parsing, shape
// checks. Every failure is an HttpError with a 4xx status and a stable code.

/** A failure answered as `{ error: { code, message } }` with `status`. */
export class HttpError extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** Nesting deeper than this (objects and arrays) is refused before scoring or forwarding. */
export const MAX_DEPTH = 32;
/** At most this many fields in a form body. */
export const MAX_FORM_FIELDS = 512;
/** Keys that are never legitimate in a lead and can pollute a JS consumer downstream. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * `json`, `form` or `multipart` from the Content-Type header, else throws 415.
 * A multipart body must name its boundary.
 */
export function bodyKind(contentType) {
  if (!contentType) {
    throw new HttpError(415, "unsupported_media_type", "Content-Type is required: application/json, application/x-www-form-urlencoded or multipart/form-data");
  }
  const [type, ...params] = contentType.split(";").map((s) => s.trim().toLowerCase());
  for (const p of params) {
    const [k, v = ""] = p.split("=").map((s) => s.trim());
    if (k === "charset" && !["utf-8", "utf8", '"utf-8"'].includes(v)) {
      throw new HttpError(415, "unsupported_media_type", `only UTF-8 bodies are accepted, got charset=${v}`);
    }
  }
  if (type === "application/json") return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "multipart/form-data") {
    if (!params.some((p) => p.startsWith("boundary="))) {
      throw new HttpError(400, "bad_form", "a multipart/form-data body needs a boundary in its Content-Type");
    }
    return "multipart";
  }
  throw new HttpError(415, "unsupported_media_type", `Content-Type ${JSON.stringify(type.slice(0, 100))} is not accepted: use application/json, application/x-www-form-urlencoded or multipart/form-data`);
}

function tooLarge(max) {
  return new HttpError(413, "too_large", `the body is larger than ${max} bytes`);
}

/** Over this many bytes, an oversized body is not drained: the connection is just closed. */
export const DRAIN_LIMIT = 16 << 20;

/**
 * Reads and discards the rest of an oversized body (up to DRAIN_LIMIT bytes
 * in all) before the 413 is sent. HTTP/1.1 clients, browsers included, that
 * are still uploading when the server answers and closes usually see a
 * connection reset instead of the 413; draining lets them read the answer.
 * Nothing is kept, so memory stays bounded.
 */
async function drain(reader, already) {
  let total = already;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > DRAIN_LIMIT) break;
    }
  } catch {
    return;
  }
  reader.cancel().catch(() => {});
}

/** Content-Encodings the worker decodes (bounded); anything else is refused with 415. */
const DECODED = new Map([["gzip", "gzip"], ["x-gzip", "gzip"], ["deflate", "deflate"]]);

/**
 * The decompression format for the request's Content-Encoding, or null for
 * none. A browser never compresses a form body, but server-side senders and
 * proxies do; an encoding the worker cannot decode is named in the 415.
 */
export function bodyEncoding(header) {
  const value = (header ?? "").trim().toLowerCase();
  if (value === "" || value === "identity") return null;
  const format = DECODED.get(value);
  if (format === undefined) {
    throw new HttpError(415, "unsupported_encoding",
      `Content-Encoding ${JSON.stringify(value.slice(0, 40))} is not accepted: send the body uncompressed, or as gzip or deflate`);
  }
  return format;
}

/** Bodies being read at this moment, in this isolate (see `readBody`'s `maxReading`). */
let reading = 0;

/**
 * The body's bytes, at most `max` (after decompression, when `encoding` is
 * given). Content-Length is checked first when present, but the limit is
 * enforced on what actually arrives, so a missing or lying length cannot get
 * more than `max` bytes buffered; a compressed body is limited on its
 * decompressed bytes, so a zip bomb stops at `max`.
 *
 * Two bounds against slow clients: the whole body must arrive within
 * `deadlineMs` (`408 body_timeout`), and at most `maxReading` bodies are read
 * at once (`503 busy` with Retry-After; the request's body is not read), so
 * stalled uploads cannot hold memory and connections without end.
 */
export async function readBody(request, max, { deadlineMs = 10_000, maxReading = 256, encoding = null } = {}) {
  const declared = request.headers.get("content-length");
  if (request.body === null) return new Uint8Array(0);
  if (reading >= maxReading) {
    request.body.cancel().catch(() => {});
    throw new HttpError(503, "busy", "too many submissions are being received at once; retry shortly", { "retry-after": "1" });
  }
  reading += 1;
  const raw = request.body.getReader();
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(408, "body_timeout", `the body did not arrive within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    if (declared !== null && /^\d+$/.test(declared) && Number(declared) > max) {
      if (encoding === null && Number(declared) <= DRAIN_LIMIT) await Promise.race([drain(raw, 0), deadline]).catch(() => {});
      else raw.cancel().catch(() => {});
      throw tooLarge(max);
    }
    const reader = encoding === null ? raw : decompressed(raw, encoding);
    const work = collect(reader, max, encoding === null);
    // When the deadline wins, the abandoned read still settles: keep that quiet.
    work.catch(() => {});
    return await Promise.race([work, deadline]);
  } catch (e) {
    raw.cancel().catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
    reading -= 1;
  }
}

/** A reader of the decompressed bytes of `raw`. */
function decompressed(raw, format) {
  const source = new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await raw.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (e) {
        controller.error(e);
      }
    },
    cancel() {
      raw.cancel().catch(() => {});
    },
  });
  return source.pipeThrough(new DecompressionStream(format)).getReader();
}

/** Reads `reader` to the end, at most `max` bytes; an oversized plain body is drained, a compressed one is not. */
async function collect(reader, max, drainOversized) {
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw new HttpError(400, drainOversized ? "bad_body" : "bad_encoding",
        drainOversized ? "the request body could not be read" : "the compressed body is corrupt or truncated");
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > max) {
      if (drainOversized) await drain(reader, total);
      else reader.cancel().catch(() => {});
      throw tooLarge(max);
    }
    chunks.push(step.value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Strict UTF-8 decoding: invalid sequences are refused, not replaced. */
export function decodeUtf8(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError(400, "bad_encoding", "the body is not valid UTF-8");
  }
}

/** Parses a JSON body into an object (not an array, not a scalar). */
export function parseJson(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, "bad_json", `the body is not valid JSON: ${String(e.message).slice(0, 200)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new HttpError(422, "not_an_object", `a lead must be a JSON object, got ${got}`);
  }
  checkShape(value);
  return value;
}

/** Refuses nesting over MAX_DEPTH and forbidden keys, anywhere in the value (iteratively). */
function checkShape(root) {
  const stack = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop();
    if (depth > MAX_DEPTH) throw new HttpError(422, "too_deep", `the lead is nested deeper than ${MAX_DEPTH} levels`);
    const isArray = Array.isArray(value);
    for (const key of isArray ? value.keys() : Object.keys(value)) {
      if (!isArray && FORBIDDEN_KEYS.has(key)) {
        throw new HttpError(422, "forbidden_key", `the key ${JSON.stringify(key)} is not accepted in a lead`);
      }
      const child = value[key];
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
}

function formPart(s) {
  try {
    return decodeURIComponent(s.replaceAll("+", " "));
  } catch {
    throw new HttpError(400, "bad_form", "the form body has a malformed percent-escape or invalid UTF-8");
  }
}

/**
 * Parses an application/x-www-form-urlencoded body strictly: every escape
 * must be well formed and decode to UTF-8, every field needs a name. A
 * repeated name gives a list of its values (checkboxes). Values stay text;
 * the scorer reads numeric text as numbers.
 */
export function parseForm(text) {
  const lead = {};
  let fields = 0;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    if (++fields > MAX_FORM_FIELDS) {
      throw new HttpError(422, "too_many_fields", `a form may have at most ${MAX_FORM_FIELDS} fields`);
    }
    const eq = pair.indexOf("=");
    const name = formPart(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : formPart(pair.slice(eq + 1));
    if (name === "") throw new HttpError(400, "bad_form", "a form field has no name");
    if (FORBIDDEN_KEYS.has(name)) throw new HttpError(422, "forbidden_key", `the field ${JSON.stringify(name)} is not accepted`);
    if (!Object.hasOwn(lead, name)) lead[name] = value;
    else if (Array.isArray(lead[name])) lead[name].push(value);
    else lead[name] = [lead[name], value];
  }
  if (fields === 0) throw new HttpError(400, "empty_body", "the form has no fields");
  return lead;
}

/**
 * Parses a multipart/form-data body (already read within the size limit) with
 * the runtime's own parser (`Response.formData`, the same in workerd, Deno
 * and Node). Text fields are kept like a urlencoded form's; **file parts are
 * ignored** — a file is not lead data, and the body limit already bounded what
 * was read — and counted, so the caller can log them. Returns `{ lead, files }`.
 */
export async function parseMultipart(bytes, contentType) {
  let data;
  try {
    data = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new HttpError(400, "bad_form", "the multipart/form-data body is malformed");
  }
  const lead = {};
  let fields = 0;
  let files = 0;
  for (const [name, value] of data.entries()) {
    if (typeof value !== "string") {
      files += 1;
      continue;
    }
    if (++fields > MAX_FORM_FIELDS) {
      throw new HttpError(422, "too_many_fields", `a form may have at most ${MAX_FORM_FIELDS} fields`);
    }
    if (name === "") throw new HttpError(400, "bad_form", "a form field has no name");
    if (FORBIDDEN_KEYS.has(name)) throw new HttpError(422, "forbidden_key", `the field ${JSON.stringify(name)} is not accepted`);
    if (!Object.hasOwn(lead, name)) lead[name] = value;
    else if (Array.isArray(lead[name])) lead[name].push(value);
    else lead[name] = [lead[name], value];
  }
  if (fields === 0) throw new HttpError(400, "empty_body", "the form has no fields");
  return { lead, files };
}

/** Submission ids: 8 to 128 of letters, digits and `._:-`, starting with a letter or digit (UUIDs fit). */
export const SUBMISSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/**
 * The client's submission id (body field `submission_id`, or the form kit's hidden
 * `leadgate_submission_id` when a plain form posts here directly, or the
 * Idempotency-Key header), checked; or a new UUID.
 */
export function submissionId(lead, header) {
  const name = Object.hasOwn(lead, "submission_id") ? "submission_id"
    : Object.hasOwn(lead, "leadgate_submission_id") ? "leadgate_submission_id" : undefined;
  const field = name === undefined ? undefined : lead[name];
  for (const [where, v] of [[name, field], ["Idempotency-Key", header ?? undefined]]) {
    if (v !== undefined && (typeof v !== "string" || !SUBMISSION_ID.test(v))) {
      throw new HttpError(400, "bad_submission_id", `${where} must be 8 to 128 characters of A-Z a-z 0-9 . _ : - (a UUID fits)`);
    }
  }
  if (field !== undefined && header != null && field !== header) {
    throw new HttpError(400, "bad_submission_id", `the ${name} field and the Idempotency-Key header differ`);
  }
  return { id: field ?? header ?? crypto.randomUUID(), fromClient: field !== undefined || header != null };
}

/** The form field in which the form kit posts its event summary (docs/js.md, "Plain POST"). */
export const EVENTS_FIELD = "leadgate_events";

/**
 * A form body's event summary (`leadgate_events`: the tracker's events as a
 * JSON array, written by the form kit in plain-POST mode) becomes the
 * lead's `events`, so a form post scores and attributes like a JSON one
 * (and CLIENT_EVENTS applies the same). A summary that is not such an array
 * is dropped, logged, never fatal: the lead itself is not lost over it.
 */
export function eventsFromForm(submitted) {
  const text = submitted[EVENTS_FIELD];
  if (text === undefined) return;
  delete submitted[EVENTS_FIELD];
  if (Object.hasOwn(submitted, "events") || typeof text !== "string") return;
  try {
    const events = JSON.parse(text);
    if (!Array.isArray(events) || !events.every((e) => typeof e === "object" && e !== null && !Array.isArray(e))) throw new Error("not an array of objects");
    checkShape({ events });
    submitted.events = events;
  } catch (e) {
    console.error(JSON.stringify({ level: "warn", event: "form_events_dropped", message: String(e?.message ?? e).slice(0, 200) }));
  }
}
