"""Whole pages kept for anonymous readers: fast, and never stale after a publish."""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from courses.models import COURSES_PER_PAGE, COURSES_PER_PILLAR, LessonPage, Pillar
from literacy_site.roles import EDITOR
from tests.courses.factories import (
    CoursePageFactory,
    LessonPageFactory,
    OfficialChannelFactory,
    step,
)

pytestmark = pytest.mark.django_db


def change_quietly(page, **fields):
    """Change the live row the way no editor can: no publish, no signal. A reader
    who still sees the old text was given the kept page."""
    type(page).objects.filter(pk=page.pk).update(**fields)


def kept_for_readers(url, page, **quiet_change):
    """Read the address, change one field of the row quietly, and say whether the
    next reader is still spared the change: so a test of forgetting starts from a
    page that was really kept."""
    Client().get(url)
    change_quietly(page, **quiet_change)
    (changed_to,) = quiet_change.values()
    return changed_to not in Client().get(url).text


def publish(page, **fields):
    page = page.specific_class.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


@pytest.fixture
def lesson(home_site):
    return LessonPageFactory(
        title="Kode OTP Itu Rahasia",
        summary="Kode OTP hanya untuk Bapak/Ibu sendiri.",
        body=[
            step("Buka pesan SMS yang masuk."),
            (
                "question",
                {
                    "question": "Ada yang meminta kode OTP. Apa yang dilakukan?",
                    "choices": [
                        {
                            "text": "Menolak dan menutup telepon.",
                            "correct": True,
                            "explanation": "Betul. Kode itu rahasia.",
                        },
                        {
                            "text": "Memberikan kodenya.",
                            "correct": False,
                            "explanation": "Jangan. Akun bisa diambil orang.",
                        },
                    ],
                },
            ),
        ],
    )


def test_a_second_anonymous_reader_gets_the_kept_page(client, lesson):
    client.get(lesson.url)
    change_quietly(lesson, title="Judul Yang Tidak Diterbitkan")

    assert "Kode OTP Itu Rahasia" in Client().get(lesson.url).text


def test_a_publish_shows_the_new_text_to_the_next_anonymous_reader(client, lesson):
    assert "hanya untuk Bapak/Ibu sendiri" in client.get(lesson.url).text
    assert kept_for_readers(lesson.url, lesson, summary="Ringkasan diam-diam.")

    publish(lesson, summary="Jangan berikan kode OTP kepada siapa pun.")

    text = Client().get(lesson.url).text
    assert "Jangan berikan kode OTP kepada siapa pun." in text
    assert "hanya untuk Bapak/Ibu sendiri" not in text


def test_a_lesson_publish_renames_it_on_its_course_page(client, lesson):
    course = lesson.get_parent()
    assert "Kode OTP Itu Rahasia" in client.get(course.url).text
    assert kept_for_readers(course.url, lesson, title="Judul Diam-Diam")

    publish(lesson, title="Kode OTP Jangan Dibagikan")

    assert "Kode OTP Jangan Dibagikan" in Client().get(course.url).text


def test_an_unpublished_lesson_is_gone_for_the_next_anonymous_reader(client, lesson):
    assert kept_for_readers(lesson.url, lesson, title="Judul Diam-Diam")
    LessonPage.objects.get(pk=lesson.pk).unpublish()

    assert Client().get(lesson.url).status_code == 404


def test_a_deleted_lesson_is_gone_for_the_next_anonymous_reader(client, lesson):
    assert kept_for_readers(lesson.url, lesson, title="Judul Diam-Diam")
    LessonPage.objects.get(pk=lesson.pk).delete()

    assert Client().get(lesson.url).status_code == 404


def test_an_approved_channel_number_reaches_the_next_reader_of_its_lesson(
    client, home_site
):
    channel = OfficialChannelFactory(name="Aduan Penipuan", address="0811-0000-111")
    lesson = LessonPageFactory(
        body=[
            step("Simpan nomor resmi."),
            ("channels", {"heading": "Saluran resmi", "channels": [channel]}),
        ]
    )
    assert "0811-0000-111" in client.get(lesson.url).text
    assert kept_for_readers(lesson.url, channel, address="0811-0000-555")

    channel.address = "0811-0000-999"
    channel.save_revision().publish()

    text = Client().get(lesson.url).text
    assert "0811-0000-999" in text
    assert "0811-0000-111" not in text


def test_a_lesson_made_private_is_no_longer_shown_to_anonymous_readers(client, lesson):
    assert kept_for_readers(lesson.url, lesson, title="Judul Diam-Diam")

    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.LOGIN
    )

    response = Client().get(lesson.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("facilitator:login"))


def test_a_release_with_new_styles_forgets_the_kept_pages(client, lesson, monkeypatch):
    """Kept pages name the styles by their hashed file names: after a release
    they would keep the old styles."""
    assert kept_for_readers(lesson.url, lesson, title="Judul Diam-Diam")

    monkeypatch.setattr(
        staticfiles_storage, "manifest_hash", "rilis-baru", raising=False
    )

    assert "Judul Diam-Diam" in Client().get(lesson.url).text


def kept_pages():
    return [key for key in caches["pages"]._cache if ":page:" in key]


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "rahasia"},
        {"restriction_type": PageViewRestriction.LOGIN},
    ],
)
def test_a_private_lesson_is_never_kept(client, lesson, restriction):
    PageViewRestriction.objects.create(page=lesson, **restriction)

    response = client.get(lesson.url)

    assert "Kode OTP hanya untuk Bapak/Ibu sendiri." not in response.text
    assert kept_pages() == []
    client.get(lesson.get_parent().url)
    assert len(kept_pages()) == 1  # the course page, to show the count is live


def test_a_signed_in_editor_never_gets_the_page_kept_for_readers(
    client, lesson, login_as
):
    client.get(lesson.url)
    change_quietly(lesson, title="Judul Baru Dari Basis Data")
    editor = login_as(EDITOR)

    text = editor.get(lesson.url).text

    assert "Judul Baru Dari Basis Data" in text
    assert "Keluar" in text  # the header drawn for a signed-in user
    # and what the editor was shown is not kept for anonymous readers
    assert "Keluar" not in Client().get(lesson.url).text


def test_a_practice_answer_is_answered_even_when_the_lesson_is_kept(client, lesson):
    html = client.get(lesson.url).text
    question = re.search(r'name="question" value="([^"]+)"', html).group(1)

    response = Client().post(lesson.url, {"question": question, "choice": "1"})

    assert "Jangan. Akun bisa diambil orang." in response.text


def test_an_address_with_a_query_is_never_served_from_the_kept_page(client, lesson):
    client.get(lesson.url)
    change_quietly(lesson, title="Judul Yang Tidak Diterbitkan")

    response = Client().get(lesson.url, {"obrolan": "x", "jalan": "0"})

    assert "Judul Yang Tidak Diterbitkan" in response.text


def test_a_kept_page_carries_each_readers_own_form_token(client, lesson):
    client.get(lesson.url)  # the page is kept with the first reader's token
    reader = Client(enforce_csrf_checks=True)
    html = reader.get(lesson.url).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = reader.post(
        "/tampilan/",
        {"csrfmiddlewaretoken": token, "text_size": "largest", "next": lesson.url},
    )

    assert response.status_code == 302
    assert 'class="text-largest' in reader.get(lesson.url).text


def test_each_text_size_gets_its_own_kept_page(client, lesson):
    client.get(lesson.url)
    larger = Client()
    larger.cookies["ukuran_huruf"] = "largest"

    assert 'class="text-largest' in larger.get(lesson.url).text
    assert 'class="text-normal' in Client().get(lesson.url).text


def test_the_course_list_shows_each_pillars_first_courses_and_links_to_all(
    client, home_site
):
    count = COURSES_PER_PILLAR + COURSES_PER_PAGE
    courses = [CoursePageFactory(pillar=Pillar.AMAN) for _ in range(count)]
    CoursePageFactory(title="Mulai WhatsApp", pillar=Pillar.CAKAP)
    LessonPageFactory(parent=courses[0])

    overview = client.get("/kelas/").text
    assert overview.count("data-course-card") == COURSES_PER_PILLAR + 1
    assert f'data-lesson-ids="{courses[0].get_children().first().pk}"' in overview
    assert "Mulai WhatsApp" in overview
    assert f"Lihat semua {count} kelas Aman Digital" in overview
    assert 'href="?pilar=aman"' in overview

    first = client.get("/kelas/?pilar=aman").text
    assert first.count("data-course-card") == COURSES_PER_PAGE
    assert "Mulai WhatsApp" not in first
    assert "Kembali ke semua kelas" in first
    assert 'href="?pilar=aman&amp;halaman=2"' in first

    second = client.get("/kelas/?pilar=aman&halaman=2").text
    assert second.count("data-course-card") == count - COURSES_PER_PAGE
    assert courses[-1].title in second


def test_a_new_course_appears_in_the_kept_course_list(client, home_site):
    first = CoursePageFactory(title="Mulai WhatsApp", pillar=Pillar.AMAN)
    client.get("/kelas/?pilar=aman")
    assert kept_for_readers("/kelas/", first, title="Judul Diam-Diam")

    CoursePageFactory(title="Waspada Penipuan", pillar=Pillar.AMAN)

    assert "Waspada Penipuan" in Client().get("/kelas/").text
    assert "Waspada Penipuan" in Client().get("/kelas/?pilar=aman").text
