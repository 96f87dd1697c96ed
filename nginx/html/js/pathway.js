// The pathway: career + ZIP -> the certification(s) it asks for -> eligible programs near you.
// GET /api/v1/pathways answers it in one call; where a server does not have it yet, the page
// builds the same from /careers/{soc} and /programs?eligible_for=...&zip=... .

import { getJSON, noteMissing, endpointMissing } from "./api.js";
import { el, clear, message, errorText, money, pct, count, isNum, figure, label, requiresText, CERTIFICATIONS } from "./format.js";
import { STATE_NAME } from "./states.js";
import { go, href, focusNode } from "./nav.js";
import { fillCareerSelect } from "./careers.js";
import { programCard } from "./cards.js";

let ui = {};
let ctl = null;
let lastKey = null;

export function init() {
  ui = {
    form: document.getElementById("pathway-form"),
    career: document.getElementById("pw-career"),
    careerRow: document.getElementById("pw-career-row"),
    cert: document.getElementById("pw-cert"),
    certRow: document.getElementById("pw-cert-row"),
    zip: document.getElementById("pw-zip"),
    radius: document.getElementById("pw-radius"),
    online: document.getElementById("pw-online"),
    error: document.getElementById("pathway-error"),
    out: document.getElementById("pathway-out"),
  };
  for (const [code, name] of CERTIFICATIONS) ui.cert.append(el("option", { value: code, text: name }));
  ui.form.addEventListener("submit", (e) => {
    e.preventDefault();
    const p = new URLSearchParams({ view: "pathway" });
    if (!ui.careerRow.hidden && ui.career.value) p.set("career", ui.career.value);
    if (!ui.certRow.hidden && ui.cert.value) p.set("certification", ui.cert.value);
    if (ui.zip.value.trim()) p.set("zip", ui.zip.value.trim());
    if (ui.radius.value !== "50") p.set("radius", ui.radius.value);
    if (ui.online.checked) p.set("include_online", "true");
    go(p);
    focusNode(document.getElementById("pathway-result-title"));
  });
}

export async function show(p) {
  const career = p.get("career") || "";
  ui.zip.value = p.get("zip") || "";
  ui.radius.value = p.get("radius") || "50";
  ui.online.checked = p.get("include_online") === "true";
  try {
    await fillCareerSelect(ui.career, career, "Choose a career\u2026");
    ui.careerRow.hidden = false;
    ui.certRow.hidden = true;
  } catch (err) {
    // No career endpoints yet: start from the certification instead.
    ui.careerRow.hidden = true;
    ui.certRow.hidden = false;
    if (p.get("certification")) ui.cert.value = p.get("certification").toUpperCase();
  }
  const key = p.toString();
  if (key === lastKey) return;
  lastKey = key;
  if (ctl) ctl.abort();
  ctl = new AbortController();
  clear(ui.out);
  message(ui.error, "");
  if (!career && !p.get("certification")) {
    ui.out.append(el("p", { class: "hint", text: "Choose a career and enter your ZIP code to see the certification it asks for and the programs near you that make you eligible." }));
    return;
  }
  try {
    await build(p, ctl.signal);
  } catch (err) {
    if (err.name === "AbortError") return;
    lastKey = null;
    message(ui.error, errorText(err, "The pathway"));
  }
}

async function build(p, signal) {
  const soc = p.get("career");
  const loc = { zip: p.get("zip") || "", radius: p.get("zip") ? p.get("radius") || "" : "", include_online: p.get("zip") && p.get("include_online") ? "true" : "" };
  let pw = null;
  if (soc && !endpointMissing("pathways")) {
    try {
      pw = (await getJSON("/pathways", { career: soc, ...loc }, signal)).data;
    } catch (err) {
      if (err.name === "AbortError" || !err.missing) throw err;
      noteMissing("pathways", err);
    }
  }
  let career = pw && pw.career;
  let certs = pw && Array.isArray(pw.certifications) ? pw.certifications : null;
  let profile = null;
  if (soc && (!career || !certs)) {
    profile = (await getJSON(`/careers/${encodeURIComponent(soc)}`, null, signal)).data;
    career = career || { soc: profile.soc, title: profile.title };
    certs = certs || profile.certifications || [];
  }
  if (!soc) {
    const code = p.get("certification").toUpperCase();
    certs = [{ code, name: label(CERTIFICATIONS, code).replace(/^\S+ \((.*)\)$/, "$1") }];
  }

  const steps = el("ol", { class: "steps" });
  ui.out.append(el("h2", { id: "pathway-result-title", tabindex: "-1", text: career ? `Your pathway to ${career.title}` : `Your pathway to ${certs[0].code}` }), steps);

  if (career) steps.append(careerStep(career, pw, profile));
  steps.append(el("li", null, el("h3", { text: certs.length > 1 ? "The certifications it asks for" : "The certification it asks for" }),
    certs.length ? el("ul", { class: "certs" }, certs.map(certItem))
      : el("p", { text: "No certification is usually asked for: a degree and experience are the way in." })));

  const progStep = el("li", null, el("h3", { text: p.get("zip") ? `Programs near ${p.get("zip")} that make you eligible` : "Programs that make you eligible" }));
  steps.append(progStep);
  const examCerts = certs.filter((c) => c.code);
  if (!examCerts.length) {
    progStep.append(el("p", { text: "No certification means no program requirement; the school finder lists every program in the field." }));
    return;
  }
  for (const c of examCerts) {
    let items = pathwayPrograms(pw, c.code);
    let total = null;
    if (!items) {
      const body = await getJSON("/programs", { eligible_for: c.code, ...loc, per_page: 10 }, signal);
      items = body.data || [];
      total = body.meta ? body.meta.total : null;
    }
    const all = new URLSearchParams({ eligible_for: c.code });
    for (const [k, v] of Object.entries(loc)) if (v) all.set(k, v);
    progStep.append(el("h4", { text: `For ${c.code}` }));
    if (items.length) {
      progStep.append(el("ol", { class: "results" }, items.map((x) =>
        programCard(x, href(new URLSearchParams({ program: String(x.id) })), Boolean(loc.zip)))));
    } else {
      progStep.append(el("p", { text: c.program_route === false
        ? `No school program is a route to ${c.code}: its eligibility rests on your degree and experience (see above).`
        : `No program listed here makes you eligible for ${c.code}${loc.zip ? " in this area: try a wider radius or include online programs" : ""}.` }));
    }
    if (c.program_route !== false) {
      progStep.append(el("p", null, el("a", { href: href(all) },
        total !== null && total > items.length ? `See all ${count(total)} in the school finder` : "Open this search in the school finder")));
    }
  }
}

function pathwayPrograms(pw, code) {
  if (!pw) return null;
  const c = (pw.certifications || []).find((x) => x.code === code);
  if (c && Array.isArray(c.programs)) return c.programs;
  if (Array.isArray(pw.programs)) {
    return pw.programs.filter((x) => !x.eligible_certifications || x.eligible_certifications.includes(code));
  }
  return null;
}

function certItem(c) {
  const req = requiresText(c);
  return el("li", null, el("strong", { text: c.code }), c.name ? ` \u2014 ${c.name}` : "", c.issuer ? ` (${c.issuer})` : "",
    req ? el("p", { class: "requires", text: `Before the exam: ${req}` }) : null);
}

function careerStep(career, pw, profile) {
  const li = el("li", null, el("h3", { text: "The career" }),
    el("p", null, el("a", { href: href(new URLSearchParams({ view: "careers", soc: career.soc })) }, career.title), ` (SOC ${career.soc})`));
  const w = (profile && profile.wages) || (pw && (pw.wages || (pw.national && pw.national.wages))) || {};
  const o = (profile && profile.outlook) || (pw && (pw.outlook || (pw.national && pw.national.outlook))) || {};
  const nat = (pw && pw.national) || {};
  const local = pw && (pw.state || pw.local || pw.area);
  const rows = [
    ["Median pay", "median", money, nat.median !== undefined ? nat.median : w.median],
    ["Mean pay", "mean", money, nat.mean !== undefined ? nat.mean : w.mean],
    ["Job growth", "growth_pct", pct, nat.growth_pct !== undefined ? nat.growth_pct : o.growth_pct],
  ];
  const stateName = local && (local.name || STATE_NAME[local.state] || local.state);
  li.append(el("table", { class: "compare" },
    el("caption", { class: "visually-hidden", text: "Pay and growth" }),
    el("thead", null, el("tr", null, el("th", { scope: "col", text: "Figure" }),
      stateName ? el("th", { scope: "col", text: stateName }) : null,
      el("th", { scope: "col", text: "United States" }))),
    el("tbody", null, rows.map(([t, key, fmt, n]) => el("tr", null, el("th", { scope: "row", text: t }),
      stateName ? el("td", { text: figure(local[key], local.flags && local.flags[key], fmt).text }) : null,
      el("td", { text: isNum(n) ? fmt(n) : "not published" }))))));
  if (profile && profile.typical_education) li.append(el("p", { text: `Typical education: ${profile.typical_education}.` }));
  return li;
}
