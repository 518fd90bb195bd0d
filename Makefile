# The README's commands. Everything runs from the project's own virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# The demo's settings, read by every command in this checkout (git-ignored; the environment wins).
ENV_FILE := .env
TEST_ENV = SECRET_KEY=tests-only-not-a-secret DEBUG=0 FACTCHECK_ENV_FILE=

.PHONY: install demo run dev test lint format bench clean browser-deps loadtest loadtest-run messages

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# Written once: a generated secret, DEBUG off, this machine only, over plain HTTP.
$(ENV_FILE):
	umask 077 && printf '%s\n' \
		"SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 > $@

demo: install $(ENV_FILE)
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --no-input -v 0

# The demo as production serves it: gunicorn, DEBUG off, static files by whitenoise, and one
# background worker (mail, webhooks, periodic work) beside it, stopped with it.
run: demo
	$(BIN)/python manage.py desk_worker & trap "kill $$!" EXIT; \
	$(BIN)/gunicorn factcheck.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 \
		--access-logfile -

# Django's development server: DEBUG on, reloads on every code change.
dev: demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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

# SQLite always; PostgreSQL too when DATABASE_URL points at one. The suite runs in two
# processes (pyproject's addopts); then, in one, the tests that commit to the test database
# (browser tests with their live server, real workers, concurrent writers), which must run
# after the others in their process.
ONE_PROCESS = tests/browser tests/test_queue.py tests/test_locking.py tests/test_revisions.py
test: lint
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory browser-deps; fi
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/pytest $(addprefix --ignore=,$(ONE_PROCESS))
	env -u DATABASE_URL $(TEST_ENV) $(BIN)/pytest -n 0 $(ONE_PROCESS)
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== again on PostgreSQL =="; \
		$(TEST_ENV) $(BIN)/pytest $(addprefix --ignore=,$(ONE_PROCESS)) && \
		$(TEST_ENV) $(BIN)/pytest -n 0 $(ONE_PROCESS); \
	fi

# On demand, not part of `make test`: gunicorn, 64 wrk readers and an editor for 30 s.
loadtest: install
	loadtest/run.sh

# On demand, not part of `make test`: 200 concurrent readers against `make run` itself.
loadtest-run: install
	loadtest/readers.sh

# Not part of `make test`: fills bench.sqlite3 (or DATABASE_URL) with 100k claims the first
# time, then loads every page under gunicorn with wrk (apt-get install wrk). See the README.
bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) db.sqlite3* bench.sqlite3* .cache staticfiles node_modules test-artifacts
