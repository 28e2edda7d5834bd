"""A resident's cheap phone (360×740) at each of the three text sizes: the page on
the first screen, nothing sideways, large targets, 7:1 text; progress that carries
on; a share message that helps on its own."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from literacy_site.roles import FACILITATOR
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import (
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)

PHONE = {"width": 360, "height": 740}
NARROWEST = {"width": 320, "height": 640}
TEXT_SIZES = ("normal", "large", "largest")
COURSE = "/kelas/waspada-penipuan/"
LESSON = COURSE + "mama-minta-pulsa/"
SECOND_LESSON_TITLE = "File .apk: Undangan dan Foto Paket Palsu"

# What a finger and an eye need, measured in the page as the browser drew it.
# A link inside a sentence is exempt from the target size (WCAG 2.5.8), so a link
# counts as standalone when it is all the text of its block. Disabled controls are
# exempt from contrast (WCAG 1.4.3).
MEASURE = (Path(__file__).parent / "phone_measure.js").read_text().split("\n", 1)[1]


def bottom_of(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"]


# Where the first line of text in an element ends, as drawn.
FIRST_LINE_BOTTOM = """element => {
  const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
    acceptNode: node => node.textContent.trim()
      ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP,
  });
  const range = document.createRange();
  range.selectNodeContents(texts.nextNode());
  return range.getClientRects()[0].bottom;
}"""


def first_line_bottom(locator):
    return locator.evaluate(FIRST_LINE_BOTTOM)


def set_text_size(page, live_site, size):
    page.context.add_cookies(
        [{"name": settings.TEXT_SIZE_COOKIE, "value": size, "url": live_site.url}]
    )


def assert_fit_for_a_phone(page, where):
    found = page.evaluate(MEASURE)
    assert not found["sideways"], f"{where}: scrolls sideways"
    assert not found["small"], f"{where}: targets under 48 px: {found['small']}"
    assert not found["faint"], f"{where}: text under 7:1: {found['faint']}"


@pytest.fixture
def hall(demo_site):
    facilitator = UserFactory(username="bu.rina", roles=[FACILITATOR])
    workshop = WorkshopFactory(title="Aman Bermedia Sosial", capacity=10)
    workshop.facilitators.add(facilitator)
    session = WorkshopSessionFactory(workshop=workshop)
    for name in ("Abdul Hamid", "Siti Aminah"):
        RegistrationFactory(
            workshop=workshop,
            participant__full_name=name,
            participant__desa=workshop.desa,
        )
    return {"workshop": workshop, "session": session}


def test_every_page_fits_a_phone_at_every_text_size(page, live_site, hall):
    """The first screen shows the page itself; nothing scrolls sideways at 320 px;
    targets are 48 px; text is 7:1; axe finds nothing."""
    from courses.models import LessonPage

    lessons = [lesson.url for lesson in LessonPage.objects.live().order_by("path")]
    workshop = hall["workshop"].get_absolute_url()
    facilitator_pages = (
        workshop,
        f"/fasilitator/sesi/{hall['session'].pk}/kehadiran/",
        workshop + "impor/",
    )
    page.set_viewport_size(PHONE)
    page.goto("/fasilitator/")
    page.get_by_label("Nama pengguna").fill("bu.rina")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokakarya saya")

    for size in TEXT_SIZES:
        set_text_size(page, live_site, size)
        page.set_viewport_size(PHONE)

        # The lesson: its title, its time, one short row to listen, and the
        # first line of the lesson itself, all without scrolling.
        page.goto(LESSON)
        listen = page.get_by_text("Dengarkan", exact=True)
        for first in (
            page.get_by_role("link", name="Butuh bantuan?").first,
            page.get_by_text("Tampilan: ukuran huruf & warna", exact=True),
            page.get_by_role("heading", level=1),
            page.get_by_text("Waktu belajar: sekitar"),
            listen,
        ):
            assert bottom_of(first) <= PHONE["height"], (size, first)
        assert listen.bounding_box()["height"] < 2 * 48, size
        lesson_starts = page.locator(".lesson__body > :first-child")
        assert first_line_bottom(lesson_starts) <= PHONE["height"], size
        assert_fit_for_a_phone(page, f"{LESSON} {size}")
        assert_no_axe_violations(page)

        page.goto(COURSE)
        start = page.get_by_role("link", name="Mulai materi pertama")
        assert bottom_of(start) <= PHONE["height"], size
        assert_fit_for_a_phone(page, f"{COURSE} {size}")
        assert_no_axe_violations(page)

        # The attendance list starts on the first screen: the first person's
        # name shows without scrolling; finding a person is one row above it.
        page.goto(facilitator_pages[1])
        first_person = page.locator(".attendance__row").first
        assert bottom_of(first_person.locator("legend")) <= PHONE["height"], size
        first_person.get_by_label("Terlambat").check()
        page.get_by_text("Cari nama atau kartu", exact=True).click()
        expect(page.get_by_label("Kode kartu peserta")).to_be_visible()
        for address in facilitator_pages:
            if address != facilitator_pages[1]:
                page.goto(address)
            assert_fit_for_a_phone(page, f"{address} {size}")
            assert_no_axe_violations(page)

        page.set_viewport_size(NARROWEST)
        for address in ("/", "/kelas/", COURSE, *lessons, *facilitator_pages):
            page.goto(address)
            assert not page.evaluate(
                "document.documentElement.scrollWidth"
                " > document.documentElement.clientWidth"
            ), f"{address} scrolls sideways at 320 px, text {size}"

    # Half-way through the course, its main action is the next lesson, on the
    # first screen at every text size too.
    page.set_viewport_size(PHONE)
    page.goto(LESSON)
    page.get_by_role("button", name="Saya sudah selesai").click()
    for size in TEXT_SIZES:
        set_text_size(page, live_site, size)
        page.goto(COURSE)
        carry_on = page.get_by_role(
            "link", name=f"Lanjutkan: {SECOND_LESSON_TITLE}"
        )
        assert bottom_of(carry_on) <= PHONE["height"], size

    set_text_size(page, live_site, "normal")
    page.goto(LESSON)
    page.get_by_role("link", name="Butuh bantuan?").first.click()
    expect(page.locator("#bantuan")).to_be_in_viewport()
    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    page.get_by_role("button", name="Biasa").first.click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-normal\b"))


def test_progress_carries_on_across_reloads_on_this_phone(page):
    page.set_viewport_size(PHONE)
    page.goto(LESSON)
    first_tick = page.locator(".checklist input[type=checkbox]").first
    first_tick.check()
    done = page.get_by_role("button", name="Saya sudah selesai")
    done.click()
    expect(page.get_by_role("button", name="Sudah selesai ✓")).to_be_visible()
    # One way: pressing it again (it says it is disabled) changes nothing.
    page.get_by_role("button", name="Sudah selesai ✓").dispatch_event("click")
    expect(page.get_by_role("button", name="Sudah selesai ✓")).to_be_visible()

    page.reload()
    expect(page.get_by_role("button", name="Sudah selesai ✓")).to_be_visible()
    expect(page.locator(".checklist input[type=checkbox]").first).to_be_checked()
    undo = page.get_by_role("button", name="tandai belum selesai")
    expect(undo).to_be_visible()

    page.goto(COURSE)
    expect(page.get_by_text("1 dari 5 selesai")).to_be_visible()
    carry_on = page.get_by_role("link", name=f"Lanjutkan: {SECOND_LESSON_TITLE}")
    assert bottom_of(carry_on) <= PHONE["height"]
    page.goto("/kelas/")
    card = page.locator("[data-course-card]", has_text="Waspada Penipuan di HP")
    expect(card.get_by_text("1 dari 5 selesai")).to_be_visible()
    card.get_by_role("link", name=f"Lanjutkan: {SECOND_LESSON_TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SECOND_LESSON_TITLE)

    page.goto(LESSON)
    page.get_by_role("button", name="tandai belum selesai").click()
    expect(page.get_by_role("button", name="Saya sudah selesai")).to_be_visible()
    page.goto(COURSE)
    expect(page.get_by_role("link", name="Mulai materi pertama")).to_be_visible()


def test_share_message_teaches_and_the_preview_picture_exists(page):
    page.goto(LESSON)
    share = page.get_by_role("link", name="Bagikan lewat WhatsApp")
    address = urlsplit(share.get_attribute("href"))
    assert (address.scheme, address.netloc) == ("https", "wa.me")
    message = parse_qs(address.query)["text"][0]

    assert message.startswith('*Pesan "Mama Minta Pulsa" dari Nomor Baru*\n')
    assert "⚠️ Penipu sengaja membuat kita panik" in message
    assert "1. Jangan langsung mengirim pulsa atau uang." in message
    assert message.rstrip().endswith(settings.SITE_URL + LESSON)
    assert settings.SITE_URL.startswith("http")

    for address in (LESSON, COURSE):
        page.goto(address)
        image = page.locator('meta[property="og:image"]').get_attribute("content")
        assert image.startswith(settings.SITE_URL)
        picture = page.request.get(urlsplit(image).path)
        assert picture.ok and picture.headers["content-type"] == "image/png"
        # PNG: the width and height are in the header's IHDR chunk.
        body = picture.body()
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = (int.from_bytes(body[i : i + 4], "big") for i in (16, 20))
        assert (width, height) == (1200, 630)
