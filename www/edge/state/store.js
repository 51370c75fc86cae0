// The storage interface the edge's state is written against, and helpers
// shared by its two implementations (durable-object.js: Cloudflare Durable
// Objects; deno-kv.js: Deno KV). There is no in-memory implementation: without
// a storage binding the worker runs stateless (see README.md).
//
// A Store holds JSON values under string keys:
//
//   get(key)                      → the value, or undefined (absent or expired)
//   put(key, value, { expiresAt }) → stores it; expiresAt (ms since epoch) is a
//                                   retention deadline after which the value is gone
//   delete(key)
//   list({ start, end, limit })   → [[key, value], …] in key order (namespace stores only)
//   update(key, fn)               → atomic read-modify-write. fn(current) returns
//                                   { value, result, wake, expiresAt }: value
//                                   undefined leaves the key as it is, null deletes
//                                   it; `wake` (ms since epoch) is this scope's
//                                   next wake-up, committed with the write (a
//                                   write that leaves it out says none is
//                                   pending: a Durable Object's one alarm then
//                                   goes to `expiresAt`); update
//                                   resolves to `result`. fn may run more than once
//                                   (on a write conflict) and must not have side
//                                   effects.
//
// `wake` is the "schedule" of the interface: a lead's store calls the queue's
// wake handler (queue.js) at that time, after a restart too (a Durable Object
// alarm; a Deno KV queue message committed with the write). Stores handed to
// connectors (`backend.store(namespace)`) accept no `wake`.

/** A typed failure of the storage layer (the worker answers 503 and the client retries). */
export class StorageError extends Error {
  constructor(message) {
    super(message);
    this.name = "StorageError";
  }
}

/**
 * Builds the Store interface from two primitives: `read(key)` → { value,
 * version } (version null when absent) and `write(key, version, next)` → true,
 * or false when the key's version is no longer `version` (another writer won;
 * `update` then reads and runs fn again). `next` is { value, wake, expiresAt }.
 */
export function casStore({ read, write, remove, list }) {
  async function update(key, fn) {
    for (let round = 0; round < 32; round++) {
      const { value, version } = await read(key);
      const out = (await fn(value)) ?? {};
      if (out.value === undefined && out.wake === undefined) return out.result;
      if (await write(key, version, out)) return out.result;
    }
    throw new StorageError(`update of ${JSON.stringify(key)} kept conflicting`);
  }
  return {
    async get(key) {
      return (await read(key)).value;
    },
    async put(key, value, { expiresAt } = {}) {
      await update(key, () => ({ value, expiresAt }));
    },
    async delete(key) {
      await remove(key);
    },
    update,
    /**
     * The live entries with keys from `start` (included) to `end` (excluded),
     * in key order, at most `limit`: [[key, value], …]. Stores handed out by
     * `backend.store(namespace)` have it; a lead's own store does not.
     */
    list: list ?? (() => Promise.reject(new StorageError("this store cannot list"))),
  };
}

/** JSON with object keys sorted at every level: the same lead gives the same text. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Hex SHA-256 of the lead's canonical JSON: two submissions are "the same lead" when these match. */
export async function leadHash(lead) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalJson(lead)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Compares a presented secret with the configured one in time that does not
 * depend on where they differ: both are hashed (equal-length digests), and
 * the digests are compared with every byte visited.
 */
export async function secretMatches(presented, expected) {
  const enc = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", enc.encode(presented)),
    crypto.subtle.digest("SHA-256", enc.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
