"""Many facilitators registering at the same moment never overfill a workshop."""

import pytest

from tests.concurrency import run_at_once
from tests.factories import ParticipantFactory, RegistrationFactory, WorkshopFactory
from workshops import services


def register_all_at_once(workshop, participants):
    return run_at_once(
        lambda participant: (
            services.registration_create(
                workshop=workshop, participant=participant, registered_by=None
            ).status
        ),
        participants,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_registrations_for_the_last_seat_give_it_to_exactly_one():
    workshop = WorkshopFactory(capacity=5)
    for _ in range(4):
        RegistrationFactory(workshop=workshop)
    participants = [ParticipantFactory() for _ in range(10)]

    results, errors = register_all_at_once(workshop, participants)

    assert errors == []
    assert sorted(results) == ["registered"] + ["waitlisted"] * 9
    assert workshop.registrations.filter(status="registered").count() == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_person_sent_twice_at_once_is_registered_once():
    workshop = WorkshopFactory(capacity=5)
    participant = ParticipantFactory()

    results, errors = register_all_at_once(workshop, [participant, participant])

    assert results == ["registered"]
    assert [type(error) for error in errors] == [services.AlreadyRegistered]
    assert workshop.registrations.count() == 1
