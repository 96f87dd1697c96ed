"""The career lookup (API.md: Career lookup, Pathways, Discovery) checked against the official
BLS files themselves."""
import urllib.parse

import pytest

import hfdata as H
from conftest import assert_error, body

STATES_51 = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
             "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
             "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"}


def get(site, path, params=None, status=200):
    r = site.get(path + ("?" + urllib.parse.urlencode(params) if params else ""))
    assert r.status_code == status, r.text
    return body(r)


def test_career_profile_matches_oews_and_projections(site):
    row, ep = H.oews_national()["29-2072"], H.projections_national()["29-2072"]
    d = get(site, "/api/v1/careers/29-2072")["data"]
    assert d["soc"] == "29-2072" and d["title"] == row["OCC_TITLE"]
    w = d["wages"]
    assert w["median"] == H._num(row["A_MEDIAN"]) and w["mean"] == H._num(row["A_MEAN"])
    assert w["employment"] == H._num(row["TOT_EMP"])
    for k, col in [("p10", "A_PCT10"), ("p25", "A_PCT25"), ("p75", "A_PCT75"), ("p90", "A_PCT90")]:
        assert w[k] == H._num(row[col]), k
    o = d["outlook"]
    assert o["growth_pct"] == H._num(ep["Employment change, percent, 2024–34"])
    assert o["annual_openings"] == round(H._num(ep["Occupational openings, 2024–34 annual average"]) * 1000)
    assert o["base_employment"] == round(H._num(ep["Employment, 2024"]) * 1000)
    assert o["projected_employment"] == round(H._num(ep["Employment, 2034"]) * 1000)
    assert (o["base_year"], o["projected_year"]) == (2024, 2034)
    assert o["category"] in ("bright", "average", "below_average")
    assert d["typical_education"] and {"code", "name", "issuer", "requires"} <= set(d["certifications"][0])
    assert {"RHIT"} <= {c["code"] for c in d["certifications"]}
    assert d["related"] and all(set(r) >= {"soc", "title"} for r in d["related"])
    assert isinstance(d["program_count"], int) and d["program_count"] > 0


@pytest.mark.parametrize("spelling", ["292072", "29-2072.00"])
def test_soc_spellings(site, spelling):
    assert get(site, "/api/v1/careers/" + spelling)["data"]["soc"] == "29-2072"


def test_bad_and_retired_socs(site):
    e = assert_error(site.get("/api/v1/careers/29-2071"), 404, "not_found")
    assert "29-2072" in e["message"] and "29-9021" in e["message"]
    for bad in ["29-207", "2920721", "ab-cdef", "29_2072"]:
        assert_error(site.get("/api/v1/careers/" + bad), 404, "not_found")


def test_hourly_basis(site):
    row = H.oews_national()["29-2072"]
    w = get(site, "/api/v1/careers/29-2072", {"basis": "hourly"})["data"]["wages"]
    assert w["median"] == H._num(row["H_MEDIAN"]) and w["mean"] == H._num(row["H_MEAN"])
    assert_error(site.get("/api/v1/careers/29-2072?basis=weekly"), 400, "invalid_parameter", "basis")


def test_annual_only_occupation_has_no_hourly_figures(site):
    rows = [r for s, r in H.oews_national().items() if r["ANNUAL"] == "TRUE"]
    careers = {c["soc"] for c in get(site, "/api/v1/careers", {"per_page": 100})["data"]}
    rows = [r for r in rows if r["OCC_CODE"] in careers]
    if not rows:
        pytest.skip("no annual-only career in the loaded OEWS file")
    w = get(site, "/api/v1/careers/" + rows[0]["OCC_CODE"], {"basis": "hourly"})["data"]["wages"]
    assert w["median"] is None and w["flags"]["median"]
    assert get(site, "/api/v1/careers/" + rows[0]["OCC_CODE"])["data"]["wages"]["median"] == H._num(rows[0]["A_MEDIAN"])


def test_state_map_every_state_present(site):
    b = get(site, "/api/v1/careers/29-2072/states")
    by = {s["state"]: s for s in b["data"]}
    assert STATES_51 <= set(by)
    assert len(by) == len(b["data"]), "one item per state"
    assert "US" not in by, "the national figures live in meta.national"
    nat = b["meta"]["national"]
    assert nat["median"] == H._num(H.oews_national()["29-2072"]["A_MEDIAN"])
    names = {s["name"]: s for s in b["data"]}
    for (state_name, soc), row in H.oews_state_means().items():
        if soc != "29-2072" or state_name not in names:
            continue
        item = names[state_name]
        mean = H._num(row["A_MEAN"])
        if mean is None:
            assert item["mean"] is None and item["flags"]["mean"] == "suppressed"
        else:
            assert item["mean"] == mean, state_name
        # The state file carries mean wages only: the rest is not loaded (not suppressed, never 0).
        assert item["median"] is None and item["flags"]["median"] == "not_loaded"
        assert item["employment"] is None and item["flags"]["employment"] == "not_loaded"
    rng = b["meta"]["range"]
    means = [s["mean"] for s in b["data"] if s["mean"] is not None]
    assert rng["mean"]["min"] == min(means) and rng["mean"]["max"] == max(means)


def test_state_without_data_is_present_with_nulls(site):
    b = get(site, "/api/v1/careers/29-2072/states")
    loaded = {n for (n, soc) in H.oews_state_means() if soc == "29-2072"}
    missing = [s for s in b["data"] if s["name"] not in loaded and s["state"] in STATES_51]
    for s in missing:
        assert s["mean"] is None and s["flags"]["mean"] in ("not_loaded", "not_published")


def test_suppressed_state_mean(site):
    careers = {c["soc"] for c in get(site, "/api/v1/careers", {"per_page": 100})["data"]}
    hits = [(n, soc) for (n, soc), r in H.oews_state_means().items() if soc in careers and r["A_MEAN"].strip() in ("*", "**")]
    if not hits:
        pytest.skip("no suppressed state mean among the loaded careers")
    name, soc = hits[0]
    item = next(s for s in get(site, f"/api/v1/careers/{soc}/states")["data"] if s["name"] == name)
    assert item["mean"] is None and item["flags"]["mean"] == "suppressed"


def test_california_projections(site):
    ca = H.projections_ca()["29-2072"]
    item = get(site, "/api/v1/careers/29-2072/states/ca")["data"]
    assert item["state"] == "CA"
    assert item["growth_pct"] == H._num(ca["Percent-age Change 2023-2033"])
    assert item["annual_openings"] == round(H._num(ca["Total Job Openings [9]"]) / 10)
    assert item["national"]["median"] == H._num(H.oews_national()["29-2072"]["A_MEDIAN"])
    oh = get(site, "/api/v1/careers/29-2072/states/OH")["data"]
    assert oh["growth_pct"] is None and oh["flags"]["growth_pct"] == "not_loaded"
    assert_error(site.get("/api/v1/careers/29-2072/states/XX"), 404, "not_found")


def test_map_bins_and_metric(site):
    b = get(site, "/api/v1/careers/29-2072/states", {"metric": "mean", "bins": 5})
    bins = b["meta"]["bins"]
    assert isinstance(bins, list) and 4 <= len(bins) <= 6 and bins == sorted(bins)
    for bad in ["bins=3", "bins=8", "metric=height"]:
        r = site.get("/api/v1/careers/29-2072/states?" + bad)
        assert_error(r, 400, "invalid_parameter", bad.split("=")[0])


def test_careers_search_lay_titles_and_typos(site):
    b = get(site, "/api/v1/careers", {"q": "medical coder"})
    assert "29-2072" in [c["soc"] for c in b["data"]]
    t = get(site, "/api/v1/careers", {"q": "medcal records"})
    assert "29-2072" in [c["soc"] for c in t["data"]]
    assert "medical" in t["meta"]["query"]["did_you_mean"]
    for c in b["data"]:
        assert set(c) >= {"soc", "title", "typical_education", "median", "growth_pct", "annual_openings"}


def test_careers_ranked_in_a_state(site):
    b = get(site, "/api/v1/careers", {"state": "CA", "sort": "-growth_pct", "per_page": 100})
    vals = [c["growth_pct"] for c in b["data"] if c["growth_pct"] is not None]
    assert vals and vals == sorted(vals, reverse=True)
    nulls = [i for i, c in enumerate(b["data"]) if c["growth_pct"] is None]
    assert all(i >= len(vals) for i in nulls), "nulls last"
    assert_error(site.get("/api/v1/careers?sort=-height"), 400, "invalid_parameter", "sort")


def test_compare(site):
    b = get(site, "/api/v1/compare", {"careers": "29-2072,29-9021", "areas": "US,OH,CA"})
    assert [c["soc"] for c in b["data"]] == ["29-2072", "29-9021"]
    us = next(a for a in b["data"][0]["areas"] if a["area"] == "US")
    assert us["median"] == H._num(H.oews_national()["29-2072"]["A_MEDIAN"])
    assert_error(site.get("/api/v1/compare?careers=" + ",".join(["29-2072"] * 6) + "&areas=US"), 400,
                 "invalid_parameter", "careers")
    assert_error(site.get("/api/v1/compare?careers=29-2072&areas=US,OH,PA,CA,NY,TX,FL"), 400,
                 "invalid_parameter", "areas")


def test_state_page(site):
    d = get(site, "/api/v1/states/oh")["data"]
    assert d["code"] == "OH" and d["name"] == "Ohio"
    socs = {c["soc"] for c in d["careers"]}
    assert "29-2072" in socs
    n_oh = sum(1 for (u, _, _) in H.programs() if H.state_of(u) == "OH")
    assert sum(x["count"] for x in d["programs_by_degree"]) == n_oh


def test_certifications(site):
    lst = get(site, "/api/v1/certifications")["data"]
    codes = {c["code"] for c in lst}
    assert {"RHIT", "RHIA", "CCA", "CCS", "CHDA", "CPHIMS", "CAHIMS"} <= codes
    rhit = get(site, "/api/v1/certifications/rhit")["data"]
    assert rhit["issuer"].startswith("AHIMA") or "AHIMA" in rhit["issuer"]
    assert rhit["requires_cahiim"] is True
    progs = site.get("/api/v1/programs?eligible_for=RHIT&per_page=1").json()["meta"]["total"]
    assert rhit["program_count"] == progs
    assert "29-2072" in {c["soc"] for c in rhit["careers"]}
    assert_error(site.get("/api/v1/certifications/NOPE"), 404, "not_found")


def test_degrees_in_order(site):
    d = get(site, "/api/v1/degrees")["data"]
    codes = [x["code"] for x in d]
    assert codes == ["certificate", "associate", "bachelor", "post_baccalaureate_certificate", "master",
                     "post_master_certificate", "doctorate"]


def test_pathways(site):
    b = get(site, "/api/v1/pathways", {"career": "29-2072", "zip": "35762", "radius": 500, "include_online": "true"})
    d = b["data"]
    assert d["career"]["soc"] == "29-2072"
    assert "RHIT" in {c["code"] for c in d["certifications"]}
    for p in d["programs"]:
        assert set(p["eligible_certifications"]) & {c["code"] for c in d["certifications"]}
    assert_error(site.get("/api/v1/pathways?zip=35762"), 400, "invalid_parameter", "career")
    assert_error(site.get("/api/v1/pathways?career=29-2072&zip=00000"), 400, "invalid_parameter", "zip")


def test_suggest(site):
    b = get(site, "/api/v1/suggest", {"q": "medic"})
    assert 1 <= len(b["data"]) <= 10
    assert all(set(h) >= {"type", "id", "label"} and h["type"] in ("career", "program", "institution", "certification")
               for h in b["data"])
    assert any(h["type"] == "career" for h in b["data"])
    assert_error(site.get("/api/v1/suggest"), 400, "invalid_parameter", "q")
