# godmode: `make run` sets everything up and runs the main job; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: install run test lab clean-nbs check-nbs

install: $(VENV)/.installed

# CPU torch first, from the pinned wheel, so that no dependency can pull a multi-GB CUDA build.
$(VENV)/.installed: setup.py settings.ini
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: install
	$(BIN)/godmode run

# Two notebooks run at once on two cores: one torch thread each avoids oversubscription (8x slower otherwise).
test: install
	OMP_NUM_THREADS=1 $(BIN)/nbdev_test --n_workers 2 --timing && OMP_NUM_THREADS=1 $(BIN)/pytest -q tests

lab: install
	$(BIN)/godmode lab

# CI's order: notebooks are clean, the library matches them, then the tests.
check-nbs: install
	$(BIN)/nbdev_clean && git diff --exit-code -- nbs
	$(BIN)/nbdev_export && test -z "$$(git status --porcelain -- godmode)"
