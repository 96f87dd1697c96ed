"""The HTTP conventions of API.md, through nginx: envelopes, every error code, ETag/304,
HEAD, OPTIONS/CORS, fields, CSV."""
import csv
import io

import requests

from conftest import assert_error, body


def test_health_ok(site):
    r = site.get("/api/v1/health")
    assert r.status_code == 200
    b = body(r)
    assert b["status"] == "ok" and b["database"] == "ok"
    assert isinstance(b["data_version"], int) and b["data_version"] >= 1
    version = site.psql("SELECT version FROM hf.data_version").stdout.strip()
    assert b["data_version"] == int(version)


def test_institution_from_ipeds_hd(site):
    r = site.get("/api/v1/institutions/100654")
    assert r.status_code == 200, r.text
    b = body(r)
    d = b["data"]
    assert d["id"] == 100654
    assert d["name"] == "Alabama A & M University"
    assert d["city"] == "Normal" and d["state"] == "AL"
    assert d["control"] == "public"
    assert "AAMU" in d["aliases"]
    assert abs(d["location"]["lat"] - 34.783368) < 1e-6 and abs(d["location"]["lon"] + 86.568502) < 1e-6
    assert isinstance(d["programs"], list)
    assert "ipeds-hd-2024" in b["meta"]["sources"]
    assert isinstance(b["meta"]["data_version"], int)


def test_institution_not_found(site):
    assert_error(site.get("/api/v1/institutions/999999999"), 404, "not_found")


def test_bad_ids_are_not_found(site):
    for bad in ["abc", "0", "-1", "1.5", "99999999999999999999999", "1%20", "0100654"]:
        assert_error(site.get("/api/v1/institutions/" + bad), 404, "not_found")
    # nginx itself refuses a NUL in the path, in the same envelope.
    assert_error(site.get("/api/v1/institutions/1%00"), 400, "invalid_request")


def test_unknown_route(site):
    assert_error(site.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(site.get("/api/v2/health"), 404, "not_found")


def test_datasets_list_envelope(site):
    r = site.get("/api/v1/datasets")
    assert r.status_code == 200
    b = body(r)
    assert set(b) == {"data", "meta", "links"}
    ids = {d["id"] for d in b["data"]}
    assert "ipeds-hd-2024" in ids
    geo = [d for d in b["data"] if "geonames" in d["id"]]
    assert geo and "CC BY 4.0" in geo[0]["license"] and "GeoNames" in geo[0]["citation"]
    for d in b["data"]:
        assert set(d) >= {"id", "source_url", "vintage", "loaded_at", "row_count", "license", "citation"}
        assert isinstance(d["row_count"], int) and d["row_count"] >= 0
    hd = next(d for d in b["data"] if d["id"] == "ipeds-hd-2024")
    n = int(site.psql("SELECT count(*) FROM hf.institutions").stdout)
    assert hd["row_count"] == n
    m = b["meta"]
    assert m["total"] == len(b["data"]) and m["page"] == 1 and m["per_page"] == 20 and m["pages"] == 1
    assert b["links"]["prev"] is None and b["links"]["next"] is None
    assert b["links"]["self"].startswith("/api/v1/datasets")


def test_datasets_pagination(site):
    total = body(site.get("/api/v1/datasets"))["meta"]["total"]
    assert total >= 2
    b = body(site.get("/api/v1/datasets?per_page=1"))
    assert len(b["data"]) == 1 and b["meta"]["pages"] == total
    assert b["links"]["prev"] is None and "page=2" in b["links"]["next"]
    seen = [b["data"][0]["id"]]
    b2 = body(site.get(b["links"]["next"]))
    assert b2["meta"]["page"] == 2 and "page=1" in b2["links"]["prev"]
    seen.append(b2["data"][0]["id"])
    assert seen == sorted(seen), "datasets are ordered by id"
    past = site.get(f"/api/v1/datasets?page={total + 5}&per_page=1")
    assert past.status_code == 200 and body(past)["data"] == []


def test_unknown_parameter(site):
    e = assert_error(site.get("/api/v1/health?foo=1"), 400, "unknown_parameter", "foo")
    assert e["details"][0]["value"] == "1"


def test_duplicate_parameter(site):
    assert_error(site.get("/api/v1/datasets?page=1&page=2"), 400, "duplicate_parameter", "page")


def test_invalid_parameter_messages_name_the_range(site):
    for q in ["per_page=0", "per_page=101", "per_page=abc", "per_page=1.5", "per_page=", "per_page=5x",
              "page=0", "page=-1", "page=99999999999999999999"]:
        e = assert_error(site.get("/api/v1/datasets?" + q), 400, "invalid_parameter", q.split("=")[0])
        assert "1" in e["message"], e
    for q in ["per_page=%00", "page=1%00", "per_page=1%002"]:
        e = assert_error(site.get("/api/v1/datasets?" + q), 400, "invalid_parameter", q.split("=")[0])
        assert "NUL" in e["message"], e


def test_every_problem_is_reported(site):
    r = site.get("/api/v1/datasets?page=0&per_page=1000&bogus=1&page=2&fields=nope")
    e = assert_error(r, 400, "invalid_parameter", "page")
    got = sorted((d["code"], d["parameter"]) for d in e["details"])
    assert got == sorted([("invalid_parameter", "page"), ("invalid_parameter", "per_page"),
                          ("unknown_parameter", "bogus"), ("duplicate_parameter", "page"),
                          ("invalid_parameter", "fields")]), got


def test_bad_percent_encoding(site):
    assert_error(site.get("/api/v1/datasets?page=%zz"), 400, "invalid_parameter", "page")
    assert_error(site.get("/api/v1/datasets?page=1%"), 400, "invalid_parameter", "page")


def test_values_are_trimmed(site):
    assert site.get("/api/v1/datasets?per_page=%202%20").status_code == 200


def test_fields_projection(site):
    b = body(site.get("/api/v1/datasets?fields=id,license"))
    assert b["data"] and all(set(d) == {"id", "license"} for d in b["data"])
    one = body(site.get("/api/v1/institutions/100654?fields=name,state"))
    assert one["data"] == {"name": "Alabama A & M University", "state": "AL"}
    assert_error(site.get("/api/v1/institutions/100654?fields=name,sql"), 400, "invalid_parameter", "fields")


def test_csv(site):
    for r in (site.get("/api/v1/datasets?format=csv"),
              site.get("/api/v1/datasets", headers={"Accept": "text/csv"})):
        assert r.status_code == 200
        assert r.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert "ipeds-hd-2024" in {row["id"] for row in rows}
        assert {"id", "license", "row_count"} <= set(rows[0])
    assert_error(site.get("/api/v1/datasets?format=xml"), 400, "invalid_parameter", "format")


def test_method_not_allowed(site):
    for m in ["POST", "PUT", "DELETE", "PATCH"]:
        r = site.request(m, "/api/v1/health")
        assert_error(r, 405, "method_not_allowed")
        assert r.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_options_preflight(site):
    r = site.request("OPTIONS", "/api/v1/datasets", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204 and r.text == ""
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in r.headers["Access-Control-Allow-Methods"]


def test_not_acceptable(site):
    assert_error(site.get("/api/v1/health", headers={"Accept": "text/html"}), 406, "not_acceptable")
    assert site.get("/api/v1/health", headers={"Accept": "text/html, */*;q=0.1"}).status_code == 200


def test_uri_too_long(site):
    assert_error(site.get("/api/v1/datasets?fields=" + "a" * 5000), 414, "uri_too_long")
    # Past nginx's own limit: nginx answers, in the same envelope.
    assert_error(site.get("/api/v1/datasets?fields=" + "a" * 20000), 414, "uri_too_long")


def test_headers_on_200(site):
    r = site.get("/api/v1/datasets")
    h = r.headers
    assert h["Content-Type"] == "application/json; charset=utf-8"
    assert h["Cache-Control"] == "public, max-age=300"
    assert h["Access-Control-Allow-Origin"] == "*"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert "Accept" in h["Vary"] and "Origin" in h["Vary"]
    assert h["ETag"].startswith('"') or h["ETag"].startswith('W/"')
    assert h["Last-Modified"].endswith("GMT")
    assert "Server" not in h or "nginx/" not in h["Server"]


def test_errors_carry_cors(site):
    r = site.get("/api/v1/health?x=1")
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_etag_and_304(site):
    r = site.get("/api/v1/institutions/100654")
    tag = r.headers["ETag"]
    again = site.get("/api/v1/institutions/100654")
    assert again.headers["ETag"] == tag
    r304 = site.get("/api/v1/institutions/100654", headers={"If-None-Match": tag})
    assert r304.status_code == 304 and r304.content == b""
    assert r304.headers["ETag"] == tag
    assert site.get("/api/v1/institutions/100654", headers={"If-None-Match": f'"x", {tag}'}).status_code == 304
    assert site.get("/api/v1/institutions/100654", headers={"If-None-Match": '"other"'}).status_code == 200
    # The tag depends on the request: another resource or other parameters, another tag.
    assert site.get("/api/v1/institutions/100663").headers["ETag"] != tag
    assert site.get("/api/v1/institutions/100654?fields=name").headers["ETag"] != tag
    # Parameter order does not matter (canonical request).
    a = site.get("/api/v1/datasets?page=1&per_page=2").headers["ETag"]
    b = site.get("/api/v1/datasets?per_page=2&page=1").headers["ETag"]
    assert a == b


def test_etag_changes_with_data_version(site):
    tag = site.get("/api/v1/institutions/100654").headers["ETag"]
    before = body(site.get("/api/v1/health"))["data_version"]
    site.psql("SELECT hf_admin.bump_data_version()")
    after = site.wait_for(lambda: body(site.get("/api/v1/health"))["data_version"] > before and
                          site.get("/api/v1/institutions/100654").headers["ETag"] != tag, timeout=5)
    assert after, "a data load must change the data version and every ETag"
    assert site.get("/api/v1/institutions/100654", headers={"If-None-Match": tag}).status_code == 200


def test_head(site):
    g = site.get("/api/v1/institutions/100654")
    h = site.request("HEAD", "/api/v1/institutions/100654")
    assert h.status_code == 200 and h.content == b""
    for k in ["Content-Type", "ETag", "Cache-Control", "Last-Modified"]:
        assert h.headers[k] == g.headers[k]
    assert site.request("HEAD", "/api/v1/institutions/999999999").status_code == 404


def test_openapi(site):
    r = site.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = body(r)
    assert doc["openapi"].startswith("3.1")
    for p in ["/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/{id}", "/api/v1/openapi.json"]:
        assert p in doc["paths"], p


def test_static_page_and_nginx_404(site):
    r = site.get("/")
    assert r.status_code == 200 and "hitfinder" in r.text.lower()
    assert_error(site.get("/no-such-file.html"), 404, "not_found")


def test_every_body_is_json(site):
    for p in ["/api/v1/health", "/api/v1/datasets", "/api/v1/institutions/100654", "/api/v1/x",
              "/api/v1/datasets?page=a"]:
        body(site.get(p))
    assert requests.get(site.url("/api/v1/health"), timeout=5).json()
