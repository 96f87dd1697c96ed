"""The school finder (API.md, School finder) checked against the official files themselves."""
import collections
import csv
import io
import urllib.parse

import pytest

import hfdata as H
from conftest import assert_error, body


def q(site, params, **kw):
    r = site.get("/api/v1/programs?" + urllib.parse.urlencode(params), **kw)
    assert r.status_code == 200, r.text
    return body(r)


def all_items(site, params):
    """Every item of a search, walking the pages (per_page 100)."""
    out, page = [], 1
    while True:
        b = q(site, dict(params, per_page=100, page=page))
        out += b["data"]
        if b["links"]["next"] is None:
            return out, b["meta"]["total"]
        page += 1


def expected(pred=lambda k, v: True):
    return {k for k, v in H.programs().items() if pred(k, v)}


def test_every_program_of_the_latest_year_is_served(site):
    b = q(site, {"per_page": 1})
    assert b["meta"]["total"] == len(H.programs())


def test_degree_field_and_state_counts_match_the_file(site):
    by = collections.Counter((H.state_of(u), v["degree"]) for (u, _, _), v in H.programs().items())
    (state, degree), n = by.most_common(1)[0]
    assert q(site, {"state": state, "degree": degree})["meta"]["total"] == n
    fields = collections.Counter(v["field"] for v in H.programs().values())
    for field, n in fields.items():
        assert q(site, {"field": field, "per_page": 1})["meta"]["total"] == n, field
    states = sorted({H.state_of(u) for u, _, _ in H.programs()})[:2]
    n2 = sum(1 for (u, _, _) in H.programs() if H.state_of(u) in states)
    assert q(site, {"state": ",".join(s.lower() for s in states)})["meta"]["total"] == n2


def test_institution_programs_match_the_file(site):
    per = collections.Counter(u for u, _, _ in H.programs())
    unitid, n = per.most_common(1)[0]
    d = body(site.get(f"/api/v1/institutions/{unitid}"))["data"]
    assert len(d["programs"]) == n
    got = {(p["cip_code"], p["degree"]) for p in d["programs"]}
    want = {(c, H.DEGREES[a]) for (u, c, a) in H.programs() if u == unitid}
    assert got == want


def test_item_shape_and_values(site):
    items, _ = all_items(site, {"state": "AL"})
    assert items
    for it in items:
        assert set(it) >= {"id", "title", "field", "cip_code", "degree", "award_level", "delivery", "credits",
                           "institution", "accreditation", "tuition", "outcomes", "eligible_certifications", "url"}
        inst = it["institution"]
        assert set(inst) >= {"id", "name", "city", "state", "zip", "control", "url", "location"}
        assert inst["state"] == "AL" and inst["name"] == H.institutions()[inst["id"]]["INSTNM"]
        assert H.FIELDS[it["cip_code"]] == it["field"]
        assert any(k[0] == inst["id"] and k[1] == it["cip_code"] and H.DEGREES[k[2]] == it["degree"]
                   for k in H.programs())
        ins, outs = H.tuition(inst["id"], it["degree"])
        assert it["tuition"] == {"in_state": ins, "out_of_state": outs}, (inst["id"], it["degree"])
        if it["delivery"] is None:
            assert it["flags"].get("delivery"), it["flags"]
        if ins is None:
            assert it["flags"].get("tuition"), it["flags"]
        assert "distance_miles" not in it


def test_accreditation_from_the_cahiim_import(site):
    rows = H.cahiim()
    b = q(site, {"accredited": "true", "per_page": 100})
    assert b["meta"]["total"] == len(rows)
    got = {(it["institution"]["id"], it["cip_code"]) for it in b["data"]}
    assert got == {(int(r["unitid"]), r["ipeds_cip"]) for r in rows}
    for it in b["data"]:
        a = it["accreditation"]
        assert a["body"] == "CAHIIM" and a["status"] in ("initial", "continuing", "probation")
    not_acc = q(site, {"accredited": "false", "per_page": 1})["meta"]["total"]
    assert not_acc == len(H.programs()) - len(rows)
    none = q(site, {"accreditation_status": "none", "per_page": 1})["meta"]["total"]
    assert none == not_acc
    one = q(site, {"accredited": "false", "per_page": 1})["data"][0]
    assert one["accreditation"] is None


def test_delivery_only_where_a_source_states_it(site):
    online = q(site, {"delivery": "online"})
    stated = [r for r in H.cahiim() if r["delivery_stated"].lower().startswith("online")]
    assert online["meta"]["total"] == len(stated)
    assert online["meta"]["total"] + q(site, {"delivery": "campus,hybrid"})["meta"]["total"] == \
        len([r for r in H.cahiim() if r["delivery_stated"] != "not stated"])


def test_eligibility_is_data(site):
    items, total = all_items(site, {"eligible_for": "rhit"})
    assert total >= 1
    for it in items:
        assert "RHIT" in it["eligible_certifications"]
        assert it["degree"] == "associate" and it["accreditation"]["status"] in ("initial", "continuing", "probation")
    rhia, _ = all_items(site, {"eligible_for": "RHIA"})
    assert rhia and all(it["degree"] in ("bachelor", "master", "post_baccalaureate_certificate") for it in rhia)
    # Unaccredited programs never make one eligible for RHIT/RHIA.
    unacc, _ = all_items(site, {"accredited": "false", "state": "AL"})
    assert all(not {"RHIT", "RHIA"} & set(it["eligible_certifications"]) for it in unacc)


def test_text_search_every_word_and_prefix(site):
    b = q(site, {"q": "informatics", "per_page": 100})
    assert b["meta"]["total"] >= 1
    for it in b["data"]:
        hay = (it["title"] + " " + it["institution"]["name"] + " " + (it["institution"]["city"] or "")).lower()
        assert "informatic" in hay or it["field"] == "health_informatics", it
    assert q(site, {"q": "informa"})["meta"]["total"] >= b["meta"]["total"]
    two = q(site, {"q": "informatics kent"})
    assert two["meta"]["total"] <= b["meta"]["total"]


def test_typo_tolerance_and_did_you_mean(site):
    good = q(site, {"q": "informatics"})
    typo = q(site, {"q": "infomatics"})
    assert typo["meta"]["total"] == good["meta"]["total"] > 0
    mq = typo["meta"]["query"]
    assert mq["q"] == "infomatics" and "informatics" in mq["did_you_mean"]
    assert "query" not in good["meta"] or good["meta"]["query"].get("did_you_mean") in (None, "")


def test_alias_search(site):
    # IALIAS: "AAMU" is Alabama A & M University's alias in HD2024.
    r = site.get("/api/v1/institutions?q=aamu")
    assert r.status_code == 200, r.text
    assert 100654 in {i["id"] for i in body(r)["data"]}


def test_zip_radius_distances(site):
    zp = H.zip_point("35762") or H.zip_point("35294")
    assert zp, "sample ZIP"
    z = "35762" if H.zip_point("35762") else "35294"
    items, total = all_items(site, {"zip": z, "radius": 150})
    want = set()
    for (u, c, a) in H.programs():
        i = H.institutions()[u]
        try:
            d = H.miles(zp[0], zp[1], float(i["LATITUDE"]), float(i["LONGITUD"]))
        except ValueError:
            continue
        if d <= 149.5:
            want.add((u, c, H.DEGREES[a]))
    got = {(it["institution"]["id"], it["cip_code"], it["degree"]) for it in items}
    assert want <= got
    ds = [it["distance_miles"] for it in items]
    assert all(d is not None and d <= 150.0 for d in ds)
    assert ds == sorted(ds), "distance is the default sort with a location"


def test_include_online(site):
    online = q(site, {"delivery": "online"})["data"]
    assert online
    far = online[0]
    # A ZIP far from that program: the first sample ZIP in another state.
    z = "35762"
    local = q(site, {"zip": z, "radius": 25, "per_page": 100})
    both = q(site, {"zip": z, "radius": 25, "include_online": "true", "per_page": 100})
    assert both["meta"]["total"] >= local["meta"]["total"] + 1
    ids = [it["id"] for it in both["data"]]
    assert far["id"] in ids
    tail = [it for it in both["data"] if it["distance_miles"] is None]
    assert tail and all(it["delivery"] == "online" for it in tail)
    first_null = next(i for i, it in enumerate(both["data"]) if it["distance_miles"] is None)
    assert all(it["distance_miles"] is None for it in both["data"][first_null:]), "online ones come after local ones"


def test_tuition_bounds_and_sort(site):
    items, _ = all_items(site, {"state": "AL", "sort": "tuition"})
    vals = [it["tuition"]["in_state"] for it in items if it["tuition"]["in_state"] is not None]
    assert vals == sorted(vals)
    lo, hi = vals[len(vals) // 4], vals[3 * len(vals) // 4]
    b, _ = all_items(site, {"tuition_min": lo, "tuition_max": hi})
    assert b and all(lo <= it["tuition"]["in_state"] <= hi for it in b)
    rev = q(site, {"state": "AL", "sort": "-tuition", "per_page": 5})["data"]
    assert rev[0]["tuition"]["in_state"] == max(vals)


def test_sort_is_stable_across_pages(site):
    items, total = all_items(site, {"state": "TX", "sort": "name"})
    ids = [it["id"] for it in items]
    assert len(ids) == total == len(set(ids))
    again, _ = all_items(site, {"state": "TX", "sort": "name"})
    assert ids == [it["id"] for it in again]


def test_disjunctive_facets(site):
    b = q(site, {"facets": "state,degree", "per_page": 1})
    f = b["meta"]["facets"]
    assert sum(x["count"] for x in f["state"]) == b["meta"]["total"]
    want = collections.Counter(H.state_of(u) for (u, _, _) in H.programs())
    assert {x["value"]: x["count"] for x in f["state"]} == dict(want)
    st = want.most_common(1)[0][0]
    b2 = q(site, {"state": st, "facets": "state,degree", "per_page": 1})
    f2 = b2["meta"]["facets"]
    # The state facet ignores the state filter (multi-select), the degree facet honours it.
    assert {x["value"]: x["count"] for x in f2["state"]} == dict(want)
    assert sum(x["count"] for x in f2["degree"]) == b2["meta"]["total"]
    deg = collections.Counter(v["degree"] for (u, _, _), v in H.programs().items() if H.state_of(u) == st)
    assert {x["value"]: x["count"] for x in f2["degree"]} == dict(deg)


def test_csv_every_row(site):
    r = site.get("/api/v1/programs?state=AL&format=csv")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == q(site, {"state": "AL"})["meta"]["total"]
    assert {"id", "title", "institution.name", "institution.location.lat", "tuition.in_state"} <= set(rows[0])


def test_fields(site):
    b = q(site, {"fields": "id,title", "per_page": 3})
    assert all(set(it) == {"id", "title"} for it in b["data"])


def test_program_detail(site):
    it = q(site, {"field": "health_information_technology", "accredited": "true", "per_page": 1})["data"][0]
    d = body(site.get(f"/api/v1/programs/{it['id']}"))["data"]
    assert d["id"] == it["id"] and d["title"] == it["title"]
    assert d["accreditation_history"] and d["accreditation_history"][0]["body"] == "CAHIIM"
    socs = {c["soc"] for c in d["careers"]}
    assert "29-2072" in socs  # CIP 51.0707 -> Medical Records Specialists in the NCES crosswalk
    assert_error(site.get("/api/v1/programs/999999999999"), 404, "not_found")


def test_bad_input_names_the_parameter(site):
    cases = [("degree=phd", "degree"), ("state=XX", "state"), ("field=nursing", "field"),
             ("delivery=mail", "delivery"), ("accredited=yes", "accredited"), ("sort=bogus", "sort"),
             ("facets=city", "facets"), ("tuition_min=abc", "tuition_min"), ("credits_max=-1", "credits_max"),
             ("zip=1234", "zip"), ("zip=00000", "zip"), ("radius=50", "radius"), ("zip=35762&radius=0", "radius"),
             ("zip=35762&radius=501", "radius"), ("lat=91&lon=0", "lat"), ("lat=30", "lon"),
             ("q=" + "a" * 201, "q"), ("q=%ff%fe", "q"), ("eligible_for=XYZ", "eligible_for"),
             ("control=state", "control"), ("sort=distance", "sort"), ("sort=relevance", "sort"),
             ("per_page=101", "per_page"), ("tuition_min=5000&tuition_max=100", "tuition_min")]
    for qs, param in cases:
        r = site.get("/api/v1/programs?" + qs)
        e = assert_error(r, 400, r.json()["error"]["code"])
        assert param in {d["parameter"] for d in e["details"]}, (qs, e)
    e = assert_error(site.get("/api/v1/programs?degree=phd"), 400, "invalid_parameter", "degree")
    assert "associate" in e["message"] and "bachelor" in e["message"]
    many = assert_error(site.get("/api/v1/programs?degree=phd&state=XX&foo=1"), 400, "invalid_parameter")
    assert len(many["details"]) == 3


@pytest.mark.parametrize("qs", ["q=%27%3B%20drop%20table%20hf.programs%3B--", "q=%22%27%5C%26%7C%21%3A%28%29",
                                "q=a%26b", "q=%3A*", "state=OH%27--", "q=%E2%80%8B"])
def test_hostile_text_is_harmless(site, qs):
    r = site.get("/api/v1/programs?" + qs)
    assert r.status_code in (200, 400), r.text
    body(r)


def test_institutions_search(site):
    b = body(site.get("/api/v1/institutions?q=alabama&state=AL&per_page=100"))
    hit = [i for i in b["data"] if i["id"] == 100654]
    assert hit and hit[0]["name"] == "Alabama A & M University"
    per = collections.Counter(u for u, _, _ in H.programs())
    assert hit[0]["program_count"] == per.get(100654, 0)
    near = body(site.get("/api/v1/institutions?zip=35762&radius=10"))
    assert 100654 in {i["id"] for i in near["data"]}
    assert all(i["distance_miles"] <= 10 for i in near["data"])


def test_puerto_rico_zip_and_radius_boundaries(site):
    # 00601 (Adjuntas, PR) is not in GeoNames' US file: it comes from the other ZIP files.
    b = q(site, {"zip": "00601", "radius": 500, "per_page": 100})
    assert all(it["distance_miles"] <= 500 for it in b["data"])
    assert all(it["institution"]["state"] in ("PR", "VI") for it in b["data"]), "500 miles of Adjuntas is the Caribbean"
    for radius in (1, 500):
        assert site.get(f"/api/v1/programs?zip=00601&radius={radius}").status_code == 200
    for radius in ("0", "501", "-1", "50miles", ""):
        assert_error(site.get(f"/api/v1/programs?zip=00601&radius={radius}"), 400, "invalid_parameter", "radius")
