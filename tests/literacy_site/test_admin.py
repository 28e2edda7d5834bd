import pytest

pytestmark = pytest.mark.django_db


def test_wagtail_admin_speaks_indonesian(login_as):
    html = login_as("Administrator").get("/admin/").content.decode()

    assert 'lang="id"' in html
    assert "Dasbor" in html or "Halaman" in html


def test_administrator_can_edit_the_organisation_settings(login_as, home_site):
    response = login_as("Administrator").get(
        "/admin/settings/literacy_site/organisationsettings/", follow=True
    )

    assert response.status_code == 200
    assert 'name="short_name"' in response.content.decode()
