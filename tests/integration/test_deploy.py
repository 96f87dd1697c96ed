"""Deployment (issue 5): docker-compose.yml and the Dockerfile checked statically (there is no
Docker engine here), and everything they arrange run natively on loopback:

- `docker-compose config -q` accepts the file and rejects broken copies;
- the nginx config of the compose file (nginx/render with HITFINDER_UPSTREAM_DNS, through the
  image's start script) passes `nginx -t`;
- the native topology: several worker pools behind one nginx upstream answer every route like
  the session's single pool, and a pool stopped with SIGTERM or SIGKILL under load costs no request;
- the compose topology: nginx resolving `worker` through a DNS server on each request spreads
  the load over every replica, sees a replica added by scaling, and loses no request when one dies;
- the image's scripts (entrypoint secrets, migrate, healthcheck) and `make install` with the
  installed systemd units (systemd-analyze verify) and nginx site file serving the API.
"""
import json
import os
import re
import select
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time

import pytest
import requests

from conftest import PGPORT, TOP, WORKER

RENDER = os.path.join(TOP, "nginx", "render")
DOCKER = os.path.join(TOP, "deploy", "docker")
COMPOSE_FILE = os.path.join(TOP, "docker-compose.yml")
# Dummy values: the compose file requires them (${VAR:?}) and commits none.
COMPOSE_SECRETS = {"POSTGRES_PASSWORD": "pw-super", "HITFINDER_OWNER_PASSWORD": "pw-owner",
                   "HITFINDER_READER_PASSWORD": "pw-reader"}
LOG_LINE = re.compile(r"^\S+ \d+ (GET|HEAD|OPTIONS) ", re.M)


# --- helpers ---------------------------------------------------------------------------------

def free_port(host="127.0.0.1"):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 60)
    return subprocess.run(cmd, **kw)


def clean_env(**extra):
    """The environment without the suite's HITFINDER_* and libpq settings, plus extra."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HITFINDER_", "PG", "POSTGRES_"))}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def reader_conninfo(site):
    return f"host={site.var}/run port={PGPORT} dbname=hitfinder user=hitfinder_reader"


def wait_until(pred, timeout=10.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(step)
    return bool(pred())


def can_connect(addr):
    """True if something accepts connections on addr: a Unix socket path or (host, port)."""
    fam = socket.AF_UNIX if isinstance(addr, str) else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        try:
            s.connect(addr)
            return True
        except OSError:
            return False


class Pool:
    """One `hitfinder-fcgi` master and its children, in a process group of its own."""

    def __init__(self, site, name, address, workers=2, cwd=None):
        self.name, self.address = name, address
        self.log = os.path.join(site.var, "log", f"deploy-{name}.log")
        with open(self.log, "w") as err:
            self.proc = subprocess.Popen(
                [WORKER, "--socket", address, "--workers", str(workers), "--db", reader_conninfo(site)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                env=clean_env(), cwd=cwd or site.var, start_new_session=True)

    def connect_addr(self):
        if self.address.startswith("/"):
            return self.address
        host, port = self.address.rsplit(":", 1)
        return (host or "127.0.0.1", int(port))

    def wait_ready(self):
        ok = wait_until(lambda: self.proc.poll() is None and can_connect(self.connect_addr()), 10)
        assert ok, f"pool {self.name} did not start:\n{self.log_text()}"

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def served(self):
        """Request lines in the pool's log."""
        return len(LOG_LINE.findall(self.log_text()))

    def term(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def kill(self):
        """SIGKILL to the master and every child at once."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(5)

    def stop(self):
        self.term()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


class Nginx:
    """An nginx started like `make start-nginx` from a config rendered by nginx/render."""

    def __init__(self, var, port, **render_env):
        self.var, self.port = var, port
        env = clean_env(HITFINDER_VAR=var, HITFINDER_PORT=port, **render_env)
        r = run([RENDER], env=env)
        assert r.returncode == 0, r.stderr
        self.conf = r.stdout.strip()
        self.errlog = os.path.join(var, "log", "nginx-error.log")
        args = ["nginx", "-e", self.errlog, "-p", os.path.join(var, "nginx"), "-c", self.conf]
        r = run(args)
        assert r.returncode == 0, r.stderr + self.error_log()
        self.base = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: _status(self.base + "/") == 200, 10), self.error_log()

    def error_log(self):
        try:
            with open(self.errlog, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def stop(self):
        pidf = os.path.join(self.var, "run", "nginx.pid")
        try:
            with open(pidf) as f:
                pid = int(f.read())
        except (OSError, ValueError):
            return
        os.kill(pid, signal.SIGQUIT)
        wait_until(lambda: not os.path.exists(f"/proc/{pid}"), 10)


def _status(url):
    try:
        return requests.get(url, timeout=2).status_code
    except requests.RequestException:
        return None


def route_urls(site):
    """Every GET route of the worker's route table as a URL: routes with path parameters get a
    known id (the first row of the table behind them), list routes that take q get a search."""
    routes = json.loads(run([WORKER, "--dump-routes"]).stdout)["routes"]
    urls, skipped = [], []
    for r in routes:
        if "GET" not in r["methods"]:
            continue
        path = r["path"]
        for p in r["path_params"]:
            value = _known_value(site, path, p)
            if value is None:
                skipped.append(path)
                break
            path = path.replace("{" + p + "}", value)
        else:
            urls.append(path + REQUIRED.get(path, ""))
            if r["list"] and "q" in r["params"]:
                urls.append(path + "?q=health")
    return urls, skipped


# Path values present in the sample and the full data alike.
KNOWN = {"soc": "29-2072", "state": "OH", "code": "RHIT"}
# Routes with a required query parameter.
REQUIRED = {"/api/v1/compare": "?careers=29-2072,29-9021&areas=US,OH",
            "/api/v1/pathways": "?career=29-2072&zip=35762", "/api/v1/suggest": "?q=med"}


def _known_value(site, path, param):
    if "/institutions/{id}" in path:
        return "100654"      # Alabama A & M University: in the sample and the full HD2024
    if param in KNOWN:
        return KNOWN[param]
    m = re.search(r"/([a-z_]+)/\{" + param + r"\}", path)
    if not m:
        return None
    table = m.group(1)
    col = "id" if param == "id" else param
    q = site.psql(f"SELECT min({col})::text FROM hf.{table}", user="postgres", check=False)
    value = q.stdout.strip()
    return value if q.returncode == 0 and value else None


def check_answer(r, url):
    """None if r is a complete, successful answer for url, else what is wrong."""
    if r.status_code != 200:
        return f"{url}: status {r.status_code}: {r.text[:200]}"
    if r.headers.get("Content-Type", "").startswith("application/json"):
        try:
            json.loads(r.text)
        except ValueError:
            return f"{url}: truncated or bad JSON ({len(r.content)} bytes)"
    return None


class Load:
    """Threads sending GETs round the urls to base until stopped; records every failure."""

    def __init__(self, base, urls, threads=8):
        self.base, self.urls = base, urls
        self.stop_ev = threading.Event()
        self.ok, self.failures = 0, []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def _run(self, i):
        s = requests.Session()
        k = i
        while not self.stop_ev.is_set():
            url = self.urls[k % len(self.urls)]
            k += 1
            try:
                problem = check_answer(s.get(self.base + url, timeout=10), url)
            except requests.RequestException as e:
                problem = f"{url}: {e!r}"
            with self.lock:
                if problem:
                    self.failures.append(problem)
                else:
                    self.ok += 1

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop_ev.set()
        for t in self.threads:
            t.join(15)


def compose_config(text=None, env_extra=None, drop=()):
    """Runs `docker-compose config -q` on text (default: the file) with the project directory
    of the repository; returns the CompletedProcess."""
    env = dict(os.environ, **COMPOSE_SECRETS, **(env_extra or {}))
    for k in drop:
        env.pop(k, None)
    args = ["docker-compose", "--project-directory", TOP, "-f", "-", "config", "-q"]
    if text is None:
        with open(COMPOSE_FILE) as f:
            text = f.read()
    return run(args, input=text, env=env, cwd=TOP)


def compose_model():
    """The compose file as docker-compose resolves it (dict), or skips without docker-compose."""
    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed (Debian package docker-compose)")
    yaml = pytest.importorskip("yaml")
    r = run(["docker-compose", "-f", COMPOSE_FILE, "config"], env=dict(os.environ, **COMPOSE_SECRETS), cwd=TOP)
    assert r.returncode == 0, r.stderr
    return yaml.safe_load(r.stdout)


# --- docker-compose.yml, statically ----------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    return compose_model()


def test_compose_config_passes(model):
    r = compose_config()
    assert r.returncode == 0, r.stderr
    # Nothing secret is committed: without the passwords in the environment compose refuses.
    r = compose_config(drop=COMPOSE_SECRETS)
    assert r.returncode != 0 and "POSTGRES_PASSWORD" in r.stderr, r.stderr
    with open(COMPOSE_FILE) as f:
        raw = f.read()
    for m in re.finditer(r"(?im)^\s*([A-Z_]*PASSWORD[A-Z_]*):\s*(.*)$", raw):
        assert m.group(2).startswith("${") and ":?" in m.group(2), m.group(0)


@pytest.mark.parametrize("broken", [
    ("misspelled service key", r"(?m)^    healthcheck:$", "    healthchek:"),
    ("replicas not a number", r"replicas: 2", "replicas: many"),
    ("misspelled top-level key", r"(?m)^services:", "servics:"),
    ("unknown depends_on condition", r"service_completed_successfully", "service_finished"),
    ("update_config parallelism not a number", r"(?m)^        parallelism: 1$", "        parallelism: one"),
], ids=lambda b: b[0])
def test_compose_config_fails_on_a_broken_copy(model, broken):
    _, pattern, repl = broken
    with open(COMPOSE_FILE) as f:
        text = f.read()
    bad, n = re.subn(pattern, repl, text, count=1)
    assert n == 1, f"pattern {pattern!r} no longer in docker-compose.yml"
    r = compose_config(bad)
    assert r.returncode != 0, f"docker-compose accepted a broken file ({broken[0]})"


def test_compose_topology(model):
    s = model["services"]
    assert set(s) == {"db", "migrate", "worker", "nginx"}
    w = s["worker"]
    # Scalable: no fixed name and no host port; TCP 9000 inside the network.
    assert "container_name" not in w and "ports" not in w
    assert w["environment"]["HITFINDER_SOCKET"] == ":9000"
    assert isinstance(w["deploy"]["replicas"], int) and w["deploy"]["replicas"] >= 2
    uc = w["deploy"]["update_config"]
    assert (uc["parallelism"], uc["order"]) == (1, "start-first")
    assert w["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "user=hitfinder_reader" in w["environment"]["HITFINDER_DB"]
    assert "password" not in w["environment"]["HITFINDER_DB"]
    m = s["migrate"]
    assert m["depends_on"]["db"]["condition"] == "service_healthy"
    assert m["environment"]["HITFINDER_DATA_DIR"] == "/data"
    assert any(v.endswith(":/data:ro") for v in m["volumes"]), m["volumes"]
    d = s["db"]
    assert d["image"].startswith("postgres:15")
    assert "pg_isready" in d["healthcheck"]["test"]
    assert any(v.startswith("pgdata:") for v in d["volumes"])
    n = s["nginx"]
    assert [p["target"] for p in n["ports"]] == [8080]
    assert n["environment"]["HITFINDER_UPSTREAM_DNS"] == "worker:9000"
    assert n["environment"]["HITFINDER_RESOLVER"] == "127.0.0.11"
    # Everything the file points at exists: build targets, config files, the sample data.
    with open(os.path.join(TOP, "Dockerfile")) as f:
        stages = re.findall(r"(?im)^FROM\s+\S+\s+AS\s+(\S+)", f.read())
    for name in ("migrate", "worker", "nginx"):
        assert s[name]["build"]["target"] in stages
    for c in model.get("configs", {}).values():
        assert os.path.isfile(c["file"]), c
    assert os.path.isfile(os.path.join(TOP, "sql", "data", "sample", "ipeds", "hd2024.csv"))


def _dockerfile_stages():
    with open(os.path.join(TOP, "Dockerfile")) as f:
        text = re.sub(r"\\\n", " ", f.read())
    stages, cur = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word.upper() == "FROM":
            m = re.match(r"(\S+)\s+AS\s+(\S+)", rest, re.I)
            cur = stages.setdefault(m.group(2), {"from": m.group(1), "lines": []})
        if cur is not None:
            cur["lines"].append((word.upper(), rest.strip()))
    return stages


def test_dockerfile_static():
    stages = _dockerfile_stages()
    assert list(stages) == ["build", "nginx", "worker"], "worker must stay the last (default) stage"
    with open(os.path.join(TOP, "Dockerfile")) as f:
        assert "ARG DEBIAN_IMAGE=debian:bookworm-slim" in f.read()
    packages = set()
    for name, st in stages.items():
        assert st["from"] == "${DEBIAN_IMAGE}"
        for word, rest in st["lines"]:
            if word == "RUN" and "apt-get install" in rest:
                tail = rest.split("apt-get install", 1)[1].split("&&")[0]
                packages |= {p for p in tail.split() if not p.startswith("-")}
            if word == "COPY" and "--from" not in rest:
                for src in shlex.split(rest)[:-1]:
                    assert os.path.exists(os.path.join(TOP, src)), src
                    assert src.split("/")[0] in ("Makefile", "fcgi", "sql", "nginx", "deploy"), \
                        f"{src} is excluded by .dockerignore"
                    if src.startswith("deploy/docker/"):
                        assert os.access(os.path.join(TOP, src), os.X_OK), f"{src} must be executable"
        if name != "build":
            kinds = [w for w, _ in st["lines"]]
            for needed in ("USER", "HEALTHCHECK", "ENTRYPOINT", "CMD"):
                assert needed in kinds, f"stage {name} lacks {needed}"
            user = [r for w, r in st["lines"] if w == "USER"][-1]
            assert not user.startswith(("root", "0")), user
    # The build stage compiles with make; the runtime stages carry no compiler or -dev package.
    build_runs = " ".join(r for w, r in stages["build"]["lines"] if w == "RUN")
    assert "make all" in build_runs and "install" in build_runs
    for name in ("nginx", "worker"):
        runs = " ".join(r for w, r in stages[name]["lines"] if w == "RUN")
        assert not re.search(r"\b(gcc|make|[a-z0-9.-]+-dev)\b", runs.split("apt-get install", 1)[-1].split("&&")[0])
    # Every package name exists in this Debian release (the same as the image's).
    if not run(["apt-cache", "show", "--no-all-versions", "nginx"]).returncode == 0:
        pytest.skip("apt lists are missing here (apt-get update)")
    if run(["apt-cache", "show", "--no-all-versions", *sorted(packages)]).returncode != 0:
        for p in sorted(packages):
            assert run(["apt-cache", "show", "--no-all-versions", p]).returncode == 0, f"no Debian package {p}"


# --- the nginx config of the compose file ----------------------------------------------------

def test_compose_nginx_config_passes_nginx_t(model, tmp_path):
    """The nginx service's environment from the compose file, through the image's start script
    (deploy/docker/nginx = render + nginx), with -t; only HITFINDER_VAR is moved to a scratch
    folder. The worker name and the resolver are not looked up at load time."""
    env = dict(model["services"]["nginx"]["environment"])
    env.update(HITFINDER_VAR=str(tmp_path), HITFINDER_NGINX_RENDER=RENDER)
    r = run([os.path.join(DOCKER, "nginx"), "-t"], env=clean_env(**env))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "test is successful" in r.stderr
    with open(tmp_path / "nginx" / "nginx.conf") as f:
        conf = f.read()
    assert "@" not in re.sub(r"#.*", "", conf), "a placeholder was left"
    assert re.search(r"^\s*resolver 127\.0\.0\.11 valid=5s ipv6=off;", conf, re.M)
    assert re.search(r"^\s*set \$hf_upstream worker:9000;\s*fastcgi_pass \$hf_upstream;", conf, re.M)
    assert not re.search(r"^\s*upstream ", conf, re.M)
    assert re.search(r"^\s*listen 8080;", conf, re.M)
    assert re.search(r"^\s*daemon off;", conf, re.M)
    assert re.search(r"^error_log stderr warn;", conf, re.M)
    # STYLE.md: no fastcgi_keep_conn; fastcgi_param only through the included file.
    assert "fastcgi_keep_conn" not in conf
    assert not re.search(r"^\s*fastcgi_param", conf, re.M)


def test_compose_nginx_starts_unprivileged():
    """The nginx image runs as an unprivileged user: the image's start script as `nobody`, with
    the compose environment and a DNS server that knows no worker yet. nginx starts (its access
    log falls back to off when the runtime's stdout pipe is not writable by that user), serves
    the page, answers the API with its JSON 502 until a worker exists, and passes the health check."""
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs root to switch to the user nobody")
    import tempfile
    var = tempfile.mkdtemp(prefix="hf-nginx-")
    os.chown(var, 65534, 65534)
    dns = FakeDNS()
    dns.start()
    port = free_port()
    env = clean_env(HITFINDER_VAR=var, HITFINDER_LISTEN=f"127.0.0.1:{port}", HITFINDER_UPSTREAM_DNS="worker:9000",
                    HITFINDER_RESOLVER=f"127.0.0.1:{dns.port}", HITFINDER_NGINX_DAEMON="off",
                    HITFINDER_NGINX_ERROR_LOG="stderr", HITFINDER_NGINX_ACCESS_LOG="/dev/stdout",
                    HITFINDER_NGINX_RENDER=RENDER)
    proc = subprocess.Popen(["runuser", "-u", "nobody", "--", os.path.join(DOCKER, "nginx")], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: proc.poll() is not None or _status(base + "/") == 200, 10), "nginx did not start"
        assert proc.poll() is None, proc.communicate()[1]
        r = requests.get(base + "/api/v1/health", timeout=10)
        assert r.status_code == 502 and r.json()["error"]["status"] == 502
        assert r.headers.get("Retry-After") == "1"
        r = run(["runuser", "-u", "nobody", "--", os.path.join(DOCKER, "healthcheck"), "http", str(port)])
        assert r.returncode == 0, r.stderr
        with open(os.path.join(var, "nginx", "nginx.conf")) as f:
            assert not re.search(r"^user ", f.read(), re.M)
    finally:
        # runuser does not pass SIGQUIT on: signal the nginx master itself.
        try:
            with open(os.path.join(var, "run", "nginx.pid")) as f:
                os.kill(int(f.read()), signal.SIGQUIT)
        except (OSError, ValueError):
            proc.terminate()
        try:
            proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        dns.stop()
        shutil.rmtree(var, ignore_errors=True)


def test_render_modes(tmp_path):
    """Pool mode (make run) has no trace of the DNS mode; the two cannot be mixed; every
    directive line of the template carries a comment above it or on it."""
    r = run([RENDER], env=clean_env(HITFINDER_VAR=tmp_path / "p",
                                     HITFINDER_UPSTREAMS="unix:/tmp/a.sock unix:/tmp/b.sock"))
    assert r.returncode == 0, r.stderr
    with open(r.stdout.strip()) as f:
        conf = f.read()
    assert "resolver" not in re.sub(r"#.*", "", conf) and "$hf_upstream" not in conf
    assert re.search(r"upstream hitfinder_workers \{\s*server unix:/tmp/a\.sock max_fails=0;\s*"
                     r"server unix:/tmp/b\.sock max_fails=0;\s*\}", conf)
    assert re.search(r"^\s*fastcgi_pass hitfinder_workers;", conf, re.M)
    assert re.search(r"^\s*access_log \S+/p/log/nginx-access\.log hitfinder;", conf, re.M)
    assert "@" not in re.sub(r"#.*", "", conf)
    r = run([RENDER], env=clean_env(HITFINDER_VAR=tmp_path / "o", HITFINDER_NGINX_ACCESS_LOG="off"))
    with open(r.stdout.strip()) as f:
        assert re.search(r"^\s*access_log off;", f.read(), re.M)
    r = run([RENDER], env=clean_env(HITFINDER_VAR=tmp_path / "x", HITFINDER_UPSTREAM_DNS="worker:9000",
                                     HITFINDER_UPSTREAMS="unix:/tmp/a.sock"))
    assert r.returncode == 2 and "not both" in r.stderr
    r = run([RENDER], env=clean_env(HITFINDER_VAR=tmp_path / "x", HITFINDER_UPSTREAM_DNS="worker"))
    assert r.returncode == 2 and "NAME:PORT" in r.stderr
    r = run([RENDER], env=clean_env(HITFINDER_VAR=tmp_path / "x", HITFINDER_UPSTREAM_DNS="w:1",
                                     HITFINDER_RESOLVER="1.1.1.1; evil"))
    assert r.returncode == 2


# --- the native topology: pools behind one upstream ------------------------------------------

@pytest.fixture(scope="module")
def pools(site):
    """Three worker pools on Unix sockets (2 children each) behind one nginx upstream rendered
    by nginx/render with HITFINDER_UPSTREAMS, on a port and var folder of their own."""
    made = [Pool(site, f"pool-{c}", os.path.join(site.var, "run", f"deploy-{c}.sock")) for c in "abc"]
    nginx = None
    try:
        for p in made:
            p.wait_ready()
        upstreams = " ".join("unix:" + p.address for p in made)
        nginx = Nginx(os.path.join(site.var, "deploy-native"), free_port(), HITFINDER_UPSTREAMS=upstreams)
        yield made, nginx
    finally:
        if nginx:
            nginx.stop()
        for p in made:
            p.stop()


def test_pools_answer_every_route_like_one_pool(site, pools):
    made, nginx = pools
    urls, skipped = route_urls(site)
    assert {"/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/100654",
            "/api/v1/openapi.json"} <= set(urls), urls
    assert not skipped, f"no known value for the path parameters of {skipped}"
    for url in urls:
        got, ref = requests.get(nginx.base + url, timeout=10), site.get(url)
        assert got.status_code == ref.status_code == 200, (url, got.status_code, got.text[:300])
        assert got.headers.get("ETag") == ref.headers.get("ETag"), url
        if ref.headers.get("Content-Type", "").startswith("application/json"):
            assert got.json() == ref.json(), url
    # nginx's own pages and errors are the same too.
    assert requests.get(nginx.base + "/", timeout=5).text == site.get("/").text
    r = requests.get(nginx.base + "/api/v1/nope", timeout=5)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    # Round robin: every pool served some of 30 sequential requests.
    before = [p.served() for p in made]
    for _ in range(30):
        assert requests.get(nginx.base + "/api/v1/health", timeout=5).status_code == 200
    assert wait_until(lambda: all(p.served() > b for p, b in zip(made, before)), 3), \
        [p.served() - b for p, b in zip(made, before)]


def test_pools_stopped_under_load_lose_no_request(site, pools):
    """~3 s of load from 4 clients; after 1 s pool a gets SIGTERM (drain), after 2 s pool b
    and its children get SIGKILL. nginx retries on the next pool: zero failed requests.
    The load stays within what the last pool can hold: on a Unix socket a connection beyond
    its children (2) plus its listen backlog (2 x children) is refused at once (EAGAIN), and
    with every pool full nginx answers 502 -- capacity, not failover, which is tested here."""
    made, nginx = pools
    urls = ["/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/100654",
            "/api/v1/openapi.json"]
    with Load(nginx.base, urls, threads=4) as load:
        time.sleep(1)
        made[0].term()
        time.sleep(1)
        made[1].kill()
        time.sleep(1)
    assert made[0].proc.wait(10) == 0, made[0].log_text()[-2000:]
    assert not os.path.exists(made[0].address), "a drained pool removes its socket"
    assert load.failures == [], f"{len(load.failures)} failed of {load.ok + len(load.failures)}: {load.failures[:5]}"
    assert load.ok > 100, load.ok
    assert made[2].proc.poll() is None
    # The survivor alone still answers everything.
    for url in urls:
        assert check_answer(requests.get(nginx.base + url, timeout=10), url) is None


# --- the compose topology: one service name, resolved on each request -------------------------

class FakeDNS(threading.Thread):
    """A minimal DNS server on 127.0.0.1 (UDP) answering A queries from a mutable table, as
    Docker's embedded DNS answers a service name with one address per replica."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.records, self.queries = {}, 0
        self.lock = threading.Lock()
        self.stopping = False

    def set(self, name, addrs):
        with self.lock:
            self.records[name] = list(addrs)

    def run(self):
        while not self.stopping:
            r, _, _ = select.select([self.sock], [], [], 0.2)
            if not r:
                continue
            data, peer = self.sock.recvfrom(512)
            try:
                self.sock.sendto(self._answer(data), peer)
            except (IndexError, struct.error):
                pass

    def _answer(self, data):
        i, labels = 12, []
        while data[i]:
            labels.append(data[i + 1:i + 1 + data[i]].decode().lower())
            i += 1 + data[i]
        qtype, _ = struct.unpack(">HH", data[i + 1:i + 5])
        question = data[12:i + 5]
        with self.lock:
            self.queries += 1
            addrs = self.records.get(".".join(labels))
        rcode = 3 if addrs is None else 0
        addrs = addrs if qtype == 1 and addrs else []
        answers = b"".join(b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 1, 4) + socket.inet_aton(a) for a in addrs)
        return data[:2] + struct.pack(">HHHHH", 0x8180 | rcode, 1, len(addrs), 0, 0) + question + answers

    def stop(self):
        self.stopping = True
        self.join(2)
        self.sock.close()


class Relay(threading.Thread):
    """TCP host:port -> Unix socket, for workers that cannot listen on TCP themselves."""

    def __init__(self, host, port, target):
        super().__init__(daemon=True)
        self.target = target
        self.srv = socket.socket()
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind((host, port))
        self.srv.listen(64)
        self.stopping = False

    def run(self):
        while not self.stopping:
            r, _, _ = select.select([self.srv], [], [], 0.1)
            if r and not self.stopping:
                try:
                    c, _ = self.srv.accept()
                except OSError:
                    return
                threading.Thread(target=self._pipe, args=(c,), daemon=True).start()

    def _pipe(self, c):
        u = socket.socket(socket.AF_UNIX)
        try:
            u.connect(self.target)
        except OSError:
            c.close()
            u.close()
            return
        open_ = {c: u, u: c}
        while open_:
            r, _, _ = select.select(list(open_), [], [], 5)
            if not r:
                break
            for s in r:
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b""
                if data:
                    try:
                        open_[s].sendall(data)
                    except OSError:
                        open_.clear()
                        break
                else:
                    try:
                        open_[s].shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    del open_[s]
        c.close()
        u.close()

    def stop(self):
        self.stopping = True
        self.srv.close()
        self.join(2)


def worker_listens_on_tcp(site, tmp_path):
    """None if the worker serves FastCGI on 127.0.0.1:PORT, else the reason it does not."""
    port = free_port()
    p = Pool(site, "tcp-probe", f"127.0.0.1:{port}", workers=1, cwd=str(tmp_path))
    try:
        if wait_until(lambda: p.proc.poll() is not None or can_connect(("127.0.0.1", port)), 5) \
                and p.proc.poll() is None:
            return None
        return p.log_text().strip()
    finally:
        p.stop()


class Replica:
    """One compose `worker` replica: a pool answering on IP:PORT (directly over TCP when the
    worker can, else through a relay to its Unix socket)."""

    def __init__(self, site, ip, port, tcp):
        self.ip = ip
        if tcp:
            self.pool, self.relay = Pool(site, f"replica-{ip}", f"{ip}:{port}"), None
        else:
            sock = os.path.join(site.var, "run", f"deploy-r{ip.rsplit('.', 1)[1]}.sock")
            self.pool = Pool(site, f"replica-{ip}", sock)
            self.pool.wait_ready()
            self.relay = Relay(ip, port, sock)
            self.relay.start()
        assert wait_until(lambda: can_connect((ip, port)), 10), self.pool.log_text()

    def kill(self):
        if self.relay:
            self.relay.stop()
        self.pool.kill()

    def stop(self):
        if self.relay:
            self.relay.stop()
        self.pool.stop()


def test_compose_topology_dns(site, tmp_path):
    """nginx in the compose mode (HITFINDER_UPSTREAM_DNS, started by the image's start script)
    with a DNS server standing in for Docker's: three replicas all get traffic, a fourth added
    by `--scale` is seen once the cached answer expires, and a replica killed or drained under
    load (and dropped from DNS as Docker does) costs no request."""
    tcp = worker_listens_on_tcp(site, tmp_path) is None
    dns = FakeDNS()
    dns.start()
    port = free_port()
    ips = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
    replicas, nginx = [], None
    var = os.path.join(site.var, "deploy-dns")
    try:
        replicas = [Replica(site, ip, port, tcp) for ip in ips]
        dns.set("worker", ips)
        # The compose nginx environment, pointed at this DNS server and port; the cache time
        # is cut from 5 s to 1 s so that the test waits less for a new replica to be seen.
        render = tmp_path / "render"
        render.write_text(f"#!/bin/sh\nset -e\nc=$({shlex.quote(RENDER)})\n"
                          "sed -i 's/ valid=5s / valid=1s /' \"$c\"\necho \"$c\"\n")
        render.chmod(0o755)
        nport = free_port()
        os.makedirs(os.path.join(var, "log"), exist_ok=True)
        env = clean_env(HITFINDER_VAR=var, HITFINDER_LISTEN=f"127.0.0.1:{nport}",
                        HITFINDER_UPSTREAM_DNS=f"worker:{port}", HITFINDER_RESOLVER=f"127.0.0.1:{dns.port}",
                        HITFINDER_NGINX_DAEMON="off", HITFINDER_NGINX_ERROR_LOG=os.path.join(var, "log", "error.log"),
                        HITFINDER_NGINX_ACCESS_LOG=os.path.join(var, "log", "access.log"),
                        HITFINDER_NGINX_RENDER=str(render))
        nginx = subprocess.Popen([os.path.join(DOCKER, "nginx")], env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        base = f"http://127.0.0.1:{nport}"
        assert wait_until(lambda: _status(base + "/api/v1/health") == 200, 10), \
            (nginx.poll(), open(os.path.join(var, "log", "error.log")).read()[-2000:])

        def spread(n):
            before = [r.pool.served() for r in replicas]
            for _ in range(n):
                assert requests.get(base + "/api/v1/health", timeout=5).status_code == 200
            time.sleep(0.2)
            return [r.pool.served() - b for r, b in zip(replicas, before)]

        got = spread(60)
        assert all(g > 0 for g in got), f"every replica must get traffic: {got}"
        assert dns.queries >= 1
        # docker compose up --scale worker=4
        replicas.append(Replica(site, "127.0.0.5", port, tcp))
        dns.set("worker", ips + ["127.0.0.5"])
        time.sleep(2.2)                              # valid=1s on nginx's whole-second clock
        got = spread(80)
        assert got[3] > 0, f"the added replica must get traffic: {got}"

        urls = ["/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/100654", "/api/v1/openapi.json"]
        with Load(base, urls, threads=4) as load:
            time.sleep(1)
            replicas[0].kill()                       # a container dies
            dns.set("worker", ips[1:] + ["127.0.0.5"])
            time.sleep(1)
            dns.set("worker", ips[2:] + ["127.0.0.5"])
            replicas[1].stop()                       # docker stops one: SIGTERM, drain
            time.sleep(1)
        assert load.failures == [], f"{len(load.failures)} failed of {load.ok + len(load.failures)}: {load.failures[:5]}"
        assert load.ok > 100, load.ok
    finally:
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(nginx.pid, signal.SIGKILL)
                nginx.wait()
        for r in replicas:
            r.stop()
        dns.stop()


def test_worker_listens_on_tcp(site, tmp_path):
    """The compose file runs the worker with HITFINDER_SOCKET=:9000 (libfcgi's FCGX_OpenSocket
    takes ":PORT" and "HOST:PORT"); the image's health check speaks FastCGI to it."""
    why = worker_listens_on_tcp(site, tmp_path)
    if why is not None:
        pytest.xfail("the worker cannot listen on TCP yet (docker-compose.yml needs it): " + why[-300:])
    port = free_port()
    p = Pool(site, "tcp", f":{port}", workers=1, cwd=str(tmp_path))
    try:
        p.wait_ready()
        r = run([os.path.join(DOCKER, "healthcheck")], env=clean_env(HITFINDER_SOCKET=f":{port}"))
        assert r.returncode == 0, r.stderr
        p.term()
        assert p.proc.wait(10) == 0
        assert os.listdir(tmp_path) == [] or all(not n.startswith(":") for n in os.listdir(tmp_path))
    finally:
        p.stop()


# --- the image's scripts, run natively --------------------------------------------------------

def test_healthcheck_script(site, pools, tmp_path):
    made, nginx = pools
    hc = os.path.join(DOCKER, "healthcheck")
    live = made[2].address if made[2].proc.poll() is None else os.path.join(site.var, "run", "fcgi.sock")
    r = run([hc], env=clean_env(HITFINDER_SOCKET=live))
    assert r.returncode == 0, r.stderr
    r = run([hc, "fcgi", str(tmp_path / "nothing.sock")], env=clean_env())
    assert r.returncode == 1 and "unhealthy" in r.stderr
    r = run([hc, "http", str(nginx.port)], env=clean_env())
    assert r.returncode == 0, r.stderr
    r = run([hc, "http", str(free_port())], env=clean_env())
    assert r.returncode == 1


def test_entrypoint_reads_secrets_from_files(tmp_path):
    ep = os.path.join(DOCKER, "entrypoint")
    secret = tmp_path / "pw"
    secret.write_text("s3cret with spaces\n")
    r = run([ep, "bash", "-c", 'printf %s "$PGPASSWORD|${PGPASSWORD_FILE-unset}"'],
            env=clean_env(PGPASSWORD_FILE=secret))
    assert (r.returncode, r.stdout) == (0, "s3cret with spaces|unset"), r.stderr
    r = run([ep, "true"], env=clean_env(PGPASSWORD_FILE=secret, PGPASSWORD="x"))
    assert r.returncode == 2 and "both" in r.stderr
    r = run([ep, "true"], env=clean_env(HITFINDER_OWNER_PASSWORD_FILE=tmp_path / "missing"))
    assert r.returncode == 2


def test_migrate_script_bootstraps_and_migrates(site, tmp_path):
    """deploy/docker/migrate (the compose service `migrate`) against the test cluster: bootstrap
    of a scratch database with the role passwords taken from the environment (\\getenv), then
    sql/migrate up as the owner with the data of sql/data/sample, twice (idempotent). Only the
    leading migrations whose data files the sample has, so that this stays quick."""
    sample = os.path.join(TOP, "sql", "data", "sample")
    mig = tmp_path / "migrations"
    mig.mkdir()
    for name in sorted(os.listdir(os.path.join(TOP, "sql", "migrations"))):
        if not name.endswith(".sql"):
            continue
        with open(os.path.join(TOP, "sql", "migrations", name)) as f:
            text = f.read()
        code = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("--"))
        files = re.findall(r"@DATA_DIR@/([^'\"\s]+)", code)
        if not all(os.path.isfile(os.path.join(sample, x)) for x in files):
            break
        (mig / name).write_text(text)
    assert len(os.listdir(mig)) >= 3
    db = f"hf_deploy_{os.getpid()}"
    secret = tmp_path / "owner"
    secret.write_text("pw-owner\n")
    env = clean_env(PGHOST=os.path.join(site.var, "run"), PGPORT=PGPORT, POSTGRES_USER="postgres",
                    POSTGRES_PASSWORD="unused-trust", HITFINDER_OWNER_PASSWORD_FILE=secret,
                    HITFINDER_READER_PASSWORD="pw-reader", HITFINDER_DATABASE=db,
                    HITFINDER_SQL_DIR=os.path.join(TOP, "sql"), HITFINDER_MIGRATIONS_DIR=mig,
                    HITFINDER_DATA_DIR=sample, HITFINDER_WAIT_DB=5)
    cmd = [os.path.join(DOCKER, "entrypoint"), os.path.join(DOCKER, "migrate")]
    try:
        r = run(cmd, env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "bootstrap" in r.stdout and r.stdout.count("applied ") == len(os.listdir(mig)), r.stdout
        n = site.psql("SELECT count(*) FROM hf_admin.schema_migrations", user="postgres", db=db).stdout
        assert int(n) == len(os.listdir(mig))
        owner = site.psql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()",
                          user="postgres", db=db).stdout.strip()
        assert owner == "hitfinder_owner"
        pw = site.psql("SELECT rolname FROM pg_authid WHERE rolname IN ('hitfinder_owner', 'hitfinder_reader') "
                       "AND rolpassword IS NOT NULL ORDER BY 1", user="postgres").stdout.split()
        assert pw == ["hitfinder_owner", "hitfinder_reader"]
        r = run(cmd, env=env)
        assert r.returncode == 0 and "applied " not in r.stdout, r.stdout + r.stderr
        r = run(cmd + ["status"], env=env)
        assert r.returncode == 0 and "pending" not in r.stdout, r.stdout + r.stderr
    finally:
        site.psql(f'DROP DATABASE IF EXISTS "{db}"', user="postgres", db="postgres", check=False)
        # The test cluster trusts its socket; leave the roles as make run creates them.
        site.psql("ALTER ROLE hitfinder_owner PASSWORD NULL; ALTER ROLE hitfinder_reader PASSWORD NULL",
                  user="postgres", db="postgres", check=False)


def test_db_init_script(site):
    """deploy/docker/db-init.sh, sourced as the postgres image's entrypoint sources it (bash,
    set -Eeo pipefail), against the test cluster: the bootstrap runs (idempotent on the test
    database) and takes a role password from the environment; a missing file fails."""
    env = clean_env(PGHOST=os.path.join(site.var, "run"), PGPORT=PGPORT, POSTGRES_USER="postgres",
                    HITFINDER_BOOTSTRAP=os.path.join(TOP, "sql", "bootstrap.sql"),
                    HITFINDER_READER_PASSWORD="pw-reader")
    script = os.path.join(DOCKER, "db-init.sh")
    try:
        r = run(["bash", "-c", 'set -Eeo pipefail; . "$0"; echo sourced', script], env=env)
        assert r.returncode == 0 and r.stdout.strip() == "sourced", r.stdout + r.stderr
        pw = site.psql("SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = 'hitfinder_reader'",
                       user="postgres").stdout.strip()
        assert pw == "t"
        env["HITFINDER_BOOTSTRAP"] = "/nonexistent/bootstrap.sql"
        r = run(["bash", "-c", 'set -Eeo pipefail; . "$0"; echo sourced', script], env=env)
        assert r.returncode != 0 and "sourced" not in r.stdout
    finally:
        site.psql("ALTER ROLE hitfinder_reader PASSWORD NULL", user="postgres", db="postgres", check=False)


# --- make install, the systemd units, the nginx site file -------------------------------------

def _install(*args):
    """`make install ARGS` through deploy/install.mk (whether or not the Makefile includes it)."""
    env = clean_env()
    for k in ("PREFIX", "DESTDIR", "SYSTEMD_UNIT_DIR", "MAKEFLAGS", "MAKELEVEL"):
        env.pop(k, None)
    r = run(["make", "--no-print-directory", "-C", TOP, "-f", "Makefile", "-f", "deploy/install.mk",
             "install", *args], env=env, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return r


def test_make_install_destdir(tmp_path):
    dest = tmp_path / "dest"
    _install(f"DESTDIR={dest}")
    share = dest / "usr/local/share/hitfinder"
    expected = [dest / "usr/local/sbin/hitfinder-fcgi", dest / "lib/systemd/system/hitfinder-fcgi.service",
                dest / "lib/systemd/system/hitfinder-migrate.service", share / "sql/migrate",
                share / "sql/bootstrap.sql", share / "sql/data/sample/ipeds/hd2024.csv",
                share / "nginx/nginx.conf.in", share / "nginx/render", share / "nginx/fastcgi_params",
                share / "nginx/errors/502.json", share / "nginx/html/index.html",
                share / "deploy/nginx-site.conf", share / "deploy/hitfinder-fcgi.env.example",
                share / "deploy/hitfinder-migrate.env.example"]
    for p in expected:
        assert p.is_file(), p
    for name in os.listdir(os.path.join(TOP, "sql", "migrations")):
        assert (share / "sql/migrations" / name).is_file(), name
    for p in ("usr/local/sbin/hitfinder-fcgi", "usr/local/share/hitfinder/sql/migrate",
              "usr/local/share/hitfinder/nginx/render"):
        assert os.access(dest / p, os.X_OK), p
    r = run([str(dest / "usr/local/sbin/hitfinder-fcgi"), "--help"])
    assert r.returncode == 0 and "--socket" in r.stdout
    # PREFIX is written into the units and the site file; no placeholder is left.
    unit = (dest / "lib/systemd/system/hitfinder-fcgi.service").read_text()
    assert "ExecStart=/usr/local/sbin/hitfinder-fcgi" in unit
    for f in ("lib/systemd/system/hitfinder-fcgi.service", "lib/systemd/system/hitfinder-migrate.service",
              "usr/local/share/hitfinder/deploy/nginx-site.conf"):
        assert "@PREFIX@" not in (dest / f).read_text(), f


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """An install whose PREFIX is a scratch folder (no DESTDIR), so that the paths written in the
    units and the site file exist here; the units go to a scratch folder too."""
    root = tmp_path_factory.mktemp("prefix")
    _install(f"PREFIX={root}/usr", f"SYSTEMD_UNIT_DIR={root}/units")
    return root


def test_systemd_units_verify(installed):
    units = sorted(str(installed / "units" / u) for u in os.listdir(installed / "units"))
    assert [os.path.basename(u) for u in units] == ["hitfinder-fcgi.service", "hitfinder-migrate.service"]
    text = open(units[0]).read()
    for needed in ("RuntimeDirectory=hitfinder", "Group=www-data", "HITFINDER_SOCKET=/run/hitfinder/fcgi.sock",
                   "HITFINDER_SOCKET_MODE=0660", "KillSignal=SIGTERM", "ExecReload=/bin/kill -HUP $MAINPID",
                   "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"):
        assert needed in text, needed
    assert shutil.which("systemd-analyze"), "systemd-analyze is missing (make deps-test installs systemd)"
    # --man=no: the units' Documentation=man:... pages are not what is verified, and a machine
    # without man-db (apt's --no-install-recommends) has no `man` to look them up with.
    r = run(["systemd-analyze", "verify", "--man=no", *units])
    assert r.returncode == 0 and r.stderr.strip() == "", r.stderr


def _directives(text):
    """The directive lines of an nginx config, comments and indentation dropped."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"#.*", "", line).strip()
        if line:
            out.append(line)
    return out


def test_site_file_keeps_the_template_locations():
    """deploy/nginx-site.conf repeats the template's error pages and locations: they must agree."""
    with open(os.path.join(TOP, "nginx", "nginx.conf.in")) as f:
        tmpl = [l for l in f.read().splitlines() if not l.startswith("@DNS@")]
    tmpl = _directives("\n".join(l.replace("@POOLS@", "").replace("@CACHE@", "") for l in tmpl).replace(
        "@NGINX_DIR@", "@PREFIX@/share/hitfinder/nginx").replace("@CACHE_VALID@", "1s"))
    with open(os.path.join(TOP, "deploy", "nginx-site.conf")) as f:
        site_ = _directives(f.read())
    start = tmpl.index("error_page 400 /_errors/400.json;")
    end = len(tmpl) - 2                          # the closing braces of server and http
    block = tmpl[start:end]
    i = site_.index(block[0])
    assert site_[i:i + len(block)] == block
    for d in ("client_max_body_size 1k;", "large_client_header_buffers 4 8k;", "server_tokens off;",
              "charset utf-8;"):
        assert d in site_ and d in tmpl, d
    assert "fastcgi_keep_conn" not in " ".join(site_)
    # The http-level cache settings the locations use.
    for d in tmpl:
        if d.startswith(("fastcgi_cache_path", '"~*no-cache')):
            assert d.replace("@VAR@/nginx/cache", "/var/lib/nginx/hitfinder-cache") in site_, d
    assert not [d for d in site_ if d.startswith("fastcgi_param")], "fastcgi_param only via the include file"


def test_installed_site_serves_the_api(site, installed, tmp_path):
    """The installed worker started as hitfinder-fcgi.service starts it (its Environment= lines,
    the socket moved from /run/hitfinder to a scratch folder), behind the installed site file
    included in a minimal nginx.conf: the page, the API and nginx's JSON errors answer."""
    unit = (installed / "units" / "hitfinder-fcgi.service").read_text()
    sock = str(tmp_path / "fcgi.sock")
    env = clean_env()
    for m in re.finditer(r"^Environment=(\w+)=(.*)$", unit, re.M):
        env[m.group(1)] = m.group(2).replace("/run/hitfinder", str(tmp_path))
    env.update(HITFINDER_DB=reader_conninfo(site), HITFINDER_WORKERS="2")
    exec_start = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1).split()
    log = open(tmp_path / "worker.log", "w")
    proc = subprocess.Popen(exec_start, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    var = tmp_path / "nginx"
    for d in ("tmp", "log"):
        (var / d).mkdir(parents=True)
    port = free_port()
    conf_site = (installed / "usr/share/hitfinder/deploy/nginx-site.conf").read_text()
    conf_site = conf_site.replace("unix:/run/hitfinder/fcgi.sock", "unix:" + sock)
    conf_site = re.sub(r"(?m)^\tlisten .*\n", "", conf_site, count=2)
    conf_site = conf_site.replace("server {\n", f"server {{\n\tlisten 127.0.0.1:{port};\n", 1)
    conf_site = conf_site.replace("/var/log/nginx/hitfinder-access.log", str(var / "log/access.log"))
    conf_site = conf_site.replace("/var/lib/nginx/hitfinder-cache", str(var / "cache"))
    (var / "site.conf").write_text(conf_site)
    (var / "nginx.conf").write_text(
        f"user root root;\npid {var}/nginx.pid;\nerror_log {var}/log/error.log;\nevents {{}}\n"
        f"http {{\n\tclient_body_temp_path {var}/tmp;\n\tfastcgi_temp_path {var}/tmp;\n"
        f"\tproxy_temp_path {var}/tmp;\n\tuwsgi_temp_path {var}/tmp;\n\tscgi_temp_path {var}/tmp;\n"
        f"\tinclude {var}/site.conf;\n}}\n")
    try:
        assert wait_until(lambda: can_connect(sock), 10), open(tmp_path / "worker.log").read()
        assert oct(os.stat(sock).st_mode & 0o777) == "0o660"
        r = run(["nginx", "-e", str(var / "log/error.log"), "-p", str(var), "-c", str(var / "nginx.conf")])
        assert r.returncode == 0, r.stderr
        base = f"http://127.0.0.1:{port}"
        assert wait_until(lambda: _status(base + "/") == 200, 10)
        r = requests.get(base + "/api/v1/institutions/100654", timeout=5)
        assert r.status_code == 200 and r.json() == site.get("/api/v1/institutions/100654").json()
        r = requests.get(base + "/api/v1/health", timeout=5)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        r = requests.post(base + "/api/v1/health", data="x" * 2048, timeout=5)
        assert r.status_code == 413 and r.json()["error"]["status"] == 413
    finally:
        try:
            os.kill(int((var / "nginx.pid").read_text()), signal.SIGQUIT)
        except (OSError, ValueError):
            pass
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
