# deploy/install.mk -- `make install` and `make check-deploy` (GNU make fragment).
#
# The top-level Makefile does `include deploy/install.mk`; make runs from the repository root.
# It also works on its own: make -f Makefile -f deploy/install.mk install (a second inclusion is
# ignored).
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   install the worker, sql/, the nginx templates
#                                                 and the systemd units (see the layout below)
#   make uninstall [PREFIX=...] [DESTDIR=...]     remove exactly what install put there
#   make check-deploy                             tests/integration/test_deploy.py alone
#
# Layout (DESTDIR is prepended to every path; PREFIX is also written into the installed units
# and nginx site file, so install with the PREFIX the files will live under):
#   $(PREFIX)/sbin/hitfinder-fcgi                  the worker
#   $(PREFIX)/share/hitfinder/sql/                 migrate, bootstrap.sql, migrations/, data/sample/
#   $(PREFIX)/share/hitfinder/nginx/               nginx.conf.in, render, fastcgi_params, errors/, html/
#   $(PREFIX)/share/hitfinder/deploy/              the units, nginx-site.conf, *.env.example
#   $(SYSTEMD_UNIT_DIR)/hitfinder-*.service        the systemd units (default /lib/systemd/system)
# Nothing is started, enabled or created outside these paths (no users, no /etc files).

ifndef HITFINDER_INSTALL_MK
HITFINDER_INSTALL_MK := 1
# Keep the includer's default goal (install must never become it).
HF_SAVED_GOAL := $(.DEFAULT_GOAL)

PREFIX           ?= /usr/local
# Every file of the web page (it has subfolders: css/, js/, vendor/).
HF_HTML          := $(shell find nginx/html -type f | LC_ALL=C sort)
DESTDIR          ?=
SYSTEMD_UNIT_DIR ?= /lib/systemd/system
INSTALL          ?= install

HF_SBIN   := $(DESTDIR)$(PREFIX)/sbin
HF_SHARE  := $(DESTDIR)$(PREFIX)/share/hitfinder
HF_UNITS  := $(DESTDIR)$(SYSTEMD_UNIT_DIR)
# Files whose text names installed paths: @PREFIX@ is replaced at install.
HF_DEPLOY_SUBST := deploy/systemd/hitfinder-fcgi.service deploy/systemd/hitfinder-migrate.service \
	deploy/nginx-site.conf
HF_DEPLOY_PLAIN := deploy/systemd/hitfinder-fcgi.env.example deploy/systemd/hitfinder-migrate.env.example
HF_SQL_DATA := $(shell cd sql && find data/sample -type f | LC_ALL=C sort)

.PHONY: install uninstall check-deploy

install: all
	$(INSTALL) -d $(HF_SBIN) $(HF_SHARE)/sql/migrations $(HF_SHARE)/nginx/errors \
		$(HF_SHARE)/nginx/html $(HF_SHARE)/deploy $(HF_UNITS)
	$(INSTALL) -m 0755 fcgi/hitfinder-fcgi $(HF_SBIN)/hitfinder-fcgi
	$(INSTALL) -m 0755 sql/migrate $(HF_SHARE)/sql/migrate
	$(INSTALL) -m 0644 sql/bootstrap.sql sql/README.md $(HF_SHARE)/sql/
	$(INSTALL) -m 0644 sql/migrations/*.sql $(HF_SHARE)/sql/migrations/
	@set -e; for f in $(HF_SQL_DATA); do \
		echo "$(INSTALL) -D -m 0644 sql/$$f $(HF_SHARE)/sql/$$f"; \
		$(INSTALL) -D -m 0644 sql/$$f $(HF_SHARE)/sql/$$f; \
	done
	$(INSTALL) -m 0755 nginx/render $(HF_SHARE)/nginx/render
	$(INSTALL) -m 0644 nginx/nginx.conf.in nginx/fastcgi_params nginx/security_headers $(HF_SHARE)/nginx/
	$(INSTALL) -m 0644 nginx/errors/*.json $(HF_SHARE)/nginx/errors/
	@set -e; for f in $(HF_HTML); do $(INSTALL) -D -m 0644 $$f $(HF_SHARE)/$$f; done
	@set -e; for f in $(HF_DEPLOY_SUBST); do \
		echo "sed s|@PREFIX@|$(PREFIX)| $$f > $(HF_SHARE)/deploy/$${f##*/}"; \
		sed 's|@PREFIX@|$(PREFIX)|g' $$f > $(HF_SHARE)/deploy/$${f##*/}.tmp; \
		chmod 0644 $(HF_SHARE)/deploy/$${f##*/}.tmp; \
		mv $(HF_SHARE)/deploy/$${f##*/}.tmp $(HF_SHARE)/deploy/$${f##*/}; \
	done
	$(INSTALL) -m 0644 $(HF_DEPLOY_PLAIN) $(HF_SHARE)/deploy/
	$(INSTALL) -m 0644 $(HF_SHARE)/deploy/hitfinder-fcgi.service \
		$(HF_SHARE)/deploy/hitfinder-migrate.service $(HF_UNITS)/

uninstall:
	rm -f $(HF_SBIN)/hitfinder-fcgi $(HF_UNITS)/hitfinder-fcgi.service \
		$(HF_UNITS)/hitfinder-migrate.service
	rm -rf $(HF_SHARE)

# The deployment tests alone (they also run in check-integration, hence in make test).
check-deploy: all
	@HITFINDER_VAR=$(TEST_VAR) HITFINDER_PORT=$(TEST_PORT) HITFINDER_PGPORT=$(TEST_PGPORT) \
		$(PYTEST) -q -p no:cacheprovider tests/integration/test_deploy.py

.DEFAULT_GOAL := $(HF_SAVED_GOAL)
endif
