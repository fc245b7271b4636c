# planner — two commands do everything on a fresh machine:
#   make lab    set up .venv if needed, create the demo workspace, open JupyterLab
#   make test   set up .venv the same way and run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKSPACE ?= $(CURDIR)/workspace
export PLANNER_WORKSPACE := $(WORKSPACE)

.PHONY: lab test venv demo bench lint clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,lab]"
	@touch $(STAMP)

demo: $(STAMP)
	$(PY) -m planner init --workspace "$(WORKSPACE)"

lab: demo
	@echo "JupyterLab mở các sổ tay trong notebooks/ — địa chỉ (URL) in ở dưới; không gian làm việc: $(WORKSPACE)"
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

test: $(STAMP)
	$(PY) -m ruff check planner tests benchmarks
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(STAMP)
	$(PY) -m ruff check planner tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
