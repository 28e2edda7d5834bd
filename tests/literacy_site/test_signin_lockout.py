"""Five wrong passwords lock one user name from one address for 15 minutes."""

import pytest
from django.test import Client

from literacy_site.roles import ADMINISTRATOR, EDITOR, FACILITATOR
from tests.factories import UserFactory

PASSWORD = "kata-sandi-uji"
SIGN_IN_PAGES = ["/fasilitator/masuk/", "/admin/login/"]
LOCKED_TEXT = "Masuk dikunci untuk sementara"


def sign_in(page, username, password, address="198.51.100.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(page, {"username": username, "password": password})
    return client, response


def is_signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def facilitator(db):
    # The Administrator role may use both the facilitator area and the admin.
    return UserFactory(roles=[ADMINISTRATOR, FACILITATOR])


def guess_five_times(page, username, address="198.51.100.7"):
    for _ in range(5):
        sign_in(page, username, "salah-terus", address)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_five_wrong_passwords_lock_the_right_one_out_too(page, facilitator):
    guess_five_times(page, facilitator.username)

    client, response = sign_in(page, facilitator.username, PASSWORD)

    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert "15 menit" in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_four_wrong_passwords_do_not_lock(page, facilitator):
    for _ in range(4):
        sign_in(page, facilitator.username, "salah-terus")

    client, _response = sign_in(page, facilitator.username, PASSWORD)

    assert is_signed_in(client)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_the_same_user_from_another_address_still_gets_in(page, facilitator):
    guess_five_times(page, facilitator.username, address="198.51.100.7")

    client, _response = sign_in(
        page, facilitator.username, PASSWORD, address="203.0.113.20"
    )

    assert is_signed_in(client)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_another_user_from_the_same_address_still_gets_in(page, facilitator):
    guess_five_times(page, "orang-lain")

    client, _response = sign_in(page, facilitator.username, PASSWORD)

    assert is_signed_in(client)


def test_a_lockout_on_one_page_holds_on_the_other(facilitator):
    guess_five_times("/fasilitator/masuk/", facilitator.username)

    client, response = sign_in("/admin/login/", facilitator.username, PASSWORD)

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_lockout_ends_after_15_minutes(facilitator):
    from axes.models import AccessAttempt
    from django.utils import timezone

    guess_five_times("/fasilitator/masuk/", facilitator.username)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timezone.timedelta(minutes=16)
    )

    client, _response = sign_in("/fasilitator/masuk/", facilitator.username, PASSWORD)

    assert is_signed_in(client)


def test_an_administrator_sees_the_lockout_and_unlocks_it(facilitator, login_as):
    guess_five_times("/fasilitator/masuk/", facilitator.username)
    administrator = login_as(ADMINISTRATOR)

    listing = administrator.get("/admin/kunci-masuk/")
    assert listing.status_code == 200
    assert facilitator.username in listing.content.decode()
    assert "198.51.100.7" in listing.content.decode()

    administrator.post(
        "/admin/kunci-masuk/",
        {"username": facilitator.username, "ip_address": "198.51.100.7"},
    )

    client, _response = sign_in("/fasilitator/masuk/", facilitator.username, PASSWORD)
    assert is_signed_in(client)
    after = administrator.get("/admin/kunci-masuk/").content.decode()
    assert "198.51.100.7" not in after


def test_editors_may_not_open_the_lockout_screen(login_as):
    editor = login_as(EDITOR)
    response = editor.get("/admin/kunci-masuk/")

    # Wagtail answers a refusal inside the admin by going back to its dashboard.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "Kunci masuk" not in editor.get("/admin/").content.decode()


def test_facilitators_are_sent_to_the_admin_sign_in(login_as):
    response = login_as(FACILITATOR).get("/admin/kunci-masuk/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_behind_the_trusted_proxy_the_forwarded_address_is_locked(
    facilitator, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    client = Client(REMOTE_ADDR="10.0.0.5")
    for _ in range(5):
        client.post(
            "/fasilitator/masuk/",
            {"username": facilitator.username, "password": "salah"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    from_guesser = client.post(
        "/fasilitator/masuk/",
        {"username": facilitator.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    real_user = Client(REMOTE_ADDR="10.0.0.5")
    real_user.post(
        "/fasilitator/masuk/",
        {"username": facilitator.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.20",
    )

    assert from_guesser.status_code == 429
    assert is_signed_in(real_user)
