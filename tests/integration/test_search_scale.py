"""The national-scale search shapes (issue 8, migration 0026) give the answers of the plain SQL.

Searches whose filters are all columns of the facet cube take their total and facets from
hf.program_facets and their page from an index-ordered LIMIT (or, unfiltered in the default
order, from hf.program_name_order); the career profile sums hf.program_cip_counts. Each is
checked here against a direct query of hf.program_search / hf.program_careers (the oracle).
"""
import urllib.parse

import pytest

from conftest import body

LISTS = {  # API parameter -> read-model column
    "state": "state", "degree": "degree", "field": "field", "delivery": "delivery",
    "accreditation_status": "accreditation_status", "control": "control",
}
ORDERS = {  # sort -> ORDER BY of the general statement (FRAG_O_* then id)
    "name": "name_sort, id", "-name": "name_sort DESC, id",
    "state": "state, name_sort, id", "-state": "state DESC NULLS LAST, name_sort, id",
    "tuition": "tuition_in_state, id", "-tuition": "tuition_in_state DESC NULLS LAST, id",
}


def lit(values):
    return "'{" + ",".join('"%s"' % v for v in values) + "}'"


def where(params, skip=None):
    """The filters of params as SQL over hf.program_search (test values only: no quoting needed)."""
    w = ["true"]
    for name, col in LISTS.items():
        if name in params and name != skip:
            vals = params[name].split(",")
            if name == "state":
                vals = [v.upper() for v in vals]
            w.append("%s = ANY(%s::text[])" % (col, lit(vals)))
    if "eligible_for" in params and skip != "eligible_for":
        w.append("eligible_certifications && %s::text[]" % lit(params["eligible_for"].upper().split(",")))
    if "accredited" in params:
        w.append("accredited = %s" % params["accredited"])
    return " AND ".join(w)


def rows(site, sql):
    out = site.psql(sql).stdout.strip()
    return [line.split("|") for line in out.splitlines()] if out else []


def get(site, params):
    r = site.get("/api/v1/programs?" + urllib.parse.urlencode(params))
    assert r.status_code == 200, r.text
    return body(r)


def facet_oracle(site, params, facet):
    if facet == "eligible_for":
        sql = ("SELECT e.code, count(*) FROM hf.program_search s CROSS JOIN LATERAL "
               "unnest(s.eligible_certifications) AS e(code) WHERE %s "
               "GROUP BY e.code ORDER BY count(*) DESC, e.code::text" % where(params, facet))
    else:
        col = "state" if facet == "state" else LISTS[facet]
        sql = ("SELECT %s::text, count(*) FROM hf.program_search WHERE %s AND %s IS NOT NULL "
               "GROUP BY 1 ORDER BY count(*) DESC, 1" % (col, where(params, facet), col))
    return [{"value": v, "count": int(n)} for v, n in rows(site, sql)]


CASES = [
    {},
    {"state": "OH", "degree": "associate"},
    {"state": "oh,pa", "sort": "-name"},
    {"degree": "bachelor,master", "sort": "state"},
    {"field": "health_informatics", "sort": "-state"},
    {"control": "public", "sort": "tuition"},
    {"control": "private_for_profit", "sort": "-tuition"},
    {"accredited": "true"},
    {"accredited": "false", "degree": "associate", "state": "TX"},
    {"eligible_for": "RHIT,RHIA"},
    {"accreditation_status": "none", "delivery": "online"},
    {"state": "AS", "degree": "doctorate"},  # (likely) no program: empty page, total 0
]


@pytest.mark.parametrize("params", CASES, ids=lambda p: urllib.parse.urlencode(p) or "all")
def test_cube_searches_match_the_plain_sql(site, params):
    order = ORDERS[params.get("sort", "name")]
    want = [int(r[0]) for r in rows(site, "SELECT id FROM hf.program_search WHERE %s ORDER BY %s"
                                    % (where(params), order))]
    got, page = [], 1
    while True:
        b = get(site, dict(params, per_page=100, page=page))
        assert b["meta"]["total"] == len(want)
        got += [item["id"] for item in b["data"]]
        if b["links"]["next"] is None:
            break
        page += 1
    assert got == want


@pytest.mark.parametrize("params", [
    {},
    {"state": "OH"},
    {"state": "OH,PA", "degree": "associate"},
    {"eligible_for": "RHIT", "control": "public"},
    {"accredited": "true", "field": "health_information_management"},
], ids=lambda p: urllib.parse.urlencode(p) or "all")
def test_cube_facets_match_the_plain_sql(site, params):
    facets = ["state", "degree", "field", "delivery", "accreditation_status", "control", "eligible_for"]
    b = get(site, dict(params, facets=",".join(facets), per_page=1))
    for f in facets:
        assert b["meta"]["facets"][f] == facet_oracle(site, params, f), f
    total = rows(site, "SELECT count(*) FROM hf.program_search WHERE %s" % where(params))[0][0]
    assert b["meta"]["total"] == int(total)


def test_unfiltered_deep_pages_follow_the_default_order(site):
    n = int(rows(site, "SELECT count(*) FROM hf.program_search")[0][0])
    for per_page, page in ((20, 1), (7, 50), (20, (n - 1) // 20 + 1), (20, (n - 1) // 20 + 2)):
        want = [int(r[0]) for r in rows(site, "SELECT id FROM hf.program_search ORDER BY name_sort, id "
                                        "LIMIT %d OFFSET %d" % (per_page, (page - 1) * per_page))]
        b = get(site, {"per_page": per_page, "page": page})
        assert [item["id"] for item in b["data"]] == want
        assert b["meta"]["total"] == n


def test_the_aggregates_are_those_of_the_read_model(site):
    # The cube, the order and the CIP counts, recomputed from their sources: no difference.
    assert rows(site, """
        SELECT count(*) FROM (
          (SELECT state, degree, field, delivery, accreditation_status, control, accredited,
                  eligible_certifications, count(*)::integer FROM hf.program_search
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
           EXCEPT ALL SELECT state, degree, field, delivery, accreditation_status, control,
                  accredited, eligible_certifications, n FROM hf.program_facets)
          UNION ALL
          (SELECT state, degree, field, delivery, accreditation_status, control, accredited,
                  eligible_certifications, n FROM hf.program_facets
           EXCEPT ALL SELECT state, degree, field, delivery, accreditation_status, control,
                  accredited, eligible_certifications, count(*)::integer FROM hf.program_search
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)) d""") == [["0"]]
    assert rows(site, """
        SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY name_sort, id) AS pos, id
                                FROM hf.program_search) s
        FULL JOIN hf.program_name_order o ON o.pos = s.pos
        WHERE o.id IS DISTINCT FROM s.id""") == [["0"]]
    assert rows(site, """
        SELECT count(*) FROM (SELECT cip_code, count(*) AS n FROM hf.programs GROUP BY 1) p
        FULL JOIN hf.program_cip_counts c ON c.cip_code = p.cip_code
        WHERE c.programs IS DISTINCT FROM p.n""") == [["0"]]


def test_career_program_count_is_that_of_program_careers(site):
    socs = [r[0] for r in rows(site, "SELECT soc FROM hf.career_search ORDER BY soc")]
    assert socs
    for soc in socs:
        want = rows(site, "SELECT count(DISTINCT program_id) FROM hf.program_careers WHERE soc = '%s'"
                    % soc)[0][0]
        r = site.get("/api/v1/careers/" + soc)
        assert r.status_code == 200, r.text
        assert body(r)["data"]["program_count"] == int(want), soc


@pytest.mark.parametrize("params", [
    {"zip": "60601"},
    {"zip": "43210", "radius": "25", "sort": "-distance"},
    {"zip": "60601", "radius": "500", "per_page": "100", "page": "3"},
    {"zip": "99950", "radius": "1"},
], ids=lambda p: urllib.parse.urlencode(p))
def test_near_searches_match_the_plain_sql(site, params):
    z = rows(site, "SELECT lat, lon FROM hf.zip_codes WHERE zip = '%s'" % params["zip"])
    assert z, params["zip"]
    o = "public.ll_to_earth(%s, %s)" % tuple(z[0])
    r = "%s * 1609.344" % params.get("radius", "50")
    order = "d, id" if params.get("sort") != "-distance" else "d DESC NULLS LAST, id"
    per_page, page = int(params.get("per_page", 20)), int(params.get("page", 1))
    want = rows(site, """
        SELECT id, round((d / 1609.344)::numeric, 1), count(*) OVER ()
          FROM (SELECT id, public.earth_distance(%s, geo) AS d FROM hf.program_search
                 WHERE public.earth_box(%s, %s) @> geo AND public.earth_distance(%s, geo) <= %s) x
         ORDER BY %s""" % (o, o, r, o, r, order))
    b = get(site, params)
    assert b["meta"]["total"] == (int(want[0][2]) if want else 0)
    page_rows = want[(page - 1) * per_page:page * per_page]
    assert [(i["id"], i["distance_miles"]) for i in b["data"]] == \
        [(int(i), float(m)) for i, m, _ in page_rows]


@pytest.mark.parametrize("params", [
    {"q": "informatics"},
    {"q": "infomatics"},  # corrected: meta.query
    {"q": "health inf", "sort": "-relevance"},
    {"q": "community college"},
    {"q": "chicago"},
    {"q": "--"},  # no word: nothing
], ids=lambda p: urllib.parse.urlencode(p))
def test_q_searches_match_the_plain_sql(site, params):
    q = params["q"].replace("'", "''")
    order = "r DESC, id" if params.get("sort") != "-relevance" else "r, id"
    want = [int(r[0]) for r in rows(site, """
        SELECT id FROM (SELECT s.id, ts_rank_cd(s.tsv, q.tsq) AS r
                          FROM hf.program_search s, hf.program_query('%s') q
                         WHERE s.tsv @@ q.tsq) x ORDER BY %s""" % (q, order))]
    corrected = rows(site, "SELECT coalesce(corrected, '-'), coalesce(did_you_mean, '-') "
                           "FROM hf.program_query('%s')" % q)[0]
    got, page = [], 1
    while True:
        b = get(site, dict(params, per_page=100, page=page))
        assert b["meta"]["total"] == len(want)
        if corrected[0] == "-":
            assert "query" not in b["meta"]
        else:
            assert b["meta"]["query"] == {"q": params["q"], "corrected": corrected[0],
                                          "did_you_mean": corrected[1]}
        got += [item["id"] for item in b["data"]]
        if b["links"]["next"] is None:
            break
        page += 1
    assert got == want
    # A page in the middle, at an odd size: the docs it overlaps are cut right.
    if len(want) > 30:
        b = get(site, dict(params, per_page=7, page=3))
        assert [item["id"] for item in b["data"]] == want[14:21]


@pytest.mark.parametrize("params", [
    {"q": "health", "state": "IL"},
    {"q": "college", "state": "OH,PA", "control": "public"},
    {"q": "informatics", "field": "health_informatics,health_information_management"},
    {"q": "community", "city": "Chicago"},
], ids=lambda p: urllib.parse.urlencode(p))
def test_q_searches_with_doc_filters_match_the_plain_sql(site, params):
    q = params["q"].replace("'", "''")
    w = where({k: v for k, v in params.items() if k in LISTS})
    if "city" in params:
        w += " AND city_key = lower(public.unaccent('%s'))" % params["city"]
    want = [int(r[0]) for r in rows(site, """
        SELECT id FROM (SELECT s.id, ts_rank_cd(s.tsv, q.tsq) AS r, s.state, s.control, s.field,
                               s.city_key
                          FROM hf.program_search s, hf.program_query('%s') q
                         WHERE s.tsv @@ q.tsq) x WHERE %s ORDER BY r DESC, id""" % (q, w))]
    got, page = [], 1
    while True:
        b = get(site, dict(params, per_page=50, page=page))
        assert b["meta"]["total"] == len(want)
        got += [item["id"] for item in b["data"]]
        if b["links"]["next"] is None:
            break
        page += 1
    assert got == want
