import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import (
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    Pillar,
)
from literacy_site.roles import MODERATOR
from tests.courses.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    GlossaryTermFactory,
    ImageFactory,
    LessonPageFactory,
    OfficialChannelFactory,
    every_block_body,
    step,
)
from tests.queries import queries_to_draw

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's visible words, without tags, on one line."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def lesson_with_every_block():
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


class TestPageTree(WagtailPageTestCase):
    """Editors can only build home → course index → course → lesson."""

    def test_course_index_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_courses_live_under_the_course_index_only(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})

    def test_lessons_live_under_a_course_and_have_no_children(self):
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_a_lesson_cannot_be_put_straight_under_the_home_page_or_index(self):
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(Page, CoursePage)


def test_every_page_type_renders(client):
    lesson = LessonPageFactory(title="Mengirim Pesan Pertama")
    course = lesson.get_parent().specific
    index = course.get_parent().specific

    for page, expected in [
        (index, "Kelas"),
        (course, course.title),
        (lesson, "Mengirim Pesan Pertama"),
    ]:
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert expected in text_of(response)


def test_course_index_lives_at_kelas_and_groups_courses_by_pillar(client):
    CoursePageFactory(title="Waspada Penipuan", pillar=Pillar.AMAN)
    CoursePageFactory(title="Mulai WhatsApp", pillar=Pillar.CAKAP)

    response = client.get("/kelas/")

    text = text_of(response)
    assert response.status_code == 200
    assert text.index("Cakap Digital") < text.index("Mulai WhatsApp")
    assert text.index("Mulai WhatsApp") < text.index("Aman Digital")
    assert text.index("Aman Digital") < text.index("Waspada Penipuan")
    assert "Etika Digital" not in text  # pillars without courses are left out


def test_course_page_lists_its_lessons_in_order_with_the_total_time(client):
    course = CoursePageFactory(title="Mulai WhatsApp")
    for title, minutes in [("Pesan Pertama", 15), ("Pesan Suara", 10)]:
        LessonPageFactory(parent=course, title=title, minutes=minutes)
    LessonPageFactory(parent=course, title="Masih Draf", publish=False)

    text = text_of(client.get(course.url))

    assert text.index("Pesan Pertama") < text.index("Pesan Suara")
    assert "Masih Draf" not in text
    assert "2 materi" in text
    assert "sekitar 25 menit" in text
    assert "bisa mengirim pesan" in text  # an outcome
    assert f'href="{course.url}cetak/"' in client.get(course.url).content.decode()


def test_lesson_shows_every_block_type_with_steps_numbered_in_order(
    client, lesson_with_every_block
):
    response = client.get(lesson_with_every_block.url)
    html = response.content.decode()
    text = text_of(response)

    assert response.status_code == 200
    assert "Mengenal kode OTP" in text  # heading
    assert "<b>SMS</b>" in html  # paragraph keeps its bold word
    assert 'alt="Layar SMS berisi kode"' in html  # step picture
    assert "Tips: Simpan nomor keluarga" in text
    assert "Awas: Jangan pernah berikan kode OTP kepada siapa pun." in text
    assert "Coba sendiri" in text and "Cari SMS berisi kode di HP." in text
    assert "Ada yang meminta kode OTP lewat telepon." in text
    assert "SP4N-LAPOR!" in text and 'href="https://lapor.go.id"' in html
    assert "Kode OTP : Kode angka rahasia." in text  # glossary
    assert re.findall(r"Langkah (\d+)", text) == ["1", "2", "3"]
    assert text.index("Langkah 1 Buka pesan SMS") < text.index("Langkah 2 Baca kodenya")
    assert text.index("Langkah 3 Hapus pesan") > text.index("Coba sendiri")


def test_lesson_shows_its_place_in_the_course_and_the_way_on(client):
    course = CoursePageFactory(title="Mulai WhatsApp")
    lessons = [
        LessonPageFactory(parent=course, title=f"Materi {name}")
        for name in ("Satu", "Dua", "Tiga")
    ]

    response = client.get(lessons[1].url)
    html = response.content.decode()
    text = text_of(response)

    assert "Materi 2 dari 3" in text
    assert "Waktu belajar: sekitar 10 menit" in text
    assert f'href="{lessons[0].url}" rel="prev"' in html
    assert f'href="{lessons[2].url}" rel="next"' in html
    assert "Sebelumnya: Materi Satu" in text
    assert "Berikutnya: Materi Tiga" in text


def test_lesson_offers_sharing_on_whatsapp_printing_and_its_sources(client):
    lesson = LessonPageFactory(title="Pesan Suara")

    html = client.get(lesson.url).content.decode()

    link = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', html).group(1)
    message = parse_qs(urlsplit(unescape(link)).query)["text"][0]
    assert message.startswith("*Pesan Suara*\n")
    assert message.endswith(f"Baca materi lengkapnya: {settings.SITE_URL}{lesson.url}")
    assert f'href="{lesson.url}cetak/"' in html
    assert "Pusat Bantuan WhatsApp" in html
    assert 'href="https://faq.whatsapp.com/"' in html


def test_lesson_says_when_it_was_published_and_updated(client):
    lesson = LessonPageFactory()
    LessonPage.objects.filter(pk=lesson.pk).update(
        first_published_at=timezone.make_aware(timezone.datetime(2026, 5, 2, 9)),
        last_published_at=timezone.make_aware(timezone.datetime(2026, 11, 25, 9)),
    )

    text = text_of(client.get(lesson.url))

    assert "Diterbitkan 2 Mei 2026, diperbarui 25 November 2026." in text


def test_lesson_says_nothing_about_a_facts_check_nobody_made(client):
    lesson = LessonPageFactory()

    text = text_of(client.get(lesson.url))

    assert "Diterbitkan" in text
    assert "diperiksa" not in text.lower()


def test_lesson_shows_the_day_a_moderator_checked_its_facts(client, login_as):
    lesson = LessonPageFactory()
    moderator = login_as(MODERATOR)

    moderator.post(f"/admin/fakta/materi/{lesson.pk}/")

    today = timezone.localdate()
    text = text_of(client.get(lesson.url))
    assert f"Fakta diperiksa pada {today.day} " in text


def test_progress_and_read_aloud_controls_are_hidden_until_javascript_runs(client):
    lesson = LessonPageFactory()

    html = client.get(lesson.url).content.decode()

    assert re.search(r"<section[^>]*data-done hidden>", html)
    assert re.search(r"<div[^>]*data-read-aloud hidden>", html)
    assert re.search(r'<script src="[^"]*courses\.js" defer>', html)
    assert "<script>" not in html  # no inline script


def test_practice_question_answered_without_javascript_shows_the_explanation(
    client, lesson_with_every_block
):
    question = next(
        block
        for block in lesson_with_every_block.body
        if block.block_type == "question"
    )

    response = client.post(
        lesson_with_every_block.url, {"question": question.id, "choice": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'data-feedback="1" tabindex="-1">\s*<p class="feedback__verdict">Belum tepat.',
        html,
    )
    assert "Jangan. Dengan kode itu akun bisa diambil." in html
    assert re.search(r'data-feedback="0" tabindex="-1" hidden>', html)
    assert re.search(r'value="1" id="[^"]+" checked>', html)


def test_right_answer_posted_without_javascript_is_confirmed(
    client, lesson_with_every_block
):
    question = next(
        block
        for block in lesson_with_every_block.body
        if block.block_type == "question"
    )

    html = client.post(
        lesson_with_every_block.url, {"question": question.id, "choice": "0"}
    ).content.decode()

    assert re.search(r'data-feedback="0" tabindex="-1">\s*<p[^>]*>Benar!', html)


def test_question_posted_without_a_choice_asks_for_one(client, lesson_with_every_block):
    question = next(
        block
        for block in lesson_with_every_block.body
        if block.block_type == "question"
    )

    html = client.post(
        lesson_with_every_block.url, {"question": question.id}
    ).content.decode()

    assert re.search(r"data-feedback-missing>Pilih salah satu jawaban dulu.", html)


def test_posting_to_a_lesson_without_naming_a_question_just_shows_it(client):
    lesson = LessonPageFactory(title="Pesan Suara")

    response = client.post(lesson.url, {"question": "tidak-ada", "choice": "0"})

    assert response.status_code == 200
    assert "Pesan Suara" in text_of(response)


def test_lesson_page_needs_as_many_queries_with_30_steps_as_with_3(client):
    course = CoursePageFactory()
    short = LessonPageFactory(
        parent=course,
        body=[step(f"Langkah {n}", ImageFactory(), f"Gambar {n}") for n in range(3)],
    )
    long = LessonPageFactory(
        parent=course,
        body=[step(f"Langkah {n}", ImageFactory(), f"Gambar {n}") for n in range(30)],
    )
    for _ in range(8):
        LessonPageFactory(parent=course)

    assert queries_to_draw(client, short.url) == queries_to_draw(client, long.url)


def test_a_lesson_is_found_below_the_index_with_one_query_a_page(rf):
    lesson = LessonPageFactory()
    course = lesson.get_parent().specific
    index = course.get_parent().specific
    request = rf.get("/")

    with CaptureQueriesContext(connection) as queries:
        found = index.route(request, [course.slug, lesson.slug]).page
        parent = found.get_parent()

    assert len(queries.captured_queries) == 2
    assert type(found) is LessonPage and found.pk == lesson.pk
    assert parent.pk == course.pk


def test_a_routed_lessons_breadcrumb_needs_no_query(rf):
    lesson = LessonPageFactory()
    course = lesson.get_parent().specific
    index = course.get_parent().specific
    home = index.get_parent().specific
    found = home.route(rf.get("/"), [index.slug, course.slug, lesson.slug]).page

    with CaptureQueriesContext(connection) as queries:
        trail = found.trail

    assert queries.captured_queries == []
    assert [page.title for page in trail] == [home.title, index.title, course.title]
    assert [page.pk for page in LessonPage.objects.get(pk=lesson.pk).trail] == [
        home.pk,
        index.pk,
        course.pk,
    ]


def test_a_draft_or_unknown_lesson_or_course_is_not_found(client, rf):
    lesson = LessonPageFactory()
    course = lesson.get_parent()
    draft = LessonPageFactory(parent=course, publish=False)

    assert client.get(f"{course.url}{draft.slug}/").status_code == 404
    assert client.get(f"{course.url}{lesson.slug}/").status_code == 200
    assert client.get(f"{course.url}bukan-pelajaran/").status_code == 404
    assert client.get("/kelas/bukan-kelas/").status_code == 404
    with pytest.raises(Http404):
        course.specific.route(rf.get("/"), [lesson.slug, "lebih-dalam"])


def test_a_child_of_another_type_under_a_course_is_still_routed(rf):
    course = CoursePageFactory()
    other = course.add_child(instance=Page(title="Halaman lain", slug="lain"))

    found = course.route(rf.get("/"), ["lain"]).page

    assert found.pk == other.pk


def test_course_index_needs_as_many_queries_with_many_courses_as_with_one(client):
    CourseIndexPageFactory()
    first = CoursePageFactory(cover_image=ImageFactory())
    LessonPageFactory(parent=first)
    few = queries_to_draw(client, "/kelas/")

    for _ in range(5):
        course = CoursePageFactory(cover_image=ImageFactory())
        LessonPageFactory(parent=course)
        LessonPageFactory(parent=course)

    assert queries_to_draw(client, "/kelas/") == few


def test_home_page_links_to_the_lessons_and_offers_a_search_box(client):
    CourseIndexPageFactory()

    html = client.get("/").content.decode()

    assert re.search(
        r'<a class="button button--primary" href="/kelas/">Belajar di sini', html
    )
    assert re.search(r'<form class="search-form" method="get" action="/cari/"', html)
    assert re.search(r'<a href="/kelas/"\s*>Kelas</a>', html)


class TestEditorPreview(WagtailPageTestCase):
    """Editors check a lesson before submitting it."""

    def setUp(self):
        self.lesson = LessonPageFactory(
            body=every_block_body(
                image=ImageFactory(),
                channel=OfficialChannelFactory(),
                term=GlossaryTermFactory(),
            ),
            publish=False,
        )

    def test_a_draft_lesson_course_and_index_can_be_previewed(self):
        course = self.lesson.get_parent().specific
        for page in (self.lesson, course, course.get_parent().specific):
            response = page.make_preview_request()
            self.assertEqual(response.status_code, 200, page)
            self.assertContains(response, page.title)
        self.assertContains(self.lesson.make_preview_request(), "Langkah 3")
