import pytest

from tests.factories import WorkshopFactory, WorkshopSessionFactory

pytestmark = pytest.mark.django_db


def test_administrators_find_workshops_by_status_kecamatan_and_date(login_as):
    client = login_as("Administrator")
    open_one = WorkshopFactory(title="Lokakarya Terbuka", status="open")
    WorkshopSessionFactory(workshop=open_one, date="2026-12-01")
    draft = WorkshopFactory(title="Lokakarya Draf", status="draft")
    WorkshopSessionFactory(workshop=draft, date="2027-01-10")

    by_status = client.get("/admin/workshops/", {"status": "open"}).content.decode()
    by_kecamatan = client.get(
        "/admin/workshops/", {"kecamatan": draft.desa.kecamatan.pk}
    ).content.decode()
    by_date = client.get(
        "/admin/workshops/", {"date_after": "2027-01-01", "date_before": "2027-01-31"}
    ).content.decode()

    assert "Lokakarya Terbuka" in by_status and "Lokakarya Draf" not in by_status
    assert "Lokakarya Draf" in by_kecamatan and "Lokakarya Terbuka" not in by_kecamatan
    assert "Lokakarya Draf" in by_date and "Lokakarya Terbuka" not in by_date


def test_facilitators_cannot_open_the_workshop_admin(login_as):
    response = login_as("Fasilitator").get("/admin/workshops/")

    assert response.status_code == 302


def test_administrators_edit_a_workshop_with_its_sessions(login_as):
    workshop = WorkshopFactory()

    response = login_as("Administrator").get(f"/admin/workshops/edit/{workshop.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "sessions-FORMS" in html
