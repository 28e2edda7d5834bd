# Two commands for a fresh machine: `make run` and `make test`. See README.md.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The public address: links, QR codes and the allowed host are built from it.
SITE_URL ?= http://127.0.0.1:$(PORT)
VAR_DIR ?= var
SECRET_KEY_FILE := $(VAR_DIR)/secret-key
CHROMIUM ?= /usr/bin/chromium

.PHONY: run dev setup test test-setup lint clean

# What `make run` gives the server and worker: the production settings with a key
# kept in var/, plain HTTP on this machine (no redirect to HTTPS), and the venv's
# gunicorn, honcho and python for deploy/Procfile.
RUN_ENV = PATH="$(CURDIR)/$(VENV)/bin:$$PATH" \
	DJANGO_SETTINGS_MODULE=literacy_site.settings.production \
	SECRET_KEY="$$(cat $(SECRET_KEY_FILE))" \
	PORT=$(PORT) SITE_URL=$(SITE_URL) SECURE_SSL_REDIRECT=false

# A stamp per requirements file, so dependencies are installed again only when changed.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Generated once and kept, so sessions survive a restart.
$(SECRET_KEY_FILE): | $(VENV)/.installed
	mkdir -p $(VAR_DIR)
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: $(VENV)/.installed
	PORT=$(PORT) SITE_URL=$(SITE_URL) $(PY) manage.py migrate --noinput
	PORT=$(PORT) SITE_URL=$(SITE_URL) $(PY) manage.py load_demo
	PORT=$(PORT) SITE_URL=$(SITE_URL) $(PY) manage.py set_site_address
	PORT=$(PORT) SITE_URL=$(SITE_URL) $(PY) manage.py create_admin

# As in production: gunicorn with whitenoise, DEBUG off, and the task worker,
# started and stopped together by honcho from deploy/Procfile.
run: setup $(SECRET_KEY_FILE)
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving the site at $(SITE_URL)/ with its task worker and periodic tasks (Ctrl+C stops them all)"
	$(RUN_ENV) $(VENV)/bin/honcho --no-colour --procfile deploy/Procfile \
		--app-root . start

# Development: runserver with DEBUG and reloading, and a worker that reloads too.
dev: setup
	@echo "Serving the site at $(SITE_URL)/ in DEBUG mode (Ctrl+C stops it)"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" PORT=$(PORT) SITE_URL=$(SITE_URL) \
		$(VENV)/bin/honcho --no-colour --procfile deploy/Procfile.dev \
		--app-root . start

test-setup: $(VENV)/.installed-dev

# SQLite, and beside it on the second core PostgreSQL when DATABASE_URL is set
# (an unreachable server fails the run; its output is shown when it ends); then
# the browser tests in headless Chromium and beside them the deployment (nginx
# before two gunicorns, PostgreSQL, Redis and a worker), whose output is shown
# when it ends.
test: test-setup
	@mkdir -p $(VAR_DIR)
	@if [ -n "$$DATABASE_URL" ]; then \
		$(PY) -m literacy_site.checkdb || exit 1; \
		$(PY) -m pytest --ignore=tests/browser > $(VAR_DIR)/test-postgresql.log 2>&1 & \
		postgresql=$$!; \
		env -u DATABASE_URL $(PY) -m pytest --ignore=tests/browser; sqlite=$$?; \
		wait $$postgresql; pg=$$?; \
		echo "--- The same tests on PostgreSQL ---"; cat $(VAR_DIR)/test-postgresql.log; \
		[ $$sqlite -eq 0 ] && [ $$pg -eq 0 ] || exit 1; \
	else \
		env -u DATABASE_URL $(PY) -m pytest --ignore=tests/browser || exit 1; \
		echo "DATABASE_URL is not set: the PostgreSQL run is left out."; \
	fi
	@deploy=""; \
	if [ -n "$$DATABASE_URL" ] || [ "$$CI" = "true" ]; then \
		$(PY) -m pytest tests/deploy > $(VAR_DIR)/test-deploy.log 2>&1 & deploy=$$!; \
	else \
		echo "DATABASE_URL is not set: the deployment test (nginx, PostgreSQL, Redis) is left out."; \
	fi; \
	browser=0; \
	if [ -x "$(CHROMIUM)" ]; then \
		env -u DATABASE_URL CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/browser; browser=$$?; \
	elif [ "$$CI" = "true" ]; then \
		echo "Chromium is not installed at $(CHROMIUM): the browser tests cannot run."; \
		echo "Install it with: apt-get install -y chromium"; \
		browser=1; \
	else \
		echo "Chromium is not installed at $(CHROMIUM), so the browser tests are skipped."; \
		echo "To run them, install it with: sudo apt-get install -y chromium"; \
	fi; \
	deployed=0; \
	if [ -n "$$deploy" ]; then \
		wait $$deploy; deployed=$$?; \
		echo "--- The deployment test, run beside the browser tests ---"; \
		cat $(VAR_DIR)/test-deploy.log; \
	fi; \
	[ $$browser -eq 0 ] && [ $$deployed -eq 0 ]

lint: test-setup
	$(PY) -m ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) $(VAR_DIR) staticfiles
