"""Facilitator and admin lists at regency scale: queries and server time per page.

20,000 participants in 200 workshops (100 registered each, 3 sessions each, with
attendance), 9 kecamatan and 126 desa. Budget (issue 9): every list a constant
number of queries (the same with 5 and with all rows) and at most 100 ms median
server time.
Run: .venv/bin/python bench/facilitator_lists.py  (DATABASE_URL for PostgreSQL)
"""

import datetime
import time

from _setup import median, throwaway_database

WORKSHOPS = 200
PER_WORKSHOP = 100
SESSIONS = 3
KECAMATAN = 9
DESA_PER_KECAMATAN = 14
RUNS = 15
BUDGET_MS = 100


def build_regency():
    """Bulk-create the places, workshops, people, registrations and attendance."""
    from django.utils import timezone

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

    kecamatan = Kecamatan.objects.bulk_create(
        Kecamatan(code=f"61.12.{k:02d}", name=f"Kecamatan {k}")
        for k in range(1, KECAMATAN + 1)
    )
    desa = Desa.objects.bulk_create(
        Desa(code=f"{kec.code}.{2000 + d}", name=f"Desa {kec.pk}-{d}", kecamatan=kec)
        for kec in kecamatan
        for d in range(1, DESA_PER_KECAMATAN + 1)
    )
    venues = Venue.objects.bulk_create(
        Venue(name=f"Balai Desa {i}", desa=desa[i % len(desa)])
        for i in range(WORKSHOPS)
    )
    workshops = Workshop.objects.bulk_create(
        Workshop(
            title=f"Aman Bermedia Sosial {i}",
            venue=venue,
            desa=venue.desa,
            capacity=PER_WORKSHOP,
            status=Workshop.Status.OPEN,
            minimum_sessions_for_certificate=2,
        )
        for i, venue in enumerate(venues)
    )
    today = timezone.localdate()
    sessions = WorkshopSession.objects.bulk_create(
        WorkshopSession(
            workshop=workshop,
            date=today + datetime.timedelta(days=i - WORKSHOPS // 2 + s),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
            sort_order=s,
        )
        for i, workshop in enumerate(workshops)
        for s in range(SESSIONS)
    )
    now = timezone.now()
    participants = Participant.objects.bulk_create(
        (
            Participant(
                full_name=f"Peserta {n}",
                birth_year=1950 + n % 20,
                gender="P" if n % 2 else "L",
                desa=desa[n % len(desa)],
                consent_given_at=now,
            )
            for n in range(WORKSHOPS * PER_WORKSHOP)
        ),
        batch_size=2000,
    )
    registrations = Registration.objects.bulk_create(
        (
            Registration(
                workshop=workshops[n // PER_WORKSHOP],
                participant=participant,
                status=Registration.Status.REGISTERED,
                source=Registration.Source.FACILITATOR,
            )
            for n, participant in enumerate(participants)
        ),
        batch_size=2000,
    )
    sessions_of = {}
    for session in sessions:
        sessions_of.setdefault(session.workshop_id, []).append(session)
    Attendance.objects.bulk_create(
        (
            Attendance(registration=registration, session=session, status="present")
            for registration in registrations
            for session in sessions_of[registration.workshop_id]
        ),
        batch_size=5000,
    )
    return workshops


def main():
    with throwaway_database() as vendor:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from literacy_site.roles import ADMINISTRATOR, FACILITATOR
        from tests.factories import UserFactory

        started = time.perf_counter()
        workshops = build_regency()
        print(f"database: {vendor}")
        print(
            f"built {WORKSHOPS} workshops, {WORKSHOPS * PER_WORKSHOP} participants, "
            f"{WORKSHOPS * PER_WORKSHOP * SESSIONS} attendance marks "
            f"in {time.perf_counter() - started:.0f} s"
        )
        administrator = UserFactory(roles=[ADMINISTRATOR])
        facilitator = UserFactory(roles=[FACILITATOR])
        for workshop in workshops[:40]:
            workshop.facilitators.add(facilitator)
        as_administrator, as_facilitator, nobody = Client(), Client(), Client()
        as_administrator.force_login(administrator)
        as_facilitator.force_login(facilitator)
        nobody.force_login(UserFactory(roles=[FACILITATOR]))

        pages = [
            (
                "/fasilitator/ (administrator, 200 workshops)",
                as_administrator,
                "/fasilitator/",
            ),
            (
                "/fasilitator/?halaman=5 (administrator)",
                as_administrator,
                "/fasilitator/?halaman=5",
            ),
            (
                "/fasilitator/ (facilitator, 40 workshops)",
                as_facilitator,
                "/fasilitator/",
            ),
            (
                "workshop page, 100 participants",
                as_facilitator,
                f"/fasilitator/lokakarya/{workshops[0].pk}/",
            ),
            ("admin participant list", as_administrator, "/admin/participants/"),
            ("admin workshop list", as_administrator, "/admin/workshops/"),
            ("admin venue list", as_administrator, "/admin/venues/"),
        ]
        # Not lists, for reference: Wagtail's own floor, and the edit form.
        floor = [
            ("/fasilitator/ (no workshops: the area's floor)", nobody, "/fasilitator/"),
            ("admin dashboard (Wagtail's floor)", as_administrator, "/admin/"),
            ("admin kecamatan list (9 rows)", as_administrator, "/admin/kecamatan/"),
            (
                "admin workshop edit form",
                as_administrator,
                f"/admin/workshops/edit/{workshops[0].pk}/",
            ),
        ]
        print(f"runs per page: {RUNS}; budget {BUDGET_MS} ms median, constant queries")
        # CPU time of this process (the page and, on SQLite, the database) says
        # what a page costs when the machine is shared and wall time is not.
        print(
            f"{'page':48} {'queries':>7} {'median ms':>10} {'slowest':>8} "
            f"{'cpu ms':>7}  within"
        )
        for label, client, url in pages + floor:
            client.get(url)  # warm up: session, site settings, templates
            times, cpu_times, counts = [], [], []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    began, cpu_began = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append(time.perf_counter() - began)
                    cpu_times.append(time.process_time() - cpu_began)
                assert response.status_code == 200, (url, response.status_code)
                counts.append(len(queries))
            within = "yes" if median(times) * 1000 <= BUDGET_MS else "NO"
            if (label, client, url) in floor:
                within = "(reference)"
            print(
                f"{label:48} {counts[0]:>7} {median(times) * 1000:>10.1f} "
                f"{max(times) * 1000:>8.1f} {median(cpu_times) * 1000:>7.1f}  {within}"
            )


if __name__ == "__main__":
    main()
