# Two commands matter: `make run` and `make test`. Both install into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run test lint bench requirements clean messages

$(INSTALLED): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(INSTALLED)

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py create_local_admin
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmark on PostgreSQL: BENCH_DATABASE_URL names the database (created if missing);
# BENCH_EVENTS how many events it is filled with (once: an already filled database is reused).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench
BENCH_EVENTS ?= 1000000
bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/fill.py $(BENCH_EVENTS)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py $(BENCH_ARGS)

# The Arabic catalog of the public pages: extract the interface's strings, translate the new ones
# in alliance_tracker/locale/ar/LC_MESSAGES/django.po, then compile (both files are committed).
MESSAGES_IGNORE := -i ".venv/*" -i "staticfiles/*" -i "tests/*" -i "bench/*" -i "templates/admin/*"
messages: install
	$(BIN)/python manage.py makemessages -l ar --no-location --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages -l ar $(MESSAGES_IGNORE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Recompile the pinned requirements.txt after editing requirements.in.
requirements:
	$(PYTHON) -m venv /tmp/alliance-tracker-piptools
	/tmp/alliance-tracker-piptools/bin/pip install --quiet pip-tools
	/tmp/alliance-tracker-piptools/bin/pip-compile --quiet --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.txt requirements.in

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
