# TinhGon — the two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
TINHGON := $(BIN)/tinhgon
DEMO_DB ?= sqlite:///$(CURDIR)/var/demo.sqlite3
HOST ?= 127.0.0.1
PORT ?= 8000
APT_PACKAGES := postgresql-15 postgresql-contrib libharfbuzz-subset0 fonts-liberation2 poppler-utils chromium softhsm2

.PHONY: install demo serve test test-sqlite test-postgres lint check apt bench bench-load pg-start pg-stop lock clean

$(BIN)/tinhgon: pyproject.toml requirements.lock
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $(BIN)/tinhgon

install: $(BIN)/tinhgon

# Install, migrate a SQLite database, load the demo, start the job worker and serve.
demo: install
	mkdir -p var
	DEBUG=1 DATABASE_URL=$(DEMO_DB) $(TINHGON) migrate --noinput
	DEBUG=1 DATABASE_URL=$(DEMO_DB) $(TINHGON) load_demo
	DEBUG=1 DATABASE_URL=$(DEMO_DB) $(TINHGON) demo_accounts
	DEBUG=1 DATABASE_URL=$(DEMO_DB) $(TINHGON) demo_reports
	DEBUG=1 DATABASE_URL=$(DEMO_DB) $(TINHGON) make_test_ca
	@echo "Máy chủ: http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	DEBUG=1 DATABASE_URL=$(DEMO_DB) $(TINHGON) db_worker --interval 1 & \
	  WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  DEBUG=1 DATABASE_URL=$(DEMO_DB) $(TINHGON) runserver --noreload $(HOST):$(PORT)

# apt packages the tests need (only when run as root and something is missing).
apt:
	@if [ "$$(id -u)" = "0" ]; then \
	  missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "apt-get install$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null; fi; \
	fi

lint: install
	$(BIN)/ruff format --check tinhgon tests bench
	$(BIN)/ruff check tinhgon tests bench
	$(BIN)/lint-imports
	TINHGON_TESTING=1 $(BIN)/mypy tinhgon

check: install
	TINHGON_TESTING=1 DATABASE_URL=sqlite:///:memory: $(TINHGON) check --fail-level WARNING
	TINHGON_TESTING=1 DATABASE_URL=sqlite:///:memory: $(TINHGON) makemigrations --check --dry-run
	TINHGON_TESTING=1 DATABASE_URL=sqlite:///:memory: $(TINHGON) spectacular --fail-on-warn --validate --file /dev/null

test-sqlite: install
	TINHGON_TESTING=1 DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3 $(BIN)/pytest -q $(PYTEST_ARGS)

# PostgreSQL only when DATABASE_URL points to one (in CI, CI=true, it must).
# pytest-django creates test_<name> on that server; exit code 5 (no tests) fails the target.
test-postgres: install
	@if [[ "$$DATABASE_URL" == postgres* ]]; then \
	  TINHGON_TESTING=1 $(BIN)/pytest -q -m "not browser" $(PYTEST_ARGS); \
	elif [[ "$$CI" == true ]]; then echo "CI: DATABASE_URL must point to PostgreSQL." >&2; exit 1; \
	else echo "DATABASE_URL does not point to PostgreSQL: PostgreSQL tests not run."; fi

# Lint, check and the SQLite and PostgreSQL runs are independent (own databases; browser tests only
# on SQLite): on two cores they run two at a time, each one's output printed whole when it ends.
# -k: a lint failure still lets the tests run (one report of everything); the exit code is non-zero
# if any step failed.
test: apt install
	$(MAKE) --no-print-directory -k -j2 --output-sync=target lint check test-sqlite test-postgres

# National-scale registry benchmark (bench/README.md). Without a postgres:// DATABASE_URL it runs
# its own cluster on port 54330 with data cached in bench/.cache/pg.
bench: install
	$(BIN)/python bench/registry.py $(BENCH_ARGS)
	$(BIN)/python bench/indicators.py
	$(BIN)/python bench/streamlining.py
	$(BIN)/python bench/plans.py $(PLANS_BENCH_ARGS)
	$(BIN)/python bench/import.py
	$(BIN)/python bench/workforce.py $(WORKFORCE_BENCH_ARGS)
	$(BIN)/python bench/proposals.py $(PROPOSALS_BENCH_ARGS)
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/reports.py --demo
	$(MAKE) bench-load

# Load test (bench/README.md): 200 users against gunicorn + PostgreSQL for 60 s, e.g.
#   make bench-load LOAD_BENCH_ARGS="--port 54347 --users 50 --run-time 30"
bench-load: install
	$(BIN)/python bench/load.py $(LOAD_BENCH_ARGS)

# The bench cluster alone (port 54330, bench/.cache/pg), e.g. to inspect the generated data:
#   psql -h 127.0.0.1 -p 54330 -U postgres tinhgon_bench
pg-start: install
	$(BIN)/python -c 'import sys; sys.path.insert(0, "bench"); import _pg; c = _pg.Cluster(); c.start(); c.ensure_database("tinhgon_bench"); print(c.url_base + "/tinhgon_bench")'

pg-stop:
	$(BIN)/python -c 'import sys; sys.path.insert(0, "bench"); import _pg; c = _pg.Cluster(); c.started_here = c.running(); c.stop()'

lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var
