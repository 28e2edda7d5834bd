"""Attendance screen for a session with 200 registrations: server time and queries.

Budget (issue 4): constant number of queries, median under 100 ms.
Run: .venv/bin/python bench/attendance_screen.py  (DATABASE_URL for PostgreSQL)
"""

import time

from _setup import median, throwaway_database

REGISTRATIONS = 200
RUNS = 30


def main():
    with throwaway_database() as vendor:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from literacy_site.roles import FACILITATOR
        from tests.factories import (
            RegistrationFactory,
            UserFactory,
            WorkshopFactory,
            WorkshopSessionFactory,
        )

        facilitator = UserFactory(roles=[FACILITATOR])
        workshop = WorkshopFactory(capacity=REGISTRATIONS)
        workshop.facilitators.add(facilitator)
        session = WorkshopSessionFactory(workshop=workshop)
        client = Client()
        client.force_login(facilitator)
        url = f"/fasilitator/sesi/{session.pk}/kehadiran/"

        def measure():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200
            return elapsed, len(queries), len(response.content)

        measure()  # warm up: session, site settings, template loading
        RegistrationFactory.create_batch(10, workshop=workshop)
        _, queries_10, _ = measure()
        RegistrationFactory.create_batch(REGISTRATIONS - 10, workshop=workshop)
        results = [measure() for _ in range(RUNS)]
        times = [elapsed for elapsed, _, _ in results]
        print(f"database: {vendor}")
        print(f"registrations: {REGISTRATIONS}, runs: {RUNS}")
        print(f"queries with 10 people: {queries_10}")
        print(f"queries with {REGISTRATIONS} people: {results[0][1]}")
        print(f"median server time: {median(times) * 1000:.1f} ms (budget 100 ms)")
        print(f"slowest: {max(times) * 1000:.1f} ms")
        print(f"page size: {results[0][2] / 1024:.1f} KB uncompressed")


if __name__ == "__main__":
    main()
