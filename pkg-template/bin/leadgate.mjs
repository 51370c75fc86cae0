#!/usr/bin/env node
// `npx leadgate check` and `npx leadgate compile`, without Rust: the npm
// package's own wasm (node.mjs) compiles the model, so the problems, the
// model hash and the compiled bytes are the native CLI's (src/cli/check.rs,
// src/cli/compile.rs; tests/pkg/distribution.test.mjs compares them). The
// output format is the native CLI's, kept in step by that test. The rest of
// the CLI (score, report, tune, …) is the native binary's: see the README.
import { readFileSync, writeFileSync } from "node:fs";
import { validateModel, compileModel, defaultModel, Scorer, version } from "../node.mjs";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const HELP = `Usage: leadgate <command> [options]

The npm package's commands (the same wasm as the package, no Rust needed):
  check [--json] FILE...          compile each model and print its problems
  compile [MODEL.json|-] [-o FILE|-]  compile a model to the bytes leadgate/lite loads

score, report, tune, explain and generate are the native CLI's
(cargo install --path . in the repository).
`;

function readText(file) {
  const bytes = file === "-" ? readFileSync(0) : readFileSync(file);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function problemsText(file, errors) {
  const lines = [];
  for (const p of errors) {
    lines.push(`${file}: ${p.path === "" ? "(root)" : p.path}: ${p.message} [${p.code}]`);
    if (p.hint) lines.push(`    hint: ${p.hint}`);
  }
  lines.push(`${file}: ${errors.length} problem${errors.length === 1 ? "" : "s"}`);
  return `${lines.join("\n")}\n`;
}

/** The model's problems, or its info: `{ errors }` / `{ info, text }`. */
function checkText(text) {
  if (text === null) return { errors: [{ code: "invalid_utf8", path: "", message: "the model file is not valid UTF-8", hint: null }] };
  const checked = validateModel(text);
  if (!checked.ok) return { errors: checked.errors };
  const scorer = new Scorer(text);
  const info = scorer.model;
  scorer.free();
  return { info };
}

function check(args) {
  let json = false;
  const files = [];
  for (const a of args) {
    if (a === "--json") json = true;
    else if (a === "--help" || a === "-h") return process.stdout.write(HELP), EXIT_OK;
    else if (a.startsWith("-") && a !== "-") return usage(`unknown option ${a} (check takes --json)`);
    else files.push(a);
  }
  if (files.length === 0) return usage("no model file given");
  let code = EXIT_OK;
  for (const file of files) {
    let text;
    try {
      text = readText(file);
    } catch (e) {
      code = EXIT_USAGE;
      const message = `cannot read ${file}: ${e.code ?? e.message}`;
      if (json) process.stdout.write(`${JSON.stringify({ file, ok: false, errors: [{ code: "io_error", path: "", message, hint: null }] })}\n`);
      else process.stderr.write(`leadgate: ${message}\n`);
      continue;
    }
    const { errors, info } = checkText(text);
    if (errors && code === EXIT_OK) code = EXIT_FAILED;
    if (json) {
      process.stdout.write(`${JSON.stringify(errors ? { file, ok: false, errors } : { file, ok: true, model: info, errors: [] })}\n`);
    } else {
      process.stdout.write(errors ? problemsText(file, errors) : `${file}: ok (${info.id} ${info.version} ${info.hash})\n`);
    }
  }
  return code;
}

function compile(args) {
  let model = null;
  let output = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o" || a === "--output") {
      output = args[++i];
      if (output === undefined) return usage(`${a} needs a value`);
    } else if (a.startsWith("--output=")) output = a.slice(9);
    else if (a === "--help" || a === "-h") return process.stdout.write(HELP), EXIT_OK;
    else if (a.startsWith("-") && a !== "-") return usage(`unknown option ${a} (compile takes -o FILE)`);
    else if (model === null) model = a;
    else return usage(`one model at a time (also got ${JSON.stringify(a)})`);
  }
  if (output === null) {
    if (model === null || model === "-") return usage("say where to write: -o FILE (or -o - for stdout)");
    output = model.replace(/\.[^./\\]*$/, "") + ".lgm";
  }
  let text;
  try {
    text = model === null ? JSON.stringify(defaultModel()) : readText(model);
  } catch (e) {
    process.stderr.write(`leadgate: cannot read ${model}: ${e.code ?? e.message}\n`);
    return EXIT_USAGE;
  }
  const { errors, info } = checkText(text);
  if (errors) {
    process.stderr.write(problemsText(model ?? "(default model)", errors));
    return EXIT_USAGE;
  }
  const bytes = compileModel(text);
  try {
    if (output === "-") process.stdout.write(bytes);
    else writeFileSync(output, bytes);
  } catch (e) {
    process.stderr.write(`leadgate: cannot write ${output}: ${e.code ?? e.message}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`leadgate: wrote ${output} (${bytes.length} bytes; ${info.id} ${info.version} ${info.hash})\n`);
  return EXIT_OK;
}

function usage(message) {
  process.stderr.write(`leadgate: ${message}\n${HELP}`);
  return EXIT_USAGE;
}

const [command, ...rest] = process.argv.slice(2);
let code;
if (command === "check") code = check(rest);
else if (command === "compile") code = compile(rest);
else if (command === "--version" || command === "-V") {
  process.stdout.write(`leadgate ${version} (npm package)\n`);
  code = EXIT_OK;
} else if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  process.stdout.write(HELP);
  code = EXIT_OK;
} else {
  code = usage(`${JSON.stringify(command)} is not a command of the npm package's CLI`);
}
process.exitCode = code;
