import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def create_admin():
    out = io.StringIO()
    call_command("create_admin", stdout=out)
    return out.getvalue()


def test_create_admin_prints_the_login_and_where_the_password_is_kept(var_dir):
    said = create_admin()
    password = (var_dir / "admin-password.txt").read_text().strip()
    assert str(var_dir / "admin-password.txt") in said
    assert f"admin / {password}" in said
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_the_password_file_is_deleted_when_the_administrator_changes_it(var_dir):
    create_admin()
    admin = get_user_model().objects.get(username="admin")
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/users/edit/{admin.pk}/",
        {
            "first_name": "Admin",
            "username": "admin",
            "email": "admin@example.org",
            "groups": list(admin.groups.values_list("pk", flat=True)),
            "password1": "kata-sandi-kantor-baru",
            "password2": "kata-sandi-kantor-baru",
        },
    )
    assert response.status_code == 302
    assert not (var_dir / "admin-password.txt").exists()
    assert "changepassword admin" in create_admin()


def test_saving_the_administrator_without_a_new_password_keeps_the_file(var_dir):
    create_admin()
    admin = get_user_model().objects.get(username="admin")
    admin.first_name = "Admin"
    admin.save()
    assert (var_dir / "admin-password.txt").exists()


def test_creating_a_facilitator_with_a_password_keeps_the_administrators_file(var_dir):
    create_admin()
    get_user_model().objects.create_user(
        username="fasilitator", password="kata-sandi-fasil-1"
    )
    other = get_user_model().objects.create_user(username="staf")
    other.set_password("kata-sandi-staf-baru")
    other.save()
    assert (var_dir / "admin-password.txt").exists()
    assert "admin / " in create_admin()
