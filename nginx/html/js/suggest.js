// Type-ahead for a search box (GET /api/v1/suggest?q=): an ARIA 1.2 combobox with a listbox
// popup. Arrow keys move through the hits, Enter opens one, Escape closes the list. Where the
// server has no /suggest yet, the box stays a plain search box.

import { getJSON, endpointMissing, noteMissing } from "./api.js";
import { el, clear } from "./format.js";

const TYPES = { career: "Career", program: "Program", institution: "School", certification: "Certification" };

export function attachSuggest(input, list, onPick) {
  let hits = [];
  let active = -1;
  let timer = 0;
  let ctl = null;

  function close() {
    hits = [];
    active = -1;
    clear(list);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(i) {
    active = i;
    list.querySelectorAll("[role=option]").forEach((o, k) => o.setAttribute("aria-selected", String(k === i)));
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", `${list.id}-${i}`);
      list.children[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open(items) {
    hits = items.slice(0, 10);
    active = -1;
    clear(list);
    if (!hits.length) {
      close();
      return;
    }
    hits.forEach((h, i) => {
      const o = el("li", { id: `${list.id}-${i}`, role: "option", "aria-selected": "false" },
        el("span", { class: "sug-label", text: h.label }),
        el("span", { class: "sug-type", text: TYPES[h.type] || h.type }));
      o.addEventListener("mousedown", (e) => e.preventDefault()); // keep the focus in the box
      o.addEventListener("click", () => choose(i));
      list.append(o);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function choose(i) {
    const h = hits[i];
    close();
    if (h) onPick(h);
  }

  async function lookup() {
    const q = input.value.trim();
    if (q.length < 2 || endpointMissing("suggest")) {
      close();
      return;
    }
    if (ctl) ctl.abort();
    ctl = new AbortController();
    try {
      const body = await getJSON("/suggest", { q }, ctl.signal);
      if (document.activeElement === input && input.value.trim() === q) open(body.data || []);
    } catch (err) {
      noteMissing("suggest", err);
      if (err.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 180);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && hits.length) {
      e.preventDefault();
      highlight((active + 1) % hits.length);
    } else if (e.key === "ArrowUp" && hits.length) {
      e.preventDefault();
      highlight(active <= 0 ? hits.length - 1 : active - 1);
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      choose(active);
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      close();
    } else if (e.key === "Enter") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  close();
}
