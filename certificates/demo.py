"""Demo certificate settings for the first deployment. Edit them in the admin:
the signatory's name, rank and NIP are left for the office to fill in."""

import datetime

from django.utils import timezone
from wagtail.models import Site

from certificates import services
from certificates.models import Certificate, CertificateSettings
from workshops import demo
from workshops import services as workshop_services
from workshops.models import Attendance

CERTIFICATES = {
    "number_format": "{seq:03d}/LD/DISKOMINFO/{year}",
    "place_of_signing": "Sungai Raya",
    "signatory_title": "Kepala Dinas Komunikasi dan Informatika Kabupaten Kubu Raya",
}


def load_certificate_settings():
    site = Site.objects.get(is_default_site=True)
    settings, _created = CertificateSettings.objects.get_or_create(
        site=site, defaults=CERTIFICATES
    )
    return settings


# In the demo's year of workshops: one certificate revoked after the attendance
# sheet was corrected, and one reissued with a misspelt name corrected.
REVOKED = {
    "workshop": "Mulai Memakai WhatsApp – Korek",
    "name": "Markus Ubek",
    "reason": "Daftar hadir diperbaiki: tidak hadir di sesi kedua.",
}
CORRECTED = {
    "workshop": "Bijak di Grup Keluarga – Sungai Raya Dalam",
    "name": "Lie Mei Lng",
    "corrected": "Lie Mei Ling",
    "reason": "Salah ketik nama saat pendaftaran.",
}


def _days_after_last_session(workshop, days, hour=10):
    last = workshop.sessions.order_by("-date").first().date
    return demo.at(last + datetime.timedelta(days=days), datetime.time(hour, 0))


def _revoke_after_attendance_fix(workshop):
    certificate = Certificate.objects.get(
        workshop=workshop, name_as_printed=REVOKED["name"], revoked_at__isnull=True
    )
    registration = workshop.registrations.get(participant=certificate.participant)
    now = _days_after_last_session(workshop, 3)
    workshop_services.attendance_mark(
        registration=registration,
        session=workshop.sessions.order_by("-date").first(),
        status=Attendance.Status.ABSENT,
        marked_by=None,
        now=now,
    )
    services.certificate_revoke(
        certificate=certificate, revoked_by=None, reason=REVOKED["reason"], now=now
    )


def _correct_misspelt_name(workshop):
    certificate = Certificate.objects.get(
        workshop=workshop, name_as_printed=CORRECTED["name"], revoked_at__isnull=True
    )
    now = _days_after_last_session(workshop, 5)
    workshop_services.participant_correct(
        participant=certificate.participant,
        by=None,
        changes={"full_name": CORRECTED["corrected"]},
        now=now,
    )
    services.certificate_correct_name(
        certificate=certificate,
        name=CORRECTED["corrected"],
        corrected_by=None,
        reason=CORRECTED["reason"],
        now=now,
    )


def load_year_of_workshops(today=None):
    """The demo's finished workshops (workshops.demo.HISTORY), each entered as
    it happened, with certificates issued the day after the last session, and
    closed a week after it.

    Only workshops not loaded before are entered, so loading twice changes
    nothing. Returns how many workshops were added."""
    today = today or timezone.localdate()
    added = 0
    for past in demo.HISTORY:
        workshop = demo.past_workshop_load(past, today)
        if workshop is None:
            continue
        services.certificates_issue_for_workshop(
            workshop=workshop,
            issued_by=None,
            now=_days_after_last_session(workshop, 1),
        )
        if workshop.title == REVOKED["workshop"]:
            _revoke_after_attendance_fix(workshop)
        if workshop.title == CORRECTED["workshop"]:
            _correct_misspelt_name(workshop)
        demo.past_workshop_close(workshop)
        added += 1
    return added
