"""`make run` and `make stop` end to end, on an instance of their own (sample data, other
ports), while the suite's instance keeps serving."""
import os
import subprocess

import requests

from conftest import TOP

RUN_VAR = os.path.join(TOP, "var", "test-run")
PORT = 18090
PGPORT = 54349


def _make(*targets):
    env = dict(os.environ, HITFINDER_VAR=RUN_VAR, HITFINDER_PORT=str(PORT), HITFINDER_PGPORT=str(PGPORT),
               HITFINDER_DATA_DIR=os.path.join(TOP, "sql", "data", "sample"), HITFINDER_WORKERS="2",
               MAKEFLAGS="", MAKELEVEL="")
    return subprocess.run(["make", "--no-print-directory", "-C", TOP, *targets], env=env,
                          capture_output=True, text=True, timeout=600)


def _pid(name):
    with open(os.path.join(RUN_VAR, "run", name)) as f:
        return int(f.read().strip())


def _alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def test_make_run_twice_then_stop(site):
    try:
        r = _make("run")
        assert r.returncode == 0, r.stdout + r.stderr
        assert f"http://127.0.0.1:{PORT}/" in r.stdout
        j = requests.get(f"http://127.0.0.1:{PORT}/api/v1/institutions/100654", timeout=5).json()
        assert j["data"]["name"] == "Alabama A & M University"
        worker, nginx = _pid("worker.pid"), _pid("nginx.pid")
        pg = int(open(os.path.join(RUN_VAR, "pg", "data", "postmaster.pid")).readline())

        r = _make("run")
        assert r.returncode == 0, r.stdout + r.stderr
        assert (_pid("worker.pid"), _pid("nginx.pid")) == (worker, nginx), "a second make run is harmless"
        assert requests.get(f"http://127.0.0.1:{PORT}/api/v1/health", timeout=5).status_code == 200

        r = _make("stop")
        assert r.returncode == 0, r.stdout + r.stderr
        # pg_ctl returns once postmaster.pid is gone, a moment before the process has exited.
        procs = (("worker", worker), ("nginx", nginx), ("postgres", pg))
        alive = [n for n, p in procs if not site.wait_for(lambda p=p: not _alive(p), timeout=5)]
        assert not alive, "make stop stops what make run started"
        try:
            requests.get(f"http://127.0.0.1:{PORT}/api/v1/health", timeout=2)
            assert False, "nginx still answers after make stop"
        except requests.ConnectionError:
            pass
        # ...and nothing else: the suite's own instance still serves.
        assert site.get("/api/v1/health").status_code == 200
    finally:
        _make("stop")
