# deploy/docker/db-init.sh -- /docker-entrypoint-initdb.d script of the compose service `db`
# (postgres:15): runs sql/bootstrap.sql (mounted at /hitfinder/bootstrap.sql) once, when the
# data volume is first initialised, so the roles hitfinder_owner and hitfinder_reader, the
# database hitfinder and its extensions exist before anything connects.
# The postgres entrypoint sources this file (it is mounted without the executable bit), so it
# must not exit or change shell options. Role passwords are set here only if
# HITFINDER_OWNER_PASSWORD / HITFINDER_READER_PASSWORD are in this container's environment;
# the compose file gives them to the migrate service instead, which re-runs the bootstrap.
# Passwords travel through the environment (\getenv), never on a command line.
# (HITFINDER_BOOTSTRAP names another copy of bootstrap.sql: the tests run this file natively.)
psql -X -q -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
	-v bootstrap="${HITFINDER_BOOTSTRAP:-/hitfinder/bootstrap.sql}" <<'SQL'
\getenv owner_password HITFINDER_OWNER_PASSWORD
\getenv reader_password HITFINDER_READER_PASSWORD
\i :bootstrap
SQL
