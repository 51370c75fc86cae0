// The storage interface on Deno KV (Deno.openKv: a local SQLite file, or Deno
// Deploy's KV). `kvBackend(kv, env)` gives the backend the worker reads from
// env.LEADGATE_STATE and starts listening to the KV queue, which is the
// queue's scheduler: every write that schedules a wake commits a KV queue
// message with `delay` in the same atomic operation, so "persisted" and
// "scheduled" cannot come apart, and messages survive a restart (a timer loop
// would have to scan for due leads, and Deno Deploy does not keep timers of an
// idle isolate). Retention is KV's own `expireIn` on every key written.
//
// Keys: ["leadgate", "lead", id, "lead"] (a lead's record), ["leadgate", "due", id]
// (a pending delivery's due time, for the restart scan), ["leadgate", "dead", id]
// (dead letters), ["leadgate", "store", namespace, key] (other parts' stores).
// A value larger than one KV value (64 KiB) is split into chunks written in the
// same atomic operation under a fresh generation, so a read never mixes two
// versions.
import { casStore, StorageError } from "./store.js";
import { LEAD_KEY, submitIndexed, claim, finish, replay, view, slaWake, contacted } from "./queue.js";
import { indexRemove } from "./sla.js";
import { slaContext, slaStoreName } from "./sla-env.js";
import { durableSettings } from "./settings.js";
import { deliveryConfig } from "../config.js";
import { deliverTo } from "../pipeline.js";

const P = "leadgate";
/** Characters per KV value: 16k UTF-16 units serialize to at most 32 KiB, under KV's 64 KiB. */
const CHUNK = 16_000;
/** Deno KV refuses queue delays over 30 days. */
const MAX_DELAY = 30 * 86_400_000 - 60_000;
/** Webhook attempts running at once in one process before the listener waits. */
const MAX_IN_FLIGHT = 128;

async function readCell(kv, key) {
  const head = await kv.get(key);
  const h = head.value;
  if (h === null) return { value: undefined, version: null, head: null };
  if (h.expires_at != null && h.expires_at <= Date.now()) return { value: undefined, version: head.versionstamp, head: h };
  let text = h.j;
  if (h.n) {
    const parts = [];
    for (let i = 0; i < h.n; i += 10) {
      const keys = [];
      for (let j = i; j < Math.min(h.n, i + 10); j++) keys.push([...key, "c", h.g, j]);
      for (const e of await kv.getMany(keys)) {
        if (typeof e.value !== "string") throw new StorageError("a chunk of a stored value is missing");
        parts.push(e.value);
      }
    }
    text = parts.join("");
  }
  return { value: JSON.parse(text), version: head.versionstamp, head: h };
}

/** Adds to `op` the mutations that replace the cell at `key` (read as `old`) with `next.value`. */
function writeCell(op, key, old, next) {
  if (old?.n) for (let i = 0; i < old.n; i++) op.delete([...key, "c", old.g, i]);
  if (next.value === null) {
    op.delete(key);
    return;
  }
  const expires = next.expiresAt ?? null;
  const opts = expires === null ? undefined : { expireIn: Math.max(1, expires - Date.now()) };
  const text = JSON.stringify(next.value);
  if (text.length <= CHUNK) {
    op.set(key, { j: text, expires_at: expires }, opts);
    return;
  }
  const g = crypto.randomUUID();
  const n = Math.ceil(text.length / CHUNK);
  for (let i = 0; i < n; i++) op.set([...key, "c", g, i], text.slice(i * CHUNK, (i + 1) * CHUNK), opts);
  op.set(key, { n, g, expires_at: expires }, opts);
}

/**
 * A Store over KV keys under `prefix`. For a lead's store, `wake` = { message,
 * dueKey }: a write with a wake enqueues the message and records the due time
 * under `dueKey` in the same commit; a write without one clears it (nothing
 * pending). Other stores pass null.
 */
function cellStore(kv, prefix, wake) {
  const heads = new Map();
  return casStore({
    async read(key) {
      const cell = await readCell(kv, [...prefix, key]);
      heads.set(key, cell.head);
      return cell;
    },
    async write(key, version, next) {
      const op = kv.atomic().check({ key: [...prefix, key], versionstamp: version });
      if (next.value !== undefined) writeCell(op, [...prefix, key], heads.get(key), next);
      if (wake && next.wake !== undefined) {
        op.enqueue(wake.message, { delay: Math.min(MAX_DELAY, Math.max(0, next.wake - Date.now())) });
        const left = (next.expiresAt ?? Infinity) - Date.now();
        op.set(wake.dueKey, next.wake, Number.isFinite(left) ? { expireIn: Math.max(1, left) } : undefined);
      } else if (wake && next.value !== undefined) {
        op.delete(wake.dueKey);
      }
      return (await op.commit()).ok;
    },
    async list({ start, end, limit }) {
      const out = [];
      const now = Date.now();
      for await (const e of kv.list({ start: [...prefix, start], end: [...prefix, end] })) {
        if (e.key.length !== prefix.length + 1) continue; // a chunk of a large value
        const h = e.value;
        if (h?.expires_at != null && h.expires_at <= now) continue;
        const value = h?.n ? (await readCell(kv, e.key)).value : JSON.parse(h.j);
        out.push([e.key[prefix.length], value]);
        if (out.length >= limit) break;
      }
      return out;
    },
    async remove(key) {
      const cell = await readCell(kv, [...prefix, key]);
      const op = kv.atomic();
      writeCell(op, [...prefix, key], cell.head, { value: null });
      await op.commit();
    },
  });
}

/**
 * The backend for the worker (put it in env.LEADGATE_STATE) over the open
 * `kv`, delivering with `env`'s bindings; starts the queue listener.
 */
export function kvBackend(kv, env) {
  const settings = () => durableSettings(env);
  let config = null;
  const attempt = (payload, team) => {
    try {
      config ??= deliveryConfig(env);
    } catch (e) {
      return Promise.resolve(`misconfigured: ${e.message}`);
    }
    return deliverTo(config, team, payload, cellStore(kv, [P, "store", "oauth"], null)).then((r) => r.failure);
  };
  const deadKey = (id) => [P, "dead", id];
  const dueKey = (id) => [P, "due", id];
  const index = {
    add: async (id, entry) => {
      // Gone with its lead: the lead's own retention, not a new one.
      const left = Date.parse(entry.expires_at) - Date.now();
      await kv.set(deadKey(id), entry, { expireIn: Number.isFinite(left) ? Math.max(1, left) : settings().retentionMs });
    },
    remove: async (id) => {
      await kv.delete(deadKey(id));
    },
  };
  const ctx = (id) => {
    let timeout = 5_000;
    try {
      timeout = deliveryConfig(env).webhookTimeoutMs;
    } catch {
      // reported by each attempt
    }
    return {
      ...slaContext(env, (ns) => cellStore(kv, [P, "store", ns], null)),
      id,
      store: cellStore(kv, [P, "lead", id], { message: { leadgate: "wake", id }, dueKey: dueKey(id) }),
      index,
      attempt,
      settings: settings(),
      now: () => Date.now(),
      webhookTimeoutMs: timeout,
    };
  };

  // Deno runs one listener call at a time, so the listener only takes the
  // lease (a KV write, committed with the lease's own wake) and leaves the
  // webhook attempt running: a crash mid-attempt is retried at the lease's
  // end. Past MAX_IN_FLIGHT attempts it waits, so a backlog cannot open
  // unbounded connections.
  let inFlight = 0;
  kv.listenQueue(async (msg) => {
    if (msg?.leadgate !== "wake" || typeof msg.id !== "string") return;
    const c = ctx(msg.id);
    // The SLA clock's escalation (a lease of its own, like the delivery's) runs in the background too.
    slaWake(c).then(
      (result) => result !== "idle" && console.log(JSON.stringify({ level: "info", event: "sla", submission_id: msg.id, result })),
      (e) => console.error(JSON.stringify({ level: "error", event: "sla_wake_failed", submission_id: msg.id, message: String(e?.message ?? e) })),
    );
    // A throw here makes KV deliver the message again (its own backoff).
    const claimed = await claim(c);
    if (!claimed) return;
    inFlight += 1;
    const done = finish(c, claimed).then(
      (result) => console.log(JSON.stringify({ level: "info", event: "delivery", submission_id: msg.id, result })),
      (e) => console.error(JSON.stringify({ level: "error", event: "delivery_failed_to_record", submission_id: msg.id, message: String(e?.message ?? e) })),
    ).finally(() => {
      inFlight -= 1;
    });
    if (inFlight > MAX_IN_FLIGHT) await done;
  });

  // After a restart: a wake message the killed process had taken and not
  // finished is handed out again only after Deno KV's own timeout (about a
  // minute). The due index (one small key per pending delivery) lets this
  // process wake those leads at their due time instead; a duplicate wake
  // finds nothing due and does nothing.
  (async () => {
    for await (const e of kv.list({ prefix: [P, "due"] })) {
      const id = e.key[2];
      if (typeof id === "string" && typeof e.value === "number") {
        await kv.enqueue({ leadgate: "wake", id }, { delay: Math.min(MAX_DELAY, Math.max(0, e.value - Date.now())) });
      }
    }
  })().catch((e) => console.error(JSON.stringify({ level: "error", event: "due_scan_failed", message: String(e?.message ?? e) })));

  return {
    kind: "deno-kv",
    submit: (sub) => submitIndexed(ctx(sub.id), sub),
    contacted: (id, at, by, meta) => contacted(ctx(id), at, by, meta),
    lead: async (id) => view((await readCell(kv, [P, "lead", id, LEAD_KEY])).value),
    replay: (id) => replay(ctx(id)),
    async erase(id) {
      const key = [P, "lead", id, LEAD_KEY];
      const before = (await readCell(kv, key)).value;
      if (before?.sla) {
        const ns = slaStoreName(before.sla.team);
        await indexRemove(cellStore(kv, [P, "store", ns], null), id, before.sla.started_at);
      }
      for (let round = 0; round < 8; round++) {
        const cell = await readCell(kv, key);
        const op = kv.atomic().check({ key, versionstamp: cell.version });
        writeCell(op, key, cell.head, { value: null });
        op.delete(deadKey(id));
        op.delete(dueKey(id));
        if ((await op.commit()).ok) return cell.value !== undefined;
      }
      throw new StorageError("erasure kept conflicting");
    },
    async deadLetters({ limit, cursor }) {
      const iter = kv.list({ prefix: [P, "dead"] }, { limit, ...(cursor ? { cursor } : {}) });
      const rows = [];
      for await (const e of iter) rows.push(e.value);
      return { dead_letters: rows, cursor: rows.length === limit ? iter.cursor : null };
    },
    store: (ns) => cellStore(kv, [P, "store", ns], null),
  };
}
