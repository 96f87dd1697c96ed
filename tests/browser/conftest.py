"""Fixtures of the browser suite: the page in headless Chromium, driven by Selenium.

The site under test is the integration suite's session instance (tests/integration/conftest.py:
PostgreSQL, migrations, workers and nginx under $HITFINDER_VAR on $HITFINDER_PORT /
$HITFINDER_PGPORT), loaded here by file path so tests/integration keeps working unchanged and
no `tests` package is needed. Chromium and chromedriver are Debian's (chromium,
chromium-driver), Selenium is Debian's python3-selenium; the browser runs with background
networking off (the machine has no network) and its console is collected so that any SEVERE
entry fails a test. Screenshots of each page state go to var/test-artifacts/browser/.
"""
import base64
import importlib.util
import os
import re
import shutil
import tempfile
import time

import pytest
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))

_spec = importlib.util.spec_from_file_location(
    "hitfinder_integration_conftest", os.path.join(TOP, "tests", "integration", "conftest.py"))
integration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(integration)

# The session instance, and the hook that attaches the worker/nginx/PostgreSQL log tails to a
# failed test's report.
site = integration.site
pytest_runtest_makereport = integration.pytest_runtest_makereport

ARTIFACTS = os.path.join(TOP, "var", "test-artifacts", "browser")
CHROMIUM = os.environ.get("HITFINDER_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HITFINDER_CHROMEDRIVER", "/usr/bin/chromedriver")
WIDTH, HEIGHT = 1280, 1000

# Endpoints the page uses that a server may not have yet (API.md lists them; the page says so
# when one answers 404). Probed once: their 404s in the console are expected, nothing else is.
OPTIONAL = {
    # name: (URL probed, URLs of the page's calls to it)
    "careers": ("/api/v1/careers", r"/api/v1/careers(\?|$)"),
    "career_profile": ("/api/v1/careers/29-2072", r"/api/v1/careers/[^/?]+(\?|$)"),
    "career_states": ("/api/v1/careers/29-2072/states", r"/api/v1/careers/[^/?]+/states(\?|$)"),
    "suggest": ("/api/v1/suggest?q=he", r"/api/v1/suggest(\?|$)"),
    "pathways": ("/api/v1/pathways?career=29-2072", r"/api/v1/pathways(\?|$)"),
    "certifications": ("/api/v1/certifications", r"/api/v1/certifications(\?|$|/)"),
}


@pytest.fixture(scope="session")
def missing(site):
    """The set of OPTIONAL endpoints that answer 404 not_found on this server."""
    out = set()
    for name, (path, _) in OPTIONAL.items():
        r = site.get(path)
        if r.status_code == 404:
            out.add(name)
    return out


def _options(user_data_dir):
    from selenium import webdriver

    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--disable-extensions",
              "--disable-default-apps", "--metrics-recording-only", "--mute-audio",
              "--disable-features=Translate,OptimizationHints,MediaRouter",
              f"--user-data-dir={user_data_dir}", f"--window-size={WIDTH},{HEIGHT}", "--lang=en-US"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return o


# Runs in every document before its own scripts (through DevTools, so the page's CSP does not
# apply to it): records CSP violations the page would otherwise only log.
CSP_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


@pytest.fixture(scope="session")
def driver(site):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("Selenium is not installed: apt-get install python3-selenium", pytrace=False)
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            pytest.fail(f"{path} is missing: apt-get install {pkg}", pytrace=False)
    profile = tempfile.mkdtemp(prefix="hitfinder-chromium-")
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=_options(profile))
    d.set_page_load_timeout(30)
    d.set_script_timeout(30)
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_PROBE})
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


class Page:
    """The browser on the site: navigation, waits, screenshots and the console check."""

    def __init__(self, driver, site, missing):
        self.d = driver
        self.site = site
        self.missing = missing
        self.console = []

    # --- navigation and waiting -----------------------------------------------------------
    def open(self, path):
        self.d.get(self.site.url(path))
        self.wait_js("return document.readyState === 'complete'")

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def wait_js(self, script, *args, timeout=10, what=None):
        """Waits until SCRIPT returns something truthy; returns it."""
        end = time.monotonic() + timeout
        while True:
            v = self.d.execute_script(script, *args)
            if v:
                return v
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what or script}")
            time.sleep(0.05)

    def wait_results(self):
        """Waits until the finder has rendered an answer (count line set, not busy)."""
        return self.wait_js(
            "const s = document.getElementById('result-count');"
            "const r = document.getElementById('results');"
            "return s && s.textContent && !s.textContent.startsWith('Searching')"
            " && !r.hasAttribute('aria-busy') && s.textContent;", what="the finder's results")

    def query(self):
        """The page URL's query as a dict of str."""
        from urllib.parse import parse_qsl, urlsplit
        return dict(parse_qsl(urlsplit(self.d.current_url).query))

    def css(self, selector):
        from selenium.webdriver.common.by import By
        return self.d.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector):
        from selenium.webdriver.common.by import By
        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def active(self):
        return self.d.switch_to.active_element

    def api(self, path, **params):
        r = requests.get(self.site.url("/api/v1" + path), params=params, timeout=10)
        assert r.status_code == 200, (path, params, r.status_code, r.text[:300])
        return r.json()

    # --- artifacts ------------------------------------------------------------------------
    def phone(self, width=390, height=844):
        """Emulates a phone's viewport (a headless window is at least 500 px wide)."""
        self.device = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True}
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", self.device)

    def shot(self, name):
        """Saves a full-page screenshot as var/test-artifacts/browser/NAME.png (through DevTools,
        beyond the viewport, so the window keeps its size and the pointer its hover)."""
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name + ".png")
        w, h = self.js("return [document.documentElement.scrollWidth,"
                       " Math.min(6000, Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))]")
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        return path

    def visible(self, selector):
        return self.js("const e = document.querySelector(arguments[0]); return !!e && e.checkVisibility();", selector)

    # --- the console ----------------------------------------------------------------------
    def drain_console(self):
        entries = self.d.get_log("browser")
        self.console.extend(entries)
        return entries

    def expected_404(self, message):
        """A 404 of an endpoint this server does not have yet (probed in `missing`)."""
        m = re.match(r"(\S+) - Failed to load resource: the server responded with a status of 404", message)
        return bool(m) and any(re.search(OPTIONAL[name][1], m.group(1)) for name in self.missing)

    def assert_clean(self):
        """No SEVERE console entry (but expected 404s) and no CSP violation so far."""
        self.drain_console()
        bad = [e["message"] for e in self.console
               if e.get("level") == "SEVERE" and not self.expected_404(e["message"])]
        csp = self.js("return window.__csp || []")
        assert not bad, "console errors:\n" + "\n".join(bad)
        assert not csp, "Content-Security-Policy violations:\n" + "\n".join(csp)


@pytest.fixture
def page(driver, site, missing):
    driver.set_window_size(WIDTH, HEIGHT)
    driver.get("about:blank")
    driver.get_log("browser")  # drop what earlier tests left
    p = Page(driver, site, missing)
    yield p
    if getattr(p, "device", None):
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
