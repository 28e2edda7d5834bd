"""What a handout says and how long it is: in Indonesian only, the answers last,
nothing in italics, and a short version of each lesson of at most two pages."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from courses import services
from courses.models import LessonPage
from literacy_site.demo import load_organisation
from tests.courses.factories import (
    CoursePageFactory,
    GlossaryTermFactory,
    ImageFactory,
    LessonPageFactory,
    OfficialChannelFactory,
    every_block_body,
)

pytestmark = pytest.mark.django_db

# The handout's own labels in English, as they would print untranslated; lesson
# text may hold English words (a source's title), so labels are matched whole.
ENGLISH_LABELS = re.compile(
    r"\b(Practice \d|Answers to|Tip:|Warning:|Sources|Last reviewed|Checked on|"
    r"Course:|Lesson \d|Lessons|\d+ minutes|Scan this|Step \d|Page \d|Summary|"
    r"After this course)"
)


def pages_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def fonts_of(pdf):
    return {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_every_demo_lesson_prints_in_indonesian_and_short_in_two_pages(demo_site):
    lessons = list(LessonPage.objects.live().order_by("path"))
    assert lessons
    with translation.override("id"):
        for lesson in lessons:
            full = pages_text(services.handout_of(lesson).render())
            short = pages_text(services.handout_of(lesson, short=True).render())

            for text in (" ".join(full), " ".join(short)):
                assert lesson.title in text
                assert not ENGLISH_LABELS.search(text), (
                    lesson.title,
                    ENGLISH_LABELS.search(text).group(),
                )
            assert len(short) <= 2, (lesson.title, len(short))
            assert "Ringkasan" in short[0]
            has_questions = any(b.block_type == "question" for b in lesson.body)
            if has_questions:
                assert full[-1].lstrip().startswith("Jawaban latihan"), lesson.title
                assert "Latihan 1:" in " ".join(full[:-1])


@pytest.fixture
def lesson(db):
    load_organisation()
    return LessonPageFactory(
        parent=CoursePageFactory(title="Kunci Akun"),
        title="Kode OTP Itu Rahasia",
        body=[
            (
                "paragraph",
                {
                    "text": '<p>Contoh pesan palsu: <i>"Kirim kodenya sekarang."</i> '
                    "Lalu buka file <em>Undangan Digital</em>.</p>"
                },
            ),
            *every_block_body(
                image=ImageFactory(),
                channel=OfficialChannelFactory(name="SP4N-LAPOR!"),
                term=GlossaryTermFactory(term="Kode OTP"),
            ),
        ],
    )


def test_the_answers_come_last_on_a_page_of_their_own(client, lesson):
    pages = pages_text(client.get(f"{lesson.url}cetak/").content)

    assert "Latihan 1: Ada yang meminta kode OTP" in " ".join(pages[:-1])
    assert "Betul. Kode OTP hanya untuk" not in " ".join(pages[:-1])
    assert pages[-1].lstrip().startswith("Jawaban latihan")
    assert "Latihan 1: A. Menolak dan menutup telepon." in pages[-1]
    assert "Kode OTP dikirim lewat" not in pages[-1]


def test_nothing_prints_in_italics(client, lesson):
    pdf = client.get(f"{lesson.url}cetak/").content
    text = " ".join(pages_text(pdf))

    assert not [font for font in fonts_of(pdf) if "Oblique" in font]
    assert '"Kirim kodenya sekarang."' in text
    assert "\u201cUndangan Digital\u201d" in text


def test_short_lesson_handout_has_the_steps_and_warnings_only(client, lesson):
    response = client.get(f"{lesson.url}cetak/ringkas/")
    text = " ".join(pages_text(response.content))

    assert response["Content-Type"] == "application/pdf"
    assert "ringkas" in response["Content-Disposition"]
    assert "Ringkasan" in text
    assert re.search(r"1 Buka pesan SMS yang masuk\.", text)
    assert re.search(r"3 Hapus pesan itu", text)
    assert "Awas: Jangan pernah berikan kode OTP" in text
    assert "Mengenal kode OTP" in text  # the heading above the steps
    for left_out in ("Kode OTP dikirim lewat", "Simpan nomor keluarga", "Latihan"):
        assert left_out not in text
    lesson_page = client.get(lesson.url).content.decode()
    assert f'href="{lesson.url}cetak/ringkas/"' in lesson_page


def test_course_prints_short_by_default_and_in_full_on_request(client, lesson):
    course = lesson.get_parent()
    LessonPageFactory(parent=course, title="Kata Sandi Kuat")

    short = pages_text(client.get(f"{course.url}cetak/").content)
    full = pages_text(client.get(f"{course.url}cetak/lengkap/").content)

    assert "Kata Sandi Kuat" in " ".join(short)
    assert "Jawaban latihan" not in " ".join(short)
    assert len(short) < len(full)
    assert full[-1].lstrip().startswith("Jawaban latihan")
    assert "Materi 1: Kode OTP Itu Rahasia" in full[-1]
    assert "Latihan 1: A. Menolak" in full[-1]
    course_page = client.get(course.url).content.decode()
    assert f'href="{course.url}cetak/lengkap/"' in course_page


def test_an_unknown_handout_version_is_not_found(client, lesson):
    assert client.get(f"{lesson.url}cetak/sedang/").status_code == 404
