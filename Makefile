# Zhusan — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
export ZHUSAN_HOME ?= $(CURDIR)/var

.PHONY: demo test test-sqlite test-postgres lint bench bench-law bench-link bench-web bench-search bench-stats law-compiled law-pure install install-dev browsers messages clean

$(STAMP): pyproject.toml
	@command -v pkg-config >/dev/null && pkg-config --exists icu-uc || { \
	  echo "PyICU needs ICU's headers: installing libicu-dev and pkg-config"; \
	  apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config; }
	@ldconfig -p | grep -q libpangoft2 && test -d /usr/share/fonts/truetype/dejavu || { \
	  echo "PDF export (WeasyPrint) needs Pango and a Unicode font: installing them"; \
	  apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

$(DEVSTAMP): $(STAMP)
	@command -v java >/dev/null || { \
	  echo "The Spark tests of zhusan link need Java: installing openjdk-17-jre-headless"; \
	  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; }
	$(PIP) install -q -e '.[dev]'
	touch $@

install: $(STAMP)
install-dev: $(DEVSTAMP)

demo: $(STAMP)
	ZHUSAN_DEMO=1 $(VENV)/bin/zhusan demo

browsers:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium; }

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check zhusan tests bench
	$(VENV)/bin/ruff format --check zhusan tests bench
	$(VENV)/bin/mypy zhusan/law zhusan/identity

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL points at one.
test: $(DEVSTAMP)
	ZHUSAN_DEMO=1 $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) lint
	$(MAKE) test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) test-postgres; else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

test-sqlite: $(DEVSTAMP)
	env -u DATABASE_URL ZHUSAN_DEMO=1 ZHUSAN_HOME=$(CURDIR)/var/test $(PY) -m pytest

# The database-facing suites again on PostgreSQL (the engines, i18n, the demo and browser runs are
# database-independent or run on SQLite by design).
test-postgres: $(DEVSTAMP)
	ZHUSAN_DEMO=1 ZHUSAN_HOME=$(CURDIR)/var/test $(PY) -m pytest -m "not browser" \
	  tests/web tests/api tests/domain tests/ops tests/reports tests/children tests/identity_web \
	  --ignore=tests/domain/test_demo.py --ignore=tests/domain/test_settings.py --ignore=tests/web/test_i18n.py \
	  --ignore=tests/reports/test_disclosure.py --ignore=tests/reports/test_disclosure_properties.py

bench: bench-law bench-link

bench-law: $(STAMP)
	$(PY) bench/law_bench.py

# Optional: compile the law engine's hot modules with mypyc (pure Python stays the default and the tested path).
law-compiled: $(DEVSTAMP)
	$(PY) zhusan/law/build.py

law-pure:
	$(PY) zhusan/law/build.py --clean

bench-link: $(DEVSTAMP)
	$(PY) -m bench.link

bench-web: $(DEVSTAMP)
	ZHUSAN_DEMO=1 $(PY) bench/web_bench.py

# Name search and the intake duplicate check over 1M persons on the local PostgreSQL (database
# zhusan_search_bench, kept for reruns; ZHUSAN_BENCH_DATABASE_URL to point elsewhere).
bench-search: $(DEVSTAMP)
	ZHUSAN_DEMO=1 $(PY) bench/search_bench.py

# Every indicator and the statistics dashboard over 1M persons on the local PostgreSQL
# (database zhusan_stats_bench; ZHUSAN_BENCH_DATABASE_URL to point elsewhere).
bench-stats: $(DEVSTAMP)
	ZHUSAN_DEMO=1 $(PY) bench/stats_bench.py

messages: $(DEVSTAMP)
	cd zhusan && ZHUSAN_DEMO=1 ../$(PY) ../manage.py makemessages -l kk -l ru --no-obsolete --ignore "law/*" --ignore "identity/data/*" \
	  && ZHUSAN_DEMO=1 ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache
