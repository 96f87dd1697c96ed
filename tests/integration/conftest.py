"""Session fixture for the integration suite.

Brings up the test instance exactly as `make run` does (same Makefile targets), but under
$HITFINDER_VAR (var/test) on its own ports: a real PostgreSQL cluster (as an unprivileged
user), the migrations and data imports, the FastCGI workers and nginx on loopback. Every test
talks HTTP to nginx. On a failure the tails of the worker, nginx and PostgreSQL logs are
attached to the report (redis --dump-logs). The instance is stopped at the end of the session.
"""
import json
import os
import signal
import subprocess
import time

import pytest
import requests

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _abs(p):
    return p if os.path.isabs(p) else os.path.join(TOP, p)


VAR = _abs(os.environ.get("HITFINDER_VAR", "var/test"))
PORT = int(os.environ.get("HITFINDER_PORT", "18080"))
PGPORT = int(os.environ.get("HITFINDER_PGPORT", "54339"))
ENV = dict(os.environ, HITFINDER_VAR=VAR, HITFINDER_PORT=str(PORT), HITFINDER_PGPORT=str(PGPORT))
# The worker binary: `make check-asan` runs the suite with the ASan + UBSan build.
WORKER = os.environ.get("HITFINDER_WORKER_BIN") or os.path.join(TOP, "fcgi", "hitfinder-fcgi")
LOGS = ["worker.log", "nginx-error.log", "postgres.log"]


def make(*targets, env=None, check=True):
    """Runs make TARGETS in the repository with the test instance's settings."""
    return subprocess.run(["make", "--no-print-directory", "-C", TOP, *targets],
                          env=env or ENV, check=check, capture_output=True, text=True)


class Site:
    """The running test instance: its URL, its files and ways to poke its processes."""

    def __init__(self):
        self.base = f"http://127.0.0.1:{PORT}"
        self.var = VAR
        self.env = ENV

    def url(self, path):
        return self.base + path

    def get(self, path, **kw):
        kw.setdefault("timeout", 10)
        return requests.get(self.url(path), **kw)

    def request(self, method, path, **kw):
        kw.setdefault("timeout", 10)
        return requests.request(method, self.url(path), **kw)

    def psql(self, sql, user="hitfinder_owner", db="hitfinder", check=True):
        """Runs SQL with psql as USER; returns the CompletedProcess (stdout unaligned, tuples only)."""
        return subprocess.run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", os.path.join(VAR, "run"),
             "-p", str(PGPORT), "-U", user, "-d", db, "-c", sql],
            check=check, capture_output=True, text=True)

    def pgcluster(self, cmd):
        return subprocess.run([os.path.join(TOP, "sql", "pgcluster"), cmd], env=ENV,
                              check=True, capture_output=True, text=True)

    def master_pid(self):
        with open(os.path.join(VAR, "run", "worker.pid")) as f:
            return int(f.read().strip())

    def children(self, pid=None):
        """PIDs of the worker master's children, sorted."""
        pid = pid or self.master_pid()
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        return sorted(int(x) for x in out.split())

    def wait_for(self, pred, timeout=10.0, step=0.05):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = pred()
            if v:
                return v
            time.sleep(step)
        return pred()


@pytest.fixture(scope="session")
def site():
    os.makedirs(VAR, exist_ok=True)
    r = make("start-db", "migrate", "start-worker", "start-nginx", check=False)
    if r.returncode != 0:
        pytest.exit("could not start the test instance:\n" + r.stdout + r.stderr, returncode=1)
    s = Site()
    ok = s.wait_for(lambda: _up(s), timeout=15)
    if not ok:
        pytest.exit("test instance did not answer /api/v1/health", returncode=1)
    yield s
    make("stop-nginx", "stop-worker", check=False)
    s.pgcluster("stop")


def _up(s):
    try:
        return s.get("/api/v1/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def body(r):
    """Parses a response body as JSON, failing the test if it is not JSON."""
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    return json.loads(r.text)


def assert_error(r, status, code, parameter=None):
    """Checks the API.md error envelope and returns the error object."""
    assert r.status_code == status, (r.status_code, r.text)
    err = body(r)["error"]
    assert err["status"] == status
    assert err["code"] == code, err
    if parameter is not None:
        assert err["parameter"] == parameter, err
    assert isinstance(err["message"], str) and err["message"]
    assert isinstance(err["details"], list) and err["details"]
    first = err["details"][0]
    assert (first["code"], first["parameter"], first["message"]) == (err["code"], err["parameter"], err["message"])
    for d in err["details"]:
        assert set(d) >= {"code", "parameter", "value", "message"}, d
    return err


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when == "call" and rep.failed:
        for name in LOGS:
            p = os.path.join(VAR, "log", name)
            if os.path.exists(p):
                with open(p, errors="replace") as f:
                    tail = f.readlines()[-40:]
                rep.sections.append((f"log {name} (tail)", "".join(tail)))
