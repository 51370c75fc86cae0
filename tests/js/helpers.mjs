// Shared by the node:test suites: where the built package and the shared
// fixtures are. The suites test pkg/ as built by scripts/build-pkg.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const leadgate = await import(join(root, process.env.LEADGATE_PKG ?? "pkg", "node.mjs"));

export function readJson(path) {
  return JSON.parse(readFileSync(join(root, path), "utf8"));
}

/** `[stem, parsed JSON]` for every .json file of a fixtures folder, sorted. */
export function fixtures(dir) {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f.slice(0, -5), readJson(join(dir, f))]);
}

/** The text of a model by the name cases use: "default" or a stem of tests/fixtures/models. */
export function modelText(name) {
  const path = name === "default" ? "models/default.json" : `tests/fixtures/models/${name}.json`;
  return readFileSync(join(root, path), "utf8");
}

const scorers = new Map();
/** One Scorer per model name, compiled from the file's text (as the CLI does). */
export function scorerFor(name) {
  if (!scorers.has(name)) scorers.set(name, new leadgate.Scorer(modelText(name)));
  return scorers.get(name);
}

/** The `.code` of what `f` throws, which must be a LeadgateError; null if it returns. */
export function errorCode(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof leadgate.LeadgateError, `not a LeadgateError: ${e}`);
    return e.code;
  }
  return null;
}
