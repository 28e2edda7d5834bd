"""One person, one place in a workshop, even when two phones send at the same moment.

The person is the duplicate finder's: the same name (normalised), year of birth
and desa. The workshop's row lock (SQLite: the IMMEDIATE write lock) decides.
"""

import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from literacy_site.roles import FACILITATOR
from tests.concurrency import run_at_once
from tests.factories import (
    DesaFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import Participant, Registration

SEATS = {"one seat left": (5, 4), "plenty of seats": (50, 0)}
CONCURRENT = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def workshop_with(seats):
    capacity, taken = SEATS[seats]
    workshop = WorkshopFactory(capacity=capacity)
    for _ in range(taken):
        RegistrationFactory(workshop=workshop)
    return workshop


def siti(workshop, **changes):
    return {
        "full_name": "Siti Aminah",
        "birth_year": 1957,
        "gender": "P",
        "desa": workshop.desa,
        "phone": "0812 3456 7890",
        "needs": "",
        "submission_key": uuid.uuid4(),
        **changes,
    }


def places_of_siti(workshop):
    return workshop.registrations.filter(
        participant__full_name__iexact="Siti Aminah"
    ).exclude(status=Registration.Status.CANCELLED)


@CONCURRENT
@pytest.mark.parametrize("seats", SEATS)
def test_the_same_person_entered_on_two_phones_at_once_gets_one_place(seats):
    workshop = workshop_with(seats)
    # Typed a little differently on each phone: the same person all the same.
    forms = [siti(workshop), siti(workshop, full_name=" siti\u200b aminah")]

    results, errors = run_at_once(
        lambda person: services.participant_register(
            workshop=workshop, registered_by=None, **person
        ),
        forms,
    )

    assert [result.status for result in results] == ["registered"]
    assert [type(error) for error in errors] == [services.AlreadyRegistered]
    assert errors[0].registration == results[0]
    assert places_of_siti(workshop).count() == 1
    # The refused one entered nobody: no second Siti waits to be found later.
    assert Participant.objects.filter(birth_year=1957).count() == 1
    taken = workshop.registrations.filter(status="registered").count()
    assert taken == SEATS[seats][1] + 1


@CONCURRENT
@pytest.mark.parametrize("seats", SEATS)
def test_two_people_already_entered_as_one_person_get_one_place(seats):
    """Two old entries of the same person, chosen on two phones at once."""
    workshop = workshop_with(seats)
    twice = [
        ParticipantFactory(full_name=name, birth_year=1957, desa=workshop.desa)
        for name in ("Siti Aminah", "SITI AMINAH")
    ]

    results, errors = run_at_once(
        lambda participant: services.registration_create(
            workshop=workshop, participant=participant, registered_by=None
        ),
        twice,
    )

    assert len(results) == 1
    assert [type(error) for error in errors] == [services.AlreadyRegistered]
    assert workshop.registrations.filter(participant__in=twice).count() == 1


@CONCURRENT
@pytest.mark.parametrize("seats", SEATS)
def test_two_facilitators_sending_the_same_person_at_once_see_sudah_terdaftar(seats):
    workshop = workshop_with(seats)
    facilitators = [UserFactory(roles=[FACILITATOR]) for _ in range(2)]
    workshop.facilitators.add(*facilitators)
    url = reverse("facilitator:register", args=[workshop.pk])

    clients = []
    for facilitator in facilitators:  # signed in first: only the forms race
        clients.append(Client())
        clients[-1].force_login(facilitator)

    def send_form(client):
        form = {**siti(workshop), "desa": workshop.desa.pk, "consent": "on"}
        return client.post(url, form, follow=True).content.decode()

    pages, errors = run_at_once(send_form, clients)

    assert errors == []
    assert places_of_siti(workshop).count() == 1
    assert Participant.objects.filter(birth_year=1957).count() == 1
    said_registered = [page for page in pages if "Siti Aminah terdaftar." in page]
    said_already = [
        page
        for page in pages
        if "Siti Aminah sudah terdaftar untuk lokakarya ini." in page
    ]
    assert len(said_registered) == len(said_already) == 1
    # The existing person is offered: her place in the participant list.
    assert "Lihat orang ini di daftar peserta" in said_already[0]
    assert f"{workshop.get_absolute_url()}?q=Siti+Aminah" in said_already[0]


def csv_of_ten_people(desa):
    lines = ["nama,tahun_lahir,jenis_kelamin,desa,telepon,kebutuhan,setuju"]
    lines += [f"Peserta Nomor {n},{1950 + n},P,{desa.code},,,ya" for n in range(10)]
    return "\n".join(lines) + "\n"


@CONCURRENT
@pytest.mark.parametrize("seats", SEATS)
def test_the_same_file_imported_twice_at_once_registers_everyone_once(seats):
    workshop = workshop_with(seats)
    text = csv_of_ten_people(workshop.desa)

    results, errors = run_at_once(
        lambda _: services.registrations_import_csv(
            workshop=workshop, text=text, imported_by=None
        ),
        [1, 2],
    )

    assert errors == []
    assert Participant.objects.filter(full_name__startswith="Peserta").count() == 10
    assert (
        workshop.registrations.filter(
            participant__full_name__startswith="Peserta"
        ).count()
        == 10
    )
    first, second = sorted(results, key=lambda result: result.already_registered)
    assert first.participants_created == 10 and first.already_registered == 0
    assert second.participants_created == 0 and second.already_registered == 10


@pytest.mark.django_db
def test_importing_a_file_again_registers_nobody_twice_and_says_so(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    workshop.capacity = 20
    workshop.save()
    client = client_for(workshop_world["users"]["own_facilitator"])
    text = csv_of_ten_people(workshop.desa)

    def upload():
        file = io.BytesIO(text.encode())
        file.name = "peserta.csv"
        return client.post(
            reverse("facilitator:import", args=[workshop.pk]),
            {"file": file},
            follow=True,
        ).content.decode()

    upload()
    again = upload()

    assert "0 peserta baru, 10 sudah terdaftar sebelumnya" in again
    assert workshop.registrations.count() == 11


@pytest.mark.django_db
def test_a_person_with_a_place_is_named_at_once_instead_of_offered(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    desa = DesaFactory()
    existing = RegistrationFactory(
        workshop=workshop,
        participant__full_name="Siti Aminah",
        participant__birth_year=1957,
        participant__desa=desa,
    )
    client = client_for(workshop_world["users"]["own_facilitator"])

    page = client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        {**siti(workshop, full_name="siti aminah"), "desa": desa.pk, "consent": "on"},
    ).content.decode()

    assert "Siti Aminah sudah terdaftar untuk lokakarya ini." in page
    assert "Terdaftar" in page
    assert "Apakah ini orang yang sama?" not in page
    assert list(places_of_siti(workshop)) == [existing]
    assert Participant.objects.filter(full_name__iexact="siti aminah").count() == 1


@pytest.mark.django_db
def test_the_same_name_in_another_desa_or_year_is_another_person():
    workshop = WorkshopFactory(capacity=5)
    services.participant_register(
        workshop=workshop, registered_by=None, **siti(workshop)
    )

    services.participant_register(
        workshop=workshop, registered_by=None, **siti(workshop, birth_year=1960)
    )
    services.participant_register(
        workshop=workshop, registered_by=None, **siti(workshop, desa=DesaFactory())
    )

    assert places_of_siti(workshop).count() == 3


@pytest.mark.django_db
def test_a_cancelled_place_does_not_stop_the_person_registering_again():
    workshop = WorkshopFactory(capacity=5)
    first = services.participant_register(
        workshop=workshop, registered_by=None, **siti(workshop)
    )
    services.registration_cancel(registration=first, cancelled_by=None)

    again = services.participant_register(
        workshop=workshop, registered_by=None, **siti(workshop)
    )

    assert again.status == "registered"
    assert places_of_siti(workshop).count() == 1
