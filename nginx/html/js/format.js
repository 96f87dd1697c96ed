// Labels of the API's codes and number formatting shared by the views.

export const DEGREES = [
  ["certificate", "Certificate"],
  ["associate", "Associate degree"],
  ["bachelor", "Bachelor's degree"],
  ["post_baccalaureate_certificate", "Post-baccalaureate certificate"],
  ["master", "Master's degree"],
  ["post_master_certificate", "Post-master's certificate"],
  ["doctorate", "Doctoral degree"],
];

export const FIELDS = [
  ["health_information_technology", "Health information technology"],
  ["health_information_management", "Health information management"],
  ["health_informatics", "Health informatics"],
  ["medical_coding", "Medical coding"],
  ["medical_billing", "Medical billing"],
  ["disease_registry", "Disease registry"],
  ["health_information_privacy_security", "Health information privacy and security"],
];

export const DELIVERIES = [
  ["campus", "On campus"],
  ["online", "Online"],
  ["hybrid", "Hybrid"],
];

export const CONTROLS = [
  ["public", "Public"],
  ["private_nonprofit", "Private nonprofit"],
  ["private_for_profit", "Private for-profit"],
];

export const ACCREDITATION_STATUSES = [
  ["continuing", "Continuing"],
  ["initial", "Initial"],
  ["probation", "Probation"],
  ["candidacy", "Candidacy"],
  ["withdrawn", "Withdrawn"],
  ["none", "No CAHIIM record"],
];

// The certifications a program can make one eligible for; the facet adds any other it reports.
export const CERTIFICATIONS = [
  ["RHIT", "RHIT (Registered Health Information Technician)"],
  ["RHIA", "RHIA (Registered Health Information Administrator)"],
];

export function label(table, code) {
  const hit = table.find(([c]) => c === code);
  return hit ? hit[1] : code;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dec2 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const isNum = (v) => typeof v === "number" && Number.isFinite(v);

export function money(v) {
  return isNum(v) ? usd.format(v) : "";
}

export function count(v) {
  return isNum(v) ? int.format(v) : "";
}

export function pct(v) {
  if (!isNum(v)) return "";
  return (v > 0 ? "+" : v < 0 ? "\u2212" : "") + dec1.format(Math.abs(v)) + "%";
}

export function ratio(v) {
  return isNum(v) ? dec2.format(v) : "";
}

export function miles(v) {
  return isNum(v) ? `${dec1.format(v)} mi` : "";
}

// Why a figure is null, in words (the flags of API.md and docs/internals.md).
const FLAG_WORDS = {
  suppressed: "suppressed by the source",
  not_published: "not published",
  not_loaded: "no data loaded",
  not_collected: "not collected",
  not_reported: "not reported",
  not_listed: "not listed",
  annual_only: "published as annual pay only",
  hourly_only: "published as hourly pay only",
};

export function flagWords(flag) {
  return FLAG_WORDS[flag] || (flag ? String(flag).replace(/_/g, " ") : "no data");
}

// A figure or, when it is null, why: {text, missing}. `at_least` marks a top-coded lower bound.
export function figure(value, flag, fmt) {
  if (isNum(value)) return { text: (flag === "at_least" ? "at least " : "") + fmt(value), missing: false };
  return { text: flagWords(flag), missing: true };
}

// Builds an element: el("p", {class: "x", text: "..."}, child, ...). Attributes only; never
// inline style or handlers (the page runs under a strict Content-Security-Policy).
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k === "dataset") Object.assign(e.dataset, v);
      else e.setAttribute(k, v === true ? "" : v);
    }
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// A short message in a view (role=alert containers show errors, others notes).
export function message(node, text, kind = "error") {
  clear(node);
  if (text) node.append(el("p", { class: `msg msg-${kind}`, text }));
}

// The message to show for a failed API call.
export function errorText(err, what) {
  if (err && err.missing) return `${what} is not available on this server yet.`;
  if (err && err.status === 400 && err.error) return err.error.message;
  if (err && err.status === 503) return "The database is busy or restarting; try again in a moment.";
  return `${what} could not be loaded: ${err && err.message ? err.message : "unknown error"}.`;
}

// What a certification asks for before its exam, in words (a degree code, text or an object).
export function requiresText(c) {
  const r = c.requires !== undefined ? c.requires : c.prerequisite;
  if (!r) return "";
  if (typeof r === "string") return DEGREES.some(([k]) => k === r) ? `${label(DEGREES, r)} or higher` : r;
  if (typeof r === "object") {
    // {degree, cahiim_accredited_program, notes} (GET /careers/{soc}, /pathways)
    let s = r.degree ? `${label(DEGREES, r.degree)} or higher` : "";
    if (r.cahiim_accredited_program) s = s ? `${s}, from a CAHIIM-accredited program` : "A CAHIIM-accredited program";
    const notes = r.notes || r.text || "";
    return s && notes ? `${s}. ${notes}` : s || notes;
  }
  return String(r);
}
