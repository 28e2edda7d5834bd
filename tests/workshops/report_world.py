"""A small, hand-built year whose figures are known, for the report tests.

2025, Kecamatan Sungai Ambawang: Desa Pancaroba holds workshop A (two sessions in
March, two needed for a certificate), Desa Lingga workshop B (one session in
May). Kecamatan Kuala Mandor: Desa Kuala Dua, no workshop. Also a workshop in
2024 (outside the period) and a cancelled one in 2025 (never held).

people (age at the workshop)   A                 B        certificate
Siti (F, 70)                   present, late     -        corrected (replaced)
Budi (M, 62)                   present, absent   absent   outside the rule, revoked
Ani (F, 50, under 55)          present, present  -        valid
Rudi (M, 65)                   cancelled         -
Joko (M, 75)                   waiting list      -
Wati (F, 67, erased after)     -                 present  valid
Tono (M, 70)                      only in the 2024 workshop, with a certificate
"""

import datetime

from certificates import services as certificate_services
from certificates.models import Certificate
from literacy_site.roles import ADMINISTRATOR
from tests.factories import (
    DesaFactory,
    KecamatanFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Attendance, Registration, Workshop

YEAR = 2025


def build_report_world():
    admin = UserFactory(roles=[ADMINISTRATOR])
    ambawang = KecamatanFactory(code="61.12.01", name="Sungai Ambawang")
    mandor = KecamatanFactory(code="61.12.02", name="Kuala Mandor")
    pancaroba = DesaFactory(code="61.12.01.2001", name="Pancaroba", kecamatan=ambawang)
    lingga = DesaFactory(code="61.12.01.2002", name="Lingga", kecamatan=ambawang)
    kuala_dua = DesaFactory(code="61.12.02.2001", name="Kuala Dua", kecamatan=mandor)

    def workshop(desa, dates, minimum, status=Workshop.Status.CLOSED):
        made = WorkshopFactory(
            venue__desa=desa,
            minimum_sessions_for_certificate=minimum,
            status=Workshop.Status.OPEN,
        )
        sessions = [WorkshopSessionFactory(workshop=made, date=day) for day in dates]
        return made, sessions

    a, (a1, a2) = workshop(
        pancaroba, [datetime.date(YEAR, 3, 10), datetime.date(YEAR, 3, 11)], 2
    )
    b, (b1,) = workshop(lingga, [datetime.date(YEAR, 5, 5)], 1)
    old, (old1,) = workshop(pancaroba, [datetime.date(YEAR - 1, 11, 1)], 1)
    never, (never1,) = workshop(pancaroba, [datetime.date(YEAR, 6, 1)], 1)

    def person(name, age, gender, desa=pancaroba):
        return ParticipantFactory(
            full_name=name,
            birth_year=YEAR - age,
            gender=gender,
            desa=desa,
            phone="081298765432",
        )

    siti = person("Siti Aminah", 70, "P")
    budi = person("Budi Santoso", 62, "L")
    ani = person("Ani Lestari", 50, "P")
    rudi = person("Rudi Hartono", 65, "L")
    joko = person("Joko Widodo", 75, "L")
    wati = person("Wati Suryani", 67, "P", desa=lingga)
    tono = person("Tono Sugiarto", YEAR - 1 - 1955, "L")

    def register(workshop, participant, status=Registration.Status.REGISTERED):
        return RegistrationFactory(
            workshop=workshop, participant=participant, status=status
        )

    def mark(registration, session, status):
        Attendance.objects.create(
            registration=registration, session=session, status=status
        )

    siti_a = register(a, siti)
    mark(siti_a, a1, "present")
    mark(siti_a, a2, "late")
    budi_a = register(a, budi)
    mark(budi_a, a1, "present")
    mark(budi_a, a2, "absent")
    budi_b = register(b, budi)
    mark(budi_b, b1, "absent")
    ani_a = register(a, ani)
    mark(ani_a, a1, "present")
    mark(ani_a, a2, "present")
    rudi_a = register(a, rudi)
    services.registration_cancel(registration=rudi_a, cancelled_by=admin)
    register(a, joko, Registration.Status.WAITLISTED)
    wati_b = register(b, wati)
    mark(wati_b, b1, "present")
    tono_old = register(old, tono)
    mark(tono_old, old1, "present")
    register(never, siti)

    for made in (a, b, old):
        services.workshop_close(workshop=made, closed_by=admin)
    services.workshop_cancel(workshop=never, cancelled_by=admin)

    certificate_services.certificates_issue_for_workshop(workshop=a, issued_by=admin)
    certificate_services.certificates_issue_for_workshop(workshop=b, issued_by=admin)
    certificate_services.certificates_issue_for_workshop(workshop=old, issued_by=admin)
    budi_certificate = certificate_services.certificate_issue_outside_rule(
        participant=budi, workshop=b, issued_by=admin, reason="Sakit di hari kedua"
    )
    certificate_services.certificate_revoke(
        certificate=budi_certificate, revoked_by=admin, reason="Salah terbit"
    )
    certificate_services.certificate_correct_name(
        certificate=Certificate.objects.get(participant=siti, workshop=a),
        name="Siti Aminah Binti Umar",
        corrected_by=admin,
        reason="Nama lengkap",
    )
    services.participant_anonymise(participant=wati, by=admin, reason="Permintaan")
    return {
        "admin": admin,
        "kecamatan": {"ambawang": ambawang, "mandor": mandor},
        "desa": {"pancaroba": pancaroba, "lingga": lingga, "kuala_dua": kuala_dua},
        "workshops": {"a": a, "b": b, "old": old, "never": never},
    }
