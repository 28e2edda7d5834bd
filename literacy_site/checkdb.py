"""Fail loudly when DATABASE_URL points to a database that cannot be reached.

`make test` runs this before the PostgreSQL pass so a wrong address stops the run
with a clear message instead of being skipped."""

import os
import sys

import django
from django.db import connection
from django.db.utils import OperationalError


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy_site.settings.test")
    django.setup()
    try:
        connection.ensure_connection()
    except OperationalError as error:
        sys.stderr.write(f"Cannot reach the database in DATABASE_URL: {error}\n")
        return 1
    sys.stdout.write(f"Database reachable: {connection.vendor}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
