"""Attendance screen for a session with 200 registrations: HTML size, elements,
server time and queries.

Budget (issue 9): at most 60 KB of HTML before compression and 100 ms of server
time (median) for 200 people; a constant number of queries (issue 4).
Run: .venv/bin/python bench/attendance_screen.py  (DATABASE_URL for PostgreSQL)
"""

import time
from html.parser import HTMLParser

from _setup import median, throwaway_database

REGISTRATIONS = 200
RUNS = 30
BUDGET_KB = 60
BUDGET_MS = 100


class ElementCounter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1

    def handle_startendtag(self, tag, attrs):
        self.elements += 1


def element_count(html):
    counter = ElementCounter()
    counter.feed(html)
    return counter.elements


def verdict(value, budget):
    return "within budget" if value <= budget else "OVER BUDGET"


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
        from workshops.models import Attendance

        facilitator = UserFactory(roles=[FACILITATOR])
        workshop = WorkshopFactory(capacity=REGISTRATIONS)
        workshop.facilitators.add(facilitator)
        session = WorkshopSessionFactory(workshop=workshop)
        client = Client()
        client.force_login(facilitator)
        url = f"/fasilitator/sesi/{session.pk}/kehadiran/"

        def measure():
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
            assert response.status_code == 200
            return elapsed, len(queries), response.content, cpu

        measure()  # warm up: session, site settings, template loading
        RegistrationFactory.create_batch(10, workshop=workshop)
        _, queries_10, _, _ = measure()
        registrations = RegistrationFactory.create_batch(
            REGISTRATIONS - 10, workshop=workshop
        )
        # Half the room marked already, as in the middle of a session.
        Attendance.objects.bulk_create(
            Attendance(registration=registration, session=session, status="present")
            for registration in registrations[::2]
        )
        results = [measure() for _ in range(RUNS)]
        times = [result[0] for result in results]
        cpu_ms = median([result[3] for result in results]) * 1000
        html = results[0][2]
        size_kb = len(html) / 1024
        median_ms = median(times) * 1000
        print(f"database: {vendor}")
        print(f"registrations: {REGISTRATIONS}, runs: {RUNS}")
        print(f"queries with 10 people: {queries_10}")
        print(f"queries with {REGISTRATIONS} people: {results[0][1]}")
        print(
            f"HTML: {size_kb:.1f} KB before compression (budget {BUDGET_KB} KB): "
            f"{verdict(size_kb, BUDGET_KB)}"
        )
        print(f"elements: {element_count(html.decode())}")
        print(
            f"median server time: {median_ms:.1f} ms (budget {BUDGET_MS} ms): "
            f"{verdict(median_ms, BUDGET_MS)}"
        )
        print(f"slowest: {max(times) * 1000:.1f} ms")
        # CPU time of this process (database included on SQLite): less moved by
        # other work on a shared machine than the wall-clock time above.
        print(
            f"median CPU time: {cpu_ms:.1f} ms (budget {BUDGET_MS} ms): "
            f"{verdict(cpu_ms, BUDGET_MS)}"
        )


if __name__ == "__main__":
    main()
