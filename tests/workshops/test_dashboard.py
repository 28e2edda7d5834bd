"""Panels on the admin's home page for administrators."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates import services as certificate_services
from tests.factories import (
    DesaFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Desa, Workshop

pytestmark = pytest.mark.django_db


def panel(html, panel_id):
    """The text of one panel, tags removed and spaces collapsed."""
    start = html.index(f'id="{panel_id}')
    end = html.find("</section>", start)
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:end]).split())


def certify(workshop, names):
    session = WorkshopSessionFactory(workshop=workshop, date=timezone.localdate())
    for name in names:
        registration = RegistrationFactory(
            workshop=workshop, participant__full_name=name
        )
        services.attendance_mark(
            registration=registration, session=session, status="present", marked_by=None
        )
    return certificate_services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=None
    )


@pytest.fixture
def dashboard_world(db):
    """Two workshops meet this week (one is certified: 3 certificates, one of
    them revoked), one next month, one cancelled this week; four desa."""
    today = timezone.localdate()
    reached = DesaFactory(name="Kuala Dua")
    this_week = WorkshopFactory(title="Aman Bermedia Sosial", venue__desa=reached)
    first, *_rest, last = certify(this_week, ["Siti", "Ahmad", "Yohanes"])
    certificate_services.certificate_revoke(
        certificate=last, revoked_by=None, reason="Salah"
    )
    also = WorkshopFactory(title="Mulai WhatsApp")
    WorkshopSessionFactory(workshop=also, date=today)
    later = WorkshopFactory(title="Kunci Akun")
    WorkshopSessionFactory(workshop=later, date=today + datetime.timedelta(days=40))
    cancelled = WorkshopFactory(title="Batal", status=Workshop.Status.CANCELLED)
    WorkshopSessionFactory(workshop=cancelled, date=today)
    return {"reached": reached, "first": first}


def test_the_dashboard_shows_administrators_this_weeks_figures(
    dashboard_world, login_as
):
    html = login_as("Administrator").get("/admin/").content.decode()

    week = panel(html, "workshops-this-week")
    month = panel(html, "certificates-this-month")
    desa = panel(html, "desa-not-reached")
    assert "Aman Bermedia Sosial" in week and "Mulai WhatsApp" in week
    assert "Kunci Akun" not in week and "Batal" not in week
    assert " 2 " in f" {week} "
    assert "3 2" in month  # 3 issued, 2 of them still valid
    not_reached = Desa.objects.count() - 2
    assert f"{not_reached} dari {Desa.objects.count()}" in desa
    assert "Kuala Dua" not in desa


def test_a_name_correction_is_not_counted_as_a_new_certificate(
    dashboard_world, login_as
):
    certificate_services.certificate_correct_name(
        certificate=dashboard_world["first"],
        name="Siti Aminah",
        corrected_by=None,
        reason="Salah tulis",
    )
    html = login_as("Administrator").get("/admin/").content.decode()
    # Still 3 issued, 2 of them valid (Siti's through its corrected copy).
    assert "3 2" in panel(html, "certificates-this-month")


def test_the_dashboard_panels_take_the_same_queries_with_more_data(
    dashboard_world, login_as
):
    client = login_as("Administrator")
    client.get("/admin/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for _n in range(5):
        certify(WorkshopFactory(), ["Maryam", "Suparman"])
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/")

    assert len(many) == len(few)


def test_editors_see_no_administrator_panels(dashboard_world, login_as):
    html = login_as("Editor").get("/admin/").content.decode()

    assert 'id="desa-not-reached' not in html
