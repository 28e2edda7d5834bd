import pytest
from django.contrib.auth.models import Group

from literacy_site.roles import ALL_ROLES

pytestmark = pytest.mark.django_db


def test_every_role_exists_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_editors_and_administrators_can_open_the_admin_but_facilitators_cannot(
    login_as,
):
    for role, expected in [
        ("Editor", 200),
        ("Moderator", 200),
        ("Administrator", 200),
        ("Fasilitator", 302),
        ("Operator desa", 302),
    ]:
        response = login_as(role).get("/admin/")
        assert response.status_code == expected, role


def test_role_client_gives_a_signed_in_user_of_each_role(role_client):
    assert role_client.user.groups.count() == 1
    assert role_client.get("/").wsgi_request.user.is_authenticated
