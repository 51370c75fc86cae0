// The report page's inline SVG charts (as the CLI's src/cli/report/chart.rs
// draws them), each followed by its text alternative: a data table with the
// chart's numbers (class `chart-data`, in a <details>), so a screen reader or
// a copy-paste gets the figures, not a picture. Figures are formatted by the
// caller's `fmt` (the report wasm's `format_figure`); this file only lays out.
// A text is either data (a string: a month, a figure, a stage name; marked
// `data-raw`) or a label from the message table ({key, args}; marked
// `data-i18n`), so the language switch and its test reach every word.
import { t } from "./i18n/i18n.js";

/** HTML-escapes a text. */
export const esc = (s) => String(s).replace(/[&<>"']/g, (c) =>
  ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** A label from the message table: `{key, args}` (args already formatted). */
export const L = (key, args) => ({ key, args });
const isLabel = (x) => x !== null && typeof x === "object";
/** A text's words in the current language. */
export const say = (x) => (isLabel(x) ? t(x.key, x.args) : String(x));
/** The attributes that mark a text: `data-i18n(-args)` for a label, `data-raw` for data. */
export const mark = (x) => (isLabel(x)
  ? ` data-i18n="${x.key}"` + (x.args ? ` data-i18n-args="${esc(JSON.stringify(x.args))}"` : "")
  : " data-raw");
/** A text as a marked element (`span` unless `tag`, with `extra` attributes). */
export const txt = (x, tag = "span", extra = "") => `<${tag}${extra}${mark(x)}>${esc(say(x))}</${tag}>`;
/** An attribute (`aria-label`) with its text from the table, marked for the switch. */
export const attr = (name, x) => ` ${name}="${esc(say(x))}"` + (isLabel(x)
  ? ` data-i18n-${name}="${esc(x.key + (x.args ? ` ${JSON.stringify(x.args)}` : ""))}"` : "");

function niceMax(max) {
  if (!(max > 0)) return 1;
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * (1 - 1e-9));
  return 4 * (step ?? 10 * mag);
}
// SVG coordinates (layout, not figures).
const f1 = (x) => x.toFixed(1);
/** An axis tick as a whole percentage (a chart scale, not a report figure). */
export const pct0 = (v) => `${(v * 100).toFixed(0)}%`;
/** The top of a chart's scale for `series`' values. */
export const maxOf = (series) => niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v != null))));

const svgOpen = (w, h, title, cls = "") =>
  `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img"${cls ? ` class="${cls}"` : ""}${attr("aria-label", title)}>` +
  txt(title, "text", ' x="0" y="16" class="t"');

/** A chart's numbers as a table: `head` cells, then `rows` of cells (data strings or labels). */
export function dataTable(title, head, rows) {
  return `<details class="chart-data"><summary>${txt(title)}<span data-raw>:</span> ${txt(L("report_chart_table"))}</summary>` +
    `<table class="chart-data"><caption>${txt(title)}</caption><tr>` +
    head.map((h) => `<th scope="col">${txt(h)}</th>`).join("") + "</tr>" +
    rows.map((r) => `<tr>${r.map((c, i) => (i ? `<td>${txt(c)}</td>` : `<th scope="row">${txt(c)}</th>`)).join("")}</tr>`).join("") +
    "</table></details>";
}

/** Horizontal bars: `bars` of {label, value (0..max), text}; `head` names the table's two columns. */
export function hbars(title, bars, max, color, head = ["", ""]) {
  const [row, left, width] = [26, 170, 640];
  const span = width - left - 150;
  let s = svgOpen(width, 34 + row * bars.length, title);
  bars.forEach((b, i) => {
    const y = 28 + row * i;
    const w = max > 0 ? Math.min(Math.max(b.value / max, 0), 1) * span : 0;
    s += txt(b.label, "text", ` x="${left - 8}" y="${y + 13}" class="l" text-anchor="end"`) +
      `<rect x="${left}" y="${y}" width="${f1(w)}" height="18" rx="2" fill="${color}"/>` +
      txt(b.text, "text", ` x="${f1(left + w + 6)}" y="${y + 13}" class="v"`);
  });
  return s + "</svg>" + dataTable(title, [head[0], head[1]], bars.map((b) => [b.label, b.text]));
}

/**
 * Grouped vertical bars: `cats` on the x axis, `series` of {name, color, values};
 * `fmt` formats a value for the table; `marks` are dashed vertical lines at a
 * fractional category position {at, label} (the suggested thresholds);
 * `axis` names the categories (the table's first column).
 */
export function vbars(title, cats, series, max, fmt, marks = [], axis = "") {
  const [width, height, left, right, top, bottom] = [760, 300, 48, 10, 46, 40];
  const plotW = width - left - right, plotH = height - top - bottom;
  const slot = plotW / Math.max(cats.length, 1);
  const bar = Math.min((slot * 0.8) / Math.max(series.length, 1), 40);
  let s = svgOpen(width, height, title);
  let lx = left;
  for (const se of series) {
    s += `<rect x="${lx}" y="26" width="10" height="10" fill="${se.color}"/>` + txt(se.name, "text", ` x="${lx + 14}" y="35" class="v"`);
    lx += 24 + 7 * [...say(se.name)].length;
  }
  for (let k = 0; k <= 4; k++) {
    const y = top + plotH - (plotH * k) / 4;
    s += `<line x1="${left}" x2="${width - right}" y1="${f1(y)}" y2="${f1(y)}" class="g"/>` +
      txt(pct0((max * k) / 4), "text", ` x="${left - 4}" y="${f1(y + 4)}" class="v" text-anchor="end"`);
  }
  cats.forEach((cat, i) => {
    const x0 = left + slot * i + (slot - bar * series.length) / 2;
    series.forEach((se, j) => {
      const v = se.values[i];
      if (v == null) return;
      const h = max > 0 ? Math.min(Math.max(v / max, 0), 1) * plotH : 0;
      s += `<rect x="${f1(x0 + bar * j)}" y="${f1(top + plotH - h)}" width="${f1(Math.max(bar - 1, 1))}" ` +
        `height="${f1(h)}" fill="${se.color}"><title data-raw>${esc(cat)}: ${esc(say(se.name))} ${esc(fmt(v))}</title></rect>`;
    });
    s += txt(cat, "text", ` x="${f1(left + slot * (i + 0.5))}" y="${height - bottom + 16}" class="l" text-anchor="middle"`);
  });
  marks.forEach((m, k) => {
    const x = left + slot * m.at;
    s += `<line x1="${f1(x)}" x2="${f1(x)}" y1="${top - 4}" y2="${top + plotH}" class="mark"/>` +
      txt(m.label, "text", ` x="${f1(x + 3)}" y="${top + 8 + 14 * k}" class="mk"`);
  });
  const rows = cats.map((cat, i) => [cat, ...series.map((se) => (se.values[i] == null ? "—" : fmt(se.values[i])))]);
  return s + "</svg>" + dataTable(title, [axis, ...series.map((se) => se.name)], rows);
}

/** The funnel: `steps` of [label, count, note]; `group` formats a count. */
export function funnel(steps, group) {
  const [width, row] = [640, 44];
  const max = Math.max(1, ...steps.map((s) => s[1]));
  // Dark enough for white text (≥ 4.5:1).
  const colors = ["#2c5a85", "#2f6b2a", "#8a4a00", "#a3262e"];
  const title = L("report_funnel");
  let s = svgOpen(width, 30 + row * steps.length, title);
  steps.forEach(([label, n, note], i) => {
    // Square-root widths keep a 2% won step visible next to 100% of leads
    // (the page says so under the chart).
    const w = 40 + 360 * Math.sqrt(n / max);
    const y = 26 + row * i;
    s += `<rect x="${f1(220 - w / 2)}" y="${y}" width="${f1(w)}" height="34" rx="3" fill="${colors[i] ?? "#3d6b68"}"/>` +
      `<text x="220" y="${y + 22}" class="b" text-anchor="middle" data-raw>${txt(label, "tspan")} · ${esc(group(n))}</text>` +
      txt(note, "text", ` x="440" y="${y + 22}" class="v"`);
  });
  return s + "</svg>" + dataTable(title, [L("report_step"), L("report_leads"), L("report_conversion")],
    steps.map(([label, n, note]) => [label, group(n), note]));
}

/**
 * A goal's periods as bars (a period in progress: its projection as a
 * lighter bar behind the actual) and its target as a dashed line (class
 * `target`), as the CLI's src/cli/report/goals.rs draws them; `fig` formats
 * a goal figure. Its text alternative is the goal's table, right after it.
 */
export function goalChart(g, fig, title) {
  const [W, H] = [520, 150];
  const target = g.target ?? 0;
  const top0 = Math.max(target, ...g.periods.flatMap((p) => [p.actual, p.projected]).filter((v) => v != null)) * 1.15;
  const top = top0 > 0 ? top0 : 1;
  const slot = (W - 40) / Math.max(g.periods.length, 1);
  const y = (v) => 20 + (H - 40) * (1 - v / top);
  let s = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" class="goal"${attr("aria-label", title)}>`;
  g.periods.forEach((p, i) => {
    const x = 30 + slot * i + slot * 0.15, w = slot * 0.7;
    if (p.projected != null && !p.complete) {
      s += `<rect class="projected" x="${f1(x)}" y="${f1(y(p.projected))}" width="${f1(w)}" height="${f1(Math.max(H - 20 - y(p.projected), 0))}" fill="#c9d7ea"/>`;
    }
    if (p.actual != null) {
      const color = p.status === "met" ? "#59a14f" : p.status === "missed" ? "#e15759" : "#4e79a7";
      s += `<rect x="${f1(x)}" y="${f1(y(p.actual))}" width="${f1(w)}" height="${f1(Math.max(H - 20 - y(p.actual), 0))}" fill="${color}"/>`;
    }
    s += txt(p.period, "text", ` class="l" x="${f1(x + w / 2)}" y="${H - 5}" text-anchor="middle"`);
  });
  const ty = y(target);
  return s + `<line class="target" x1="25" x2="${W - 5}" y1="${f1(ty)}" y2="${f1(ty)}" stroke="#222" stroke-width="1.5" stroke-dasharray="6 4"/>` +
    txt(L("report_goal_target_line", { target: fig(g.target) }), "text", ` class="v" x="${W - 5}" y="${f1(ty - 4)}" text-anchor="end"`) + "</svg>";
}
