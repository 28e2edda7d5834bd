"""Time to erase 10,000 inactive participants with the bulk command.

Each person has a registration, an attended session and their log entries; one in
ten holds a certificate. Everyone is erased (name, phone and needs, certificate
name, log text), one transaction per person.
Run: .venv/bin/python bench/anonymise.py [count]   (PostgreSQL: set DATABASE_URL)
"""

import datetime
import sys
import time

from _setup import throwaway_database

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
WORKSHOPS = 20


def build():
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

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

    long_ago = timezone.now() - datetime.timedelta(days=5 * 365)
    kecamatan = Kecamatan.objects.create(code="99.01.01", name="Bench")
    desa = Desa.objects.create(code="99.01.01.2001", name="Bench", kecamatan=kecamatan)
    venue = Venue.objects.create(name="Balai", desa=desa)
    workshops = [
        Workshop.objects.create(
            title=f"Lokakarya {n}", venue=venue, desa=desa, capacity=COUNT
        )
        for n in range(WORKSHOPS)
    ]
    sessions = [
        WorkshopSession.objects.create(
            workshop=w,
            date=long_ago.date(),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
        )
        for w in workshops
    ]
    Participant.objects.bulk_create(
        Participant(
            full_name=f"Peserta Nomor {n}",
            birth_year=1950 + n % 20,
            gender="P" if n % 2 else "L",
            desa=desa,
            phone="081234567890",
            consent_given_at=long_ago,
            consent_version="1",
        )
        for n in range(COUNT)
    )
    people = list(Participant.objects.order_by("pk"))
    Participant.objects.update(created_at=long_ago)
    Registration.objects.bulk_create(
        Registration(
            workshop=workshops[n % WORKSHOPS],
            participant=person,
            status="registered",
            source="facilitator",
            created_at=long_ago,
            status_changed_at=long_ago,
        )
        for n, person in enumerate(people)
    )
    registrations = list(Registration.objects.select_related("participant", "workshop"))
    Attendance.objects.bulk_create(
        Attendance(
            registration=r,
            session=sessions[n % WORKSHOPS],
            status="present",
            marked_at=long_ago,
        )
        for n, r in enumerate(registrations)
    )
    Certificate.objects.bulk_create(
        Certificate(
            participant=r.participant,
            workshop=r.workshop,
            number=f"{n + 1}/B/{long_ago.year}",
            year=long_ago.year,
            sequence=n + 1,
            verification_code=new_code(),
            name_as_printed=r.participant.full_name,
            issued_at=long_ago,
        )
        for n, r in enumerate(registrations[::10])
    )
    registration_type = ContentType.objects.get_for_model(Registration)
    participant_type = ContentType.objects.get_for_model(Participant)
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=registration_type,
                object_id=str(r.pk),
                label=str(r),
                action="workshops.registration.registered",
                timestamp=long_ago,
                data={},
            )
            for r in registrations
        ]
        + [
            ModelLogEntry(
                content_type=participant_type,
                object_id=str(p.pk),
                label=str(p),
                action="wagtail.edit",
                timestamp=long_ago,
                data={"note": f"{p.full_name} asked"},
            )
            for p in people
        ],
        batch_size=2000,
    )


def main():
    from django.core.management import call_command

    from workshops.models import Participant

    with throwaway_database() as vendor:
        build()
        started = time.perf_counter()
        call_command("anonymise_participants", "--years", "3", verbosity=0)
        elapsed = time.perf_counter() - started
        left = Participant.objects.filter(anonymised_at__isnull=True).count()
        print(f"database: {vendor}")
        print(
            f"anonymise {COUNT:,} participants (10% with a certificate): "
            f"{elapsed:.1f} s ({elapsed / COUNT * 1000:.2f} ms each), {left} left"
        )


if __name__ == "__main__":
    main()
