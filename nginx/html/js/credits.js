// The footer's data credits, from GET /api/v1/datasets: each loaded source with its vintage,
// license and citation (GeoNames' CC BY 4.0 asks for this credit wherever ZIP locations are used).

import { getJSON } from "./api.js";
import { el, clear, message, errorText } from "./format.js";

export async function credits() {
  const box = document.getElementById("credits");
  try {
    const body = await getJSON("/datasets", { per_page: 100 });
    clear(box);
    const used = (body.data || []).filter((d) => d.row_count !== 0);
    box.append(el("ul", { class: "credits" }, used.map((d) => el("li", null,
      el("a", { href: d.source_url, rel: "noopener noreferrer" }, d.source || d.title),
      `, ${d.vintage}. `,
      el("span", { class: "license", text: `License: ${d.license}.` }),
      d.citation ? el("span", { class: "citation", text: ` ${d.citation}` }) : null))));
  } catch (err) {
    message(box, errorText(err, "The list of data sources"));
  }
}
