# `make run` and `make test` bootstrap .venv themselves; nothing is downloaded at run time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= $(if $(CEASEFIRE_SHARED),$(CEASEFIRE_SHARED),../shared)
export CEASEFIRE_SHARED := $(abspath $(SHARED))
DB     ?= ceasefire.duckdb

.PHONY: run test test-fast train gazetteer assets bench eval clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

# Derived artifacts (gazetteer, trained classifier) are built from ../shared into .cache/ (git-ignored).
assets: $(STAMP)
	$(BIN)/ceasefire build-assets

gazetteer: $(STAMP)
	$(BIN)/ceasefire gazetteer build

train: $(STAMP)
	$(BIN)/ceasefire train

run: assets
	$(BIN)/ceasefire run-example --db $(DB)

test: assets
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: assets
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/classify.py

eval: assets
	$(BIN)/ceasefire eval case2021 $(CEASEFIRE_SHARED)/eval/case2021_task2/dev.tsv --summary

clean:
	rm -rf $(VENV) .cache $(DB)
