import pytest

from literacy_site.roles import ADMINISTRATOR, FACILITATOR, VILLAGE_STAFF
from tests.factories import (
    DesaFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops.models import StaffPlace


@pytest.fixture
def workshop_world(db):
    """One workshop with a session today and a registered participant, plus a
    user of every kind: its facilitator, another facilitator, its village's staff,
    another village's staff, an administrator and an editor."""
    workshop = WorkshopFactory(capacity=3)
    session = WorkshopSessionFactory(workshop=workshop)
    registration = RegistrationFactory(
        workshop=workshop, participant__desa=workshop.desa
    )
    own_staff = UserFactory(roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=own_staff, desa=workshop.desa)
    other_staff = UserFactory(roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=other_staff, desa=DesaFactory())
    facilitator = UserFactory(roles=[FACILITATOR])
    workshop.facilitators.add(facilitator)
    return {
        "workshop": workshop,
        "session": session,
        "registration": registration,
        "users": {
            "own_facilitator": facilitator,
            "other_facilitator": UserFactory(roles=[FACILITATOR]),
            "own_village_staff": own_staff,
            "other_village_staff": other_staff,
            "administrator": UserFactory(roles=[ADMINISTRATOR]),
            "editor": UserFactory(roles=["Editor"]),
        },
    }


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
