"""The demo's year of finished workshops: real-looking, and loaded once."""

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from workshops.demo import HISTORY
from workshops.models import Attendance, Participant, Registration, Workshop

pytestmark = pytest.mark.django_db


def counts():
    return (
        Workshop.objects.count(),
        Participant.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
        Certificate.objects.count(),
        ModelLogEntry.objects.count(),
    )


def test_loading_the_demo_twice_enters_the_year_once(demo_site):
    before = counts()

    call_command("load_demo", verbosity=0)

    assert counts() == before


def test_the_demo_has_a_year_of_finished_workshops_in_several_kecamatan(demo_site):
    today = timezone.localdate()
    finished = Workshop.objects.filter(title__in=[past.title for past in HISTORY])

    assert finished.count() == len(HISTORY) >= 8
    assert finished.filter(status=Workshop.Status.CLOSED).count() == len(HISTORY)
    assert finished.values("desa__kecamatan").distinct().count() >= 5
    last_sessions = finished.annotate(last=Max("sessions__date"))
    assert all(w.last < today for w in last_sessions)
    assert (today - min(w.last for w in last_sessions)).days > 300


def test_the_demo_year_has_absences_certificates_and_younger_people(demo_site):
    year = timezone.localdate().year

    assert Attendance.objects.filter(status=Attendance.Status.ABSENT).count() >= 5
    assert Participant.objects.filter(birth_year__gt=year - 55).count() >= 4
    # A repeat learner: the same record in two workshops.
    assert Participant.objects.filter(
        registrations__isnull=False
    ).distinct().count() < (Registration.objects.count())
    valid = Certificate.objects.filter(revoked_at__isnull=True)
    assert valid.count() >= 40
    revoked = Certificate.objects.get(revoked_at__isnull=False, replacement=None)
    assert revoked.name_as_printed == "Markus Ubek"
    replaced = Certificate.objects.get(
        revoked_at__isnull=False, replacement__isnull=False
    )
    assert replaced.name_as_printed == "Lie Mei Lng"
    assert replaced.replacement.name_as_printed == "Lie Mei Ling"
    assert replaced.participant.full_name == "Lie Mei Ling"


def test_demo_certificates_are_dated_after_their_workshop(demo_site):
    for certificate in Certificate.objects.select_related("workshop"):
        last = certificate.workshop.sessions.order_by("-date").first().date
        assert timezone.localdate(certificate.issued_at) > last
        assert certificate.year == timezone.localdate(certificate.issued_at).year


def test_the_demo_register_and_verification_show_the_year(demo_site, client, login_as):
    corrected = Certificate.objects.get(name_as_printed="Lie Mei Ling")

    register = login_as("Administrator").get(
        "/admin/certificates/", {"status": "replaced"}
    )
    page = client.get(corrected.get_absolute_url())

    assert "Lie Mei Lng" in register.content.decode()
    assert page.status_code == 200
    assert "Lie Mei Ling" in page.content.decode()


def test_the_demo_history_is_stamped_with_the_days_it_happened(demo_site):
    """Records and log entries carry the history's own days, not the day the
    demo was loaded."""
    today = timezone.localdate()
    past = Workshop.objects.get(title=HISTORY[0].title)
    first = past.sessions.order_by("date").first().date
    registration = past.registrations.select_related("participant").first()
    closed = ModelLogEntry.objects.get(
        action="workshops.workshop.closed", object_id=str(past.pk)
    )

    assert timezone.localdate(past.created_at) < first
    assert timezone.localdate(registration.created_at) < first
    assert timezone.localdate(registration.participant.created_at) < first
    assert timezone.localdate(registration.participant.consent_given_at) < first
    assert all(
        timezone.localdate(a.marked_at) >= first and a.marked_at.date() < today
        for a in Attendance.objects.filter(registration__workshop=past)
    )
    assert first < timezone.localdate(closed.timestamp) < today
