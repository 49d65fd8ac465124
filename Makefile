# revops: the two commands a newcomer needs are `make build` (the main job) and `make test` (every test).
SHELL := /bin/bash
.DEFAULT_GOAL := build

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
ACCOUNTS ?= 2000
SEED ?= 42

export DBT_PROFILES_DIR := $(CURDIR)/profiles
export DBT_PROJECT_DIR := $(CURDIR)
export REVOPS_HOME := $(CURDIR)
export RAW_DATA_DIR ?= $(CURDIR)/data/raw
export GROUND_TRUTH_DIR ?= $(CURDIR)/data/ground_truth
export DUCKDB_PATH ?= $(CURDIR)/warehouse/revops.duckdb

.PHONY: build test venv data dbt-build lint lint-sql lint-python pytest clean

## venv: create .venv from the lock file (re-synced whenever the lock file changes)
# Bytecode is compiled at install: with PYTHONDONTWRITEBYTECODE set (as on our CI machines) every process
# otherwise compiles dbt, GX and pandas from source again (dbt --version 7.2 -> 3.9 s, GX import 5.1 -> 1.5 s)
venv: $(VENV)/.synced
$(VENV)/.synced: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "python3.11 not found: install Python 3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "$(PYTHON) is not Python 3.11"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

## data: generate the demo raw data and its ground truth (ACCOUNTS, SEED)
data: venv
	$(BIN)/python -m revops.generate --accounts $(ACCOUNTS) --seed $(SEED) --out $(RAW_DATA_DIR) --truth $(GROUND_TRUTH_DIR)

## dbt-build: seeds, models and dbt tests on DuckDB
dbt-build: venv
	@mkdir -p $(dir $(DUCKDB_PATH))
	$(BIN)/dbt build --target duckdb

## quality: the data-quality gate on the built warehouse (GX suites in gx/, thresholds in
## revops/quality/thresholds.yml); results in $(dir DUCKDB_PATH)quality/index.html; non-zero on a critical failure
.PHONY: quality quality-context
quality: venv
	$(BIN)/python -m revops.quality --warehouse $(DUCKDB_PATH)

## quality-postgres: the same gate inside the PostgreSQL warehouse of the `postgres` target (POSTGRES_* env):
## the GX suites run through a SQL datasource, so the checks execute in the database; results in
## warehouse/quality-postgres/
.PHONY: quality-postgres
quality-postgres: venv
	$(BIN)/python -m revops.quality --target postgres

## quality-spark: the same gate in the Spark metastore of the `spark` target (a local session with the profile's
## settings, SPARK_STATE_DIR): GX's Spark datasource on each table, metrics and the PII scan in Spark SQL; run
## it after `dbt build --target spark` has finished (embedded Derby: one JVM at a time); results in
## warehouse/quality-spark/
.PHONY: quality-spark
quality-spark: venv
	$(BIN)/python -m revops.quality --target spark

## quality-context: regenerate the GX file context gx/ after editing the thresholds config
quality-context: venv
	$(BIN)/python -m revops.quality.context

## report: the offline HTML alignment scorecard from the built warehouse
## ($(dir DUCKDB_PATH)report/alignment_scorecard.html; styles, data, charts and the Vega JS inline)
.PHONY: report
report: venv
	$(BIN)/python -m revops.report --warehouse $(DUCKDB_PATH)

## docs: dbt docs (catalog from the built warehouse); browse with `make docs-serve` or open
## target/static_index.html (one file, no server)
.PHONY: docs docs-serve
docs: venv
	$(BIN)/dbt docs generate --target duckdb --static

docs-serve: docs
	$(BIN)/dbt docs serve --target duckdb --port 8080

## dbt-build-demo: dbt-build on the generated demo data, hashing personal data with the public demo salt
## (your own data needs REVOPS_PII_SALT in the environment: use dbt-build)
.PHONY: dbt-build-demo
dbt-build-demo: venv
	@mkdir -p $(dir $(DUCKDB_PATH))
	$(BIN)/dbt build --target duckdb --vars '{pii_demo_salt: true}'

## build: the main job
build: data dbt-build-demo quality report

## lock: re-resolve the lock file after editing pyproject.toml
lock:
	@test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet uv==$(UV_VERSION); }
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --extra engines --python-version 3.11 --generate-hashes -o requirements.lock

## lint-sql: sqlfluff with the dbt templater (it opens a scratch DuckDB file, not the warehouse)
lint-sql: venv
	@mkdir -p target
	DUCKDB_PATH=$(CURDIR)/target/sqlfluff.duckdb $(BIN)/sqlfluff lint --processes 2 models analyses tests/data

lint-python: venv
	$(BIN)/ruff check revops tests superset
	$(BIN)/ruff format --check revops tests superset

lint: lint-sql lint-python

## browser: headless Chromium for the HTML rendering tests (installed from Debian when missing and run as root)
.PHONY: browser
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing chromium (Debian package) for the HTML rendering tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install it (apt-get install chromium) to run the HTML rendering tests"; fi; }

## pytest: every Python test, the engine equivalence (DuckDB vs PostgreSQL vs local Spark) included; a missing
## engine (PostgreSQL 15 binaries, Java 17) fails it unless REVOPS_ENGINES_REQUIRED=0 (then it is skipped)
REVOPS_ENGINES_REQUIRED ?= 1
pytest: venv browser superset-venv
	REVOPS_ENGINES_REQUIRED=$(REVOPS_ENGINES_REQUIRED) $(BIN)/pytest

## pytest-quick: the quick local loop, without the engine equivalence (about 12 minutes less)
.PHONY: pytest-quick
pytest-quick: venv browser superset-venv
	$(BIN)/pytest -m "not engines"

## bench-match: accuracy (vs ground truth), wall time and peak memory of the account matchers and Splink
## (ACCOUNTS, SEED); work files go to a folder in /tmp, results to <work>/bench_match.json and .md
.PHONY: bench-match
bench-match: venv
	$(BIN)/python -m revops.bench.match --accounts $(ACCOUNTS) --seed $(SEED)

## postgres-start / postgres-stop: a throw-away local PostgreSQL 15 on 127.0.0.1 ($$POSTGRES_PORT, default 55432)
.PHONY: postgres-start postgres-stop test-engines
postgres-start:
	scripts/postgres_local.sh start
postgres-stop:
	scripts/postgres_local.sh stop

## test-engines: only the engine equivalence test (DuckDB vs PostgreSQL vs local Spark, demo data, and the
## quality gate pushed down to PostgreSQL and Spark); part of `make test` too
test-engines: venv
	REVOPS_ENGINES_REQUIRED=$(REVOPS_ENGINES_REQUIRED) $(BIN)/pytest -m engines -s

## superset-venv: Apache Superset's own environment .venv-superset from superset/requirements.lock (its pins
## must not fight dbt's; duckdb is the version dbt writes with)
SUPERSET_VENV := .venv-superset
.PHONY: superset-venv superset-lock dashboard dashboard-stop
superset-venv: $(SUPERSET_VENV)/.synced
$(SUPERSET_VENV)/.synced: superset/requirements.lock | venv
	@test -x $(SUPERSET_VENV)/bin/python || $(PYTHON) -m venv $(SUPERSET_VENV)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(SUPERSET_VENV)/bin/python superset/requirements.lock
	@touch $@

## superset-lock: re-resolve superset/requirements.lock after editing superset/requirements.in
superset-lock: venv
	$(BIN)/uv pip compile superset/requirements.in --python-version 3.11 --generate-hashes -o superset/requirements.lock

## dashboard: Superset on 127.0.0.1:$$SUPERSET_PORT (default 8088) with the "Alignment scorecard" dashboard
## on the built warehouse (run `make build` first), provisioned from superset/alignment_scorecard.yml; state
## (metadata database, log, pid) in $(dir DUCKDB_PATH)superset. Demo mode: a missing SUPERSET_SECRET_KEY or
## SUPERSET_ADMIN_PASSWORD gets a public demo value (said on start); for real data set both and run
## `$(BIN)/python -m revops.dashboard up` without --demo. Stop it with `make dashboard-stop`.
dashboard: venv superset-venv
	@test -f $(DUCKDB_PATH) || { echo "no warehouse at $(DUCKDB_PATH): run \`make build\` first"; exit 1; }
	$(BIN)/python -m revops.dashboard up --demo --warehouse $(DUCKDB_PATH)

dashboard-stop: venv
	$(BIN)/python -m revops.dashboard stop --demo --warehouse $(DUCKDB_PATH)

## test: every test (lint, generator, macros, dbt build on demo data, row conservation, engine equivalence,
## the Superset dashboard)
test: lint pytest

clean:
	rm -rf target logs warehouse data dbt_packages

## bench: build benchmark (ACCOUNTS, SEED): generation, the read floor, full `dbt build` (tests included),
## incremental build after a ~1% append, quality gate; wall time, peak memory, top models
## (revops/bench/build.py; BENCH_ARGS e.g. "--repeat 3" or "--raw /path/to/raw"); results in the work folder
.PHONY: bench
bench: venv
	$(BIN)/python -m revops.bench.build --accounts $(ACCOUNTS) --seed $(SEED) $(BENCH_ARGS)
