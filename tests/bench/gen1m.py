#!/usr/bin/python3
"""tests/bench/gen1m.py -- the national-scale dataset of `make bench SCALE=1m` (issue 8).

    /usr/bin/python3 tests/bench/gen1m.py --source ../shared/data/raw --out var/bench/data-1m
        [--programs 1000000] [--institutions 14000] [--seed 8] [--force]

Writes a data folder with the layout of ../shared/data/raw, loaded by the SAME migrations
(`HITFINDER_DATA_DIR=var/bench/data-1m make migrate`). Deterministic: the same source, settings
and generator give byte-identical files (random.Random(seed), fixed iteration order). Standard
library only. A STAMP file records the settings and the hashes of the generator and the source
files; when it matches, nothing is regenerated. CONTENTS lists the sha256 of every file
written; make bench reloads the 1m cluster only when CONTENTS changes.

What is in it:

- Every real row of the real files (so the real institutions, programs, tuition rows and the
  transcribed CAHIIM list load exactly as with the real data), plus synthetic rows:
- ipeds/hd2024.csv: the real 72-column file + --institutions synthetic institutions. Each one
  copies a real HD row chosen uniformly (so states, CONTROL and every other column follow the
  real HD distribution), then gets a new UNITID (600001.., 6 digits, above the real maximum
  500555), a ZIP drawn uniformly from the GeoNames ZIPs of its state, that ZIP's place name as
  CITY, the ZIP centroid jittered by up to +-0.02 degrees as LATITUDE/LONGITUD, a name
  "<place> <kind>" (kinds weighted by how often real names of institutions with HIT programs
  end with them), and no real person's name, phone or identifiers (CHFNM, GENTELE, EIN, UEIS,
  OPEID blanked). Territories without GeoNames ZIPs keep the template's ZIP and point, jittered.
- ipeds/completions_hit_cip5107_5127_2020_2024.csv: the real file + the synthetic programs.
  The importer keys a program by UNITID x CIP x AWLEVEL over the 7 finder CIP codes and the 12
  award levels: at most 84 programs per institution. So 1,000,000 programs need at least 11,905
  institutions even if every institution offered every combination; the real data has 1,966
  programs over 1,053 institutions (1.9 each). The trade-off taken: --institutions 14,000
  (>= the issue's 7,000) at about 71 programs each on average (clamped normal, 12..84). Which
  combinations an institution has is a weighted draw without replacement, weighted by the count
  of each (CIP, AWLEVEL) among the real 2024 programs (+0.5 so every one is possible): the
  combinations it lacks are the rare ones. So field and degree shares are flatter than the real
  ones (certificate 4 of 12 AWLEVELs, doctorate 3 of 12) -- filters are less selective than in
  a real national file would be, i.e. pessimistic for the searches. Rows: the latest year
  (2024) always, each earlier year with the real probability that a 2024 program also has that
  year; CTOTALT/M/W triples drawn from the real program rows. MAJORNUM 1 only (as the real
  file). No synthetic rows of the non-finder CIP codes (the real ones stay).
- ipeds/ic2023_ay.csv: the real 235-column file (CRLF) + for each synthetic institution, with the
  real share of program institutions that have an IC_AY row, a copy of a real row (drawn
  uniformly) under the new UNITID.
- cahiim_partial/cahiim_programs_transcribed_partial.csv: the real 9 rows + synthetic
  accreditation rows (marked "synthetic" in evidence and confidence, example.org URLs) for 40%
  of the synthetic programs of the combinations CAHIIM accredits -- HIM (51.0706/51.0707) at
  associate, bachelor, post-baccalaureate certificate and master, HI (51.2706) at master -- so
  accredited, accreditation_status, delivery and eligible_for have national-scale counts.
- Every other file a migration reads (found by scanning sql/migrations/*.sql for @DATA_DIR@/):
  copied unchanged from --source (ZIP centroids, CIP and award-level lists, CIP-SOC, the real
  careers: OEWS, projections).
"""
import argparse
import csv
import glob
import hashlib
import io
import json
import math
import os
import random
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))

FINDER_CIPS = ["51.0706", "51.0707", "51.0713", "51.0714", "51.0721", "51.0723", "51.2706"]
AWLEVELS = [20, 21, 2, 3, 4, 5, 6, 7, 8, 17, 18, 19]
FIELD_TITLES = {"51.0706": "Health Information Management", "51.0707": "Health Information Technology",
                "51.0713": "Medical Coding", "51.0714": "Medical Billing",
                "51.0721": "Disease Registry Data Management",
                "51.0723": "Health Information Privacy and Security", "51.2706": "Health Informatics"}
# Name endings of real institutions, most specific first; the weights come from the real file.
KINDS = ["Community and Technical College", "Community College", "Technical Community College",
         "Technical College", "State Community College", "State University", "State College",
         "Institute of Technology", "Technical Institute", "Career Institute", "Career College",
         "College of Health Sciences", "School of Health Sciences", "Medical Institute",
         "Health Sciences University", "University", "College", "Institute", "Academy", "School"]
STREETS = ["Main", "College", "Campus", "University", "Oak", "Park", "Washington", "Lake", "Hill",
           "Maple", "Pine", "Cedar", "Elm", "Center", "Lincoln", "Jefferson", "Highland", "River"]
STREET_KINDS = ["Street", "Avenue", "Boulevard", "Road", "Drive", "Parkway", "Way"]
CAHIIM_COMBOS = {("51.0706", 3): ("HIM", "associate"), ("51.0706", 5): ("HIM", "baccalaureate"),
                 ("51.0706", 6): ("HIM", "post-baccalaureate certificate"),
                 ("51.0706", 7): ("HIM", "master's"),
                 ("51.0707", 3): ("HIM", "associate"), ("51.0707", 5): ("HIM", "baccalaureate"),
                 ("51.0707", 6): ("HIM", "post-baccalaureate certificate"),
                 ("51.0707", 7): ("HIM", "master's"),
                 ("51.2706", 7): ("HI", "master's")}
DELIVERIES = [("campus", 35), ("online (can be completed 100% online)", 35),
              ("campus and distance education", 15), ("not stated", 15)]
STATUSES = [("Continuing Accreditation", 80), ("Initial Accreditation", 12), ("Probation", 3),
            ("Candidacy", 5)]
FIRST_UNITID = 600001

HD = "ipeds/hd2024.csv"
COMPLETIONS = "ipeds/completions_hit_cip5107_5127_2020_2024.csv"
IC = "ipeds/ic2023_ay.csv"
CAHIIM = "cahiim_partial/cahiim_programs_transcribed_partial.csv"
GEONAMES = "zip_centroids/geonames_us_zip_2026-03.csv"
GENERATED = {HD, COMPLETIONS, IC, CAHIIM}


def log(msg):
    print("gen1m: " + msg, file=sys.stderr, flush=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def migration_files():
    """Every data file a migration names (@DATA_DIR@/path), sorted."""
    out = set()
    for p in sorted(glob.glob(os.path.join(TOP, "sql", "migrations", "*.sql"))):
        with open(p, encoding="utf-8") as f:
            out.update(re.findall(r"'@DATA_DIR@/([^']+)'", f.read()))
    return sorted(out)


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def sample_without_replacement(rng, items, weights, k):
    """Efraimidis-Spirakis: k items, probability proportional to weight, no repeats."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in zip(items, weights)), reverse=True)
    return [i for _, i in keyed[:k]]


def read_csv(path, newline=""):
    with open(path, newline=newline, encoding="utf-8") as f:
        return list(csv.reader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, help="the real data folder (../shared/data/raw)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--programs", type=int, default=1000000, help="programs in total (real + synthetic)")
    ap.add_argument("--institutions", type=int, default=14000, help="synthetic institutions")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    src = os.path.abspath(args.source)
    out = os.path.abspath(args.out)
    files = migration_files()
    for f in files:
        if not os.path.exists(os.path.join(src, f)):
            sys.exit("gen1m: %s has no %s (a migration reads it)" % (src, f))
    stamp = json.dumps({"generator": sha256_file(os.path.abspath(__file__)),
                        "programs": args.programs, "institutions": args.institutions,
                        "seed": args.seed, "source": src,
                        "files": {f: sha256_file(os.path.join(src, f)) for f in files}},
                       indent=1, sort_keys=True)
    stamp_path = os.path.join(out, "STAMP")
    if not args.force and os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if f.read() == stamp:
                log("%s is up to date" % out)
                return
    t0 = time.monotonic()
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    rng = random.Random(args.seed)

    for f in files:
        if f not in GENERATED:
            os.makedirs(os.path.dirname(os.path.join(out, f)), exist_ok=True)
            shutil.copyfile(os.path.join(src, f), os.path.join(out, f))
    for f in GENERATED:
        os.makedirs(os.path.dirname(os.path.join(out, f)), exist_ok=True)

    # --- the real files -------------------------------------------------------------------
    hd = read_csv(os.path.join(src, HD))
    hd_head, hd_rows = hd[0], hd[1:]
    col = {n: i for i, n in enumerate(hd_head)}
    real_ids = {int(r[col["UNITID"]]) for r in hd_rows}
    comp = read_csv(os.path.join(src, COMPLETIONS))
    c_head, c_rows = comp[0], comp[1:]
    cc = {n: i for i, n in enumerate(c_head)}
    latest = max(int(r[cc["SURVEY_YEAR"]]) for r in c_rows)
    years = list(range(latest - 4, latest + 1))
    finder = set(FINDER_CIPS)
    progs = [r for r in c_rows if r[cc["SURVEY_YEAR"]] == str(latest) and r[cc["MAJORNUM"]] == "1"
             and r[cc["CIPCODE"]] in finder]
    real_programs = len(progs)
    combo_count = {}
    for r in progs:
        k = (r[cc["CIPCODE"]], int(r[cc["AWLEVEL"]]))
        combo_count[k] = combo_count.get(k, 0) + 1
    combos = [(c, a) for c in FINDER_CIPS for a in AWLEVELS]
    combo_w = [combo_count.get(k, 0) + 0.5 for k in combos]
    keys_by_year = {}
    for r in c_rows:
        if r[cc["MAJORNUM"]] == "1" and r[cc["CIPCODE"]] in finder:
            keys_by_year.setdefault(int(r[cc["SURVEY_YEAR"]]), set()).add(
                (r[cc["UNITID"]], r[cc["CIPCODE"]], r[cc["AWLEVEL"]]))
    latest_keys = keys_by_year.get(latest, set())
    year_p = {y: (len(latest_keys & keys_by_year.get(y, set())) / len(latest_keys) if latest_keys else 0.8)
              for y in years if y != latest}
    triples = [(r[cc["CTOTALT"]], r[cc["CTOTALM"]], r[cc["CTOTALW"]]) for r in c_rows
               if r[cc["CIPCODE"]] in finder and r[cc["MAJORNUM"]] == "1"]

    # kinds of names, weighted by the real names of institutions with programs
    prog_ids = {r[cc["UNITID"]] for r in progs}
    kind_n = {k: 1 for k in KINDS}
    for r in hd_rows:
        if r[col["UNITID"]] in prog_ids:
            name = r[col["INSTNM"]].split("-")[0].strip()
            for k in KINDS:
                if name.endswith(k):
                    kind_n[k] += 1
                    break
            else:
                kind_n["College"] += 1
    kinds = [(k, kind_n[k]) for k in KINDS]

    # GeoNames ZIPs by state
    zips = {}
    for r in read_csv(os.path.join(src, GEONAMES))[1:]:
        if len(r) >= 11 and r[4] and re.match(r"^[0-9]{5}$", r[1]):
            try:
                zips.setdefault(r[4], []).append((r[1], r[2], float(r[9]), float(r[10])))
            except ValueError:
                pass

    # IC_AY: raw lines (CRLF kept), and which real program institutions have one
    with open(os.path.join(src, IC), "rb") as f:
        ic_raw = f.read()
    ic_lines = ic_raw.split(b"\r\n")
    if ic_lines and ic_lines[-1] == b"":
        ic_lines.pop()
    ic_body = ic_lines[1:]
    ic_ids = {l.split(b",", 1)[0].decode() for l in ic_body}
    ic_share = len(prog_ids & ic_ids) / len(prog_ids) if prog_ids else 0.6

    # --- synthetic institutions -------------------------------------------------------------
    n_inst = args.institutions
    target = args.programs - real_programs
    if target > 84 * n_inst:
        sys.exit("gen1m: %d programs need at least %d institutions (84 each at most)" % (
            target, math.ceil(target / 84)))
    mean = target / n_inst
    ks = [max(12, min(84, round(rng.gauss(mean, 9)))) for _ in range(n_inst)]
    diff = target - sum(ks)
    while diff != 0:
        i = rng.randrange(n_inst)
        if diff > 0 and ks[i] < 84:
            ks[i] += 1
            diff -= 1
        elif diff < 0 and ks[i] > 12:
            ks[i] -= 1
            diff += 1

    insts = []
    unitid = FIRST_UNITID
    used_names = set(r[col["INSTNM"]] for r in hd_rows)
    hd_out = io.StringIO()
    w = csv.writer(hd_out, lineterminator="\n")
    for i in range(n_inst):
        while unitid in real_ids:
            unitid += 1
        t = list(rng.choice(hd_rows))
        st = t[col["STABBR"]]
        cand = zips.get(st)
        if cand:
            z, place, lat, lon = rng.choice(cand)
        else:
            z, place = t[col["ZIP"]][:5], t[col["CITY"]]
            lat = float(t[col["LATITUDE"]] or 0) or 0.0
            lon = float(t[col["LONGITUD"]] or 0) or 0.0
        lat += rng.uniform(-0.02, 0.02)
        lon += rng.uniform(-0.02, 0.02)
        name = "%s %s" % (place, weighted(rng, kinds))
        if name in used_names:
            other = rng.choice(cand)[1] if cand else "North"
            name = "%s-%s" % (name, other)
            n = 2
            while name in used_names:
                name = "%s-%s %d" % (name.rsplit("-", 1)[0], other, n)
                n += 1
        used_names.add(name)
        slug = re.sub(r"[^a-z0-9]+", "", name.lower())[:40]
        t[col["UNITID"]] = str(unitid)
        t[col["INSTNM"]] = name
        t[col["IALIAS"]] = ""
        t[col["ADDR"]] = "%d %s %s" % (rng.randint(1, 9999), rng.choice(STREETS), rng.choice(STREET_KINDS))
        t[col["CITY"]] = place
        t[col["ZIP"]] = z
        for c in ("CHFNM", "GENTELE", "EIN", "UEIS", "OPEID"):
            t[col[c]] = ""
        t[col["CHFTITLE"]] = "President"
        t[col["WEBADDR"]] = "www.%s.edu/" % slug
        for c in ("ADMINURL", "FAIDURL", "APPLURL", "NPRICURL", "VETURL", "ATHURL", "DISAURL"):
            t[col[c]] = ""
        for c in ("NEWID", "DEATHYR", "CLOSEDAT"):
            t[col[c]] = "-2"
        t[col["CYACTIVE"]] = "1"
        t[col["LATITUDE"]] = "%.6f" % lat
        t[col["LONGITUD"]] = "%.6f" % lon
        w.writerow(t)
        insts.append((unitid, name, place, st, ks[i]))
        unitid += rng.randint(1, 20)
    if unitid > 999999:
        sys.exit("gen1m: UNITIDs ran past 6 digits; fewer --institutions")
    with open(os.path.join(src, HD), "rb") as f:
        real_hd = f.read()
    with open(os.path.join(out, HD), "wb") as f:
        f.write(real_hd)
        if not real_hd.endswith(b"\n"):
            f.write(b"\n")
        f.write(hd_out.getvalue().encode("utf-8"))
    log("%s: %d real + %d synthetic institutions" % (HD, len(hd_rows), n_inst))

    # --- programs: completions rows ------------------------------------------------------------
    per_year = {y: [] for y in years}
    cahiim = []
    total = 0
    for unitid, name, place, st, k in insts:
        chosen = sorted(sample_without_replacement(rng, combos, combo_w, k))
        for cip, aw in chosen:
            total += 1
            for y in years:
                if y == latest or rng.random() < year_p[y]:
                    tt, mm, ww = rng.choice(triples)
                    per_year[y].append("%d,%d,%s,1,%d,%s,%s,%s\n" % (y, unitid, cip, aw, tt, mm, ww))
            cz = CAHIIM_COMBOS.get((cip, aw))
            if cz and rng.random() < 0.4:
                cahiim.append((unitid, name, place, st, cip, aw, cz))
    with open(os.path.join(src, COMPLETIONS), "rb") as f:
        real_c = f.read()
    n_rows = 0
    with open(os.path.join(out, COMPLETIONS), "wb") as f:
        f.write(real_c)
        if not real_c.endswith(b"\n"):
            f.write(b"\n")
        for y in years:
            f.write("".join(per_year[y]).encode("ascii"))
            n_rows += len(per_year[y])
    log("%s: %d real programs + %d synthetic (%d rows over %d-%d)" % (
        COMPLETIONS, real_programs, total, n_rows, years[0], latest))
    del per_year

    # --- IC_AY ---------------------------------------------------------------------------------
    with open(os.path.join(out, IC), "wb") as f:
        f.write(ic_raw)
        if not ic_raw.endswith(b"\r\n"):
            f.write(b"\r\n")
        n_ic = 0
        for unitid, *_ in insts:
            if rng.random() < ic_share:
                line = rng.choice(ic_body)
                f.write(str(unitid).encode() + b"," + line.split(b",", 1)[1] + b"\r\n")
                n_ic += 1
    log("%s: %d real rows + %d copies under synthetic UNITIDs" % (IC, len(ic_body), n_ic))

    # --- CAHIIM (transcribed layout) -------------------------------------------------------------
    with open(os.path.join(src, CAHIIM), "rb") as f:
        real_a = f.read()
    a_out = io.StringIO()
    w = csv.writer(a_out, lineterminator="\n")
    for unitid, name, place, st, cip, aw, (ptype, degree) in cahiim:
        d = "%04d-%02d-%02d" % (rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28))
        w.writerow([unitid, name, place, st, FIELD_TITLES[cip], degree, ptype, cip,
                    weighted(rng, DELIVERIES), "CAHIIM", weighted(rng, STATUSES), d,
                    "synthetic row of tests/bench/gen1m.py: not a real accreditation",
                    "https://www.example.org/hitfinder-bench/%d/%s/%d" % (unitid, cip, aw), "synthetic"])
    with open(os.path.join(out, CAHIIM), "wb") as f:
        f.write(real_a)
        if not real_a.endswith(b"\n"):
            f.write(b"\n")
        f.write(a_out.getvalue().encode("utf-8"))
    log("%s: 9 real + %d synthetic accreditation rows" % (CAHIIM, len(cahiim)))

    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("Generated by tests/bench/gen1m.py (see its docstring) from %s: %d programs "
                "(%d real + %d synthetic) over %d real + %d synthetic institutions. Synthetic "
                "rows are not real institutions, programs or accreditations.\n" % (
                    src, real_programs + total, real_programs, total, len(hd_rows), n_inst))
    # CONTENTS: the hash of every file written; make bench reloads its cluster when it changes
    # (a change of the generator that does not change its output does not force a reload).
    names = sorted(os.path.relpath(os.path.join(d, n), out) for d, _, ns in os.walk(out) for n in ns
                   if n not in ("STAMP", "CONTENTS"))
    with open(os.path.join(out, "CONTENTS"), "w") as f:
        for n in names:
            f.write("%s  %s\n" % (sha256_file(os.path.join(out, n)), n))
    with open(stamp_path, "w") as f:
        f.write(stamp)
    log("%s written in %.1f s" % (out, time.monotonic() - t0))


if __name__ == "__main__":
    main()
