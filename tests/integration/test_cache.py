"""Answer cache and conditional GETs (issue 8, item 4): nginx's fastcgi_cache in front of the
workers, keyed by the request (path, query, Accept) and revalidated by the data-version ETag,
and the worker's 304 that needs no database.

- a repeated GET is a cache HIT with the same body and ETag; a conditional GET with that ETag is
  a 304 from the cache; Cache-Control: no-cache / Pragma: no-cache bypass it; JSON and CSV of
  one URL are separate entries; health and errors are never stored;
- an expired entry is revalidated: the worker receives the entry's ETag and answers 304 with no
  database time (its log line), and the entry is fresh again;
- a client's If-None-Match reaches the worker when the cache does not answer (bypass, or the
  cache off): the worker's own 304, no database time;
- straight at a worker socket (no nginx): If-None-Match with the ETag of the same request at
  the current data version is answered 304 while the table it reads is locked ACCESS
  EXCLUSIVE by another session (so the database is not asked), the same parameters in another
  order too; another request's ETag is not (it waits on the lock: 503);
- nginx/render: HITFINDER_CACHE_VALID=off renders no cache, a bad value is refused.
"""
import json
import os
import re
import subprocess
import time
import uuid

import pytest

from conftest import PGPORT, TOP, VAR
from hfrel import Nginx, Pool, clean_env, fcgi_get, wait_until

RENDER = os.path.join(TOP, "nginx", "render")


def unique(path):
    """path with parameters no other test uses, so that its cache entry is this test's own:
    per_page (1..100) x page (1..50) keep the answer valid while making the URL new."""
    n = uuid.uuid4().int
    sep = "&" if "?" in path else "?"
    return f"{path}{sep}per_page={n % 100 + 1}&page={(n >> 8) % 50 + 1}"


# Not served from the cache: a miss (make start-nginx empties the cache; an entry of an
# earlier test past its time would be EXPIRED).
FRESH = ("MISS", "EXPIRED")


def cache_status(r):
    return r.headers.get("X-Cache-Status")


def test_repeat_get_is_a_cache_hit(site):
    u = unique("/api/v1/programs?state=OH")
    a = site.get(u)
    assert a.status_code == 200 and cache_status(a) in FRESH, (a.status_code, a.headers)
    b = site.get(u)
    assert b.status_code == 200 and cache_status(b) == "HIT", b.headers
    assert b.content == a.content and b.headers["ETag"] == a.headers["ETag"]
    # The headers of a hit are the worker's: validators, content type, CORS, security headers.
    for h in ("ETag", "Last-Modified", "Content-Type", "Access-Control-Allow-Origin",
              "Content-Security-Policy", "X-Content-Type-Options"):
        assert b.headers.get(h) == a.headers.get(h), h
    assert b.headers["X-Content-Type-Options"] == "nosniff"
    # HEAD shares the entry: a hit, no body.
    h = site.request("HEAD", u)
    assert h.status_code == 200 and cache_status(h) == "HIT" and h.content == b""
    assert h.headers["ETag"] == a.headers["ETag"]


def test_conditional_get_is_a_304_from_the_cache(site):
    u = unique("/api/v1/programs?field=health_informatics")
    a = site.get(u)
    assert a.status_code == 200
    r = site.get(u, headers={"If-None-Match": a.headers["ETag"]})
    assert r.status_code == 304 and cache_status(r) == "HIT", (r.status_code, r.headers)
    assert r.content == b"" and r.headers["ETag"] == a.headers["ETag"]
    # Another tag: the cached 200.
    r = site.get(u, headers={"If-None-Match": '"1-0000000000000000"'})
    assert r.status_code == 200 and cache_status(r) == "HIT" and r.content == a.content


@pytest.mark.parametrize("headers", [{"Cache-Control": "no-cache"}, {"Cache-Control": "max-age=0"},
                                     {"Pragma": "no-cache"}])
def test_no_cache_bypasses(site, headers):
    u = unique("/api/v1/institutions?state=AL")
    assert cache_status(site.get(u)) in FRESH
    assert cache_status(site.get(u)) == "HIT"
    r = site.get(u, headers=headers)
    assert r.status_code == 200 and cache_status(r) == "BYPASS", r.headers


def test_json_and_csv_are_separate_entries(site):
    u = unique("/api/v1/programs?state=OH")
    j = site.get(u)
    c = site.get(u, headers={"Accept": "text/csv"})
    assert j.headers["Content-Type"].startswith("application/json")
    assert c.headers["Content-Type"].startswith("text/csv"), c.headers
    assert cache_status(c) in FRESH and c.headers["ETag"] != j.headers["ETag"]
    c2 = site.get(u, headers={"Accept": "text/csv"})
    j2 = site.get(u)
    assert (cache_status(c2), cache_status(j2)) == ("HIT", "HIT")
    assert c2.content == c.content and j2.content == j.content


def test_health_and_errors_are_never_stored(site):
    for _ in range(3):
        r = site.get("/api/v1/health")
        assert r.status_code == 200 and cache_status(r) != "HIT", r.headers
        assert r.headers["Cache-Control"] == "no-store"
    u = unique("/api/v1/programs?state=ZZ")
    for _ in range(3):
        r = site.get(u)
        assert r.status_code == 400 and cache_status(r) == "MISS", r.headers
    u = "/api/v1/institutions/999999?x=" + uuid.uuid4().hex
    for _ in range(2):
        r = site.get(u)
        assert r.status_code in (400, 404) and cache_status(r) != "HIT"


def worker_log():
    with open(os.path.join(VAR, "log", "worker.log"), errors="replace") as f:
        return f.read()


def test_expired_entry_is_revalidated_by_the_worker_without_the_database(site):
    """After the entry's 1 s (nginx counts in whole seconds: 1 to 2 s), the next request waits while nginx revalidates the entry with its
    ETag; the worker answers that 304 with no database time, and the stored answer is served
    (REVALIDATED), then a HIT again."""
    u = unique("/api/v1/programs?degree=associate&state=OH")
    a = site.get(u)
    assert cache_status(a) in FRESH
    time.sleep(2.2)
    s = site.get(u)
    assert s.status_code == 200 and cache_status(s) == "REVALIDATED", s.headers
    assert s.content == a.content and s.headers["ETag"] == a.headers["ETag"]
    path = u.split("?", 1)[1]
    pat = re.compile(r"GET programs_list 304 ms=[\d.]+ rows=0 db_ms=0\.000 uri=\"[^\"]*" + re.escape(path))
    assert wait_until(lambda: pat.search(worker_log()), 5), worker_log()[-1500:]
    r = site.get(u)
    assert cache_status(r) == "HIT" and r.content == a.content and r.headers["ETag"] == a.headers["ETag"]


def test_bypass_with_a_condition_is_the_workers_304(site):
    u = unique("/api/v1/programs?q=coding")
    a = site.get(u, headers={"Cache-Control": "no-cache"})
    assert a.status_code == 200 and cache_status(a) == "BYPASS"
    r = site.get(u, headers={"Cache-Control": "no-cache", "If-None-Match": a.headers["ETag"]})
    assert r.status_code == 304 and cache_status(r) == "BYPASS" and r.headers["ETag"] == a.headers["ETag"]
    path = u.split("?", 1)[1]
    pat = re.compile(r"GET programs_list 304 ms=[\d.]+ rows=0 db_ms=0\.000 uri=\"[^\"]*" + re.escape(path))
    assert wait_until(lambda: pat.search(worker_log()), 5), worker_log()[-1500:]


def _locker(site, table):
    p = subprocess.Popen(
        ["psql", "-X", "-q", "-At", "-h", os.path.join(site.var, "run"), "-p", str(PGPORT),
         "-U", "hitfinder_owner", "-d", "hitfinder"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    p.stdin.write(f"BEGIN;\nLOCK TABLE {table} IN ACCESS EXCLUSIVE MODE;\nSELECT 'locked';\n")
    p.stdin.flush()
    assert p.stdout.readline().strip() == "locked"
    return p


def _head(out):
    head, _, payload = out.partition(b"\r\n\r\n")
    return head.decode(), payload


def test_worker_304_needs_no_database(site):
    p = Pool(site, "cache-304", workers=1, args=("--statement-timeout", "300"))
    locker = None
    try:
        p.wait_ready()
        a = "/api/v1/programs?state=OH&degree=associate&facets=field"
        head, payload = _head(fcgi_get(p.sock, a))
        assert "Status: 200" in head, head
        etag = re.search(r"ETag: (\S+)", head).group(1)
        ver = json.loads(payload)["meta"]["data_version"]
        assert etag.startswith(f'"{ver}-'), (etag, ver)
        other = "/api/v1/institutions/100654"
        head, _ = _head(fcgi_get(p.sock, other))
        other_tag = re.search(r"ETag: (\S+)", head).group(1)

        locker = _locker(site, "hf.program_search")
        held = _locker(site, "hf.institutions")
        try:
            for uri, tag in ((a, etag),
                             # the same request, parameters in another order and encoding
                             ("/api/v1/programs?facets=field&degree=associate&state=oh", etag),
                             (other, other_tag),
                             (other, f'W/{other_tag}, "x"')):
                # Were the handler run, it would wait on the lock and answer 503.
                head, payload = _head(fcgi_get(p.sock, uri, extra={"HTTP_IF_NONE_MATCH": tag}))
                assert "Status: 304" in head, (uri, head, payload[:300])
                assert f"ETag: {tag.replace('W/', '').split(',')[0]}" in head, head
                assert "Last-Modified: " in head and payload == b""
            # Not this request's tag (another URL's, or an old data version): the handler runs
            # and waits on the lock past the statement timeout.
            for uri, tag in ((a, other_tag), (a, f'"{ver - 1}-' + etag.split("-", 1)[1])):
                head, _ = _head(fcgi_get(p.sock, uri, extra={"HTTP_IF_NONE_MATCH": tag}))
                assert "Status: 503" in head, head
        finally:
            held.kill()
        def served_():
            return [t for t in re.findall(r"GET (\w+) (\d{3}) ms=[\d.]+ rows=\d+ db_ms=([\d.]+)",
                                          p.log_text()) if t[0] != "health"]
        # The child logs a request after finishing it: the last line may come a moment later.
        wait_until(lambda: len(served_()) >= 8, 5)
        served = served_()
        assert [(r, s) for r, s, _ in served] == [
            ("programs_list", "200"), ("institution_get", "200"),
            ("programs_list", "304"), ("programs_list", "304"),
            ("institution_get", "304"), ("institution_get", "304"),
            ("programs_list", "503"), ("programs_list", "503")], served
        assert all(float(ms) == 0 for r, s, ms in served if s == "304"), served
    finally:
        if locker is not None:
            locker.kill()
        p.stop()


def _render(tmp_path, **env):
    return subprocess.run([RENDER], env=clean_env(HITFINDER_VAR=str(tmp_path), HITFINDER_PORT="18599",
                                                  **env), capture_output=True, text=True)


def test_render_cache_setting(tmp_path):
    r = _render(tmp_path)
    assert r.returncode == 0, r.stderr
    conf = open(r.stdout.strip()).read()
    assert "fastcgi_cache hf_cache;" in conf and "fastcgi_cache_valid 200 1s;" in conf
    assert "@CACHE" not in conf and "@NOCACHE" not in conf
    r = _render(tmp_path, HITFINDER_CACHE_VALID="5m")
    assert "fastcgi_cache_valid 200 5m;" in open(r.stdout.strip()).read()
    r = _render(tmp_path, HITFINDER_CACHE_VALID="off")
    assert r.returncode == 0, r.stderr
    conf = open(r.stdout.strip()).read()
    assert "fastcgi_cache" not in conf and "X-Cache-Status" not in conf and "@CACHE" not in conf
    assert subprocess.run(["nginx", "-t", "-q", "-p", str(tmp_path / "nginx"), "-c", r.stdout.strip()],
                          capture_output=True).returncode == 0
    for bad in ("1", "0s", "1 s", "soon", "1s;"):
        r = _render(tmp_path, HITFINDER_CACHE_VALID=bad)
        assert r.returncode == 2 and "HITFINDER_CACHE_VALID" in r.stderr, (bad, r.stderr)


def test_uncached_nginx_passes_the_clients_condition(site, tmp_path):
    """With the cache off, the client's If-None-Match reaches the worker (fastcgi_params no
    longer names it; nginx passes request headers), which answers 304 itself."""
    ng = Nginx(str(tmp_path / "var"), HITFINDER_CACHE_VALID="off",
               HITFINDER_UPSTREAMS="unix:" + os.path.join(VAR, "run", "fcgi.sock"))
    try:
        import requests
        u = ng.base + "/api/v1/careers/29-2072"
        a = requests.get(u, timeout=10)
        assert a.status_code == 200 and "X-Cache-Status" not in a.headers
        r = requests.get(u, headers={"If-None-Match": a.headers["ETag"]}, timeout=10)
        assert r.status_code == 304 and r.headers["ETag"] == a.headers["ETag"]
        pat = re.compile(r"GET career_get 304 ms=[\d.]+ rows=0 db_ms=0\.000 uri=\"/api/v1/careers/29-2072\"")
        assert wait_until(lambda: pat.search(worker_log()), 5)
    finally:
        ng.stop()
