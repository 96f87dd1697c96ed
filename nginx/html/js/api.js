// The public API (../shared/API.md), and nothing else: every call goes to /api/v1/ on this site.

export const API = "/api/v1";

// A failed call: HTTP status (0 when the server was not reached), the API's error object when
// the body had one, and `missing` when the resource or the whole endpoint does not exist (404),
// so a view can say "not available on this server yet" instead of failing.
export class ApiError extends Error {
  constructor(status, error, message) {
    super(message || (error && error.message) || `the server answered ${status}`);
    this.status = status;
    this.error = error || null;
    this.missing = status === 404;
  }
}

// Builds /api/v1/PATH?PARAMS (PARAMS: URLSearchParams or a plain object; empty values dropped).
export function apiUrl(path, params) {
  const p = new URLSearchParams();
  if (params) {
    const entries = params instanceof URLSearchParams ? params.entries() : Object.entries(params);
    for (const [k, v] of entries) {
      if (v !== undefined && v !== null && v !== "") p.append(k, v);
    }
  }
  const qs = p.toString();
  return API + path + (qs ? "?" + qs : "");
}

// GET a JSON answer. `signal` aborts a call a newer one replaces (the caller ignores AbortError).
export async function getJSON(path, params, signal) {
  let r;
  try {
    r = await fetch(apiUrl(path, params), { headers: { Accept: "application/json" }, signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, null, "The server could not be reached. Check your connection and try again.");
  }
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  if (!r.ok) throw new ApiError(r.status, body && body.error);
  return body;
}

// Which endpoints answered 404 as a whole (not a missing item): asked once per page load, so a
// server without the career endpoints yet costs one request each, not one per interaction.
const absent = new Set();

export function endpointMissing(name) {
  return absent.has(name);
}

export function noteMissing(name, err) {
  if (err instanceof ApiError && err.missing) absent.add(name);
}

// Static files of the page itself (the map geometry), cached for the page's life.
const files = new Map();

export function getFile(url) {
  if (!files.has(url)) {
    files.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new ApiError(r.status, null, `${url}: ${r.status}`);
      return r.json();
    }));
  }
  return files.get(url);
}
