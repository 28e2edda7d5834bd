"""A facilitator on a phone seats a waiting person who came anyway."""

import pytest
from playwright.sync_api import expect

from literacy_site.roles import FACILITATOR
from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll
from tests.browser.test_facilitator import sign_in
from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration


@pytest.fixture
def full_workshop(demo_site):
    facilitator = UserFactory(username="bu.rina", roles=[FACILITATOR])
    workshop = WorkshopFactory(title="Aman Bermedia Sosial", capacity=1)
    workshop.facilitators.add(facilitator)
    RegistrationFactory(workshop=workshop, participant__desa=workshop.desa)
    return workshop


def test_a_waiting_person_in_the_room_gets_an_extra_chair(page, full_workshop):
    workshop = full_workshop
    RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.WAITLISTED,
        participant__full_name="Siti Rahmah",
        participant__desa=workshop.desa,
    )
    sign_in(page)
    page.goto(f"/fasilitator/lokakarya/{workshop.pk}/")
    assert_no_axe_violations(page)
    assert not has_horizontal_scroll(page)

    row = page.get_by_role("listitem").filter(has_text="Siti Rahmah")
    row.get_by_role("button", name="Tambah kursi").click()

    expect(page.get_by_text("Siti Rahmah mendapat kursi tambahan")).to_be_visible()
    expect(page.get_by_text("2 / 2")).to_be_visible()
    assert_no_axe_violations(page)
