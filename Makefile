# cardsort-drive developer tasks. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: help demo test check bench install clean browser

help: ## show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the project with its test tools

demo: $(STAMP) ## run the whole job on the bundled demo school share
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh

check: $(STAMP) ## ruff (lint + format), mypy strict, import-linter
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: check ## check, then the test suite
	$(BIN)/pytest -n 2 -q

bench: $(STAMP) ## benchmarks: print numbers and ratios against a baseline measured in the same run
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m bench

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
