// A program as a result card (the school finder's results and the pathway's programs).

import { el, label, money, miles, isNum, DEGREES, DELIVERIES, ACCREDITATION_STATUSES, flagWords } from "./format.js";

export function place(inst) {
  if (!inst) return "";
  return [inst.city, inst.state].filter(Boolean).join(", ");
}

export function accreditationText(p) {
  const a = p.accreditation;
  if (a && a.status) {
    const status = label(ACCREDITATION_STATUSES, a.status).toLowerCase();
    const inForce = ["initial", "continuing", "probation"].includes(a.status);
    return { text: `${inForce ? "CAHIIM-accredited" : "CAHIIM"} (${status})`, yes: inForce };
  }
  return { text: "No CAHIIM accreditation on record", yes: false };
}

export function deliveryText(p) {
  if (p.delivery) return label(DELIVERIES, p.delivery);
  return `Delivery ${flagWords((p.flags && p.flags.delivery) || "not_published")}`;
}

export function tuitionText(t, flags) {
  if (t && (isNum(t.in_state) || isNum(t.out_of_state))) {
    if (t.in_state === t.out_of_state || !isNum(t.out_of_state)) return `${money(t.in_state)} a year`;
    if (!isNum(t.in_state)) return `${money(t.out_of_state)} a year (out of state)`;
    return `${money(t.in_state)} a year in state, ${money(t.out_of_state)} out of state`;
  }
  return flagWords((flags && flags.tuition) || "not_reported");
}

// One program: its title links to the detail (HREF), then the facts a chooser compares.
export function programCard(p, href, withDistance) {
  const id = `prog-${p.id}`;
  const accr = accreditationText(p);
  const facts = el("dl", { class: "facts" },
    fact("Degree", label(DEGREES, p.degree)),
    fact("Delivery", deliveryText(p)),
    withDistance ? fact("Distance", isNum(p.distance_miles) ? miles(p.distance_miles) : "Online, anywhere", "distance") : null,
    fact("Accreditation", accr.text, accr.yes ? "accr-yes" : "accr-no"),
    fact("Eligible for", p.eligible_certifications && p.eligible_certifications.length
      ? p.eligible_certifications.join(", ") : "no certification exam on record", "elig"),
    fact("Tuition and fees", tuitionText(p.tuition, p.flags), "tuition"),
  );
  return el("li", { class: "result", dataset: { program: String(p.id) } },
    el("article", { "aria-labelledby": id },
      el("h3", { id }, el("a", { href, dataset: { program: String(p.id) } }, p.title)),
      el("p", { class: "inst" }, p.institution ? p.institution.name : "", p.institution ? ` \u00b7 ${place(p.institution)}` : ""),
      facts));
}

function fact(term, value, cls) {
  return el("div", { class: cls ? `fact ${cls}` : "fact" }, el("dt", { text: term }), el("dd", { text: value }));
}
