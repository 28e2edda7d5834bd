"""Publishing makes the picture sizes a page shows, so reading it writes nothing."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.blocks import STEP_IMAGE_SPEC
from courses.models import COVER_IMAGE_SPEC
from tests.courses.factories import (
    CoursePageFactory,
    ImageFactory,
    LessonPageFactory,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_earlier_renditions():
    # Wagtail caches renditions by image id, and ids come back after an earlier
    # test's rollback: a cached rendition would stand in for a missing one.
    cache.clear()


def has_rendition(image, spec):
    filter_spec = spec.replace("|preserve-svg", "")
    return image.renditions.filter(filter_spec=filter_spec).exists()


def test_publishing_a_lesson_and_its_course_makes_their_pictures(client):
    cover, picture = ImageFactory(), ImageFactory()
    course = CoursePageFactory(cover_image=cover)
    lesson = LessonPageFactory(
        parent=course,
        body=[step("Ketuk tombol kirim.", image=picture, alt="Tombol kirim")],
    )

    assert has_rendition(cover, COVER_IMAGE_SPEC)
    assert has_rendition(picture, STEP_IMAGE_SPEC)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(lesson.url)

    assert response.status_code == 200
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_a_draft_makes_no_pictures_until_it_is_published():
    picture = ImageFactory()
    lesson = LessonPageFactory(
        body=[step("Ketuk tombol kirim.", image=picture, alt="Tombol kirim")],
        publish=False,
    )
    assert not has_rendition(picture, STEP_IMAGE_SPEC)

    lesson.save_revision().publish()

    assert has_rendition(picture, STEP_IMAGE_SPEC)
