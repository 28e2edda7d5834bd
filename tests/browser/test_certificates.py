"""Someone holding a certificate checks it on a phone."""

import pytest
from playwright.sync_api import expect

from certificates import services
from literacy_site.roles import FACILITATOR
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import (
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services as workshop_services


@pytest.fixture
def certificate(demo_site):
    facilitator = UserFactory(username="bu.rina", roles=[FACILITATOR])
    workshop = WorkshopFactory(
        title="Aman Bermedia Sosial", minimum_sessions_for_certificate=1
    )
    workshop.facilitators.add(facilitator)
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name="Siti Aminah"
    )
    workshop_services.attendance_mark(
        registration=registration,
        session=WorkshopSessionFactory(workshop=workshop, ended=True),
        status="present",
        marked_by=None,
    )
    (issued,) = services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=None
    )
    return issued


def test_a_code_typed_any_way_shows_the_certificate_is_valid(page, certificate):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/verifikasi/")
    assert_no_axe_violations(page)

    typed = certificate.display_code.replace("-", "").lower()
    page.get_by_label("Kode sertifikat").fill(typed)
    page.get_by_role("button", name="Periksa", exact=True).click()

    expect(page.get_by_text("Sah", exact=True)).to_be_visible()
    expect(page.get_by_text("Siti Aminah")).to_be_visible()
    expect(page.get_by_role("link", name="Unduh sertifikat (PDF)")).to_be_visible()
    assert_no_axe_violations(page)


def test_an_unknown_code_is_explained_without_accessibility_faults(page, certificate):
    page.goto("/verifikasi/K7QF-3MXD-9R/")

    expect(page.get_by_text("Tidak ditemukan", exact=True)).to_be_visible()
    assert_no_axe_violations(page)


def test_the_certificates_page_of_a_workshop_has_no_accessibility_faults(
    page, certificate
):
    page.goto("/fasilitator/")
    page.get_by_label("Nama pengguna").fill("bu.rina")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji")
    page.get_by_role("button", name="Masuk").click()
    # Signed in once the header offers to sign out: only then may the test go on.
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()

    page.goto(f"/fasilitator/lokakarya/{certificate.workshop.pk}/sertifikat/")

    expect(page.get_by_text(certificate.display_code)).to_be_visible()
    assert_no_axe_violations(page)


def sign_in_as_the_facilitator(page):
    page.goto("/fasilitator/")
    page.get_by_label("Nama pengguna").fill("bu.rina")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji")
    page.get_by_role("button", name="Masuk").click()
    # Signed in once the header offers to sign out: only then may the test go on.
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def test_a_certificate_the_attendance_no_longer_supports_is_flagged(page, certificate):
    registration = certificate.workshop.registrations.get()
    workshop_services.attendance_mark(
        registration=registration,
        session=certificate.workshop.sessions.get(),
        status="absent",
        marked_by=None,
    )

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(certificate.get_absolute_url())
    expect(page.get_by_role("heading", name="Sah, dengan catatan")).to_be_visible()
    expect(page.get_by_text("Penyelenggara belum memutuskan")).to_be_visible()
    assert_no_axe_violations(page)

    sign_in_as_the_facilitator(page)
    page.goto(f"/fasilitator/lokakarya/{certificate.workshop.pk}/sertifikat/")
    expect(
        page.get_by_text("1 sertifikat tidak lagi memenuhi syarat kehadiran.")
    ).to_be_visible()
    assert_no_axe_violations(page)


def test_a_facilitator_corrects_a_name_and_reissues_the_certificate(page, certificate):
    sign_in_as_the_facilitator(page)
    page.goto(f"/fasilitator/lokakarya/{certificate.workshop.pk}/")
    page.get_by_role("link", name="Perbaiki data").click()
    expect(page.get_by_role("heading", name="Perbaiki data peserta")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Nama lengkap").fill("Siti Aminah Lubis")
    page.get_by_role("button", name="Simpan perbaikan").click()
    expect(page.get_by_text("Sertifikat dengan nama lama")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role(
        "button", name="Terbitkan ulang 1 sertifikat dengan nama yang benar"
    ).click()

    expect(page.get_by_text("Diterbitkan ulang dengan nama")).to_be_visible()
    expect(page.get_by_text(f"menggantikan {certificate.number}")).to_be_visible()
