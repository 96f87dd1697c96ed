"""The official files the suite checks the API against, read straight from
$HITFINDER_DATA_DIR (the full public files in ../shared/data/raw, or the repository's sample
of real rows): the tests compute their expectations from the files, never from the database."""
import csv
import functools
import math
import os

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.environ.get("HITFINDER_DATA_DIR") or (
    os.path.abspath(os.path.join(TOP, "..", "shared", "data", "raw"))
    if os.path.exists(os.path.join(TOP, "..", "shared", "data", "raw", "ipeds", "hd2024.csv"))
    else os.path.join(TOP, "sql", "data", "sample"))

FIELDS = {"51.0706": "health_information_management", "51.0707": "health_information_technology",
          "51.0713": "medical_coding", "51.0714": "medical_billing", "51.0721": "disease_registry",
          "51.0723": "health_information_privacy_security", "51.2706": "health_informatics"}
DEGREES = {2: "certificate", 4: "certificate", 20: "certificate", 21: "certificate", 3: "associate",
           5: "bachelor", 6: "post_baccalaureate_certificate", 7: "master", 8: "post_master_certificate",
           17: "doctorate", 18: "doctorate", 19: "doctorate"}
UNDERGRAD = {"certificate", "associate", "bachelor"}


def _rows(rel):
    with open(os.path.join(DATA, rel), newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


@functools.lru_cache(None)
def institutions():
    """UNITID -> HD row."""
    return {int(r["UNITID"]): r for r in _rows("ipeds/hd2024.csv")}


@functools.lru_cache(None)
def programs():
    """(UNITID, CIP, AWLEVEL) -> {degree, field, awards} for the latest survey year, first majors."""
    rows = _rows("ipeds/completions_hit_cip5107_5127_2020_2024.csv")
    latest = max(int(r["SURVEY_YEAR"]) for r in rows)
    out = {}
    for r in rows:
        if int(r["SURVEY_YEAR"]) != latest or r["MAJORNUM"] != "1" or r["CIPCODE"] not in FIELDS:
            continue
        aw = int(r["AWLEVEL"])
        out[(int(r["UNITID"]), r["CIPCODE"], aw)] = {
            "degree": DEGREES[aw], "field": FIELDS[r["CIPCODE"]], "awards": int(r["CTOTALT"])}
    return out


@functools.lru_cache(None)
def charges():
    """UNITID -> IC2023_AY row."""
    return {int(r["UNITID"]): r for r in _rows("ipeds/ic2023_ay.csv")}


def tuition(unitid, degree):
    """(in_state, out_of_state) tuition + fees as the API must answer them, None where not reported."""
    r = charges().get(unitid)
    if r is None:
        return None, None
    def add(a, b):
        try:
            return int(r[a].strip()) + int(r[b].strip())
        except (ValueError, KeyError):
            return None
    if degree in UNDERGRAD:
        return add("TUITION2", "FEE2"), add("TUITION3", "FEE3")
    return add("TUITION6", "FEE6"), add("TUITION7", "FEE7")


@functools.lru_cache(None)
def cahiim():
    return _rows("cahiim_partial/cahiim_programs_transcribed_partial.csv")


def state_of(unitid):
    return institutions()[unitid]["STABBR"]


def miles(lat1, lon1, lat2, lon2):
    """Great-circle distance in miles (earth radius as earthdistance's default, 6378168 m)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6378168 * math.asin(math.sqrt(a)) / 1609.344


@functools.lru_cache(None)
def zip_point(z):
    for r in _rows("zip_centroids/geonames_us_zip_2026-03.csv"):
        if r["postal_code"] == z:
            return float(r["latitude"]), float(r["longitude"])
    return None


def _num(v):
    """A BLS cell as a number: thousands separators and $ dropped; None for markers and blanks."""
    v = (v or "").strip().replace(",", "").replace("$", "").rstrip("%")
    try:
        return float(v)
    except ValueError:
        return None


@functools.lru_cache(None)
def oews_national():
    """SOC -> the national OEWS row (cross-industry, all ownerships)."""
    return {r["OCC_CODE"]: r for r in _rows("bls_oews/national_M2025_dl.csv")
            if r["AREA_TYPE"] == "1" and r["I_GROUP"] == "cross-industry"}


@functools.lru_cache(None)
def oews_state_means():
    """(state name, SOC) -> the row of the mean-wage-only state file."""
    return {(r["AREA_TITLE"], r["OCC_CODE"]): r for r in _rows("bls_oews/state_M2023_mean_wages_all_occ.csv")}


@functools.lru_cache(None)
def projections_national():
    """SOC -> table 1.2 row."""
    rows = _rows("bls_projections/bls_ep_table1_2_occupational_projections_2024-2034.csv")
    return {r["2024 National Employment Matrix code"]: r for r in rows}


@functools.lru_cache(None)
def projections_ca():
    return {r["SOC Code[2]"]: r for r in _rows("bls_projections/ca_edd_long_term_occ_projections_2023-2033.csv")}
