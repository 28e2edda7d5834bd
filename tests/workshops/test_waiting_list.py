"""The waiting list is served and shown in queue order; a closed workshop takes
nobody in; a waiting person who is in the room can be given an extra chair."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from literacy_site.roles import FACILITATOR, VILLAGE_STAFF
from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory
from workshops import services
from workshops.models import Registration, StaffPlace, Workshop

pytestmark = pytest.mark.django_db


def wait(workshop, minutes_ago, **person):
    return RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.WAITLISTED,
        status_changed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **{f"participant__{key}": value for key, value in person.items()},
    )


@pytest.fixture
def full_workshop(db):
    workshop = WorkshopFactory(capacity=1)
    seated = RegistrationFactory(workshop=workshop, participant__full_name="Yusuf")
    facilitator = UserFactory(roles=[FACILITATOR])
    workshop.facilitators.add(facilitator)
    return workshop, seated, facilitator


def test_the_page_lists_the_waiting_list_in_queue_order(client, full_workshop):
    workshop, _seated, facilitator = full_workshop
    wait(workshop, minutes_ago=5, full_name="Ahmad Zaini")
    wait(workshop, minutes_ago=50, full_name="Zubaidah")
    wait(workshop, minutes_ago=20, full_name="Maimunah")
    client.force_login(facilitator)

    html = client.get(f"/fasilitator/lokakarya/{workshop.pk}/").content.decode()

    positions = [html.index(name) for name in ("Zubaidah", "Maimunah", "Ahmad Zaini")]
    assert html.index("Yusuf") < positions[0]
    assert positions == sorted(positions)


def test_a_cancellation_after_closing_promotes_nobody(full_workshop):
    workshop, seated, facilitator = full_workshop
    waiting = wait(workshop, minutes_ago=5)
    services.workshop_close(workshop=workshop, closed_by=facilitator)

    promoted = services.registration_cancel(
        registration=seated, cancelled_by=facilitator
    )

    waiting.refresh_from_db()
    assert promoted is None
    assert waiting.status == Registration.Status.WAITLISTED


def test_a_cancellation_on_the_page_after_closing_promotes_nobody(
    client, full_workshop
):
    workshop, seated, facilitator = full_workshop
    waiting = wait(workshop, minutes_ago=5)
    services.workshop_close(workshop=workshop, closed_by=facilitator)
    client.force_login(facilitator)

    client.post(f"/fasilitator/lokakarya/{workshop.pk}/pendaftaran/{seated.pk}/batal/")

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.WAITLISTED


def test_an_extra_chair_seats_a_waiting_person_and_adds_one_seat(client, full_workshop):
    workshop, _seated, facilitator = full_workshop
    first = wait(workshop, minutes_ago=50)
    in_the_room = wait(workshop, minutes_ago=5, full_name="Rahmah")
    client.force_login(facilitator)
    page = client.get(f"/fasilitator/lokakarya/{workshop.pk}/").content.decode()

    response = client.post(
        f"/fasilitator/lokakarya/{workshop.pk}/pendaftaran/{in_the_room.pk}/tambah-kursi/",
        follow=True,
    )

    assert "Tambah kursi" in page
    assert "Rahmah mendapat kursi tambahan" in response.content.decode()
    workshop.refresh_from_db()
    in_the_room.refresh_from_db()
    first.refresh_from_db()
    assert workshop.capacity == 2
    assert in_the_room.status == Registration.Status.REGISTERED
    assert first.status == Registration.Status.WAITLISTED
    entry = ModelLogEntry.objects.for_instance(in_the_room).get(
        action="workshops.registration.extra_chair"
    )
    assert entry.user == facilitator and entry.data == {"capacity": 2}


def test_an_extra_chair_is_refused_on_a_closed_workshop(full_workshop):
    workshop, _seated, facilitator = full_workshop
    waiting = wait(workshop, minutes_ago=5)
    services.workshop_close(workshop=workshop, closed_by=facilitator)

    with pytest.raises(services.WorkshopNotOpen):
        services.registration_seat_with_extra_chair(
            registration=waiting, seated_by=facilitator
        )

    workshop.refresh_from_db()
    assert workshop.capacity == 1


def test_an_extra_chair_is_refused_on_a_cancelled_workshop_page(client, full_workshop):
    workshop, _seated, facilitator = full_workshop
    waiting = wait(workshop, minutes_ago=5)
    services.workshop_cancel(workshop=workshop, cancelled_by=facilitator)
    client.force_login(facilitator)

    response = client.post(
        f"/fasilitator/lokakarya/{workshop.pk}/pendaftaran/{waiting.pk}/tambah-kursi/",
        follow=True,
    )

    assert "tidak ada lagi yang bisa diberi kursi" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    assert Workshop.objects.get(pk=workshop.pk).capacity == 1


def test_an_extra_chair_is_not_for_someone_already_seated(full_workshop):
    workshop, seated, facilitator = full_workshop

    with pytest.raises(services.RegistrationError):
        services.registration_seat_with_extra_chair(
            registration=seated, seated_by=facilitator
        )


def test_a_facilitator_of_another_workshop_cannot_add_a_chair(client, full_workshop):
    workshop, _seated, _facilitator = full_workshop
    waiting = wait(workshop, minutes_ago=5)
    client.force_login(UserFactory(roles=[FACILITATOR]))

    response = client.post(
        f"/fasilitator/lokakarya/{workshop.pk}/pendaftaran/{waiting.pk}/tambah-kursi/"
    )

    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


def test_village_staff_see_no_extra_chair_and_cannot_add_one(client, full_workshop):
    workshop, _seated, _facilitator = full_workshop
    waiting = wait(workshop, minutes_ago=5)
    staff = UserFactory(roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=staff, desa=workshop.desa)
    client.force_login(staff)

    page = client.get(f"/fasilitator/lokakarya/{workshop.pk}/").content.decode()
    response = client.post(
        f"/fasilitator/lokakarya/{workshop.pk}/pendaftaran/{waiting.pk}/tambah-kursi/"
    )

    assert "Tambah kursi" not in page
    assert response.status_code == 403
