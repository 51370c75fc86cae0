// Model paths as the Rust validator writes them (`personas[0].rules[2].if.gte`):
// parse, read, write, and walk up to the nearest widget. The path text is the
// one definition shared with the core's problems (src/model/reader.rs `child`
// and `index`), so a problem's path is a widget's `data-path` as is.

/** `a.b[2].c` → ["a", "b", 2, "c"]. */
export function parsePath(path) {
  const out = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] === undefined ? m[1] : Number(m[2]));
  return out;
}

/** ["a", "b", 2] → `a.b[2]`. */
export function joinPath(parts) {
  let s = "";
  for (const p of parts) s += typeof p === "number" ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/** `parent.key`, or `key` at the root. */
export const child = (parent, key) => (parent ? `${parent}.${key}` : key);
/** `parent[i]`. */
export const item = (parent, i) => `${parent}[${i}]`;

/** The value at `path` in `root`, or undefined. */
export function getAt(root, path) {
  let v = root;
  for (const p of parsePath(path)) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[p];
  }
  return v;
}

/**
 * Sets the value at `path`, making objects on the way; `undefined` deletes
 * an object's key (an array's item is set to undefined: callers splice).
 */
export function setAt(root, path, value) {
  const parts = parsePath(path);
  let v = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    if (v[p] === null || typeof v[p] !== "object") v[p] = typeof parts[i + 1] === "number" ? [] : {};
    v = v[p];
  }
  const last = parts[parts.length - 1];
  if (value === undefined && !Array.isArray(v)) delete v[last];
  else v[last] = value;
}

/** `a.b[2].c`, `a.b[2]`, `a.b`, `a`, `` : the path and its ancestors, nearest first. */
export function* ancestors(path) {
  let p = path;
  for (;;) {
    yield p;
    if (p === "") return;
    const cut = p.replace(/(\.[^.[\]]+|\[\d+\]|^[^.[\]]+)$/, "");
    if (cut === p) return;
    p = cut;
  }
}

/**
 * Renames an object's key in place, keeping its position (the JSON tab and
 * the downloaded file keep the author's order); false when `to` is taken.
 */
export function renameKey(obj, from, to) {
  if (from === to) return true;
  if (Object.hasOwn(obj, to)) return false;
  const entries = Object.entries(obj);
  for (const [k] of entries) delete obj[k];
  for (const [k, v] of entries) obj[k === from ? to : k] = v;
  return true;
}
