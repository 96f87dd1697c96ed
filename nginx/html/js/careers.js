// The career explorer: pick a career (GET /careers), see its profile (/careers/{soc}) and a map
// of the states (/careers/{soc}/states) coloured by a chosen figure. Hovering or focusing a
// state shows its pay and growth beside the national figures; a state without published data
// is hatched, never drawn as zero.

import { getJSON, noteMissing, endpointMissing } from "./api.js";
import { el, clear, message, errorText, money, pct, ratio, count, isNum, figure, flagWords, requiresText } from "./format.js";
import { STATE_NAME } from "./states.js";
import { go, currentParams, href } from "./nav.js";
import { drawMap, highlight, classes, classOf, colour } from "./map.js";

export const METRICS = {
  median: { label: "Median annual pay", short: "median pay", fmt: money, palette: "blue" },
  mean: { label: "Mean annual pay", short: "mean pay", fmt: money, palette: "blue" },
  growth_pct: { label: "Projected job growth", short: "job growth", fmt: pct, palette: "green" },
  location_quotient: { label: "Location quotient", short: "location quotient", fmt: ratio, palette: "purple" },
};
// The rows of the state panel: the map's figures and the two counts beside them.
const ROWS = [
  ["mean", "Mean annual pay", money],
  ["median", "Median annual pay", money],
  ["growth_pct", "Job growth (projected)", pct],
  ["annual_openings", "Openings a year", count],
  ["employment", "Employment", count],
  ["location_quotient", "Location quotient", ratio],
];
const OUTLOOK = { bright: "Bright outlook", average: "Average outlook", below_average: "Below-average outlook" };
export const DEFAULT_SOC = "29-2072";

let list = null; // promise of the careers list ([] when the endpoint is missing)
let map = null; // {elements, highlight} once drawn
let mapReady = null;
let cur = { soc: null, profile: null, states: null, byState: new Map(), error: null };
let metric = "mean";
let pinned = null;
let hovered = null;
let loadCtl = null;
let ui = {};

export function init() {
  ui = {
    select: document.getElementById("career-select"),
    error: document.getElementById("careers-error"),
    profile: document.getElementById("career-profile"),
    svg: document.getElementById("us-map"),
    panel: document.getElementById("state-panel"),
    legend: document.getElementById("map-legend"),
    table: document.getElementById("state-table"),
    metrics: document.getElementById("metric-choice"),
    mapNote: document.getElementById("map-note"),
  };
  let timer = 0;
  ui.select.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(() => go(new URLSearchParams({ view: "careers", soc: ui.select.value })), 250);
  });
  ui.metrics.addEventListener("change", (e) => {
    if (e.target.name !== "metric") return;
    const p = currentParams();
    p.set("metric", e.target.value);
    go(p, { replace: true });
  });
}

// The careers of the field, for this view's and the pathway's pickers.
export function careerList() {
  if (!list) {
    if (endpointMissing("careers")) return Promise.reject(new Error("no /careers"));
    list = getJSON("/careers", { per_page: 100 }).then((b) => b.data || []).catch((err) => {
      noteMissing("careers", err);
      list = null;
      throw err;
    });
  }
  return list;
}

export function fillCareerSelect(select, soc, placeholder) {
  return careerList().then((items) => {
    clear(select);
    if (placeholder) select.append(el("option", { value: "", text: placeholder }));
    for (const c of [...items].sort((a, b) => a.title.localeCompare(b.title))) {
      select.append(el("option", { value: c.soc, text: c.title }));
    }
    if (soc) select.value = soc;
    return items;
  });
}

export async function show(p) {
  if (!mapReady) {
    mapReady = drawMap(ui.svg, { show: onShow, leave: onLeave, pick: onPick }).then((m) => {
      map = m;
      return m;
    });
  }
  const soc = p.get("soc") || DEFAULT_SOC;
  pinned = (p.get("state") || "").toUpperCase() || null;
  let items = [];
  try {
    items = await fillCareerSelect(ui.select, soc);
  } catch (err) {
    message(ui.error, endpointMissing("careers")
      ? "Career data is not available on this server yet: the career endpoints (/api/v1/careers) are not installed. The map shows every state as \u201cno data\u201d until they are; the school finder works."
      : errorText(err, "The list of careers"));
    clear(ui.select).append(el("option", { value: "", text: "Career data is not available" }));
    ui.select.disabled = true;
  }
  if (items.length) {
    ui.select.disabled = false;
    if (!items.some((c) => c.soc === soc) && !p.get("soc")) ui.select.value = items[0].soc;
  }
  await mapReady;
  if (soc !== cur.soc) await load(items.length || !endpointMissing("careers") ? soc : null);
  const asked = p.get("metric");
  metric = METRICS[asked] ? asked : defaultMetric();
  paint();
}

async function load(soc) {
  if (loadCtl) loadCtl.abort();
  loadCtl = new AbortController();
  const signal = loadCtl.signal;
  cur = { soc, profile: null, states: null, byState: new Map(), error: null };
  clear(ui.profile);
  if (!soc) return;
  message(ui.error, "");
  ui.profile.append(el("p", { class: "msg", text: "Loading the career\u2026" }));
  const [prof, states] = await Promise.allSettled([
    getJSON(`/careers/${encodeURIComponent(soc)}`, null, signal),
    getJSON(`/careers/${encodeURIComponent(soc)}/states`, null, signal),
  ]);
  if (signal.aborted) return;
  clear(ui.profile);
  if (prof.status === "fulfilled") {
    cur.profile = prof.value.data;
    renderProfile(cur.profile);
  } else {
    message(ui.profile, errorText(prof.reason, "This career's profile"));
  }
  if (states.status === "fulfilled") {
    cur.states = states.value;
    for (const it of states.value.data || []) cur.byState.set(String(it.state).toUpperCase(), it);
    ui.mapNote.textContent = "";
  } else {
    noteMissing("career-states", states.reason);
    ui.mapNote.textContent = states.reason.missing
      ? "State figures are not available on this server yet (/api/v1/careers/{soc}/states): every state is shown as \u201cno data\u201d."
      : errorText(states.reason, "The state figures");
  }
}

// Median pay where any state has it; else mean pay (today's state files carry means only).
function defaultMetric() {
  const vals = [...cur.byState.values()];
  for (const m of ["median", "mean", "growth_pct", "location_quotient"]) {
    if (vals.some((it) => isNum(it[m]))) return m;
  }
  return "median";
}

function national() {
  const n = (cur.states && cur.states.meta && cur.states.meta.national) || {};
  const prof = cur.profile || {};
  const w = prof.wages || {};
  const o = prof.outlook || {};
  const pick = (k, ...alts) => (n[k] !== undefined ? n[k] : alts.find((a) => a !== undefined));
  return {
    mean: pick("mean", w.mean),
    median: pick("median", w.median),
    growth_pct: pick("growth_pct", o.growth_pct),
    annual_openings: pick("annual_openings", o.annual_openings),
    employment: pick("employment", w.employment),
    location_quotient: pick("location_quotient", cur.profile ? 1 : undefined),
    flags: n.flags || w.flags || {},
  };
}

function value(code, key) {
  const it = cur.byState.get(code);
  return it ? it[key] : null;
}

function flag(code, key) {
  const it = cur.byState.get(code);
  if (!it) return "not_loaded";
  return (it.flags && it.flags[key]) || (isNum(it[key]) ? null : "not_published");
}

// Colours, legend, metric choices, the panel and the table, for the current career and metric.
function paint() {
  const m = METRICS[metric];
  for (const input of ui.metrics.querySelectorAll("input[name=metric]")) {
    const any = [...cur.byState.values()].some((it) => isNum(it[input.value]));
    input.checked = input.value === metric;
    input.closest(".choice").classList.toggle("zero", !any);
    const note = input.closest(".choice").querySelector(".count");
    note.textContent = any ? "" : "(no state data)";
  }
  const cls = classes([...map.elements.keys()].map((code) => value(code, metric)));
  const counts = new Array(cls.k).fill(0);
  let missing = 0;
  for (const [code, e] of map.elements) {
    const v = value(code, metric);
    const shapes = e.tagName === "g" ? e.querySelectorAll(".shape") : [e];
    let fill;
    if (isNum(v)) {
      const i = classOf(v, cls);
      counts[i]++;
      fill = colour(m.palette, i, cls.k);
      e.classList.remove("nodata");
    } else {
      missing++;
      fill = "url(#hatch)";
      e.classList.add("nodata");
    }
    for (const s of shapes) s.setAttribute("fill", fill);
    e.setAttribute("aria-label", stateLabel(code));
    e.setAttribute("aria-pressed", String(code === pinned));
  }
  renderLegend(cls, counts, missing);
  if (!hovered) highlight(map.highlight, pinned ? map.elements.get(pinned) : null, "pinned");
  renderPanel(hovered || pinned);
  renderTable();
  const title = cur.profile ? cur.profile.title : (ui.select.selectedOptions[0] || {}).text || "";
  ui.svg.setAttribute("aria-label", `Map of the United States: ${m.label.toLowerCase()}${title ? ` of ${title}` : ""} by state`);
}

function stateLabel(code) {
  const name = STATE_NAME[code] || code;
  const parts = [];
  for (const k of ["mean", "median", "growth_pct"]) {
    const v = value(code, k);
    if (isNum(v)) parts.push(`${METRICS[k].short} ${METRICS[k].fmt(v)}`);
  }
  return parts.length ? `${name}: ${parts.join("; ")}` : `${name}: no published data`;
}

function renderLegend(cls, counts, missing) {
  const m = METRICS[metric];
  clear(ui.legend);
  const years = yearsNote();
  ui.legend.append(el("p", { class: "legend-title", text: `${m.label}${years ? ` (${years})` : ""}` }));
  const ul = el("ul", { class: "legend-list" });
  for (let i = 0; i < cls.k; i++) {
    const lo = i === 0 ? cls.min : cls.breaks[i - 1];
    const hi = i === cls.k - 1 ? cls.max : cls.breaks[i];
    const range = lo === hi ? m.fmt(lo) : `${m.fmt(lo)} to ${i === cls.k - 1 ? "" : "under "}${m.fmt(hi)}`;
    ul.append(el("li", { dataset: { bin: String(i) } }, swatch(colour(m.palette, i, cls.k)), `${range} (${counts[i]})`));
  }
  ul.append(el("li", { class: "legend-nodata", dataset: { bin: "nodata" } }, swatch("url(#hatch)"),
    `No published data (${missing})`));
  ui.legend.append(ul);
}

function yearsNote() {
  const it = [...cur.byState.values()].find((x) => isNum(x[metric]));
  if (!it) return "";
  if (metric === "growth_pct" && it.base_year && it.projected_year) return `${it.base_year}\u2013${it.projected_year}`;
  if (metric !== "growth_pct" && (it.wage_year || it.year)) return `state estimates, May ${it.wage_year || it.year}`;
  return "";
}

function swatch(fill) {
  const s = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  s.setAttribute("class", "swatch");
  s.setAttribute("viewBox", "0 0 20 14");
  s.setAttribute("aria-hidden", "true");
  const r = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  r.setAttribute("width", "20");
  r.setAttribute("height", "14");
  r.setAttribute("fill", fill);
  s.append(r);
  return s;
}

function cell(v, f, fmt, field) {
  const fig = figure(v, f, fmt);
  return el("td", { class: fig.missing ? "missing" : null, dataset: field ? { field, value: isNum(v) ? String(v) : "" } : null, text: fig.text });
}

// The panel beside the map: the state in hand (or a prompt) and the national figures.
function renderPanel(code) {
  clear(ui.panel);
  const nat = national();
  const name = code ? STATE_NAME[code] || code : null;
  ui.panel.dataset.state = code || "";
  ui.panel.append(el("h3", { text: name || "United States" }));
  if (!code) ui.panel.append(el("p", { class: "hint", text: "Hover over a state, or tab to it, to compare it with the nation. Click or press Enter to keep it here." }));
  const t = el("table", { class: "compare" },
    el("caption", { class: "visually-hidden", text: name ? `${name} compared with the United States` : "National figures" }),
    el("thead", null, el("tr", null,
      el("th", { scope: "col", text: "Figure" }),
      name ? el("th", { scope: "col", text: name }) : null,
      el("th", { scope: "col", text: "United States" }))));
  const body = el("tbody");
  for (const [key, lab, fmt] of ROWS) {
    body.append(el("tr", null, el("th", { scope: "row", text: lab }),
      name ? cell(value(code, key), flag(code, key), fmt, key) : null,
      cell(nat[key], nat.flags[key], fmt, `national-${key}`)));
  }
  t.append(body);
  ui.panel.append(t);
  const it = code && cur.byState.get(code);
  const notes = [];
  if (it && (it.wage_year || it.year)) notes.push(`State pay: May ${it.wage_year || it.year} estimates.`);
  if (it && it.base_year && it.projected_year) notes.push(`State projection ${it.base_year}\u2013${it.projected_year}.`);
  const prof = cur.profile;
  if (prof && prof.wages && prof.wages.year) notes.push(`National pay: May ${prof.wages.year}.`);
  if (prof && prof.outlook && prof.outlook.base_year) notes.push(`National projection ${prof.outlook.base_year}\u2013${prof.outlook.projected_year}.`);
  if (it && it.category && it.category !== "null") notes.push(`Compared with the nation: ${it.category}.`);
  if (notes.length) ui.panel.append(el("p", { class: "note", text: notes.join(" ") }));
}

function renderTable() {
  clear(ui.table);
  ui.table.append(
    el("caption", { text: "Every state's figures (the map's data as a table)" }),
    el("thead", null, el("tr", null, el("th", { scope: "col", text: "State" }),
      ROWS.map(([, lab]) => el("th", { scope: "col", text: lab })))));
  const body = el("tbody");
  for (const code of map.elements.keys()) {
    body.append(el("tr", null, el("th", { scope: "row", text: STATE_NAME[code] || code }),
      ROWS.map(([key, , fmt]) => cell(value(code, key), flag(code, key), fmt))));
  }
  ui.table.append(body);
}

function onShow(code, how) {
  hovered = code;
  highlight(map.highlight, map.elements.get(code), how);
  renderPanel(code);
}

function onLeave(code) {
  if (hovered !== code) return;
  hovered = null;
  highlight(map.highlight, pinned ? map.elements.get(pinned) : null, "pinned");
  renderPanel(pinned);
}

function onPick(code) {
  pinned = pinned === code ? null : code;
  for (const [c, e] of map.elements) e.setAttribute("aria-pressed", String(c === pinned));
  const p = currentParams();
  if (pinned) p.set("state", pinned);
  else p.delete("state");
  if (!p.get("view")) p.set("view", "careers");
  history.replaceState(history.state, "", href(p));
  renderPanel(hovered || pinned);
}

const sentence = (t) => (/[.!?]$/.test(t) ? t : `${t}.`);

function renderProfile(c) {
  const w = c.wages || {};
  const o = c.outlook || {};
  const wf = w.flags || {};
  const facts = [
    ["Median pay (US)", figure(w.median, wf.median, money).text + (w.year ? `, May ${w.year}` : "")],
    ["Mean pay (US)", figure(w.mean, wf.mean, money).text],
    ["Pay range (10th to 90th percentile)", isNum(w.p10) && isNum(w.p90) ? `${money(w.p10)} to ${wf.p90 === "at_least" ? "at least " : ""}${money(w.p90)}` : "not published"],
    ["Job growth", isNum(o.growth_pct) ? `${pct(o.growth_pct)}${o.base_year ? ` (${o.base_year}\u2013${o.projected_year})` : ""}${o.category ? ` \u00b7 ${OUTLOOK[o.category] || o.category}` : ""}` : "not published"],
    ["Openings a year", isNum(o.annual_openings) ? count(o.annual_openings) : "not published"],
    ["Employment (US)", isNum(w.employment) ? count(w.employment) : flagWords(wf.employment)],
    ["Typical education", c.typical_education || "not published"],
    ["Work experience", c.work_experience || "none"],
    ["On-the-job training", c.on_the_job_training || "none"],
  ];
  const h = el("h2", { id: "career-title", text: c.title });
  ui.profile.append(h, el("p", { class: "soc", text: `SOC ${c.soc}` }));
  if (c.description) ui.profile.append(el("p", { class: "desc", text: c.description }));
  if (c.alternate_titles && c.alternate_titles.length) {
    ui.profile.append(el("p", { class: "alt" }, "Also called: ", c.alternate_titles.slice(0, 8).join(", ")));
  }
  ui.profile.append(el("dl", { class: "key-facts" }, facts.map(([t, v]) => el("div", null, el("dt", { text: t }), el("dd", { text: v })))));

  const certs = c.certifications || [];
  ui.profile.append(el("h3", { text: "Certifications" }));
  if (certs.length) {
    ui.profile.append(el("ul", { class: "certs" }, certs.map((x) => el("li", null,
      el("strong", { text: `${x.code}` }), ` \u2014 ${x.name || ""}${x.issuer ? ` (${x.issuer})` : ""}`,
      requiresText(x) ? el("span", { class: "requires" }, ` Before the exam: ${sentence(requiresText(x))}`) : null,
      " ", el("a", { href: href(new URLSearchParams({ eligible_for: x.code })) }, `Programs that qualify you for ${x.code}`)))));
  } else {
    ui.profile.append(el("p", { text: "No certification is usually asked for." }));
  }
  const path = new URLSearchParams({ view: "pathway", career: c.soc });
  ui.profile.append(el("p", null, el("a", { class: "button-link", href: href(path) }, "Plan your pathway into this career"),
    isNum(c.program_count) ? ` \u00b7 ${count(c.program_count)} programs in the school finder prepare for it.` : ""));

  const rel = c.related || [];
  if (rel.length) {
    ui.profile.append(el("h3", { text: "Related careers" }),
      el("ul", { class: "links" }, rel.map((r) => el("li", null,
        el("a", { href: href(new URLSearchParams({ view: "careers", soc: r.soc })) }, r.title)))));
  }
}
