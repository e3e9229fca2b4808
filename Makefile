# Every target sets itself up: a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
EDGE_PORT ?= 8080
STAMP := $(VENV)/.installed

export DJANGO_SETTINGS_MODULE := spa_site.settings

.PHONY: run test serve serve-edge worker bench audit screenshots assets lint format install clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Development server on SQLite with demo content; emails print to the console.
run: export DEBUG ?= true
# Links in emails, canonical URLs and JSON-LD follow the port unless SITE_URL is set.
run: export PORT := $(PORT)
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py create_local_staff
	@echo "Serving http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Lint, migration check and the whole test suite.
test: export SECRET_KEY ?= test-only-secret-key
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Production mode: gunicorn (gevent workers: slow clients cannot tie them up), DEBUG off,
## WhiteNoise static files. The supported way to serve the site (tests/test_resilience.py).
serve: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn spa_site.wsgi:application -c gunicorn.conf.py

## Production mode behind Varnish (Debian's varnishd, varnish/site.vcl) on 127.0.0.1:$(EDGE_PORT):
## gunicorn on $(PORT) and the worker, which purges Varnish when staff change content.
serve-edge: export EDGE_BACKEND := varnish
serve-edge: export EDGE_VARNISH_URLS ?= http://127.0.0.1:$(EDGE_PORT)/
serve-edge: $(STAMP)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python varnish/serve.py --port $(EDGE_PORT) --backend-port $(PORT)

## Background worker: sends queued email and queued newsletter announcements.
worker: $(STAMP)
	$(BIN)/python manage.py run_worker

## Benchmark in production mode (gunicorn, PostgreSQL from DATABASE_URL, Redis, wrk).
bench: $(STAMP)
	$(BIN)/python tests/benchmarks/run.py

## Lighthouse (mobile) on the home page and a guide, with Debian Chromium.
audit: $(STAMP)
	$(BIN)/python tests/audit/run.py

## Full-page PNGs of every page type at 390 and 1366 px, served as in production: var/screenshots/.
screenshots: $(STAMP)
	$(BIN)/python tests/screenshots/run.py

## Rebuild the brand assets: subset fonts (from the @fontsource packages pinned in
## assets/package.json), the favicon, the header's mark and the social card (needs Chromium).
assets: $(STAMP)
	cd assets && npm ci --no-audit --no-fund
	$(BIN)/python assets/build.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
