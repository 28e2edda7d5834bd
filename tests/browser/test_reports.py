"""The report page in the admin and the public /capaian/, on a phone and a desk."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from literacy_site.roles import ADMINISTRATOR
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops.models import Attendance

SIZES = [{"width": 360, "height": 740}, {"width": 1280, "height": 900}]


@pytest.fixture
def trained(demo_site):
    """A workshop held this year with seven people, all present."""
    year = timezone.localdate().year
    workshop = WorkshopFactory(title="Aman Bermedia Sosial", status="closed")
    session = WorkshopSessionFactory(workshop=workshop, date=datetime.date(year, 1, 15))
    for n in range(7):
        registration = RegistrationFactory(
            workshop=workshop,
            participant=ParticipantFactory(
                full_name=f"Peserta Rahasia {n}",
                birth_year=year - 60 - n,
                desa=workshop.desa,
            ),
        )
        Attendance.objects.create(
            registration=registration, session=session, status="present"
        )
    return year


def too_wide(page):
    """What sticks out past the screen's right edge (nothing, on a good page)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          return [...document.querySelectorAll("body *")]
            .filter((e) => e.getBoundingClientRect().right > width + 1)
            .filter((e) => !e.closest(".report-scroll"))
            .slice(0, 5)
            .map((e) => e.tagName + "." + e.className);
        }"""
    )


def charts_have_text_alternatives(page):
    charts = page.locator("svg.report-chart")
    assert charts.count() >= 1
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        names = chart.get_attribute("aria-labelledby").split()
        for name in names:
            expect(page.locator(f"#{name}")).not_to_have_text("")


@pytest.mark.parametrize("size", SIZES, ids=["phone", "desk"])
def test_an_administrator_reads_the_years_report(page, trained, size):
    UserFactory(username="pak.admin", roles=[ADMINISTRATOR])
    page.set_viewport_size(size)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("pak.admin")
    page.locator("#id_password").fill("kata-sandi-uji")
    page.locator("button[type=submit]").click()
    # The sign-in page has a #main too: wait until it has sent us on.
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/laporan/?period=year&year={trained}")
    expect(page.get_by_role("heading", name=f"Angka untuk {trained}")).to_be_visible()
    expect(page.get_by_text("Desa terjangkau").first).to_be_visible()
    charts_have_text_alternatives(page)
    expect(
        page.get_by_role("img", name="Lansia yang dilatih per kecamatan")
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Lansia terdaftar").first.click()
    expect(page.locator("th[aria-sort]")).to_have_count(1)


@pytest.mark.parametrize("size", SIZES, ids=["phone", "desk"])
def test_a_visitor_reads_the_programme_results(page, trained, size):
    page.set_viewport_size(size)
    page.goto("/capaian/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Capaian program")
    expect(page.get_by_role("heading", name=f"Capaian {trained}")).to_be_visible()
    charts_have_text_alternatives(page)
    assert "Rahasia" not in page.content()
    assert too_wide(page) == []
    assert_no_axe_violations(page)
