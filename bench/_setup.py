"""Shared start-up for benchmarks: Django with the test settings and a throwaway
database (SQLite file, or PostgreSQL when DATABASE_URL is set)."""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


@contextmanager
def throwaway_database():
    """Create and migrate a test database, and drop it afterwards.

    Django's test environment is deliberately not set up: it instruments every
    template render, which would make pages look slower than they are."""
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
