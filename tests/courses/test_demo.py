
import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from courses.demo import demo_content
from courses.models import CoursePage, GlossaryTerm, LessonPage, OfficialChannel, Pillar

pytestmark = pytest.mark.django_db


def test_demo_has_courses_in_every_pillar_and_lessons_with_sources(demo_site):
    courses = CoursePage.objects.live()
    lessons = LessonPage.objects.live()

    assert courses.count() >= 4
    assert lessons.count() >= 12
    assert {course.pillar for course in courses} == set(Pillar.values)
    for lesson in lessons:
        assert lesson.references, lesson.title
        assert any(block.block_type == "step" for block in lesson.body), lesson.title


def test_every_demo_lesson_and_course_opens_and_prints(client, demo_site):
    pages = list(CoursePage.objects.live()) + list(LessonPage.objects.live())
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url
    lesson = LessonPage.objects.live().first()
    assert client.get(f"{lesson.url}cetak/").status_code == 200


def counts():
    return (
        CoursePage.objects.count(),
        LessonPage.objects.count(),
        GlossaryTerm.objects.count(),
        OfficialChannel.objects.count(),
        get_image_model().objects.count(),
    )


def test_loading_the_demo_again_changes_nothing_and_keeps_editors_changes(demo_site):
    before = counts()
    lesson = LessonPage.objects.get(slug="mama-minta-pulsa")
    lesson.title = "Pesan Pulsa dari Nomor Baru"
    lesson.save_revision().publish()
    term = GlossaryTerm.objects.get(term="Kode OTP")
    term.explanation = "Kode rahasia sekali pakai."
    term.save()

    call_command("load_demo", verbosity=0)

    assert counts() == before
    assert LessonPage.objects.get(slug="mama-minta-pulsa").title == (
        "Pesan Pulsa dari Nomor Baru"
    )
    assert GlossaryTerm.objects.get(term="Kode OTP").explanation == (
        "Kode rahasia sekali pakai."
    )


def test_the_course_index_is_at_kelas(client, demo_site):
    response = client.get("/kelas/")

    assert response.status_code == 200
    assert "Waspada Penipuan di HP" in response.content.decode()


def test_demo_questions_do_not_always_put_the_right_answer_in_one_place():
    content = demo_content()
    places = {
        [choice["correct"] for choice in block["value"]["choices"]].index(True)
        for course in content["courses"]
        for lesson in course["lessons"]
        for block in lesson["body"]
        if block["type"] == "question"
    }

    assert len(places) > 1
