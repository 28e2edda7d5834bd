"""Print jobs run on the task worker and survive a worker that dies."""

import datetime
import io
import signal
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates.codes import new_code
from certificates.models import Certificate, PrintJob
from certificates.tasks import print_certificates
from literacy_site.roles import FACILITATOR
from tests.factories import DesaFactory, UserFactory, WorkshopFactory
from tests.processes import (
    BASE_DIR,
    PYTHON,
    clean_environment,
    database_environment,
    wait_until,
)
from workshops.models import Participant


def workshop_with_certificates(count):
    """A workshop whose facilitator can print `count` valid certificates."""
    workshop = WorkshopFactory(title="Aman Bermedia Sosial")
    facilitator = UserFactory(roles=[FACILITATOR])
    workshop.facilitators.add(facilitator)
    desa = DesaFactory()
    participants = Participant.objects.bulk_create(
        Participant(
            full_name=f"Peserta Nomor {number}",
            birth_year=1958,
            gender=Participant.Gender.FEMALE,
            desa=desa,
            consent_given_at=timezone.now(),
        )
        for number in range(1, count + 1)
    )
    year = timezone.localdate().year
    Certificate.objects.bulk_create(
        Certificate(
            participant=participant,
            workshop=workshop,
            number=f"{number:03d}/LD/{year}",
            year=year,
            sequence=number,
            verification_code=new_code(),
            name_as_printed=participant.full_name,
            issued_at=timezone.now(),
        )
        for number, participant in enumerate(participants, start=1)
    )
    return workshop, facilitator


def job_url(job, name="print_job"):
    return reverse(f"facilitator_certificates:{name}", args=[job.workshop_id, job.pk])


def job_files(job):
    folder = Path(django_settings.PRIVATE_FILES_ROOT) / "certificates"
    return folder.glob(f"*print-job-{job.pk}.*")


def files_of(job):
    """Every file the job has left in the private folder, finished or not."""
    return sorted(path.name for path in job_files(job))


def forget_earlier_files(job):
    """Job numbers start again after a test's database is emptied; files of an
    earlier test's job with this number are not this job's."""
    for path in job_files(job):
        path.unlink()


@pytest.mark.django_db
def test_a_job_drawn_twice_leaves_one_file_and_a_done_job_is_not_redrawn(
    client, django_capture_on_commit_callbacks
):
    workshop, facilitator = workshop_with_certificates(3)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("facilitator_certificates:start_print_job", args=[workshop.pk])
        )
    job = PrintJob.objects.get()
    assert (job.status, job.done, job.attempts) == ("done", 3, 1)
    path = Path(job.file.path)
    made_at = path.stat().st_mtime_ns

    print_certificates.call(job.pk)
    print_certificates.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)
    assert path.stat().st_mtime_ns == made_at
    assert files_of(job) == [f"print-job-{job.pk}.pdf"]
    assert len(PdfReader(path).pages) == 3


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_drawn_again(
    client, settings, django_capture_on_commit_callbacks
):
    workshop, facilitator = workshop_with_certificates(2)
    long_ago = timezone.now() - datetime.timedelta(
        seconds=settings.PRINT_JOB_STALE_AFTER + 1
    )
    job = PrintJob.objects.create(
        workshop=workshop, status="running", total=2, done=1, attempts=1,
        progress_at=long_ago,
    )
    client.force_login(facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(job_url(job))

    job.refresh_from_db()
    assert (job.status, job.attempts, job.done) == ("done", 2, 2)
    assert client.get(job_url(job, "print_job_file")).status_code == 200


@pytest.mark.django_db
def test_a_job_that_died_twice_is_shown_as_failed_with_a_button_to_try_again(
    client, settings, django_capture_on_commit_callbacks
):
    workshop, facilitator = workshop_with_certificates(2)
    job = PrintJob.objects.create(
        workshop=workshop, status="running", total=2, done=1, attempts=2,
        progress_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(facilitator)

    page = client.get(job_url(job)).content.decode()

    job.refresh_from_db()
    assert job.status == "failed"
    assert "PDF tidak berhasil dibuat" in page
    assert 'http-equiv="refresh"' not in page
    assert "Coba lagi</button>" in page
    assert client.get(job_url(job, "print_job_file")).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            reverse("facilitator_certificates:start_print_job", args=[workshop.pk])
        )
    new_job = PrintJob.objects.exclude(pk=job.pk).get()
    assert again["Location"] == job_url(new_job)
    assert new_job.status == "done"


@pytest.mark.django_db
def test_a_job_still_making_progress_is_left_alone(client):
    workshop, facilitator = workshop_with_certificates(2)
    job = PrintJob.objects.create(
        workshop=workshop, status="running", total=2, done=1, attempts=1,
        progress_at=timezone.now(),
    )
    client.force_login(facilitator)

    page = client.get(job_url(job)).content.decode()

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)
    assert "1 dari 2 sertifikat sudah digambar" in page
    assert 'http-equiv="refresh"' in page


def start_worker(tmp_path, name):
    """`manage.py db_worker` in a process of its own, on this test's database."""
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="literacy_site.settings.dev",
        PRIVATE_FILES_ROOT=django_settings.PRIVATE_FILES_ROOT,
        MEDIA_ROOT=django_settings.MEDIA_ROOT,
        VAR_DIR=tmp_path,
        **database_environment(connection),
    )
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2"],
        cwd=BASE_DIR,
        env=env,
        stdout=(tmp_path / f"{name}.log").open("w"),
        stderr=subprocess.STDOUT,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_worker_leaves_no_partial_file_and_the_job_is_done_again(
    client, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRINT_JOB_STALE_AFTER = 1
    workshop, facilitator = workshop_with_certificates(500)
    client.force_login(facilitator)
    client.post(reverse("facilitator_certificates:start_print_job", args=[workshop.pk]))
    job = PrintJob.objects.get()
    forget_earlier_files(job)

    worker = start_worker(tmp_path, "first-worker")
    try:
        wait_until(
            lambda: PrintJob.objects.get(pk=job.pk).done > 0,
            timeout=120,
            every=0.02,
            what="the worker to draw the first pages",
        )
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()

    job.refresh_from_db()
    assert job.status == "running" and 0 < job.done < 500, (job.status, job.done)
    download = client.get(job_url(job, "print_job_file"))
    assert download.status_code == 404
    assert "Unduh PDF" not in download.content.decode()
    assert files_of(job) in ([], [f".print-job-{job.pk}.pdf.part"])

    # No progress for longer than PRINT_JOB_STALE_AFTER: the page notices.
    wait_until(
        lambda: "dicoba sekali lagi" in client.get(job_url(job)).content.decode(),
        timeout=10,
        what="the job page to notice the dead worker",
    )
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("queued", 1)

    worker = start_worker(tmp_path, "second-worker")
    try:
        wait_until(
            lambda: PrintJob.objects.get(pk=job.pk).status == "done",
            timeout=180,
            what="the second worker to finish the job",
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)

    job.refresh_from_db()
    assert (job.attempts, job.done, job.total) == (2, 500, 500)
    download = client.get(job_url(job, "print_job_file"))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert len(PdfReader(io.BytesIO(body)).pages) == 500
    assert files_of(job) == [f"print-job-{job.pk}.pdf"]
