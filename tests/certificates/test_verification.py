import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from certificates import services
from certificates.codes import format_code, new_code

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_typing_a_code_in_any_form_leads_to_its_page(client, issued_certificate):
    code = issued_certificate.display_code

    response = client.get(
        "/verifikasi/", {"code": code.lower().replace("-", " ")}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/verifikasi/{code}/"
    html = response.content.decode()
    assert "Sah" in html
    assert "Siti Aminah" in html
    assert "Aman Bermedia Sosial" in html
    assert issued_certificate.number in html


def test_the_page_shows_nothing_personal_beyond_the_printed_name(
    client, issued_certificate
):
    participant = issued_certificate.participant

    html = client.get(issued_certificate.get_absolute_url()).content.decode()

    assert participant.phone not in html
    assert str(participant.birth_year) not in html


def test_a_revoked_certificate_says_so_with_the_date(client, issued_certificate):
    services.certificate_revoke(
        certificate=issued_certificate, revoked_by=None, reason="Keliru"
    )

    html = client.get(issued_certificate.get_absolute_url()).content.decode()

    assert "Dicabut" in html
    assert "Sah" not in html.split("Dicabut")[0]


def test_a_corrected_certificate_sends_visitors_to_the_new_one(
    client, issued_certificate
):
    new = services.certificate_correct_name(
        certificate=issued_certificate,
        name="Siti Aminah Lubis",
        corrected_by=None,
        reason="nama lengkap",
    )

    html = client.get(issued_certificate.get_absolute_url()).content.decode()

    assert new.get_absolute_url() in html


def test_an_unknown_code_says_not_found_in_plain_words(client, db):
    response = client.get("/verifikasi/K7QF-3MXD-9R/")

    assert response.status_code == 404
    assert "Tidak ditemukan" in response.content.decode()


def test_a_mistyped_code_is_explained_on_the_form(client, db):
    response = client.get("/verifikasi/", {"code": "12345"})

    assert "10 huruf dan angka" in response.content.decode()


def test_after_20_wrong_codes_the_client_is_asked_to_wait(client, issued_certificate):
    for _ in range(20):
        assert client.get(f"/verifikasi/{format_code(new_code())}/").status_code == 404

    response = client.get(issued_certificate.get_absolute_url())

    assert response.status_code == 429
    assert "Mohon tunggu sebentar" in response.content.decode()


def environment_for_this_test_database():
    """Environment that points a fresh process at the database this test uses."""
    database = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "literacy_site.settings.test"}
    env.pop("REDIS_URL", None)  # no shared cache: the database alone must do it
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = database["NAME"]
    else:
        password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}{password}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    return env


# Committed rows, so the other process sees them; serialized_rollback gives the
# next transactional test back the rows the migrations made.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_limit_holds_across_server_processes_without_a_shared_cache(client):
    """Ten wrong guesses in another process and ten here add up to the limit,
    with each process's own local-memory cache and nothing else shared."""
    other_process = (
        "import django; django.setup();"
        "from django.test import RequestFactory;"
        "from certificates import ratelimit;"
        "request = RequestFactory().get('/verifikasi/', REMOTE_ADDR='127.0.0.1');"
        "[ratelimit.count_wrong_guess(request) for _ in range(10)]"
    )
    result = subprocess.run(
        [sys.executable, "-c", other_process],
        cwd=BASE_DIR,
        env=environment_for_this_test_database(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    for _ in range(9):
        assert client.get(f"/verifikasi/{format_code(new_code())}/").status_code == 404
    last_allowed = client.get(f"/verifikasi/{format_code(new_code())}/")
    refused = client.get(f"/verifikasi/{format_code(new_code())}/")

    assert last_allowed.status_code == 404
    assert refused.status_code == 429


def test_wrong_guesses_older_than_ten_minutes_no_longer_count(
    client, issued_certificate
):
    from django.utils import timezone

    from certificates.models import WrongGuess

    for _ in range(20):
        client.get(f"/verifikasi/{format_code(new_code())}/")
    WrongGuess.objects.update(
        guessed_at=timezone.now() - timezone.timedelta(minutes=11)
    )

    assert client.get(issued_certificate.get_absolute_url()).status_code == 200


def test_a_resident_downloads_her_certificate_with_its_code(client, issued_certificate):
    response = client.get(
        f"/verifikasi/{issued_certificate.display_code}/sertifikat.pdf"
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_revoked_certificate_cannot_be_downloaded(client, issued_certificate):
    services.certificate_revoke(
        certificate=issued_certificate, revoked_by=None, reason="Keliru"
    )

    response = client.get(
        f"/verifikasi/{issued_certificate.display_code}/sertifikat.pdf"
    )

    assert response.status_code == 404


def test_administrators_may_edit_the_certificate_settings(login_as):
    response = login_as("Administrator").get(
        "/admin/settings/certificates/certificatesettings/", follow=True
    )

    assert response.status_code == 200
    assert 'name="number_format"' in response.content.decode()
    assert (
        login_as("Fasilitator")
        .get("/admin/settings/certificates/certificatesettings/")
        .status_code
        == 302
    )


def test_a_client_sent_forwarded_header_does_not_escape_the_limit(
    client, issued_certificate, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    for number in range(20):
        response = client.get(
            f"/verifikasi/{format_code(new_code())}/",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
        assert response.status_code == 404

    response = client.get(
        issued_certificate.get_absolute_url(), HTTP_X_FORWARDED_FOR="198.51.100.99"
    )

    assert response.status_code == 429


def test_behind_the_trusted_proxy_each_visitor_is_counted_apart(
    client, issued_certificate, settings
):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(20):
        client.get(
            f"/verifikasi/{format_code(new_code())}/",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
        )

    guesser = client.get(
        issued_certificate.get_absolute_url(),
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    neighbour = client.get(
        issued_certificate.get_absolute_url(),
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )

    assert guesser.status_code == 429
    assert neighbour.status_code == 200


def test_wrong_codes_for_downloads_count_towards_the_limit(client, issued_certificate):
    for _ in range(20):
        response = client.get(f"/verifikasi/{format_code(new_code())}/sertifikat.pdf")
        assert response.status_code == 404

    assert client.get(issued_certificate.get_absolute_url()).status_code == 429
