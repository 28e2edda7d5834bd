"""Facilitator and admin lists cost the same number of queries for 5 rows as for
25: nothing is looked up row by row (bench/facilitator_lists.py measures them at
regency scale)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from literacy_site.roles import ADMINISTRATOR, FACILITATOR
from tests.factories import (
    DesaFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    VenueFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def workshop_with_people(facilitator, people=3):
    """A workshop in its own desa, with two sessions, seated and waiting people."""
    workshop = WorkshopFactory(capacity=people)
    workshop.facilitators.add(facilitator)
    WorkshopSessionFactory(workshop=workshop)
    WorkshopSessionFactory(workshop=workshop, date="2030-01-02")
    RegistrationFactory.create_batch(people, workshop=workshop)
    RegistrationFactory(workshop=workshop, status=Registration.Status.WAITLISTED)
    return workshop


def queries_for(client, url):
    client.get(url)  # the session and site settings are read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def facilitator(client):
    user = UserFactory(roles=[FACILITATOR])
    client.force_login(user)
    return user


@pytest.fixture
def administrator(client):
    user = UserFactory(roles=[ADMINISTRATOR])
    client.force_login(user)
    return user


def test_my_workshops_page_queries_do_not_grow_with_workshops(
    client, facilitator, django_assert_max_num_queries
):
    for _ in range(5):
        workshop_with_people(facilitator)
    with_5 = queries_for(client, "/fasilitator/")
    for _ in range(20):
        workshop_with_people(facilitator)

    with django_assert_max_num_queries(with_5):
        response = client.get("/fasilitator/")

    assert response.content.decode().count("3 dari 3 kursi terisi, 1 menunggu") == 20


def test_the_workshop_page_queries_do_not_grow_with_participants(
    client, facilitator, django_assert_max_num_queries
):
    workshop = workshop_with_people(facilitator, people=5)
    url = f"/fasilitator/lokakarya/{workshop.pk}/"
    with_5 = queries_for(client, url)
    RegistrationFactory.create_batch(20, workshop=workshop)

    with django_assert_max_num_queries(with_5):
        client.get(url)


def test_the_admin_participant_list_queries_do_not_grow_with_rows(
    client, administrator, django_assert_max_num_queries
):
    # Each person in a desa of their own, in a kecamatan of its own.
    ParticipantFactory.create_batch(5)
    with_5 = queries_for(client, "/admin/participants/")
    ParticipantFactory.create_batch(20)

    with django_assert_max_num_queries(with_5):
        client.get("/admin/participants/")


def test_the_admin_workshop_list_queries_do_not_grow_with_rows(
    client, administrator, django_assert_max_num_queries
):
    WorkshopFactory.create_batch(5)
    with_5 = queries_for(client, "/admin/workshops/")
    WorkshopFactory.create_batch(20)

    with django_assert_max_num_queries(with_5):
        client.get("/admin/workshops/")


def test_the_admin_venue_list_queries_do_not_grow_with_rows(
    client, administrator, django_assert_max_num_queries
):
    VenueFactory.create_batch(5)
    with_5 = queries_for(client, "/admin/venues/")
    VenueFactory.create_batch(20)

    with django_assert_max_num_queries(with_5):
        client.get("/admin/venues/")


@pytest.mark.parametrize(
    "url",
    ["/admin/participants/new/", "/admin/venues/new/", "/admin/users/new/"],
)
def test_admin_forms_offer_every_desa_in_constant_queries(
    client, administrator, django_assert_max_num_queries, url
):
    DesaFactory.create_batch(5)
    with_5 = queries_for(client, url)
    DesaFactory.create_batch(20)

    with django_assert_max_num_queries(with_5):
        client.get(url)


def test_the_admin_lists_filter_by_desa_and_link_each_row(client, administrator):
    siti = ParticipantFactory(full_name="Siti Aminah")
    ParticipantFactory(full_name="Budi Santoso")

    html = client.get(f"/admin/participants/?desa={siti.desa_id}").content.decode()

    assert f'<option value="{siti.desa_id}" selected>{siti.desa}</option>' in html
    assert "Siti Aminah" in html and "Budi Santoso" not in html
    for link in ("edit", "inspect", "delete"):
        assert f"/admin/participants/{link}/{siti.pk}/" in html


@pytest.mark.parametrize("model", ["participants", "workshops", "venues"])
def test_the_admin_copies_no_person_workshop_or_venue_around_the_services(
    client, administrator, model
):
    """Copying would save through Wagtail's own create view, not the service."""
    objects = {
        "participants": ParticipantFactory,
        "workshops": WorkshopFactory,
        "venues": VenueFactory,
    }
    made = objects[model]()

    listing = client.get(f"/admin/{model}/").content.decode()

    assert f"/admin/{model}/copy/" not in listing
    assert client.get(f"/admin/{model}/copy/{made.pk}/").status_code == 404
