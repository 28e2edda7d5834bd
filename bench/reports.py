"""The Laporan page and /capaian/ at a regency's full size.

Makes 100,000 participants, 5,000 workshops over three years (15,000 sessions),
about 133,000 registrations, 400,000 attendance rows and 60,000 certificates,
then prints, for the report page of one year with no filter and with two
(kecamatan and gender): queries and median server time (budget 1 s, queries the
same whatever the size), built afresh and from the cache (kept until the data
changes, like /capaian/), and /capaian/ served from the cache (budget 100 ms).
Run: .venv/bin/python bench/reports.py [--scale 0.1]   (PostgreSQL: DATABASE_URL)
"""

import argparse
import datetime
import os
import random
import statistics
import time

BUDGET_PAGE_S = 1.0
BUDGET_CAPAIAN_MS = 100
YEARS = (2024, 2025, 2026)
KECAMATAN = 9
DESA_PER_KECAMATAN = 14  # 126, close to Kubu Raya's 123
CHUNK = 20_000


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def generate(*, scale=1.0, seed=2026):
    """Fill the database with a regency's worth of training, quickly (bulk inserts).

    At scale 1: 100,000 participants, 5,000 workshops, 15,000 sessions, 400,000
    attendance rows and 60,000 certificates; the tests use a small scale."""
    from django.utils import timezone

    from certificates.codes import new_code
    from certificates.models import Certificate
    from workshops.models import (
        Attendance,
        Desa,
        Kecamatan,
        Participant,
        Registration,
        Venue,
        Workshop,
        WorkshopSession,
    )

    rng = random.Random(seed)
    participants_total = max(20, int(100_000 * scale))
    workshops_total = max(3, int(5_000 * scale))
    certificates_total = int(60_000 * scale)
    # 400,000 attendance rows over 3 sessions a workshop: about 26.7 a workshop.
    seats = max(2, round(400_000 / 3 / 5_000))

    kecamatan = Kecamatan.objects.bulk_create(
        Kecamatan(code=f"88.{k:02d}", name=f"Kecamatan Uji {k:02d}")
        for k in range(1, KECAMATAN + 1)
    )
    desa = Desa.objects.bulk_create(
        Desa(code=f"{kec.code}.{d:04d}", name=f"Desa Uji {k}-{d:02d}", kecamatan=kec)
        for k, kec in enumerate(kecamatan, start=1)
        for d in range(1, DESA_PER_KECAMATAN + 1)
    )
    venues = Venue.objects.bulk_create(
        Venue(name=f"Balai {place.name}", desa=place) for place in desa
    )
    consent_at = timezone.now()
    people = []
    for chunk in _chunks(range(participants_total)):
        people += Participant.objects.bulk_create(
            Participant(
                full_name=f"Peserta Uji {n}",
                # About one in eight is under 55 at the time of the workshop.
                birth_year=rng.randint(1938, 1972),
                gender="P" if rng.random() < 0.55 else "L",
                desa=desa[n % len(desa)],
                consent_given_at=consent_at,
                consent_version="1",
            )
            for n in chunk
        )
    people_ids = [(person.pk, person.desa_id) for person in people]
    del people

    workshops, first_days = [], []
    for n in range(workshops_total):
        year = YEARS[n % len(YEARS)]
        first_days.append(
            datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(360))
        )
        # Consecutive workshops share a desa across the three years.
        place = (n // len(YEARS)) % len(venues)
        workshops.append(
            Workshop(
                title=f"Lokakarya Uji {n}",
                venue=venues[place],
                desa=desa[place],
                capacity=seats,
                status=Workshop.Status.CLOSED,
                minimum_sessions_for_certificate=2,
            )
        )
    workshops = Workshop.objects.bulk_create(workshops, batch_size=5_000)
    WorkshopSession.objects.bulk_create(
        (
            WorkshopSession(
                workshop=workshop,
                date=first_day + datetime.timedelta(days=day),
                start_time=datetime.time(9),
                end_time=datetime.time(11),
                sort_order=day,
            )
            for workshop, first_day in zip(workshops, first_days, strict=True)
            for day in range(3)
        ),
        batch_size=5_000,
    )
    sessions_of = {}
    for pk, workshop_id in WorkshopSession.objects.values_list("pk", "workshop_id"):
        sessions_of.setdefault(workshop_id, []).append(pk)

    # Each workshop takes its seats from people of its own desa, so a third of
    # the people come back for a second workshop.
    by_desa = {}
    for pk, desa_id in people_ids:
        by_desa.setdefault(desa_id, []).append(pk)
    registrations = []
    for workshop in workshops:
        neighbours = by_desa[workshop.desa_id]
        for person in rng.sample(neighbours, min(seats, len(neighbours))):
            registrations.append((workshop.pk, person))
    registration_rows = []
    for chunk in _chunks(registrations):
        made = Registration.objects.bulk_create(
            Registration(
                workshop_id=workshop_id,
                participant_id=person,
                status="registered" if rng.random() < 0.97 else "waitlisted",
                source="facilitator",
                created_at=consent_at,
                status_changed_at=consent_at,
            )
            for workshop_id, person in chunk
        )
        registration_rows += [
            (r.pk, r.workshop_id, r.participant_id, r.status) for r in made
        ]

    marks = []
    for pk, workshop_id, _person, status in registration_rows:
        if status != "registered":
            continue
        for session in sessions_of[workshop_id]:
            roll = rng.random()
            mark = "present" if roll < 0.8 else "late" if roll < 0.88 else "absent"
            marks.append((pk, session, mark))
    for chunk in _chunks(marks):
        Attendance.objects.bulk_create(
            Attendance(
                registration_id=r, session_id=s, status=mark, marked_at=consent_at
            )
            for r, s, mark in chunk
        )

    first_day_of = dict(zip((w.pk for w in workshops), first_days, strict=True))
    stride = max(1, len(registration_rows) // max(1, certificates_total))
    certified = [row for row in registration_rows if row[3] == "registered"][::stride]
    certified = certified[:certificates_total]
    sequence = {}
    for chunk in _chunks(certified):
        certificates = []
        for n, (_pk, workshop_id, person, _status) in enumerate(chunk):
            year = first_day_of[workshop_id].year
            sequence[year] = sequence.get(year, 0) + 1
            certificates.append(
                Certificate(
                    participant_id=person,
                    workshop_id=workshop_id,
                    number=f"{sequence[year]}/UJI/{year}",
                    year=year,
                    sequence=sequence[year],
                    verification_code=new_code(),
                    name_as_printed=f"Peserta Uji {person}",
                    issued_at=consent_at,
                    revoked_at=consent_at if n % 100 == 0 else None,
                )
            )
        Certificate.objects.bulk_create(certificates)
    # A live database has its planner statistics (autovacuum, or SQLite's
    # optimize); fresh bulk inserts have none, and PostgreSQL then misjudges.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "participants": len(people_ids),
        "workshops": len(workshops),
        "sessions": sum(len(s) for s in sessions_of.values()),
        "registrations": len(registration_rows),
        "attendance": len(marks),
        "certificates": len(certified),
    }


def _timed_pages(client, url, runs, *, fresh=False):
    """Queries of one request, and the median wall and CPU time of `runs`;
    `fresh`: with the cache emptied before each request.

    CPU time is this process's own: on a machine shared with other work the
    wall time also counts the waits for a free core."""
    from django.core.cache import cache
    from django.db import connection

    def get():
        if fresh:
            cache.clear()
        return client.get(url)

    response = get()
    assert response.status_code == 200, (url, response.status_code)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get()
    wall, cpu = [], []
    for _ in range(runs):
        if fresh:
            cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return len(queries), statistics.median(wall), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    from _setup import throwaway_database

    with throwaway_database() as vendor:
        from django.core.cache import cache
        from django.test import Client
        from django.urls import reverse

        from literacy_site.roles import ADMINISTRATOR
        from tests.factories import UserFactory
        from workshops.models import Kecamatan

        started = time.perf_counter()
        made = generate(scale=options.scale)
        print(f"database: {vendor}, scale {options.scale}")
        print(
            "made "
            + ", ".join(f"{count:,} {name}" for name, count in made.items())
            + f" in {time.perf_counter() - started:.0f} s"
        )
        client = Client()
        client.force_login(UserFactory(roles=[ADMINISTRATOR]))
        url = reverse("workshops_reports")
        year = 2025
        kecamatan = Kecamatan.objects.order_by("name").first()
        for label, query in (
            ("no filter", f"period=year&year={year}"),
            (
                "kecamatan and gender",
                f"period=year&year={year}&kecamatan={kecamatan.pk}&gender=P",
            ),
        ):
            for how, fresh in (("built afresh", True), ("from the cache", False)):
                queries, median, cpu = _timed_pages(
                    client, f"{url}?{query}", options.runs, fresh=fresh
                )
                verdict = "within" if median <= BUDGET_PAGE_S else "OVER"
                print(
                    f"report page, {year}, {label}, {how}: {queries} queries, "
                    f"median {median * 1000:.0f} ms ({verdict} the "
                    f"{BUDGET_PAGE_S:.0f} s budget), CPU {cpu * 1000:.0f} ms"
                )
        for label, run in (("xlsx", "xlsx"), ("pdf", "pdf")):
            started = time.perf_counter()
            response = client.get(f"{url}{run}/?period=year&year={year}")
            print(
                f"report {label} export, {year}: "
                f"{time.perf_counter() - started:.2f} s, "
                f"{len(response.content) / 1024:.0f} KB"
            )

        anonymous = Client()
        cache.clear()
        started = time.perf_counter()
        anonymous.get("/capaian/")
        rebuild = time.perf_counter() - started
        queries, median, cpu = _timed_pages(
            anonymous, "/capaian/", max(20, options.runs)
        )
        verdict = "within" if median * 1000 <= BUDGET_CAPAIAN_MS else "OVER"
        print(
            f"/capaian/: rebuilt in {rebuild * 1000:.0f} ms; from the cache "
            f"{queries} queries, median {median * 1000:.1f} ms ({verdict} the "
            f"{BUDGET_CAPAIAN_MS} ms budget), CPU {cpu * 1000:.1f} ms"
        )
        print(f"load average during the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
