#!/usr/bin/env bash
# sql/test-careers.sh: end-to-end tests of the career lookup's importers and read
# model (sql/migrations/0020 and later), against a running PostgreSQL cluster.
#
# Environment:
#   PGHOST, PGPORT, PGUSER   libpq connection of a SUPERUSER; the roles
#                            hitfinder_owner/hitfinder_reader must be able to connect
#                            the same way (trust on a private socket, or ~/.pgpass)
#   HITFINDER_DATA_DIR       the data folder to load: sql/data/sample or the full
#                            ../shared/data/raw (required)
#   HITFINDER_TEST_BASE      'all' (default): the base database gets every migration
#                            numbered below the career migrations; 'core': only
#                            0001-0005 (to test the careers while other migrations
#                            are being written)
#
# The expected figures are computed here from the official files themselves (with
# /usr/bin/python3), never hard-coded. A base database is migrated once up to the
# career migrations; each case works in a copy of it (hf_c_<pid>_<n>, CREATE
# DATABASE ... TEMPLATE); every scratch database is dropped at the end. Prints
# "ok <case>" or "fail <case>" (followed by what went wrong), then
# "<passed> passed, <failed> failed"; exits 1 if any case failed.

set -uo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
migrate="$here/migrate"
bootstrap="$here/bootstrap.sql"
owner=hitfinder_owner
reader=hitfinder_reader
prefix="hf_c_$$"
python=/usr/bin/python3
# The career migrations are 0020 and later (0020_career_importers.sql first).
career_first=20

if [[ -z ${HITFINDER_DATA_DIR:-} || ! -d ${HITFINDER_DATA_DIR:-} ]]; then
	echo "test-careers: set HITFINDER_DATA_DIR to a data folder (sql/data/sample or ../shared/data/raw)" >&2
	exit 2
fi
data_dir=$(cd -- "$HITFINDER_DATA_DIR" && pwd -P)
base_kind=${HITFINDER_TEST_BASE:-all}
unset PGDATABASE HITFINDER_MIGRATIONS_DIR

national_csv=bls_oews/national_M2025_dl.csv
state_csv=bls_oews/state_M2023_mean_wages_all_occ.csv
ep_csv=bls_projections/bls_ep_table1_2_occupational_projections_2024-2034.csv
edd_csv=bls_projections/ca_edd_long_term_occ_projections_2023-2033.csv

work=$(mktemp -d "${TMPDIR:-/tmp}/hf-test-careers.XXXXXX")
dbs=()
ndb=0
passed=0
failed=0

# cleanup: drop every scratch database and the work folder.
cleanup() {
	local db
	for db in "${dbs[@]}"; do
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
	done
	rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# sq DB SQL: run SQL as the superuser in DB, print the unaligned result.
sq() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# as_owner DB: psql as the owner in DB reading SQL from stdin (one transaction).
as_owner() {
	PGUSER=$owner psql -X -q -At -v ON_ERROR_STOP=1 -1 -d "$1"
}

# as_reader DB SQL: run SQL as the reader; prints psql's output, returns its status.
as_reader() {
	PGUSER=$reader psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1
}

# py: run /usr/bin/python3 on the script given on stdin with the arguments.
py() {
	"$python" - "$@"
}

# copy_migrations DEST LO HI: copy the migrations with LO <= version <= HI into DEST.
copy_migrations() {
	local dest=$1 lo=$2 hi=$3 f v
	mkdir -p "$dest"
	for f in "$here"/migrations/[0-9]*.sql; do
		v=${f##*/}
		v=$((10#${v%%_*}))
		if ((v >= lo && v <= hi)); then cp -- "$f" "$dest/"; fi
	done
	return 0
}

# migrations_upto N: a folder with the base migrations and the career migrations
# up to version N (N = 9999: all); prints its path.
migrations_upto() {
	local d="$work/mig-upto-$1"
	if [[ ! -d $d ]]; then
		if [[ $base_kind == core ]]; then
			copy_migrations "$d" 1 5
		else
			copy_migrations "$d" 1 $((career_first - 1))
		fi
		copy_migrations "$d" "$career_first" "$1"
	fi
	echo "$d"
}

# run_migrate DB MIGRATIONS_DIR DATA_DIR [ARGS...]: sql/migrate as the owner.
run_migrate() {
	local db=$1 mdir=$2 ddir=$3
	shift 3
	PGUSER=$owner PGDATABASE=$db HITFINDER_MIGRATIONS_DIR=$mdir HITFINDER_DATA_DIR=$ddir "$migrate" "$@"
}

base_db="${prefix}_base"
# make_base: bootstrap the base database and apply every migration before the
# career ones (it is only ever used as a template).
make_base() {
	dbs+=("$base_db")
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -v dbname="$base_db" -f "$bootstrap" || return 1
	run_migrate "$base_db" "$(migrations_upto 0)" "$data_dir" up >"$work/base.out" 2>&1 ||
		{ cat "$work/base.out"; return 1; }
}

# new_db [TEMPLATE]: a copy of the base database (or of TEMPLATE); sets $db to
# its name.
new_db() {
	local template=${1:-$base_db}
	ndb=$((ndb + 1))
	db="${prefix}_$ndb"
	dbs+=("$db")
	psql -X -q -v ON_ERROR_STOP=1 -d postgres \
		-c "CREATE DATABASE \"$db\" OWNER $owner TEMPLATE \"$template\"" >/dev/null || return 1
	# database privileges are not copied from a template: bootstrap sets them again
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -v dbname="$db" -f "$bootstrap"
}

# expect COND MESSAGE: record MESSAGE as a failure of the current case if the
# shell condition string COND is false.
expect() {
	if ! eval "$1"; then
		echo "expected: $2" >>"$case_log"
		case_ok=0
	fi
}

# same NAME GOT WANT: expect two multi-line texts to be equal (shows a diff).
same() {
	if [[ $2 != "$3" ]]; then
		{ echo "expected: $1 (< database, > file)"; diff <(echo "$2") <(echo "$3") | head -20; } >>"$case_log"
		case_ok=0
	fi
}

# run_case NAME FUNCTION: run one case, print ok/fail and its log on failure.
run_case() {
	case_log="$work/$1.log"
	: >"$case_log"
	case_ok=1
	"$2" >>"$case_log" 2>&1 || case_ok=0
	if ((case_ok)); then
		echo "ok $1"
		passed=$((passed + 1))
	else
		echo "fail $1"
		sed 's/^/    /' "$case_log"
		failed=$((failed + 1))
	fi
}

# bad_data NAME FILE...: a data folder NAME under $work whose FILEs (relative
# paths) are real copies (to be corrupted) and whose other folders and files
# link to the real data. Prints its path.
bad_data() {
	local d="$work/$1" sub f
	shift
	mkdir -p "$d"
	for sub in "$data_dir"/*/; do
		sub=${sub%/}
		mkdir -p "$d/${sub##*/}"
		for f in "$sub"/*; do ln -s "$f" "$d/${sub##*/}/${f##*/}"; done
	done
	for f in "$@"; do
		rm -f "$d/$f"
		cp -- "$data_dir/$f" "$d/$f"
	done
	echo "$d"
}

# set_csv_field FILE OCC_COLUMN OCC_CODE FIELD VALUE [KEY_COLUMN KEY]: in FILE,
# on the first data line whose column OCC_COLUMN (0-based) is OCC_CODE (and
# column KEY_COLUMN is KEY), set column FIELD to VALUE, keeping every other byte
# of the file. Prints the file line number changed.
set_csv_field() {
	py "$@" <<-'PY'
	import csv, io, sys
	path, occ_col, occ, field, value = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
	key_col, key = (int(sys.argv[6]), sys.argv[7]) if len(sys.argv) > 7 else (None, None)
	raw = open(path, 'rb').read().decode('utf-8')
	lines = raw.splitlines(keepends=True)
	for i, ln in enumerate(lines[1:], start=1):
	    body = ln.rstrip('\r\n')
	    row = next(csv.reader([body]))
	    if row[occ_col] == occ and (key_col is None or row[key_col] == key):
	        row[field] = value
	        out = io.StringIO()
	        csv.writer(out, lineterminator='').writerow(row)
	        lines[i] = out.getvalue() + ln[len(body):]
	        open(path, 'wb').write(''.join(lines).encode('utf-8'))
	        print(i + 1)
	        sys.exit(0)
	sys.exit('no such row')
	PY
}

full_db=

# (a) the career migrations apply on a database with the earlier ones; the
# datasets are recorded with their BLS citation; staging tables end empty.
case_fresh() {
	local out t0 t1 n
	new_db || return 1
	full_db=$db
	n=$(find "$(migrations_upto 9999)" -name '*.sql' | wc -l)
	t0=$(date +%s%N)
	out=$(run_migrate "$full_db" "$(migrations_upto 9999)" "$data_dir" up 2>&1)
	expect "[[ \$? -eq 0 ]]" "migrate up exits 0"
	t1=$(date +%s%N)
	echo "$out"
	echo "# career migrations (0020 and later): $(((t1 - t0) / 1000000)) ms" >"$work/timing"
	expect "[[ $(sq "$full_db" 'SELECT count(*) FROM hf_admin.schema_migrations') -eq $n ]]" "all $n migrations recorded"
	expect "[[ $(sq "$full_db" "SELECT count(*) FROM hf.datasets WHERE id IN ('bls-oews-national-2025-05', 'bls-oews-state-means-2023-05', 'bls-ep-2024-2034', 'ca-edd-projections-2023-2033') AND row_count > 0") -eq 4 ]]" "4 labor datasets with rows"
	expect "[[ $(sq "$full_db" "SELECT count(*) FROM hf.datasets WHERE source IN ('BLS OEWS', 'BLS Employment Projections') AND citation LIKE 'Source: U.S. Bureau of Labor Statistics, %' AND license LIKE 'Public domain%'") -eq 3 ]]" "BLS datasets carry the BLS citation and license"
	out=$(sq "$full_db" "SELECT vintage FROM hf.datasets WHERE id = 'bls-oews-national-2025-05'")
	expect "[[ \$out == 'OEWS May 2025' ]]" "vintage 'OEWS May 2025' (got $out)"
	out=$(sq "$full_db" "SELECT bool_and(row_count = (SELECT count(*) FROM hf.wages w WHERE w.dataset_id = d.id)
		+ (SELECT count(*) FROM hf.projections p WHERE p.dataset_id = d.id))
		FROM hf.datasets d WHERE source IN ('BLS OEWS', 'BLS Employment Projections', 'California EDD projections')")
	expect "[[ \$out == t ]]" "row_count of each labor dataset = its hf rows"
	out=$(sq "$full_db" "SELECT (SELECT count(*) FROM hf_staging.oews) + (SELECT count(*) FROM hf_staging.oews_state_means)
		+ (SELECT count(*) FROM hf_staging.oews_rows) + (SELECT count(*) FROM hf_staging.bls_ep_table1_2)
		+ (SELECT count(*) FROM hf_staging.ca_edd_occ_projections) + (SELECT count(*) FROM hf_staging.projections_central)
		+ (SELECT count(*) FROM hf_staging.projection_rows) + (SELECT count(*) FROM hf_staging.positional_rows)")
	expect "[[ \$out -eq 0 ]]" "career staging tables are empty ($out rows)"
}

# (b) national wages of every career (29-2072 first) equal the file's, hourly
# beside annual; markers: ANNUAL TRUE rows have hourly NULL + annual_only.
case_national_wages() {
	local got want
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	want=$(py "$data_dir/$national_csv" "$(sq "$full_db" "SELECT string_agg(soc, ',') FROM hf.occupations")" <<-'PY'
	import csv, sys
	socs = set(sys.argv[2].split(','))
	def v(x):
	    return '' if x in ('', '*', '**', '#') else x.replace(',', '')
	for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
	    if r['OCC_CODE'] in socs and r['O_GROUP'] in ('total', 'detailed'):
	        print('|'.join([r['OCC_CODE'], v(r['TOT_EMP']), v(r['A_MEAN']), v(r['A_MEDIAN']), v(r['A_PCT10']), v(r['A_PCT25']),
	                        v(r['A_PCT75']), v(r['A_PCT90']), v(r['H_MEAN']), v(r['H_MEDIAN']), v(r['H_PCT10']), v(r['H_PCT90'])]))
	PY
	)
	want=$(sort <<<"$want")
	got=$(sq "$full_db" "SELECT concat_ws('|', soc, coalesce(employment::text, ''), coalesce(mean::text, ''), coalesce(median::text, ''),
		coalesce(p10::text, ''), coalesce(p25::text, ''), coalesce(p75::text, ''), coalesce(p90::text, ''),
		coalesce(hourly_mean::text, ''), coalesce(hourly_median::text, ''), coalesce(hourly_p10::text, ''), coalesce(hourly_p90::text, ''))
		FROM hf.wages WHERE area = 'US' AND year = 2025 ORDER BY soc")
	same "national wages of every occupation equal $national_csv" "$got" "$want"
	expect "grep -q '^29-2072|' <<<\"\$got\"" "29-2072 has national wages"
	# the read model serves the same numbers
	got=$(sq "$full_db" "SELECT median || '|' || mean FROM hf.career_search WHERE soc = '29-2072'")
	want=$(grep '^29-2072|' <<<"$want" | awk -F'|' '{ print $4 "|" $3 }')
	expect "[[ '$got' == '$want' ]]" "career_search 29-2072 median|mean = the file's $want (got $got)"
	got=$(sq "$full_db" "SELECT hourly_median || '|' || mean FROM hf.career_national WHERE soc = '29-2072'")
	want=$(py "$data_dir/$national_csv" <<-'PY'
	import csv, sys
	for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
	    if r['OCC_CODE'] == '29-2072':
	        print(r['H_MEDIAN'] + '|' + r['A_MEAN'].replace(',', ''))
	PY
	)
	expect "[[ '$got' == '$want' ]]" "career_national 29-2072 hourly median|mean = the file's $want (got $got)"
	# ANNUAL TRUE: hourly columns NULL with annual_only
	want=$(py "$data_dir/$national_csv" "$(sq "$full_db" "SELECT string_agg(soc, ',') FROM hf.occupations")" <<-'PY'
	import csv, sys
	socs = set(sys.argv[2].split(','))
	print(','.join(sorted(r['OCC_CODE'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))
	                      if r['OCC_CODE'] in socs and r['ANNUAL'] == 'TRUE')))
	PY
	)
	got=$(sq "$full_db" "SELECT string_agg(soc, ',' ORDER BY soc) FROM hf.wages WHERE area = 'US'
		AND hourly_mean IS NULL AND flags->>'hourly_mean' = 'annual_only' AND flags->>'hourly_p90' = 'annual_only' AND mean IS NOT NULL")
	expect "[[ '$got' == '$want' && -n '$want' ]]" "ANNUAL TRUE occupations ($want) have hourly NULL + annual_only (got '$got')"
	got=$(sq "$full_db" "SELECT (flags->>'jobs_per_1000') || '|' || (flags->>'location_quotient') FROM hf.wages WHERE soc = '29-2072' AND area = 'US'")
	expect "[[ '$got' == 'not_published|not_published' ]]" "national blank JOBS_1000/LOC_QUOTIENT -> not_published (got $got)"
}

# (c) state mean wages equal the file's (state by name); '*' -> NULL + suppressed;
# the columns the cut lacks -> NULL + not_loaded.
case_state_wages() {
	local got want
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	want=$(py "$data_dir/$state_csv" "$(sq "$full_db" "SELECT string_agg(soc, ',') FROM hf.occupations")" \
		"$(sq "$full_db" "SELECT string_agg(name || '=' || code, ';') FROM hf.states")" <<-'PY'
	import csv, sys
	socs = set(sys.argv[2].split(','))
	codes = dict(x.split('=') for x in sys.argv[3].split(';'))
	codes['Virgin Islands'] = 'VI'
	def v(x):
	    return '' if x in ('', '*', '**', '#') else x.replace(',', '')
	def f(x):
	    return {'*': 'suppressed', '**': 'suppressed', '#': 'at_least'}.get(x, '')
	for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
	    if r['OCC_CODE'] in socs:
	        print('|'.join([r['OCC_CODE'], codes[r['AREA_TITLE']], v(r['A_MEAN']), f(r['A_MEAN']), v(r['H_MEAN']), f(r['H_MEAN'])]))
	PY
	)
	want=$(sort <<<"$want")
	got=$(sq "$full_db" "SELECT concat_ws('|', soc, area, coalesce(mean::text, ''), coalesce(flags->>'mean', ''),
		coalesce(hourly_mean::text, ''), coalesce(flags->>'hourly_mean', ''))
		FROM hf.wages WHERE area <> 'US' AND year = 2023 ORDER BY 1")
	same "state mean wages and their flags equal $state_csv" "$got" "$want"
	expect "grep -q '|suppressed' <<<\"\$want\"" "the file has a suppressed (*) mean for a career of the field"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.wages WHERE area <> 'US' AND year = 2023 AND NOT (
		employment IS NULL AND median IS NULL AND p10 IS NULL AND p90 IS NULL AND hourly_median IS NULL
		AND flags @> '{\"employment\": \"not_loaded\", \"jobs_per_1000\": \"not_loaded\", \"location_quotient\": \"not_loaded\",
		               \"median\": \"not_loaded\", \"p10\": \"not_loaded\", \"p25\": \"not_loaded\", \"p75\": \"not_loaded\",
		               \"p90\": \"not_loaded\", \"hourly_median\": \"not_loaded\", \"hourly_p90\": \"not_loaded\"}')")
	expect "[[ \$got -eq 0 ]]" "every state row has NULL + not_loaded for the columns the file lacks ($got rows do not)"
}

# (d) a fixture national file (the real file with the 29-2072 row given TOT_EMP
# '**', A_PCT90 '#', H_PCT90 '#'): NULL + suppressed, top-code + at_least.
case_markers_fixture() {
	local d line out
	new_db || return 1
	d=$(bad_data markers "$national_csv")
	set_csv_field "$d/$national_csv" 8 29-2072 11 '**' >/dev/null || return 1
	set_csv_field "$d/$national_csv" 8 29-2072 29 '#' >/dev/null || return 1
	line=$(set_csv_field "$d/$national_csv" 8 29-2072 24 '#') || return 1
	sed -n "${line}p" "$d/$national_csv"
	out=$(run_migrate "$db" "$(migrations_upto 22)" "$d" up 2>&1)
	expect "[[ \$? -eq 0 ]]" "migrate up exits 0"
	echo "$out"
	out=$(sq "$db" "SELECT concat_ws('|', coalesce(employment::text, 'null'), flags->>'employment', p90, flags->>'p90',
		hourly_p90, flags->>'hourly_p90') FROM hf.wages WHERE soc = '29-2072' AND area = 'US'")
	expect "[[ '$out' == 'null|suppressed|239200|at_least|115.00|at_least' ]]" "** -> NULL + suppressed, # -> 239200 / 115.00 + at_least (got $out)"
	out=$(sq "$db" "SELECT p90 || '|' || (flags->>'p90') FROM hf.career_national WHERE soc = '29-2072'")
	expect "[[ '$out' == '239200|at_least' ]]" "career_national shows the top-code with at_least (got $out)"
}

# checks of a failed release: nothing of it is loaded, data_version unchanged.
check_nothing_loaded() {
	local db=$1 rc=$2 v0=$3 where=$4
	expect "[[ $rc -ne 0 ]]" "migrate up fails"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf.wages WHERE $where") -eq 0 ]]" "no wages loaded ($where)"
	expect "[[ $(sq "$db" 'SELECT version FROM hf.data_version') -eq $v0 ]]" "data_version unchanged ($v0)"
	expect "[[ $(sq "$db" 'SELECT count(*) FROM hf_staging.oews') -eq 0 && $(sq "$db" 'SELECT count(*) FROM hf_staging.oews_state_means') -eq 0 ]]" "staging rolled back to empty"
}

# (e) a bad TOT_EMP on line N: the error names the file and line N; nothing loads.
case_bad_tot_emp() {
	local d line out rc v0
	new_db || return 1
	run_migrate "$db" "$(migrations_upto 21)" "$data_dir" up || return 1
	v0=$(sq "$db" 'SELECT version FROM hf.data_version')
	d=$(bad_data bad-tot-emp "$national_csv")
	line=$(set_csv_field "$d/$national_csv" 8 29-2072 11 abc) || return 1
	out=$(run_migrate "$db" "$(migrations_upto 9999)" "$d" up 2>&1)
	rc=$?
	echo "$out"
	check_nothing_loaded "$db" "$rc" "$v0" true
	expect "grep -q \"$national_csv line $line: TOT_EMP 'abc' is not a number\" <<<\"\$out\"" "message '$national_csv line $line: TOT_EMP 'abc' is not a number ...'"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf.datasets WHERE source = 'BLS OEWS'") -eq 0 ]]" "no OEWS dataset recorded"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf_admin.schema_migrations WHERE version >= 22") -eq 0 ]]" "nothing after 0021 recorded"
}

# (f) an unknown state name on line N of the state file: the error names it.
case_bad_state_name() {
	local d line out rc v0
	new_db || return 1
	run_migrate "$db" "$(migrations_upto 22)" "$data_dir" up || return 1
	v0=$(sq "$db" 'SELECT version FROM hf.data_version')
	d=$(bad_data bad-state "$state_csv")
	line=$(set_csv_field "$d/$state_csv" 1 29-2072 0 Atlantis 0 Ohio) || return 1
	out=$(run_migrate "$db" "$(migrations_upto 9999)" "$d" up 2>&1)
	rc=$?
	echo "$out"
	check_nothing_loaded "$db" "$rc" "$v0" "area <> 'US'"
	expect "grep -q \"$state_csv line $line: AREA_TITLE 'Atlantis' is not the name of the nation, a state or a territory\" <<<\"\$out\"" "message '$state_csv line $line: AREA_TITLE 'Atlantis' ...'"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf.wages WHERE area = 'US'") -gt 0 ]]" "the national release before it stays loaded"
}

# (g) table 1.2: thousands -> persons, percent as published, education -> occupations.
case_ep() {
	local got want
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	want=$(py "$data_dir/$ep_csv" "$(sq "$full_db" "SELECT string_agg(soc, ',') FROM hf.occupations")" <<-'PY'
	import csv, sys
	from decimal import Decimal
	socs = set(sys.argv[2].split(','))
	rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
	by = rows[0][3].split(', ')[1]; py_ = rows[0][4].split(', ')[1]
	def k(x):
	    return str(int(Decimal(x.replace(',', '')) * 1000))
	for r in rows[1:]:
	    if r[1] in socs and (r[2] == 'Line item' or r[1] == '00-0000'):
	        edu = '' if r[12] == '—' else r[12]
	        print('|'.join([r[1], by, py_, k(r[3]), k(r[4]), k(r[7]), r[8], k(r[10]), edu]))
	PY
	)
	want=$(sort <<<"$want")
	got=$(sq "$full_db" "SELECT concat_ws('|', p.soc, base_year, projected_year, base_employment, projected_employment, numeric_change,
		percent_change, annual_openings, coalesce(o.typical_education, '')) FROM hf.projections p JOIN hf.occupations o USING (soc)
		WHERE area = 'US' ORDER BY 1")
	same "EP table 1.2 rows in persons (x 1000) with their education" "$got" "$want"
	got=$(sq "$full_db" "SELECT base_employment || '|' || annual_openings || '|' || growth_pct FROM hf.career_national WHERE soc = '29-2072'")
	want=$(grep '^29-2072|' <<<"$want" | awk -F'|' '{ print $4 "|" $8 "|" $7 }')
	expect "[[ '$got' == '$want' ]]" "career_national 29-2072 base employment|annual openings|growth = $want (got $got)"
	got=$(sq "$full_db" "SELECT education_level FROM hf.occupations WHERE soc = '29-9021'")
	expect "[[ '$got' == associate ]]" "29-9021 education_level associate (got $got)"
}

# (h) California EDD: annual openings = 10-year total / 10 (rounded), persons,
# base 2023 / projected 2033 from the header.
case_ca_edd() {
	local got want
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	want=$(py "$data_dir/$edd_csv" "$(sq "$full_db" "SELECT string_agg(soc, ',') FROM hf.occupations")" <<-'PY'
	import csv, re, sys
	from decimal import Decimal, ROUND_HALF_UP
	socs = set(sys.argv[2].split(','))
	rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
	by = re.search(r'\d{4}', rows[0][3]).group(); py_ = re.search(r'\d{4}', rows[0][4]).group()
	def n(x):
	    return Decimal(x.replace(',', '').replace('%', '').replace('$', ''))
	for r in rows[1:]:
	    if r[1] in socs:
	        annual = (n(r[9]) / (int(py_) - int(by))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
	        print('|'.join([r[1], by, py_, str(n(r[3])), str(n(r[4])), str(n(r[6])), str(annual)]))
	PY
	)
	want=$(sort <<<"$want")
	got=$(sq "$full_db" "SELECT concat_ws('|', soc, base_year, projected_year, base_employment, projected_employment,
		percent_change, annual_openings) FROM hf.projections WHERE area = 'CA' ORDER BY 1")
	same "CA EDD rows: persons, percent, annual openings = total / 10" "$got" "$want"
	expect "grep -q '^29-2072|2023|2033|' <<<\"\$got\"" "29-2072 CA 2023-2033 loaded"
}

# (i) a Projections Central file derived from the real CA EDD rows re-laid out in
# the Projections Central layout (each row with its own years), with a national
# row (from table 1.2) mixed in: the CA rows load, the national row does not.
case_projections_central() {
	local fx="$work/pc_fixture.csv" out line got want n_all n_years n_count
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	new_db "$full_db" || return 1
	py "$data_dir/$edd_csv" "$data_dir/$ep_csv" "$fx" <<-'PY' || return 1
	import csv, re, sys
	from decimal import Decimal, ROUND_HALF_UP
	edd = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
	ep = list(csv.reader(open(sys.argv[2], encoding='utf-8')))
	by = re.search(r'\d{4}', edd[0][3]).group(); py_ = re.search(r'\d{4}', edd[0][4]).group()
	def n(x):
	    return Decimal(x.replace(',', '').replace('%', ''))
	out = csv.writer(open(sys.argv[3], 'w', encoding='utf-8', newline=''), lineterminator='\n')
	out.writerow(['State FIPS', 'Area Name', 'Occupation Code', 'Occupation Name', 'Base Year', 'Base',
	              'Projected Year', 'Projection', 'Change', 'Percent Change', 'Average Annual Openings'])
	for i, r in enumerate(edd[1:]):
	    if i == 1:   # the national row, as Projections Central files it among the states
	        e = next(x for x in ep[1:] if x[1] == '29-2072')
	        eby = ep[0][3].split(', ')[1]; epy = ep[0][4].split(', ')[1]
	        k = lambda x: str(int(Decimal(x.replace(',', '')) * 1000))
	        out.writerow(['0', 'United States', e[1], e[0].strip(), eby, k(e[3]), epy, k(e[4]), k(e[7]), e[8], k(e[10])])
	    annual = (n(r[9]) / (int(py_) - int(by))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
	    out.writerow(['06', 'California', r[1], r[2], by, str(n(r[3])), py_, str(n(r[4])), str(n(r[5])), str(n(r[6])), str(annual)])
	PY
	head -4 "$fx"
	out=$(as_owner "$db" 2>&1 <<-SQL
	SELECT hf_admin.staging_reset('hf_staging.projections_central');
	\copy hf_staging.projections_central ("State FIPS", "Area Name", "Occupation Code", "Occupation Name", "Base Year", "Base", "Projected Year", "Projection", "Change", "Percent Change", "Average Annual Openings") FROM '$fx' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
	SELECT hf_admin.import_projections_central(hf_admin.dataset(id => 'test-projections-central', source => 'Projections Central',
	    title => 'test fixture', source_url => 'https://projectionscentral.org/', vintage => 'fixture',
	    file => 'pc_fixture.csv', license => 'test', citation => 'test'), 'hf_staging.projections_central');
	SQL
	)
	expect "[[ \$? -eq 0 ]]" "the fixture imports"
	echo "$out"
	out=$(sq "$db" "SELECT count(*) FROM hf.projections WHERE dataset_id = 'test-projections-central' AND area <> 'CA'")
	expect "[[ \$out -eq 0 ]]" "no row of the fixture outside CA (the national row is skipped; got $out)"
	out=$(sq "$db" "SELECT dataset_id || '|' || base_year || '|' || base_employment FROM hf.projections WHERE soc = '29-2072' AND area = 'US'")
	expect "[[ \$out == bls-ep-2024-2034'|'2024'|'* ]]" "the national 29-2072 row is still table 1.2's (got $out)"
	out=$(sq "$db" "SELECT count(*) || '|' || count(*) FILTER (WHERE base_year = 2023 AND projected_year = 2033)
		|| '|' || (SELECT row_count FROM hf.datasets WHERE id = 'test-projections-central')
		FROM hf.projections WHERE dataset_id = 'test-projections-central'")
	# shellcheck disable=SC2034  # read here, used inside expect's eval
	IFS='|' read -r n_all n_years n_count <<<"$out"
	expect "[[ \${n_all:-0} -gt 0 && \$n_all == \"\$n_years\" && \$n_all == \"\$n_count\" ]]" "every CA row loaded with its own years 2023-2033, row_count recorded (got $out)"
	want=$(py "$fx" "$(sq "$db" "SELECT string_agg(soc, ',') FROM hf.occupations")" <<-'PY'
	import csv, sys
	socs = set(sys.argv[2].split(','))
	for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')):
	    if r['Occupation Code'] in socs and r['State FIPS'] != '0':
	        print('|'.join([r['Occupation Code'], r['Base Year'], r['Projected Year'], r['Base'], r['Projection'],
	                        r['Change'], r['Percent Change'], r['Average Annual Openings']]))
	PY
	)
	want=$(sort <<<"$want")
	got=$(sq "$db" "SELECT concat_ws('|', soc, base_year, projected_year, base_employment, projected_employment, numeric_change,
		percent_change, annual_openings) FROM hf.projections WHERE dataset_id = 'test-projections-central' ORDER BY 1")
	same "the fixture's state rows, each with its years" "$got" "$want"
	# a state row whose Area Name is not its FIPS code's state is refused by line
	line=$(set_csv_field "$fx" 2 29-2072 1 Ohio 0 06) || return 1
	out=$(as_owner "$db" 2>&1 <<-SQL
	SELECT hf_admin.staging_reset('hf_staging.projections_central');
	\copy hf_staging.projections_central ("State FIPS", "Area Name", "Occupation Code", "Occupation Name", "Base Year", "Base", "Projected Year", "Projection", "Change", "Percent Change", "Average Annual Openings") FROM '$fx' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
	SELECT hf_admin.import_projections_central(hf_admin.dataset(id => 'test-projections-central-2', source => 'Projections Central',
	    title => 'test fixture', source_url => 'https://projectionscentral.org/', vintage => 'fixture',
	    file => 'pc_fixture.csv', license => 'test', citation => 'test'), 'hf_staging.projections_central');
	SQL
	)
	expect "[[ \$? -ne 0 ]]" "a mismatched Area Name fails the import"
	echo "$out"
	expect "grep -q \"pc_fixture.csv line $line: Area Name 'Ohio' is not the name of State FIPS 06 (California)\" <<<\"\$out\"" "message 'pc_fixture.csv line $line: Area Name 'Ohio' ...'"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf.datasets WHERE id = 'test-projections-central-2'") -eq 0 ]]" "nothing of the bad fixture recorded"
}

# (j) every state of the map for 29-2072: 50 states + DC always, the territories
# the files have; NULL + not_loaded where no file was loaded.
case_career_states() {
	local got want terr
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	terr=$(py "$data_dir/$state_csv" "$(sq "$full_db" "SELECT string_agg(name || '=' || code, ';') FROM hf.states WHERE kind = 'territory'")" <<-'PY'
	import csv, sys
	codes = dict(x.split('=') for x in sys.argv[2].split(';'))
	codes['Virgin Islands'] = 'VI'
	print(','.join(sorted({codes[r['AREA_TITLE']] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))
	                       if r['OCC_CODE'] == '29-2072' and r['AREA_TITLE'] in codes})))
	PY
	)
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_states WHERE soc = '29-2072' AND area_kind IN ('state', 'district')")
	expect "[[ \$got -eq 51 ]]" "50 states + DC for 29-2072 (got $got)"
	got=$(sq "$full_db" "SELECT coalesce(string_agg(area, ',' ORDER BY area), '') FROM hf.career_states WHERE soc = '29-2072' AND area_kind = 'territory'")
	expect "[[ '$got' == '$terr' ]]" "territories with data: $terr (got $got)"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_states s WHERE s.soc = '29-2072' AND NOT (
		median IS NULL AND employment IS NULL AND location_quotient IS NULL AND p90 IS NULL
		AND flags->>'median' = 'not_loaded' AND flags->>'employment' = 'not_loaded' AND flags->>'p90' = 'not_loaded'
		AND flags->>'location_quotient' = 'not_loaded' AND flags->>'jobs_per_1000' = 'not_loaded'
		AND flags_hourly->>'median' = 'not_loaded')")
	expect "[[ \$got -eq 0 ]]" "every state: median, percentiles, employment, LQ NULL + not_loaded ($got rows not)"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_states WHERE soc = '29-2072' AND area <> 'CA'
		AND NOT (growth_pct IS NULL AND annual_openings IS NULL AND flags->>'growth_pct' = 'not_loaded' AND flags->>'annual_openings' = 'not_loaded')")
	expect "[[ \$got -eq 0 ]]" "no projections outside CA: growth_pct/annual_openings NULL + not_loaded ($got rows not)"
	got=$(sq "$full_db" "SELECT growth_pct IS NOT NULL AND annual_openings IS NOT NULL AND NOT flags ? 'growth_pct' FROM hf.career_states WHERE soc = '29-2072' AND area = 'CA'")
	expect "[[ '$got' == t ]]" "CA has growth and openings"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_states s JOIN hf.wages w ON w.soc = s.soc AND w.area = s.area
		WHERE s.soc = '29-2072' AND s.mean IS DISTINCT FROM w.mean")
	expect "[[ \$got -eq 0 ]]" "career_states means are the hf.wages means"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_states WHERE soc = '29-2072' AND mean IS NULL AND NOT flags ? 'mean'")
	expect "[[ \$got -eq 0 ]]" "a NULL mean always has a flag"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_states s WHERE soc = '29-2072' AND mean IS NOT NULL
		AND NOT (category_mean IS NULL AND category_flags->>'mean' = 'no_national_same_year')
		AND NOT (category_mean IS NOT NULL AND wage_year = (SELECT year FROM hf.wages WHERE soc = s.soc AND area = 'US' AND year = s.wage_year))")
	expect "[[ \$got -eq 0 ]]" "a state mean is compared only with the national mean of its own year ($got rows not)"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_states WHERE soc = '29-2072' AND area IN ('AS', 'MP')")
	expect "[[ \$got -eq 0 ]]" "AS, MP (no data in any file) absent"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.career_national WHERE in_field OR soc = '00-0000'")
	expect "[[ \$got -eq $(sq "$full_db" "SELECT count(*) FROM hf.occupations WHERE in_field OR soc = '00-0000'") ]]" "one national row per career + 00-0000"
	got=$(sq "$full_db" "SELECT outlook_category || '|' || all_occupations_growth_pct FROM hf.career_national WHERE soc = '29-2072'")
	expect "[[ '$got' == 'bright|'* ]]" "29-2072 outlook bright (growth >= 2 x all occupations; got $got)"
	got=$(as_reader "$full_db" "SELECT n || '|' || min || '|' || max || '|' || cardinality(breaks) FROM hf.career_state_bins('29-2072', 'mean', 4)")
	want=$(sq "$full_db" "SELECT count(mean) || '|' || min(mean) || '|' || max(mean) || '|3' FROM hf.career_states WHERE soc = '29-2072'")
	expect "[[ '$got' == '$want' ]]" "career_state_bins: n|min|max|3 breaks for 4 bins = $want (got $got)"
	got=$(sq "$full_db" "SELECT hf.compare_category('median', 110, 100) || hf.compare_category('median', 103, 100)
		|| hf.compare_category('growth_pct', 1.5, 3.1) || hf.compare_category('location_quotient', 1.05, NULL)")
	expect "[[ '$got' == abovenearbelownear ]]" "compare_category rule (got $got)"
}

# (k) the reader reads the read model and nothing of staging or the importers.
case_reader() {
	local out sql
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	for sql in "SELECT count(*) FROM hf.career_search" "SELECT count(*) FROM hf.career_states" \
		"SELECT count(*) FROM hf.career_national" "SELECT count(*) FROM hf.career_areas" \
		"SELECT count(*) FROM hf.career_search_words" "SELECT count(*) FROM hf.occupation_titles" \
		"SELECT count(*) FROM hf.soc_successors" "SELECT count(*) FROM hf.career_certifications" \
		"SELECT count(*) FROM hf.wages" "SELECT count(*) FROM hf.projections" \
		"SELECT count(*) FROM hf.career_query('medical coder')" "SELECT hf.outlook_category(7.1, 14200, 10, 3.1, true)"; do
		out=$(as_reader "$full_db" "$sql")
		expect "[[ \$? -eq 0 && '$out' =~ ^[0-9a-z_]+\$ ]]" "reader can run: $sql (got: $out)"
	done
	for sql in "SELECT count(*) FROM hf_staging.oews" "SELECT count(*) FROM hf_staging.projection_rows" \
		"SELECT hf_admin.refresh_career_read_model()" "REFRESH MATERIALIZED VIEW hf.career_areas" \
		"DELETE FROM hf.occupation_titles" "UPDATE hf.soc_successors SET note = ''"; do
		out=$(as_reader "$full_db" "$sql")
		expect "[[ \$? -ne 0 ]] && grep -qE 'permission denied|must be owner' <<<\"\$out\"" "reader is denied: $sql (got: $out)"
	done
}

# (l) the careers of the field: search (typos, lay titles), links, retired code.
case_careers() {
	local got
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	got=$(sq "$full_db" "SELECT string_agg(soc, ',' ORDER BY soc) FROM hf.occupations WHERE in_field")
	expect "[[ '$got' == 11-3021,11-9111,15-1211,15-1212,15-1221,15-1232,15-1244,15-1299,15-2051,25-1199,29-2072,29-9021,31-9094,31-9099,43-6013 ]]" "the 15 careers of the field (got $got)"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.occupations WHERE in_field AND (description IS NULL OR typical_education IS NULL OR cardinality(alternate_titles) = 0)")
	expect "[[ \$got -eq 0 ]]" "every career has a description, typical education and other titles"
	got=$(sq "$full_db" "SELECT (SELECT string_agg(c.soc, ',' ORDER BY ts_rank(c.tsv, q.tsq) DESC, c.soc) FROM hf.career_search c WHERE c.tsv @@ q.tsq) || '|' || q.corrected
		FROM hf.career_query('medcal coder') q")
	expect "[[ '$got' == '29-2072|medical coder' ]]" "'medcal coder' -> 'medical coder' finds 29-2072 (got $got)"
	got=$(sq "$full_db" "SELECT string_agg(c.soc, ',') FROM hf.career_search c, hf.career_query('cancer registar') q WHERE c.tsv @@ q.tsq")
	expect "[[ '$got' == 29-9021 ]]" "'cancer registar' finds 29-9021 (got $got)"
	got=$(sq "$full_db" "SELECT string_agg(c.soc, ',') FROM hf.career_search c, hf.career_query('HIM direc') q WHERE c.tsv @@ q.tsq")
	expect "[[ '$got' == 11-9111 ]]" "'HIM direc' (lay title, prefix) finds 11-9111 (got $got)"
	got=$(sq "$full_db" "SELECT string_agg(c.soc, ',' ORDER BY c.soc) FROM hf.career_search c, hf.career_query('medical biller') q WHERE c.tsv @@ q.tsq")
	expect "[[ '$got' == 31-9099,43-6013 ]]" "'medical biller' finds 31-9099, 43-6013 (got $got)"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.related_occupations r WHERE NOT EXISTS (SELECT 1 FROM hf.related_occupations x WHERE x.soc = r.related_soc AND x.related_soc = r.soc)")
	expect "[[ \$got -eq 0 ]]" "related careers are symmetric ($got one-way)"
	got=$(sq "$full_db" "SELECT string_agg(successor, ',' ORDER BY successor) FROM hf.soc_successors WHERE retired = '29-2071'")
	expect "[[ '$got' == 29-2072,29-9021 ]]" "29-2071 -> 29-2072, 29-9021 (got $got)"
	got=$(sq "$full_db" "SELECT count(*) FROM hf.occupations WHERE soc IN (SELECT retired FROM hf.soc_successors)")
	expect "[[ \$got -eq 0 ]]" "a retired code is not an occupation"
	got=$(sq "$full_db" "SELECT string_agg(code, ',' ORDER BY code) FROM hf.career_certifications WHERE soc = '29-2072'")
	expect "[[ '$got' == CCA,CCS,RHIT ]]" "29-2072 certifications CCA, CCS, RHIT (got $got)"
	got=$(sq "$full_db" "SELECT active FROM hf.career_certifications WHERE soc = '15-1232' AND code = 'COMPTIA-HIT'")
	expect "[[ '$got' == f ]]" "15-1232 keeps the retired COMPTIA-HIT with active = false"
}

# (m) a second import of the same release replaces its rows (no duplicates) and
# moves the data version by one.
case_reimport() {
	local mdir="$work/reimport" n0 n1 v0 v1
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	cp -r "$(migrations_upto 9999)" "$mdir"
	cp -- "$here"/migrations/0022_*.sql "$mdir/9001_oews_again.sql"
	n0=$(sq "$full_db" "SELECT count(*) FROM hf.wages")
	v0=$(sq "$full_db" 'SELECT version FROM hf.data_version')
	run_migrate "$full_db" "$mdir" "$data_dir" up || return 1
	n1=$(sq "$full_db" "SELECT count(*) FROM hf.wages")
	v1=$(sq "$full_db" 'SELECT version FROM hf.data_version')
	expect "[[ $n0 -eq $n1 ]]" "same number of wage rows ($n0 -> $n1)"
	expect "[[ $v1 -eq $((v0 + 1)) ]]" "data_version moved by one ($v0 -> $v1)"
}

# (n) a changed table 1.2 header is refused naming the file and line 1.
case_ep_header() {
	local d out rc v0
	new_db || return 1
	run_migrate "$db" "$(migrations_upto 23)" "$data_dir" up >/dev/null || return 1
	v0=$(sq "$db" 'SELECT version FROM hf.data_version')
	d=$(bad_data bad-ep-header "$ep_csv")
	sed -i '1s/Typical on-the-job training needed to attain competency in the occupation/Typical training/' "$d/$ep_csv"
	out=$(run_migrate "$db" "$(migrations_upto 9999)" "$d" up 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -ne 0 ]]" "migrate up fails"
	expect "grep -q \"$ep_csv line 1: column 15 of the header is 'Typical training'\" <<<\"\$out\"" "message names $ep_csv line 1, column 15"
	expect "[[ $(sq "$db" 'SELECT count(*) FROM hf.projections') -eq 0 ]]" "no projections loaded"
	expect "[[ $(sq "$db" 'SELECT version FROM hf.data_version') -eq $v0 ]]" "data_version unchanged"
}

if [[ $(sq postgres 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user' 2>&1) != t ]]; then
	echo "test-careers: PGUSER=${PGUSER:-} is not a superuser of the cluster at PGHOST=${PGHOST:-} PGPORT=${PGPORT:-}" >&2
	exit 2
fi
if [[ ! -x $python ]]; then
	echo "test-careers: $python is needed to read the official files" >&2
	exit 2
fi

echo "# data: $data_dir (base: $base_kind)"
start=$SECONDS
if ! make_base >"$work/base.log" 2>&1; then
	echo "fail base-database"
	sed 's/^/    /' "$work/base.log"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "# base database: $((SECONDS - start)) s"
run_case career-migrations-apply case_fresh
[[ -f $work/timing ]] && cat "$work/timing"
run_case national-wages-equal-file case_national_wages
run_case state-mean-wages-equal-file case_state_wages
run_case markers-suppressed-and-top-coded case_markers_fixture
run_case bad-tot-emp-names-file-and-line case_bad_tot_emp
run_case unknown-state-name-names-file-and-line case_bad_state_name
run_case projections-thousands-to-persons case_ep
run_case ca-edd-annual-openings case_ca_edd
run_case projections-central-fixture case_projections_central
run_case career-states-every-state case_career_states
run_case reader-privileges case_reader
run_case careers-of-the-field case_careers
run_case reimport-replaces case_reimport
run_case ep-header-changed-rejected case_ep_header
echo "# $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
