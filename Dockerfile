# Dockerfile -- the hitfinder images (README.md "Deployment"; docker-compose.yml uses both).
#
#   docker build --target worker -t hitfinder .        (also the default: the last stage)
#       ENTRYPOINT hitfinder-entrypoint (VAR_FILE -> VAR for Docker secrets, then exec)
#       CMD        hitfinder-fcgi: the FastCGI worker on TCP :9000 (HITFINDER_SOCKET), flags and
#                  HITFINDER_* variables as in `hitfinder-fcgi --help`
#       other commands of the same image:
#                  hitfinder-migrate [up|status]   bootstrap as needed + sql/migrate, data in /data
#                  hitfinder-healthcheck           the HEALTHCHECK (FastCGI GET /api/v1/health)
#   docker build --target nginx -t hitfinder-nginx .
#       CMD        hitfinder-nginx: nginx/nginx.conf.in rendered by nginx/render (the templates
#                  of `make run`) from HITFINDER_* variables, nginx in the foreground on :8080
#
# Both images run as the unprivileged user hitfinder (uid/gid 10001) and hold only runtime
# packages; the build stage compiles with `make all` and lays the files out with `make install`
# (deploy/install.mk), so the image has the layout of a native install under /usr/local.

ARG DEBIAN_IMAGE=debian:bookworm-slim

# --- build: compile the worker, install into /out ------------------------------------------
FROM ${DEBIAN_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gcc libc6-dev make pkg-config libfcgi-dev libpq-dev libjson-c-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile ./
COPY fcgi/ fcgi/
COPY sql/ sql/
COPY nginx/ nginx/
COPY deploy/ deploy/
# deploy/install.mk is named explicitly so this works whether or not the Makefile includes it.
RUN make all \
 && make -f Makefile -f deploy/install.mk install PREFIX=/usr/local DESTDIR=/out \
 && /out/usr/local/sbin/hitfinder-fcgi --help >/dev/null

# --- nginx: the front, same templates as make run ------------------------------------------
FROM ${DEBIAN_IMAGE} AS nginx
# policy-rc.d: the package must not try to start nginx during the build.
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d /etc/nginx/sites-enabled/default \
 && groupadd --system --gid 10001 hitfinder \
 && useradd --system --uid 10001 --gid hitfinder --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin hitfinder \
 && install -d -o hitfinder -g hitfinder -m 0750 /var/lib/hitfinder
COPY --from=build /out/usr/local/share/hitfinder/nginx/ /usr/local/share/hitfinder/nginx/
COPY deploy/docker/entrypoint /usr/local/bin/hitfinder-entrypoint
COPY deploy/docker/nginx /usr/local/bin/hitfinder-nginx
COPY deploy/docker/healthcheck /usr/local/bin/hitfinder-healthcheck
# The compose file sets the same values; these make `docker run hitfinder-nginx` work alone
# next to a service (or host alias) called worker.
ENV HITFINDER_VAR=/var/lib/hitfinder \
    HITFINDER_LISTEN=8080 \
    HITFINDER_UPSTREAM_DNS=worker:9000 \
    HITFINDER_RESOLVER=127.0.0.11 \
    HITFINDER_NGINX_DAEMON=off \
    HITFINDER_NGINX_ERROR_LOG=stderr \
    HITFINDER_NGINX_ACCESS_LOG=/dev/stdout
USER hitfinder:hitfinder
EXPOSE 8080
# SIGQUIT: graceful shutdown (requests in flight finish).
STOPSIGNAL SIGQUIT
HEALTHCHECK --interval=10s --timeout=6s --start-period=5s --retries=3 \
    CMD ["hitfinder-healthcheck", "http"]
ENTRYPOINT ["hitfinder-entrypoint"]
CMD ["hitfinder-nginx"]

# --- worker: the FastCGI worker, the migrations and the imports (default image) ------------
FROM ${DEBIAN_IMAGE} AS worker
# Runtime libraries of the worker; libfcgi-bin (cgi-fcgi) for the health check;
# postgresql-client (psql, pg_isready) for the migrations and imports.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libfcgi0ldbl libfcgi-bin libpq5 libjson-c5 postgresql-client ca-certificates bash \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 hitfinder \
 && useradd --system --uid 10001 --gid hitfinder --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin hitfinder \
 && install -d -o hitfinder -g hitfinder -m 0750 /var/lib/hitfinder \
 && install -d -m 0755 /data
COPY --from=build /out/usr/local/ /usr/local/
COPY deploy/docker/entrypoint /usr/local/bin/hitfinder-entrypoint
COPY deploy/docker/migrate /usr/local/bin/hitfinder-migrate
COPY deploy/docker/healthcheck /usr/local/bin/hitfinder-healthcheck
ENV HITFINDER_SOCKET=:9000 \
    HITFINDER_WORKERS=4 \
    HITFINDER_DB="host=db port=5432 dbname=hitfinder user=hitfinder_reader" \
    HITFINDER_DATA_DIR=/data \
    HITFINDER_SQL_DIR=/usr/local/share/hitfinder/sql \
    PGHOST=db \
    PGPORT=5432
WORKDIR /var/lib/hitfinder
USER hitfinder:hitfinder
EXPOSE 9000
# SIGTERM drains: children finish the request in hand, then everything exits.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=6s --start-period=10s --retries=3 \
    CMD ["hitfinder-healthcheck"]
ENTRYPOINT ["hitfinder-entrypoint"]
CMD ["hitfinder-fcgi"]
