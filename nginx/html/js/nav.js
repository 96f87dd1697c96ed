// The page's state lives in its URL (?view=...&...): a search or a map can be shared, and the
// back button works. go() pushes a new history entry and renders; popstate renders again.

let renderer = () => {};

export function setRenderer(fn) {
  renderer = fn;
}

export function currentParams() {
  return new URLSearchParams(location.search);
}

export function href(params) {
  const qs = params.toString();
  return "/" + (qs ? "?" + qs : "");
}

// Navigates to PARAMS. replace: change the current entry instead (e.g. the pinned map state);
// state: extra history state, e.g. {fromResults: true} so "Back to results" can go back.
export function go(params, { replace = false, state = null } = {}) {
  const url = href(params);
  if (url !== location.pathname + location.search) {
    if (replace) history.replaceState(state, "", url);
    else history.pushState(state, "", url);
  }
  renderer();
}

// Moves the keyboard focus to NODE (a heading with tabindex=-1) without scrolling past it.
export function focusNode(node) {
  if (!node) return;
  if (!node.hasAttribute("tabindex")) node.setAttribute("tabindex", "-1");
  node.focus({ preventScroll: true });
  node.scrollIntoView({ block: "nearest" });
}
