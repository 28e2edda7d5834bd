"""A facilitator at the village hall with a phone: walk-ins and attendance."""

import pytest
from playwright.sync_api import expect

from literacy_site.roles import FACILITATOR
from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll
from tests.factories import (
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops.models import Attendance

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def hall(demo_site):
    facilitator = UserFactory(username="bu.rina", roles=[FACILITATOR])
    workshop = WorkshopFactory(title="Aman Bermedia Sosial", capacity=10)
    workshop.facilitators.add(facilitator)
    session = WorkshopSessionFactory(workshop=workshop)
    registration = RegistrationFactory(
        workshop=workshop,
        participant__full_name="Abdul Hamid",
        participant__desa=workshop.desa,
    )
    return {"workshop": workshop, "session": session, "registration": registration}


def sign_in(page):
    page.set_viewport_size(PHONE)
    page.goto("/fasilitator/")
    page.get_by_label("Nama pengguna").fill("bu.rina")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokakarya saya")


def test_facilitator_registers_a_walk_in_and_marks_attendance_on_a_phone(page, hall):
    sign_in(page)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Aman Bermedia Sosial").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aman Bermedia Sosial")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Daftarkan peserta yang datang langsung").click()
    # The click returns before the next page loads: measure that page, not a blank one.
    page.wait_for_url("**/datang-langsung/")
    assert not has_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.get_by_label("Nama lengkap", exact=True).fill("Siti Aminah")
    page.get_by_label("Tahun lahir", exact=True).fill("1957")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Peserta setuju").check()
    page.get_by_role("button", name="Daftarkan").click()

    expect(page.get_by_text("Siti Aminah terdaftar.")).to_be_visible()
    expect(page.locator(".counts")).to_contain_text("2 / 10")

    page.get_by_role("link", name="Catat kehadiran (hari ini)").click()
    page.wait_for_url("**/kehadiran/")
    assert not has_horizontal_scroll(page)
    assert_no_axe_violations(page)
    siti = page.get_by_role("group", name="Siti Aminah")
    siti.get_by_label("Hadir", exact=True).check()
    expect(siti.get_by_text("Tersimpan")).to_be_visible()
    abdul = page.get_by_role("group", name="Abdul Hamid")
    abdul.get_by_label("Terlambat").check()
    expect(abdul.get_by_text("Tersimpan")).to_be_visible()

    marks = dict(
        Attendance.objects.filter(session=hall["session"]).values_list(
            "registration__participant__full_name", "status"
        )
    )
    assert marks == {"Siti Aminah": "present", "Abdul Hamid": "late"}
    page.reload()
    expect(siti.get_by_label("Hadir", exact=True)).to_be_checked()


def test_the_attendance_list_can_be_filtered_by_name(page, hall):
    RegistrationFactory(
        workshop=hall["workshop"], participant__full_name="Maryam Ibrahim"
    )
    sign_in(page)
    page.goto(f"/fasilitator/sesi/{hall['session'].pk}/kehadiran/")

    page.get_by_text("Cari nama atau kartu", exact=True).click()
    page.get_by_label("Cari nama").fill("mary")

    expect(page.get_by_role("group", name="Maryam Ibrahim")).to_be_visible()
    expect(page.get_by_role("group", name="Abdul Hamid")).to_be_hidden()


def test_other_facilitator_pages_have_no_accessibility_faults(page, hall):
    sign_in(page)
    workshop = hall["workshop"].pk
    for url in [
        f"/fasilitator/lokakarya/{workshop}/daftar/",
        f"/fasilitator/lokakarya/{workshop}/isi-daftar-hadir/",
        f"/fasilitator/lokakarya/{workshop}/impor/",
        f"/fasilitator/lokakarya/{workshop}/pendaftaran/{hall['registration'].pk}/batal/",
        "/lokakarya/",
    ]:
        page.goto(url)
        assert_no_axe_violations(page)


def test_a_form_with_mistakes_says_what_to_fix_in_indonesian(page, hall):
    sign_in(page)
    page.goto(f"/fasilitator/lokakarya/{hall['workshop'].pk}/daftar/")

    page.get_by_role("button", name="Daftarkan").click()

    expect(page.get_by_role("alert")).to_contain_text("Mohon periksa isian")
    # The summary links to the field; the field says what to do.
    expect(
        page.get_by_text(
            "Tanyakan dulu kepada peserta; tanpa persetujuannya kami tidak bisa "
            "mencatatnya.",
            exact=True,
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="Peserta setuju nama, tahun")).to_be_visible()
    assert_no_axe_violations(page)
