"""Faults under load (issue 7, item 4), on loopback with a bounded load generator (threads,
keep-alive, at most a few thousand requests and a few seconds per test):

- a worker child killed with SIGKILL in the middle of requests costs no request: two worker
  pools behind one nginx upstream, fastcgi_next_upstream retries the idempotent request;
- SIGHUP to a single pool (children replaced one by one) costs no request;
- PostgreSQL restarted: only 503 JSON (service_unavailable, Retry-After) while it is away, never
  a 500/502/504; full service within a second of its return; no worker process restarted;
- a query past statement_timeout: 503 JSON quickly, and the same child's connection serves the
  next request (no reconnect).

The pools and the nginx in front of them are this module's own (sockets and logs under the
test instance's var/, nginx on a port in 18510-18599); they use the session's database.
"""
import json
import os
import re
import signal
import subprocess
import time

import pytest

from conftest import PGPORT
from hfrel import Load, Nginx, Pool, Raw, envelope_problems, fcgi_get, wait_until

# Requests that keep a child busy for a few milliseconds in the database (so that a SIGKILL
# lands in the middle of one), with small enough answers, plus cheap ones.
URLS = [
    "/api/v1/programs?q=health&per_page=50&facets=state,degree",
    "/api/v1/programs?state=OH,PA,NY,CA,TX&facets=state,degree,field,delivery,control&per_page=100",
    "/api/v1/institutions?q=college&per_page=100",
    "/api/v1/institutions/100654",
    "/api/v1/datasets",
    "/api/v1/health",
]
# nginx's error log lines telling that an upstream died under a request and it was retried.
RETRIED = re.compile(r"upstream prematurely closed|recv\(\) failed|Connection reset by peer|"
                     r"connect\(\) to unix:.* failed", re.I)


@pytest.fixture(scope="module")
def front(site):
    a = Pool(site, "faults-a", workers=2)
    b = Pool(site, "faults-b", workers=2)
    ng = None
    try:
        a.wait_ready()
        b.wait_ready()
        # No answer cache: these faults are about the worker path (a cached answer would hide
        # the database's outage from the load for up to a second; test_cache.py covers the cache).
        ng = Nginx(os.path.join(site.var, "faults-nginx"), HITFINDER_CACHE_VALID="off",
                   HITFINDER_UPSTREAMS=f"unix:{a.sock} unix:{b.sock}")
        yield a, b, ng
    finally:
        if ng is not None:
            ng.stop()
        a.stop()
        b.stop()


def _err_lines(ng, since):
    return [ln for ln in ng.error_log()[since:].splitlines() if RETRIED.search(ln)]


def test_sigkill_child_under_load_loses_nothing(front):
    a, b, ng = front
    master = a.pid
    since = len(ng.error_log())
    kills = 0
    with Load(ng.port, URLS, threads=8, max_requests=8000) as load:
        assert wait_until(lambda: load.count() > 100, 10)
        # Kill children of pool A while the load runs, until at least one died under a request
        # (nginx then logs the failed upstream and retries the request on the other pool).
        for i in range(12):
            kids = a.children()
            victim = kids[i % len(kids)]
            os.kill(victim, signal.SIGKILL)
            kills += 1
            assert wait_until(lambda: len(a.children()) == a.workers and victim not in a.children(), 10), \
                "pool A did not respawn its child"
            time.sleep(0.25)
            if i >= 3 and _err_lines(ng, since):
                break
        time.sleep(0.5)
    n, failures = load.count(), load.failures()
    retried = _err_lines(ng, since)
    print(f"SIGKILL: {kills} children killed, {n} requests, {len(failures)} failed, "
          f"{len(retried)} retried by nginx")
    assert failures == [], failures[:10]
    assert retried, "no SIGKILL landed in the middle of a request; the test proved nothing"
    assert a.pid == master and a.proc.poll() is None
    assert a.log_text().count("killed by signal 9") >= kills
    assert n >= 100


def test_sighup_rolling_restart_loses_nothing(site):
    """SIGHUP to the session's single pool (no other pool to retry on): the children are replaced
    one by one, each finishing the request in hand; no request fails."""
    before = set(site.children())
    port = int(site.base.rsplit(":", 1)[1])
    with Load(port, URLS, threads=8, max_requests=8000) as load:
        assert wait_until(lambda: load.count() > 100, 10)
        os.kill(site.master_pid(), signal.SIGHUP)
        replaced = wait_until(lambda: len(site.children()) == len(before)
                              and not (set(site.children()) & before), 20)
        time.sleep(0.5)
    n, failures = load.count(), load.failures()
    print(f"SIGHUP: {n} requests, {len(failures)} failed")
    assert replaced, "SIGHUP must replace every child"
    assert failures == [], failures[:10]
    assert n >= 100


def _check_503(url, status, resp, body_bytes):
    """Load check for the database outage: a 503 must be the API's JSON error with Retry-After."""
    if status != 503:
        return None
    r = Raw(b"HTTP/1.1 503 X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in resp.getheaders()).encode()
            + b"\r\n" + body_bytes)
    probs = envelope_problems(r)
    if not probs and r.json()["error"]["code"] != "service_unavailable":
        probs = ["code " + r.json()["error"]["code"]]
    return "; ".join(probs) or None


def test_postgres_restart_only_503_then_full_service(site, front):
    a, b, ng = front
    pools_before = {p.name: (p.pid, p.children()) for p in (a, b)}
    session = (site.master_pid(), site.children())
    urls = [u for u in URLS if "health" not in u]
    with Load(ng.port, urls, threads=6, max_requests=20000, check=_check_503) as load:
        assert wait_until(lambda: load.count() > 50, 10)
        site.pgcluster("stop")
        t_down = time.monotonic()
        try:
            time.sleep(1.5)
        finally:
            site.pgcluster("start")          # pg_ctl -w: returns once it accepts connections
        t_up = time.monotonic()
        time.sleep(2.0)
    recs = list(load.records)
    statuses = {}
    for _, _, s, _ in recs:
        statuses[s] = statuses.get(s, 0) + 1
    print(f"PostgreSQL restart: {len(recs)} requests, statuses {statuses}, "
          f"down {t_up - t_down:.2f} s")
    bad = [(round(t - t_down, 3), u, s, p) for t, u, s, p in recs if s not in (200, 503) or p]
    assert bad == [], bad[:10]
    assert statuses.get(503, 0) > 0, "no request saw the outage"
    late = [(round(t - t_up, 3), u, s) for t, u, s, _ in recs if t > t_up + 1.0 and s != 200]
    assert late == [], f"not fully back one second after the database returned: {late[:10]}"
    assert sum(1 for t, _, s, _ in recs if t > t_up + 1.0 and s == 200) > 20
    # No worker process was restarted (they reconnect by themselves).
    assert {p.name: (p.pid, p.children()) for p in (a, b)} == pools_before
    assert (site.master_pid(), site.children()) == session


def test_statement_timeout_503_connection_kept(site):
    """A pool with --statement-timeout 300 and one child; the owner holds an ACCESS EXCLUSIVE lock
    on hf.institutions, so the institution query waits past the timeout: 503 JSON with
    Retry-After within a second or two; once the lock is gone the same child answers 200 on the
    same connection (no reconnect in its log)."""
    p = Pool(site, "faults-timeout", workers=1, args=("--statement-timeout", "300"))
    locker = None
    try:
        p.wait_ready()
        child = p.children()[0]
        assert b"200" in fcgi_get(p.sock, "/api/v1/institutions/100654").split(b"\r\n")[0]
        locker = subprocess.Popen(
            ["psql", "-X", "-q", "-At", "-h", os.path.join(site.var, "run"), "-p", str(PGPORT),
             "-U", "hitfinder_owner", "-d", "hitfinder"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        locker.stdin.write("BEGIN;\nLOCK TABLE hf.institutions IN ACCESS EXCLUSIVE MODE;\nSELECT 'locked';\n")
        locker.stdin.flush()
        assert locker.stdout.readline().strip() == "locked"
        t0 = time.monotonic()
        out = fcgi_get(p.sock, "/api/v1/institutions/100654")
        dt = time.monotonic() - t0
        head, _, payload = out.partition(b"\r\n\r\n")
        assert b"Status: 503" in head, out[:400]
        assert re.search(rb"Retry-After: \d+", head), head
        err = json.loads(payload)["error"]
        assert err["code"] == "service_unavailable" and err["status"] == 503
        assert 0.25 <= dt < 2.5, f"answered after {dt:.2f} s with statement_timeout 300 ms"
        locker.stdin.write("COMMIT;\n\\q\n")
        locker.stdin.flush()
        locker.wait(10)
        locker = None
        out = fcgi_get(p.sock, "/api/v1/institutions/100654")
        head, _, payload = out.partition(b"\r\n\r\n")
        assert b"Status: 200" in head, out[:300]
        assert json.loads(payload)["data"]["name"] == "Alabama A & M University"
        assert p.children() == [child], "the child must survive the timeout"
        log = p.log_text()
        assert "reconnected" not in log, log[-2000:]
        served = [(int(pid), st) for pid, st in re.findall(r"^\S+ (\d+) GET institution_get (\d{3})", log, re.M)]
        assert served == [(child, "200"), (child, "503"), (child, "200")], served
    finally:
        if locker is not None:
            locker.kill()
        p.stop()
