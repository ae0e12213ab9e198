# Convenience targets. The real set-up lives in scripts/ (README "Quick start"):
# every target makes sure .venv exists and is current before using it.
#
#   make render [ARGS="..."]   ./scripts/render ARGS
#   make test   [ARGS="..."]   ./scripts/test ARGS  (ruff, mypy, pytest)

SHELL := /bin/bash
.DEFAULT_GOAL := help

BIN  := .venv/bin
BOOT := bash scripts/lib/bootstrap.sh
ARGS ?=
# Where `make schema` writes the JSON Schema (arch.yaml's yaml-language-server line points here).
SCHEMA_FILE ?= schema/arch.schema.json

.PHONY: help venv render test lint format golden schema bench clean

help:
	@echo "make render   render the example model (arch.yaml) into output/  [ARGS=...]"
	@echo "make test     ruff check, ruff format --check, mypy, pytest      [ARGS=pytest args]"
	@echo "make lint     ruff check, ruff format --check, mypy"
	@echo "make format   ruff format, then ruff check --fix"
	@echo "make golden   regenerate golden files (pytest --update-golden)   [ARGS=...]"
	@echo "make schema   write $(SCHEMA_FILE), docs/model.md and the validator's schema"
	@echo "make bench    run the benchmarks (python -m bench)               [ARGS=...]"
	@echo "make clean    remove .venv, tool caches and build leftovers (never tracked output/ files)"

# Python and .venv only (no system packages): enough for lint, format and schema.
venv:
	@$(BOOT) venv

render:
	./scripts/render $(ARGS)

test:
	./scripts/test $(ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Test-mode bootstrap: also checks poppler/Chromium and exports ARCHGEN_CHROMIUM.
golden:
	@$(BOOT) test -- $(BIN)/python -m pytest --update-golden $(ARGS)

schema: venv
	@mkdir -p $(dir $(SCHEMA_FILE))
	$(BIN)/archgen schema --write $(SCHEMA_FILE)
	$(BIN)/archgen schema --markdown --write docs/model.md
	$(BIN)/python -m archgen.model.jsonschema

bench:
	@$(BOOT) render -- $(BIN)/python -m bench $(ARGS)

# Only untracked, regenerable things. output/.tmp* are ignored scratch files;
# everything else in output/ is left alone.
clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache build dist ./*.egg-info output/.tmp*
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
