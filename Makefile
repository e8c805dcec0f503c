# geoportal: two commands do all the set-up.
#   make run    install what is missing, start the private PostGIS, migrate, load Neihuang, serve
#   make test   the same set-up, then the whole pytest suite
# With DATABASE_URL set, that PostGIS is used and the private cluster is left alone.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

export GEOPORTAL_PG_PORT ?= 5433
export DJANGO_SECRET_KEY ?= $(shell mkdir -p var && ( [ -s var/secret_key ] || $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key ) && cat var/secret_key)

.PHONY: run test setup system venv db data messages static stop serve bench backup restore clean lint

run: setup
	@echo "serving http://$(HOST):$(PORT)/  (make stop to stop)"
	@if [ -f var/worker.pid ] && kill -0 $$(cat var/worker.pid) 2>/dev/null; then echo "job worker already running"; \
	else $(PY) manage.py procrastinate worker --queues jobs >>var/worker.log 2>&1 & echo $$! >var/worker.pid; \
	echo "job worker started (pid $$(cat var/worker.pid), log var/worker.log)"; fi
	$(VENV)/bin/gunicorn geoportal.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS) \
	  --worker-class gthread --threads 8 --access-logfile - --pid var/gunicorn.pid

# Both cores: each pytest-xdist worker has its own test database (test_geoportal_gw0, _gw1).
# --dist worksteal hands out tests by index, in runs of whole files where it can; never
# loadfile/loadscope: they send tests by node id, and schemathesis' 105 fuzz cases share
# two node ids, so all but two would silently not run. TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
test: setup
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal

setup: system venv db messages data static

system:
	@scripts/install-system.sh

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

db:
	@if [ -z "$$DATABASE_URL" ]; then scripts/devdb.sh start; fi
	$(PY) manage.py migrate --noinput -v 0

messages:
	$(PY) manage.py compilemessages -v 0 --ignore=.venv

data:
	$(PY) manage.py load_neihuang
	$(PY) manage.py ensure_admin

static:
	$(PY) manage.py collectstatic --noinput -v 0

backup:
	@scripts/backup.sh

restore:
	@[ -n "$(FILE)" ] || { echo "usage: make restore FILE=var/backups/geoportal-....dump" >&2; exit 2; }
	scripts/restore.sh "$(FILE)"

stop:
	@if [ -f var/worker.pid ]; then kill $$(cat var/worker.pid) 2>/dev/null || true; rm -f var/worker.pid; echo "stopped the job worker"; fi
	@if [ -f var/gunicorn.pid ]; then kill $$(cat var/gunicorn.pid) 2>/dev/null || true; rm -f var/gunicorn.pid; echo "stopped gunicorn"; fi
	@scripts/devdb.sh stop

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean: stop
	rm -rf var/pg var/static
