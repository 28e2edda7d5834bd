import pytest
from wagtail.models import Site

from courses.models import HomePage
from literacy_site.models import OrganisationSettings

pytestmark = pytest.mark.django_db


def test_home_page_is_the_site_root_and_speaks_indonesian(client, home_site):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id"' in html
    assert "Selamat datang" in html
    assert "Langsung ke isi" in html  # the skip link, translated
    assert isinstance(
        Site.objects.get(is_default_site=True).root_page.specific, HomePage
    )


def test_home_page_shows_the_organisation_from_settings(client, home_site):
    organisation = OrganisationSettings.objects.get()
    organisation.name = "Dinas Kominfo Kabupaten Contoh"
    organisation.short_name = "Kominfo Contoh"
    organisation.contact_phone = "0561-123456"
    organisation.whatsapp_number = "081234567890"
    organisation.address = "Jalan Contoh No. 1"
    organisation.save()

    html = client.get("/").content.decode()

    assert "Kominfo Contoh" in html
    assert "Dinas Kominfo Kabupaten Contoh" in html
    assert 'href="tel:0561-123456"' in html
    assert 'href="https://wa.me/6281234567890"' in html
    assert "Kubu Raya" not in html


def test_english_is_offered_and_remembered(client, home_site):
    response = client.post("/bahasa/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    html = client.get("/").content.decode()

    assert '<html lang="en"' in html
    assert "Skip to the content" in html


def test_browser_language_does_not_override_indonesian(client, home_site):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="id"' in html


def test_loading_demo_content_twice_changes_nothing(demo_site):
    from django.core.management import call_command

    home = HomePage.objects.get()
    home.greeting = "Sugeng rawuh"
    home.save_revision().publish()

    call_command("load_demo", verbosity=0)

    assert HomePage.objects.count() == 1
    assert HomePage.objects.get().greeting == "Sugeng rawuh"
    assert OrganisationSettings.objects.count() == 1
