-- sql/bootstrap.sql: one-time, superuser-only set-up of a hitfinder database.
--
-- Creates the two LOGIN roles (the owner, which runs migrations and owns every
-- object, and the read-only reader the FastCGI workers use), the database owned
-- by the owner, and in it the extensions the schema needs (earthdistance is not
-- a trusted extension, hence a superuser). Everything else -- schemas, tables,
-- grants -- is done by sql/migrate as the owner.
--
-- Run as a superuser, connected to any existing database:
--   psql -X -v ON_ERROR_STOP=1 -d postgres -f sql/bootstrap.sql
-- Optional psql variables (-v name=value):
--   dbname           database to create        (default hitfinder)
--   owner            owner role                (default hitfinder_owner)
--   reader           read-only role            (default hitfinder_reader)
--   owner_password   set the owner's password  (default: left as is)
--   reader_password  set the reader's password (default: left as is)
-- Idempotent: running it again changes nothing and fails on nothing.
--
-- The migrations write their grants for the roles hitfinder_owner and
-- hitfinder_reader by name (docs/internals.md), so change `owner`/`reader` only
-- for experiments; `dbname` is free (the tests use scratch databases).

\set ON_ERROR_STOP 1
\set QUIET on
\if :{?dbname}
\else
\set dbname hitfinder
\endif
\if :{?owner}
\else
\set owner hitfinder_owner
\endif
\if :{?reader}
\else
\set reader hitfinder_reader
\endif

SET client_min_messages = warning;

-- Roles are cluster-wide: create them only when missing, then make sure they
-- can log in (a pre-existing NOLOGIN role of that name is fixed, not an error).
SELECT format('CREATE ROLE %I LOGIN', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'reader')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'reader') \gexec
SELECT format('ALTER ROLE %I LOGIN', r)
  FROM unnest(ARRAY[:'owner', :'reader']) AS r \gexec

\if :{?owner_password}
SELECT format('ALTER ROLE %I PASSWORD %L', :'owner', :'owner_password') \gexec
\endif
\if :{?reader_password}
SELECT format('ALTER ROLE %I PASSWORD %L', :'reader', :'reader_password') \gexec
\endif

-- The database, UTF-8, owned by the owner role.
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0',
              :'dbname', :'owner', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'dbname') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'dbname', :'owner') \gexec

-- Only the two roles may connect; nobody gets TEMP by default.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'dbname') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'dbname', :'reader') \gexec

\c :"dbname"
SET client_min_messages = warning;

-- Extensions live in schema public; the worker's search_path is "hf, public".
CREATE EXTENSION IF NOT EXISTS pg_trgm       WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent      WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS cube          WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS earthdistance WITH SCHEMA public;

-- PostgreSQL 15 already defaults to this; say it anyway for older clusters.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
