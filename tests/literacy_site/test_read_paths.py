"""Reading the public site writes nothing, so it keeps working while the
database is read-only or the disk is full."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from courses.models import LessonPage
from literacy_site.models import OrganisationSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_earlier_renditions():
    # Wagtail caches renditions by image id, and ids come back after an earlier
    # test's rollback: publishing would trust a rendition that is not there.
    cache.clear()


WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "REPLACE")


def writes_while(action):
    with CaptureQueriesContext(connection) as queries:
        action()
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
    ]


def test_a_visitor_reading_public_pages_causes_no_write(client, demo_site):
    lesson = LessonPage.objects.live().order_by("path").first()
    addresses = ["/", "/kelas/", lesson.get_parent().url, lesson.url]
    addresses += ["/lokakarya/", "/verifikasi/", "/cari/", "/robots.txt"]
    addresses += ["/sitemap.xml", "/fasilitator/masuk/"]
    responses = []

    def read_everything():
        responses.extend(client.get(address) for address in addresses)
        # Reading preferences are cookies on the phone, not session data.
        responses.append(client.post("/tampilan/", {"text_size": "large"}))

    assert writes_while(read_everything) == []
    assert [response.status_code for response in responses] == [200] * 10 + [302]
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()


def test_a_search_writes_only_its_count_in_the_query_log(client, demo_site):
    writes = writes_while(lambda: client.get("/cari/", {"q": "pesan"}))

    assert writes
    assert all(
        "wagtailsearchpromotions_" in sql or "courses_searchoutcome" in sql
        for sql in writes
    ), writes


def test_a_site_without_organisation_settings_is_read_without_creating_them(
    client, demo_site
):
    OrganisationSettings.objects.all().delete()

    assert writes_while(lambda: client.get("/")) == []
    assert not OrganisationSettings.objects.exists()


def test_the_settings_screen_still_saves_a_site_first_organisation(client, demo_site):
    OrganisationSettings.objects.all().delete()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    site = Site.objects.get(is_default_site=True)
    address = f"/admin/settings/literacy_site/organisationsettings/{site.pk}/"

    response = client.post(address, {"name": "Dinas Kominfo Kabupaten Contoh"})

    assert response.status_code == 302
    assert OrganisationSettings.for_site(site).name == "Dinas Kominfo Kabupaten Contoh"
