// The report page's column-mapping step (issue 14): after a file is read,
// shows each field the report reads with the column it was matched to and
// how (the Rust of `leadgate report`: src/ingest/columns.rs, through the
// wasm's columns_json), a <select> per field, the encoding and delimiter
// controls, and the file's first rows as read. "Apply" re-runs the report
// with the picked mapping as `options.mapping` — read by the same Rust as
// the CLI's `--mapping FILE` (report::Mapping::merge_value); nothing is
// matched here. `null` maps a field to no column.
let $, state, esc, rerun;

/** How a field was matched (FieldMatch::how in src/ingest/columns.rs). */
const HOW = {
  mapped: "your choice",
  name: "its own name",
  preset: "the vendor preset",
  alias: "a known alias",
  none: "none (your choice)",
  missing: "not found",
};

/** The page's control for each CLI flag that core messages name (one table). */
const FLAG_CONTROLS = [
  [/--map '?stage:[^ ]*'?/g, "the stage mapping (CLI: leadgate report --map 'stage:VALUE=mql')"],
  [/--map [a-z_]+=(COLUMN|"[^"]*"|\S+)/g, "the Columns step below"],
  [/--mapping/g, "the Columns step below"],
  [/--encoding [^ ,)]+(, --encoding [^ ,)…]+)*…?/g, "the Encoding control under Columns"],
  [/--encoding/g, "the Encoding control under Columns"],
  [/--delimiter "?([^" )]+)"?/g, "the Delimiter control under Columns: $1"],
  [/--delimiter/g, "the Delimiter control under Columns"],
  [/--sheet/g, "the sheet"],
];

/** A core message with the CLI flags it names replaced by this page's controls. */
export function pageText(message) {
  return FLAG_CONTROLS.reduce((text, [re, control]) => text.replace(re, control), message);
}

/** Wires the step to the page; returns { show(file, engine), reset(), mapping(), read() }. */
export function setUpMapping(page) {
  ({ $, state, esc, rerun } = page);
  $("map-apply").addEventListener("click", () => rerun());
  for (const id of ["map-encoding", "map-delimiter"]) $(id).addEventListener("change", () => rerun());
  return { show, reset, mapping, read };
}

/** A new file: no picks yet. */
function reset() {
  state.mapping = {};
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
  const how = [c.format, c.reading.encoding && `encoding ${c.reading.encoding} (${c.reading.encoding_from})`,
    c.reading.delimiter && `delimiter ${c.reading.delimiter} (${c.reading.delimiter_from})`,
    c.reading.sheet && `sheet ${c.reading.sheet}`, c.preset && `preset ${c.preset}`].filter(Boolean).join(", ");
  $("map-read").textContent = `Read as: ${how}.` + (c.preset_warning ? ` ${c.preset_warning}` : "");
  const choices = (selected) => `<option value=""${selected == null ? " selected" : ""}>(none)</option>` +
    c.names.map((n, i) => `<option value="${i}"${selected === i ? " selected" : ""}>${esc(n)}</option>`).join("");
  $("map-fields").innerHTML = "<tr><th scope=\"col\">field</th><th scope=\"col\">column</th>" +
    "<th scope=\"col\">matched by</th></tr>" + c.fields.map((f) =>
      `<tr><th scope="row"><label for="map-${f.field}">${esc(f.field)}${f.required ? " (required)" : ""}</label></th>` +
      `<td><select id="map-${f.field}" data-field="${f.field}" aria-describedby="map-how-${f.field}">` +
      `${choices(f.column)}</select></td><td id="map-how-${f.field}">${esc(HOW[f.how] ?? f.how)}</td></tr>`).join("");
  for (const select of $("map-fields").querySelectorAll("select")) {
    select.addEventListener("change", () => {
      const v = select.value;
      state.mapping[select.dataset.field] = v === "" ? null : c.names[Number(v)];
    });
  }
  $("map-preview").innerHTML = `<caption>First ${c.rows.length} rows of ${esc(file.name)}, as read</caption>` +
    `<thead><tr>${c.names.map((n) => `<th scope="col">${esc(n)}</th>`).join("")}</tr></thead>` +
    `<tbody>${c.rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join("")}</tr>`).join("")}</tbody>`;
  $("map").hidden = false;
}
