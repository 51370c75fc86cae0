// The `teams` section as forms (docs/model.md, "Teams and business hours"):
// each routing team's time zone, working days and hours, and holidays. The
// time zone picker offers the zones the core knows (`timeZones()` of the
// full package, the table `leadgate check` reads; main.js fills the
// `lg-zones` datalist), typed as text so that a misspelt zone reaches the
// core and its "did you mean" hint shows next to the field. Days are two
// pickers (from, to) that write the `hours` key (`mon-fri`, `sat`); a key
// the pickers cannot show (`weekdays`, imported) stays as text, and the
// core says what is wrong with it. No rule of the hours is checked here:
// every problem comes from the core, by path.
import { getAt, setAt, child, renameKey } from "./paths.js";
import { el, text, textField, selectField, button } from "./widgets.js";
import { section, keyName, addKeyButton } from "./forms.js";

/** The day names of `hours` keys, Monday first (the core's). */
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_KEY = new RegExp(`^(${DAYS.join("|")})(?:-(${DAYS.join("|")}))?$`);

/** `mon-fri` → ["mon", "fri"], `sat` → ["sat", ""]; null when the pickers cannot show it. */
export function parseDays(key) {
  const m = DAY_KEY.exec(key);
  return m ? [m[1], m[2] ?? ""] : null;
}

/** The key for days `from`..`to` (`to` empty or equal: one day). */
export const daysKey = (from, to) => (to && to !== from ? `${from}-${to}` : from);

/** Whether the model gives any team business hours (leadgate/lite refuses such a model). */
export function hasHours(model) {
  const teams = model?.teams;
  return teams !== null && typeof teams === "object" && !Array.isArray(teams) && Object.keys(teams).length > 0;
}

/** The zone a new team starts in: the browser's, when the core knows it, else UTC. */
function startZone() {
  const list = document.getElementById("lg-zones");
  let zone = "UTC";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {}
  return [...(list?.options ?? [])].some((o) => o.value === zone) ? zone : "UTC";
}

/** One `hours` entry: the days (two pickers, or the key as text) and the ranges. */
function dayRow(ctx, hoursPath, key, n) {
  const hours = () => getAt(ctx.model(), hoursPath);
  const path = child(hoursPath, key);
  const rename = (to) => {
    if (to && renameKey(hours(), key, to)) ctx.rerender(child(hoursPath, to));
    else {
      ctx.announce("name_taken", { name: to });
      ctx.rerender(path);
    }
  };
  const days = parseDays(key);
  const dayChoices = DAYS.map((d) => [d, `day_${d}`]);
  let dayWidgets;
  if (days) {
    const from = selectField(ctx, `${path}#from`, "hours_from", dayChoices, { onchange: (d) => rename(daysKey(d, days[1])) });
    const to = selectField(ctx, `${path}#to`, "hours_to", dayChoices, { empty: "hours_same_day", onchange: (d) => rename(daysKey(days[0], d ?? "")) });
    from.querySelector("select").value = days[0];
    to.querySelector("select").value = days[1];
    dayWidgets = [from, to];
  } else {
    const w = textField(ctx, `${path}#days`, "hours_days", { keep: true, help: "help_days" });
    const input = w.querySelector("input");
    input.value = key;
    input.addEventListener("input", (e) => e.stopImmediatePropagation(), { capture: true });
    input.addEventListener("change", () => rename(input.value.trim()));
    dayWidgets = [w];
  }
  const ranges = textField(ctx, path, "hours_ranges", { keep: true, help: "help_ranges" });
  const input = ranges.querySelector("input");
  const v = getAt(ctx.model(), path);
  if (Array.isArray(v)) input.value = v.join(", ");
  const box = el("fieldset", { class: "item days" }, text("legend", "hours_n", { n }));
  box.append(
    el("div", { class: "grid3" }, ...dayWidgets, ranges),
    el("div", { class: "tools" }, button("remove", () => {
      delete hours()[key];
      ctx.rerender(hoursPath);
    }, { cls: "btn small danger", aria: "remove_what", ariaArgs: { k_what: "hours_what", n } })),
  );
  return box;
}

let holidayBoxes = 0;

/** The holidays: a date per entry, and a date picker to add one. */
function holidaysEditor(ctx, teamPath) {
  const path = child(teamPath, "holidays");
  const list = getAt(ctx.model(), path);
  const wrap = el("fieldset", { class: "holidays" }, text("legend", "holidays"));
  wrap.dataset.path = path;
  wrap.tabIndex = -1;
  const err = el("div", { class: "err", id: `holidays-${++holidayBoxes}-err`, hidden: true });
  wrap.dataset.err = err.id;
  (Array.isArray(list) ? list : []).forEach((day, i) => {
    const at = `${path}[${i}]`;
    const w = textField(ctx, at, "holiday_n", { args: { n: i + 1 }, keep: true });
    const input = w.querySelector("input");
    input.type = "date";
    input.value = typeof day === "string" ? day : "";
    w.insertBefore(button("remove", () => {
      const all = getAt(ctx.model(), path);
      all.splice(i, 1);
      if (all.length === 0) setAt(ctx.model(), path, undefined);
      ctx.rerender(path);
    }, { cls: "btn small danger", aria: "remove_what", ariaArgs: { k_what: "holiday", n: i + 1 } }), w.querySelector(".err"));
    wrap.append(w);
  });
  // A date picked here is added on "Add a holiday" (an empty entry would be a problem at once).
  const pick = textField(ctx, `${path}#new`, "holiday_new", {});
  const pickInput = pick.querySelector("input");
  pickInput.type = "date";
  pickInput.addEventListener("input", (e) => e.stopImmediatePropagation(), { capture: true });
  const add = button("add_holiday", () => {
    if (!pickInput.value) {
      ctx.announce("holiday_pick_first");
      pickInput.focus();
      return;
    }
    const all = getAt(ctx.model(), path);
    if (Array.isArray(all)) all.push(pickInput.value);
    else setAt(ctx.model(), path, [pickInput.value]);
    ctx.rerender(`${path}[${getAt(ctx.model(), path).length - 1}]`);
  }, { cls: "btn small" });
  add.dataset.add = path;
  wrap.append(el("div", { class: "add-date" }, pick, add), err);
  return wrap;
}

/** The `teams` section: one fieldset per team, "Add a team". */
export function teamsSection(ctx) {
  const teams = ctx.model().teams;
  const wrap = el("div");
  const names = teams !== null && typeof teams === "object" && !Array.isArray(teams) ? Object.keys(teams) : [];
  names.forEach((name, i) => {
    const path = child("teams", name);
    const hoursPath = child(path, "hours");
    const hours = getAt(ctx.model(), hoursPath);
    const box = el("fieldset", { class: "item team" }, text("legend", "team_n", { n: i + 1 }));
    const keys = hours !== null && typeof hours === "object" && !Array.isArray(hours) ? Object.keys(hours) : [];
    const addDays = button("add_days", () => {
      const taken = new Set(keys.flatMap((k) => {
        const d = parseDays(k);
        if (!d) return [];
        const [a, b] = [DAYS.indexOf(d[0]), DAYS.indexOf(d[1] || d[0])];
        return DAYS.slice(a, b + 1);
      }));
      const free = DAYS.find((d) => !taken.has(d));
      if (!free) return ctx.announce("all_days_named");
      setAt(ctx.model(), child(hoursPath, free), "09:00-18:00");
      ctx.rerender(child(hoursPath, free));
    }, { cls: "btn small" });
    addDays.dataset.add = hoursPath;
    box.append(
      el("div", { class: "grid3" },
        keyName(ctx, "teams", name, "team_name", { list: "lg-teams" }),
        textField(ctx, child(path, "timezone"), "team_timezone", { list: "lg-zones", keep: true, help: "help_timezone" })),
      el("div", { class: "hours" }, ...keys.map((k, j) => dayRow(ctx, hoursPath, k, j + 1)), addDays),
      holidaysEditor(ctx, path),
      el("div", { class: "tools" }, button("remove", () => {
        delete ctx.model().teams[name];
        if (Object.keys(ctx.model().teams).length === 0) delete ctx.model().teams;
        ctx.rerender("teams");
      }, { cls: "btn small danger", aria: "remove_what", ariaArgs: { k_what: "team", n: i + 1 } })),
    );
    wrap.append(box);
  });
  wrap.append(addKeyButton("add_team", "teams", () => {
    if (!names.length) setAt(ctx.model(), "teams", {});
    const all = ctx.model().teams;
    const routed = (Array.isArray(ctx.model().routing) ? ctx.model().routing : []).map((r) => r?.team);
    let name = routed.find((t) => typeof t === "string" && t && !Object.hasOwn(all, t));
    for (let n = 1; !name; n++) if (!Object.hasOwn(all, `team_${n}`)) name = `team_${n}`;
    all[name] = { timezone: startZone(), hours: { "mon-fri": "09:00-18:00" } };
    ctx.rerender(child(child("teams", name), "timezone"));
  }));
  return section("s-teams", "sec_teams", "intro_teams", wrap);
}
