"""Facilitators correct a participant's data, and reissue certificates that
print the old name."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import services as certificate_services
from certificates.models import Certificate
from tests.factories import DesaFactory
from workshops import services

pytestmark = pytest.mark.django_db


def correct_url(world, participant=None):
    participant = participant or world["registration"].participant
    return reverse(
        "facilitator:correct_participant",
        args=[world["workshop"].pk, participant.pk],
    )


def data(participant, **changes):
    return {
        "full_name": participant.full_name,
        "birth_year": participant.birth_year,
        "desa": participant.desa_id,
        "phone": participant.phone_local,
        **changes,
    }


@pytest.fixture
def certified(workshop_world):
    """The world's participant, misspelt, holds a certificate of its workshop."""
    world = workshop_world
    participant = world["registration"].participant
    participant.full_name = "Siti Aminh"
    participant.save()
    world["session"].date -= datetime.timedelta(days=1)
    world["session"].save()
    world["workshop"].minimum_sessions_for_certificate = 1
    world["workshop"].save()
    services.attendance_mark(
        registration=world["registration"],
        session=world["session"],
        status="present",
        marked_by=None,
    )
    certificate_services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["users"]["own_facilitator"]
    )
    return world


def test_the_workshop_page_links_each_registration_to_its_correction(
    workshop_world, client_for
):
    page = client_for(workshop_world["users"]["own_facilitator"]).get(
        workshop_world["workshop"].get_absolute_url()
    )

    html = page.content.decode()
    assert correct_url(workshop_world) in html
    assert "Perbaiki data" in html


def test_the_facilitator_corrects_name_birth_year_desa_and_phone(
    workshop_world, client_for
):
    participant = workshop_world["registration"].participant
    new_desa = DesaFactory()
    client = client_for(workshop_world["users"]["own_facilitator"])

    form = client.get(correct_url(workshop_world)).content.decode()
    assert participant.full_name in form
    response = client.post(
        correct_url(workshop_world),
        data(
            participant,
            full_name="  Siti   Aminah ",
            birth_year=1957,
            desa=new_desa.pk,
            phone="0812 9876 5432",
        ),
        follow=True,
    )

    assert "Data peserta sudah diperbaiki" in response.content.decode()
    workshop_page = workshop_world["workshop"].get_absolute_url()
    assert response.redirect_chain[-1][0] == workshop_page
    participant.refresh_from_db()
    assert participant.full_name == "Siti Aminah"
    assert participant.birth_year == 1957
    assert participant.desa == new_desa
    assert participant.phone == "+6281298765432"
    entry = ModelLogEntry.objects.get(action="workshops.participant.corrected")
    assert entry.user == workshop_world["users"]["own_facilitator"]


def test_a_bad_birth_year_is_explained_and_nothing_changes(workshop_world, client_for):
    participant = workshop_world["registration"].participant
    client = client_for(workshop_world["users"]["own_facilitator"])

    response = client.post(
        correct_url(workshop_world),
        data(participant, full_name="Nama Baru", birth_year=1800),
    )

    assert response.status_code == 200
    assert "Tulis tahun lahir antara" in response.content.decode()
    participant.refresh_from_db()
    assert participant.full_name != "Nama Baru"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("other_facilitator", 404),
        ("other_village_staff", 404),
        ("editor", 403),
        ("own_village_staff", 404),
        ("administrator", 200),
    ],
)
def test_only_those_who_run_the_workshop_correct_its_participants(
    workshop_world, client_for, who, status
):
    participant = workshop_world["registration"].participant
    old_name = participant.full_name
    client = client_for(workshop_world["users"][who])

    assert client.get(correct_url(workshop_world)).status_code == status
    client.post(correct_url(workshop_world), data(participant, full_name="Orang Lain"))

    participant.refresh_from_db()
    assert (participant.full_name == "Orang Lain") == (status == 200)
    if status != 200:
        assert participant.full_name == old_name


def test_someone_not_registered_in_the_workshop_is_not_found(
    workshop_world, client_for
):
    from tests.factories import RegistrationFactory

    elsewhere = RegistrationFactory().participant
    client = client_for(workshop_world["users"]["own_facilitator"])

    assert client.get(correct_url(workshop_world, elsewhere)).status_code == 404


def test_a_corrected_name_offers_to_reissue_the_certificate_and_names_the_numbers(
    certified, client_for
):
    participant = certified["registration"].participant
    (old,) = Certificate.objects.all()
    client = client_for(certified["users"]["own_facilitator"])

    corrected = client.post(
        correct_url(certified), data(participant, full_name="Siti Aminah"), follow=True
    )

    page = corrected.content.decode()
    assert corrected.redirect_chain[-1][0] == correct_url(certified)
    assert "Sertifikat dengan nama lama" in page
    assert f"{old.number}: “Siti Aminh”" in page
    assert "Terbitkan ulang 1 sertifikat dengan nama yang benar" in page
    old.refresh_from_db()
    assert old.is_valid  # nothing reissued without the confirmation

    reissued = client.post(correct_url(certified), {"reissue": "1"}, follow=True)

    old.refresh_from_db()
    new = old.replacement
    assert not old.is_valid
    assert new.name_as_printed == "Siti Aminah"
    assert new.issued_by == certified["users"]["own_facilitator"]
    assert (
        f"Diterbitkan ulang dengan nama yang sudah diperbaiki: {new.number} "
        f"menggantikan {old.number}." in reissued.content.decode()
    )
    again = client.get(correct_url(certified)).content.decode()
    assert "Sertifikat dengan nama lama" not in again


def test_village_staff_see_no_correction_link(workshop_world, client_for):
    page = client_for(workshop_world["users"]["own_village_staff"]).get(
        workshop_world["workshop"].get_absolute_url()
    )

    assert page.status_code == 200
    assert correct_url(workshop_world) not in page.content.decode()


def test_village_staff_cannot_reissue(certified, client_for):
    client = client_for(certified["users"]["own_village_staff"])

    response = client.post(correct_url(certified), {"reissue": "1"})

    assert response.status_code == 404
    assert Certificate.objects.get().is_valid


def test_another_facilitator_cannot_reissue(certified, client_for):
    client = client_for(certified["users"]["other_facilitator"])

    response = client.post(correct_url(certified), {"reissue": "1"})

    assert response.status_code == 404
    assert Certificate.objects.get().is_valid


def test_a_phone_correction_alone_offers_no_reissue(certified, client_for):
    participant = certified["registration"].participant
    client = client_for(certified["users"]["own_facilitator"])

    response = client.post(
        correct_url(certified), data(participant, phone="0813 1111 2222"), follow=True
    )

    assert response.redirect_chain[-1][0] == certified["workshop"].get_absolute_url()
    assert Certificate.objects.get().is_valid
