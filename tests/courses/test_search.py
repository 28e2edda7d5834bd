import re

import pytest

from tests.courses.factories import CoursePageFactory, LessonPageFactory, step

pytestmark = pytest.mark.django_db


def result_titles(response):
    return re.findall(
        r'<h2><a href="[^"]+" lang="id">([^<]+)</a></h2>', response.content.decode()
    )


def test_search_finds_a_lesson_by_a_word_in_its_steps_and_names_its_course(client):
    course = CoursePageFactory(title="Waspada Penipuan")
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
    assert 'Kelas: <span lang="id">Waspada Penipuan</span>' in html
    assert "1 materi ditemukan." in html


def test_search_needs_every_word_and_ignores_drafts(client):
    course = CoursePageFactory()
    LessonPageFactory(
        parent=course, title="Kode OTP", body=[step("Kode OTP itu rahasia.")]
    )
    LessonPageFactory(
        parent=course, title="Kode Draf", body=[step("Kode OTP.")], publish=False
    )
    LessonPageFactory(parent=course, title="Kode Lain", body=[step("Kode undangan.")])

    response = client.get("/cari/", {"q": "kode rahasia"})

    assert result_titles(response) == ["Kode OTP"]


def test_search_without_matches_says_so_kindly(client):
    LessonPageFactory()

    response = client.get("/cari/", {"q": "gajah"})

    assert result_titles(response) == []
    assert "Tidak ada materi yang memuat kata “gajah”" in response.content.decode()


def test_empty_search_shows_only_the_form(client):
    response = client.get("/cari/")

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert "ditemukan" not in response.content.decode()


def test_search_results_come_ten_to_a_page(client):
    course = CoursePageFactory()
    for number in range(12):
        LessonPageFactory(
            parent=course, title=f"Materi {number}", body=[step("Buka WhatsApp.")]
        )

    first = client.get("/cari/", {"q": "whatsapp"})
    second = client.get("/cari/", {"q": "whatsapp", "halaman": "2"})

    assert len(result_titles(first)) == 10
    assert len(result_titles(second)) == 2
    assert "12 materi ditemukan." in first.content.decode()
    assert "Halaman 1 dari 2" in first.content.decode()
    assert 'href="?q=whatsapp&amp;halaman=2" rel="next"' in first.content.decode()
    assert set(result_titles(first)).isdisjoint(result_titles(second))
