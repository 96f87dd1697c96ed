"""Helpers of the reliability and security tests (issue 7): raw HTTP over sockets, the route
table, the API error envelope, extra worker pools and nginx instances on private ports and
sockets, and a bounded load generator. Not a test module (no test_ prefix)."""
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import threading
import time

# The checkout's own path: no answer may reveal where the server's files are.
_REPO_PATH = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from conftest import PGPORT, TOP, WORKER

RENDER = os.path.join(TOP, "nginx", "render")
# Extra nginx and worker instances use ports in this range (other suites use others).
PORT_RANGE = range(18510, 18600)
LOG_LINE = re.compile(r"^\S+ (\d+) (GET|HEAD|OPTIONS|OTHER|\S+) (\S+) (\d{3}) ", re.M)


# --- raw HTTP ------------------------------------------------------------------------------

class Raw:
    """A parsed HTTP response: status (int, 0 if none), reason, headers (list of (name, value),
    names lower-cased), header(name) the first value, body (bytes), raw (bytes)."""

    def __init__(self, raw):
        self.raw = raw
        self.status, self.reason, self.headers, self.body = 0, "", [], b""
        head, sep, rest = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        m = re.match(rb"HTTP/\d\.\d (\d{3}) ?(.*)", lines[0]) if sep else None
        if not m:
            self.body = raw          # HTTP/0.9 or nothing
            return
        self.status, self.reason = int(m.group(1)), m.group(2).decode("latin-1")
        for ln in lines[1:]:
            k, _, v = ln.partition(b":")
            self.headers.append((k.strip().lower().decode("latin-1"), v.strip().decode("latin-1")))
        if (self.header("transfer-encoding") or "").lower() == "chunked":
            self.body = _dechunk(rest)
        elif self.header("content-length") is not None:
            self.body = rest[:int(self.header("content-length"))]
        else:
            self.body = rest

    def header(self, name):
        for k, v in self.headers:
            if k == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k == name.lower()]

    def json(self):
        """The body as JSON, decoded as strict UTF-8 (raises on anything else)."""
        return json.loads(self.body.decode("utf-8", errors="strict"))

    def __repr__(self):
        return f"<Raw {self.status} {self.body[:200]!r}>"


def _dechunk(b):
    out = b""
    while b:
        size, _, b = b.partition(b"\r\n")
        n = int(size.split(b";")[0] or b"0", 16)
        if n == 0:
            break
        out += b[:n]
        b = b[n + 2:]
    return out


def raw_http(port, data, timeout=10.0, host="127.0.0.1"):
    """Sends data (bytes) on a new connection to host:port, reads until the server closes (the
    request should say Connection: close, or be HTTP/1.0) and returns a Raw."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass                     # nginx may answer and close before reading it all
        chunks = []
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
        except ConnectionResetError:
            pass
    return Raw(b"".join(chunks))


def request_bytes(method, target, headers=None, body=b"", version="HTTP/1.1", host="127.0.0.1"):
    """An HTTP request as bytes; Host (unless headers has one or host is None) and
    Connection: close are added; target and header values go out as given (bytes or str)."""
    enc = (lambda x: x if isinstance(x, bytes) else x.encode("utf-8", "surrogateescape"))
    lines = [enc(method) + b" " + enc(target) + b" " + enc(version)]
    hdrs = list((headers or {}).items()) if isinstance(headers, dict) else list(headers or [])
    names = {enc(k).lower() for k, _ in hdrs}
    if host is not None and b"host" not in names:
        hdrs.insert(0, ("Host", host))
    if b"connection" not in names:
        hdrs.append(("Connection", "close"))
    for k, v in hdrs:
        lines.append(enc(k) + b": " + enc(v))
    return b"\r\n".join(lines) + b"\r\n\r\n" + enc(body)


# --- the API's error envelope -----------------------------------------------------------------

def envelope_problems(r):
    """What is wrong with r as an API.md error answer (a list of strings, empty if fine)."""
    bad = []
    ctype = r.header("content-type") or ""
    if not ctype.startswith("application/json"):
        return [f"Content-Type {ctype!r}, body {r.body[:120]!r}"]
    try:
        doc = r.json()
    except (UnicodeDecodeError, ValueError) as e:
        return [f"body is not strict UTF-8 JSON ({e}): {r.body[:120]!r}"]
    err = doc.get("error") if isinstance(doc, dict) else None
    if not isinstance(err, dict):
        return [f"no error object: {r.body[:200]!r}"]
    if err.get("status") != r.status:
        bad.append(f"error.status {err.get('status')} != HTTP {r.status}")
    for k in ("code", "message"):
        if not isinstance(err.get(k), str) or not err[k]:
            bad.append(f"error.{k} missing")
    if "parameter" not in err or not (err["parameter"] is None or isinstance(err["parameter"], str)):
        bad.append("error.parameter missing")
    det = err.get("details")
    if not isinstance(det, list) or not det:
        bad.append("error.details missing or empty")
    else:
        for d in det:
            if not isinstance(d, dict) or not {"code", "parameter", "value", "message"} <= set(d):
                bad.append(f"bad detail {d!r}")
        d0 = det[0] if isinstance(det[0], dict) else {}
        if (d0.get("code"), d0.get("parameter"), d0.get("message")) != \
                (err.get("code"), err.get("parameter"), err.get("message")):
            bad.append("error does not repeat details[0]")
    if r.status == 405 and r.header("allow") != "GET, HEAD, OPTIONS":
        bad.append(f"405 with Allow {r.header('allow')!r}")
    if r.status in (429, 502, 503, 504) and not (r.header("retry-after") or "").isdigit():
        bad.append(f"{r.status} without Retry-After")
    # What the server says (the echoed value of a bad parameter is the client's own text).
    said = [err.get("message"), err.get("code")] + [d.get("message") for d in det or [] if isinstance(d, dict)]
    text = " ".join(x for x in said if isinstance(x, str))
    for leak in ("nginx/1.", "SELECT ", "hf_admin", "hf_staging", "syntax error", "ERROR:  ", _REPO_PATH,
                 "pg_", "SQLSTATE"):
        if leak in text:
            bad.append(f"the body reveals {leak!r}")
    return bad


# --- the route table ----------------------------------------------------------------------------

def routes():
    """The worker's route table (--dump-routes): dicts with name, path, methods, path_params,
    params, fields, list."""
    out = subprocess.run([WORKER, "--dump-routes"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["routes"]


# Known values for {name} path segments, tried in order; the first that answers 200 is used.
SAMPLES = {
    "id": ["100654"],
    "soc": ["29-2072", "15-1211", "29-9021", "11-9111"],
    "state": ["OH", "CA", "TX"],
    "code": ["RHIT", "RHIA", "CPHIMS"],
}


def route_paths(get, site=None):
    """{route name: a concrete path that answers 200 with get(path)} for every GET route, and the
    list of routes without one. Program ids etc. are looked up in the database when site is
    given and the samples do not answer."""
    found, missing = {}, []
    for r in routes():
        if "GET" not in r["methods"]:
            continue
        cands = [r["path"]]
        for p in r["path_params"]:
            vals = list(SAMPLES.get(p, []))
            if site is not None:
                vals += _db_values(site, r["path"], p)
            cands = [c.replace("{" + p + "}", v, 1) for c in cands for v in vals] or []
        for c in cands[:12]:
            if get(c).status_code == 200:
                found[r["name"]] = c
                break
        else:
            missing.append(r["path"])
    return found, missing


def _db_values(site, path, param):
    m = re.search(r"/([a-z_]+)/\{" + param + r"\}", path)
    if not m:
        return []
    col = "id" if param == "id" else param
    q = site.psql(f"SELECT {col}::text FROM hf.{m.group(1)} ORDER BY 1 LIMIT 2", user="postgres", check=False)
    return q.stdout.split() if q.returncode == 0 else []


# --- processes ------------------------------------------------------------------------------------

def free_port():
    """A free TCP port on loopback in PORT_RANGE."""
    ports = list(PORT_RANGE)
    random.shuffle(ports)
    for p in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", p))
                return p
            except OSError:
                continue
    raise RuntimeError("no free port in %r" % (PORT_RANGE,))


def wait_until(pred, timeout=10.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def clean_env(**extra):
    """The environment without HITFINDER_* and libpq settings (sanitizer options kept), plus extra."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HITFINDER_", "PG"))}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return sorted(int(x) for x in out.split())


class Pool:
    """A hitfinder-fcgi master and its children in a process group of their own, against
    dbname of the session's cluster: socket <var>/run/<name>.sock, log <var>/log/<name>.log
    (where make check-asan looks for sanitizer reports)."""

    def __init__(self, site, name, workers=2, dbname="hitfinder", args=()):
        folder = os.path.join(site.var, "run")
        os.makedirs(os.path.join(site.var, "log"), exist_ok=True)
        self.name = name
        self.sock = os.path.join(folder, f"{name}.sock")
        self.log = os.path.join(site.var, "log", f"{name}.log")
        conninfo = f"host={site.var}/run port={PGPORT} dbname={dbname} user=hitfinder_reader"
        with open(self.log, "w") as err:
            self.proc = subprocess.Popen(
                [WORKER, "--socket", self.sock, "--workers", str(workers), "--db", conninfo, *args],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                env=clean_env(), cwd=folder, start_new_session=True)
        self.workers = workers

    @property
    def pid(self):
        return self.proc.pid

    def children(self):
        return children(self.proc.pid)

    def wait_ready(self, health=True):
        ok = wait_until(lambda: self.proc.poll() is None and os.path.exists(self.sock)
                        and len(self.children()) == self.workers, 15)
        assert ok, f"pool {self.name} did not start:\n{self.log_text()}"
        if health:
            ok = wait_until(lambda: b"200" in fcgi_get(self.sock, "/api/v1/health").split(b"\r\n")[0], 15)
            assert ok, f"pool {self.name} does not answer health:\n{self.log_text()}"

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(5)


def fcgi_get(sock, uri, method="GET", extra=None):
    """GET uri straight from a worker socket with cgi-fcgi (no nginx); the raw CGI answer."""
    path, _, query = uri.partition("?")
    env = dict(os.environ, REQUEST_METHOD=method, DOCUMENT_URI=path, REQUEST_URI=uri,
               QUERY_STRING=query, SCRIPT_NAME=path)
    env.update(extra or {})
    r = subprocess.run(["cgi-fcgi", "-bind", "-connect", sock], env=env, capture_output=True, timeout=20)
    return r.stdout


class Nginx:
    """An nginx rendered by nginx/render (HITFINDER_* settings in render_env) under folder var,
    listening on 127.0.0.1:port, started like `make start-nginx`."""

    def __init__(self, var, port=None, **render_env):
        self.var, self.port = var, port or free_port()
        os.makedirs(var, exist_ok=True)
        env = clean_env(HITFINDER_VAR=var, HITFINDER_PORT=self.port,
                        **render_env)
        r = subprocess.run([RENDER], env=env, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        self.conf = r.stdout.strip()
        self.errlog = os.path.join(var, "log", "nginx-error.log")
        r = subprocess.run(["nginx", "-e", self.errlog, "-p", os.path.join(var, "nginx"), "-c", self.conf],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr + self.error_log()
        self.base = f"http://127.0.0.1:{self.port}"
        ok = wait_until(lambda: _answers(self.port), 10)
        assert ok, self.error_log()

    def error_log(self):
        try:
            with open(self.errlog, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        pidf = os.path.join(self.var, "run", "nginx.pid")
        try:
            with open(pidf) as f:
                pid = int(f.read())
        except (OSError, ValueError):
            return
        try:
            os.kill(pid, signal.SIGTERM)         # fast shutdown: tests leave no request to finish
        except ProcessLookupError:
            return
        wait_until(lambda: not alive(pid), 10)


def alive(pid):
    """True if pid runs (a zombie waiting for its parent to reap it does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _answers(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        c.request("GET", "/")
        c.getresponse().read()
        c.close()
        return True
    except OSError:
        return False


# --- load --------------------------------------------------------------------------------------

class Load:
    """Threads sending GETs round urls to 127.0.0.1:port over keep-alive connections until
    stopped, at most max_requests in all. Every answer is recorded as (t, url, status, problem):
    problem is None for a complete 200 (JSON parsed when JSON), else what went wrong; a
    connection error is status 0. ok(statuses) -> the problems of answers not in statuses."""

    def __init__(self, port, urls, threads=6, max_requests=20000, check=None):
        self.port, self.urls = port, urls
        self.max_requests = max_requests
        self.check = check
        self.stop_ev = threading.Event()
        self.lock = threading.Lock()
        self.records = []
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, i):
        conn = None
        k = i
        while not self.stop_ev.is_set():
            with self.lock:
                if len(self.records) >= self.max_requests:
                    return
            url = self.urls[k % len(self.urls)]
            k += 1
            t = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40)
                conn.request("GET", url)
                resp = conn.getresponse()
                body = resp.read()
                status = resp.status
                problem = None
                if status == 200 and (resp.getheader("Content-Type") or "").startswith("application/json"):
                    try:
                        json.loads(body)
                    except ValueError:
                        problem = f"truncated JSON ({len(body)} bytes)"
                if self.check is not None and problem is None:
                    problem = self.check(url, status, resp, body)
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                status, problem = 0, repr(e)
                if conn is not None:
                    conn.close()
                conn = None
            with self.lock:
                self.records.append((t, url, status, problem))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_ev.set()
        for t in self.threads:
            t.join(30)

    def count(self):
        with self.lock:
            return len(self.records)

    def failures(self, allowed=(200,)):
        with self.lock:
            return [(round(t, 3), u, s, p) for t, u, s, p in self.records if s not in allowed or p]
