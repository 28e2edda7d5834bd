"""A participant's own rules live on the model (Participant.clean), so every way
in refuses the same values with the same words: the facilitators' forms, the
Wagtail admin, the import and the services."""

import io
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.workshops.test_names_and_phones import person as form_data
from workshops import services
from workshops.models import Participant

pytestmark = pytest.mark.django_db

BAD = {"full_name": "A", "birth_year": "1890", "phone": "12345"}


@pytest.fixture
def refusals(workshop_world):
    """What the service says about BAD, field by field."""
    with pytest.raises(ValidationError) as refused:
        services.participant_create(
            full_name=BAD["full_name"],
            birth_year=int(BAD["birth_year"]),
            gender="P",
            desa=workshop_world["workshop"].desa,
            phone=BAD["phone"],
        )
    return refused.value.message_dict


def test_the_service_names_each_broken_rule_by_field(refusals):
    first = timezone.localdate().year - 110
    last = timezone.localdate().year - 10

    assert refusals == {
        "full_name": ["Tulis nama lengkap peserta."],
        "birth_year": [f"Tulis tahun lahir antara {first} dan {last}."],
        "phone": [
            "Tulis nomor HP atau telepon Indonesia dengan angka, "
            "misalnya 0812-3456-7890."
        ],
    }
    assert not Participant.objects.filter(full_name="A").exists()


def test_the_facilitators_form_says_the_same(workshop_world, client_for, refusals):
    workshop = workshop_world["workshop"]
    client = client_for(workshop_world["users"]["own_facilitator"])

    page = client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        form_data(workshop, **BAD),
    )

    html = unescape(page.content.decode())
    for messages in refusals.values():
        assert messages[0] in html
    assert not Participant.objects.filter(full_name="A").exists()


def test_the_correction_form_says_the_same(workshop_world, client_for, refusals):
    workshop = workshop_world["workshop"]
    participant = workshop_world["registration"].participant
    client = client_for(workshop_world["users"]["own_facilitator"])

    page = client.post(
        reverse("facilitator:correct_participant", args=[workshop.pk, participant.pk]),
        form_data(workshop, **BAD),
    )

    html = unescape(page.content.decode())
    for messages in refusals.values():
        assert messages[0] in html
    participant.refresh_from_db()
    assert participant.full_name != "A"


@pytest.mark.parametrize("screen", ["add", "edit"])
def test_the_admin_says_the_same(workshop_world, client_for, refusals, screen):
    workshop = workshop_world["workshop"]
    participant = workshop_world["registration"].participant
    client = client_for(workshop_world["users"]["administrator"])
    url = (
        "/admin/participants/new/"
        if screen == "add"
        else f"/admin/participants/edit/{participant.pk}/"
    )

    page = client.post(url, form_data(workshop, **BAD))

    html = unescape(page.content.decode())
    for messages in refusals.values():
        assert messages[0] in html
    assert not Participant.objects.filter(full_name="A").exists()


def test_the_import_says_the_same_on_the_row_s_line(
    workshop_world, client_for, refusals
):
    workshop = workshop_world["workshop"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    text = (
        "Nama,Tahun lahir,Jenis kelamin,Desa,Telepon,Setuju\n"
        f"Ahmad Yani,1955,L,{workshop.desa.code},,ya\n"
        f"A,1890,P,{workshop.desa.code},12345,ya\n"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "peserta.csv"

    page = client.post(
        reverse("facilitator:import", args=[workshop.pk]), {"file": upload}
    )

    html = unescape(page.content.decode())
    line = html.split("Baris 3: ")[1].split("</li>")[0]
    assert line == (
        f"Nama: {refusals['full_name'][0].rstrip('.')}; "
        f"Tahun lahir: {refusals['birth_year'][0].rstrip('.')}; "
        f"Telepon: {refusals['phone'][0].rstrip('.')}."
    )
    assert not Participant.objects.filter(full_name="Ahmad Yani").exists()


def test_a_correction_through_the_service_is_checked_too(workshop_world, refusals):
    participant = workshop_world["registration"].participant

    with pytest.raises(ValidationError) as refused:
        services.participant_correct(
            participant=participant,
            by=None,
            changes={"full_name": "A", "birth_year": 1890, "phone": "12345"},
        )

    assert refused.value.message_dict == refusals
    participant.refresh_from_db()
    assert participant.full_name != "A"


def test_every_way_in_stores_the_cleaned_values(workshop_world):
    participant, _created = services.participant_create(
        full_name="  Siti\u200b   Aminah ",
        birth_year=1957,
        gender="P",
        desa=workshop_world["workshop"].desa,
        phone="(0812) 3456 7890",
    )

    participant.refresh_from_db()
    assert (participant.full_name, participant.phone) == (
        "Siti Aminah",
        "+6281234567890",
    )
