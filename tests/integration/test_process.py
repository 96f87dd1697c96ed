"""The process model and the database connection: respawn, SIGHUP, SIGTERM drain, the
database going away and coming back, configuration errors."""
import json
import os
import signal
import subprocess
import threading
import time

from conftest import TOP, WORKER, assert_error, body


def test_child_killed_is_respawned(site):
    before = site.children()
    assert len(before) == int(os.environ.get("HITFINDER_WORKERS", "4"))
    os.kill(before[0], signal.SIGKILL)
    after = site.wait_for(lambda: (lambda c: c if len(c) == len(before) and before[0] not in c else None)(site.children()))
    assert after, "the master must replace a dead child"
    for _ in range(20):
        assert site.get("/api/v1/health").status_code == 200


def test_database_away_then_back(site):
    master, kids = site.master_pid(), site.children()
    site.pgcluster("stop")
    # The worker path, not nginx's answer cache (which may hold an answer up to 1 s old).
    fresh = {"Cache-Control": "no-cache"}
    try:
        t0 = time.monotonic()
        r = site.get("/api/v1/institutions/100654", headers=fresh)
        assert time.monotonic() - t0 < 1.0, "a request while the database is away must not hang"
        e = assert_error(r, 503, "service_unavailable")
        assert int(r.headers["Retry-After"]) >= 1
        assert "SQL" not in e["message"] and "hf." not in e["message"]
        h = site.get("/api/v1/health")
        assert h.status_code == 503 and body(h)["database"] == "unavailable"
        assert int(h.headers["Retry-After"]) >= 1
        # Every child answers 503, none crashes.
        for _ in range(3 * len(kids)):
            assert site.get("/api/v1/datasets", headers=fresh).status_code == 503
    finally:
        site.pgcluster("start")
    # Back: the very next request is served, by the same processes.
    assert site.get("/api/v1/institutions/100654").status_code == 200
    for _ in range(3 * len(kids)):
        assert site.get("/api/v1/datasets").status_code == 200
    assert site.master_pid() == master and site.children() == kids


def test_database_restart_costs_no_request(site):
    kids = site.children()
    for _ in range(len(kids)):
        assert site.get("/api/v1/health").status_code == 200
    site.pgcluster("restart")
    for _ in range(3 * len(kids)):
        r = site.get("/api/v1/institutions/100654")
        assert r.status_code == 200, r.text
    assert site.children() == kids


def test_sighup_replaces_children_without_dropping_requests(site):
    before = set(site.children())
    failures, done = [], threading.Event()

    def load():
        while not done.is_set():
            try:
                r = site.get("/api/v1/health", timeout=5)
                if r.status_code != 200:
                    failures.append(r.status_code)
            except Exception as e:  # noqa: BLE001 - any failure counts
                failures.append(repr(e))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        os.kill(site.master_pid(), signal.SIGHUP)
        replaced = site.wait_for(lambda: len(site.children()) == len(before) and not (set(site.children()) & before),
                                 timeout=15)
        time.sleep(0.3)
    finally:
        done.set()
        for t in threads:
            t.join()
    assert replaced, "SIGHUP must replace every child"
    assert failures == []


def _spawn(tmp_path, *args, env=None):
    sock = str(tmp_path / "w.sock")
    pidf = str(tmp_path / "w.pid")
    p = subprocess.Popen([WORKER, "--socket", sock, "--pidfile", pidf, *args],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env or os.environ)
    return p, sock


def _fcgi_get(sock, uri):
    env = dict(os.environ, REQUEST_METHOD="GET", DOCUMENT_URI=uri.split("?")[0], REQUEST_URI=uri,
               QUERY_STRING=uri.partition("?")[2], SCRIPT_NAME=uri.split("?")[0])
    return subprocess.run(["cgi-fcgi", "-bind", "-connect", sock], env=env, capture_output=True, timeout=10)


def test_sigterm_drains_and_exits(tmp_path):
    p, sock = _spawn(tmp_path, "--workers", "2", "--db", "host=/nonexistent dbname=x")
    deadline = time.monotonic() + 5
    while not os.path.exists(sock) and time.monotonic() < deadline:
        time.sleep(0.05)
    out = _fcgi_get(sock, "/api/v1/health")
    assert b"503" in out.stdout and b"service_unavailable" in out.stdout
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=5)
    assert p.returncode == 0
    assert time.monotonic() - t0 < 2.0, "an idle worker must exit promptly on SIGTERM"
    assert not os.path.exists(sock)
    # No child left behind.
    left = subprocess.run(["pgrep", "-f", str(tmp_path / "w.sock")], capture_output=True, text=True).stdout
    assert left.strip() == ""


def test_config_errors_name_the_key_and_range(tmp_path):
    for args, key in [(["--workers", "0"], "workers"), (["--workers", "x"], "workers"),
                      (["--statement-timeout", "5"], "statement-timeout"), (["--bogus", "1"], "bogus")]:
        p = subprocess.run([WORKER, "--socket", str(tmp_path / "s"), *args], capture_output=True, text=True, timeout=5)
        assert p.returncode == 2, (args, p.stderr)
        assert key in p.stderr, p.stderr
    env = dict(os.environ, HITFINDER_WORKERS="1000")
    p = subprocess.run([WORKER, "--socket", str(tmp_path / "s")], capture_output=True, text=True, env=env, timeout=5)
    assert p.returncode == 2 and "HITFINDER_WORKERS" in p.stderr and "256" in p.stderr


def test_openapi_agrees_with_route_table(site):
    routes = json.loads(subprocess.run([WORKER, "--dump-routes"], capture_output=True, text=True, check=True).stdout)
    with open(os.path.join(TOP, "fcgi", "openapi.json")) as f:
        doc = json.load(f)
    served = body(site.get("/api/v1/openapi.json"))
    assert served == doc, "the worker serves the committed OpenAPI file"
    if isinstance(routes, dict):
        routes = routes.get("routes", routes)
    paths = {r["path"]: r for r in routes}
    assert set(paths) == set(doc["paths"]), "every route documented, nothing documented that is not routed"
    for path, r in paths.items():
        op = doc["paths"][path]["get"]
        documented = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        assert documented == set(r["params"]), (path, documented, r["params"])


def test_one_log_line_per_request(site):
    log = os.path.join(site.var, "log", "worker.log")
    marker = "logmarker%d" % os.getpid()
    site.get("/api/v1/health?" + marker + "=%0aforged%20line")
    time.sleep(0.2)
    with open(log, errors="replace") as f:
        lines = [ln for ln in f if marker in ln]
    assert len(lines) == 1, lines
    assert "\nforged" not in lines[0]
