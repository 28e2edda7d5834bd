"""Backup and restore of a database with 10,000 participants and 5,000 certificates.

Prints the time of `backup_create`, of checking the archive and of `backup_restore`,
and the archive's size (issue 8 asks for the figures; there is no fixed budget).
The data goes into a throwaway test database: SQLite by default, PostgreSQL when
DATABASE_URL is set (the database is named test_<name of DATABASE_URL's database>).
Run: .venv/bin/python bench/backup_restore.py
"""

import datetime
import tempfile
import time
from pathlib import Path

from _setup import throwaway_database

PARTICIPANTS = 10_000
CERTIFICATES = 5_000
WORKSHOPS = 50
PICTURES = 30


def build():
    from django.utils import timezone

    from certificates.codes import new_code
    from certificates.models import Certificate, CertificateSequence
    from tests.courses.factories import ImageFactory
    from tests.factories import DesaFactory, VenueFactory
    from workshops.models import (
        Attendance,
        Participant,
        Registration,
        Workshop,
        WorkshopSession,
    )

    now = timezone.now()
    villages = [DesaFactory() for _ in range(20)]
    workshops = [
        Workshop.objects.create(
            title=f"Aman Bermedia Sosial {number}",
            venue=VenueFactory(desa=villages[number % 20]),
            desa=villages[number % 20],
            capacity=PARTICIPANTS // WORKSHOPS,
            status=Workshop.Status.CLOSED,
        )
        for number in range(WORKSHOPS)
    ]
    sessions = WorkshopSession.objects.bulk_create(
        WorkshopSession(
            workshop=workshop,
            date=datetime.date(2026, 3, 1) + datetime.timedelta(days=number),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
        )
        for number, workshop in enumerate(workshops)
    )
    participants = Participant.objects.bulk_create(
        (
            Participant(
                full_name=f"Peserta Nomor {number} binti Fulan",
                birth_year=1950 + number % 15,
                gender="P" if number % 2 else "L",
                desa=villages[number % 20],
                phone=f"0812{number:08d}",
                consent_given_at=now,
            )
            for number in range(PARTICIPANTS)
        ),
        batch_size=1000,
    )
    per_workshop = PARTICIPANTS // WORKSHOPS
    registrations = Registration.objects.bulk_create(
        (
            Registration(
                workshop=workshops[number // per_workshop],
                participant=participant,
                status=Registration.Status.REGISTERED,
                source=Registration.Source.FACILITATOR,
            )
            for number, participant in enumerate(participants)
        ),
        batch_size=1000,
    )
    Attendance.objects.bulk_create(
        (
            Attendance(
                registration=registration,
                session=sessions[number // per_workshop],
                status="present" if number % 2 == 0 else "absent",
            )
            for number, registration in enumerate(registrations)
        ),
        batch_size=1000,
    )
    Certificate.objects.bulk_create(
        (
            Certificate(
                participant=participants[number * 2],
                workshop=workshops[number * 2 // per_workshop],
                number=f"{number + 1:04d}/LD/DISKOMINFO/2026",
                year=2026,
                sequence=number + 1,
                verification_code=new_code(),
                name_as_printed=participants[number * 2].full_name,
                issued_at=now,
            )
            for number in range(CERTIFICATES)
        ),
        batch_size=1000,
    )
    CertificateSequence.objects.create(year=2026, last_number=CERTIFICATES)
    for _ in range(PICTURES):
        ImageFactory()


def main():
    with throwaway_database() as vendor:
        from django.db import connection

        from certificates.models import Certificate
        from literacy_site.backups import (
            backup_create,
            backup_restore,
            backup_verify,
            file_roots,
        )
        from workshops.models import Participant

        started = time.perf_counter()
        build()
        print(
            f"{vendor}: built {PARTICIPANTS} participants, {CERTIFICATES} "
            f"certificates in {time.perf_counter() - started:.1f} s"
        )
        if vendor == "sqlite":
            database_size = Path(connection.settings_dict["NAME"]).stat().st_size
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                database_size = cursor.fetchone()[0]
        files_size = sum(
            path.stat().st_size
            for root in file_roots().values()
            for path in root.rglob("*")
            if path.is_file()
        )
        print(
            f"  database {database_size / 1024 / 1024:.1f} MB, "
            f"files {files_size / 1024:.0f} KB"
        )
        with tempfile.TemporaryDirectory(prefix="literasi-bench-") as folder:
            started = time.perf_counter()
            archive = backup_create(directory=Path(folder), keep=0)
            backup_time = time.perf_counter() - started
            print(
                f"  backup: {backup_time:.2f} s, archive "
                f"{archive.stat().st_size / 1024 / 1024:.2f} MB"
            )
            started = time.perf_counter()
            backup_verify(archive=archive)
            print(f"  restore --check: {time.perf_counter() - started:.2f} s")
            started = time.perf_counter()
            backup_restore(archive=archive)
            print(f"  restore: {time.perf_counter() - started:.2f} s")
        assert Participant.objects.count() == PARTICIPANTS
        assert Certificate.objects.count() == CERTIFICATES


if __name__ == "__main__":
    main()
