# Resursnaya Sreda portal. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install system-deps ffmpeg browser run serve worker beat migrate demo test test-smoke test-s3 lint fmt bench mutate clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Нужен $(PYTHON) (Python 3.11)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

install: system-deps $(STAMP) ## Create .venv and install the portal with its dev tools

system-deps: ## Install Debian's libraries for WeasyPrint when missing (as root)
	@if ! ldconfig -p | grep -q libpangoft2-1.0; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; \
	  else echo "WeasyPrint needs Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; exit 1; fi; \
	fi

ffmpeg: ## Install Debian's ffmpeg (ffprobe checks video stories) when missing (as root)
	@if ! command -v ffprobe >/dev/null || ! command -v ffmpeg >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg; \
	  else echo "Video checks need Debian's ffmpeg: sudo apt-get install ffmpeg"; exit 1; fi; \
	fi

browser: ## Install Debian's chromium for the browser tests when missing (as root)
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; \
	fi

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo programme and accounts (idempotent)
	$(BIN)/python manage.py demo_data

run: ffmpeg demo ## Set everything up and serve the portal on 127.0.0.1:$(PORT) with demo data
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

serve: install ## Serve with gunicorn (production-like; configure through the environment)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn resursnaya_sreda.wsgi --bind 127.0.0.1:$(PORT) --workers 3

worker: install ffmpeg ## Start a Celery worker (needs REDIS_URL)
	$(BIN)/celery -A resursnaya_sreda worker --loglevel INFO --concurrency 2 --beat

test: install ffmpeg browser lint ## Install everything and run the whole test suite, browser tests included
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

test-smoke: install ffmpeg ## Only the smoke tests (migrate, demo_data, public pages)
	$(BIN)/pytest -m smoke $(PYTEST_ARGS)

S3_PORT ?= 9311
S3_TESTS := tests/kernel/test_uploads_storage.py tests/kernel/test_uploads_checks.py \
  tests/kernel/test_public_media.py tests/reports tests/security/test_pdf_active_content.py \
  tests/security/test_access_log.py tests/security/test_backup.py

test-s3: install ## The upload and document tests against a local S3 server (moto)
	@$(BIN)/moto_server -H 127.0.0.1 -p $(S3_PORT) >var/moto.log 2>&1 & echo $$! >var/moto.pid; \
	trap 'kill $$(cat var/moto.pid) 2>/dev/null; rm -f var/moto.pid' EXIT; \
	for _ in $$(seq 1 30); do curl -s -o /dev/null http://127.0.0.1:$(S3_PORT)/ && break; sleep 0.5; done; \
	$(BIN)/python -c "import boto3; boto3.client('s3', endpoint_url='http://127.0.0.1:$(S3_PORT)', aws_access_key_id='test', aws_secret_access_key='test', region_name='us-east-1').create_bucket(Bucket='portal')"; \
	STORAGE_URL="s3://test:test@127.0.0.1:$(S3_PORT)/portal?secure=0&region=us-east-1" \
	  $(BIN)/pytest -n 2 -m "not browser and not celery_worker" $(S3_TESTS) $(PYTEST_ARGS)

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install ## Format the code and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## Run the benchmarks in bench/
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

MODULES ?=
mutate: install ## Mutation testing of the access modules, one at a time: make mutate MODULES="events.permissions"
	$(BIN)/python bench/mutate.py $(MODULES)

clean: ## Remove the virtualenv and local data under var/
	rm -rf $(VENV) var mutants
