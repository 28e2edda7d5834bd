import pytest
from wagtail.models import ModelLogEntry

from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Attendance, Registration, Workshop

pytestmark = pytest.mark.django_db


def register(workshop, participant=None, user=None):
    return services.registration_create(
        workshop=workshop,
        participant=participant or ParticipantFactory(),
        registered_by=user,
    )


def test_participants_get_seats_until_the_workshop_is_full():
    workshop = WorkshopFactory(capacity=2)

    statuses = [register(workshop).status for _ in range(3)]

    assert statuses == ["registered", "registered", "waitlisted"]


def test_full_workshop_puts_new_participant_on_waiting_list_in_order():
    workshop = WorkshopFactory(capacity=1)
    register(workshop)

    first_waiting = register(workshop)
    second_waiting = register(workshop)

    assert first_waiting.status == second_waiting.status == "waitlisted"
    assert workshop.registrations.filter(status="registered").count() == 1


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list():
    workshop = WorkshopFactory(capacity=1)
    seated = register(workshop)
    first_waiting = register(workshop)
    second_waiting = register(workshop)
    facilitator = UserFactory()

    promoted = services.registration_cancel(
        registration=seated, cancelled_by=facilitator
    )

    assert promoted == first_waiting
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    seated.refresh_from_db()
    assert seated.status == "cancelled"
    assert first_waiting.status == "registered"
    assert second_waiting.status == "waitlisted"
    assert ModelLogEntry.objects.filter(
        action="workshops.registration.promoted", user=facilitator
    ).exists()


def test_cancelling_a_waiting_place_promotes_nobody():
    workshop = WorkshopFactory(capacity=1)
    register(workshop)
    waiting = register(workshop)
    last = register(workshop)

    assert services.registration_cancel(registration=waiting, cancelled_by=None) is None
    last.refresh_from_db()
    assert last.status == "waitlisted"


def test_cancelling_twice_changes_nothing_the_second_time():
    workshop = WorkshopFactory(capacity=1)
    seated = register(workshop)
    register(workshop)
    services.registration_cancel(registration=seated, cancelled_by=None)

    assert services.registration_cancel(registration=seated, cancelled_by=None) is None
    assert workshop.registrations.filter(status="registered").count() == 1


def test_registering_the_same_person_twice_is_refused():
    workshop = WorkshopFactory()
    participant = ParticipantFactory()
    register(workshop, participant)

    with pytest.raises(services.AlreadyRegistered):
        register(workshop, participant)
    assert workshop.registrations.count() == 1


def test_a_cancelled_participant_can_register_again_without_a_second_row():
    workshop = WorkshopFactory(capacity=5)
    registration = register(workshop)
    services.registration_cancel(registration=registration, cancelled_by=None)

    again = register(workshop, registration.participant)

    assert again.pk == registration.pk
    assert again.status == "registered"


@pytest.mark.parametrize("status", ["draft", "closed", "cancelled"])
def test_only_open_workshops_take_registrations(status):
    workshop = WorkshopFactory(status=status)

    with pytest.raises(services.WorkshopNotOpen):
        register(workshop)
    assert not workshop.registrations.exists()


def test_attendance_is_recorded_once_per_session_with_who_and_when():
    registration = RegistrationFactory()
    session = WorkshopSessionFactory(workshop=registration.workshop)
    facilitator = UserFactory()

    services.attendance_mark(
        registration=registration, session=session, status="late", marked_by=None
    )
    services.attendance_mark(
        registration=registration,
        session=session,
        status="present",
        marked_by=facilitator,
    )

    attendance = Attendance.objects.get()
    assert attendance.status == "present"
    assert attendance.marked_by == facilitator


def test_attendance_for_another_workshops_session_is_refused():
    registration = RegistrationFactory()
    other_session = WorkshopSessionFactory()

    with pytest.raises(services.AttendanceError):
        services.attendance_mark(
            registration=registration,
            session=other_session,
            status="present",
            marked_by=None,
        )


def test_waiting_list_people_cannot_be_marked_present():
    registration = RegistrationFactory(status=Registration.Status.WAITLISTED)
    session = WorkshopSessionFactory(workshop=registration.workshop)

    with pytest.raises(services.AttendanceError):
        services.attendance_mark(
            registration=registration, session=session, status="present", marked_by=None
        )


def test_closing_a_workshop_stops_registration():
    workshop = WorkshopFactory()
    services.workshop_close(workshop=workshop, closed_by=None)

    assert Workshop.objects.get(pk=workshop.pk).status == "closed"
    with pytest.raises(services.WorkshopNotOpen):
        register(workshop)


def test_the_same_form_submission_enters_a_participant_once():
    desa = ParticipantFactory().desa
    key = "6f1c1a1e-8a53-4f3a-9d8e-3f2c0f1b2a10"
    values = dict(full_name="Siti  Aminah", birth_year=1957, gender="P", desa=desa)

    first, created_first = services.participant_create(submission_key=key, **values)
    second, created_second = services.participant_create(submission_key=key, **values)

    assert first == second
    assert (created_first, created_second) == (True, False)
    assert first.full_name == "Siti Aminah"


def test_seats_added_later_go_to_those_already_waiting():
    workshop = WorkshopFactory(capacity=1)
    register(workshop)
    waiting = register(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(capacity=2)

    newcomer = register(workshop)

    waiting.refresh_from_db()
    assert waiting.status == "registered"
    assert newcomer.status == "waitlisted"
