# Parcours: `make demo` runs it, `make test` proves it. Both install everything from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium
HOST   ?= 127.0.0.1:8000
DEMO_ARGS ?=
# Parcours starts in production mode unless told otherwise; every target here is development.
export PARCOURS_DEBUG ?= 1

.PHONY: install demo serve test check lint format typecheck contracts migrations-check \
        i18n-check deploy-check unit browser-deps messages worker clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/python scripts/i18n.py compile

## The demo network on SQLite, served at http://$(HOST)
demo: install
	$(BIN)/parcours migrate --noinput
	$(BIN)/parcours demo-data $(DEMO_ARGS)
	@echo "Serving Parcours at http://$(HOST), with a background worker (Ctrl-C stops both)"
	@$(BIN)/parcours worker --interval 1 & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/parcours runserver $(HOST)

serve: install
	$(BIN)/parcours migrate --noinput
	$(BIN)/parcours runserver $(HOST)

worker: install
	$(BIN)/parcours worker

## Everything CI runs: static checks, then the whole test suite (browser tests included)
test: install browser-deps check unit

unit: install
	$(BIN)/pytest -q -n 2

check: lint typecheck contracts migrations-check i18n-check deploy-check

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

format: install
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

typecheck: install
	$(BIN)/mypy

contracts: install
	$(BIN)/lint-imports

migrations-check: install
	$(BIN)/parcours makemigrations --check --dry-run

i18n-check: install
	$(BIN)/python scripts/i18n.py check

## Django's deployment checklist on the documented production environment (docs/deployment.md)
deploy-check: install
	PARCOURS_DEBUG=0 PARCOURS_HTTPS=1 PARCOURS_ALLOWED_HOSTS=parcours.example.org \
	  PARCOURS_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  $(BIN)/parcours check --deploy --fail-level WARNING

## Benchmarks (docs/mastery.md): pyBKT for the comparison, then the mastery benchmark
.PHONY: bench-deps bench
bench-deps: install
	$(BIN)/pip install -e ".[bench]"

bench: install
	$(BIN)/parcours bench mastery --json

## Chromium for the browser tests, from Debian's packages
browser-deps:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium" >&2; exit 1; \
	fi

## Screenshots of every role's pages, PC and phone, light and dark (docs/design.md)
screenshots: install browser-deps
	$(BIN)/python scripts/screenshots.py

## Refresh the .po files from the code (needs GNU gettext)
messages: install
	cd src/parcours && ../../$(BIN)/django-admin makemessages -l fr --no-obsolete \
	  --settings=parcours.settings --ignore "demo/content/*"
	$(BIN)/python scripts/i18n.py compile

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
