import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from literacy_site.roles import (
    ADMINISTRATOR,
    EDITOR,
    FACILITATOR,
    VILLAGE_STAFF,
)
from tests.factories import DesaFactory, UserFactory, WorkshopFactory
from workshops.models import StaffPlace

pytestmark = pytest.mark.django_db

User = get_user_model()
ADD_URL = "/admin/users/new/"


@pytest.fixture
def office(login_as):
    return login_as(ADMINISTRATOR)


def group_id(name):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name).pk


def new_user(**fields):
    return {
        "password1": "rahasia-kantor-2026",
        "password2": "rahasia-kantor-2026",
        **fields,
    }


def test_a_facilitator_is_made_with_one_name_and_no_email(office):
    response = office.post(
        ADD_URL,
        new_user(
            first_name="Sutini", username="sutini", groups=[group_id(FACILITATOR)]
        ),
    )
    assert response.status_code == 302
    user = User.objects.get(username="sutini")
    assert (user.first_name, user.last_name, user.email) == ("Sutini", "", "")
    assert list(user.groups.values_list("name", flat=True)) == [FACILITATOR]
    assert not user.is_superuser
    signed_in = Client()
    response = signed_in.post(
        "/fasilitator/masuk/",
        {"username": "sutini", "password": "rahasia-kantor-2026"},
        follow=True,
    )
    assert response.request["PATH_INFO"] == "/fasilitator/"
    assert "Lokakarya saya" in response.text


def test_a_village_staffer_is_made_with_several_desa_on_the_same_screen(office):
    first, second = DesaFactory(), DesaFactory()
    WorkshopFactory(desa=second, title="Kelas di desa kedua")
    response = office.post(
        ADD_URL,
        new_user(
            first_name="Rahmat",
            username="rahmat",
            groups=[group_id(VILLAGE_STAFF)],
            desa=[first.pk, second.pk],
        ),
    )
    assert response.status_code == 302
    user = User.objects.get(username="rahmat")
    assert set(StaffPlace.objects.filter(user=user).values_list("desa", flat=True)) == {
        first.pk,
        second.pk,
    }
    signed_in = Client()
    signed_in.force_login(user)
    assert "Kelas di desa kedua" in signed_in.get("/fasilitator/").text


def test_village_staff_without_a_desa_is_refused_with_a_reason(office):
    response = office.post(
        ADD_URL,
        new_user(
            first_name="Rahmat", username="rahmat", groups=[group_id(VILLAGE_STAFF)]
        ),
    )
    assert response.status_code == 200
    assert "Pilih desa" in response.text
    assert not User.objects.filter(username="rahmat").exists()


def test_an_editor_needs_an_email_address(office):
    response = office.post(
        ADD_URL,
        new_user(first_name="Dewi", username="dewi", groups=[group_id(EDITOR)]),
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="dewi").exists()
    response = office.post(
        ADD_URL,
        new_user(
            first_name="Dewi",
            username="dewi",
            email="dewi@example.org",
            groups=[group_id(EDITOR)],
        ),
    )
    assert response.status_code == 302


def test_editing_changes_the_desa_a_staffer_serves(office):
    old, new = DesaFactory(), DesaFactory()
    staffer = UserFactory(roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=staffer, desa=old)
    response = office.post(
        f"/admin/users/edit/{staffer.pk}/",
        {
            "first_name": staffer.first_name,
            "username": staffer.username,
            "is_active": "on",
            "groups": [group_id(VILLAGE_STAFF)],
            "desa": [new.pk],
        },
    )
    assert response.status_code == 302
    assert list(
        StaffPlace.objects.filter(user=staffer).values_list("desa", flat=True)
    ) == [new.pk]


def test_only_superusers_see_the_superuser_box(office):
    assert 'name="is_superuser"' not in office.get(ADD_URL).text
    root = UserFactory(is_superuser=True)
    client = Client()
    client.force_login(root)
    assert 'name="is_superuser"' in client.get(ADD_URL).text


def test_the_user_list_shows_each_role_and_desa(office):
    desa = DesaFactory(name="Kuala Dua")
    staffer = UserFactory(roles=[VILLAGE_STAFF], first_name="Rahmat")
    StaffPlace.objects.create(user=staffer, desa=desa)
    page = office.get("/admin/users/").text
    assert "Operator desa" in page
    assert "Kuala Dua" in page


def test_a_staffer_without_a_desa_is_told_whom_to_ask(login_as):
    UserFactory(roles=[ADMINISTRATOR], first_name="Yuliana", last_name="")
    staffer = login_as(VILLAGE_STAFF)

    page = staffer.get("/fasilitator/").text

    assert "Belum ada desa yang ditetapkan untuk Anda" in page
    assert "Yuliana" in page


def test_a_staffer_whose_desa_has_no_workshop_is_told_so(login_as):
    staffer = login_as(VILLAGE_STAFF)
    StaffPlace.objects.create(user=staffer.user, desa=DesaFactory(name="Kuala Dua"))

    page = staffer.get("/fasilitator/").text

    assert "Belum ada lokakarya di desa Anda" in page
    assert "sebagai fasilitator" not in page


def test_the_user_list_filters_by_one_role_filter_without_the_superuser_box(office):
    UserFactory(roles=[FACILITATOR], first_name="Sutini", last_name="")
    UserFactory(roles=[EDITOR], first_name="Bambang", last_name="")

    page = office.get("/admin/users/").text
    facilitators = office.get(
        "/admin/users/", {"group": group_id(FACILITATOR)}
    ).text

    assert 'name="is_superuser"' not in page
    assert 'name="group"' in page
    assert "Peran" in page
    assert "Sutini" in facilitators
    assert "Bambang" not in facilitators


def test_the_group_screens_say_what_each_role_allows(db):
    root = Client()
    root.force_login(UserFactory(is_superuser=True))
    facilitator = group_id(FACILITATOR)
    allows = "Menjalankan lokakarya"

    listing = root.get("/admin/groups/").text
    edit = root.get(f"/admin/groups/edit/{facilitator}/").text

    assert "Yang boleh dilakukan" in listing
    assert allows in listing
    assert allows in edit
