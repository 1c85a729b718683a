# gongkai — see README.md. `make demo` and `make test` are the two commands a new user runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: coverage install system-packages vendor demo test test-fast fuzz-api lint typecheck openapi-snapshot clean

install: system-packages $(VENV)/.installed

# The Debian packages of system-packages.txt (fonts, Chromium, Node.js …): installed when missing
# if we are root, otherwise one line naming the apt-get command and a stop.
system-packages:
	@scripts/system-packages install all

$(VENV)/.installed: requirements.txt requirements-dev.txt package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	npm ci --no-audit --no-fund --silent
	@$(MAKE) --no-print-directory vendor
	touch $@

# Front-end files are served from our own static files (no CDN): copy what the pages load out of
# node_modules (production: `npm ci --omit=dev && make vendor`, docs/operations.md).
vendor:
	mkdir -p gongkai/static/vendor/echarts gongkai/static/vendor/quill
	cp node_modules/echarts/dist/echarts.min.js gongkai/static/vendor/echarts/
	@# Quill 2's ready browser bundle (the item body editor); the maps its last lines name go along,
	@# or the production manifest storage would refuse collectstatic.
	cd node_modules/quill && cp LICENSE dist/quill.js dist/quill.js.map dist/quill.js.LICENSE.txt \
		dist/quill.snow.css dist/quill.snow.css.map ../../gongkai/static/vendor/quill/

CORPUS ?= ../shared/corpus/laws.jsonl.gz

# The demo's set-up steps log only warnings: their INFO lines (a JSON line per indexed document)
# would bury the accounts, which are the last thing printed before the server's own lines.
QUIET := GONGKAI_LOG_LEVEL=WARNING

demo: install
	$(QUIET) $(MANAGE) migrate --noinput
	$(QUIET) $(MANAGE) seed_demo
	@# The real law corpus as higher-level policy documents, when it is beside the checkout
	@# (the first run takes one to two minutes; later runs import nothing new).
	@if [ -f "$(CORPUS)" ]; then $(QUIET) $(MANAGE) import_policies "$(CORPUS)"; fi
	@$(MANAGE) demo_accounts --url http://127.0.0.1:8000
	@# Scheduled items are published, application reminders sent and hot-topic tallies added up
	@# by a minute loop beside the server (cron in production); all are idempotent.
	@trap 'kill 0' EXIT; (while sleep 60; do $(QUIET) $(MANAGE) publish_scheduled >/dev/null; \
	  $(QUIET) $(MANAGE) foi_remind >/dev/null; $(QUIET) $(MANAGE) reminders_retry >/dev/null; \
	  $(QUIET) $(MANAGE) flush_counts >/dev/null; $(QUIET) $(MANAGE) exchange_cycle >/dev/null; done) & \
	$(MANAGE) runserver 127.0.0.1:8000

# Two workers (the machine's two cores), a file at a time each; the tests that empty the database
# when they end (live server, real transactions: mostly the browser tests) run as a second pass,
# test by test, since a worker would otherwise run them between the others (pytest-django orders
# them last only within one process).
XDIST := -n 2 --dist loadfile

test: install
	$(BIN)/pytest -q $(XDIST) -m "not transactional and not fuzz"
	$(BIN)/pytest -q -n 2 --dist load -m transactional

# The suite's line coverage of gongkai/ (both passes; docs/benchmarks.md records it). The data
# file stays in var/, never in the working tree's root.
coverage: install
	mkdir -p var
	COVERAGE_FILE=var/coverage $(BIN)/pytest -q $(XDIST) -m "not transactional" --cov=gongkai --cov-report=
	COVERAGE_FILE=var/coverage $(BIN)/pytest -q -n 2 --dist load -m transactional --cov=gongkai --cov-append \
		--cov-report=term:skip-covered

# The unit suite without the browser tests.
test-fast: install
	$(BIN)/pytest -q $(XDIST) -m "not browser and not transactional"

# The API against its OpenAPI schema (schemathesis, tests/api/test_fuzz.py): no input may give a 5xx
# or an answer the schema does not describe. A fixed seed and a bounded number of examples per
# operation (a minute or two); `FUZZ_SEED=n make fuzz-api` tries another seed.
fuzz-api: install
	$(BIN)/pytest -q -n 2 -m fuzz tests/api/test_fuzz.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy gongkai
	$(BIN)/lint-imports

openapi-snapshot: install
	$(BIN)/python -m tests.api.snapshot > tests/api/openapi.json


clean:
	rm -rf $(VENV) node_modules staticfiles
