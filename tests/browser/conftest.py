"""Playwright driving the system's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The machine has no internet: keep Chromium from trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in
# the tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    # The live server runs in another thread, so the data must be committed.
    # Serialized rollback puts back what migrations made (Wagtail's root page,
    # the roles), which a transactional test would otherwise flush away.
    browser_tests = [item for item in items if "tests/browser/" in str(item.path)]
    if browser_tests and len(browser_tests) != len(items):
        # Mixed with database tests in one process, the migration data is not
        # restored between browser tests; `make test` runs them on their own.
        raise pytest.UsageError(
            "Run the browser tests in their own pytest run: `pytest tests/browser` "
            "(`make test` does), and the others with `pytest --ignore=tests/browser`."
        )
    for item in browser_tests:
        item.add_marker(
            pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, demo_site):
    """A fresh phone-sized tab; relative addresses go to the live server."""
    context = browser.new_context(
        base_url=live_server.url,
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


@pytest.fixture
def demo_site(transactional_db):
    """The demo site, in a database the live server can see."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def assert_no_axe_violations(page):
    """Run axe-core on the page and fail with a readable list of any violation."""
    results = Axe().run(page)
    violations = results.response["violations"]
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
    )
