"""A resident practises a scam chat on a phone, at the largest text size."""

from playwright.sync_api import expect

from courses.models import LessonPage
from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll

PRACTICE = "Latihan — bukan pesan sungguhan"


def test_walking_a_practice_chat_in_place_at_the_largest_text(page, live_site):
    lesson = LessonPage.objects.get(slug="latihan-mama-minta-pulsa")
    page.context.add_cookies(
        [
            {"name": name, "value": value, "url": live_site.url}
            for name, value in (("ukuran_huruf", "largest"), ("kontras", "high"))
        ]
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(lesson.url)
    scene = page.locator("[data-chat]")
    expect(scene.get_by_text(PRACTICE)).to_be_visible()
    assert not has_horizontal_scroll(page)
    assert_no_axe_violations(page)
    page.evaluate("window.notReloaded = true")

    scene.get_by_role("link", name="Tanya hal yang hanya Rudi tahu").click()

    expect(scene.get_by_text("Aduh Mak, jangan banyak tanya")).to_be_visible()
    expect(page.locator("[data-chat] .chat__now")).to_be_focused()
    expect(page.locator("[data-chat]").get_by_text(PRACTICE)).to_be_visible()
    page.locator("[data-chat]").get_by_role(
        "link", name="Blokir, lalu telepon Rudi di nomor lama"
    ).click()

    expect(page.get_by_text("Aman!")).to_be_visible()
    assert page.evaluate("window.notReloaded === true")
    assert "jalan=2.1" in page.url
    assert not has_horizontal_scroll(page)
    assert_no_axe_violations(page)
