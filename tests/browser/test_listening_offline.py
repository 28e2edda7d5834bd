"""Listening that always works, and lessons read without signal."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtailmedia.models import Media

from courses import services, speech
from courses.models import CoursePage, LessonPage
from courses.pictures import FORMATS
from tests.browser.conftest import assert_no_axe_violations
from tests.courses.factories import PhotoFactory

COURSE = "/kelas/waspada-penipuan/"
LESSON = "/kelas/waspada-penipuan/mama-minta-pulsa/"
OTHER_COURSE_LESSON = "/kelas/mulai-whatsapp/mengirim-pesan/"


@pytest.fixture(autouse=True)
def no_speech_left_behind():
    """Speech files outlive the test database: the other lesson tests expect
    lessons without any."""
    yield
    shutil.rmtree(Path(settings.MEDIA_ROOT) / speech.SPEECH_FOLDER, ignore_errors=True)


def test_read_aloud_on_a_phone_with_no_voice_says_so_and_resets(page):
    # Chromium here has no speech voice: its engine fails every utterance.
    page.goto(LESSON)

    page.get_by_text("Dengarkan", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text(
        "HP ini tidak dapat membacakan materi", timeout=10_000
    )
    # Disabled again (and, on a phone, hidden while disabled).
    expect(page.locator("[data-speak-pause]")).to_be_disabled()
    expect(page.locator("[data-speak-stop]")).to_be_disabled()
    expect(page.get_by_role("button", name="Bacakan")).to_be_enabled()
    assert_no_axe_violations(page)


def test_a_recorded_voice_plays_at_the_chosen_speed(page):
    lesson = LessonPage.objects.get(slug="mama-minta-pulsa")
    sound = speech.synthesise("Selamat datang. Ini suara rekaman materi.")
    recording = Media.objects.create(
        title="Suara Bu Guru",
        type="audio",
        duration=3,
        file=ContentFile(sound, "bu-guru.ogg"),
    )
    lesson.recording = recording
    lesson.save_revision().publish()

    page.goto(LESSON)
    player = page.locator("audio[data-listen]")
    expect(player).to_have_attribute("src", recording.url)
    # One press opens the player and starts the recording.
    page.get_by_text("Dengarkan", exact=True).click()
    page.get_by_text("Lebih pelan (0,75×)").click()

    page.wait_for_function(
        "() => { const a = document.querySelector('audio[data-listen]');"
        " return !a.paused && a.currentTime > 0.2; }"
    )
    assert player.evaluate("audio => audio.playbackRate") == 0.75
    expect(page.get_by_role("alert")).to_be_hidden()
    assert_no_axe_violations(page)


def test_a_saved_course_opens_without_signal_and_anything_else_says_so(page):
    course = CoursePage.objects.get(slug="waspada-penipuan")
    lessons = LessonPage.objects.live().child_of(course).order_by("path")
    services.lesson_speech_build(lesson=lessons[0])
    page.goto(COURSE)
    saving = page.get_by_role("region", name="Simpan untuk dibaca tanpa sinyal")
    expect(saving).to_contain_text(re.compile(r"± \d+ KB"))

    saving.get_by_label(re.compile("Simpan juga suaranya")).check()
    saving.get_by_role("button", name="Simpan untuk dibaca tanpa sinyal").click()
    expect(saving.get_by_role("status")).to_contain_text("Tersimpan", timeout=20_000)
    page.context.set_offline(True)

    for lesson in lessons:
        page.goto(lesson.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    # The saved sound plays without signal too.
    page.goto(lessons[0].url)
    page.get_by_text("Dengarkan", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('audio[data-listen]').currentTime > 0.2"
    )
    # Marking a lesson done works without signal (kept on the phone).
    page.get_by_role("button", name="Saya sudah selesai").click()
    expect(page.get_by_text("sudah ditandai selesai")).to_be_visible()

    page.goto(OTHER_COURSE_LESSON)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tidak ada sinyal")
    expect(page.get_by_role("link", name=course.title)).to_be_visible()
    assert_no_axe_violations(page)


def test_a_saved_lesson_shows_its_screenshot_without_signal(page):
    lesson = LessonPage.objects.get(slug="mama-minta-pulsa")
    first_step = next(child for child in lesson.body if child.block_type == "step")
    first_step.value["image"] = PhotoFactory()
    first_step.value["alt"] = "Layar obrolan di HP"
    lesson.save_revision().publish()
    page.goto(COURSE)
    saving = page.get_by_role("region", name="Simpan untuk dibaca tanpa sinyal")
    saving.get_by_role("button", name="Simpan untuk dibaca tanpa sinyal").click()
    expect(saving.get_by_role("status")).to_contain_text("Tersimpan", timeout=20_000)
    page.context.set_offline(True)

    page.goto(LESSON)
    screenshot = page.get_by_role("img", name="Layar obrolan di HP")
    screenshot.scroll_into_view_if_needed()

    # The phone's own choice of format and width was saved, and it shows.
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=screenshot.element_handle()
    )
    assert screenshot.evaluate("img => img.currentSrc").endswith(f".{FORMATS[0]}")
    # From the saved course itself, not from what the browser happened to keep.
    assert page.evaluate(
        "src => caches.match(src).then((kept) => Boolean(kept))",
        screenshot.evaluate("img => img.currentSrc"),
    )
    assert_no_axe_violations(page)
