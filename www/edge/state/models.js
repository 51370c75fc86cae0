// Published models (durable mode): numbered versions, which one is current,
// and the audit trail of every change, kept in one namespace Store
// ("models": the Durable Object `store:models`, or Deno KV keys
// ["leadgate","store","models",…]) through the storage interface (store.js).
//
//   "head"        { current, latest, seq, versions: [meta…], audit: [entry…], teams: [team…] }
//                 — the pointer, the kept versions' metadata and the newest
//                 audit entries, so that becoming current and its audit entry
//                 are one atomic write
//   "v:<n, 10 digits>"  { …meta, model }: one version's model JSON
//
// `current: null` means nothing published is current: the MODEL binding (or
// the bundled default) scores. Time is an input (`now`, ms since epoch).
// This file only stores and reads; validation (the package's Scorer) and the
// per-isolate cache are in models-routes.js and models-cache.js.

/** The namespace Store holding the published models. */
export const MODELS_NAMESPACE = "models";
/** The key of the pointer record. */
export const HEAD_KEY = "head";
/** Audit entries kept in the head (the newest; older ones are dropped). */
export const MAX_AUDIT = 200;

/** The key of version `n`'s model record (zero-padded, so keys list in version order). */
export function versionKey(n) {
  return `v:${String(n).padStart(10, "0")}`;
}

/** The head of a store where nothing was ever published. */
export function emptyHead() {
  return { current: null, latest: 0, seq: 0, versions: [], audit: [], teams: [] };
}

// fn of `update` may run more than once: it works on its own copy.
function copy(head) {
  return head ? structuredClone(head) : emptyHead();
}

function audit(head, now, entry) {
  head.seq += 1;
  head.audit.push({ seq: head.seq, at: new Date(now).toISOString(), ...entry });
  if (head.audit.length > MAX_AUDIT) head.audit.splice(0, head.audit.length - MAX_AUDIT);
}

function currentMeta(head) {
  return head.current === null ? null : head.versions.find((v) => v.version === head.current) ?? null;
}

/** The head, or the empty one. */
export async function readHead(store) {
  return (await store.get(HEAD_KEY)) ?? emptyHead();
}

/**
 * Stores `model` as a new version and makes it current. `info` is the
 * compiled model's `{ id, version, hash }` (the Scorer's), `teams` its
 * routing teams, `by` = { author, note }. Three steps: the version number is
 * taken (an atomic increment, so concurrent publishes get distinct numbers),
 * the model is written under it, then one atomic update of the head makes it
 * current with its audit entry and drops the oldest versions past `kept`
 * (never the current one). A crash between the steps leaves an unused number
 * (and possibly a model record nothing lists), never a half-published
 * current. Resolves to `{ meta, head }`.
 */
export async function publish(store, { model, info, teams }, by, now, kept) {
  const version = await store.update(HEAD_KEY, (cur) => {
    const head = copy(cur);
    head.latest += 1;
    return { value: head, result: head.latest };
  });
  const meta = {
    version,
    hash: info.hash,
    model_id: info.id,
    model_version: info.version,
    author: by.author,
    note: by.note,
    published_at: new Date(now).toISOString(),
  };
  await store.put(versionKey(version), { ...meta, model });
  const { head, dropped } = await store.update(HEAD_KEY, (cur) => {
    const h = copy(cur);
    const from = currentMeta(h);
    h.versions.push(meta);
    h.versions.sort((a, b) => a.version - b.version);
    h.current = version;
    h.teams = [...new Set([...h.teams, ...teams])].slice(0, 1000);
    audit(h, now, { action: "publish", version, hash: info.hash, from: from ? { version: from.version, hash: from.hash } : null, author: by.author, note: by.note });
    const gone = [];
    while (h.versions.length > kept) {
      const i = h.versions.findIndex((v) => v.version !== h.current);
      gone.push(...h.versions.splice(i, 1));
    }
    return { value: h, result: { head: h, dropped: gone } };
  });
  // Past the kept count: the records go after the head no longer lists them.
  for (const d of dropped) {
    await store.delete(versionKey(d.version)).catch((e) => {
      console.error(JSON.stringify({ level: "warn", event: "model_version_delete_failed", version: d.version, message: String(e?.message ?? e) }));
    });
  }
  return { meta, head };
}

/**
 * Makes version `target` current again (a number among the kept versions),
 * or `"deployed"`: the MODEL binding / bundled default (`deployedInfo` is its
 * `{ id, version, hash }`, recorded in the audit entry). An audit entry of
 * its own. Resolves to `{ result: "activated" | "unchanged" | "not_found", head }`.
 */
export function activate(store, target, by, now, deployedInfo) {
  return store.update(HEAD_KEY, (cur) => {
    const h = copy(cur);
    const meta = target === "deployed" ? null : h.versions.find((v) => v.version === target);
    if (meta === undefined) return { result: { result: "not_found", head: h } };
    const next = meta ? meta.version : null;
    if (h.current === next) return { result: { result: "unchanged", head: h } };
    const from = currentMeta(h);
    h.current = next;
    audit(h, now, {
      action: "activate",
      version: next,
      hash: meta ? meta.hash : deployedInfo.hash,
      ...(meta ? {} : { deployed: true }),
      from: from ? { version: from.version, hash: from.hash } : null,
      author: by.author,
      note: by.note,
    });
    return { value: h, result: { result: "activated", head: h } };
  });
}

/** One kept version with its model, or null (never published, or dropped past the kept count). */
export async function readVersion(store, head, n) {
  if (!head.versions.some((v) => v.version === n)) return null;
  return (await store.get(versionKey(n))) ?? null;
}

/** `GET /admin/models`: the versions (newest first) with the current flag, and the audit trail (oldest first). */
export function listing(head, deployedInfo) {
  return {
    current: head.current,
    deployed: { ...deployedInfo, current: head.current === null },
    versions: [...head.versions].reverse().map((v) => ({ ...v, current: v.version === head.current })),
    audit: head.audit,
  };
}
