"""Playwright driving the system's Chromium against pytest-django's live server."""

import os
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import setup_databases, teardown_databases
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in
# the tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if "tests/browser/" in str(item.path)]
    if browser_tests and len(browser_tests) != len(items):
        # Each browser test starts from a copy of the whole demo database, which
        # would leak into database tests run in the same process; `make test`
        # runs them on their own.
        raise pytest.UsageError(
            "Run the browser tests in their own pytest run: `pytest tests/browser` "
            "(`make test` does), and the others with `pytest --ignore=tests/browser`."
        )
    for item in browser_tests:
        unseen = {"db", "transactional_db", "live_server"} & set(item.fixturenames)
        if unseen:
            # Rows made in a test transaction are invisible to the live server,
            # and pytest-django's live_server flushes the demo after each test.
            raise pytest.UsageError(
                f"{item.nodeid} uses {', '.join(sorted(unseen))}: browser tests "
                "use `live_site` and make their rows through `demo_site`."
            )
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"Chromium is not installed at {CHROMIUM}; install it with "
            "`apt-get install -y chromium`."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium is not installed at {CHROMIUM} "
        "(install it with `apt-get install -y chromium`)"
    )
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """The test database, made as pytest-django makes it for marked tests.

    Browser tests carry no `django_db` mark (it would wrap each in a transaction
    the live server cannot see), so the database is asked for here."""
    with django_db_blocker.unblock():
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=0)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo site, loaded once per run and kept as an in-memory SQLite copy.

    Loading the demo takes 10-20 s; copying it back before each test takes a few
    milliseconds, so every test still starts from the same, untouched demo."""
    if connection.vendor != "sqlite":
        raise pytest.UsageError(
            "The browser tests run on SQLite: unset DATABASE_URL (`make test` does)."
        )
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        connection.ensure_connection()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        connections.close_all()
    yield snapshot
    snapshot.close()


@pytest.fixture(scope="session")
def live_site(demo_snapshot):
    """The site served from a thread, as Django's LiveServerTestCase does.

    Not pytest-django's `live_server`, which would flush the database after
    every test; here each test restores the demo copy instead."""
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def demo_site(demo_snapshot, django_db_blocker):
    """Every browser test starts from the demo as `make run` leaves it.

    SQLite's backup API writes the copy through the database's own locks, so the
    live server's threads see the restored data on their next query."""
    with django_db_blocker.unblock():
        connection.ensure_connection()
        demo_snapshot.backup(connection.connection)
        # Cached pages, site roots and rate-limit counts belong to the last test.
        for cache in caches.all(initialized_only=True):
            cache.clear()
        yield
        connections.close_all()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_site):
    """A fresh phone-sized tab; relative addresses go to the live server."""
    context = browser.new_context(
        base_url=live_site.url,
        viewport={"width": 390, "height": 844},
        locale="id-ID",
    )
    tab = context.new_page()
    # Chromium reports what the Content-Security-Policy blocked on the console;
    # any such line means a page here needs something the policy forbids.
    refused = []

    def note_refusal(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            refused.append(message.text)

    tab.on("console", note_refusal)
    yield tab
    context.close()
    assert not refused, "\n".join(refused)


def assert_no_axe_violations(page):
    """Run axe-core on the page and fail with a readable list of any violation."""
    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
    )


def has_horizontal_scroll(page):
    """True when the page is wider than the screen (a reader would scroll sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
