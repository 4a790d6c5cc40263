# Neighbour Day Hub: the common tasks. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: help install install-test run demo browser test lint check pytest bench clean

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	touch $(BIN)/activate

install: $(BIN)/activate ## Install the site into .venv
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/activate ## Install the site and the test tools into .venv
	$(BIN)/pip install --quiet -e ".[test]"

demo: install ## Create the database and load the demo content (safe to repeat)
	DJANGO_SETTINGS_MODULE=hub.settings.dev $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=hub.settings.dev $(BIN)/python manage.py load_demo

run: demo ## Set up, load the demo and serve the site at http://127.0.0.1:8000, with the task worker
	@export DJANGO_SETTINGS_MODULE=hub.settings.dev; \
	trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py worker & \
	$(BIN)/python manage.py runserver $(HOST) & \
	wait

lint: ## Ruff lint and format check, and the import layers (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

check: ## Django's system checks and the missing-migrations check
	DJANGO_SETTINGS_MODULE=hub.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=hub.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

pytest: ## The test suite alone
	$(BIN)/python -m pytest

browser: ## Install Debian's Chromium for the browser tests, where apt-get can
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "No chromium: the browser tests will be skipped (sudo apt-get install chromium)"; \
		fi; }

test: install-test browser lint check pytest ## Set up and run every check and test

bench: install-test ## Run the benchmarks and print their figures
	$(BIN)/python benchmarks/bench_geocoder.py
	$(BIN)/python benchmarks/bench_events.py
	$(BIN)/python benchmarks/bench_feeds.py
	$(BIN)/python benchmarks/bench_search.py
	$(BIN)/python benchmarks/bench_opendata.py
	$(BIN)/python benchmarks/bench_partners.py
	$(BIN)/python benchmarks/bench_volunteering.py
	$(BIN)/python benchmarks/bench_neighbourday.py
	$(BIN)/python benchmarks/bench_gunicorn.py

clean: ## Remove the virtualenv, the database and collected files
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* static media
