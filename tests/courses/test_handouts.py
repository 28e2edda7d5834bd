import io
import re

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from courses import handouts
from courses.printing import paragraphs_from_html
from literacy_site.demo import load_organisation
from literacy_site.models import OrganisationSettings
from literacy_site.pdf import BODY_SIZE
from tests.courses.factories import (
    CoursePageFactory,
    GlossaryTermFactory,
    ImageFactory,
    LessonPageFactory,
    OfficialChannelFactory,
    every_block_body,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    return load_organisation()


@pytest.fixture
def lesson(organisation):
    course = CoursePageFactory(title="Kunci Akun")
    return LessonPageFactory(
        parent=course,
        title="Kode OTP Itu Rahasia",
        body=every_block_body(
            image=ImageFactory(),
            channel=OfficialChannelFactory(name="SP4N-LAPOR!", address="lapor.go.id"),
            term=GlossaryTermFactory(
                term="Kode OTP", explanation="Kode angka rahasia."
            ),
        ),
    )


def handout(client, page):
    response = client.get(f"{page.url}cetak/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_lesson_handout_holds_the_title_the_numbered_steps_and_the_answers(
    client, lesson
):
    text = pdf_text(handout(client, lesson))

    assert "Kode OTP Itu Rahasia" in text
    assert "Materi 1 dari 1" in text
    assert re.search(r"1 Buka pesan SMS yang masuk\.", text)
    assert re.search(r"2 Baca kodenya, tetapi jangan dibagikan\.", text)
    assert re.search(r"3 Hapus pesan itu", text)
    assert "Awas: Jangan pernah berikan kode OTP kepada siapa pun." in text
    assert "Jawaban latihan" in text and "Latihan 1: A. Menolak" in text
    assert "Halaman 1 dari" in text
    assert "Dinas Komunikasi dan Informatika Kabupaten Kubu Raya" in text
    assert "Sumber" in text and "Pusat Bantuan WhatsApp" in text


def test_lesson_handout_qr_code_opens_the_lessons_listening(client, lesson):
    pdf = pypdfium2.PdfDocument(handout(client, lesson))
    picture = pdf[0].render(scale=3).to_pil()

    codes = zxingcpp.read_barcodes(picture)

    assert [code.text for code in codes] == [
        settings.SITE_URL + lesson.url + "#dengarkan"
    ]


def test_handout_qr_code_holds_site_url_whoever_asks(client, lesson, settings):
    """Printed at the office PC on 127.0.0.1, the code still opens the public site."""
    settings.SITE_URL = "https://literasi.example.go.id"

    body = client.get(lesson.url + "cetak/", HTTP_HOST="127.0.0.1:8123").content
    picture = pypdfium2.PdfDocument(body)[0].render(scale=3).to_pil()

    codes = zxingcpp.read_barcodes(picture)
    assert [code.text for code in codes] == [
        "https://literasi.example.go.id" + lesson.url + "#dengarkan"
    ]


def font_sizes_of(pdf, words):
    """The font sizes of the text runs that contain the words."""
    sizes = []

    def visit(text, matrix, text_matrix, font, size):
        if words in text:
            sizes.append(size * text_matrix[0])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_lesson_handout_prints_the_body_text_at_16_points_or_more(client, lesson):
    pdf = handout(client, lesson)

    for words in ("Buka pesan SMS", "Kode OTP dikirim lewat", "Menolak dan menutup"):
        sizes = font_sizes_of(pdf, words)
        assert sizes, words
        assert min(sizes) >= 16, words
    assert BODY_SIZE >= 16


def test_handout_fonts_are_all_embedded(client, lesson):
    reader = PdfReader(io.BytesIO(handout(client, lesson)))

    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descendants = font.get("/DescendantFonts")
            if descriptor is None and descendants:
                descriptor = descendants[0].get_object()["/FontDescriptor"]
            embedded = descriptor is not None and any(
                key in descriptor.get_object()
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts[str(font["/BaseFont"])] = embedded

    assert fonts and all(fonts.values()), fonts
    assert any("DejaVuSans" in name for name in fonts)


def test_handout_shows_the_organisation_name_from_settings(client, lesson):
    organisation = OrganisationSettings.objects.get()
    organisation.name = "Dinas Kominfo Kabupaten Contoh"
    organisation.logo = ImageFactory()
    organisation.save()

    text = pdf_text(handout(client, lesson))

    assert "Dinas Kominfo Kabupaten Contoh" in text


def test_handout_is_reused_until_the_lesson_is_published_again(
    client, lesson, monkeypatch
):
    renders = []
    real_render = handouts.render_lesson_handout

    def counting_render(*args, **kwargs):
        renders.append(args[0].title)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(handouts, "render_lesson_handout", counting_render)

    first = handout(client, lesson)
    again = handout(client, lesson)
    lesson.title = "Kode OTP Sangat Rahasia"
    lesson.save_revision()  # a draft changes nothing on paper
    after_draft = handout(client, lesson)

    assert renders == ["Kode OTP Itu Rahasia"]
    assert again == first == after_draft

    lesson.get_latest_revision().publish()
    republished = handout(client, lesson)

    assert renders == ["Kode OTP Itu Rahasia", "Kode OTP Sangat Rahasia"]
    assert "Kode OTP Sangat Rahasia" in pdf_text(republished)


def test_course_handout_holds_the_course_and_each_lesson(client, organisation):
    course = CoursePageFactory(title="Mulai WhatsApp")
    for title in ("Pesan Pertama", "Pesan Suara"):
        LessonPageFactory(parent=course, title=title)

    pdf = handout(client, course)
    text = pdf_text(pdf)

    assert "Mulai WhatsApp" in text
    assert "bisa mengirim pesan" in text  # an outcome
    assert text.index("Pesan Pertama") < text.index("Pesan Suara")
    assert "Materi 2 dari 2" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    codes = zxingcpp.read_barcodes(
        pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil()
    )
    assert [code.text for code in codes] == [settings.SITE_URL + course.url]


def test_rich_text_becomes_escaped_paragraphs_and_lists():
    paragraphs = paragraphs_from_html(
        "<p>Tulis <b>nama</b> &amp; <i>alamat</i> &lt;lengkap&gt;.</p>"
        '<ul><li>Satu <a href="https://lapor.go.id">LAPOR</a></li><li>Dua</li></ul>'
    )

    texts = [paragraph.getPlainText() for paragraph in paragraphs]
    assert texts[0] == "Tulis nama & \u201calamat\u201d <lengkap>."
    assert texts[1].endswith("Satu LAPOR (https://lapor.go.id)")
    assert texts[2].endswith("Dua")


@pytest.fixture
def task_queue(settings):
    """The database queue of production, with no worker: tasks wait in it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    # Wagtail queues tasks of its own on publish; these are the handouts.
    return DBTaskResult.objects.filter(task_path="courses.tasks.build_handout")


def run_queued(task_queue):
    """Do what the worker does with each waiting task."""
    for queued in task_queue.ready():
        queued.task.call(*queued.task_result.args, **queued.task_result.kwargs)
        queued.delete()


def test_a_handout_not_drawn_yet_shows_a_waiting_page_then_the_pdf(
    client, lesson, task_queue
):
    waiting = client.get(f"{lesson.url}cetak/")
    client.get(f"{lesson.url}cetak/")  # the page refreshing itself

    page = waiting.content.decode()
    assert waiting.status_code == 202
    assert "Lembar cetak sedang disiapkan" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert [t.args_kwargs["args"] for t in task_queue.ready()] == [
        [lesson.pk, "id", False]
    ]

    run_queued(task_queue)

    assert "Kode OTP Itu Rahasia" in pdf_text(handout(client, lesson))


def test_publishing_a_lesson_queues_its_handout_and_its_course_after_commit(
    client, lesson, task_queue, settings, django_capture_on_commit_callbacks
):
    settings.HANDOUTS_BUILD_ON_PUBLISH = True

    with django_capture_on_commit_callbacks() as callbacks:
        lesson.save_revision().publish()
        assert not task_queue.exists()
    for callback in callbacks:
        callback()

    queued = sorted(tuple(t.args_kwargs["args"]) for t in task_queue.ready())
    course = lesson.get_parent()
    # The lesson in full and short, the course short (as print packs take it).
    assert queued == sorted(
        [(lesson.pk, "id", False), (lesson.pk, "id", True), (course.pk, "id", True)]
    )
    run_queued(task_queue)
    assert handout(client, lesson).startswith(b"%PDF")
    assert handout(client, lesson.get_parent()).startswith(b"%PDF")


def test_a_private_course_prints_only_for_those_who_may_read_it(client, lesson):
    """The handout address asks for the password the lesson itself asks for."""
    PageViewRestriction.objects.create(
        page=lesson.get_parent(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="rahasia",
    )

    response = client.get(f"{lesson.url}cetak/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"%PDF" not in response.content
    assert 'name="password"' in response.content.decode()


def test_cetak_under_a_page_that_prints_nothing_is_not_found(client, lesson):
    index = lesson.get_parent().get_parent()

    assert client.get(f"{index.url}cetak/").status_code == 404
    assert client.get(f"{lesson.url}bukan-ini/cetak/").status_code == 404
