"""Print files are deleted after PRINT_FILES_KEEP_DAYS; the job can be made again."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from certificates.models import PrintJob
from tests.certificates.test_print_jobs import job_url, workshop_with_certificates

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(client, django_capture_on_commit_callbacks):
    """A workshop's certificates printed through the facilitator's page."""
    workshop, facilitator = workshop_with_certificates(2)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("facilitator_certificates:start_print_job", args=[workshop.pk])
        )
    return PrintJob.objects.get()


def age(job, days):
    PrintJob.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_a_print_file_older_than_the_limit_is_deleted(
    printed, client, settings, django_capture_on_commit_callbacks
):
    settings.PRINT_FILES_KEEP_DAYS = 7
    path = printed.file.path
    age(printed, days=8)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--once", verbosity=0)

    printed.refresh_from_db()
    assert printed.status == "expired"
    assert not printed.file
    with pytest.raises(FileNotFoundError):
        open(path, "rb")


def test_a_print_file_within_the_limit_is_kept(printed, client, settings):
    settings.PRINT_FILES_KEEP_DAYS = 7
    age(printed, days=6)

    call_command("run_periodic", "--once", verbosity=0)

    printed.refresh_from_db()
    assert printed.status == "done"
    assert client.get(job_url(printed, "print_job_file")).status_code == 200


def test_downloading_an_expired_file_says_so_and_offers_to_print_again(
    printed, client, settings, django_capture_on_commit_callbacks
):
    settings.PRINT_FILES_KEEP_DAYS = 7
    age(printed, days=30)
    call_command("run_periodic", "--once", verbosity=0)

    response = client.get(job_url(printed, "print_job_file"))

    page = response.content.decode()
    assert response.status_code == 410
    assert "PDF ini sudah dihapus setelah 7 hari" in page
    assert "Buat PDF lagi</button>" in page
    assert 'http-equiv="refresh"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            reverse(
                "facilitator_certificates:start_print_job", args=[printed.workshop_id]
            )
        )
    new_job = PrintJob.objects.exclude(pk=printed.pk).get()
    assert again["Location"] == job_url(new_job)
    assert client.get(job_url(new_job, "print_job_file")).status_code == 200


def done_jobs(workshop, *desas):
    """Finished print files of `workshop` (batch and pack) and of `desas`."""
    from certificates.models import PrintJob as Job

    jobs = [
        Job.objects.create(kind=Job.Kind.WORKSHOP_CERTIFICATES, workshop=workshop),
        Job.objects.create(kind=Job.Kind.PRINT_PACK, workshop=workshop),
        *(Job.objects.create(kind=Job.Kind.DESA_CERTIFICATES, desa=d) for d in desas),
    ]
    Job.objects.filter(pk__in=[job.pk for job in jobs]).update(status="done")
    return jobs


def statuses(jobs):
    return [PrintJob.objects.get(pk=job.pk).status for job in jobs]


def test_revoking_or_renaming_a_certificate_expires_the_files_that_print_it():
    from certificates import services as certificate_services
    from certificates.models import Certificate, CertificateSequence

    workshop, facilitator = workshop_with_certificates(2)
    first, second = Certificate.objects.order_by("sequence")
    jobs = done_jobs(workshop, first.participant.desa)

    certificate_services.certificate_revoke(
        certificate=first, revoked_by=None, reason="Salah orang"
    )
    revoked = statuses(jobs)
    PrintJob.objects.update(status="done")
    CertificateSequence.objects.update_or_create(
        year=second.year, defaults={"last_number": 100}
    )
    certificate_services.certificate_correct_name(
        certificate=second, name="Peserta Benar", corrected_by=None, reason="Typo"
    )

    assert revoked == ["expired"] * 3
    assert statuses(jobs) == ["expired"] * 3


def test_correcting_a_participant_expires_the_files_of_the_old_and_new_desa():
    from certificates.models import Certificate
    from tests.factories import DesaFactory, WorkshopFactory
    from workshops import services as workshop_services

    workshop, facilitator = workshop_with_certificates(1)
    participant = Certificate.objects.get().participant
    old_desa, new_desa, elsewhere = participant.desa, DesaFactory(), DesaFactory()
    jobs = done_jobs(workshop, old_desa, new_desa)
    untouched = done_jobs(WorkshopFactory(), elsewhere)

    workshop_services.participant_correct(
        participant=participant, by=None, changes={"desa": new_desa}
    )

    assert statuses(jobs) == ["expired"] * 4
    assert statuses(untouched) == ["done"] * 3
