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

$(VENV)/.installed: pyproject.toml
	@test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(PYTHON) -e '.[dev]'
	@touch $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install the project with its dev tools

.PHONY: demo
demo: install ## Generate the demo warehouse (10k leads), score it, print a summary
	$(BIN)/leadscore demo

.PHONY: build
build: install ## dbt build on the current warehouse (score_date: today)
	$(BIN)/leadscore build

.PHONY: lint
lint: install ## ruff check and format check, and the rule seeds checked without a warehouse
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/leadscore rules check

.PHONY: unit
unit: install ## Fast unit tests only
	$(BIN)/pytest -m "not e2e" -q

.PHONY: test
test: install lint ## Lint, then every test (unit and end to end)
	$(BIN)/pytest -q

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

.PHONY: clean
clean: ## Remove build output and the demo warehouse (keeps .venv)
	rm -rf target logs warehouse reports .pytest_cache .ruff_cache
