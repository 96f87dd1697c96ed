"""The public page (nginx/html/) in headless Chromium against the real API.

Each test drives the page as a person would (clicks, typing, the Tab key, hovering), compares
what the page shows with what the API answers for the same question, saves a screenshot of
each state under var/test-artifacts/browser/, and fails on any console error or CSP violation.
"""
import html.parser
import os
import re
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
HTML = os.path.join(TOP, "nginx", "html")
AXE = os.path.join(HERE, "vendor", "axe.min.js")
SOC = "29-2072"  # Medical Records Specialists: the article's "health information technicians"


def usd(v):
    return f"${v:,.0f}"


def facet(body, name, value):
    return next((f["count"] for f in body["meta"]["facets"].get(name, []) if f["value"] == value), 0)


# --- the school finder ----------------------------------------------------------------------

def test_search_with_filters_updates_results_and_url(page):
    page.open("/")
    first = page.wait_results()
    everything = page.api("/programs", per_page=1, facets="degree,state")
    assert first.startswith(f"{everything['meta']['total']:,} programs"), first
    # facet counts beside each choice, as the API counts them
    assert page.css('[data-count="degree:associate"]').text == f"({facet(everything, 'degree', 'associate'):,})"
    page.shot("finder-initial")

    page.css("#f-degree-associate").click()
    page.wait_js("return location.search.includes('degree=associate')", what="degree in the URL")
    page.wait_results()
    ohio_count = page.css('[data-count="state:OH"]').text
    page.css("#f-state-OH").click()
    page.wait_js("return location.search.includes('state=OH')", what="state in the URL")
    status = page.wait_results()
    q = page.query()
    assert q == {"degree": "associate", "state": "OH"}, q
    api = page.api("/programs", degree="associate", state="OH", facets="state")
    assert ohio_count == f"({facet(api, 'state', 'OH'):,})"
    assert status.startswith(f"{api['meta']['total']:,} program"), status
    shown = [a.text for a in page.all("#results .result h3 a")]
    assert shown == [p["title"] for p in api["data"]]
    assert all(t.text.endswith(", OH") for t in page.all("#results .result .inst"))
    # the CSV link is the same search, every row
    csv = page.css("#csv-link").get_attribute("href")
    assert dict(parse_qsl(urlsplit(csv).query)) == {"degree": "associate", "state": "OH", "format": "csv"}
    r = requests.get(csv, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert len(r.text.strip().splitlines()) == api["meta"]["total"] + 1

    # sort: tuition, highest first
    Select(page.css("#f-sort")).select_by_value("-tuition")
    page.wait_js("return location.search.includes('sort=-tuition')", what="sort in the URL")
    page.wait_results()
    api = page.api("/programs", degree="associate", state="OH", sort="-tuition")
    assert [a.text for a in page.all("#results .result h3 a")] == [p["title"] for p in api["data"]]
    page.shot("finder-filtered")

    # back: the previous search comes back from the URL
    page.d.back()
    page.wait_js("return !location.search.includes('sort=')", what="back to the unsorted search")
    page.wait_results()
    assert page.query() == {"degree": "associate", "state": "OH"}
    assert page.css("#f-state-OH").is_selected() and page.css("#f-sort").get_attribute("value") == ""
    page.d.back()
    page.wait_js("return !location.search.includes('state=')", what="back to the search without a state")
    page.wait_results()
    assert not page.css("#f-state-OH").is_selected()
    page.assert_clean()


def test_zip_radius_pages_and_a_shared_url(page):
    params = {"zip": "44106", "radius": "100", "include_online": "true", "degree": "certificate,associate"}
    api = page.api("/programs", **params)
    assert api["meta"]["pages"] >= 2, "the sample needs two pages near 44106"
    page.open("/?" + "&".join(f"{k}={v}" for k, v in params.items()))
    status = page.wait_results()
    assert status.startswith(f"{api['meta']['total']:,} programs within 100 miles of 44106"), status
    assert page.css("#f-zip").get_attribute("value") == "44106"
    assert page.css("#f-online").is_selected()
    dists = [e.text for e in page.all("#results .result .distance dd")]
    want = [f"{p['distance_miles']:.1f} mi" if p["distance_miles"] is not None else "Online, anywhere" for p in api["data"]]
    assert dists == want
    page.css('#pager a[rel="next"]').click()
    page.wait_js("return location.search.includes('page=2')", what="page 2 in the URL")
    page.wait_results()
    api2 = page.api("/programs", page=2, **params)
    assert [a.text for a in page.all("#results .result h3 a")] == [p["title"] for p in api2["data"]]
    assert page.css('#pager a[aria-current="page"]').text == "2"
    assert page.css("#results").get_attribute("start") == str(api2["meta"]["per_page"] + 1)
    page.shot("finder-zip-page2")
    page.d.back()
    page.wait_js("return !location.search.includes('page=')", what="back to page 1")
    page.wait_results()
    assert [a.text for a in page.all("#results .result h3 a")] == [p["title"] for p in api["data"]]
    page.assert_clean()


def test_misspelling_shows_did_you_mean(page):
    page.open("/")
    page.wait_results()
    box = page.css("#q")
    box.send_keys("infomatics")
    box.send_keys(Keys.ENTER)
    page.wait_js("return location.search.includes('q=infomatics')", what="q in the URL")
    page.wait_results()
    api = page.api("/programs", q="infomatics")
    assert api["meta"]["query"]["did_you_mean"] == "informatics"
    dym = page.wait_js("const d = document.getElementById('did-you-mean'); return d.textContent", what="did you mean")
    assert dym.startswith("Did you mean informatics?"), dym
    assert [a.text for a in page.all("#results .result h3 a")] == [p["title"] for p in api["data"]]
    page.shot("finder-did-you-mean")
    page.css("#did-you-mean a").click()
    page.wait_js("return location.search.includes('q=informatics')", what="the corrected query")
    page.wait_results()
    assert page.css("#q").get_attribute("value") == "informatics"
    assert page.css("#did-you-mean").text == ""
    page.assert_clean()


def test_program_detail_and_back(page):
    page.open("/?field=health_information_technology&accredited=true")
    page.wait_results()
    api = page.api("/programs", field="health_information_technology", accredited="true")
    first = api["data"][0]
    page.css("#results .result h3 a").click()
    page.wait_js("return location.search.includes('program=')", what="program in the URL")
    title = page.wait_js("const h = document.querySelector('#program-detail h2'); return h && h.textContent", what="the detail")
    detail = page.api(f"/programs/{first['id']}")["data"]
    assert title == detail["title"]
    text = page.css("#program-detail").text
    assert detail["institution"]["name"] in text
    assert "CAHIIM-accredited (continuing)" in text or "CAHIIM-accredited" in text
    for code in detail["eligible_certifications"]:
        assert code in text
    for c in detail["careers"]:
        assert c["title"] in text
    assert not page.visible("#results-area")
    page.shot("finder-program-detail")
    page.css("#program-detail button.back").click()
    page.wait_js("return !location.search.includes('program=')", what="back to the results")
    assert page.visible("#results-area")
    assert page.query() == {"field": "health_information_technology", "accredited": "true"}
    page.d.forward()
    page.wait_js("return location.search.includes('program=') && !document.getElementById('program-detail').hidden",
                 what="forward to the detail")
    page.assert_clean()


def test_type_ahead(page):
    if "suggest" in page.missing:
        pytest.skip("GET /api/v1/suggest does not exist on this server yet (404): the box stays a plain search box")
    api = page.api("/suggest", q="medical rec")["data"]
    assert api, "the sample has hits for 'medical rec'"
    page.open("/")
    page.wait_results()
    box = page.css("#q")
    box.send_keys("medical rec")
    page.wait_js("return document.querySelectorAll('#q-suggestions [role=option]').length > 0", what="the suggestions")
    assert box.get_attribute("aria-expanded") == "true"
    labels = page.js("return Array.from(document.querySelectorAll('#q-suggestions .sug-label')).map(e => e.textContent)")
    assert labels == [h["label"] for h in api]
    page.shot("finder-type-ahead")
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant") == "q-suggestions-0"
    box.send_keys(Keys.ENTER)
    first = api[0]
    want = {"career": ("view", "careers"), "program": ("program", str(first["id"])),
            "certification": ("eligible_for", str(first["id"])), "institution": ("q", first["label"])}[first["type"]]
    page.wait_js("return new URLSearchParams(location.search).get(arguments[0]) === arguments[1]", *want,
                 what=f"the {first['type']} hit opened")
    page.assert_clean()


# --- the career map -------------------------------------------------------------------------

def map_states(page):
    return page.wait_js(
        "const s = document.querySelectorAll('#us-map [data-state]');"
        "return s.length >= 52 && Array.from(s).map(e => e.getAttribute('data-state'));", what="the map")


def test_map_draws_every_state(page):
    page.open(f"/?view=careers&soc={SOC}")
    codes = map_states(page)
    # 50 states + DC + Puerto Rico, each once, each a focusable control with a name
    assert len(codes) == 52 and len(set(codes)) == 52, codes
    assert {"AK", "HI", "DC", "PR"} <= set(codes)
    info = page.js("""return Array.from(document.querySelectorAll('#us-map [data-state]')).map(e => {
        const b = e.getBBox(); return [e.getAttribute('data-state'), e.getAttribute('tabindex'),
        e.getAttribute('aria-label') || '', b.width, b.height]; });""")
    for code, tabindex, label, w, h in info:
        assert tabindex == "0" and label, (code, tabindex, label)
        assert w >= 4 and h >= 4, f"{code} is drawn {w}x{h}: too small to see"
    # every drawn state is inside the viewBox
    vb = [float(x) for x in page.js("return document.getElementById('us-map').getAttribute('viewBox')").split()]
    for code, _, _, _, _ in info:
        x, y, w, h = page.js("const b = document.querySelector(`#us-map [data-state='${arguments[0]}']`).getBBox();"
                             "return [b.x, b.y, b.width, b.height];", code)
        assert vb[0] <= x and x + w <= vb[0] + vb[2] and vb[1] <= y and y + h <= vb[1] + vb[3], code
    assert page.css("#map-legend .legend-nodata").is_displayed()
    page.shot("careers-map")
    page.assert_clean()


def test_map_hover_shows_the_api_figures(page):
    if "career_states" in page.missing:
        pytest.skip("GET /api/v1/careers/{soc}/states does not exist on this server yet (404): "
                    "the map draws every state as 'no data' until it lands")
    api = page.api(f"/careers/{SOC}/states")
    by = {it["state"]: it for it in api["data"]}
    nat = api["meta"]["national"]
    page.open(f"/?view=careers&soc={SOC}")
    map_states(page)
    page.wait_js("return document.querySelectorAll('#map-legend li').length > 1", what="the legend")
    # the default metric: median where any state has it, else mean
    metric = "median" if any(it.get("median") is not None for it in by.values()) else "mean"
    assert page.css(f"#metric-choice input[value='{metric}']").is_selected()
    # a state without the figure is drawn as "no data", never as a colour of the scale
    for code, nodata in page.js("""return Array.from(document.querySelectorAll('#us-map [data-state]'))
            .map(e => [e.getAttribute('data-state'), e.classList.contains('nodata')]);"""):
        it = by.get(code)
        assert nodata == (it is None or it.get(metric) is None), (code, it and it.get(metric))

    texas = page.css("#us-map [data-state='TX']")
    ActionChains(page.d).move_to_element(texas).perform()
    page.wait_js("return document.getElementById('state-panel').dataset.state === 'TX'", what="the TX panel")
    panel = page.css("#state-panel")
    assert panel.find_element("css selector", "h3").text == "Texas"
    for key in ("mean", "median", "growth_pct", "location_quotient", "annual_openings", "employment"):
        cell = panel.find_element("css selector", f"td[data-field='{key}']")
        want = by["TX"].get(key)
        got = cell.get_attribute("data-value")
        assert (got == "" and want is None) or (want is not None and float(got) == float(want)), (key, got, want)
        natcell = panel.find_element("css selector", f"td[data-field='national-{key}']")
        if nat.get(key) is not None:
            assert float(natcell.get_attribute("data-value")) == float(nat[key]), key
    if by["TX"].get("mean") is not None:
        assert panel.find_element("css selector", "td[data-field='mean']").text == usd(by["TX"]["mean"])
    if nat.get("mean") is not None:
        assert panel.find_element("css selector", "td[data-field='national-mean']").text == usd(nat["mean"])
    page.shot("careers-map-hover-TX")

    # a state with job growth (California has projections): growth beside the national one
    grown = [c for c, it in by.items() if it.get("growth_pct") is not None and c != "TX"]
    if grown:
        code = grown[0]
        el = page.css(f"#us-map [data-state='{code}']")
        ActionChains(page.d).move_to_element(el).perform()
        page.wait_js("return document.getElementById('state-panel').dataset.state === arguments[0]", code,
                     what=f"the {code} panel")
        cell = page.css("#state-panel td[data-field='growth_pct']")
        assert float(cell.get_attribute("data-value")) == float(by[code]["growth_pct"])
    page.assert_clean()


def test_pick_a_career_and_a_metric(page):
    if "careers" in page.missing or "career_profile" in page.missing:
        pytest.skip("GET /api/v1/careers does not exist on this server yet (404): the page says so")
    page.open(f"/?view=careers&soc={SOC}")
    map_states(page)
    page.wait_js("return document.querySelectorAll('#career-select option').length > 1", what="the careers")
    Select(page.css("#career-select")).select_by_value("29-9021")
    page.wait_js("return new URLSearchParams(location.search).get('soc') === '29-9021'", what="soc in the URL")
    prof = page.api("/careers/29-9021")["data"]
    page.wait_js("const h = document.getElementById('career-title'); return h && h.textContent === arguments[0]",
                 prof["title"], what="the new profile")
    text = page.css("#career-profile").text
    for c in prof["certifications"]:
        assert c["code"] in text and c["name"] in text
    for r in prof["related"]:
        assert r["title"] in text
    assert f"{prof['outlook']['annual_openings']:,}" in text
    assert prof["typical_education"] in text
    if "career_states" not in page.missing:
        states = page.api("/careers/29-9021/states")["data"]
        page.css("#m-growth").click()
        page.wait_js("return new URLSearchParams(location.search).get('metric') === 'growth_pct'", what="metric in the URL")
        legend = page.css("#map-legend").text
        assert legend.startswith("Projected job growth")
        drawn = {s["state"] for s in states} & set(map_states(page))
        nodata = sum(1 for code in map_states(page)
                     if code not in drawn or next(s for s in states if s["state"] == code)["growth_pct"] is None)
        assert f"No published data ({nodata})" in legend
        assert len(page.all("#us-map .nodata")) == nodata
        page.shot("careers-growth")
    page.d.back()
    page.wait_js("return new URLSearchParams(location.search).get('soc') === arguments[0]", SOC, what="back to the first career")
    page.assert_clean()


FAKE_404 = """
(function () {
  const real = window.fetch;
  const gone = /\\/api\\/v1\\/(careers|suggest|pathways|certifications)(\\/|\\?|$)/;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : input.url;
    if (gone.test(url)) {
      const body = {error: {status: 404, code: 'not_found', parameter: null, message: 'no such resource',
                            details: [{code: 'not_found', parameter: null, value: null, message: 'no such resource'}]}};
      return Promise.resolve(new Response(JSON.stringify(body), {status: 404, headers: {'Content-Type': 'application/json'}}));
    }
    return real.call(this, input, init);
  };
})();
"""


def test_degrades_when_the_career_endpoints_404(page):
    """A server without the career endpoints (as before they landed): the page says so, the
    map still draws every state as "no data", the pathway starts from a certification."""
    sid = page.d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_404})["identifier"]
    try:
        page.open(f"/?view=careers&soc={SOC}")
        codes = map_states(page)
        assert len(codes) == 52
        msg = page.wait_js("return document.getElementById('careers-error').textContent", what="the message")
        assert "not available on this server yet" in msg
        assert len(page.all("#us-map .nodata")) == 52
        assert "No published data (52)" in page.css("#map-legend").text
        page.shot("degraded-careers")
        page.open("/?view=pathway&certification=RHIT&zip=44106&radius=500")
        page.wait_js("return document.querySelector('#pathway-out .steps')", what="the pathway")
        assert page.visible("#pw-cert") and not page.visible("#pw-career")
        api = page.api("/programs", eligible_for="RHIT", zip="44106", radius="500", per_page=10)
        shown = page.js("return Array.from(document.querySelectorAll('#pathway-out .result')).map(e => e.dataset.program)")
        assert shown == [str(p["id"]) for p in api["data"]]
        page.open("/")
        page.wait_results()
        page.css("#q").send_keys("health")
        time.sleep(0.5)
        assert page.css("#q-suggestions").get_attribute("hidden") is not None
        page.assert_clean()
    finally:
        page.d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": sid})


# --- keyboard only --------------------------------------------------------------------------

def tab_until(page, script, limit=200, what="the element"):
    body = page.css("body")
    body.click()
    for _ in range(limit):
        page.active().send_keys(Keys.TAB)
        if page.js("const a = document.activeElement; return " + script):
            return page.active()
    raise AssertionError(f"Tab never reached {what}")


def test_keyboard_only(page):
    page.open("/")
    page.wait_results()
    box = tab_until(page, "a.id === 'f-degree-bachelor'", what="the Bachelor's degree filter")
    box.send_keys(Keys.SPACE)
    page.wait_js("return location.search.includes('degree=bachelor')", what="degree=bachelor in the URL")
    status = page.wait_results()
    api = page.api("/programs", degree="bachelor")
    assert status.startswith(f"{api['meta']['total']:,} programs"), status
    assert page.active().get_attribute("id") == "f-degree-bachelor", "the focus stays on the filter"
    # Tab onwards to the first result and open it with Enter
    link = tab_until(page, "a.matches('#results .result h3 a')", what="the first result")
    link.send_keys(Keys.ENTER)
    page.wait_js("return location.search.includes('program=')", what="the detail")
    page.wait_js("return document.activeElement.matches('#program-detail h2')", what="the focus on the detail")
    page.shot("keyboard-detail")

    page.open(f"/?view=careers&soc={SOC}")
    map_states(page)
    state = tab_until(page, "a.hasAttribute('data-state')", what="a state of the map")
    code = state.get_attribute("data-state")
    page.wait_js("return document.getElementById('state-panel').dataset.state === arguments[0]", code,
                 what="the panel of the focused state")
    state.send_keys(Keys.TAB)
    code2 = page.active().get_attribute("data-state")
    assert code2 and code2 != code
    page.wait_js("return document.getElementById('state-panel').dataset.state === arguments[0]", code2,
                 what="the panel following the focus")
    page.active().send_keys(Keys.ENTER)
    page.wait_js("return new URLSearchParams(location.search).get('state') === arguments[0]", code2,
                 what="the pinned state in the URL")
    assert page.active().get_attribute("aria-pressed") == "true"
    page.shot("keyboard-map-focus")
    page.assert_clean()


# --- the pathway, the footer ----------------------------------------------------------------

def test_pathway(page):
    page.open("/?view=pathway")
    page.wait_js("return document.querySelector('#pw-career option, #pw-cert option')", what="the pathway form")
    careers = "careers" not in page.missing
    if careers:
        page.wait_js("return document.querySelectorAll('#pw-career option').length > 1", what="the careers")
        Select(page.css("#pw-career")).select_by_value("29-9021")
    else:
        Select(page.css("#pw-cert")).select_by_value("RHIT")
    page.css("#pw-zip").send_keys("44106")
    Select(page.css("#pw-radius")).select_by_value("500")
    page.css("#pw-online").click()
    page.css("#pathway-form button[type=submit]").click()
    page.wait_js("return document.querySelector('#pathway-out .steps')", what="the pathway")
    page.wait_js("return document.querySelector('#pathway-out .result') || "
                 "document.querySelector('#pathway-out h4 + p')", what="the programs")
    q = page.query()
    assert q["zip"] == "44106" and q["radius"] == "500" and q["include_online"] == "true"
    api = page.api("/programs", eligible_for="RHIT", zip="44106", radius="500", include_online="true", per_page=10)
    shown = page.js("return Array.from(document.querySelectorAll('#pathway-out .result')).map(e => e.dataset.program)")
    if "pathways" in page.missing:
        # built from /programs: the RHIT programs near the ZIP, nearest first
        assert shown[:len(api["data"])] == [str(p["id"]) for p in api["data"]]
    else:
        assert shown, "the pathway lists eligible programs"
    text = page.css("#pathway-out").text
    assert "RHIT" in text
    page.shot("pathway")
    page.assert_clean()


def test_footer_credits_the_data_sources(page):
    page.open("/")
    page.wait_js("return document.querySelectorAll('#credits li').length > 0", what="the credits")
    text = page.css("footer").text
    for d in page.api("/datasets")["data"]:
        if d["row_count"]:
            assert d["vintage"] in text and d["license"] in text, d["id"]
    for word in ("BLS", "IPEDS", "CAHIIM", "GeoNames", "CC BY 4.0", "us-atlas"):
        assert word in text, word
    page.assert_clean()


# --- no errors, nothing from elsewhere, strict CSP ------------------------------------------

class _Inline(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and "src" not in a:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for k in a:
            if k == "style" or k.startswith("on"):
                self.problems.append(f"{k}= on <{tag}>")
        for k in ("src", "href"):
            v = a.get(k) or ""
            if tag in ("script", "link", "img") and re.match(r"^(https?:)?//", v):
                self.problems.append(f"<{tag} {k}={v}> loads from elsewhere")


def test_page_files_pass_a_strict_csp():
    p = _Inline()
    with open(os.path.join(HTML, "index.html"), encoding="utf-8") as f:
        p.feed(f.read())
    assert not p.problems, p.problems
    for root, _, files in os.walk(os.path.join(HTML, "js")):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8") as f:
                src = f.read()
            for pat in (r"\binnerHTML\b", r"\beval\(", r"new Function\(", r"setAttribute\(\s*[\"']style",
                        r"setAttribute\(\s*[\"']on", r"https?://(?!www\.w3\.org/2000/svg)"):
                assert not re.search(pat, src), f"{name}: {pat}"


def test_every_view_without_console_errors_or_outside_requests(page):
    views = ["/", "/?q=coding&state=TX&sort=name", f"/?view=careers&soc={SOC}&metric=mean",
             "/?view=pathway&certification=RHIT&zip=44106", "/?view=pathway&career=29-9021&zip=44106"]
    for path in views:
        page.open(path)
        page.wait_js("return performance.getEntriesByType('resource').some(r => r.name.includes('/api/v1/datasets'))",
                     what="the page to load")
        time.sleep(0.5)
        urls = page.js("return performance.getEntriesByType('resource').map(r => r.name)")
        outside = [u for u in urls if not u.startswith(page.site.base + "/")]
        assert not outside, f"{path} loaded from elsewhere: {outside}"
        page.assert_clean()
    r = page.site.get("/favicon.svg")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("image/svg+xml")


# --- accessibility: axe-core ----------------------------------------------------------------

def axe(page, name):
    with open(AXE, encoding="utf-8") as f:
        page.js(f.read())
    res = page.d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({"
        "id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))),"
        " e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    serious = [v for v in res if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: " + "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in serious)
    return res


def test_accessibility_axe(page):
    report = []
    page.open("/?q=health&degree=associate")
    page.wait_results()
    report += axe(page, "finder")
    page.css("#results .result h3 a").click()
    page.wait_js("const h = document.querySelector('#program-detail h2'); return h && h.textContent !== ''",
                 what="the detail")
    report += axe(page, "program detail")
    page.open(f"/?view=careers&soc={SOC}&state=CA")
    map_states(page)
    page.wait_js("return document.querySelectorAll('#map-legend li').length > 0", what="the legend")
    report += axe(page, "careers and map")
    page.open("/?view=pathway&certification=RHIT&zip=44106&radius=500")
    page.wait_js("return document.querySelector('#pathway-out .steps, #pathway-error p')", what="the pathway")
    report += axe(page, "pathway")
    # minor and moderate findings are reported, not failed
    if report:
        print("axe (minor/moderate):", sorted({(v["impact"], v["id"]) for v in report}))
    page.assert_clean()


def test_phone_sized_screen(page):
    page.phone(390, 844)
    for path, name in (("/?zip=44106&include_online=true", "phone-finder"),
                       (f"/?view=careers&soc={SOC}&state=CA", "phone-careers")):
        page.open(path)
        if "careers" in path:
            map_states(page)
        else:
            page.wait_results()
        over = page.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert over <= 1, f"{path}: the page is {over}px wider than a phone"
        page.shot(name)
    # the filters fold under their switch on a phone and open with it
    page.open("/")
    page.wait_results()
    assert page.js("return innerWidth") == 390
    assert not page.visible("#f-zip")
    page.css("#filters-box > summary").click()
    assert page.visible("#f-zip")
    page.assert_clean()
