"""Village staff print their desa's certificates and a workshop's print pack."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.codes import new_code
from certificates.models import Certificate
from courses.models import CoursePage
from literacy_site.roles import ADMINISTRATOR, VILLAGE_STAFF
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory
from workshops.models import StaffPlace


@pytest.fixture
def village(demo_site):
    workshop = WorkshopFactory(title="Aman Bermedia Sosial")
    workshop.courses.add(CoursePage.objects.live().order_by("path").first())
    staff = UserFactory(username="pak.darto", roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=staff, desa=workshop.desa)
    UserFactory(username="bu.admin", roles=[ADMINISTRATOR])
    year = timezone.localdate().year
    for number, name in enumerate(["Siti Aminah", "Ahmad Yani"], start=900):
        registration = RegistrationFactory(
            workshop=workshop,
            participant__full_name=name,
            participant__desa=workshop.desa,
        )
        Certificate.objects.create(
            participant=registration.participant,
            workshop=workshop,
            number=f"{number}/LD/{year}",
            year=year,
            sequence=number,
            verification_code=new_code(),
            name_as_printed=name,
            issued_at=timezone.now(),
        )
    return workshop


def sign_in(page, username):
    page.goto("/fasilitator/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("kata-sandi-uji")
    page.get_by_role("button", name="Masuk").click()
    # Signed in once the header offers to sign out: only then may the test go on.
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def test_village_staff_find_their_desa_certificates_and_make_a_print_pack(
    page, village
):
    sign_in(page, "pak.darto")
    page.get_by_role(
        "link", name=f"Cetak sertifikat warga Desa {village.desa.name}"
    ).click()

    names = page.locator(".item__title")
    expect(names).to_have_text(["Ahmad Yani", "Siti Aminah"])
    print_one = page.get_by_role("link", name=re.compile(r"^Cetak\W+Siti Aminah$"))
    expect(print_one).to_be_visible()
    expect(
        page.get_by_role("link", name="Cetak semua 2 sertifikat (PDF)")
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(village.get_absolute_url())
    page.get_by_role("link", name="Paket cetak", exact=False).click()
    expect(page.get_by_text("2 sertifikat.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Buat paket cetak (PDF)").click()

    expect(page.get_by_text("Paket cetak sudah siap.")).to_be_visible()
    expect(page.get_by_role("link", name="Unduh PDF")).to_be_visible()
    assert_no_axe_violations(page)


def test_an_administrator_chooses_a_desa(page, village):
    sign_in(page, "bu.admin")
    page.get_by_role("link", name="Cetak sertifikat per desa").click()
    expect(page.get_by_label("Desa")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Desa").select_option(str(village.desa.pk))
    page.get_by_role("button", name="Tampilkan sertifikat").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sertifikat Warga Desa {village.desa.name}"
    )
    expect(page.locator(".item__title")).to_have_text(["Ahmad Yani", "Siti Aminah"])
