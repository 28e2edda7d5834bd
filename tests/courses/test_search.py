import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from courses.models import COURSES_PER_PILLAR, Pillar, SearchOutcome, SearchSynonym
from tests.courses.factories import (
    CoursePageFactory,
    GlossaryTermFactory,
    LessonPageFactory,
    OfficialChannelFactory,
    step,
)

pytestmark = pytest.mark.django_db


def result_titles(response):
    return re.findall(
        r'<h2(?: lang="id")?>(?:<a href="[^"]+" lang="id">)?([^<]+)(?:</a>)?</h2>',
        response.content.decode(),
    )


def test_search_finds_a_lesson_by_a_word_in_its_steps_and_names_its_course(client):
    course = CoursePageFactory(title="Waspada Penipuan", summary="Hati-hati di HP.")
    LessonPageFactory(
        parent=course,
        title="Mama Minta Pulsa",
        body=[step("Telepon anak Bapak/Ibu ke nomor lama yang sudah tersimpan.")],
    )
    LessonPageFactory(
        parent=course, title="Pesan Suara", body=[step("Tekan mikrofon.")]
    )

    response = client.get("/cari/", {"q": "tersimpan"})

    assert response.status_code == 200
    assert result_titles(response) == ["Mama Minta Pulsa"]
    html = response.content.decode()
    assert 'Materi · Kelas: <span lang="id">Waspada Penipuan</span>' in html
    assert "1 hasil ditemukan." in html


def test_every_form_of_a_word_finds_the_others(client):
    course = CoursePageFactory(title="Belajar", summary="Belajar memakai HP.")
    LessonPageFactory(
        parent=course,
        title="Pesan dari Nomor Baru",
        body=[step("Penipu sering mengaku anak yang ganti nomor.")],
    )
    LessonPageFactory(parent=course, title="Pesan Suara", body=[step("Bicara.")])

    for typed in ("penipu", "penipuan", "menipu", "tertipu", "DITIPU"):
        response = client.get("/cari/", {"q": typed})
        assert result_titles(response) == ["Pesan dari Nomor Baru"], typed


def test_search_needs_every_word_and_ignores_drafts(client):
    course = CoursePageFactory()
    LessonPageFactory(
        parent=course, title="Kode OTP", body=[step("Kode OTP itu rahasia.")]
    )
    LessonPageFactory(
        parent=course, title="Kode Draf", body=[step("Kode rahasia.")], publish=False
    )
    LessonPageFactory(parent=course, title="Kode Lain", body=[step("Kode undangan.")])

    response = client.get("/cari/", {"q": "kode rahasia"})

    assert result_titles(response) == ["Kode OTP"]


def test_words_residents_add_to_a_question_are_left_out(client):
    LessonPageFactory(title="Kode OTP", body=[step("Kode OTP itu rahasia.")])

    response = client.get("/cari/", {"q": "apa itu otp ya"})

    assert result_titles(response) == ["Kode OTP"]


def test_when_no_item_has_every_word_those_with_some_are_shown_and_it_says_so(
    client,
):
    LessonPageFactory(title="Kode OTP", body=[step("Kode OTP itu rahasia.")])

    response = client.get("/cari/", {"q": "otp gajah"})

    assert result_titles(response) == ["Kode OTP"]
    assert "memuat sebagian kata" in response.content.decode()


def test_spellings_residents_type_find_the_word_the_lessons_use(client):
    course = CoursePageFactory(title="Belajar", summary="Belajar memakai HP.")
    LessonPageFactory(
        parent=course,
        title="Ikut Grup WhatsApp",
        summary="Membaca pesan di grup.",
        body=[step("Buka WhatsApp.")],
    )
    LessonPageFactory(
        parent=course,
        title="Cek Dulu",
        summary="Mengenali hoaks.",
        body=[step("Cek hoaks di situs cek fakta.")],
    )
    LessonPageFactory(
        parent=course,
        title="Panggilan Video",
        summary="Melihat wajah cucu.",
        body=[step("Tekan gambar kamera.")],
    )

    for typed, title in (
        ("watsap", "Ikut Grup WhatsApp"),
        ("WA", "Ikut Grup WhatsApp"),
        ("hoax", "Cek Dulu"),
        ("vc", "Panggilan Video"),
        ("video call", "Panggilan Video"),
    ):
        assert result_titles(client.get("/cari/", {"q": typed})) == [title], typed


def test_a_synonym_an_editor_adds_works_at_once(client):
    LessonPageFactory(title="Dompet Digital", body=[step("Isi saldo di kios.")])
    assert result_titles(client.get("/cari/", {"q": "ewallet"})) == []

    SearchSynonym.objects.create(term="dompet digital", variants="e-wallet, ewallet")

    response = client.get("/cari/", {"q": "ewallet"})
    assert result_titles(response) == ["Dompet Digital"]


def test_courses_glossary_terms_and_channels_are_found_too(client):
    CoursePageFactory(title="Waspada Penipuan", summary="Mengenali penipuan di HP.")
    CoursePageFactory(title="Penipuan Draf", summary="Belum terbit.", publish=False)
    GlossaryTermFactory(term="Penipuan", explanation="Menipu orang demi uang.")
    OfficialChannelFactory(
        name="Indonesia Anti-Scam Centre",
        address="iasc.ojk.go.id",
        how_to_recognise="Tempat melapor penipuan keuangan.",
    )

    response = client.get("/cari/", {"q": "tertipu"})

    assert sorted(result_titles(response)) == [
        "Indonesia Anti-Scam Centre",
        "Penipuan",
        "Waspada Penipuan",
    ]
    html = response.content.decode()
    assert "Menipu orang demi uang." in html
    assert '<a href="https://iasc.ojk.go.id">iasc.ojk.go.id</a>' in html


def test_unpublished_deleted_and_restricted_pages_leave_the_results(client):
    course = CoursePageFactory()
    unpublished = LessonPageFactory(parent=course, title="Kode Satu", body=[])
    deleted = LessonPageFactory(parent=course, title="Kode Dua", body=[])
    LessonPageFactory(parent=course, title="Kode Tiga", body=[])
    private_course = CoursePageFactory()
    LessonPageFactory(parent=private_course, title="Kode Empat", body=[])
    assert len(result_titles(client.get("/cari/", {"q": "kode"}))) == 4

    unpublished.unpublish()
    deleted.delete()
    PageViewRestriction.objects.create(
        page=private_course, restriction_type=PageViewRestriction.LOGIN
    )

    assert result_titles(client.get("/cari/", {"q": "kode"})) == ["Kode Tiga"]


def test_a_renamed_course_is_found_with_its_lessons_by_the_new_name(client):
    course = CoursePageFactory(title="Kelas Lama", summary="Belajar.")
    LessonPageFactory(parent=course, title="Materi Satu", body=[step("Buka HP.")])

    course.title = "Kelas Bansos"
    course.save_revision().publish()

    titles = result_titles(client.get("/cari/", {"q": "bansos"}))
    assert titles[0] == "Kelas Bansos"
    assert "Materi Satu" in titles


def test_a_removed_glossary_term_is_no_longer_found(client):
    term = GlossaryTermFactory(term="Tautan", explanation="Alamat yang bisa diketuk.")
    assert result_titles(client.get("/cari/", {"q": "tautan"})) == ["Tautan"]

    term.delete()

    assert result_titles(client.get("/cari/", {"q": "tautan"})) == []


def test_an_editors_pin_comes_first_for_any_form_of_the_words(client):
    course = CoursePageFactory()
    pinned = LessonPageFactory(
        parent=course, title="Segera Lapor", body=[step("Lapor penipuan.")]
    )
    LessonPageFactory(parent=course, title="Penipuan Pulsa", body=[step("Penipu.")])
    SearchPromotion.objects.create(
        query=Query.get("penipuan"),
        page=pinned,
        description="Baca ini dulu bila uang sudah terkirim.",
        sort_order=0,
    )

    response = client.get("/cari/", {"q": "tertipu"})

    html = response.content.decode()
    assert result_titles(response) == ["Penipuan Pulsa"]
    assert html.index("Segera Lapor") < html.index("Penipuan Pulsa")
    assert "Baca ini dulu bila uang sudah terkirim." in html


def test_searches_are_counted_with_how_many_results_they_found(client):
    LessonPageFactory(title="Kode OTP", body=[step("Kode OTP itu rahasia.")])

    client.get("/cari/", {"q": "OTP"})
    client.get("/cari/", {"q": "otp"})
    client.get("/cari/", {"q": "gajah"})
    client.get("/cari/", {"q": "penipu 081234567890"})

    otp = Query.objects.get(query_string="otp")
    assert otp.hits == 2
    assert otp.outcome.results == 1
    assert Query.objects.get(query_string="gajah").outcome.results == 0
    # Numbers residents check are personal data: not kept.
    assert not Query.objects.filter(query_string__contains="0812").exists()
    assert SearchOutcome.objects.count() == 2


def test_a_search_still_answers_when_it_cannot_be_counted(client):
    LessonPageFactory(title="Kode OTP", body=[step("Kode OTP itu rahasia.")])
    with connection.cursor() as cursor:
        # As good as a full disk for the one table a search writes to last.
        cursor.execute("DROP TABLE courses_searchoutcome")

    response = client.get("/cari/", {"q": "otp"})

    assert response.status_code == 200
    assert result_titles(response) == ["Kode OTP"]
    assert not Query.objects.filter(query_string="otp").exists()


def test_nothing_found_suggests_a_close_word_and_offers_the_courses(client):
    course = CoursePageFactory(title="Waspada Penipuan", summary="Hati-hati.")
    LessonPageFactory(parent=course, title="Pesan", body=[step("Awas penipuan.")])

    response = client.get("/cari/", {"q": "penipuab"})

    html = response.content.decode()
    assert result_titles(response) == []
    assert "Tidak ditemukan apa pun untuk “penipuab”." in html
    assert 'Mungkin maksud Anda: <a href="?q=penipuan" lang="id">penipuan</a>?' in html
    assert "Atau pilih kelas" in html
    assert f'<a href="{course.url}" lang="id">Waspada Penipuan</a>' in html
    assert 'href="#help-box-title"' in html
    assert result_titles(client.get("/cari/", {"q": "penipuan"})) == [
        "Waspada Penipuan",
        "Pesan",
    ]


def test_empty_search_shows_only_the_form(client):
    response = client.get("/cari/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "ditemukan" not in response.content.decode()


def test_search_results_come_ten_to_a_page(client):
    course = CoursePageFactory(summary="Belajar.")
    for number in range(12):
        LessonPageFactory(
            parent=course, title=f"Materi {number}", body=[step("Buka WhatsApp.")]
        )

    first = client.get("/cari/", {"q": "whatsapp"})
    second = client.get("/cari/", {"q": "whatsapp", "halaman": "2"})

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert "12 hasil ditemukan." in first.content.decode()
    assert "Halaman 1 dari 2" in first.content.decode()
    assert 'href="?q=whatsapp&amp;halaman=2" rel="next"' in first.content.decode()
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert Query.objects.get(query_string="whatsapp").hits == 1


@pytest.mark.parametrize("number", ["99999999999999999999", "-3", "dua"])
def test_an_odd_page_number_shows_the_first_page(client, number):
    course = CoursePageFactory(summary="Belajar.")
    LessonPageFactory(parent=course, title="Pesan Pertama", body=[step("Buka WA.")])

    response = client.get("/cari/", {"q": "pesan", "halaman": number})

    assert response.status_code == 200
    assert "Pesan Pertama" in result_titles(response)


def queries_for(client, query):
    client.get("/cari/", {"q": query})
    with CaptureQueriesContext(connection) as queries:
        client.get("/cari/", {"q": query})
    return len(queries.captured_queries)


def test_the_queries_of_a_search_do_not_grow_with_the_lessons_it_finds(client):
    course = CoursePageFactory(title="Kelas Satu", summary="Belajar.")
    LessonPageFactory(parent=course, title="Kode OTP", body=[step("Kode OTP.")])
    # Every word, some words, two words, nothing (a suggestion and the courses).
    searches = ("kode", "kode gajah", "kode otp", "gajah")
    few = {query: queries_for(client, query) for query in searches}

    # Three pages of lessons, in more courses than the empty page lists.
    for number in range(8):
        other = CoursePageFactory(title=f"Kelas Lain {number}", summary="Belajar.")
        for lesson in range(4):
            LessonPageFactory(
                parent=other, title=f"Kode {number}-{lesson}", body=[step("Kode.")]
            )

    assert {query: queries_for(client, query) for query in searches} == few
    second_page = client.get("/cari/", {"q": "kode", "halaman": "2"})
    assert len(result_titles(second_page)) == 10


def test_a_search_runs_no_more_queries_however_much_it_finds(client):
    course = CoursePageFactory(title="Kelas Kode", summary="Belajar.")
    LessonPageFactory(parent=course, title="Kode OTP", body=[step("Kode OTP.")])
    GlossaryTermFactory(term="Kode", explanation="Angka rahasia.")
    OfficialChannelFactory(name="Kode Resmi", how_to_recognise="Kode.")
    # One result of each kind: the most queries a page of results can need.
    few = queries_for(client, "kode")

    for number in range(15):
        other = CoursePageFactory(title=f"Kelas Kode {number}", summary="Kode.")
        LessonPageFactory(parent=other, title=f"Kode {number}", body=[step("Kode.")])
        GlossaryTermFactory(term=f"Kode {number}")
        OfficialChannelFactory(name=f"Kode {number}", how_to_recognise="Kode.")

    assert queries_for(client, "kode") <= few


def test_an_empty_result_links_to_all_courses_of_a_crowded_pillar(client):
    index = CoursePageFactory(pillar=Pillar.AMAN).get_parent()
    for number in range(COURSES_PER_PILLAR):
        CoursePageFactory(parent=index, title=f"Kelas {number}", pillar=Pillar.AMAN)

    html = client.get("/cari/", {"q": "penipuab"}).content.decode()

    assert f'<a href="{index.url}?pilar=aman">' in html
    assert f"Lihat semua {COURSES_PER_PILLAR + 1} kelas" in html
