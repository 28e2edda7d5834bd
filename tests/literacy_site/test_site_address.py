import pytest
from django.core.management import call_command
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def test_site_address_command_writes_site_url_into_the_site_record(settings):
    settings.SITE_URL = "https://literasi.example.go.id"

    call_command("set_site_address", verbosity=0)
    call_command("set_site_address", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("literasi.example.go.id", 443)
    assert site.root_url == "https://literasi.example.go.id"
    assert Site.objects.count() == 1


def test_site_address_command_keeps_a_port_of_its_own(settings, capsys):
    settings.SITE_URL = "http://127.0.0.1:8123"

    call_command("set_site_address")

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert "http://127.0.0.1:8123" in capsys.readouterr().out
