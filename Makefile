# Two commands for a fresh machine: `make run` and `make test`. See README.md.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run setup test test-setup lint clean

# A stamp per requirements file, so dependencies are installed again only when changed.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py create_admin

run: setup
	@echo "Serving the site at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test-setup: $(VENV)/.installed-dev

# SQLite first; then PostgreSQL when DATABASE_URL is set (an unreachable server
# fails the run); then the browser tests in headless Chromium.
test: test-setup
	env -u DATABASE_URL $(PY) -m pytest --ignore=tests/browser
	@if [ -n "$$DATABASE_URL" ]; then \
		$(PY) -m literacy_site.checkdb || exit 1; \
		$(PY) -m pytest --ignore=tests/browser || exit 1; \
	else \
		echo "DATABASE_URL is not set: the PostgreSQL run is left out."; \
	fi
	@if [ -x "$(CHROMIUM)" ]; then \
		env -u DATABASE_URL CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser; \
	elif [ "$$CI" = "true" ]; then \
		echo "Chromium is not installed at $(CHROMIUM): the browser tests cannot run."; \
		echo "Install it with: apt-get install -y chromium"; \
		exit 1; \
	else \
		echo "Chromium is not installed at $(CHROMIUM), so the browser tests are skipped."; \
		echo "To run them, install it with: sudo apt-get install -y chromium"; \
	fi

lint: test-setup
	$(PY) -m ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles
