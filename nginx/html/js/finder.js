// The school finder: GET /api/v1/programs with every finder parameter, facet counts beside each
// choice, pages, sort, a CSV link of the same search, and a program's detail (/programs/{id}).
// The page URL carries exactly the API's parameter names, so a shared URL is the same search.

import { getJSON, apiUrl } from "./api.js";
import {
  el, clear, message, errorText, label, count, isNum, flagWords,
  DEGREES, FIELDS, DELIVERIES, CONTROLS, ACCREDITATION_STATUSES, CERTIFICATIONS,
} from "./format.js";
import { STATES } from "./states.js";
import { go, href, focusNode } from "./nav.js";
import { programCard, place, accreditationText, deliveryText, tuitionText } from "./cards.js";
import { attachSuggest } from "./suggest.js";

// Parameters of the finder kept in the page URL (API.md, GET /programs).
const TEXT_KEYS = ["q", "city", "zip", "radius", "accredited", "tuition_min", "tuition_max",
  "credits_min", "credits_max", "sort", "per_page"];
const CHOICES = {
  degree: DEGREES,
  field: FIELDS,
  delivery: DELIVERIES,
  eligible_for: CERTIFICATIONS,
  control: CONTROLS,
  accreditation_status: ACCREDITATION_STATUSES,
  state: STATES.map(([code, , name]) => [code, name]),
};
const KEYS = [...TEXT_KEYS, ...Object.keys(CHOICES), "include_online", "page"];
const FACETS = Object.keys(CHOICES).join(",");
const PER_PAGE = 20;

let form, results, pager, status, dym, errorBox, csvLink, detail, resultsArea;
let lastKey = null;
let searchCtl = null;
let detailCtl = null;
let lastBody = null;

export function init() {
  form = document.getElementById("finder-form");
  results = document.getElementById("results");
  pager = document.getElementById("pager");
  status = document.getElementById("result-count");
  dym = document.getElementById("did-you-mean");
  errorBox = document.getElementById("finder-error");
  csvLink = document.getElementById("csv-link");
  detail = document.getElementById("program-detail");
  resultsArea = document.getElementById("results-area");

  for (const [name, table] of Object.entries(CHOICES)) buildChoices(name, table);
  // On a phone the filters start folded under their "Filters" switch.
  if (window.matchMedia("(max-width: 46rem)").matches) document.getElementById("filters-box").open = false;

  // Checkboxes and selects apply at once; text fields on change (Enter or leaving the field).
  form.addEventListener("change", (e) => {
    if (e.target.name === "q") return;
    apply();
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
  });
  document.getElementById("finder-clear").addEventListener("click", () => go(new URLSearchParams()));
  // Pages, program titles and "did you mean" are links to real URLs; follow them here.
  for (const box of [pager, results, dym]) {
    box.addEventListener("click", (e) => {
      const a = e.target.closest("a");
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      const p = new URLSearchParams(a.search);
      const toDetail = p.has("program");
      go(p, { state: toDetail ? { fromResults: true } : null });
      if (!toDetail) focusNode(document.getElementById("results-heading"));
    });
  }
  attachSuggest(document.getElementById("q"), document.getElementById("q-suggestions"), pick);
}

// A type-ahead hit: open what it names.
function pick(hit) {
  const p = new URLSearchParams();
  switch (hit.type) {
    case "program": p.set("program", hit.id); break;
    case "career": p.set("view", "careers"); p.set("soc", hit.id); break;
    case "certification": p.set("eligible_for", hit.id); break;
    default: p.set("q", hit.label); break;
  }
  go(p, { state: hit.type === "program" ? { fromResults: true } : null });
}

function buildChoices(name, table) {
  const box = form.querySelector(`.choices[data-name="${name}"]`);
  for (const [value, text] of table) box.append(choice(name, value, text));
}

function choice(name, value, text) {
  const id = `f-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return el("div", { class: "choice", dataset: { value } },
    el("input", { type: "checkbox", id, name, value }),
    el("label", { for: id }, text, " ", el("span", { class: "count", dataset: { count: `${name}:${value}` } })));
}

// The form as finder parameters (only the ones set); page back to 1.
function formParams() {
  const p = new URLSearchParams();
  const fd = new FormData(form);
  for (const key of TEXT_KEYS) {
    const v = (fd.get(key) || "").toString().trim();
    if (v) p.set(key, v);
  }
  for (const name of Object.keys(CHOICES)) {
    const vals = fd.getAll(name);
    if (vals.length) p.set(name, vals.join(","));
  }
  if (!p.has("zip")) {
    p.delete("radius");
  } else if (fd.get("include_online")) {
    p.set("include_online", "true");
  }
  if (p.get("radius") === "50") p.delete("radius");
  // A sort that needs what is gone falls back to the API's default.
  if ((p.get("sort") || "").replace("-", "") === "relevance" && !p.has("q")) p.delete("sort");
  if ((p.get("sort") || "").replace("-", "") === "distance" && !p.has("zip")) p.delete("sort");
  return p;
}

function apply() {
  const zip = form.elements.namedItem("zip");
  if (zip.value.trim() && !/^[0-9]{5}$/.test(zip.value.trim())) {
    zip.setAttribute("aria-invalid", "true");
    message(errorBox, "Enter a ZIP code of five digits, or leave it empty.");
    return;
  }
  zip.removeAttribute("aria-invalid");
  message(errorBox, "");
  go(formParams());
}

// Puts the URL's parameters into the form.
function fillForm(p) {
  for (const key of TEXT_KEYS) {
    const field = form.elements.namedItem(key);
    if (field) field.value = p.get(key) || (key === "radius" ? "50" : "");
  }
  for (const name of Object.keys(CHOICES)) {
    const on = new Set((p.get(name) || "").split(",").map((s) => s.trim()).filter(Boolean)
      .map((v) => (name === "state" || name === "eligible_for" ? v.toUpperCase() : v.toLowerCase())));
    const box = form.querySelector(`.choices[data-name="${name}"]`);
    for (const v of on) {
      if (!box.querySelector(`.choice[data-value="${CSS.escape(v)}"]`)) box.append(choice(name, v, v));
    }
    for (const input of box.querySelectorAll("input")) input.checked = on.has(input.value);
  }
  const online = form.elements.namedItem("include_online");
  online.checked = p.get("include_online") === "true";
  online.disabled = !p.get("zip");
  const sort = form.elements.namedItem("sort");
  sort.querySelector('option[value="relevance"]').disabled = !p.get("q");
  sort.querySelector('option[value="distance"]').disabled = !p.get("zip");
  const more = document.getElementById("more-filters");
  if (["city", "control", "accreditation_status", "credits_min", "credits_max"].some((k) => p.get(k))) more.open = true;
  for (const f of form.querySelectorAll("[aria-invalid]")) f.removeAttribute("aria-invalid");
}

export function show(p) {
  fillForm(p);
  const set = KEYS.filter((k) => !["q", "sort", "page", "per_page", "radius"].includes(k) && p.get(k)).length;
  document.querySelector("#filters-box > summary").textContent = set ? `Filters (${set} set)` : "Filters";
  search(p);
  if (p.get("program")) openDetail(p);
  else closeDetail();
}

function searchParams(p) {
  const q = new URLSearchParams();
  for (const key of KEYS) if (p.get(key)) q.set(key, p.get(key));
  return q;
}

async function search(p) {
  const q = searchParams(p);
  q.set("facets", FACETS);
  const key = q.toString();
  if (key === lastKey) return;
  lastKey = key;
  if (searchCtl) searchCtl.abort();
  searchCtl = new AbortController();
  results.setAttribute("aria-busy", "true");
  status.textContent = "Searching\u2026";
  message(errorBox, "");
  try {
    const body = await getJSON("/programs", q, searchCtl.signal);
    lastBody = body;
    render(body, p);
  } catch (err) {
    if (err.name === "AbortError") return;
    lastKey = null;
    clear(results);
    clear(pager);
    clear(dym);
    status.textContent = "No results.";
    message(errorBox, errorText(err, "The search"));
    const param = err.error && err.error.parameter;
    const field = param && form.elements.namedItem(param);
    if (field && field.setAttribute) field.setAttribute("aria-invalid", "true");
  } finally {
    results.removeAttribute("aria-busy");
  }
}

function render(body, p) {
  const meta = body.meta || {};
  const local = Boolean(p.get("zip"));
  const total = meta.total || 0;
  const where = local ? ` within ${p.get("radius") || 50} miles of ${p.get("zip")}` : "";
  status.textContent = total === 0
    ? `No programs found${where}.`
    : `${count(total)} program${total === 1 ? "" : "s"}${where}` +
      (meta.pages > 1 ? `, page ${meta.page} of ${count(meta.pages)}.` : ".");

  clear(dym);
  const query = meta.query;
  if (query && query.did_you_mean) {
    const fixed = new URLSearchParams(searchParams(p));
    fixed.set("q", query.did_you_mean);
    fixed.delete("page");
    dym.append("Did you mean ", el("a", { href: href(fixed) }, query.did_you_mean), "? ",
      `Showing results for \u201c${query.corrected || query.did_you_mean}\u201d instead of \u201c${query.q}\u201d.`);
  }

  clear(results);
  results.start = ((meta.page || 1) - 1) * (meta.per_page || PER_PAGE) + 1;
  for (const prog of body.data || []) {
    const link = new URLSearchParams(searchParams(p));
    link.set("program", String(prog.id));
    results.append(programCard(prog, href(link), local));
  }
  renderPager(meta, p);
  renderFacets(meta.facets || {});
  const csv = searchParams(p);
  csv.delete("page");
  csv.delete("per_page");
  csv.set("format", "csv");
  csvLink.href = apiUrl("/programs", csv);
}

function renderFacets(facets) {
  for (const name of Object.keys(CHOICES)) {
    const counts = new Map((facets[name] || []).map((f) => [String(f.value), f.count]));
    const box = form.querySelector(`.choices[data-name="${name}"]`);
    for (const [value, n] of counts) {
      if (!box.querySelector(`.choice[data-value="${CSS.escape(value)}"]`)) {
        box.append(choice(name, value, label(CHOICES[name], value)));
      }
    }
    for (const c of box.querySelectorAll(".choice")) {
      const n = counts.get(c.dataset.value) || 0;
      c.querySelector(".count").textContent = `(${count(n)})`;
      c.classList.toggle("zero", n === 0);
    }
  }
}

function renderPager(meta, p) {
  clear(pager);
  const pages = meta.pages || 0;
  const page = meta.page || 1;
  if (pages <= 1) return;
  const link = (n, text, rel) => {
    const q = new URLSearchParams(searchParams(p));
    if (n === 1) q.delete("page");
    else q.set("page", String(n));
    return el("a", { href: href(q), rel, "aria-current": n === page ? "page" : null,
      "aria-label": text === String(n) ? `Page ${n}` : null }, text);
  };
  const list = el("ul");
  if (page > 1) list.append(el("li", null, link(page - 1, "Previous", "prev")));
  const shown = new Set([1, pages]);
  for (let n = Math.max(1, page - 2); n <= Math.min(pages, page + 2); n++) shown.add(n);
  let prev = 0;
  for (const n of [...shown].sort((a, b) => a - b)) {
    if (n - prev > 1) list.append(el("li", { class: "gap", "aria-hidden": "true", text: "\u2026" }));
    list.append(el("li", null, link(n, String(n))));
    prev = n;
  }
  if (page < pages) list.append(el("li", null, link(page + 1, "Next", "next")));
  pager.append(list);
}

// --- the detail of one program ---------------------------------------------------------------

function closeDetail() {
  if (detailCtl) detailCtl.abort();
  const wasOpen = !detail.hidden;
  detail.hidden = true;
  resultsArea.hidden = false;
  if (wasOpen) {
    const id = detail.dataset.program;
    const a = id && results.querySelector(`a[data-program="${CSS.escape(id)}"]`);
    focusNode(a || document.getElementById("results-heading"));
  }
}

async function openDetail(p) {
  const id = p.get("program");
  if (detail.dataset.program === id && !detail.hidden) return;
  if (detailCtl) detailCtl.abort();
  detailCtl = new AbortController();
  detail.dataset.program = id;
  clear(detail);
  detail.append(backButton(p), el("p", { class: "msg", text: "Loading the program\u2026" }));
  detail.hidden = false;
  resultsArea.hidden = true;
  try {
    const body = await getJSON(`/programs/${encodeURIComponent(id)}`, null, detailCtl.signal);
    renderDetail(body.data, p);
    const inst = body.data.institution && body.data.institution.id;
    if (inst) otherPrograms(inst, body.data.id, p, detailCtl.signal);
  } catch (err) {
    if (err.name === "AbortError") return;
    clear(detail);
    detail.append(backButton(p), el("h2", { tabindex: "-1", text: "Program not found" }),
      el("p", { class: "msg msg-error", text: err.missing ? "There is no program with this id." : errorText(err, "The program") }));
    focusNode(detail.querySelector("h2"));
  }
}

function backButton(p) {
  const b = el("button", { type: "button", class: "back", text: "\u2190 Back to results" });
  b.addEventListener("click", () => {
    if (history.state && history.state.fromResults) {
      history.back();
    } else {
      const q = new URLSearchParams(p);
      q.delete("program");
      go(q);
    }
  });
  return b;
}

function renderDetail(prog, p) {
  clear(detail);
  const inst = prog.institution || {};
  const accr = accreditationText(prog);
  const rows = [
    ["Institution", inst.url ? el("a", { href: inst.url, rel: "noopener noreferrer" }, inst.name) : inst.name],
    ["Location", [place(inst), inst.zip].filter(Boolean).join(" ")],
    ["Control", label(CONTROLS, inst.control)],
    ["Degree", label(DEGREES, prog.degree)],
    ["Award level (IPEDS)", prog.award_level],
    ["Field", `${label(FIELDS, prog.field)} (CIP ${prog.cip_code})`],
    ["Delivery", deliveryText(prog)],
    ["Credits", isNum(prog.credits) ? String(prog.credits) : flagWords((prog.flags || {}).credits || "not_published")],
    ["Tuition and required fees", tuitionText(prog.tuition, prog.flags)],
    ["Accreditation", accr.text],
    ["Eligible for", prog.eligible_certifications && prog.eligible_certifications.length
      ? prog.eligible_certifications.join(", ") : "no certification exam on record"],
  ];
  if (isNum(prog.distance_miles)) rows.push(["Distance", `${prog.distance_miles} miles`]);
  if (prog.outcomes) {
    const o = prog.outcomes;
    const pc = (v) => (isNum(v) ? `${Math.round(v * (v <= 1 ? 100 : 1))}%` : "not reported");
    rows.push(["Graduation rate", pc(o.graduation_rate)], ["Employment rate", pc(o.employment_rate)],
      ["Exam pass rate", pc(o.exam_pass_rate)]);
  }
  if (prog.url) rows.push(["Program page", el("a", { href: prog.url, rel: "noopener noreferrer" }, prog.url)]);

  const h = el("h2", { tabindex: "-1", text: prog.title });
  detail.append(backButton(p), h,
    el("p", { class: "inst" }, inst.name || "", inst.city ? ` \u00b7 ${place(inst)}` : ""),
    el("dl", { class: "detail-facts" }, rows.map(([t, v]) => el("div", null, el("dt", { text: t }), el("dd", null, v || "\u2014")))));

  const hist = prog.accreditation_history || [];
  detail.append(el("h3", { text: "CAHIIM accreditation history" }));
  if (hist.length) {
    detail.append(el("table", null,
      el("caption", { class: "visually-hidden", text: "Accreditation history" }),
      el("thead", null, el("tr", null, ["Body", "Status", "Since", "Next review"].map((t) => el("th", { scope: "col", text: t })))),
      el("tbody", null, hist.map((a) => el("tr", null,
        el("td", { text: a.body || "" }), el("td", { text: a.status || "" }),
        el("td", { text: a.status_date || a.since || "" }), el("td", { text: a.next_review || "" }))))));
  } else {
    detail.append(el("p", { text: "No CAHIIM accreditation record is loaded for this program." }));
  }

  const careers = prog.careers || [];
  detail.append(el("h3", { text: "Careers it prepares for" }));
  if (careers.length) {
    detail.append(el("ul", { class: "links" }, careers.map((c) =>
      el("li", null, el("a", { href: href(new URLSearchParams({ view: "careers", soc: c.soc })) }, c.title), ` (${c.soc})`))));
  } else {
    detail.append(el("p", { text: "No career is linked to this program's field of study." }));
  }
  detail.append(el("section", { id: "other-programs", "aria-live": "polite" }));
  if (prog.eligible_certifications && prog.eligible_certifications.length) {
    detail.append(el("p", null, "Eligibility follows the certification's rules for this program's degree and accreditation; ",
      "check with the school and the certifying body."));
  }
  focusNode(h);
}

async function otherPrograms(instId, selfId, p, signal) {
  try {
    const body = await getJSON(`/institutions/${encodeURIComponent(instId)}`, null, signal);
    const others = (body.data.programs || []).filter((x) => String(x.id) !== String(selfId));
    const box = document.getElementById("other-programs");
    if (!box || !others.length) return;
    box.append(el("h3", { text: `Other programs at ${body.data.name}` }),
      el("ul", { class: "links" }, others.map((o) => {
        const q = new URLSearchParams(p);
        q.set("program", String(o.id));
        return el("li", null, el("a", { href: href(q), dataset: { program: String(o.id) } }, o.title),
          ` \u2014 ${o.award_level || label(DEGREES, o.degree)}`);
      })));
    box.addEventListener("click", (e) => {
      const a = e.target.closest("a");
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      go(new URLSearchParams(a.search), { state: history.state });
    });
  } catch (err) {
    // The detail stands without the list of the school's other programs.
  }
}
