"""A facilitator at the door checks people in with their learner cards."""

import segno
from playwright.sync_api import expect

from cards import services
from literacy_site.roles import FACILITATOR
from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll
from tests.browser.test_facilitator import sign_in
from tests.factories import (
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)


def _row(page, name):
    return page.get_by_role("group", name=name)


def test_checking_in_by_typed_code_and_by_a_photo_of_the_card(page, tmp_path):
    facilitator = UserFactory(username="bu.rina", roles=[FACILITATOR])
    workshop = WorkshopFactory(title="Aman Bermedia Sosial")
    workshop.facilitators.add(facilitator)
    session = WorkshopSessionFactory(workshop=workshop)
    typed, photographed = (
        RegistrationFactory(
            workshop=workshop,
            participant__full_name=name,
            participant__desa=workshop.desa,
        )
        for name in ("Siti Rahmah", "Yohanes Ajun")
    )
    typed_card = services.card_of(typed.participant)
    photo_card = services.card_of(photographed.participant)
    photo = tmp_path / "kartu.png"
    segno.make_qr(f"http://127.0.0.1/kartu/{photo_card.display_code}/").save(
        photo, scale=8
    )

    sign_in(page)
    page.goto(f"/fasilitator/sesi/{session.pk}/kehadiran/")
    assert_no_axe_violations(page)
    assert not has_horizontal_scroll(page)

    # Folded above the list; it stays open for the next card after each one.
    page.get_by_text("Cari nama atau kartu", exact=True).click()
    page.get_by_label("Kode kartu peserta").fill(typed_card.code.lower())
    page.get_by_role("button", name="Tandai hadir").click()
    expect(page.get_by_text("Siti Rahmah ditandai hadir.")).to_be_visible()
    expect(_row(page, "Siti Rahmah").get_by_label("Hadir", exact=True)).to_be_checked()
    expect(page.get_by_text("1 dari 2 sudah ditandai")).to_be_visible()

    page.get_by_label("Foto kartu").set_input_files(photo)
    expect(page.get_by_text("Yohanes Ajun ditandai hadir.")).to_be_visible()
    expect(_row(page, "Yohanes Ajun").get_by_label("Hadir", exact=True)).to_be_checked()
    expect(page.get_by_text("2 dari 2 sudah ditandai")).to_be_visible()
    assert_no_axe_violations(page)
