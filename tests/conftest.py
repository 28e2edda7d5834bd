import pytest
from django.test import Client

from literacy_site.roles import ALL_ROLES
from tests.factories import UserFactory


@pytest.fixture
def demo_site(db):
    """The site as `make run` leaves it: places, organisation and home page."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


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
