# planner — two commands do everything on a fresh machine:
#   make lab    set up .venv if needed, create the demo workspace, open JupyterLab (in Vietnamese)
#   make test   set up .venv the same way and run every test
# and one more for planners who never want to see a cell:
#   make app    the planner's screen (notebook 02) served by Voilà
#   make dashboard  the managers' dashboard (notebook 04) served by Voilà
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKSPACE ?= $(CURDIR)/workspace
export PLANNER_WORKSPACE := $(WORKSPACE)
# JupyterLab's user settings live in the project (gitignored), seeded from jupyter/lab/user-settings:
# Vietnamese menus, no "Jupyter news" question. A file is only written when missing: what the user
# changed in Settings stays.
LAB_SETTINGS ?= $(CURDIR)/.jupyter/lab/user-settings
export JUPYTERLAB_SETTINGS_DIR := $(LAB_SETTINGS)
export JUPYTERLAB_WORKSPACES_DIR := $(CURDIR)/.jupyter/lab/workspaces
LAB_TEMPLATES := jupyter/lab/user-settings
LAB_SETTING_FILES := $(patsubst $(LAB_TEMPLATES)/%,$(LAB_SETTINGS)/%,$(shell find $(LAB_TEMPLATES) -name '*.jupyterlab-settings'))
APP_PORT ?= 8866
DASHBOARD_PORT ?= 8867

.PHONY: lab app dashboard test venv demo lab-settings bench lint clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,lab]"
	@touch $(STAMP)

# The demo workspace: the demo units and catalogue, then a year (2025) of sample plan, reviews and outputs, all
# labelled "demo" (about half a minute the first time; a second run changes nothing and takes a second).
demo: $(STAMP)
	$(PY) -m planner init --workspace "$(WORKSPACE)"
	$(PY) -m planner demo --workspace "$(WORKSPACE)" --year 2025

lab-settings: $(LAB_SETTING_FILES)

$(LAB_SETTINGS)/%.jupyterlab-settings: | $(LAB_TEMPLATES)/%.jupyterlab-settings
	@mkdir -p "$(@D)"
	cp "$(LAB_TEMPLATES)/$*.jupyterlab-settings" "$@"

lab: demo lab-settings
	@echo "JupyterLab mở các sổ tay trong notebooks/ — địa chỉ (URL) in ở dưới; không gian làm việc: $(WORKSPACE)"
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

app: demo
	@echo "Màn hình lập kế hoạch (Voilà, không hiện mã lệnh): mở http://127.0.0.1:$(APP_PORT)/ trong trình duyệt — dừng bằng Ctrl+C; không gian làm việc: $(WORKSPACE)"
	$(VENV)/bin/voila notebooks/02_ke_hoach_noi_dung.ipynb --no-browser --port=$(APP_PORT) --Voila.ip=127.0.0.1 $(APP_ARGS)

dashboard: demo
	@echo "Bảng điều khiển chỉ tiêu (Voilà, không hiện mã lệnh): mở http://127.0.0.1:$(DASHBOARD_PORT)/ trong trình duyệt — dừng bằng Ctrl+C; không gian làm việc: $(WORKSPACE)"
	$(VENV)/bin/voila notebooks/04_bang_dieu_khien.ipynb --no-browser --port=$(DASHBOARD_PORT) --Voila.ip=127.0.0.1 $(DASHBOARD_ARGS)

# The suite runs twice: on SQLite and on PostgreSQL (a throwaway database, a schema per workspace; see
# tests/engines.py), the two halves side by side (each mostly keeps one core busy), each in its own temporary
# folder; the PostgreSQL half's report is printed after the SQLite half's. No server reachable: the PostgreSQL
# half is skipped with a message, unless PLANNER_REQUIRE_POSTGRES is set (CI), which makes it a failure. The
# browser tests run on SQLite only: their Jupyter/Voilà servers open the workspace folder in their own
# processes. The property tests run at full scale on SQLite and at PLANNER_PG_PROPERTY_SCALE on PostgreSQL
# (what they find there is what the engine does differently, which a third of the cases shows).
PLANNER_PG_PROPERTY_SCALE ?= 0.3
test: $(STAMP)
	$(PY) -m ruff check planner tests benchmarks
	@tmp="$$(mktemp -d)"; pg_pid=; pg_status=0; \
	if $(PY) -m tests.engines; then \
		echo "== Bộ kiểm thử trên PostgreSQL: chạy song song, kết quả in sau nửa SQLite"; \
		PLANNER_PROPERTY_SCALE="$${PLANNER_PROPERTY_SCALE:-$(PLANNER_PG_PROPERTY_SCALE)}" \
			$(PY) -m pytest --engine=postgresql --ignore=tests/browser --basetemp="$$tmp/postgresql" $(PYTEST_ARGS) \
			> "$$tmp/postgresql.log" 2>&1 & pg_pid=$$!; \
	elif [ -n "$$PLANNER_REQUIRE_POSTGRES" ]; then \
		echo "Lỗi: không kết nối được máy chủ PostgreSQL (PLANNER_TEST_PG, mặc định cụm cục bộ qua socket) mà PLANNER_REQUIRE_POSTGRES được đặt." >&2; \
		pg_status=1; \
	else \
		echo "== Bỏ qua nửa PostgreSQL: không kết nối được máy chủ (PLANNER_TEST_PG, mặc định cụm cục bộ qua socket). Khởi động nó (pg_ctlcluster --skip-systemctl-redirect 15 main start) hoặc đặt PLANNER_TEST_PG."; \
	fi; \
	echo "== Bộ kiểm thử trên SQLite"; \
	$(PY) -m pytest --basetemp="$$tmp/sqlite" $(PYTEST_ARGS); sqlite_status=$$?; \
	if [ -n "$$pg_pid" ]; then \
		wait "$$pg_pid"; pg_status=$$?; \
		echo "== Bộ kiểm thử trên PostgreSQL"; cat "$$tmp/postgresql.log"; \
	fi; \
	rm -rf "$$tmp"; \
	exit $$(( sqlite_status || pg_status ))

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

lint: $(STAMP)
	$(PY) -m ruff check planner tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
