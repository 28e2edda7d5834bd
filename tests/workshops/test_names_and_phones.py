"""Names and phone numbers are stored in one written form, whatever way they come."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ParticipantFactory, RegistrationFactory
from workshops import services
from workshops.models import Participant
from workshops.normalise import (
    normalise_name,
    normalise_phone,
    phone_local,
)

pytestmark = pytest.mark.django_db

JAVANESE = "ꦱꦶꦠꦶ ꦄꦩꦶꦤꦃ"
CHINESE = "李秀英"
ARABIC = "عائشة بنت أحمد"
EMOJI_MESSAGE = "Nama hanya boleh berisi huruf, tanpa emoji atau gambar"
FIVE_SPELLINGS = [
    "081234567890",
    "6281234567890",
    "+62 812-3456-7890",
    "(0812) 3456 7890",
    "0812.3456.7890",
]


@pytest.fixture
def facilitator_client(workshop_world, client_for):
    return client_for(workshop_world["users"]["own_facilitator"])


def person(workshop, **changes):
    return {
        "full_name": "Siti Aminah",
        "birth_year": "1957",
        "gender": "P",
        "desa": workshop.desa.pk,
        "phone": "",
        "needs": "",
        "consent": "on",
        "submission_key": "0b8f0d49-0f3f-4f7e-8d38-0c0c7f3f2e11",
        **changes,
    }


def test_invisible_characters_go_and_letters_of_every_script_stay():
    assert normalise_name("  Siti\u200b \u200dAminah\ufeff ") == "Siti Aminah"
    assert normalise_name("\u202eSiti\u2066 Aminah\u2069\u200f") == "Siti Aminah"
    assert normalise_name("Siti\t\n  Aminah\u00a0binti  Ahmad") == (
        "Siti Aminah binti Ahmad"
    )
    # é typed as e + combining accent is stored as the single letter é.
    assert normalise_name("Paulus He\u0301rve") == "Paulus H\u00e9rve"
    for name in (JAVANESE, CHINESE, ARABIC, "Nur'aini Ramlah"):
        assert normalise_name(name) == name


@pytest.mark.parametrize(
    "typed",
    ["Siti\u200bAminah", " siti  aminah ", "SITI\u00a0AMINAH", "\u202eSiti Aminah"],
)
def test_the_duplicate_finder_sees_through_invisible_characters_case_and_spaces(
    typed,
):
    siti = ParticipantFactory(full_name="Siti Aminah", birth_year=1957)
    ParticipantFactory(full_name="Siti Aminah", birth_year=1958, desa=siti.desa)
    ParticipantFactory(full_name="Siti Amina", birth_year=1957, desa=siti.desa)

    found = services.participants_matching(
        full_name=typed, birth_year=1957, desa=siti.desa
    )

    assert list(found) == [siti]


def test_a_name_typed_with_a_zero_width_space_is_offered_the_person_already_entered(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    siti = ParticipantFactory(
        full_name="Siti Aminah", birth_year=1957, desa=workshop.desa
    )

    response = facilitator_client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        person(workshop, full_name="Siti\u200bAminah"),
    )

    html = response.content.decode()
    assert "Apakah ini orang yang sama?" in html
    assert reverse("facilitator:register_existing", args=[workshop.pk, siti.pk]) in (
        html
    )
    assert Participant.objects.count() == 2  # Siti and the world's participant


def test_scripts_other_than_latin_are_registered_as_typed(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    workshop.capacity = 10
    workshop.save()
    url = reverse("facilitator:register", args=[workshop.pk])

    for number, name in enumerate((JAVANESE, CHINESE, ARABIC)):
        facilitator_client.post(
            url,
            person(
                workshop,
                full_name=f"\u200b{name} ",
                submission_key=f"0b8f0d49-0f3f-4f7e-8d38-0c0c7f3f2e1{number}",
            ),
        )

    names = set(workshop.registrations.values_list("participant__full_name", flat=True))
    assert {JAVANESE, CHINESE, ARABIC} <= names


@pytest.mark.parametrize("name", ["Siti Aminah 😀", "Siti ❤️ Aminah", "👍🏽 Siti"])
def test_emoji_in_a_name_is_refused_with_the_reason(
    name, workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]

    response = facilitator_client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        person(workshop, full_name=name),
    )

    html = response.content.decode()
    assert EMOJI_MESSAGE in html
    assert "sertifikat adalah surat resmi" in html
    assert not Participant.objects.filter(full_name__startswith="Siti").exists()
    with pytest.raises(ValidationError):
        services.participant_create(
            full_name=name, birth_year=1957, gender="P", desa=workshop.desa
        )


def test_emoji_in_an_imported_name_is_refused_on_its_line(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    text = (
        "nama,tahun_lahir,jenis_kelamin,desa,telepon,kebutuhan,setuju\n"
        f"Ahmad Yani,1955,L,{workshop.desa.code},,,ya\n"
        f"Bu Ani 🌸,1950,P,{workshop.desa.code},,,ya\n"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "peserta.csv"

    response = facilitator_client.post(
        reverse("facilitator:import", args=[workshop.pk]), {"file": upload}
    )

    html = response.content.decode()
    assert "Baris 3" in html and EMOJI_MESSAGE in html
    assert not Participant.objects.filter(full_name="Ahmad Yani").exists()


def test_the_admin_participant_form_stores_the_same_forms_and_refuses_emoji(
    login_as,
):
    client = login_as("Administrator")
    participant = ParticipantFactory(full_name="Siti Aminah")
    url = f"/admin/participants/edit/{participant.pk}/"
    data = {
        "full_name": " Siti\u200b  Aminah\u202e ",
        "birth_year": "1957",
        "gender": "P",
        "desa": participant.desa.pk,
        "phone": "+62 812-3456-7890",
        "needs": "",
    }

    form_page = client.get(url).content.decode()
    client.post(url, data)
    refused = client.post(url, {**data, "full_name": "Siti 🙂"}).content.decode()

    assert 'value="0812-3456-7890"' in form_page  # shown in the local form
    participant.refresh_from_db()
    assert participant.full_name == "Siti Aminah"
    assert participant.phone == "+6281234567890"
    assert EMOJI_MESSAGE in refused


@pytest.mark.parametrize("spelling", FIVE_SPELLINGS)
def test_five_spellings_of_a_number_are_one_number(spelling):
    assert normalise_phone(spelling) == "+6281234567890"
    assert phone_local(normalise_phone(spelling)) == "0812-3456-7890"


def test_numbers_are_shown_in_the_local_form_whatever_their_length():
    assert phone_local(normalise_phone("0812-345-678")) == "0812-345-678"
    assert phone_local(normalise_phone("0812 3456 789")) == "0812-3456-789"
    assert phone_local(normalise_phone("+62 561 734567")) == "0561-734567"
    assert phone_local(normalise_phone("(021) 3456 7890")) == "021-34567890"
    assert phone_local("") == ""
    assert phone_local("0812 lama") == "0812 lama"  # an old record, shown as it is


@pytest.mark.parametrize(
    "not_a_number",
    ["telp saya", "12345", "+60 12-345 6789", "0812", "081234567890123", "0012"],
)
def test_what_is_not_an_indonesian_number_is_refused_with_the_reason(
    not_a_number, workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]

    response = facilitator_client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        person(workshop, phone=not_a_number),
    )

    assert (
        "Tulis nomor HP atau telepon Indonesia dengan angka, misalnya 0812-3456-7890"
        in (response.content.decode())
    )
    assert not Participant.objects.filter(full_name="Siti Aminah").exists()


def test_one_number_typed_five_ways_is_stored_once_and_shown_the_local_way(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    workshop.capacity = 10
    workshop.save()
    Participant.objects.update(phone="")  # the world's participant has none
    url = reverse("facilitator:register", args=[workshop.pk])

    for number, spelling in enumerate(FIVE_SPELLINGS):
        facilitator_client.post(
            url,
            person(
                workshop,
                full_name=f"Peserta {'ABCDE'[number]}",
                phone=spelling,
                submission_key=f"0b8f0d49-0f3f-4f7e-8d38-0c0c7f3f2e2{number}",
            ),
        )

    phones = Participant.objects.filter(full_name__startswith="Peserta").values_list(
        "phone", flat=True
    )
    assert list(phones) == ["+6281234567890"] * 5
    page = facilitator_client.get(workshop.get_absolute_url()).content.decode()
    assert page.count('href="tel:+6281234567890">0812-3456-7890</a>') == 5
    export = facilitator_client.get(
        reverse("facilitator:export_csv", args=[workshop.pk])
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(export)))
    assert [row["Telepon"] for row in rows if row["Nama"].startswith("Peserta")] == [
        "0812-3456-7890"
    ] * 5


def test_an_imported_number_is_stored_as_plus_62(workshop_world, facilitator_client):
    workshop = workshop_world["workshop"]
    text = (
        "nama,tahun_lahir,jenis_kelamin,desa,telepon,kebutuhan,setuju\n"
        f"Ahmad Yani,1955,L,{workshop.desa.code},0812.1111.2222,,ya\n"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "peserta.csv"

    facilitator_client.post(
        reverse("facilitator:import", args=[workshop.pk]), {"file": upload}
    )

    assert Participant.objects.get(full_name="Ahmad Yani").phone == "+6281211112222"


def test_the_data_migration_brings_stored_names_and_numbers_into_one_form(capsys):
    migration = importlib.import_module(
        "workshops.migrations.0005_normalise_stored_names_and_phones"
    )
    siti = RegistrationFactory(participant__full_name="Siti Aminah").participant
    odd = ParticipantFactory()
    # Written as the old code stored them, past today's normalisation.
    Participant.objects.filter(pk=siti.pk).update(
        full_name=" Siti\u200b  Aminah ", phone="(0812) 3456-7890"
    )
    Participant.objects.filter(pk=odd.pk).update(phone="rumah pak RT")

    migration.normalise(apps, None)

    siti.refresh_from_db()
    odd.refresh_from_db()
    assert (siti.full_name, siti.phone) == ("Siti Aminah", "+6281234567890")
    assert odd.phone == "rumah pak RT"
    assert (
        f"1 phone numbers that are not Indonesian numbers: participants {odd.pk}"
        in (capsys.readouterr().out)
    )
