"""Hard words explained: where a lesson first uses them, and all together at /kamus/."""

import re

import pytest

from tests.courses.factories import (
    CoursePageFactory,
    GlossaryTermFactory,
    LessonPageFactory,
    step,
)
from tests.courses.test_pages import text_of
from tests.queries import queries_to_draw

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(home_site):
    return {
        "otp": GlossaryTermFactory(
            term="Kode OTP", explanation="Kode angka rahasia dari bank atau aplikasi."
        ),
        "apk": GlossaryTermFactory(
            term="APK", explanation="File untuk memasang aplikasi di HP Android."
        ),
        "unused": GlossaryTermFactory(
            term="Tautan", explanation="Tulisan biru yang bisa disentuh."
        ),
    }


def paragraph(markup):
    return ("paragraph", {"text": markup})


def test_a_term_is_explained_where_the_lesson_first_uses_it(client, terms):
    lesson = LessonPageFactory(
        title="Menjaga Kode",
        body=[
            ("heading", {"text": "Apa itu kode OTP?"}),
            paragraph(
                '<p>Buka <a href="https://example.org/">halaman kode OTP</a>. '
                "Bank mengirim kode OTP lewat SMS.</p>"
            ),
            step("Jangan berikan Kode OTP kepada siapa pun, juga file apk."),
            ("warning", {"text": "Kode OTP hanya untuk Bapak/Ibu."}),
        ],
    )

    page = client.get(lesson.url).content.decode()

    explained = re.findall(r"<dfn>([^<]*)</dfn>", page)
    assert explained == ["kode OTP", "apk"]
    assert (
        '<dfn>kode OTP</dfn> <span class="term-note">(artinya: Kode angka rahasia '
        "dari bank atau aplikasi.)</span> lewat SMS." in page
    )
    assert '<h2 class="lesson-heading" data-speak>Apa itu kode OTP?</h2>' in page
    assert '<a href="https://example.org/">halaman kode OTP</a>' in page
    assert "<dfn>apk</dfn> <span" in page
    assert page.count("artinya:") == 2


def test_a_term_with_its_own_glossary_block_first_is_not_explained_again(client, terms):
    lesson = LessonPageFactory(
        body=[
            ("glossary", {"term": terms["otp"]}),
            step("Ketik Kode OTP di aplikasi bank saja."),
        ]
    )

    page = client.get(lesson.url).content.decode()

    assert page.count("Kode angka rahasia dari bank atau aplikasi.") == 1
    assert "Ketik Kode OTP di aplikasi bank saja." in page


def test_kamus_lists_every_term_with_the_lessons_that_use_it(client, terms):
    course = CoursePageFactory(title="Aman di HP")
    in_text = LessonPageFactory(
        parent=course, title="File Berbahaya", body=[step("Jangan pasang file APK.")]
    )
    in_block = LessonPageFactory(
        parent=course, title="Kenali Kode", body=[("glossary", {"term": terms["otp"]})]
    )
    LessonPageFactory(parent=course, title="Pesan Pertama")
    LessonPageFactory(
        parent=course, title="Belum Terbit", body=[step("APK")], publish=False
    )

    response = client.get("/kamus/")
    page = response.content.decode()
    text = text_of(response)

    assert response.status_code == 200
    assert "Kamus" in text
    assert text.index("APK") < text.index("Kode OTP") < text.index("Tautan")
    assert "File untuk memasang aplikasi di HP Android." in text
    apk = page[page.index('id="kata-apk"') : page.index('id="kata-kode-otp"')]
    assert f'href="{in_text.url}"' in apk
    assert "Belum Terbit" not in page and "Pesan Pertama" not in page
    otp = page[page.index('id="kata-kode-otp"') : page.index('id="kata-tautan"')]
    assert f'href="{in_block.url}"' in otp and in_text.url not in otp
    assert "Dipakai di materi" not in page[page.index('id="kata-tautan"') :]
    assert 'href="/"' in page  # the way back
    assert 'href="/kamus/"' in client.get("/").content.decode()


def test_kamus_needs_as_many_queries_with_many_lessons_as_with_one(client, terms):
    course = CoursePageFactory()
    LessonPageFactory(parent=course, body=[step("Kode OTP dan APK.")])
    few = queries_to_draw(client, "/kamus/")

    for _ in range(6):
        LessonPageFactory(
            parent=course,
            body=[step("Kode OTP dan APK."), ("glossary", {"term": terms["unused"]})],
        )

    assert queries_to_draw(client, "/kamus/") == few
