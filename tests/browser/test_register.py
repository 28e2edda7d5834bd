"""An administrator finds a certificate in the register and follows it to the
person's page, under the admin's Content-Security-Policy (the `page` fixture
fails on any refusal)."""

from playwright.sync_api import expect

from literacy_site.roles import ADMINISTRATOR
from tests.factories import UserFactory


def test_an_administrator_finds_a_corrected_certificate_and_its_owner(page, demo_site):
    UserFactory(username="pak.admin", roles=[ADMINISTRATOR])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/login/")
    page.locator("#id_username").fill("pak.admin")
    page.locator("#id_password").fill("kata-sandi-uji")
    page.locator("button[type=submit]").click()
    expect(page.locator("#desa-not-reached-section")).to_be_visible()

    page.goto("/admin/certificates/?q=Lie+Mei")
    results = page.locator("#listing-results")
    expect(results.get_by_text("Diganti", exact=True)).to_be_visible()
    expect(results.get_by_text("Lie Mei Lng", exact=True)).to_be_visible()
    results.locator("a[href*='/inspect/']").first.click()

    expect(page.get_by_role("link", name="Halaman verifikasi")).to_be_visible()
    page.get_by_role("link", name="Lie Mei Ling", exact=True).click()
    expect(
        page.get_by_role("link", name="Bijak di Grup Keluarga – Sungai Raya Dalam")
    ).to_be_visible()
    expect(page.get_by_text("Diganti", exact=False).first).to_be_visible()
    expect(page.get_by_text("belum ditandai")).to_have_count(0)
