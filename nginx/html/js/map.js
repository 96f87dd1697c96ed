// The map of the United States: SVG drawn from the us-atlas TopoJSON files (vendor/us-atlas,
// ISC), decoded with topojson-client (vendor/topojson-client, ISC).
//
// states-albers-10m.json is already projected (d3.geoAlbersUsa, 975x610; Alaska and Hawaii as
// insets) and has the 50 states and DC. Puerto Rico comes from states-10m.json (longitude and
// latitude) through a small equirectangular inset of our own, bottom right. DC's polygon is a
// few pixels wide, so it also gets a round marker off the coast, joined by a leader line.
//
// Each state is one element with data-state="XX" (52: 50 states, DC, PR), focusable
// (tabindex=0, role=button, aria-label), in alphabetical order of names (the tab order).

import feature from "../vendor/topojson-client/src/feature.js";
import { getFile } from "./api.js";
import { FIPS_TO_CODE, STATE_NAME } from "./states.js";

const NS = "http://www.w3.org/2000/svg";
const ALBERS = "/vendor/us-atlas/states-albers-10m.json";
const LONLAT = "/vendor/us-atlas/states-10m.json";
export const VIEWBOX = "-60 0 1040 615";
// Puerto Rico: x = X0 + (lon - LON0) * K * cos(lat0), y = Y0 + (LAT0 - lat) * K.
const PR = { lon0: -67.95, lat0: 18.55, x0: 872, y0: 566, k: 32, cos: Math.cos((18.2 * Math.PI) / 180) };
const DC = { x: 900, y: 312, r: 8 };

function node(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

// SVG path data of a GeoJSON Polygon or MultiPolygon, through PROJECT ([x, y] -> [x, y]).
function pathData(geometry, project) {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let d = "";
  for (const poly of polys) {
    for (const ring of poly) {
      ring.forEach((pt, i) => {
        const [x, y] = project(pt);
        d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
      });
      d += "Z";
    }
  }
  return d;
}

const prProject = ([lon, lat]) => [PR.x0 + (lon - PR.lon0) * PR.k * PR.cos, PR.y0 + (PR.lat0 - lat) * PR.k];

let shapesPromise = null;

// The 52 shapes: [{code, name, d, marker?}], alphabetical by name.
function loadShapes() {
  if (!shapesPromise) {
    shapesPromise = Promise.all([getFile(ALBERS), getFile(LONLAT)]).then(([albers, lonlat]) => {
      const shapes = [];
      for (const f of feature(albers, albers.objects.states).features) {
        const code = FIPS_TO_CODE[f.id];
        if (code) shapes.push({ code, name: STATE_NAME[code], d: pathData(f.geometry, (p) => p) });
      }
      const pr = feature(lonlat, lonlat.objects.states).features.find((f) => f.id === "72");
      if (pr) shapes.push({ code: "PR", name: STATE_NAME.PR, d: pathData(pr.geometry, prProject) });
      shapes.sort((a, b) => a.name.localeCompare(b.name));
      return shapes;
    });
  }
  return shapesPromise;
}

// Draws the map into SVG; returns {elements: Map code -> element}. HANDLERS: show(code) on
// hover or focus, leave() when the pointer or focus leaves a state, pick(code) on click, Enter
// or Space.
export async function drawMap(svg, handlers) {
  const shapes = await loadShapes();
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  svg.setAttribute("viewBox", VIEWBOX);
  const defs = node("defs");
  defs.append(hatchPattern("hatch"));
  svg.append(defs);

  // Frame and label of the Puerto Rico inset (decoration).
  const inset = node("g", { class: "inset", "aria-hidden": "true" });
  inset.append(node("rect", { x: PR.x0 - 8, y: PR.y0 - 8, width: 104, height: 40, rx: 3 }));
  const t = node("text", { x: PR.x0 + 44, y: PR.y0 + 46, "text-anchor": "middle" });
  t.textContent = "Puerto Rico";
  inset.append(t);
  // DC's label beside its marker (outside the focusable shape, which is named in full).
  const dc = node("text", { x: DC.x + DC.r + 4, y: DC.y + 5, class: "marker-label" });
  dc.textContent = "DC";
  inset.append(dc);
  svg.append(inset);

  const layer = node("g", { class: "states" });
  const elements = new Map();
  for (const s of shapes) {
    let e;
    if (s.code === "DC") {
      e = node("g", {});
      const path = node("path", { d: s.d, class: "shape" });
      e.append(path);
      e.append(node("line", { class: "leader", x1: 829, y1: 268, x2: DC.x - DC.r, y2: DC.y - 2 }));
      e.append(node("circle", { class: "shape marker", cx: DC.x, cy: DC.y, r: DC.r }));
    } else {
      e = node("path", { d: s.d, class: "shape" });
    }
    e.classList.add("state");
    e.setAttribute("data-state", s.code);
    e.setAttribute("tabindex", "0");
    e.setAttribute("role", "button");
    e.setAttribute("aria-label", s.name);
    e.addEventListener("mouseenter", () => handlers.show(s.code, "hover"));
    e.addEventListener("mouseleave", () => handlers.leave(s.code, "hover"));
    e.addEventListener("focus", () => handlers.show(s.code, "focus"));
    e.addEventListener("blur", () => handlers.leave(s.code, "focus"));
    e.addEventListener("click", () => handlers.pick(s.code));
    e.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        handlers.pick(s.code);
      }
    });
    layer.append(e);
    elements.set(s.code, e);
  }
  svg.append(layer);
  // The outline of the state in hand, drawn above its neighbours (not focusable).
  const hl = node("g", { class: "highlight", "aria-hidden": "true" });
  svg.append(hl);
  return { elements, highlight: hl };
}

export function hatchPattern(id) {
  const p = node("pattern", { id, patternUnits: "userSpaceOnUse", width: "6", height: "6", patternTransform: "rotate(45)" });
  p.append(node("rect", { width: "6", height: "6", fill: "#f1f1f1" }));
  p.append(node("line", { x1: "0", y1: "0", x2: "0", y2: "6", stroke: "#8a8a8a", "stroke-width": "2" }));
  return p;
}

// Puts a copy of ELEMENT's shapes into the highlight layer (empty with null).
export function highlight(layer, element, kind) {
  while (layer.firstChild) layer.removeChild(layer.firstChild);
  if (!element) return;
  const shapes = element.tagName === "g" ? element.querySelectorAll(".shape") : [element];
  for (const s of shapes) {
    const copy = s.cloneNode(false);
    copy.removeAttribute("tabindex");
    copy.removeAttribute("role");
    copy.removeAttribute("aria-label");
    copy.removeAttribute("data-state");
    copy.removeAttribute("fill");
    copy.setAttribute("class", `outline ${kind || ""}`);
    layer.append(copy);
  }
}

// Quantile classes of VALUES (numbers, nulls ignored): up to K classes, breaks strictly rising.
export function classes(values, k = 5) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return { breaks: [], min: null, max: null, k: 0 };
  const uniq = [...new Set(v)];
  const n = Math.min(k, uniq.length);
  const breaks = [];
  for (let i = 1; i < n; i++) {
    const b = v[Math.floor((i * v.length) / n)];
    if (b > v[0] && (!breaks.length || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  return { breaks, min: v[0], max: v[v.length - 1], k: breaks.length + 1 };
}

export function classOf(value, cls) {
  let i = 0;
  while (i < cls.breaks.length && value >= cls.breaks[i]) i++;
  return i;
}

// Sequential palettes (ColorBrewer Blues, Greens, Purples; 5 classes, light to dark).
export const PALETTES = {
  blue: ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
  green: ["#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"],
  purple: ["#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"],
};

// The colour of class I of K: spread over the palette so 2 classes are light and dark.
export function colour(palette, i, k) {
  const p = PALETTES[palette];
  if (k <= 1) return p[2];
  return p[Math.round((i * (p.length - 1)) / (k - 1))];
}
