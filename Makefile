# schoolot: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the checks.
# Needs only Python 3.11+: everything else goes into .venv, at the versions pinned in
# requirements*.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

HOST ?= 127.0.0.1
PORT ?= 5000
# Seconds `make run` gives the solver for the demo's first schedule.
DEMO_SOLVE_SECONDS ?= 30
# Extra pytest arguments, e.g. make test PYTEST_ARGS='-m "not browser"'
PYTEST_ARGS ?=
TEST_WORKERS ?= 2

.PHONY: run test lint format bench typecheck check-migrations clean

# seed-demo skips a demo already loaded and refuses to replace a district of your own:
# then the server still starts, on the data you have. With the demo loaded and no
# schedule in force yet, it is solved and published as of the year's first school day,
# and seed-demo-logs logs the school days up to yesterday (once), so a newcomer sees a
# scheduled week and owed vs delivered minutes at once.
run: $(VENV)/.installed-run
	$(BIN)/flask db upgrade
	if $(BIN)/flask seed-demo; then \
		$(BIN)/flask solve --if-none-in-force --publish --from first-school-day \
			--time-limit $(DEMO_SOLVE_SECONDS) \
			&& $(BIN)/flask seed-demo-logs \
			|| echo "make run: the demo could not be scheduled (see above); serving it unscheduled."; \
	else \
		echo "make run: not loading the demo (see above); serving the data as it is."; \
	fi
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Uses TEST_DATABASE_URL when it is set (PostgreSQL in CI), in-memory SQLite otherwise.
# pytest exits non-zero when it collects no test, so an empty run fails too.
# scripts/test-services installs Chromium and Redis from Debian when missing and starts
# Redis. Test files are spread over TEST_WORKERS processes (pytest-xdist); on PostgreSQL
# each worker gets its own database.
test: $(VENV)/.installed-dev
	scripts/test-services
	$(BIN)/ruff check schoolot tests
	$(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check schoolot tests bench migrations/env.py
	$(BIN)/ruff format --check schoolot tests bench migrations/env.py

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix schoolot tests bench migrations/env.py
	$(BIN)/ruff format schoolot tests bench migrations/env.py

# Numbers only, nothing asserted: importing generated districts, the scheduler on
# synthetic ones, then on generated ones against the targets and the by-hand baseline
# (bench/solve.py: about 8 minutes), then calendar feeds on the demo district (about a
# minute). Each script takes its own options (see its docstring).
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/import.py
	$(BIN)/python -m bench.solver_sizes
	$(BIN)/python bench/solve.py
	$(BIN)/python bench/feeds.py

# mypy on the modules listed in pyproject.toml.
typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# Shows what the models have that the migrations do not build (empty output: no drift).
check-migrations: $(VENV)/.installed-dev
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	export DATABASE_URL="sqlite:///$$tmp/drift.sqlite" && \
	{ $(BIN)/flask db upgrade >"$$tmp/upgrade.log" 2>&1 || { cat "$$tmp/upgrade.log"; exit 1; }; } && \
	$(BIN)/flask db check

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
