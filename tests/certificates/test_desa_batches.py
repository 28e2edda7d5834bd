"""Village staff print every valid certificate of their desa's residents,
whatever the workshop, and any one certificate on its own."""

import io
import os
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import services
from certificates.codes import new_code
from certificates.models import Certificate, PrintJob
from literacy_site.roles import ADMINISTRATOR, FACILITATOR, VILLAGE_STAFF
from tests.factories import (
    DesaFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops import print_views
from workshops import services as workshop_services
from workshops.models import StaffPlace

pytestmark = pytest.mark.django_db


def certificate_for(participant, workshop, *, name=None):
    # Far above the numbers the issuing service gives in these tests.
    sequence = 900 + Certificate.objects.count()
    year = timezone.localdate().year
    return Certificate.objects.create(
        participant=participant,
        workshop=workshop,
        number=f"{sequence:03d}/LD/{year}",
        year=year,
        sequence=sequence,
        verification_code=new_code(),
        name_as_printed=name or participant.full_name,
        issued_at=timezone.now(),
    )


def staff_of(desa):
    user = UserFactory(roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=user, desa=desa)
    return user


@pytest.fixture
def desa_world():
    """Residents of one desa with certificates from a workshop at home and one
    elsewhere; a revoked one, a corrected one, and a neighbour's."""
    home = DesaFactory(name="Sungai Raya")
    elsewhere = DesaFactory(name="Kuala Dua")
    at_home = WorkshopFactory(title="Kenali Hoaks", venue__desa=home)
    away = WorkshopFactory(title="Aman Bermedia Sosial", venue__desa=elsewhere)
    administrator = UserFactory(roles=[ADMINISTRATOR])

    # Issued first, printed after Ani: the batch is sorted by name.
    budi = certificate_for(
        ParticipantFactory(full_name="Budi Santoso", desa=home), away
    )
    ani = certificate_for(ParticipantFactory(full_name="Ani Rahma", desa=home), at_home)
    citra = certificate_for(
        ParticipantFactory(full_name="Citra Dewi", desa=home), at_home
    )
    services.certificate_revoke(
        certificate=citra, revoked_by=administrator, reason="Tidak hadir."
    )
    misspelt = certificate_for(
        ParticipantFactory(full_name="Dedy Kurniawan", desa=home), away
    )
    corrected = services.certificate_correct_name(
        certificate=misspelt,
        name="Dedi Kurniawan",
        corrected_by=administrator,
        reason="Salah ketik.",
    )
    neighbour = certificate_for(
        ParticipantFactory(full_name="Eka Putri", desa=elsewhere), at_home
    )
    return {
        "home": home,
        "elsewhere": elsewhere,
        "at_home": at_home,
        "away": away,
        "printed": [ani, budi, corrected],
        "left_out": [citra, misspelt, neighbour],
        "administrator": administrator,
    }


def pages_text(body):
    return [
        unicodedata.normalize("NFC", " ".join(page.extract_text().split()))
        for page in PdfReader(io.BytesIO(body)).pages
    ]


def desa_url(name, desa, *args):
    return reverse(f"facilitator:{name}", args=[desa.pk, *args])


def test_the_desa_batch_holds_exactly_its_residents_valid_certificates_by_name(
    desa_world, client
):
    client.force_login(staff_of(desa_world["home"]))

    response = client.get(desa_url("desa_certificates_pdf", desa_world["home"]))

    assert response["Content-Type"] == "application/pdf"
    pages = pages_text(response.content)
    assert len(pages) == 3
    for page, certificate in zip(pages, desa_world["printed"], strict=True):
        assert certificate.name_as_printed in page
        assert certificate.number in page
        # Each page says its own workshop, wherever the resident attended.
        assert certificate.workshop.title in page
    everything = " ".join(pages)
    for name in ("Citra Dewi", "Dedy Kurniawan", "Eka Putri"):
        assert name not in everything


def test_the_desa_page_lists_the_certificates_in_pages_with_a_print_button_each(
    desa_world, client, monkeypatch
):
    monkeypatch.setattr(print_views, "CERTIFICATES_PER_PAGE", 2)
    client.force_login(staff_of(desa_world["home"]))

    home = client.get(reverse("facilitator:home")).content.decode()
    assert "Cetak sertifikat warga Desa Sungai Raya" in home
    first = client.get(desa_url("desa_certificates", desa_world["home"]))
    second = client.get(
        desa_url("desa_certificates", desa_world["home"]), {"halaman": 2}
    )

    first_page, second_page = first.content.decode(), second.content.decode()
    assert first_page.index("Ani Rahma") < first_page.index("Budi Santoso")
    assert "Dedi Kurniawan" in second_page and "Dedi Kurniawan" not in first_page
    assert "Cetak semua 3 sertifikat (PDF)" in first_page
    for certificate in desa_world["printed"][:2]:
        assert (
            desa_url("desa_certificate_pdf", desa_world["home"], certificate.pk)
            in first_page
        )
    for name in ("Citra Dewi", "Dedy Kurniawan", "Eka Putri"):
        assert name not in first_page + second_page


def test_one_certificate_prints_on_its_own_from_the_desa_list(desa_world, client):
    client.force_login(staff_of(desa_world["home"]))
    budi = desa_world["printed"][1]

    response = client.get(desa_url("desa_certificate_pdf", desa_world["home"], budi.pk))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    (page,) = pages_text(response.content)
    assert "Budi Santoso" in page and "Aman Bermedia Sosial" in page
    for certificate in desa_world["left_out"]:
        url = desa_url("desa_certificate_pdf", desa_world["home"], certificate.pk)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["desa_certificates", "desa_certificates_pdf", "desa_start_print_job"]
)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_village_staff", 404),
        ("facilitator_of_a_workshop_there", 404),
        ("editor", 403),
    ],
)
def test_only_the_desa_own_staff_and_administrators_see_its_certificates(
    desa_world, client, name, who, status
):
    users = {
        "other_village_staff": lambda: staff_of(desa_world["elsewhere"]),
        "facilitator_of_a_workshop_there": lambda: facilitator_of(
            desa_world["at_home"]
        ),
        "editor": lambda: UserFactory(roles=["Editor"]),
    }
    client.force_login(users[who]())
    url = desa_url(name, desa_world["home"])

    response = client.post(url) if name == "desa_start_print_job" else client.get(url)

    assert response.status_code == status
    assert not PrintJob.objects.exists()
    single = desa_url(
        "desa_certificate_pdf", desa_world["home"], desa_world["printed"][0].pk
    )
    assert client.get(single).status_code == status


def facilitator_of(workshop):
    user = UserFactory(roles=[FACILITATOR])
    workshop.facilitators.add(user)
    return user


def test_an_administrator_chooses_a_desa_and_village_staff_go_to_their_own(
    desa_world, client
):
    client.force_login(desa_world["administrator"])
    assert (
        "Cetak sertifikat per desa"
        in client.get(reverse("facilitator:home")).content.decode()
    )
    chooser = client.get(reverse("facilitator:choose_desa"))
    assert "Sungai Raya" in chooser.content.decode()

    chosen = client.get(
        reverse("facilitator:choose_desa"), {"desa": desa_world["home"].pk}
    )
    assert chosen.url == desa_url("desa_certificates", desa_world["home"])
    assert "Ani Rahma" in client.get(chosen.url).content.decode()

    client.force_login(staff_of(desa_world["elsewhere"]))
    own = client.get(reverse("facilitator:choose_desa"))
    assert own.url == desa_url("desa_certificates", desa_world["elsewhere"])
    client.force_login(facilitator_of(desa_world["at_home"]))
    assert client.get(reverse("facilitator:choose_desa")).status_code == 404


def test_a_large_desa_batch_is_drawn_by_the_task_worker(
    desa_world, client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(print_views, "DIRECT_PRINT_LIMIT", 2)
    staff = staff_of(desa_world["home"])
    client.force_login(staff)
    page = client.get(desa_url("desa_certificates", desa_world["home"]))
    assert "Siapkan semua 3 sertifikat untuk dicetak (PDF)" in page.content.decode()
    assert client.get(
        desa_url("desa_certificates_pdf", desa_world["home"])
    ).url == desa_url("desa_certificates", desa_world["home"])

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(desa_url("desa_start_print_job", desa_world["home"]))

    job = PrintJob.objects.get()
    assert (job.kind, job.desa, job.workshop) == ("desa", desa_world["home"], None)
    assert (job.status, job.total, job.done) == ("done", 3, 3)
    assert started.url == job.get_absolute_url()
    job_page = client.get(job.get_absolute_url()).content.decode()
    assert "PDF berisi 3 sertifikat sudah siap" in job_page
    download = client.get(job.download_url)
    pages = pages_text(b"".join(download.streaming_content))
    assert [
        c.name_as_printed in page
        for c, page in zip(desa_world["printed"], pages, strict=True)
    ] == [True, True, True]

    client.force_login(staff_of(desa_world["elsewhere"]))
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(job.download_url).status_code == 404
    other_desa = desa_world["elsewhere"]
    assert (
        client.get(
            reverse("facilitator:desa_print_job", args=[other_desa.pk, job.pk])
        ).status_code
        == 404
    )


def test_a_workshop_certificate_prints_on_its_own_for_whoever_sees_the_workshop(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    participant = workshop_world["registration"].participant
    certificate = certificate_for(participant, workshop)
    url = reverse(
        "facilitator_certificates:print_one", args=[workshop.pk, certificate.pk]
    )
    users = workshop_world["users"]

    page = client_for(users["own_village_staff"]).get(
        reverse("facilitator_certificates:list", args=[workshop.pk])
    )
    assert url in page.content.decode()
    for who in ("own_village_staff", "own_facilitator", "administrator"):
        response = client_for(users[who]).get(url)
        assert response["Content-Disposition"].startswith("inline")
        (text,) = pages_text(response.content)
        assert certificate.name_as_printed in text
    for who in ("other_village_staff", "other_facilitator"):
        assert client_for(users[who]).get(url).status_code == 404

    services.certificate_revoke(
        certificate=certificate, revoked_by=users["administrator"], reason="Salah."
    )
    assert client_for(users["own_facilitator"]).get(url).status_code == 404


def test_erasing_a_resident_expires_their_desa_batch(
    desa_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.desa_print_job_start(desa=desa_world["home"], requested_by=None)
    job.refresh_from_db()
    assert job.status == "done"
    path = job.file.path
    budi = desa_world["printed"][1].participant
    # A registration in the neighbour's workshop, so its pack is expired too.
    RegistrationFactory(workshop=desa_world["away"], participant=budi)

    with django_capture_on_commit_callbacks(execute=True):
        workshop_services.participant_anonymise(
            participant=budi, by=desa_world["administrator"], reason="Permintaan."
        )

    job.refresh_from_db()
    assert (job.status, job.file.name) == ("expired", "")
    assert not os.path.exists(path)


def test_a_double_click_queues_one_desa_batch_and_one_print_pack(desa_world):
    from certificates.models import PrintJob

    home, workshop = desa_world["home"], desa_world["away"]

    first = services.desa_print_job_start(desa=home, requested_by=None)
    second = services.desa_print_job_start(desa=home, requested_by=None)
    pack = services.print_pack_start(workshop=workshop, requested_by=None)
    pack_again = services.print_pack_start(workshop=workshop, requested_by=None)

    assert second == first
    assert pack_again == pack
    assert PrintJob.objects.count() == 2
    PrintJob.objects.filter(pk=first.pk).update(status="done")
    assert services.desa_print_job_start(desa=home, requested_by=None) != first
