"""Data loading safety (issue 7, item 6), on a scratch database of the session's cluster
(bootstrapped and migrated with the sample data, served by a worker pool and an nginx of this
module), so that nothing here can touch the suite's own data:

- an import killed in the middle of its file (SIGKILL to the psql of `sql/migrate up` while
  it copies a 150 MB IPEDS HD file made of repeated real rows) leaves the previous release
  serving and intact: the API answers the same data throughout and afterwards, data_version is
  unchanged, the migration is not recorded, staging is empty. The release first changes served
  data (bumps the version, renames an institution) and only then reads the file, so a runner
  that did not run a release in one transaction would leave those changes behind;
- two `sql/migrate up` at once cannot interleave: with two pending releases that each change an
  institution's name in two steps a moment apart, the API only ever shows whole releases, each
  applied once, in order; both runners succeed.
"""
import os
import re
import shutil
import signal
import subprocess
import threading
import time

import pytest
import requests

from conftest import PGPORT, TOP
from hfrel import Nginx, Pool, wait_until

SAMPLE = os.path.join(TOP, "sql", "data", "sample")
MIGRATE = os.path.join(TOP, "sql", "migrate")
BIG_MB = 150


class Scratch:
    def __init__(self, site, db):
        self.site, self.db = site, db
        self.env = dict(os.environ, PGHOST=os.path.join(site.var, "run"), PGPORT=str(PGPORT),
                        PGUSER="hitfinder_owner", PGDATABASE=db)
        for k in ("HITFINDER_MIGRATIONS_DIR", "HITFINDER_DATA_DIR", "HITFINDER_MIGRATE_AS_SUPERUSER"):
            self.env.pop(k, None)
        self.pool = self.nginx = None

    def sql(self, q, user="postgres"):
        return self.site.psql(q, user=user, db=self.db).stdout.strip()

    def migrate(self, mdir, ddir, *args, wait=True):
        env = dict(self.env, HITFINDER_MIGRATIONS_DIR=str(mdir), HITFINDER_DATA_DIR=str(ddir))
        p = subprocess.Popen([MIGRATE, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if wait:
            out, err = p.communicate(timeout=300)
            return p.returncode, out, err
        return p

    def get(self, path):
        return requests.get(self.nginx.base + path, timeout=10)

    def version(self):
        return int(self.sql("SELECT version FROM hf.data_version"))

    def applied(self):
        return self.sql("SELECT string_agg(version::text, ',' ORDER BY version) FROM hf_admin.schema_migrations")


@pytest.fixture(scope="module")
def scratch(site):
    db = f"hf_imp_{os.getpid()}"
    s = Scratch(site, db)
    site.psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', user="postgres", db="postgres")
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.path.join(site.var, "run"),
                        "-p", str(PGPORT), "-U", "postgres", "-d", "postgres", "-v", f"dbname={db}",
                        "-f", os.path.join(TOP, "sql", "bootstrap.sql")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    try:
        rc, out, err = s.migrate(os.path.join(TOP, "sql", "migrations"), SAMPLE, "up")
        assert rc == 0, out + err
        s.pool = Pool(site, "imp", workers=2, dbname=db)
        s.pool.wait_ready()
        s.nginx = Nginx(os.path.join(site.var, "imp-nginx"), HITFINDER_UPSTREAMS="unix:" + s.pool.sock)
        yield s
    finally:
        if s.nginx is not None:
            s.nginx.stop()
        if s.pool is not None:
            s.pool.stop()
        site.psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)', user="postgres", db="postgres", check=False)


def _migrations_plus(tmp, name, extra):
    """A copy of sql/migrations in tmp plus extra = [(suffix, text)] numbered after the last."""
    mdir = tmp / name
    shutil.copytree(os.path.join(TOP, "sql", "migrations"), mdir)
    last = max(int(f[:4]) for f in os.listdir(mdir) if re.match(r"\d{4}_.*\.sql$", f))
    versions = []
    for i, (suffix, text) in enumerate(extra, 1):
        (mdir / f"{last + i:04d}_{suffix}.sql").write_text(text)
        versions.append(last + i)
    return mdir, versions


def _snapshot(s):
    """What the API serves that the release would change: the institution and the datasets."""
    i = s.get("/api/v1/institutions/100654")
    d = s.get("/api/v1/datasets?per_page=100")
    assert i.status_code == 200 and d.status_code == 200
    return i.json(), d.json()


def _psql_child(pid):
    """The psql process whose parent is pid, or None."""
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                st = f.read()
        except OSError:
            continue
        comm = st[st.index("(") + 1:st.rindex(")")]
        ppid = int(st[st.rindex(")") + 2:].split()[1])
        if ppid == pid and comm == "psql":
            return int(p)
    return None


def test_import_killed_mid_file_leaves_the_previous_release(scratch, tmp_path):
    s = scratch
    # A data folder with a big HD file: the header and the real rows of the sample, repeated.
    with open(os.path.join(SAMPLE, "ipeds", "hd2024.csv"), "rb") as f:
        header = f.readline()
        rows = f.read()
    (tmp_path / "data" / "ipeds").mkdir(parents=True)
    big = tmp_path / "data" / "ipeds" / "hd_big.csv"
    chunk = rows * max(1, (4 << 20) // len(rows))
    with open(big, "wb") as f:
        f.write(header)
        while f.tell() < BIG_MB << 20:
            f.write(chunk)
    with open(os.path.join(TOP, "sql", "migrations", "0004_ipeds_hd2024.sql")) as f:
        release = f.read().replace("ipeds/hd2024.csv", "ipeds/hd_big.csv").replace("'ipeds-hd-2024'", "'ipeds-hd-big'")
    assert "@DATA_DIR@/ipeds/hd_big.csv" in release
    release = ("-- A release that changes served data first, then reads a big file.\n"
               "SELECT hf_admin.bump_data_version();\n"
               "UPDATE hf.institutions SET name = name || ' (partial release)' WHERE id = 100654;\n" + release)
    mdir, (v,) = _migrations_plus(tmp_path, "migrations", [("big_release", release)])

    before = _snapshot(s)
    v0, applied0 = s.version(), s.applied()
    staged0 = s.sql("SELECT count(*) FROM hf_staging.ipeds_hd")
    seen, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            try:
                r = s.get("/api/v1/institutions/100654")
                seen.append((r.status_code, r.json()["data"]["name"] if r.status_code == 200 else r.text[:100]))
            except Exception as e:  # noqa: BLE001 - any failure is recorded
                seen.append((0, repr(e)))
            time.sleep(0.02)

    w = threading.Thread(target=watch, daemon=True)
    w.start()
    runner = s.migrate(mdir, tmp_path / "data", "up", wait=False)
    try:
        # Wait until the COPY is well under way, then kill the runner's psql.
        progress = (lambda: int(s.sql(
            "SELECT coalesce(max(p.tuples_processed), 0) FROM pg_stat_progress_copy p "
            f"JOIN pg_stat_activity a USING (pid) WHERE a.datname = '{s.db}'") or 0))
        copied = wait_until(lambda: progress() > 20000, 60, 0.02)
        assert copied, "the COPY never started: " + (runner.poll() is not None and runner.stderr.read() or "")
        psql = _psql_child(runner.pid)
        assert psql, "no psql under the runner"
        killed_at = progress()
        os.kill(psql, signal.SIGKILL)
        out, err = runner.communicate(timeout=60)
    finally:
        if runner.poll() is None:
            runner.kill()
    # The server notices the lost client and rolls the release back.
    assert wait_until(lambda: s.sql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{s.db}' "
                                    "AND usename = 'hitfinder_owner'") == "0", 20)
    time.sleep(0.3)
    stop.set()
    w.join(5)
    total = (BIG_MB << 20) // (len(rows) // max(1, rows.count(b"\n")))
    print(f"import killed after {killed_at} of ~{total} rows ({BIG_MB} MB); "
          f"the API answered {len(seen)} times meanwhile")
    assert killed_at < total // 2, "killed too late to be mid-file"

    assert runner.returncode == 1, (runner.returncode, out, err)
    assert "rolled back and not recorded" in err, err
    assert s.applied() == applied0 and s.sql(f"SELECT count(*) FROM hf_admin.schema_migrations WHERE version = {v}") == "0"
    assert s.version() == v0
    assert s.sql("SELECT count(*) FROM hf_staging.ipeds_hd") == staged0
    assert s.sql("SELECT count(*) FROM hf.datasets WHERE id = 'ipeds-hd-big'") == "0"
    assert _snapshot(s) == before, "the API answers differently after the killed import"
    name = before[0]["data"]["name"]
    assert seen and all(x == (200, name) for x in seen), [x for x in seen if x != (200, name)][:5]
    rc, st, _ = s.migrate(mdir, tmp_path / "data", "status")
    assert rc == 0 and re.search(rf"^{v:04d}\s+big_release\s+pending", st, re.M), st


def test_concurrent_imports_do_not_interleave(scratch, tmp_path):
    s = scratch

    def release(tag):
        return (f"-- Changes a name in two steps a moment apart, then bumps the data version.\n"
                f"UPDATE hf.institutions SET name = name || ' <{tag}' WHERE id = 100654;\n"
                f"SELECT pg_sleep(0.6);\n"
                f"UPDATE hf.institutions SET name = name || '{tag}>' WHERE id = 100654;\n"
                f"SELECT hf_admin.bump_data_version();\n")
    mdir, versions = _migrations_plus(tmp_path, "migrations", [("release_one", release("1")),
                                                               ("release_two", release("2"))])
    name0 = s.get("/api/v1/institutions/100654").json()["data"]["name"]
    v0 = s.version()
    whole = [name0, name0 + " <11>", name0 + " <11> <22>"]
    seen, stop = set(), threading.Event()

    def watch():
        while not stop.is_set():
            r = s.get("/api/v1/institutions/100654")
            seen.add(r.json()["data"]["name"] if r.status_code == 200 else f"HTTP {r.status_code}")
            time.sleep(0.01)

    w = threading.Thread(target=watch, daemon=True)
    w.start()
    runners = [s.migrate(mdir, SAMPLE, "up", wait=False) for _ in range(2)]
    outs = [r.communicate(timeout=120) for r in runners]
    # nginx's answer cache shows a release within its validity (1 s) of the commit.
    wait_until(lambda: whole[2] in seen, 3)
    stop.set()
    w.join(5)
    text = "".join(o + e for o, e in outs)
    print(f"concurrent imports: the API showed {sorted(seen)}")
    assert [r.returncode for r in runners] == [0, 0], text
    for v in versions:
        name = [f for f in os.listdir(mdir) if f.startswith(f"{v:04d}_")][0]
        assert text.count(f"applied {name}") == 1, text
        assert s.sql(f"SELECT count(*) FROM hf_admin.schema_migrations WHERE version = {v}") == "1"
    assert s.version() == v0 + 2
    final = s.get("/api/v1/institutions/100654").json()["data"]["name"]  # cached or not: current
    assert final == whole[2], final
    assert seen <= set(whole), f"the API showed a release half-applied or applied twice: {sorted(seen - set(whole))}"
    assert whole[0] in seen and whole[2] in seen
