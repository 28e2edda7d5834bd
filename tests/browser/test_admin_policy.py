"""The Wagtail admin works under its own Content-Security-Policy.

The `page` fixture fails the test on any line Chromium logs about a refusal by the
policy, so opening the admin's busiest screens is the test."""

from django.urls import reverse
from playwright.sync_api import expect

from courses.models import HomePage
from literacy_site.roles import ADMINISTRATOR
from tests.factories import UserFactory


def test_an_administrator_edits_pages_and_workshops_without_refusals(page, demo_site):
    UserFactory(username="pak.admin", roles=[ADMINISTRATOR])
    home = HomePage.objects.first()
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/admin/login/")
    page.locator("#id_username").fill("pak.admin")
    page.locator("#id_password").fill("kata-sandi-uji")
    page.locator("button[type=submit]").click()
    # The sign-in page has a #main too: wait until it has sent us on.
    page.wait_for_url("**/admin/")

    for address in (
        "/admin/",
        f"/admin/pages/{home.pk}/edit/",
        reverse("workshops:add"),
        reverse("literacy_site_lockouts"),
    ):
        page.goto(address)
        page.wait_for_load_state("networkidle")
        expect(page.locator("#main")).to_be_visible()
