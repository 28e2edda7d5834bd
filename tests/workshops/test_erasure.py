"""Erasing a person reaches everything that held their name (UU PDP No. 27/2022)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from certificates import services as certificate_services
from certificates.models import Certificate, PrintJob
from certificates.tasks import print_certificates
from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Participant

pytestmark = pytest.mark.django_db

NAME = "Siti Aminah"


@pytest.fixture
def certified(db):
    """Siti Aminah attended, holds a certificate (once corrected, so a revoked one
    quotes her name too) and her workshop's certificates were printed."""
    facilitator = UserFactory()
    workshop = WorkshopFactory(title="Aman Bermedia Sosial")
    session = WorkshopSessionFactory(workshop=workshop, ended=True)
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name="Siti Aminh", registered_by=None
    )
    services.attendance_mark(
        registration=registration,
        session=session,
        status="present",
        marked_by=facilitator,
    )
    (misspelt,) = certificate_services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=facilitator
    )
    certificate = certificate_services.certificate_correct_name(
        certificate=misspelt,
        name=NAME,
        corrected_by=facilitator,
        reason=f"{NAME} asked for the right spelling",
    )
    participant = registration.participant
    services.participant_correct(
        participant=participant, by=facilitator, changes={"full_name": NAME}
    )
    job = PrintJob.objects.create(workshop=workshop, requested_by=facilitator)
    print_certificates.enqueue(job.pk)
    job.refresh_from_db()
    return {
        "participant": participant,
        "certificate": certificate,
        "misspelt": misspelt,
        "print_file": Path(job.file.path),
    }


def pdf_text(path):
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_certificate_print_file_holds_the_name_before_erasure(certified):
    assert "Siti" in pdf_text(certified["print_file"])


def test_erasure_hides_the_name_everywhere_and_the_certificate_stays_valid(
    certified, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_anonymise(
            participant=certified["participant"],
            by=None,
            reason=f"{NAME} asked by telephone",
        )

    page = client.get(certified["certificate"].get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sertifikat sah — nama disembunyikan atas permintaan pemiliknya" in html
    assert "Sah" in html
    assert "Siti" not in html and "Aminh" not in html

    certificate = Certificate.objects.get(pk=certified["certificate"].pk)
    assert certificate.is_valid
    assert "Siti" not in certificate.name_as_printed
    misspelt = Certificate.objects.get(pk=certified["misspelt"].pk)
    assert "Aminh" not in misspelt.name_as_printed
    assert "Siti" not in misspelt.revocation_reason

    log_text = json.dumps(
        list(ModelLogEntry.objects.values("label", "data")), ensure_ascii=False
    )
    assert ModelLogEntry.objects.filter(action="certificates.issued").count() == 2
    assert "Siti" not in log_text and "Aminh" not in log_text

    assert not certified["print_file"].exists()
    assert list(PrintJob.objects.values_list("status", "file")) == [("expired", "")]


def test_the_bulk_command_erases_in_the_same_way(
    certified, django_capture_on_commit_callbacks
):
    Participant.objects.filter(pk=certified["participant"].pk).update(
        created_at="2015-01-01T00:00:00Z"
    )
    from workshops.models import Attendance, Registration

    Registration.objects.update(status_changed_at="2015-01-01T00:00:00Z")
    Attendance.objects.update(marked_at="2015-01-01T00:00:00Z")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_participants", "--years", "3", verbosity=0)

    assert (
        "Siti"
        not in Certificate.objects.get(pk=certified["certificate"].pk).name_as_printed
    )
    assert not certified["print_file"].exists()
    log_text = json.dumps(
        list(ModelLogEntry.objects.values("label", "data")), ensure_ascii=False
    )
    assert "Siti" not in log_text


def test_erasure_keeps_what_the_reports_count():
    registration = RegistrationFactory(
        participant__full_name=NAME,
        participant__phone="0811",
        participant__needs="Kacamata",
    )
    session = WorkshopSessionFactory(workshop=registration.workshop, ended=True)
    services.attendance_mark(
        registration=registration, session=session, status="present", marked_by=None
    )

    services.participant_anonymise(
        participant=registration.participant, by=None, reason="Permintaan sendiri"
    )

    person = Participant.objects.get(pk=registration.participant.pk)
    assert (person.phone, person.needs) == ("", "")
    assert NAME not in person.full_name
    assert (person.birth_year, person.gender) == (1958, "P")
    assert person.desa == registration.participant.desa
    assert person.registrations.count() == 1
    assert person.registrations.get().attendances.count() == 1


def test_erasing_twice_is_refused():
    participant = ParticipantFactory()
    services.participant_anonymise(participant=participant, by=None, reason="x")

    with pytest.raises(services.ParticipantError):
        services.participant_anonymise(participant=participant, by=None, reason="x")


def test_an_erased_persons_certificate_is_not_offered_for_download(certified, client):
    services.participant_anonymise(
        participant=certified["participant"], by=None, reason="asked"
    )
    code = certified["certificate"].display_code

    html = client.get(certified["certificate"].get_absolute_url()).content.decode()

    assert reverse("certificates:download", args=[code]) not in html
    assert client.get(reverse("certificates:download", args=[code])).status_code == 404


def test_a_print_job_drawn_during_an_erasure_keeps_no_file(
    certified, django_capture_on_commit_callbacks
):
    """A worker drew the names before the person was erased: its PDF is thrown
    away, and the job's page offers to print again."""
    workshop = certified["certificate"].workshop
    job = PrintJob.objects.create(workshop=workshop, requested_by=None)
    running = certificate_services.print_job_claim(job_pk=job.pk)
    path = Path(job.file.storage.path(job.file_name))
    path.unlink(missing_ok=True)  # an earlier test's job may have had this number

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_anonymise(
            participant=certified["participant"], by=None, reason="permintaan"
        )
    certificate_services.print_job_store(
        job=running, body=b"%PDF- Siti Aminah", count=1
    )

    job.refresh_from_db()
    assert job.status == PrintJob.Status.EXPIRED
    assert not job.file
    assert not path.exists()


@pytest.mark.parametrize(
    "typed", ["Siti  Aminah", "Siti\u200bAminah", "SitiAminah", "siti\naminah"]
)
def test_erasure_finds_the_name_however_its_words_were_spaced(typed):
    from literacy_site.erasure import name_pattern, without_names

    reason = f"Dicabut: {typed} minta dihapus"

    assert without_names(reason, name_pattern(["Siti Aminah"]), "Mantan peserta 7") == (
        "Dicabut: Mantan peserta 7 minta dihapus"
    )
