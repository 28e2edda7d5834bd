"""A workshop's print pack: the attendance sheet, the handouts of its courses
(registered people plus a fifth) and its certificates, in one PDF drawn by the
task worker."""

import io
import unicodedata

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates.codes import new_code
from certificates.models import Certificate, PrintJob
from courses.services import handout_build
from literacy_site.demo import load_organisation
from tests.courses.factories import CoursePageFactory, LessonPageFactory, step
from tests.factories import RegistrationFactory
from workshops.print_pack import handout_copies

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("registered", "copies"), [(0, 1), (1, 2), (5, 6), (10, 12), (11, 14), (30, 36)]
)
def test_handout_copies_are_the_registered_plus_a_fifth_rounded_up(registered, copies):
    assert handout_copies(registered) == copies


@pytest.fixture
def pack_world(workshop_world):
    """The workshop of workshop_world with 5 registered people, two courses of
    two lessons each, and certificates for two of the people."""
    load_organisation()
    workshop = workshop_world["workshop"]
    workshop.capacity = 10
    workshop.save()
    registrations = [workshop_world["registration"]] + [
        RegistrationFactory(workshop=workshop, participant__full_name=name)
        for name in ("Siti Aminah", "Yohanes Bakri", "Rahmat Hidayat", "Lina Marlina")
    ]
    courses = []
    for title in ("Kenali Hoaks", "Aman Bertransaksi"):
        course = CoursePageFactory(title=title)
        for number in (1, 2):
            LessonPageFactory(
                parent=course,
                title=f"{title}: langkah {number}",
                body=[step(f"Langkah pertama materi {number}."), step("Selesai.")],
            )
        courses.append(course)
    workshop.courses.add(*courses)
    year = timezone.localdate().year
    certificates = [
        Certificate.objects.create(
            participant=registration.participant,
            workshop=workshop,
            number=f"{900 + index}/LD/{year}",
            year=year,
            sequence=900 + index,
            verification_code=new_code(),
            name_as_printed=registration.participant.full_name,
            issued_at=timezone.now(),
        )
        for index, registration in enumerate(registrations[1:3])
    ]
    return {
        **workshop_world,
        "registrations": registrations,
        "courses": courses,
        "certificates": certificates,
    }


def texts(body):
    return [
        unicodedata.normalize("NFC", " ".join(page.extract_text().split()))
        for page in PdfReader(io.BytesIO(body)).pages
    ]


def pages_of_handout(course):
    with default_storage.open(handout_build(page=course), "rb") as stored:
        return texts(stored.read())


def make_pack(client, workshop, capture):
    with capture(execute=True):
        started = client.post(
            reverse("facilitator:start_print_pack", args=[workshop.pk])
        )
    job = PrintJob.objects.get(kind=PrintJob.Kind.PRINT_PACK)
    assert started.url == job.get_absolute_url()
    return job


def test_the_pack_holds_the_sheet_the_handouts_in_copies_and_the_certificates(
    pack_world, client_for, django_capture_on_commit_callbacks
):
    workshop = pack_world["workshop"]
    client = client_for(pack_world["users"]["own_village_staff"])
    detail = client.get(workshop.get_absolute_url()).content.decode()
    assert reverse("facilitator:print_pack", args=[workshop.pk]) in detail
    page = client.get(reverse("facilitator:print_pack", args=[workshop.pk]))
    assert "6 salinan" in page.content.decode()

    job = make_pack(client, workshop, django_capture_on_commit_callbacks)

    # Drawn by the task backend: the sheet, two handouts, the certificates.
    assert (job.status, job.total, job.done) == ("done", 4, 4)
    assert (
        "Paket cetak sudah siap" in client.get(job.get_absolute_url()).content.decode()
    )
    download = client.get(job.download_url)
    assert download["Content-Type"] == "application/pdf"
    pages = texts(b"".join(download.streaming_content))

    first_handout, second_handout = (
        pages_of_handout(course) for course in pack_world["courses"]
    )
    # The sheet takes as many pages as its rows need; the handouts follow it.
    handouts_start = pages.index(first_handout[0])
    cover, sheet = pages[0], " ".join(pages[1:handouts_start])
    second_start = handouts_start + 6 * len(first_handout)
    certificates_start = second_start + 6 * len(second_handout)
    assert len(pages) == certificates_start + 2

    assert "Paket cetak" in cover and workshop.title in cover
    assert f"2–{handouts_start}" in cover
    assert f"{handouts_start + 1}–{second_start}" in cover
    assert "Daftar hadir" in sheet
    for registration in pack_world["registrations"]:
        assert registration.participant.full_name in sheet
    # Six whole copies of each handout, one after another.
    assert pages[handouts_start:second_start] == first_handout * 6
    assert pages[second_start:certificates_start] == second_handout * 6
    assert "Kenali Hoaks" in first_handout[0]
    assert "Aman Bertransaksi" in second_handout[0]
    for page_text, certificate in zip(
        pages[certificates_start:], pack_world["certificates"], strict=True
    ):
        assert certificate.name_as_printed in page_text
        assert certificate.number in page_text


def test_a_pack_before_certificates_are_issued_has_no_certificate_pages(
    pack_world, client_for, django_capture_on_commit_callbacks
):
    Certificate.objects.all().delete()
    workshop = pack_world["workshop"]
    client = client_for(pack_world["users"]["own_facilitator"])
    page = client.get(reverse("facilitator:print_pack", args=[workshop.pk]))
    assert "Sertifikat belum diterbitkan" in page.content.decode()

    job = make_pack(client, workshop, django_capture_on_commit_callbacks)

    assert (job.status, job.total) == ("done", 3)
    pages = texts(b"".join(client.get(job.download_url).streaming_content))
    handout_pages = sum(len(pages_of_handout(c)) for c in pack_world["courses"])
    first_handout = pages_of_handout(pack_world["courses"][0])
    assert len(pages) == pages.index(first_handout[0]) + 6 * handout_pages
    assert not any("Kode:" in text for text in pages)


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_village_staff", 404), ("other_facilitator", 404), ("editor", 403)],
)
def test_someone_without_the_workshop_cannot_make_or_read_its_pack(
    pack_world, client_for, who, status, django_capture_on_commit_callbacks
):
    workshop = pack_world["workshop"]
    own = client_for(pack_world["users"]["administrator"])
    job = make_pack(own, workshop, django_capture_on_commit_callbacks)
    client = client_for(pack_world["users"][who])

    assert (
        client.get(reverse("facilitator:print_pack", args=[workshop.pk])).status_code
        == status
    )
    assert (
        client.post(
            reverse("facilitator:start_print_pack", args=[workshop.pk])
        ).status_code
        == status
    )
    assert client.get(job.get_absolute_url()).status_code == status
    assert client.get(job.download_url).status_code == status
    assert PrintJob.objects.count() == 1


def test_the_pack_is_not_shown_as_a_certificate_print_job(
    pack_world, client_for, django_capture_on_commit_callbacks
):
    workshop = pack_world["workshop"]
    client = client_for(pack_world["users"]["own_facilitator"])
    job = make_pack(client, workshop, django_capture_on_commit_callbacks)

    as_certificates = reverse(
        "facilitator_certificates:print_job", args=[workshop.pk, job.pk]
    )
    assert client.get(as_certificates).status_code == 404


def test_erasing_a_participant_expires_the_pack_that_lists_them(
    pack_world, client_for, django_capture_on_commit_callbacks
):
    from workshops import services

    client = client_for(pack_world["users"]["own_facilitator"])
    job = make_pack(client, pack_world["workshop"], django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_anonymise(
            participant=pack_world["registrations"][-1].participant,
            by=pack_world["users"]["administrator"],
            reason="",
        )

    job.refresh_from_db()
    assert (job.status, job.file.name) == ("expired", "")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Buat PDF lagi" in page
    assert client.get(job.download_url).status_code == 410


def test_a_pack_whose_worker_died_is_put_together_again(
    pack_world, settings, django_capture_on_commit_callbacks
):
    from certificates import services

    long_ago = timezone.now() - timezone.timedelta(
        seconds=settings.PRINT_JOB_STALE_AFTER + 60
    )
    job = PrintJob.objects.create(
        kind=PrintJob.Kind.PRINT_PACK,
        workshop=pack_world["workshop"],
        status=PrintJob.Status.RUNNING,
        attempts=1,
        total=4,
        done=1,
        progress_at=long_ago,
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = services.print_jobs_recover()

    job.refresh_from_db()
    assert counts == {"retried": 1, "failed": 0}
    assert (job.status, job.attempts, job.done) == ("done", 2, 4)
    with job.file.open("rb") as stored:
        assert "Paket cetak" in texts(stored.read())[0]
