"""A facilitator may sign in with the phone number set on the user screen;
the lockout counts those attempts as it counts the user name's."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from literacy_site.roles import ADMINISTRATOR, FACILITATOR
from literacy_site.signin import sign_in_phone_set
from tests.factories import UserFactory
from tests.literacy_site.test_signin_lockout import (
    LOCKED_TEXT,
    PASSWORD,
    SIGN_IN_PAGES,
    is_signed_in,
    sign_in,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def facilitator(db):
    # The Administrator role may use both the facilitator area and the admin.
    user = UserFactory(username="sutini", roles=[ADMINISTRATOR, FACILITATOR])
    sign_in_phone_set(user=user, phone="+6281234567890")
    return user


def test_the_user_screen_stores_a_sign_in_number_once_per_account(login_as):
    office = login_as(ADMINISTRATOR)
    sign_in_phone_set(user=UserFactory(username="lama"), phone="+6281311112222")
    form = {
        "first_name": "Sutini",
        "username": "sutini",
        "groups": [Group.objects.get(name=FACILITATOR).pk],
        "password1": "rahasia-kantor-2026",
        "password2": "rahasia-kantor-2026",
    }

    taken = office.post("/admin/users/new/", {**form, "phone": "0813-1111-2222"})
    made = office.post("/admin/users/new/", {**form, "phone": "0812 3456 7890"})

    assert "Nomor HP ini sudah dipakai akun lain untuk masuk." in taken.text
    assert made.status_code == 302
    user = User.objects.get(username="sutini")
    assert user.sign_in_phone.phone == "+6281234567890"
    edit = office.get(f"/admin/users/edit/{user.pk}/").text
    assert "0812-3456-7890" in edit


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_a_facilitator_signs_in_with_her_phone_number(page, facilitator):
    client, _response = sign_in(page, "0812-3456-7890", PASSWORD)
    wrong, _response = sign_in(page, "0812-3456-7890", "salah")

    assert is_signed_in(client)
    assert int(client.session["_auth_user_id"]) == facilitator.pk
    assert not is_signed_in(wrong)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_the_sign_in_pages_ask_for_a_username_or_phone_number(page, client):
    text = client.get(page).text

    assert "Nama pengguna atau nomor HP" in text
    assert re.search(r"<label[^>]*>\s*Kata sandi", text)
    assert not re.search(r"<label[^>]*>\s*Password", text)


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_wrong_passwords_by_phone_lock_the_account_in_any_spelling(page, facilitator):
    spellings = ["081234567890", "0812-3456-7890", "+62 812 3456 7890"]
    for attempt in range(5):
        sign_in(page, spellings[attempt % 3], "salah-terus")

    by_phone, refused = sign_in(page, "(0812) 3456 7890", PASSWORD)
    by_name, _response = sign_in(page, "sutini", PASSWORD)
    elsewhere, _response = sign_in(page, "0812 3456 7890", PASSWORD, "203.0.113.9")

    assert refused.status_code == 429
    assert LOCKED_TEXT in refused.text
    assert not is_signed_in(by_phone)
    assert not is_signed_in(by_name)
    assert is_signed_in(elsewhere)


def test_a_number_nobody_signs_in_with_is_refused(facilitator):
    client, response = sign_in("/fasilitator/masuk/", "0899-0000-1111", PASSWORD)

    assert not is_signed_in(client)
    assert response.status_code == 200
