"""100 registrations at the same moment for a workshop with 20 seats.

Expected (issue 4): exactly 20 registered, 80 waitlisted, no errors.
Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
    .venv/bin/python bench/concurrent_registrations.py
"""

import threading
import time

from _setup import throwaway_database

SEATS = 20
REQUESTS = 100
# PostgreSQL allows 100 connections here, a few of which are taken already.
THREADS = 90


def main():
    with throwaway_database() as vendor:
        from django.db import connection

        from tests.factories import ParticipantFactory, WorkshopFactory
        from workshops import services

        workshop = WorkshopFactory(capacity=SEATS)
        participants = [ParticipantFactory() for _ in range(REQUESTS)]
        pending = list(participants)
        lock = threading.Lock()
        statuses, errors = [], []
        barrier = threading.Barrier(THREADS)

        def worker():
            barrier.wait()
            try:
                while True:
                    with lock:
                        if not pending:
                            return
                        participant = pending.pop()
                    try:
                        registration = services.registration_create(
                            workshop=workshop,
                            participant=participant,
                            registered_by=None,
                        )
                        statuses.append(registration.status)
                    except Exception as error:  # noqa: BLE001 - counted and printed
                        errors.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(THREADS)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started

        registered = workshop.registrations.filter(status="registered").count()
        waitlisted = workshop.registrations.filter(status="waitlisted").count()
        print(f"database: {vendor}")
        print(f"{REQUESTS} registrations from {THREADS} threads, {SEATS} seats")
        print(
            f"registered: {registered}, waitlisted: {waitlisted}, errors: {len(errors)}"
        )
        for error in errors[:5]:
            print(f"  error: {error}")
        print(f"time: {elapsed:.2f} s")
        ok = registered == SEATS and waitlisted == REQUESTS - SEATS and not errors
        print("result: " + ("as expected" if ok else "NOT as expected"))


if __name__ == "__main__":
    main()
