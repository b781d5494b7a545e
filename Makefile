# leadscore: `make demo` scores a generated demo warehouse; `make test` runs every check.
SHELL := /bin/bash
VENV ?= .venv
PYTHON := $(VENV)/bin/python
BIN := $(VENV)/bin
export DBT_PROFILES_DIR := $(CURDIR)

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

# --compile-bytecode: uv writes no .pyc by default, and where PYTHONDONTWRITEBYTECODE is set (as
# on these machines) Python never does, so every dbt process recompiled dbt's sources: 4-7 s of
# each of the test suite's ~70 dbt starts (importing dbt took 6.8 s, with bytecode 4.1 s).
$(VENV)/.installed: pyproject.toml Makefile
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(PYTHON) -e '.[dev]'
	@touch $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install the project with its dev tools

.PHONY: demo
demo: install ## Generate the demo warehouse (10k leads), score it, print a summary
	$(BIN)/leadscore demo

.PHONY: build
build: install ## Compile the rule seeds, then dbt build on the current warehouse (score_date: today)
	$(BIN)/leadscore build

.PHONY: lint
lint: install ## ruff check and format check; the rule seeds checked, and compiled into the checked-in macro
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/leadscore rules check
	$(BIN)/leadscore rules compile --check

.PHONY: unit
unit: install ## Fast unit tests only
	$(BIN)/pytest -m "not e2e" -q

# Two workers: the end-to-end tests mostly wait on single-threaded dbt processes. Tests that share
# an expensive fixture (a scored warehouse, the Dagster run) stay on one worker (tests/conftest.py).
.PHONY: test
test: install lint ## Lint, then every test (unit and end to end)
	$(BIN)/pytest -q -n 2

.PHONY: faults
faults: install ## Kill real dbt builds at all 37 kill points (docs/reliability.md); Postgres too if LEADSCORE_PG_HOST/_PORT are set
	LEADSCORE_FAULT_POINTS=all $(BIN)/pytest -q -m faults

.PHONY: docs
docs: install ## dbt docs site for the models (target/index.html)
	$(BIN)/dbt docs generate

BENCH_LEADS ?= 100000 1000000
.PHONY: bench
bench: install ## Benchmark dbt vs hand-written DuckDB SQL vs pandas, and a daily incremental run (BENCH_LEADS="100000 1000000")
	$(PYTHON) bench/run.py --leads $(BENCH_LEADS)

.PHONY: load-postgres
load-postgres: install ## Copy the raw tables of the DuckDB warehouse into Postgres (LEADSCORE_PG_*)
	$(PYTHON) -m leadscore.load_postgres $${LEADSCORE_DUCKDB_PATH:-warehouse/leadscore.duckdb}

.PHONY: bank
bank: install ## Real data: score UCI Bank Marketing through its adapter; held-out AUC, lift, deciles (docs/bank-marketing.md)
	$(BIN)/leadscore adapter evaluate bank_marketing

.PHONY: clean
clean: ## Remove build output and the demo warehouse (keeps .venv)
	rm -rf target logs warehouse reports .pytest_cache .ruff_cache

# Dagster (orchestration/, docs/orchestration.md): the UI on the embedded DuckDB warehouse.
# Do not run the dbt CLI (make build, leadscore, dbt) while Dagster runs on the same file:
# DuckDB allows one writer. Stop `make dev` first, or point one of them at another file.
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
DAGSTER_PORT ?= 3000
WAREHOUSE_FILE = $${LEADSCORE_DUCKDB_PATH:-warehouse/leadscore.duckdb}

.PHONY: dev
dev: install ## Dagster UI on http://127.0.0.1:3000 (creates a demo warehouse with score history if none)
	@if [ ! -f "$(WAREHOUSE_FILE)" ]; then \
	  echo "No warehouse at $(WAREHOUSE_FILE): creating the demo (10k leads, a year of monthly score history, scored through yesterday: the latest Dagster partition) ..."; \
	  $(BIN)/leadscore generate && $(PYTHON) -m leadscore.score_history --months 12 --through $$(date -u -d yesterday +%F); \
	fi
	@mkdir -p "$(DAGSTER_HOME)" && cp orchestration/dagster.yaml "$(DAGSTER_HOME)/dagster.yaml"
	DAGSTER_HOME="$(DAGSTER_HOME)" PYTHONPATH="$(CURDIR)" $(BIN)/dagster dev -h 127.0.0.1 -p $(DAGSTER_PORT) -m orchestration.definitions

.PHONY: demo-history
demo-history: install ## Score the first day of each of the last 12 months into lead_score_history, then today
	$(PYTHON) -m leadscore.score_history --months 12

.PHONY: quality-report
quality-report: install ## Write the score-quality report (reports/quality/index.html) from the warehouse
	$(PYTHON) -m leadscore.quality_report

.PHONY: dagster-manifest
dagster-manifest: install ## Parse the dbt project for Dagster (target/dagster), e.g. before deploying
	$(BIN)/dagster-dbt project prepare-and-package --file orchestration/project.py
