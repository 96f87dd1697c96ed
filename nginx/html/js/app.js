// hitfinder's page: three views in one document (the school finder, the career explorer with
// its map, the pathway), chosen by ?view= in the URL. Plain ES modules, no build step; every
// datum comes from the public API under /api/v1/.

import * as finder from "./finder.js";
import * as careers from "./careers.js";
import * as pathway from "./pathway.js";
import { credits } from "./credits.js";
import { setRenderer, currentParams, go, focusNode } from "./nav.js";

const VIEWS = { finder, careers, pathway };
const TITLES = {
  finder: "Find a health information technology program",
  careers: "Health IT careers: pay and job growth by state",
  pathway: "Plan your pathway into a health IT career",
};

function viewOf(p) {
  const v = p.get("view") || "finder";
  return VIEWS[v] ? v : "finder";
}

function render() {
  const p = currentParams();
  const view = viewOf(p);
  for (const name of Object.keys(VIEWS)) document.getElementById(name).hidden = name !== view;
  for (const a of document.querySelectorAll("#site-nav a")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = `${TITLES[view]} \u2014 hitfinder`;
  VIEWS[view].show(p);
}

// Links to the page itself ("/?...") change the view in place; others load as usual.
document.addEventListener("click", (e) => {
  const a = e.target.closest("a[href]");
  if (!a || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  if (a.origin !== location.origin || a.pathname !== "/" || a.hasAttribute("download") || a.target) return;
  e.preventDefault();
  const p = new URLSearchParams(a.search);
  const before = viewOf(currentParams());
  go(p, { state: p.has("program") ? { fromResults: false } : null });
  const after = viewOf(p);
  if (after !== before) focusNode(document.querySelector(`#${after} h1`));
});
window.addEventListener("popstate", render);

for (const v of Object.values(VIEWS)) v.init();
setRenderer(render);
render();
credits();
