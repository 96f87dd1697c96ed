#!/usr/bin/python3
"""tests/bench/bench.py -- `make bench` (issue 8): throughput and latency of hitfinder, reported
as ratios to reference lines measured in the same run (DESIGN.md, "Performance stance").

    /usr/bin/python3 tests/bench/bench.py [--scale '' | 1m] [--seconds 5] [--connections 32]

What one run does (see tests/bench/README.md for what each line means):

 1. Brings up a bench instance of its own through the Makefile targets the integration suite
    uses (start-db migrate start-worker start-nginx) with HITFINDER_VAR/PORT/PGPORT/DATA_DIR
    pointed at var/bench (real data, ports 18700/55000) or var/bench-1m (generated
    national-scale data, 18701/55001). A cluster loaded from other data is wiped first; a fresh
    cluster's `make migrate` is timed (the import time).
 2. Asks every scenario once (status, body, ETag) and writes each body under
    <var>/static-ref/root/, served by a second nginx of our own (tests/bench/nginx-static.conf.in)
    for the static-file line of the same size.
 3. Captures the SQL each scenario sends (log_min_duration_statement = 0 on the bench cluster,
    one request per scenario, then reset) and writes pgbench scripts with the literal parameter
    values, plus EXPLAIN (ANALYZE, BUFFERS) of each statement under <var>/explain/.
 4. Runs, for each scenario one after another: wrk through nginx (the scenario), wrk on the
    static file of the same size, pgbench with the scenario's SQL at the same concurrency as the
    hitfinder_reader role. Plus the reference lines of the worker with no database.
 5. Prints one table, the targets of issue 8 as met/missed, the worker children's RSS, and
    writes everything as JSON to var/bench/results/<UTC time>-<scale>.json.

Standard library only. Loopback only. Every wrk/pgbench run is bounded by --seconds.
"""
import argparse
import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
RESULTS = os.path.join(TOP, "var", "bench", "results")

# Scale -> instance. The static reference nginx listens on port + 10.
INSTANCES = {
    "": {"var": "var/bench", "port": 18700, "pgport": 55000, "label": "real"},
    "1m": {"var": "var/bench-1m", "port": 18701, "pgport": 55001, "label": "1m"},
    "import": {"var": "var/bench-import", "port": 18702, "pgport": 55002, "label": "import"},
}
DATA_1M = os.path.join(TOP, "var", "bench", "data-1m")

NOCACHE = {"Cache-Control": "no-cache"}

# The scenarios. path may use {program_id} and {deep_page} (found by the probe). uncached: the
# request says Cache-Control: no-cache, which nginx's fastcgi_cache honours (fastcgi_cache_bypass)
# so that these lines measure the worker and the database. search: counts for the search
# targets; map: for the map target; nosql: the line runs no SQL (no pgbench).
SCENARIOS = [
    {"name": "search-state-degree", "path": "/api/v1/programs?state=OH&degree=associate",
     "what": "program search: state + degree", "uncached": True, "search": True},
    {"name": "search-q", "path": "/api/v1/programs?q=informatics",
     "what": "program search: one q word", "uncached": True, "search": True},
    {"name": "search-zip", "path": "/api/v1/programs?zip=43210&radius=50",
     "what": "program search: ZIP + 50 miles", "uncached": True, "search": True},
    {"name": "search-facets", "path": "/api/v1/programs?state=OH&facets=state,degree,field,control",
     "what": "program search: state + 4 facets", "uncached": True, "search": True},
    {"name": "search-deep-page", "path": "/api/v1/programs?page={deep_page}",
     "what": "program search: page 90% deep, by name", "uncached": True, "search": True},
    {"name": "program-detail", "path": "/api/v1/programs/{program_id}",
     "what": "one program", "uncached": True},
    {"name": "career-profile", "path": "/api/v1/careers/29-2072",
     "what": "career profile", "uncached": True},
    {"name": "career-map", "path": "/api/v1/careers/29-2072/states",
     "what": "career map (every state)", "uncached": True, "map": True},
    {"name": "pathways", "path": "/api/v1/pathways?career=29-2072&zip=43210",
     "what": "pathways: career + ZIP", "uncached": True},
    {"name": "revalidate-304", "path": "/api/v1/programs?state=OH&degree=associate",
     "what": "If-None-Match: current ETag, answered by nginx from its cache",
     "etag_of": "search-state-degree", "reval": True, "nosql": True},
    {"name": "worker-304", "path": "/api/v1/programs?state=OH&degree=associate",
     "what": "If-None-Match: current ETag + Cache-Control: no-cache: the worker's 304 before the "
             "handler (no database)", "etag_of": "search-state-degree", "reval": True, "uncached": True,
     "nosql": True},
    {"name": "cached-hit", "path": "/api/v1/programs?state=OH&degree=associate",
     "what": "same URL again: a hit of nginx's fastcgi_cache", "cached": True, "nosql": True},
]

# Reference lines of the worker that touch no database, and one with a single DB round trip.
REFERENCES = [
    {"name": "worker-nodb", "method": "OPTIONS", "path": "/api/v1/programs",
     "what": "OPTIONS preflight: routed and answered 204 by the worker, no body, no database "
             "(the 'worker' ratio: the cost of nginx + FastCGI + a worker child alone)"},
    {"name": "worker-openapi", "method": "GET", "path": "/api/v1/openapi.json",
     "what": "GET openapi.json: from memory, no database (its size makes it slower than small answers)"},
    {"name": "worker-ping", "method": "GET", "path": "/api/v1/health",
     "what": "GET health: one prepared SELECT"},
]

PROGRAM_ID = "14486551070703"   # College of DuPage, HIT associate (CAHIIM): in both datasets


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def die(msg):
    log("bench: " + msg)
    sys.exit(1)


class Instance:
    """The bench instance: its var folder, ports, data, and the make/psql commands on it."""

    def __init__(self, scale, data_dir, workers):
        cfg = INSTANCES[scale]
        self.scale = scale
        self.label = cfg["label"]
        self.var = os.path.join(TOP, cfg["var"])
        self.port = cfg["port"]
        self.pgport = cfg["pgport"]
        self.static_port = cfg["port"] + 10
        self.data_dir = os.path.abspath(data_dir)
        self.workers = workers
        self.run = os.path.join(self.var, "run")
        self.logdir = os.path.join(self.var, "log")
        self.base = "http://127.0.0.1:%d" % self.port
        self.static_dir = os.path.join(self.var, "static-ref")
        self.env = dict(os.environ, HITFINDER_VAR=self.var, HITFINDER_PORT=str(self.port),
                        HITFINDER_PGPORT=str(self.pgport), HITFINDER_DATA_DIR=self.data_dir,
                        HITFINDER_WORKERS=str(workers),
                        # wrk runs from loopback: keep it exempt from the API rate limit
                        # (nginx/render's default, restated in case the caller's environment
                        # changed it).
                        HITFINDER_RATE_EXEMPT="127.0.0.0/8 ::1")
        self.env.pop("MAKEFLAGS", None)
        self.env.pop("MFLAGS", None)
        self.env.pop("MAKELEVEL", None)

    def make(self, *targets, check=True):
        r = subprocess.run(["make", "--no-print-directory", "-C", TOP, *targets], env=self.env,
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            die("make %s failed:\n%s%s" % (" ".join(targets), r.stdout, r.stderr))
        return r

    def pgcluster(self, cmd, check=True):
        return subprocess.run([os.path.join(TOP, "sql", "pgcluster"), cmd], env=self.env,
                              capture_output=True, text=True, check=check)

    def psql(self, sql, user="hitfinder_reader", db="hitfinder", check=True, options=None):
        env = dict(os.environ)
        if options:
            env["PGOPTIONS"] = options
        r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", self.run,
                            "-p", str(self.pgport), "-U", user, "-d", db, "-c", sql],
                           capture_output=True, text=True, env=env)
        if check and r.returncode != 0:
            die("psql failed: %s\n%s" % (sql[:200], r.stderr))
        return r

    # --- bring up / down ---------------------------------------------------------------

    def stamp(self):
        """What the cluster was loaded from: for generated data the hashes of its files
        (gen1m.py writes CONTENTS), wherever the folder is (a moved checkout keeps its 1m
        cluster); otherwise the data folder."""
        p = os.path.join(self.data_dir, "CONTENTS")
        if os.path.exists(p):
            with open(p) as f:
                return "generated\n" + f.read().strip()
        return self.data_dir

    def up(self, fresh=False):
        """Starts everything; returns the import record (timed when the cluster was fresh)."""
        stamp_file = os.path.join(self.var, "data.stamp")
        loaded = None
        if os.path.exists(stamp_file):
            with open(stamp_file) as f:
                loaded = f.read()
        pgdata = os.path.join(self.var, "pg", "data", "PG_VERSION")
        if os.path.exists(pgdata) and (fresh or not same_data(loaded, self.stamp())):
            log("bench: %s: %s; starting from a fresh cluster" % (
                self.var, "fresh cluster asked" if fresh else "cluster loaded from other data"))
            self.down(stop_db=True)
            shutil.rmtree(os.path.join(self.var, "pg"))
            if os.path.exists(stamp_file):
                os.remove(stamp_file)
        was_fresh = not os.path.exists(pgdata)
        os.makedirs(self.logdir, exist_ok=True)
        self.make("start-db")
        log("bench: make migrate (HITFINDER_DATA_DIR=%s)%s" % (
            self.data_dir, " -- fresh cluster, timed" if was_fresh else ""))
        t0 = time.monotonic()
        r = self.make("migrate")
        secs = time.monotonic() - t0
        applied = re.findall(r"applied (\S+) \((\d+) ms\)", r.stdout + r.stderr)
        imp_file = os.path.join(self.var, "import.json")
        if was_fresh:
            rec = {"data_dir": self.data_dir, "seconds": round(secs, 2),
                   "at": utcnow(), "migrations": {n: int(ms) for n, ms in applied},
                   "what": "make migrate on a fresh cluster (start-db excluded)"}
            with open(imp_file, "w") as f:
                json.dump(rec, f, indent=1)
            with open(stamp_file, "w") as f:
                f.write(self.stamp())
        elif applied:
            log("bench: applied pending migrations: %s" % ", ".join(n for n, _ in applied))
        rec = None
        if os.path.exists(imp_file):
            with open(imp_file) as f:
                rec = json.load(f)
            rec["measured_this_run"] = was_fresh
        # Logs of the previous run would only grow: start them empty.
        for name in ("worker.log", "nginx-access.log"):
            p = os.path.join(self.logdir, name)
            if os.path.exists(p):
                os.truncate(p, 0)
        self.make("start-worker", "start-nginx")
        self.start_static()
        end = time.monotonic() + 15
        while time.monotonic() < end:
            try:
                if http_get(self.base + "/api/v1/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            die("the bench instance does not answer %s/api/v1/health" % self.base)
        return rec

    def up_db_only(self):
        """A fresh cluster, bootstrapped, then `make migrate` timed; returns the record."""
        if os.path.exists(self.var):
            self.pgcluster("stop", check=False)
            shutil.rmtree(self.var)
        self.make("start-db")
        t0 = time.monotonic()
        r = self.make("migrate")
        secs = time.monotonic() - t0
        applied = re.findall(r"applied (\S+) \((\d+) ms\)", r.stdout + r.stderr)
        return {"data_dir": self.data_dir, "seconds": round(secs, 2), "at": utcnow(),
                "migrations": {n: int(ms) for n, ms in applied},
                "what": "make migrate on a fresh cluster (start-db excluded)", "git": git_describe(),
                "loadavg": " ".join(open("/proc/loadavg").read().split()[:3])}

    def start_static(self):
        d = self.static_dir
        os.makedirs(os.path.join(d, "root"), exist_ok=True)
        os.makedirs(os.path.join(d, "tmp"), exist_ok=True)
        self.stop_static()
        with open(os.path.join(HERE, "nginx-static.conf.in")) as f:
            conf = f.read()
        user = "user root root;" if os.getuid() == 0 else "# (not root)"
        sec = os.path.join(TOP, "nginx", "security_headers")
        sec = "include %s;" % sec if os.path.exists(sec) else "# (no nginx/security_headers)"
        for k, v in (("@USER_DIRECTIVE@", user), ("@SECURITY_HEADERS@", sec), ("@VAR@", d), ("@ROOT@", os.path.join(d, "root")),
                     ("@LISTEN@", "127.0.0.1:%d" % self.static_port)):
            conf = conf.replace(k, v)
        path = os.path.join(d, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        for p in ("access.log",):
            if os.path.exists(os.path.join(d, p)):
                os.truncate(os.path.join(d, p), 0)
        r = subprocess.run(["nginx", "-e", os.path.join(d, "error.log"), "-p", d, "-c", path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            die("static reference nginx did not start: " + r.stderr)

    def stop_static(self):
        pidf = os.path.join(self.static_dir, "nginx.pid")
        pid = read_pid(pidf)
        if pid:
            try:
                os.kill(pid, 3)    # SIGQUIT: graceful
            except ProcessLookupError:
                pass
            for _ in range(100):
                if not alive(pid):
                    break
                time.sleep(0.05)

    def down(self, stop_db=True):
        self.stop_static()
        self.make("stop-nginx", "stop-worker", check=False)
        if stop_db:
            self.pgcluster("stop", check=False)

    def master_pid(self):
        return read_pid(os.path.join(self.run, "worker.pid"))


def read_pid(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_get(url, headers=None, method="GET"):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


# --- SQL capture ---------------------------------------------------------------------------

LOG_PREFIX = "%m [%p] app=%a: "
LINE_RE = re.compile(r"^\S+ \S+ \S+ \[\d+\] app=([^:]*): (LOG|DETAIL|STATEMENT|ERROR|WARNING):  (.*)$")
EXEC_RE = re.compile(r"^duration: [0-9.]+ ms  (execute ([^:]+)|statement): (.*)$", re.S)
PARAM_RE = re.compile(r"\$(\d+) = (NULL|'((?:[^']|'')*)')", re.S)


def capture_start(inst):
    for sql in ("ALTER SYSTEM SET log_min_duration_statement = 0",
                "ALTER SYSTEM SET log_line_prefix = '%s'" % LOG_PREFIX,
                "SELECT pg_reload_conf()"):
        inst.psql(sql, user="postgres")
    time.sleep(0.5)


def capture_stop(inst):
    for sql in ("ALTER SYSTEM RESET log_min_duration_statement",
                "ALTER SYSTEM RESET log_line_prefix", "SELECT pg_reload_conf()"):
        inst.psql(sql, user="postgres", check=False)


def log_entries(text):
    """Entries of a PostgreSQL stderr log (continuation lines start with a tab)."""
    out = []
    for line in text.split("\n"):
        if line.startswith("\t") and out:
            out[-1][2] += "\n" + line[1:]
            continue
        m = LINE_RE.match(line)
        if m:
            out.append([m.group(1), m.group(2), m.group(3)])
    return out


def capture_one(inst, url, headers):
    """The statements the worker ran for one request: [{name, sql, params}]."""
    pglog = os.path.join(inst.logdir, "postgres.log")
    off = os.path.getsize(pglog)
    http_get(url, headers)
    time.sleep(0.3)
    with open(pglog, errors="replace") as f:
        f.seek(off)
        text = f.read()
    stmts, last = [], None
    for app, kind, msg in log_entries(text):
        if app != "hitfinder-fcgi":
            continue
        if kind == "LOG":
            last = None
            m = EXEC_RE.match(msg)
            if not m:
                continue
            name = (m.group(2) or "").strip() or None
            sql = m.group(3).strip()
            if name == "data_version":
                continue
            if name is None and not re.match(r"(?is)^\s*(select|with)\b", sql):
                continue        # SET / LISTEN of a (re)connect
            last = {"name": None if name in (None, "<unnamed>") else name, "sql": sql, "params": {}}
            stmts.append(last)
        elif kind == "DETAIL" and last is not None and msg.startswith("parameters: "):
            for n, raw, val in PARAM_RE.findall(msg[len("parameters: "):]):
                last["params"][int(n)] = None if raw == "NULL" else val.replace("''", "'")
    return stmts


def same_data(loaded, stamp):
    """The recorded stamp of a cluster names the same data as stamp: for generated data the
    same file hashes (the first line, a folder in stamps of older runs, may differ)."""
    if loaded is None:
        return False
    a, b = loaded.split("\n", 1), stamp.split("\n", 1)
    if len(a) == 2 and len(b) == 2:
        return a[1].strip() == b[1].strip()
    return loaded == stamp


def quote_literal(v):
    return "NULL" if v is None else "'" + v.replace("'", "''") + "'"


def literal_sql(st):
    """The statement with its parameters written in as literals (for psql, EXPLAIN, pgbench -M simple)."""
    return re.sub(r"\$(\d+)", lambda m: quote_literal(st["params"].get(int(m.group(1)))), st["sql"])


def protect_colons(sql):
    """pgbench -M prepared takes :word anywhere as a variable, even inside a string literal:
    write a ':' that precedes a letter inside a literal as chr(58)."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c != "'":
            out.append(c)
            i += 1
            continue
        j = i + 1
        while j < n:
            if sql[j] == "'" and j + 1 < n and sql[j + 1] == "'":
                j += 2
                continue
            if sql[j] == "'":
                break
            j += 1
        lit = sql[i:j + 1]
        if re.search(r":[A-Za-z_]", lit):
            parts = lit[1:-1].split(":")
            lit = "(" + " || chr(58) || ".join("'%s'" % p for p in parts) + ")"
        out.append(lit)
        i = j + 1
    return "".join(out)


def pgbench_script(stmts):
    """(mode, script text, -D definitions). All prepared in the worker -> pgbench -M prepared
    with the worker's text and :variables; else -M simple with the literal statements (the
    worker sends those with PQexecParams, unnamed: planned at each call, as simple is)."""
    if stmts and all(s["name"] for s in stmts):
        defs, lines = [], []
        for k, s in enumerate(stmts, 1):
            sql = protect_colons(s["sql"])

            def var(m, k=k, s=s):
                n = int(m.group(1))
                v = s["params"].get(n)
                if v is None:
                    return "NULL"
                defs.append("s%dp%d=%s" % (k, n, v))
                return ":s%dp%d" % (k, n)
            lines.append(re.sub(r"\$(\d+)", var, sql) + ";")
        return "prepared", "\n".join(lines) + "\n", sorted(set(defs))
    return "simple", "\n".join(literal_sql(s) + ";" for s in stmts) + "\n", []


# --- load generators -------------------------------------------------------------------------

def wrk(url, seconds, connections, method="GET", headers=None):
    env = dict(os.environ, BENCH_METHOD=method,
               BENCH_HEADERS="\n".join("%s: %s" % kv for kv in (headers or {}).items()))
    threads = max(1, min(2, connections))
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", "%ds" % seconds,
           "--timeout", "30s", "-s", os.path.join(HERE, "wrk.lua"), url]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 90)
    m = re.search(r"^BENCH-RESULT (\{.*\})$", r.stdout, re.M)
    if not m:
        return {"error": "wrk: " + (r.stderr or r.stdout).strip()[:300]}
    d = json.loads(m.group(1))
    secs = d["duration_us"] / 1e6
    ok = d["requests"] - d["err_status"]
    return {"rps": ok / secs if secs else 0.0, "requests": d["requests"], "seconds": seconds,
            "p50_ms": d["p50_us"] / 1000 if d["requests"] else None,
            "p90_ms": d["p90_us"] / 1000 if d["requests"] else None,
            "p99_ms": d["p99_us"] / 1000 if d["requests"] else None,
            "max_ms": d["max_us"] / 1000 if d["requests"] else None, "bytes": d["bytes"],
            "non_2xx_3xx": d["err_status"],
            "socket_errors": d["err_connect"] + d["err_read"] + d["err_write"] + d["err_timeout"],
            "timeouts": d["err_timeout"]}


def pgbench(inst, script_path, mode, defs, seconds, clients, logdir):
    for f in glob.glob(os.path.join(logdir, "pgbench_log.*")):
        os.remove(f)
    prefix = os.path.join(logdir, "pgbench_log")
    cmd = ["pgbench", "-n", "-M", mode, "-c", str(clients), "-j", str(max(1, min(2, clients))),
           "-T", str(seconds), "-l", "--log-prefix", prefix, "-f", script_path,
           "-h", inst.run, "-p", str(inst.pgport), "-U", "hitfinder_reader", "hitfinder"]
    for d in defs:
        cmd[1:1] = ["-D", d]
    env = dict(os.environ, PGOPTIONS="-c search_path=hf,public -c statement_timeout=5000")
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 120)
    out = r.stdout + r.stderr
    lat = []
    for f in glob.glob(prefix + ".*"):
        with open(f) as fh:
            for line in fh:
                p = line.split()
                if len(p) >= 3 and p[2].isdigit():
                    lat.append(int(p[2]))
        os.remove(f)
    m = re.search(r"tps = ([0-9.]+) \((?:without initial connection time|excluding connections establishing)\)", out)
    failed = len(re.findall(r"aborted in command", out))
    if not m and not lat:
        err = re.search(r"ERROR: +(.*)", out) or re.search(r"error: +(.*)", out)
        return {"error": (err.group(1) if err else out.strip()[-300:])[:300], "aborted_clients": failed,
                "tps": 0.0 if failed else None, "seconds": seconds, "mode": mode}
    lat.sort()
    # With aborted clients (a statement timeout) pgbench prints no tps: count the log instead.
    tps = float(m.group(1)) if m and not failed else len(lat) / seconds
    res = {"tps": tps, "transactions": len(lat), "aborted_clients": failed,
           "mode": mode, "seconds": seconds}
    if lat:
        res["p50_ms"] = lat[len(lat) // 2] / 1000
        res["p99_ms"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))] / 1000
    if failed:
        err = re.search(r"ERROR: +(.*)", out) or re.search(r"error: +(.*)", out)
        res["error"] = "%d of %d clients aborted: %s" % (failed, clients, err.group(1)[:200] if err else "?")
    return res


# --- the run ----------------------------------------------------------------------------------

def probe(inst, programs):
    """Finds {program_id} and {deep_page} (90% through the unfiltered list: the page count from
    the read model, since at 1M rows the unfiltered search itself may time out); asks each
    scenario once."""
    st, _, body = http_get(inst.base + "/api/v1/programs/" + PROGRAM_ID)
    pid = PROGRAM_ID
    if st != 200:
        st, _, body = http_get(inst.base + "/api/v1/programs?state=OH&degree=associate")
        pid = str(json.loads(body)["data"][0]["id"])
    deep = max(2, int(-(-programs // 20) * 0.9))
    values = {"program_id": pid, "deep_page": deep}
    etags = {}
    for sc in SCENARIOS:
        sc["url_path"] = sc["path"].format(**values)
        headers = dict(NOCACHE) if sc.get("uncached") else {}
        if sc.get("reval"):
            headers["If-None-Match"] = etags.get(sc["etag_of"], '"none"')
        sc["headers"] = headers
        if not sc.get("uncached"):
            http_get(inst.base + sc["url_path"])    # the cache lines: the entry exists
        st, hdrs, body = http_get(inst.base + sc["url_path"], headers)
        t0 = time.monotonic()
        _, hdrs2, _ = http_get(inst.base + sc["url_path"], headers)
        sc["latency_ms"] = (time.monotonic() - t0) * 1000
        sc["status"] = st
        sc["bytes"] = len(body)
        sc["body"] = body
        sc["cache_status"] = hdrs2.get("X-Cache-Status") or hdrs2.get("X-Cache")
        if hdrs.get("ETag"):
            etags[sc["name"]] = hdrs["ETag"]


def write_static(inst):
    """Each scenario's body as a file the static nginx serves (the 304 line: a static 304)."""
    root = os.path.join(inst.static_dir, "root")
    for f in glob.glob(os.path.join(root, "*")):
        os.remove(f)
    by_name = {sc["name"]: sc for sc in SCENARIOS}
    for sc in SCENARIOS:
        src = by_name[sc["etag_of"]] if sc.get("reval") else sc
        name = src["name"] + ".json"
        with open(os.path.join(root, name), "wb") as f:
            f.write(src["body"])
        sc["static_url"] = "http://127.0.0.1:%d/bench-static/%s" % (inst.static_port, name)
        sc["static_headers"] = {}
    for sc in SCENARIOS:
        st, hdrs, body = http_get(sc["static_url"])
        if st != 200 or len(body) != len(by_name[sc.get("etag_of", sc["name"])]["body"]):
            die("static reference %s answered %d (%d bytes)" % (sc["static_url"], st, len(body)))
        if sc.get("reval"):
            sc["static_headers"] = {"If-None-Match": hdrs["ETag"]}
            st, _, _ = http_get(sc["static_url"], sc["static_headers"])
            if st != 304:
                die("static reference did not answer 304 to its ETag")


def capture_sql(inst, outdir):
    os.makedirs(outdir, exist_ok=True)
    for f in glob.glob(os.path.join(outdir, "*")):
        os.remove(f)
    capture_start(inst)
    try:
        for sc in SCENARIOS:
            if sc.get("reval") or sc.get("cached"):
                continue
            stmts = capture_one(inst, inst.base + sc["url_path"], sc["headers"])
            if not stmts:     # a request that ran before the new settings reached its backend
                stmts = capture_one(inst, inst.base + sc["url_path"], sc["headers"])
            sc["sql"] = stmts
            if not stmts:
                continue
            mode, script, defs = pgbench_script(stmts)
            sc["pgbench"] = {"mode": mode, "defs": defs,
                             "script": os.path.join(outdir, sc["name"] + ".pgbench.sql")}
            with open(sc["pgbench"]["script"], "w") as f:
                f.write(script)
            with open(os.path.join(outdir, sc["name"] + ".literal.sql"), "w") as f:
                for s in stmts:
                    f.write("-- %s\n%s;\n" % (s["name"] or "unnamed (PQexecParams)", literal_sql(s)))
    finally:
        capture_stop(inst)
    # The cached hit and the 304s run no SQL (nosql): no pgbench line.
    for sc in SCENARIOS:
        if sc.get("nosql"):
            sc["sql"], sc["pgbench"] = [], None


def explain(inst, outdir):
    os.makedirs(outdir, exist_ok=True)
    opts = "-c search_path=hf,public -c statement_timeout=60000"
    for sc in SCENARIOS:
        sc["explain"] = []
        if sc.get("cached") or sc.get("reval"):
            continue
        for k, s in enumerate(sc.get("sql") or [], 1):
            r = inst.psql("EXPLAIN (ANALYZE, BUFFERS) " + literal_sql(s), options=opts, check=False)
            text = r.stdout if r.returncode == 0 else r.stderr
            path = os.path.join(outdir, "%s-%d.txt" % (sc["name"], k))
            with open(path, "w") as f:
                f.write("-- %s\n-- %s\n%s;\n\n%s" % (sc["url_path"], s["name"] or "unnamed",
                                                    literal_sql(s), text))
            pm = re.search(r"Planning Time: ([0-9.]+) ms", text)
            em = re.search(r"Execution Time: ([0-9.]+) ms", text)
            sc["explain"].append({"statement": s["name"] or "unnamed", "file": os.path.relpath(path, TOP),
                                  "planning_ms": float(pm.group(1)) if pm else None,
                                  "execution_ms": float(em.group(1)) if em else None})


def drain(inst, limit=90):
    """Waits until no worker query is running (a slow line leaves requests queued in nginx and
    the FastCGI backlog after wrk stops); returns the seconds waited."""
    t0 = time.monotonic()
    idle = 0
    while time.monotonic() - t0 < limit and idle < 3:
        r = inst.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'hitfinder-fcgi' "
                      "AND state = 'active'", user="postgres", check=False)
        idle = idle + 1 if r.stdout.strip() == "0" else 0
        time.sleep(0.2)
    return round(time.monotonic() - t0, 1)


def line_seconds(base, latency_ms, depth, cap):
    """base, or long enough for every connection to see about two answers when one answer
    takes latency_ms and depth requests queue per server process (at most cap)."""
    need = 2 * (latency_ms or 0) * depth / 1000
    return base if need <= base else int(min(cap, -(-need // 1)))


def worker_rss(inst):
    pid = inst.master_pid()
    if not pid:
        return {}
    r = subprocess.run(["ps", "-o", "pid=,rss=", "--ppid", str(pid)], capture_output=True, text=True)
    kids = {int(a): int(b) for a, b in (l.split() for l in r.stdout.strip().splitlines())}
    r = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True)
    return {"children_kb": kids, "max_child_kb": max(kids.values()) if kids else None,
            "master_kb": int(r.stdout.strip() or 0)}


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_ratio(x):
    return "-" if x is None else ("%.2f" % x if x < 10 else "%.0f" % x)


def fmt_num(x, nd=0):
    if x is None:
        return "-"
    return "{:,.{}f}".format(x, nd)


def table(res):
    lines = []
    m = res["meta"]
    lines.append("hitfinder make bench -- %s data: %s programs (%s), %d connections, %d s per line, "
                 "%d workers, %d CPUs, %s" % (m["label"], fmt_num(m["programs"]), m["data_dir"],
                                              m["connections"], m["seconds"], m["workers"],
                                              m["cpus"], m["started"]))
    lines.append("load average before/after: %s / %s (a shared machine: compare ratios, not absolutes)"
                 % (m["loadavg_before"], m["loadavg_after"]))
    hdr = ("%-20s %4s %7s %9s %7s %7s %6s | %9s %6s | %6s | %9s %7s %6s" %
           ("line", "st", "bytes", "req/s", "p50 ms", "p99 ms", "errors", "static/s", "×stat",
            "×wrkr", "pgbench/s", "pg p99", "×pg"))
    lines.append(hdr)
    lines.append("-" * len(hdr))
    for ref in res["references"]:
        a = ref.get("app", {})
        lines.append("%-20s %4s %7s %9s %7s %7s %6s | %9s %6s | %6s | %9s %7s %6s" % (
            ref["name"], ref.get("status", "-"), fmt_num(ref.get("bytes")), fmt_num(a.get("rps")),
            fmt_num(a.get("p50_ms"), 1), fmt_num(a.get("p99_ms"), 1), errs(a), "", "", "", "", "", ""))
    lines.append("-" * len(hdr))
    for sc in res["scenarios"]:
        a, s, p, r = sc.get("app", {}), sc.get("static", {}), sc.get("pgbench") or {}, sc["ratios"]
        ext = "*" if a.get("seconds", m["seconds"]) != m["seconds"] else ""
        pext = "*" if p.get("seconds", m["seconds"]) != m["seconds"] else ""
        lines.append("%-20s %4s %7s %9s %7s %7s %6s | %9s %6s | %6s | %9s %7s %6s" % (
            sc["name"], sc["status"], fmt_num(sc["bytes"]), fmt_num(a.get("rps")) + ext,
            fmt_num(a.get("p50_ms"), 1), fmt_num(a.get("p99_ms"), 1), errs(a),
            fmt_num(s.get("rps")), fmt_ratio(r.get("static")), fmt_ratio(r.get("worker")),
            (fmt_num(p.get("tps")) + pext) if p.get("tps") is not None else ("err" if p.get("error") else "-"),
            fmt_num(p.get("p99_ms"), 1), fmt_ratio(r.get("pgbench"))))
    lines.append("")
    lines.append("req/s = 2xx/3xx answers per second; errors = non-2xx/3xx answers + socket errors (timeouts "
                 "included); ×stat = req/s / nginx serving a static file of the same size (the 304 line: a "
                 "static 304); ×wrkr = req/s / worker-nodb (OPTIONS 204, no database); ×pg = req/s / pgbench "
                 "tps of the same SQL at %d clients; * = measured longer than %d s because one answer is slow "
                 "(see JSON: seconds)" % (m["connections"], m["seconds"]))
    notes = []
    for sc in res["scenarios"]:
        if sc["status"] == 404:
            notes.append("%s answers 404 (endpoint not there yet?)" % sc["name"])
        elif sc["status"] >= 400:
            notes.append("%s answered %d to the probe (503: statement timeout)" % (sc["name"], sc["status"]))
        p = sc.get("pgbench") or {}
        if p.get("error"):
            notes.append("%s: pgbench %s" % (sc["name"], p["error"]))
    for sc in res["scenarios"]:
        want = "HIT" if sc.get("cached") or (sc.get("reval") and not sc.get("uncached")) else \
            "BYPASS" if sc.get("uncached") else None
        if want and sc.get("cache_status") != want:
            notes.append("%s: expected X-Cache-Status %s, the probe saw %s" % (sc["name"], want,
                                                                             sc.get("cache_status")))
    for n in notes:
        lines.append("note: " + n)
    lines.append("")
    lines.append("EXPLAIN ANALYZE (planning / execution ms per statement; files under %s):" %
                 os.path.relpath(res["meta"]["explain_dir"], TOP))
    for sc in res["scenarios"]:
        ex = sc.get("explain") or []
        if ex:
            lines.append("  %-20s %s" % (sc["name"], "; ".join(
                "%s %s / %s" % (e["statement"], fmt_num(e["planning_ms"], 2), fmt_num(e["execution_ms"], 2))
                for e in ex)))
    rss = res.get("rss") or {}
    if rss.get("children_kb"):
        lines.append("")
        lines.append("worker RSS after the run (ps -o rss): children %s kB (max %s kB), master %s kB" % (
            ", ".join(str(v) for v in rss["children_kb"].values()), rss["max_child_kb"], rss["master_kb"]))
    imp = res.get("import")
    if imp:
        lines.append("import: make migrate on a fresh cluster from %s: %.1f s (%s%s)" % (
            imp["data_dir"], imp["seconds"], imp["at"],
            ", this run" if imp.get("measured_this_run") else ", recorded earlier"))
    lines.append("")
    lines.append("targets (issue 8):")
    for t in res["targets"]:
        lines.append("  %-7s %s" % ("met" if t["met"] else ("MISSED" if t["met"] is not None else "n/a"),
                                     t["text"]))
    return "\n".join(lines)


def errs(a):
    if not a or "rps" not in a:
        return "err" if a and a.get("error") else "-"
    return str(a["non_2xx_3xx"] + a["socket_errors"])


def targets(res):
    out = []
    label = res["meta"]["label"]
    scs = res["scenarios"]
    if label == "real":
        for sc in scs:
            if sc.get("search") or sc.get("map"):
                r = sc["ratios"].get("worker")
                out.append({"met": None if r is None or sc["status"] >= 400 else r >= 0.5,
                            "text": "%s >= 50%% of the no-database worker line: %s (status %d)" % (
                                sc["name"], fmt_ratio(r), sc["status"])})
        for sc in scs:
            if sc.get("cached"):
                r = sc["ratios"].get("static")
                out.append({"met": None if r is None else r >= 0.7,
                            "text": "cached-hit >= 70%% of the static-file line: %s" % fmt_ratio(r)})
    else:
        for sc in scs:
            if sc.get("search"):
                a = sc.get("app", {})
                p99 = a.get("p99_ms")
                out.append({"met": None if p99 is None else p99 <= 50 and errs(a) == "0",
                            "text": "%s p99 <= 50 ms at %d connections: %s ms (errors %s)" % (
                                sc["name"], res["meta"]["connections"], fmt_num(p99, 1), errs(a))})
                r = sc["ratios"].get("pgbench")
                out.append({"met": None if r is None else r >= 0.8,
                            "text": "%s >= 80%% of pgbench's rate for the same SQL: %s" % (
                                sc["name"], fmt_ratio(r))})
    rss = res.get("rss") or {}
    if rss.get("max_child_kb"):
        out.append({"met": rss["max_child_kb"] <= 20 * 1024,
                    "text": "worker child RSS <= 20 MB: max %.1f MB" % (rss["max_child_kb"] / 1024)})
    imp = res.get("import")
    if imp and label == "real":
        out.append({"met": imp["seconds"] <= 30,
                    "text": "import of %s <= 30 s: %.1f s" % (imp["data_dir"], imp["seconds"])})
    elif imp:
        out.append({"met": None, "text": "(no target) import of the generated data: %.1f s" % imp["seconds"]})
    return out


def main():
    ap = argparse.ArgumentParser(description="make bench: hitfinder against reference lines")
    ap.add_argument("--scale", default="", choices=["", "1m"])
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--max-seconds", type=int, default=30,
                    help="a line whose single answer is slow is measured longer, up to this")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--data-dir", default=None, help="real data folder (SCALE empty)")
    ap.add_argument("--fresh", action="store_true", help="wipe the bench cluster first (times the import)")
    ap.add_argument("--keep", action="store_true", help="leave the instance running")
    ap.add_argument("--only", default="", help="comma list of scenario names (default: all)")
    ap.add_argument("--import-only", action="store_true",
                    help="time make migrate of --data-dir on a fresh cluster (var/bench-import), then remove it")
    args = ap.parse_args()
    if args.import_only:
        return import_only(args)
    if not 1 <= args.seconds <= 600 or not 1 <= args.connections <= 1024:
        die("BENCH_SECONDS must be 1..600 and BENCH_CONNECTIONS 1..1024")
    for tool in ("wrk", "pgbench", "nginx", "psql"):
        if not shutil.which(tool):
            die("%s is not installed (Debian: apt-get install wrk postgresql-contrib nginx)" % tool)

    if args.scale == "1m":
        data_dir = DATA_1M
        if not os.path.exists(os.path.join(data_dir, "STAMP")):
            die("no generated data in %s: run make bench-data-1m (make bench SCALE=1m does)" % data_dir)
    else:
        data_dir = args.data_dir or os.environ.get("HITFINDER_DATA_DIR") or os.path.join(TOP, "sql/data/sample")
    if args.only:
        keep = set(args.only.split(","))
        keep |= {"search-state-degree"}      # the 304 and the cached hit need its URL/ETag
        SCENARIOS[:] = [s for s in SCENARIOS if s["name"] in keep]

    inst = Instance(args.scale, data_dir, args.workers)
    started = utcnow()
    os.makedirs(RESULTS, exist_ok=True)
    try:
        imp = inst.up(fresh=args.fresh)
        programs = int(inst.psql("SELECT count(*) FROM hf.program_search", options="-c search_path=hf,public").stdout)
        probe(inst, programs)
        write_static(inst)
        sqldir = os.path.join(inst.var, "pgbench")
        capture_sql(inst, sqldir)
        exdir = os.path.join(inst.var, "explain")
        log("bench: EXPLAIN (ANALYZE, BUFFERS) of the captured SQL -> %s" % exdir)
        explain(inst, exdir)
        for sc in SCENARIOS:     # warm up: a few requests each
            for _ in range(5):
                http_get(inst.base + sc["url_path"], sc["headers"])
        load_before = open("/proc/loadavg").read().split()[:3]
        res = {"meta": {"label": inst.label, "scale": args.scale, "data_dir": data_dir,
                        "programs": programs, "connections": args.connections,
                        "seconds": args.seconds, "workers": args.workers, "cpus": os.cpu_count(),
                        "started": started, "port": inst.port, "pgport": inst.pgport,
                        "explain_dir": exdir, "pgbench_dir": sqldir,
                        "git": git_describe(), "loadavg_before": " ".join(load_before)},
               "references": [], "scenarios": []}
        S, C = args.seconds, args.connections
        for ref in REFERENCES:
            log("bench: %s" % ref["name"])
            # Cache-Control: no-cache: the worker's own line, never nginx's answer cache.
            st, _, body = http_get(inst.base + ref["path"], NOCACHE, method=ref["method"])
            a = wrk(inst.base + ref["path"], S, C, method=ref["method"], headers=NOCACHE)
            res["references"].append(dict(ref, status=st, bytes=len(body), app=a))
        nodb = res["references"][0]["app"].get("rps")
        depth_app = -(-C // args.workers)
        depth_pg = -(-C // (os.cpu_count() or 1))
        for sc in SCENARIOS:
            sa = line_seconds(S, sc["latency_ms"], depth_app, max(S, args.max_seconds))
            log("bench: %s (%s)%s" % (sc["name"], sc["url_path"],
                                     " for %d s: one answer takes %.0f ms" % (sa, sc["latency_ms"]) if sa > S else ""))
            a = wrk(inst.base + sc["url_path"], sa, C, headers=sc["headers"])
            a["drain_s"] = drain(inst)
            s = wrk(sc["static_url"], S, C, headers=sc["static_headers"])
            p = None
            if sc.get("pgbench"):
                pb = sc["pgbench"]
                src = sc
                if sc.get("cached") or sc.get("reval"):
                    src = next(x for x in SCENARIOS if x["name"] == (sc.get("etag_of") or "search-state-degree"))
                single = sum((e.get("planning_ms") or 0) + (e.get("execution_ms") or 0)
                             for e in src.get("explain") or [])
                sp = line_seconds(S, single, depth_pg, max(S, args.max_seconds))
                p = pgbench(inst, pb["script"], pb["mode"], pb["defs"], sp, C, sqldir)
                p["script"] = os.path.relpath(pb["script"], TOP)
            out = {k: sc.get(k) for k in ("name", "what", "url_path", "headers", "status", "bytes", "latency_ms",
                                          "cache_status", "explain", "search", "map", "cached", "reval",
                                          "uncached", "nosql")}
            out.update(app=a, static=s, pgbench=p, sql=sc.get("sql"),
                       ratios={"static": ratio(a.get("rps"), s.get("rps")),
                               "worker": ratio(a.get("rps"), nodb),
                               "pgbench": ratio(a.get("rps"), (p or {}).get("tps"))})
            res["scenarios"].append(out)
        res["meta"]["loadavg_after"] = " ".join(open("/proc/loadavg").read().split()[:3])
        res["rss"] = worker_rss(inst)
        res["import"] = imp
        res["targets"] = targets(res)
        text = table(res)
        print(text)
        stamp = started.replace(":", "").replace("-", "")
        path = os.path.join(RESULTS, "%s-%s.json" % (stamp, inst.label))
        with open(path, "w") as f:
            json.dump(res, f, indent=1)
        with open(path[:-5] + ".txt", "w") as f:
            f.write(text + "\n")
        print("\nresults: %s" % os.path.relpath(path, TOP))
    finally:
        if args.keep:
            inst.stop_static()
            log("bench: instance left running: %s (make bench-stop stops it)" % inst.base)
        else:
            inst.down(stop_db=True)


def import_only(args):
    """make bench-import: `make migrate` of the data folder on a fresh cluster, timed."""
    data_dir = args.data_dir or os.environ.get("HITFINDER_DATA_DIR") or os.path.join(TOP, "sql/data/sample")
    inst = Instance("import", data_dir, args.workers)
    os.makedirs(RESULTS, exist_ok=True)
    try:
        rec = inst.up_db_only()
    finally:
        inst.pgcluster("stop", check=False)
        shutil.rmtree(inst.var, ignore_errors=True)
    lines = ["import: make migrate on a fresh cluster, HITFINDER_DATA_DIR=%s: %.1f s (target <= 30 s: %s)"
             % (data_dir, rec["seconds"], "met" if rec["seconds"] <= 30 else "MISSED")]
    for name, ms in sorted(rec["migrations"].items(), key=lambda kv: -kv[1]):
        lines.append("  %7.2f s  %s" % (ms / 1000, name))
    print("\n".join(lines))
    path = os.path.join(RESULTS, "%s-import.json" % rec["at"].replace(":", "").replace("-", ""))
    with open(path, "w") as f:
        json.dump(rec, f, indent=1)
    print("results: %s" % os.path.relpath(path, TOP))


def git_describe():
    r = subprocess.run(["git", "-C", TOP, "describe", "--always", "--dirty"], capture_output=True, text=True)
    return r.stdout.strip()


if __name__ == "__main__":
    main()
