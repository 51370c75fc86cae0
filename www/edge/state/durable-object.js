// The storage interface on Cloudflare Durable Objects (workerd runs them
// locally with on-disk storage). One class, LeadgateState, exported by the
// worker module and bound as LEADGATE_STATE, plays three roles by object name:
//
//   "lead:<submission id>"  one submission: its record (queue.js) and its alarm,
//                           which is the queue's wake (next attempt, or erasure
//                           when the retention runs out)
//   "index"                 the dead-letter list ("dead:<id>" keys)
//   "store:<namespace>"     a plain Store for other parts (connectors' tokens)
//
// The worker talks to an object through `stub.fetch` with a JSON operation
// (no RPC: the module must also load under Deno and Node, where
// "cloudflare:workers" does not exist). An object's storage is transactional
// and its events run one at a time; `update` still re-checks a version before
// writing, because a webhook fetch in the middle of a wake lets other events in.
import { casStore, StorageError } from "./store.js";
import { LEAD_KEY, wake, replay, view, contacted, submitIndexed } from "./queue.js";
import { nextWake, indexRemove } from "./sla.js";
import { slaContext, slaStoreName, teamsOf } from "./sla-env.js";
import { TEAM_OPS, TEAM_KEY } from "./teams.js";
import { durableSettings } from "./settings.js";
import { deliveryConfig } from "../config.js";
import { deliverTo } from "../pipeline.js";

const ORIGIN = "https://leadgate-state.internal/";

/** The Store over one object's storage; values are kept as { value, version, expires_at }. */
function localStore(storage) {
  const live = (w) => (w && (w.expires_at == null || w.expires_at > Date.now()) ? w : undefined);
  async function read(key) {
    const w = live(await storage.get(key));
    return { value: w?.value, version: w?.version ?? null };
  }
  async function write(key, version, next) {
    if (next.value !== undefined) {
      const w = live(await storage.get(key));
      if ((w?.version ?? null) !== version) return false;
      if (next.value === null) await storage.delete(key);
      else await storage.put(key, { value: next.value, version: (w?.version ?? 0) + 1, expires_at: next.expiresAt ?? null });
    }
    const at = Math.min(next.wake ?? Infinity, next.expiresAt ?? Infinity);
    if (Number.isFinite(at)) await storage.setAlarm(at);
    return true;
  }
  const remove = (key) => storage.delete(key);
  return { ...casStore({ read, write, remove }), raw: (key) => storage.get(key), read, casWrite: write };
}

const deliveryConfigs = new WeakMap();

/** One delivery attempt with the object's own bindings (WEBHOOKS read at each attempt). */
async function attemptWith(env, payload, team, tokens) {
  let config = deliveryConfigs.get(env);
  try {
    if (!config) {
      config = deliveryConfig(env);
      deliveryConfigs.set(env, config);
    }
  } catch (e) {
    return `misconfigured: ${e.message}`;
  }
  return (await deliverTo(config, team, payload, tokens)).failure;
}

/** The Durable Object class (bind it as LEADGATE_STATE; see state/README.md for wrangler). */
export class LeadgateState {
  constructor(state, env) {
    this.storage = state.storage;
    this.env = env;
    this.store = localStore(state.storage);
    this.backend = doBackend(env.LEADGATE_STATE);
  }

  ctx(id) {
    const settings = durableSettings(this.env);
    let timeout = 5_000;
    try {
      timeout = deliveryConfig(this.env).webhookTimeoutMs;
    } catch {
      // a bad binding is reported by each attempt
    }
    return {
      ...slaContext(this.env, (ns) => this.backend.store(ns)),
      id,
      store: this.store,
      index: { add: (i, entry) => this.backend.indexAdd(i, entry), remove: (i) => this.backend.indexRemove(i) },
      attempt: async (payload, team) => {
        // Outgoing requests wait for the object's pending writes to be
        // durable (the output gate): wait here, so the webhook's timeout
        // measures the webhook and not the disk.
        await this.storage.sync?.();
        return attemptWith(this.env, payload, team, this.backend.store("oauth"));
      },
      settings,
      now: () => Date.now(),
      webhookTimeoutMs: timeout,
    };
  }

  async erase(id) {
    await this.backend.indexRemove(id); // first: never a listed dead letter without its lead's consent to exist
    const rec = await this.store.get(LEAD_KEY);
    const existed = rec !== undefined;
    if (rec?.sla) {
      const ns = slaStoreName(rec.sla.team);
      await indexRemove(this.backend.store(ns), id, rec.sla.started_at);
    }
    await this.storage.deleteAlarm();
    await this.storage.deleteAll();
    return existed;
  }

  async op(name, a) {
    switch (name) {
      case "submit": return submitIndexed(this.ctx(a.sub.id), a.sub);
      case "view": return view(await this.store.get(LEAD_KEY));
      case "replay": return replay(this.ctx(a.id));
      case "contacted": return contacted(this.ctx(a.id), a.at, a.by, a.meta);
      case "erase": return this.erase(a.id);
      case "deadAdd": return this.storage.put(`dead:${a.id}`, a.entry);
      case "deadRemove": return this.storage.delete(`dead:${a.id}`);
      case "deadList": {
        const opts = { prefix: "dead:", limit: a.limit };
        if (a.cursor) opts.startAfter = `dead:${a.cursor}`;
        const rows = [...(await this.storage.list(opts)).values()];
        return { dead_letters: rows, cursor: rows.length === a.limit ? rows[rows.length - 1].submission_id : null };
      }
      case "team": { // a team's record (store:team:<team>): teams.js TEAM_OPS, run here one event at a time
        const team = teamsOf(this.env).get(a.team);
        if (!team || !Object.hasOwn(TEAM_OPS, a.name)) throw new StorageError("unknown team or team operation");
        return this.store.update(TEAM_KEY, (cur) => TEAM_OPS[a.name](cur, team, a.args));
      }
      case "getv": return this.store.read(a.key);
      case "cas": return this.store.casWrite(a.key, a.version, a.next);
      case "put": return this.store.put(a.key, a.value, { expiresAt: a.expiresAt }); // one round trip, not read + write
      case "del": return this.storage.delete(a.key);
      case "list": {
        const now = Date.now();
        const rows = await this.storage.list({ start: a.start, end: a.end, limit: a.limit });
        return [...rows].filter(([, w]) => w?.expires_at == null || w.expires_at > now).map(([k, w]) => [k, w.value]);
      }
      default: throw new StorageError(`unknown operation ${String(name).slice(0, 40)}`);
    }
  }

  async fetch(request) {
    try {
      const { op, ...args } = await request.json();
      return Response.json({ ok: true, result: (await this.op(op, args)) ?? null });
    } catch (e) {
      console.error(JSON.stringify({ level: "error", event: "state_op_failed", message: String(e?.message ?? e) }));
      return Response.json({ ok: false, error: String(e?.message ?? e) }, { status: 500 });
    }
  }

  /** The queue's wake: the next attempt, or the end of the lead's retention. */
  async alarm() {
    const w = await this.store.raw(LEAD_KEY);
    if (!w) return;
    if (w.expires_at != null && w.expires_at <= Date.now()) {
      await this.erase(w.value.id);
      return;
    }
    const result = await wake(this.ctx(w.value.id));
    // Whatever happened, the lead keeps an alarm: its next wake (delivery or
    // SLA clock), else the end of its retention.
    if ((await this.storage.getAlarm()) === null) {
      const next = Math.min(nextWake((await this.store.raw(LEAD_KEY))?.value) ?? Infinity, w.expires_at ?? Infinity);
      if (Number.isFinite(next)) await this.storage.setAlarm(next);
    }
    if (result !== "idle") console.log(JSON.stringify({ level: "info", event: "delivery", submission_id: w.value.id, result }));
  }
}

/** The worker's handle on the namespace: the backend interface of state/README.md. */
export function doBackend(namespace) {
  async function call(name, op, args) {
    const stub = namespace.get(namespace.idFromName(name));
    const r = await stub.fetch(ORIGIN, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ op, ...args }) });
    const out = await r.json();
    if (!out.ok) throw new StorageError(out.error);
    return out.result;
  }
  return {
    kind: "durable-object",
    submit: (sub) => call(`lead:${sub.id}`, "submit", { sub }),
    lead: (id) => call(`lead:${id}`, "view", {}),
    erase: (id) => call(`lead:${id}`, "erase", { id }),
    replay: (id) => call(`lead:${id}`, "replay", { id }),
    contacted: (id, at, by, meta) => call(`lead:${id}`, "contacted", { id, at, by, meta }),
    deadLetters: ({ limit, cursor }) => call("index", "deadList", { limit, cursor }),
    indexAdd: (id, entry) => call("index", "deadAdd", { id, entry }),
    indexRemove: (id) => call("index", "deadRemove", { id }),
    store: (ns) => ({
      ...casStore({
        read: (key) => call(`store:${ns}`, "getv", { key }),
        write: (key, version, next) => call(`store:${ns}`, "cas", { key, version, next: { value: next.value, expiresAt: next.expiresAt } }),
        remove: (key) => call(`store:${ns}`, "del", { key }),
        list: ({ start, end, limit }) => call(`store:${ns}`, "list", { start, end, limit }),
      }),
      put: async (key, value, { expiresAt } = {}) => {
        await call(`store:${ns}`, "put", { key, value, expiresAt });
      },
      teamOp: (team, name, args) => call(`store:${ns}`, "team", { team, name, args }), // teams.js

    }),
  };
}
