"""Least privilege (issue 7, item 5).

The database: the workers' role (hitfinder_reader) can read what the API serves and nothing
else -- every INSERT, UPDATE, DELETE, TRUNCATE, LOCK and SELECT FOR UPDATE on every hf table,
every CREATE (schemas hf and public, a temporary table, a schema, an extension), every read of
the migration bookkeeping and of the staging tables, every call of an hf_admin function and the
server-file functions are refused; the roles are not superusers; the workers connect as the
reader; migrations ran as the owner and the runner refuses a superuser.

nginx: server_tokens off, the security headers on every kind of answer (nosniff once, a CSP with
frame-ancestors 'none' that the web page passes -- checked statically and, when chromium is
installed, in a headless browser --, Referrer-Policy, X-Frame-Options), the URI and header
limits (414, 431), the body limit (413), the per-client rate limit (429 rate_limited with
Retry-After; configurable; loopback and a trusted list exempt), only GET, HEAD and OPTIONS
reach the workers (nginx answers 405 itself), and nginx's own errors (413, 414, 429, 502, 504)
in the API's JSON envelope.
"""
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

import pytest

from conftest import PGPORT, TOP
from hfrel import Nginx, Raw, envelope_problems, free_port, raw_http, request_bytes

READER, OWNER = "hitfinder_reader", "hitfinder_owner"


def _port(site):
    return int(site.base.rsplit(":", 1)[1])


# --- the database ----------------------------------------------------------------------------------

def _catalog(site, sql):
    return [ln.split("|") for ln in site.psql(sql, user="postgres").stdout.splitlines() if ln]


def _as_reader(site, statements):
    """Runs statements as the reader in one transaction that is rolled back at the end (each
    statement in a savepoint: ON_ERROR_ROLLBACK), one per line. Returns {statement: error text
    or None when it succeeded}."""
    script = "\\set ON_ERROR_ROLLBACK on\n\\set ON_ERROR_STOP off\nBEGIN;\n" + \
        "".join(s.replace("\n", " ") + ";\n" for s in statements) + "ROLLBACK;\n"
    r = subprocess.run(["psql", "-X", "-q", "-At", "-h", os.path.join(site.var, "run"), "-p", str(PGPORT),
                        "-U", READER, "-d", "hitfinder", "-f", "-"],
                       input=script, capture_output=True, text=True, timeout=120)
    errors = {}
    for m in re.finditer(r"^psql:<stdin>:(\d+): ERROR:  (.*)$", r.stderr, re.M):
        errors[int(m.group(1))] = m.group(2)
    return {s: errors.get(i + 4) for i, s in enumerate(statements)}


def _denied(err):
    return err is not None and any(x in err for x in ("permission denied", "must be owner", "must be superuser",
                                                     "must have privileges of", "must be a member"))


def test_reader_cannot_write_or_lock_any_table(site):
    rels = _catalog(site, """
        SELECT c.relkind, format('%I.%I', n.nspname, c.relname),
               (SELECT quote_ident(attname) FROM pg_attribute
                 WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped AND attidentity = ''
                   AND attgenerated = '' ORDER BY attnum LIMIT 1)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('hf', 'public') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
         ORDER BY 2""")
    stmts = []
    for kind, name, col in rels:
        if kind in ("r", "p"):
            stmts += [f"INSERT INTO {name} DEFAULT VALUES", f"UPDATE {name} SET {col} = {col}",
                      f"DELETE FROM {name}", f"TRUNCATE {name}", f"LOCK TABLE {name} IN ACCESS EXCLUSIVE MODE",
                      f"SELECT 1 FROM {name} LIMIT 1 FOR UPDATE", f"ALTER TABLE {name} ADD COLUMN hf_x integer",
                      f"DROP TABLE {name}", f"CREATE INDEX ON {name} ({col})"]
        elif kind == "v":
            stmts += [f"DROP VIEW {name}", f"ALTER VIEW {name} RENAME TO hf_x",
                      f"CREATE OR REPLACE VIEW {name} AS SELECT 1"]
        elif kind == "m":
            stmts += [f"REFRESH MATERIALIZED VIEW {name}", f"DROP MATERIALIZED VIEW {name}"]
        elif kind == "S":
            stmts += [f"SELECT nextval('{name}')", f"SELECT setval('{name}', 1)"]
    tables = sum(1 for k, _, _ in rels if k in ("r", "p"))
    assert tables >= 20, rels
    res = _as_reader(site, stmts)
    allowed = [s for s, e in res.items() if not _denied(e)]
    print(f"reader: {len(stmts)} write/lock/DDL statements on {len(rels)} relations, all refused")
    assert allowed == [], f"the reader could run (or failed otherwise): {[(s, res[s]) for s in allowed][:10]}"


def test_reader_cannot_create_anything(site):
    stmts = ["CREATE TABLE hf.reader_t (i integer)", "CREATE TABLE public.reader_t (i integer)",
             "CREATE TABLE reader_t (i integer)", "CREATE TEMP TABLE reader_t (i integer)",
             "CREATE TEMPORARY VIEW reader_v AS SELECT 1", "CREATE SCHEMA reader_s",
             "CREATE VIEW hf.reader_v AS SELECT 1", "CREATE VIEW public.reader_v AS SELECT 1",
             "CREATE FUNCTION hf.reader_f() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
             "CREATE FUNCTION public.reader_f() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
             "CREATE SEQUENCE hf.reader_s", "CREATE TYPE hf.reader_ty AS (i integer)",
             "CREATE EXTENSION IF NOT EXISTS hstore", "CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA hf",
             "COMMENT ON TABLE hf.institutions IS 'x'", "GRANT SELECT ON hf_admin.schema_migrations TO hitfinder_reader",
             "CREATE ROLE reader_r", "ALTER ROLE hitfinder_reader CREATEDB",
             "SET ROLE hitfinder_owner", "SET SESSION AUTHORIZATION hitfinder_owner",
             "CREATE PUBLICATION reader_p FOR ALL TABLES"]
    res = _as_reader(site, stmts)
    allowed = [(s, res[s]) for s in stmts if not _denied(res[s])]
    assert allowed == [], allowed


def test_reader_cannot_read_bookkeeping_staging_or_files(site):
    staging = [r[0] for r in _catalog(site, """
        SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('hf_admin', 'hf_staging') AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY 1""")]
    assert "hf_admin.schema_migrations" in staging and any(s.startswith("hf_staging.") for s in staging)
    stmts = [f"SELECT 1 FROM {t} LIMIT 1" for t in staging]
    stmts += ["SELECT pg_read_file('/etc/passwd')", "SELECT pg_ls_dir('.')", "SELECT lo_import('/etc/passwd')",
              "COPY hf.datasets TO '/tmp/hf_reader_copy'", "COPY (SELECT 1) TO PROGRAM 'id'",
              "SELECT rolpassword FROM pg_authid"]
    res = _as_reader(site, stmts)
    allowed = [(s, res[s]) for s in stmts if not _denied(res[s])]
    assert allowed == [], allowed


def test_reader_cannot_call_admin_functions(site):
    funcs = _catalog(site, """
        SELECT format('%I.%I', n.nspname, p.proname), oidvectortypes(p.proargtypes), p.prokind
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname IN ('hf_admin', 'hf_staging') ORDER BY 1""")
    assert len(funcs) >= 10
    stmts = []
    for name, args, kind in funcs:
        call = "(" + ", ".join(f"NULL::{a.strip()}" for a in args.split(",") if a.strip()) + ")"
        stmts.append(("CALL " if kind == "p" else "SELECT ") + name + call)
    res = _as_reader(site, stmts)
    allowed = [(s, res[s]) for s in stmts if not _denied(res[s])]
    assert allowed == [], allowed[:10]
    # And in the catalog: no EXECUTE for the reader on any of them, no SECURITY DEFINER function
    # the reader may call in hf.
    bad = _catalog(site, f"""
        SELECT format('%I.%I', n.nspname, p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE (n.nspname IN ('hf_admin', 'hf_staging') AND has_function_privilege('{READER}', p.oid, 'EXECUTE')
                AND has_schema_privilege('{READER}', n.oid, 'USAGE'))
            OR (n.nspname = 'hf' AND p.prosecdef AND has_function_privilege('{READER}', p.oid, 'EXECUTE'))""")
    assert bad == []


def test_reader_reads_what_the_api_serves(site):
    res = _as_reader(site, ["SELECT count(*) FROM hf.institutions", "SELECT * FROM hf.program_query('health')",
                            "SELECT version FROM hf.data_version"])
    assert all(e is None for e in res.values()), res
    # Every relation of hf is readable by it (the API's), and it has no other privilege on them.
    other = _catalog(site, f"""
        SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'hf'::regnamespace AND c.relkind IN ('r','v','m','p')
           AND (NOT has_table_privilege('{READER}', c.oid, 'SELECT')
                OR has_table_privilege('{READER}', c.oid, 'SELECT WITH GRANT OPTION')
                OR has_table_privilege('{READER}', c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER'))""")
    assert other == []


def test_roles_and_connections(site):
    roles = dict((r[0], r[1:]) for r in _catalog(site, f"""
        SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,
               (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid)
          FROM pg_roles r WHERE rolname IN ('{READER}', '{OWNER}')"""))
    assert roles[READER] == ["f", "f", "f", "f", "f", "0"], roles
    assert roles[OWNER][:5] == ["f", "f", "f", "f", "f"], roles
    db = _catalog(site, f"""SELECT has_database_privilege('{READER}', 'hitfinder', 'CREATE'),
                                  has_database_privilege('{READER}', 'hitfinder', 'TEMP'),
                                  has_schema_privilege('{READER}', 'public', 'CREATE'),
                                  has_schema_privilege('{READER}', 'hf', 'CREATE'),
                                  has_schema_privilege('{READER}', 'hf_admin', 'USAGE'),
                                  has_schema_privilege('{READER}', 'hf_staging', 'USAGE')""")
    assert db == [["f"] * 6], db
    # The workers connect as the reader, and only as the reader (a child connects again lazily
    # after the database restarted: make every child serve a request first).
    for _ in range(4 * len(site.children())):
        assert site.get("/api/v1/health").status_code == 200
    users = _catalog(site, """SELECT usename, count(*) FROM pg_stat_activity
                               WHERE application_name = 'hitfinder-fcgi' GROUP BY 1""")
    assert [u for u, _ in users] == [READER], users


def test_migrations_ran_as_the_owner(site):
    by = _catalog(site, "SELECT DISTINCT applied_by FROM hf_admin.schema_migrations")
    assert by == [[OWNER]], by
    not_owned = _catalog(site, f"""
        SELECT c.relname FROM pg_class c
         WHERE c.relnamespace IN ('hf'::regnamespace, 'hf_admin'::regnamespace, 'hf_staging'::regnamespace)
           AND pg_get_userbyid(c.relowner) <> '{OWNER}'""")
    assert not_owned == []
    fn = _catalog(site, f"""SELECT p.proname FROM pg_proc p
         WHERE p.pronamespace IN ('hf'::regnamespace, 'hf_admin'::regnamespace)
           AND pg_get_userbyid(p.proowner) <> '{OWNER}'""")
    assert fn == []


def test_migrate_refuses_a_superuser(site, tmp_path):
    """sql/migrate up connected as a superuser stops before applying anything (a pending
    migration in a copy of the migrations folder would create a table)."""
    mig = tmp_path / "migrations"
    shutil.copytree(os.path.join(TOP, "sql", "migrations"), mig)
    last = max(int(f[:4]) for f in os.listdir(mig) if f.endswith(".sql"))
    (mig / f"{last + 1:04d}_superuser_probe.sql").write_text("CREATE TABLE hf.superuser_probe (i integer);\n")
    env = dict(os.environ, PGHOST=os.path.join(site.var, "run"), PGPORT=str(PGPORT), PGUSER="postgres",
               PGDATABASE="hitfinder", HITFINDER_MIGRATIONS_DIR=str(mig))
    env.pop("HITFINDER_MIGRATE_AS_SUPERUSER", None)
    r = subprocess.run([os.path.join(TOP, "sql", "migrate"), "up"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 1 and "superuser" in r.stderr, (r.returncode, r.stdout, r.stderr)
    assert site.psql("SELECT to_regclass('hf.superuser_probe') IS NULL", user="postgres").stdout.strip() == "t"
    n = site.psql(f"SELECT count(*) FROM hf_admin.schema_migrations WHERE version = {last + 1}",
                  user="postgres").stdout.strip()
    assert n == "0"


# --- nginx -------------------------------------------------------------------------------------------

def _answers(site):
    """(label, Raw) for one answer of every kind: the page, an API 200, worker errors, nginx's own."""
    p = _port(site)
    out = [
        ("page", raw_http(p, request_bytes("GET", "/"))),
        ("api 200", raw_http(p, request_bytes("GET", "/api/v1/institutions/100654"))),
        ("api 400", raw_http(p, request_bytes("GET", "/api/v1/health?x=1"))),
        ("api 404", raw_http(p, request_bytes("GET", "/api/v1/nothing"))),
        ("api 304", raw_http(p, request_bytes("GET", "/api/v1/institutions/100654",
                                              headers={"If-None-Match": "*"}))),
        ("api 204", raw_http(p, request_bytes("OPTIONS", "/api/v1/health"))),
        ("nginx 404", raw_http(p, request_bytes("GET", "/no-such-file"))),
        ("nginx 405", raw_http(p, request_bytes("PUT", "/api/v1/health"))),
        ("nginx 413", raw_http(p, request_bytes("GET", "/api/v1/health", headers={"Content-Length": "4096"},
                                                body=b"x" * 4096))),
        ("nginx 414", raw_http(p, request_bytes("GET", "/api/v1/health?" + "a" * 9000))),
        ("nginx 431", raw_http(p, request_bytes("GET", "/api/v1/health", headers={"X-Big": "b" * 9000}))),
        ("nginx 400", raw_http(p, request_bytes("GET", "/api/v1/health", host=None))),
    ]
    return out


def test_server_tokens_off(site):
    for label, r in _answers(site):
        assert r.status, label
        assert r.header_all("server") == ["nginx"], (label, r.header_all("server"))
        assert not re.search(rb"nginx/\d", r.raw), label


def test_security_headers_on_every_answer(site):
    for label, r in _answers(site):
        assert r.header_all("x-content-type-options") == ["nosniff"], (label, r.headers)
        csp = r.header_all("content-security-policy")
        assert len(csp) == 1, (label, r.headers)
        d = dict((x.strip().split(" ", 1) + [""])[:2] for x in csp[0].split(";") if x.strip())
        assert d.get("frame-ancestors") == "'none'", (label, csp)
        assert d.get("default-src") == "'self'", (label, csp)
        assert d.get("object-src") == "'none'" and d.get("base-uri") in ("'self'", "'none'"), (label, csp)
        assert "unsafe-inline" not in csp[0] and "unsafe-eval" not in csp[0], (label, csp)
        assert r.header("referrer-policy") in ("no-referrer", "strict-origin-when-cross-origin",
                                               "same-origin"), label
        assert r.header("x-frame-options") == "DENY", label
    # The site file of a native install sets the same.
    with open(os.path.join(TOP, "deploy", "nginx-site.conf")) as f:
        site_conf = f.read()
    for d in ("server_tokens off;", "include @PREFIX@/share/hitfinder/nginx/security_headers;",
              "limit_req zone=hf_api", "limit_req_zone", "return 405;", "client_max_body_size 1k;",
              "large_client_header_buffers 4 8k;", "error_page 494 =431"):
        assert d in site_conf, d


def _page_files():
    root = os.path.join(TOP, "nginx", "html")
    html = glob.glob(os.path.join(root, "**", "*.html"), recursive=True)
    js = [f for f in glob.glob(os.path.join(root, "**", "*.js"), recursive=True) if "/vendor/" not in f]
    css = glob.glob(os.path.join(root, "**", "*.css"), recursive=True)
    return root, html, js, css


def test_page_is_compatible_with_the_csp():
    """What the CSP forbids, the page does not do: inline scripts, inline styles or style
    attributes, event-handler attributes, javascript: URLs, resources or fetches from other
    origins, eval/Function/string timers, <base>, frames, objects."""
    root, html, js, css = _page_files()
    assert html, "no page"
    bad = []
    for f in html:
        t = open(f, encoding="utf-8").read()
        rel = os.path.relpath(f, root)
        for m in re.finditer(r"<script\b([^>]*)>(.*?)</script>", t, re.S | re.I):
            attrs, inner = m.group(1), m.group(2)
            if "src=" not in attrs and inner.strip() and not re.search(r'type="application/(ld\+)?json"', attrs):
                bad.append((rel, "inline script"))
        if re.search(r"<style\b", t, re.I):
            bad.append((rel, "<style> element"))
        for rx, what in ((r"\sstyle\s*=", "style attribute"), (r"\son[a-z]+\s*=", "event-handler attribute"),
                         (r"javascript:", "javascript: URL"), (r"<base\b", "<base>"),
                         (r"<(iframe|object|embed)\b", "frame/object")):
            if re.search(rx, t, re.I):
                bad.append((rel, what))
        for m in re.finditer(r"<(?:script|link|img|source)\b[^>]*\s(?:src|href)\s*=\s*\"([^\"]*)\"", t, re.I):
            url = m.group(1)
            if re.match(r"(?i)^(https?:)?//", url):
                bad.append((rel, "resource from another origin: " + url))
    for f in js:
        t = open(f, encoding="utf-8").read()
        rel = os.path.relpath(f, root)
        for rx, what in ((r"\beval\s*\(", "eval"), (r"\bnew\s+Function\s*\(", "new Function"),
                         (r"\bset(Timeout|Interval)\s*\(\s*['\"`]", "string timer"),
                         (r"setAttribute\(\s*['\"](style|on[a-z]+)['\"]", "style/handler attribute"),
                         (r"""(['"`])[^'"`]*\s(style|on[a-z]+)\s*=\s*\\?["'][^'"`]*\1""", "style/handler in markup"),
                         (r"\bfetch\(\s*['\"`]https?://", "fetch from another origin"),
                         (r"\bimport\(\s*['\"`]https?://", "import from another origin")):
            if re.search(rx, t):
                bad.append((rel, what))
        for m in re.finditer(r"""\bimport\s[^'"]*from\s+['"]([^'"]+)['"]""", t):
            if re.match(r"(?i)^(https?:)?//", m.group(1)):
                bad.append((rel, "module from another origin: " + m.group(1)))
    for f in css:
        t = open(f, encoding="utf-8").read()
        for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)", t):
            if re.match(r"(?i)^(https?:)?//", m.group(1)):
                bad.append((os.path.relpath(f, root), "CSS resource from another origin"))
        if re.search(r"@import\s+(url\()?['\"]?(https?:)?//", t):
            bad.append((os.path.relpath(f, root), "CSS @import from another origin"))
    assert bad == [], bad


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _csp_violations(url):
    """Loads url in headless chromium; returns the console lines about CSP violations."""
    profile = tempfile.mkdtemp(prefix="hf-chromium-")
    try:
        r = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000",
                            "--dump-dom", url], capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return [ln for ln in r.stderr.splitlines() if "Content Security Policy" in ln or "Refused to" in ln], r.stdout


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
def test_page_passes_the_csp_in_a_browser(site, tmp_path):
    """The real page through the real nginx in headless chromium: no CSP violation. Control: a
    copy of the page with an inline script and a style attribute, served by an nginx of its own
    with the same headers, does report violations (so the check can see them)."""
    violations, dom = _csp_violations(site.url("/"))
    assert "<body" in dom
    assert violations == [], violations
    html = tmp_path / "html"
    shutil.copytree(os.path.join(TOP, "nginx", "html"), html)
    (html / "bad.html").write_text('<!doctype html><html><head><title>x</title></head><body>'
                                   '<p style="color:red">x</p><script>document.title = "ran"</script>'
                                   '</body></html>')
    ng = Nginx(str(tmp_path / "var"), HITFINDER_HTML_DIR=str(html),
               HITFINDER_UPSTREAMS="unix:" + os.path.join(site.var, "run", "fcgi.sock"))
    try:
        violations, _ = _csp_violations(ng.base + "/bad.html")
    finally:
        ng.stop()
    assert violations, "chromium did not report the inline script: the check cannot see violations"


def test_uri_header_and_body_limits(site):
    p = _port(site)
    r = raw_http(p, request_bytes("GET", "/api/v1/datasets?fields=" + "a" * 9000))
    assert r.status == 414 and not envelope_problems(r) and r.json()["error"]["code"] == "uri_too_long"
    r = raw_http(p, request_bytes("GET", "/api/v1/datasets?fields=" + "a" * 5000))     # the worker's limit
    assert r.status == 414 and not envelope_problems(r)
    r = raw_http(p, request_bytes("GET", "/api/v1/health", headers={"X-Big": "b" * 9000}))
    assert r.status == 431 and not envelope_problems(r), r
    r = raw_http(p, request_bytes("GET", "/api/v1/health", headers=[(f"X-H{i}", "c" * 2000) for i in range(20)]))
    assert r.status in (400, 431) and not envelope_problems(r), r
    r = raw_http(p, request_bytes("GET", "/api/v1/health", headers={"Content-Length": "2048"}, body=b"x" * 2048))
    assert r.status == 413 and not envelope_problems(r), r


def test_only_read_methods_reach_the_workers(site):
    log = os.path.join(site.var, "log", "worker.log")
    p = _port(site)
    marks = {}
    for m in ("POST", "PUT", "DELETE", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK",
              "UNLOCK", "TRACE", "SEARCH", "PURGE", "FOO", "GET", "HEAD", "OPTIONS"):
        mark = "m" + uuid.uuid4().hex[:12]
        marks[m] = mark
        r = raw_http(p, request_bytes(m, f"/api/v1/health?{mark}=1", body=b"x" if m in ("POST", "PUT") else b""))
        if m in ("GET", "HEAD"):
            assert r.status == 400, (m, r)
        elif m == "OPTIONS":
            assert r.status == 204, (m, r)
        else:
            assert r.status == 405 and not envelope_problems(r), (m, r)
            assert r.header("allow") == "GET, HEAD, OPTIONS"
    time.sleep(0.3)
    with open(log, errors="replace") as f:
        text = f.read()
    reached = [m for m, mark in marks.items() if mark in text]
    assert sorted(reached) == ["GET", "HEAD", "OPTIONS"], reached


def _burst(port, n, path="/api/v1/health"):
    """n GETs as fast as one keep-alive connection goes; returns the Raw answers."""
    out = []
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = s.makefile("rb")
    try:
        for i in range(n):
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            status = f.readline()
            head = [status]
            length = 0
            while True:
                ln = f.readline()
                head.append(ln)
                if ln in (b"\r\n", b""):
                    break
                if ln.lower().startswith(b"content-length:"):
                    length = int(ln.split(b":")[1])
            body_ = f.read(length)
            out.append(Raw(b"".join(head) + body_))
            if out[-1].header("connection") == "close":
                s.close()
                s = socket.create_connection(("127.0.0.1", port), timeout=10)
                f = s.makefile("rb")
    finally:
        s.close()
    return out


@pytest.fixture
def nginx_factory(site, tmp_path):
    made = []

    def make(**env):
        env.setdefault("HITFINDER_UPSTREAMS", "unix:" + os.path.join(site.var, "run", "fcgi.sock"))
        ng = Nginx(str(tmp_path / f"nginx{len(made)}"), **env)
        made.append(ng)
        return ng
    yield make
    for ng in made:
        ng.stop()


def test_rate_limit_429_with_retry_after(nginx_factory):
    """HITFINDER_RATE=2r/s with nobody exempt: past the burst (40) nginx answers 429 rate_limited
    with Retry-After; with the default exempt list (loopback) or a trusted list holding
    127.0.0.1 nobody on loopback is limited; a trusted list without loopback limits it again."""
    limited = nginx_factory(HITFINDER_RATE="2r/s", HITFINDER_RATE_EXEMPT="")
    t0 = time.monotonic()
    answers = _burst(limited.port, 90)
    dt = time.monotonic() - t0
    ok = [r for r in answers if r.status == 200]
    rej = [r for r in answers if r.status == 429]
    assert len(ok) + len(rej) == len(answers), {r.status for r in answers}
    assert len(rej) >= 30, (len(ok), len(rej))
    assert len(ok) <= 41 + 2 * dt + 1, (len(ok), dt)
    for r in rej[:5]:
        assert not envelope_problems(r), envelope_problems(r)
        assert r.json()["error"]["code"] == "rate_limited"
        assert int(r.header("retry-after")) >= 1
    print(f"rate limit: {len(answers)} requests in {dt:.2f} s: {len(ok)} served, {len(rej)} answered 429")

    for env in ({"HITFINDER_RATE": "2r/s"}, {"HITFINDER_RATE": "2r/s", "HITFINDER_RATE_EXEMPT": "10.9.9.9 127.0.0.1"}):
        ng = nginx_factory(**env)
        statuses = {r.status for r in _burst(ng.port, 90)}
        assert statuses == {200}, (env, statuses)
    ng = nginx_factory(HITFINDER_RATE="2r/s", HITFINDER_RATE_EXEMPT="10.9.9.9")
    assert any(r.status == 429 for r in _burst(ng.port, 90))


def test_rate_setting_is_checked(tmp_path):
    for env in ({"HITFINDER_RATE": "fast"}, {"HITFINDER_RATE": "0r/s"}, {"HITFINDER_RATE_EXEMPT": "localhost"},
                {"HITFINDER_RATE_EXEMPT": "1.2.3.4; evil"}):
        r = subprocess.run([os.path.join(TOP, "nginx", "render")], capture_output=True, text=True,
                           env=dict(os.environ, HITFINDER_VAR=str(tmp_path), **env))
        assert r.returncode == 2 and "HITFINDER_RATE" in r.stderr, (env, r.stderr)


def test_nginx_errors_in_the_envelope(site, nginx_factory):
    """502 (no worker behind the socket) and 504 (the worker does not accept within
    fastcgi_connect_timeout) from nginx itself, in the API's envelope with Retry-After; 413,
    414 and 429 are checked above."""
    ng = nginx_factory(HITFINDER_UPSTREAMS="unix:" + os.path.join(site.var, "run", "no-such-worker.sock"))
    r = raw_http(ng.port, request_bytes("GET", "/api/v1/health"))
    assert r.status == 502 and not envelope_problems(r), r
    assert r.json()["error"]["code"] == "service_unavailable"
    # A listener whose accept queue is full drops SYNs: nginx's connect times out (2 s) -> 504.
    port = free_port()
    ls = socket.socket()
    fill = []
    try:
        ls.bind(("127.0.0.1", port))
        ls.listen(0)
        for _ in range(4):
            c = socket.socket()
            c.setblocking(False)
            try:
                c.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            fill.append(c)
        time.sleep(0.2)
        ng = nginx_factory(HITFINDER_UPSTREAMS=f"127.0.0.1:{port}")
        r = raw_http(ng.port, request_bytes("GET", "/api/v1/health"), timeout=20)
        assert r.status == 504 and not envelope_problems(r), r
    finally:
        for c in fill:
            c.close()
        ls.close()
