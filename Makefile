# taskmgr — build, test, install. The scripts these targets call live in .ci/.

.DEFAULT_GOAL := help

help:
	@echo "make run | stop | test | deps | monitor-once   (development)"
	@echo "make build-release                   release binaries, static Swift stdlib"
	@echo "make install [PREFIX=/usr/local] [DESTDIR=]   binaries + data (units, nginx, sql, env example)"
	@echo "make install-data                    everything but the binaries (no build needed)"
	@echo "make uninstall | deb | check-units"

# ============================================================================
# Development: run, test, deps
# ============================================================================

RUN_DIR ?= .run

.PHONY: deps build test run stop monitor-once

deps:                 ## install the Debian packages taskmgr needs (idempotent)
	.ci/install-deps

build: deps           ## debug build of every executable
	PATH=/opt/swift/usr/bin:$$PATH swift build

test:                 ## the whole suite: pgTAP, Swift unit+integration, units, browser
	.ci/test

run:                  ## taskmgr locally: PostgreSQL, routes behind nginx, monitor every 2 min
	.ci/run-local start $(RUN_DIR)

stop:                 ## stop what `make run` started
	.ci/run-local stop $(RUN_DIR)

monitor-once:         ## one monitor cycle by hand against the local run
	.ci/run-local monitor-once $(RUN_DIR)

# ============================================================================
# Packaging and installation: build-release, install, install-data, uninstall,
# deb, check-units
# ============================================================================

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/taskmgr
DOCDIR     ?= $(PREFIX)/share/doc/taskmgr
LIBEXECDIR ?= $(PREFIX)/lib/taskmgr
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
SYSCONFDIR ?= /etc
# Where install takes the binaries from; point it at a prebuilt tree to skip building.
RELEASE_SCRATCH ?= .build-release
RELEASE_BIN     ?= $(RELEASE_SCRATCH)/release
DEB_VERSION     ?= 0.1.0
DEB_WORKDIR     ?= .build-deb

TASKMGR_BINARIES = taskmgr-create-task taskmgr-task-status taskmgr-update-task \
                   taskmgr-tasks taskmgr-retry-task taskmgr-cancel-task \
                   taskmgr-task-events taskmgr-monitor taskctl
TASKMGR_UNITS = taskmgr-route@.socket taskmgr-route@.service taskmgr-routes.target \
                taskmgr-monitor.service taskmgr-monitor.timer \
                taskmgr-archive.service taskmgr-archive.timer taskmgr-alert@.service

# Units name installed paths as the .deb lays them out (/usr/...); other
# prefixes get them rewritten here.
UNIT_PATH_REWRITE = -e 's|/usr/bin/|$(BINDIR)/|g' \
                    -e 's|/usr/lib/taskmgr/|$(LIBEXECDIR)/|g' \
                    -e 's|/usr/share/doc/taskmgr/|$(DOCDIR)/|g' \
                    -e 's|/usr/share/taskmgr/|$(DATADIR)/|g'

.PHONY: help build-release install install-bin install-data uninstall deb check-units

# One product at a time: SwiftPM honours only the last of several --product flags, and a
# plain build would also compile Tests/TestSupport, which needs the test-only Testing module.
build-release:
	for product in $(TASKMGR_BINARIES); do \
	    swift build -c release --static-swift-stdlib --scratch-path $(RELEASE_SCRATCH) --product $$product || exit 1; \
	done

# Binaries come from RELEASE_BIN; run `make build-release` first (it is not a
# prerequisite so that a prebuilt tree can be installed without a toolchain).
install: install-bin install-data

install-bin:
	@for b in $(TASKMGR_BINARIES); do \
	    [ -x "$(RELEASE_BIN)/$$b" ] || { echo "missing $(RELEASE_BIN)/$$b: run 'make build-release' or set RELEASE_BIN=DIR" >&2; exit 1; }; \
	done
	install -d $(DESTDIR)$(BINDIR)
	for b in $(TASKMGR_BINARIES); do install -m 0755 "$(RELEASE_BIN)/$$b" $(DESTDIR)$(BINDIR)/; done

install-data:
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SYSUSERSDIR) \
	    $(DESTDIR)$(DATADIR)/sql $(DESTDIR)$(DATADIR)/nginx $(DESTDIR)$(DATADIR)/dashboard $(DESTDIR)$(DOCDIR)
	for u in $(TASKMGR_UNITS); do \
	    sed $(UNIT_PATH_REWRITE) systemd/$$u > $(DESTDIR)$(UNITDIR)/$$u && chmod 0644 $(DESTDIR)$(UNITDIR)/$$u; \
	done
	install -m 0755 systemd/taskmgr-alert-unit-failure $(DESTDIR)$(LIBEXECDIR)/
	install -m 0644 systemd/taskmgr.sysusers $(DESTDIR)$(SYSUSERSDIR)/taskmgr.conf
	install -m 0644 systemd/taskmgr.env.example $(DESTDIR)$(DATADIR)/
	[ ! -d sql ] || { cp -R sql/. $(DESTDIR)$(DATADIR)/sql/ && chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/sql; }
	[ ! -d nginx ] || { tar -C nginx --exclude=./dashboard -cf - . | tar -C $(DESTDIR)$(DATADIR)/nginx -xf - ; \
	    find $(DESTDIR)$(DATADIR)/nginx -type f -exec sed -i $(UNIT_PATH_REWRITE) {} + ; }
	[ ! -d nginx/dashboard ] || cp -R nginx/dashboard/. $(DESTDIR)$(DATADIR)/dashboard/
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)
	[ ! -f docs/OPERATIONS.md ] || install -m 0644 docs/OPERATIONS.md $(DESTDIR)$(DOCDIR)/
	# /etc/taskmgr: the env file is the admin's; install the example only where none exists.
	install -d -m 0750 $(DESTDIR)$(SYSCONFDIR)/taskmgr $(DESTDIR)$(SYSCONFDIR)/taskmgr/credentials
	[ -e $(DESTDIR)$(SYSCONFDIR)/taskmgr/taskmgr.env ] || \
	    install -m 0640 systemd/taskmgr.env.example $(DESTDIR)$(SYSCONFDIR)/taskmgr/taskmgr.env
	! getent group taskmgr >/dev/null || [ -n "$(DESTDIR)" ] || \
	    chgrp -R taskmgr $(SYSCONFDIR)/taskmgr
	@[ -n "$(DESTDIR)" ] || echo "next: systemd-sysusers taskmgr.conf && chgrp -R taskmgr $(SYSCONFDIR)/taskmgr && systemctl daemon-reload (see $(DOCDIR)/OPERATIONS.md)"

# Leaves /etc/taskmgr (configuration, tokens) and the database alone.
uninstall:
	for b in $(TASKMGR_BINARIES); do rm -f $(DESTDIR)$(BINDIR)/$$b; done
	for u in $(TASKMGR_UNITS); do rm -f $(DESTDIR)$(UNITDIR)/$$u; done
	rm -f $(DESTDIR)$(SYSUSERSDIR)/taskmgr.conf
	rm -rf $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)
	@[ -n "$(DESTDIR)" ] || echo "kept $(SYSCONFDIR)/taskmgr; run systemctl daemon-reload"

# A .deb from the release binaries (RELEASE_BIN), laid out with PREFIX=/usr.
deb:
	.ci/deb/build-deb --version $(DEB_VERSION) --release-bin $(RELEASE_BIN) --workdir $(DEB_WORKDIR)

# systemd-analyze verify / calendar / security over an install-data tree.
check-units:
	.ci/check-units
