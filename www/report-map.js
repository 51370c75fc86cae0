// The report page's column-mapping step (issue 14): after a file is read,
// shows each field the report reads with the column it was matched to and
// how (the Rust of `leadgate report`: src/ingest/columns.rs, through the
// wasm's columns_json), a <select> per field, the encoding and delimiter
// controls, and the file's first rows as read. "Apply" re-runs the report
// with the picked mapping as `options.mapping` — read by the same Rust as
// the CLI's `--mapping FILE` (report::Mapping::merge_value); nothing is
// matched here. `null` maps a field to no column.
// Every word from the message table (report_map_*, report_how_*, report_ctl_*).
import { esc, txt, L, say } from "./report-charts.js";
import { t } from "./i18n/i18n.js";

let $, state, rerun;
/** The last step drawn (redrawn after a language switch). */
let last = null;

/** How a field was matched (FieldMatch::how in src/ingest/columns.rs): a report_how_* key. */
const HOW = ["mapped", "name", "preset", "alias", "none", "missing"];

/** The page's control (a report_ctl_* key) for each CLI flag that core messages name (one table). */
const FLAG_CONTROLS = [
  [/--map '?stage:[^ ]*'?/g, "report_ctl_stage"],
  [/--map [a-z_]+=(COLUMN|"[^"]*"|\S+)/g, "report_ctl_columns"],
  [/--mapping/g, "report_ctl_columns"],
  [/--encoding [^ ,)]+(, --encoding [^ ,)…]+)*…?/g, "report_ctl_encoding"],
  [/--encoding/g, "report_ctl_encoding"],
  [/--delimiter "?([^" )]+)"?/g, "report_ctl_delimiter_is"],
  [/--delimiter/g, "report_ctl_delimiter"],
  [/--sheet/g, "report_ctl_sheet"],
];

/** A core message with the CLI flags it names replaced by this page's controls (in the page's language). */
export function pageText(message) {
  return FLAG_CONTROLS.reduce((text, [re, key]) => text.replace(re, (_, d) => t(key, { d: d ?? "" })), message);
}

const mark0 = (key) => ` data-i18n="${key}"`;

/** Wires the step to the page; returns { show(file, engine), reset(), mapping(), read() }. */
export function setUpMapping(page) {
  ({ $, state, rerun } = page);
  $("map-apply").addEventListener("click", () => rerun());
  for (const id of ["map-encoding", "map-delimiter"]) $(id).addEventListener("change", () => rerun());
  return { show, reset, mapping, read, redraw: () => last && draw(...last) };
}

/** A new file: no picks yet. */
function reset() {
  state.mapping = {};
  last = null;
  $("map-encoding").value = "";
  $("map-delimiter").value = "";
  $("map").hidden = true;
  $("map-fields").innerHTML = "";
  $("map-preview").innerHTML = "";
}

/** The options the controls add: { mapping?, encoding?, delimiter? }. */
function read() {
  const o = {};
  if (Object.keys(state.mapping).length) o.mapping = state.mapping;
  if ($("map-encoding").value) o.encoding = $("map-encoding").value;
  if ($("map-delimiter").value) o.delimiter = $("map-delimiter").value;
  return o;
}

/** The picks in the selects: fields whose column differs from the automatic match. */
function mapping() {
  return state.mapping;
}

/** Reads the file's first 64 KiB (a workbook: all of it) and draws the step. */
async function show(file, engine, options) {
  const workbook = state.workbook;
  const size = workbook ? file.size : Math.min(file.size, 64 * 1024);
  const bytes = new Uint8Array(await file.slice(0, size).arrayBuffer());
  const json = engine.columns_json(bytes, size === file.size, file.name, options);
  const c = JSON.parse(json);
  if (c.error) {
    $("map").hidden = true;
    return;
  }
  last = [c, file.name];
  draw(c, file.name);
}

/** Draws the step for the columns `c` of the file `name` in the page's language. */
function draw(c, name) {
  // How the bytes were read: "detected", "forced"… are the core's words, kept as written.
  const from = (x) => (["detected", "forced"].includes(x) ? say(L(`report_from_${x}`)) : x);
  const how = [c.format, c.reading.encoding && say(L("report_read_encoding", { encoding: c.reading.encoding, from: from(c.reading.encoding_from) })),
    c.reading.delimiter && say(L("report_read_delimiter", { d: c.reading.delimiter, from: from(c.reading.delimiter_from) })),
    c.reading.sheet && say(L("report_sheet_is", { sheet: c.reading.sheet })),
    c.preset && say(L("report_read_preset", { preset: c.preset }))].filter(Boolean).join(", ");
  $("map-read").innerHTML = txt(L("report_map_read", { how })) + (c.preset_warning ? ` ${txt(c.preset_warning)}` : "");
  const choices = (selected) => `<option value=""${selected == null ? " selected" : ""}${mark0("report_none")}>${esc(t("report_none"))}</option>` +
    c.names.map((n, i) => `<option value="${i}"${selected === i ? " selected" : ""} data-raw>${esc(n)}</option>`).join("");
  const picked = (f) => {
    // A pick not yet applied stays picked when the step is drawn again.
    if (!(f.field in state.mapping)) return f.column;
    const col = state.mapping[f.field];
    return col == null ? null : c.names.indexOf(col);
  };
  $("map-fields").innerHTML = `<tr><th scope="col">${txt(L("report_field"))}</th><th scope="col">${txt(L("report_column"))}</th>` +
    `<th scope="col">${txt(L("report_matched_by"))}</th></tr>` + c.fields.map((f) =>
      `<tr><th scope="row"><label for="map-${f.field}"><span data-raw>${esc(f.field)}</span>` +
      `${f.required ? ` ${txt(L("report_required"))}` : ""}</label></th>` +
      `<td><select id="map-${f.field}" data-field="${f.field}" aria-describedby="map-how-${f.field}">` +
      `${choices(picked(f))}</select></td><td id="map-how-${f.field}">${txt(HOW.includes(f.how) ? L(`report_how_${f.how}`) : f.how)}</td></tr>`).join("");
  for (const select of $("map-fields").querySelectorAll("select")) {
    select.addEventListener("change", () => {
      const v = select.value;
      state.mapping[select.dataset.field] = v === "" ? null : c.names[Number(v)];
    });
  }
  $("map-preview").innerHTML = `<caption>${txt(L("report_map_preview", { n: c.rows.length, name }))}</caption>` +
    `<thead><tr>${c.names.map((n) => `<th scope="col" data-raw>${esc(n)}</th>`).join("")}</tr></thead>` +
    `<tbody>${c.rows.map((r) => `<tr>${r.map((v) => `<td data-raw>${esc(v)}</td>`).join("")}</tr>`).join("")}</tbody>`;
  $("map").hidden = false;
}
