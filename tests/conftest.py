import pytest
from django.test import Client

from literacy_site.roles import ADMINISTRATOR, ALL_ROLES, FACILITATOR, VILLAGE_STAFF
from tests.factories import (
    DesaFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops.models import StaffPlace


@pytest.fixture(autouse=True)
def no_kept_pages():
    """Each test starts with no page kept for anonymous readers: the database is
    rolled back between tests, the page cache is not."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def demo_site(db):
    """The site as `make run` leaves it: places, organisation and home page."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture
def home_site(db):
    """Only what every page needs: the organisation's settings and the home page.

    Much quicker than the whole demo, which most page tests do not need."""
    from courses.demo import load_home_page
    from literacy_site.demo import load_organisation

    load_organisation()
    return load_home_page()


@pytest.fixture
def login_as(db):
    """Return a function giving a client signed in as a new user with one role."""

    def login(role):
        assert role in ALL_ROLES, role
        user = UserFactory(roles=[role])
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return login


@pytest.fixture(params=ALL_ROLES)
def role_client(request, login_as):
    """A signed-in client for each role in turn."""
    return login_as(request.param)


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



def pytest_collection_modifyitems(items):
    """A transactional test must give the next one back what the migrations made
    (Wagtail's root page, the roles, content types with the same ids), so every
    one of them uses serialized rollback."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction"):
            item.add_marker(
                pytest.mark.django_db(
                    **{**marker.kwargs, "serialized_rollback": True}
                ),
                append=False,
            )
