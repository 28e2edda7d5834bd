import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.blocks import QuestionBlock, StepBlock
from courses.models import LessonPage
from literacy_site.roles import EDITOR
from tests.courses.factories import CoursePageFactory, ImageFactory

pytestmark = pytest.mark.django_db


def step_value(**values):
    block = StepBlock()
    return block, block.to_python({"text": "Buka WhatsApp.", **values})


def test_step_with_a_picture_but_no_description_is_refused():
    block, value = step_value(image=ImageFactory().pk, alt="  ")

    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)

    assert "alt" in refusal.value.block_errors


def test_step_with_a_described_picture_or_no_picture_is_accepted():
    described, value = step_value(image=ImageFactory().pk, alt="Layar obrolan")
    assert described.clean(value)["alt"] == "Layar obrolan"

    plain, value = step_value(image=None, alt="")
    assert plain.clean(value)["text"] == "Buka WhatsApp."


def question_value(*correct_flags):
    block = QuestionBlock()
    return block, block.to_python(
        {
            "question": "Apa yang dilakukan?",
            "choices": [
                {"text": f"Pilihan {n}", "correct": flag, "explanation": "Karena."}
                for n, flag in enumerate(correct_flags)
            ],
        }
    )


@pytest.mark.parametrize("flags", [(False, False), (True, True, False)])
def test_question_must_have_exactly_one_right_answer(flags):
    block, value = question_value(*flags)

    with pytest.raises(ValidationError):
        block.clean(value)


def test_question_with_one_right_answer_is_accepted():
    block, value = question_value(False, True, False)

    assert block.clean(value)["question"] == "Apa yang dilakukan?"


def lesson_form(image, alt):
    return nested_form_data(
        {
            "title": "Pesan Suara",
            "slug": "pesan-suara",
            "summary": "Mengirim pesan suara.",
            "minutes": "10",
            "body": streamfield(
                [
                    (
                        "step",
                        {"text": "Tekan ikon mikrofon.", "image": image.pk, "alt": alt},
                    )
                ]
            ),
            "references": streamfield([]),
            "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"},
        }
    )


def test_page_editor_refuses_a_step_picture_without_a_description(login_as):
    editor = login_as(EDITOR)
    course = CoursePageFactory()
    image = ImageFactory()

    response = editor.post(
        f"/admin/pages/add/courses/lessonpage/{course.pk}/", lesson_form(image, "")
    )

    assert response.status_code == 200
    assert not LessonPage.objects.filter(slug="pesan-suara").exists()
    assert "Tuliskan keterangan gambar" in response.content.decode()

    response = editor.post(
        f"/admin/pages/add/courses/lessonpage/{course.pk}/",
        lesson_form(image, "Jari menekan ikon mikrofon hijau"),
    )

    assert response.status_code == 302
    assert LessonPage.objects.get(slug="pesan-suara").live is False
