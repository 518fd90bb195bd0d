# The README's commands. Everything runs from the project's own virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SECRET_FILE := .secret_key
# The demo's environment, set explicitly (the settings' defaults are production-safe).
DEMO_ENV = DEBUG=1 ALLOWED_HOSTS=127.0.0.1,localhost SECRET_KEY="$$(cat $(SECRET_FILE))"
TEST_ENV = SECRET_KEY=tests-only-not-a-secret DEBUG=0

.PHONY: install demo run test lint format bench clean browser-deps loadtest messages

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

$(SECRET_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

demo: install $(SECRET_FILE)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(BIN)/python manage.py load_demo

# One background worker (mail, webhooks, periodic work) beside the web server, stopped with it.
run: demo
	$(DEMO_ENV) $(BIN)/python manage.py desk_worker & trap "kill $$!" EXIT; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# axe-core, which the browser tests inject into pages (Chromium itself: apt-get install chromium).
browser-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Russian catalogue from the code and templates (GNU gettext: apt-get install gettext),
# then compiled. The compiled .mo is committed, so running the site needs no gettext;
# tests/test_translations.py fails when either is out of date.
messages: install
	$(TEST_ENV) $(BIN)/python manage.py makemessages --locale ru
	$(TEST_ENV) $(BIN)/python manage.py compilemessages --ignore $(VENV)

# SQLite always; PostgreSQL too when DATABASE_URL points at one.
test: lint
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory browser-deps; fi
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/pytest
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		$(TEST_ENV) $(BIN)/pytest; \
	fi

# On demand, not part of `make test`: gunicorn, 64 wrk readers and an editor for 30 s.
loadtest: install
	loadtest/run.sh

# Not part of `make test`: fills bench.sqlite3 (or DATABASE_URL) with 100k claims the first
# time, then loads every page under gunicorn with wrk (apt-get install wrk). See the README.
bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) db.sqlite3* bench.sqlite3* .cache staticfiles node_modules test-artifacts
