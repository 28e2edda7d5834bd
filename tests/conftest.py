import pytest
from django.core.cache import caches
from django.db import connection, transaction
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
def empty_caches():
    """Each test starts with empty caches (no page kept for anonymous readers, no
    rendition or handout remembered): the database is rolled back between
    tests, the caches are not."""
    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The demo, loaded once for every test that uses it, in a transaction that
    is rolled back when the run ends.

    Loading it takes seconds; the tests using it run last (see
    `pytest_collection_modifyitems`), each in a savepoint inside this
    transaction, so each still starts from the untouched demo and none of the
    other tests ever sees it."""
    from django.core.management import call_command

    loaded = transaction.atomic()
    with django_db_blocker.unblock():
        loaded.__enter__()
        restore_what_migrations_made()
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        loaded.__exit__(None, None, None)
        for cache in caches.all(initialized_only=True):
            cache.clear()


def restore_what_migrations_made():
    """A transactional test leaves the tables empty when it ends: the next one
    puts back what the migrations made (Wagtail's root page, the roles) from the
    copy Django serialized when it made the test database, as this does."""
    from wagtail.models import Page

    if Page.objects.exists():
        return
    serialized = getattr(connection, "_test_serialized_contents", None)
    if serialized:
        connection.creation.deserialize_db_from_string(serialized)


@pytest.fixture
def demo_site(demo_database, db):
    """The site as `make run` leaves it: places, organisation and home page."""


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
    one of them uses serialized rollback.

    The tests on the demo site run last, after every test that must not see it
    (`demo_database`)."""
    items.sort(key=lambda item: "demo_database" in item.fixturenames)
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction"):
            if "demo_database" in item.fixturenames:
                raise pytest.UsageError(
                    f"{item.nodeid}: the shared demo lives in a transaction, "
                    "which a transactional test would end; load it in the test."
                )
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )
