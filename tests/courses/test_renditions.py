"""Publishing makes the picture sizes a page shows (the task worker does), so
reading it writes nothing and never waits for AVIF; a phone gets a step picture
in the smallest format and width it can use."""

import io
import re

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from courses import tasks
from courses.pictures import (
    CARD_PICTURE,
    COVER_PICTURE,
    FORMATS,
    STEP_PICTURE,
)
from tests.courses.factories import (
    CoursePageFactory,
    ImageFactory,
    LessonPageFactory,
    PhotoFactory,
    step,
)
from tests.queries import queries_to_draw

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_earlier_renditions():
    # Wagtail caches renditions by image id, and ids come back after an earlier
    # test's rollback: a cached rendition would stand in for a missing one.
    cache.clear()


def has_renditions(image, size):
    specs = size.specs(image)
    return image.renditions.filter(filter_spec__in=specs).count() == len(specs)


def test_publishing_a_lesson_and_its_course_makes_their_pictures(client):
    cover, drawing, photo = ImageFactory(), ImageFactory(), PhotoFactory()
    course = CoursePageFactory(cover_image=cover)
    lesson = LessonPageFactory(
        parent=course,
        body=[
            step("Ketuk tombol kirim.", image=drawing, alt="Tombol kirim"),
            step("Lihat daftar obrolan.", image=photo, alt="Daftar obrolan"),
        ],
    )

    assert has_renditions(cover, COVER_PICTURE)
    assert has_renditions(cover, CARD_PICTURE)
    assert has_renditions(drawing, STEP_PICTURE)
    assert has_renditions(photo, STEP_PICTURE)

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
    picture = PhotoFactory()
    lesson = LessonPageFactory(
        body=[step("Ketuk tombol kirim.", image=picture, alt="Tombol kirim")],
        publish=False,
    )
    assert not picture.renditions.exists()

    lesson.save_revision().publish()

    assert has_renditions(picture, STEP_PICTURE)


@pytest.fixture
def no_worker_yet(settings):
    """Tasks wait in a queue nobody takes, as between a publish and the worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }

    def picture_tasks():
        return [
            (result.task.name, *result.args)
            for result in default_task_backend.results
            if "sizes" in result.task.name
        ]

    return picture_tasks


def test_a_publish_makes_webp_at_once_and_leaves_avif_to_the_worker(
    client, no_worker_yet
):
    photo = PhotoFactory()
    lesson = LessonPageFactory(body=[step("Lihat daftar obrolan.", photo, "Obrolan")])

    made = set(photo.renditions.values_list("filter_spec", flat=True))
    assert made == set(STEP_PICTURE.specs(photo, quick_only=True))
    queued = no_worker_yet()
    assert ("make_picture_sizes", lesson.pk) in queued
    with CaptureQueriesContext(connection) as queries:
        before = picture_markup(client.get(lesson.url).content.decode())
    writes = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert "image/avif" not in before
    assert re.search(r'<img [^>]*src="[^"]+\.webp"', before)
    # Reading wrote no picture; it asked the worker again, once.
    assert not [sql for sql in writes if "rendition" in sql]
    caches["pages"].clear()  # the page drawn again, not kept
    client.get(lesson.url)
    assert no_worker_yet() == [*queued, ("make_image_sizes", photo.pk, "step")]

    assert tasks.make_picture_sizes.call(lesson.pk) is True

    after = picture_markup(Client().get(lesson.url).content.decode())
    assert 'type="image/avif"' in after


def test_a_lesson_with_drawings_only_gives_the_worker_nothing(no_worker_yet):
    lesson = LessonPageFactory(body=[step("Ketuk kirim.", ImageFactory(), "Kirim")])

    assert ("make_picture_sizes", lesson.pk) not in no_worker_yet()


def test_a_picture_whose_sizes_were_lost_gets_them_back_from_the_worker(client):
    photo = PhotoFactory()
    lesson = LessonPageFactory(body=[step("Lihat daftar obrolan.", photo, "Obrolan")])
    # An editor replaced the file: Wagtail deletes every size of it.
    photo.renditions.all().delete()
    cache.clear()

    first = picture_markup(client.get(lesson.url).content.decode())

    assert "image/avif" not in first
    # The worker was asked (and, here, ran at once): the next reader gets AVIF.
    assert 'type="image/avif"' in picture_markup(Client().get(lesson.url).text)


def picture_markup(html):
    return re.search(r'<figure class="step__picture">(.*?)</figure>', html, re.S)[1]


def widths_in(srcset):
    return [int(width) for width in re.findall(r" (\d+)w", srcset)]


def test_a_step_screenshot_comes_in_avif_and_webp_at_three_widths(client):
    lesson = LessonPageFactory(
        body=[step("Lihat daftar obrolan.", PhotoFactory(), "Daftar obrolan hijau")]
    )

    picture = picture_markup(client.get(lesson.url).content.decode())

    # The browser takes the first source it can read: AVIF (the pinned Pillow
    # writes it), else the WebP <img>, the one every phone browser reads.
    assert FORMATS == ("avif", "webp")
    sources = re.findall(
        r'<source sizes="([^"]+)" srcset="([^"]+)" type="([^"]+)"', picture
    )
    img = re.search(r"<img [^>]+>", picture)[0]
    assert [kind for _sizes, _srcset, kind in sources] == [
        f"image/{kind}" for kind in FORMATS[:-1]
    ]
    for sizes, srcset, _kind in sources:
        assert sizes == STEP_PICTURE.sizes
        assert widths_in(srcset) == [360, 560, 720]
        assert all(url.endswith(".avif") for url in re.findall(r"(\S+) \d+w", srcset))
    img_srcset = re.search(r'srcset="([^"]+)"', img)[1]
    assert widths_in(img_srcset) == [360, 560, 720]
    assert all(url.endswith(".webp") for url in re.findall(r"(\S+) \d+w", img_srcset))
    assert re.search(r'src="[^"]+\.webp"', img)
    assert 'alt="Daftar obrolan hijau"' in img
    assert f'sizes="{STEP_PICTURE.sizes}"' in img
    assert 'width="360"' in img and 'height="720"' in img
    assert 'loading="lazy"' in img


def test_a_step_drawing_stays_one_svg_file(client):
    lesson = LessonPageFactory(
        body=[step("Ketuk tombol kirim.", ImageFactory(), "Tombol kirim")]
    )

    picture = picture_markup(client.get(lesson.url).content.decode())

    assert "<source" not in picture
    assert "srcset" not in picture
    assert 'alt="Tombol kirim"' in picture
    assert re.search(r'<img [^>]*src="[^"]+\.svg"', picture)


def test_a_lesson_with_four_screenshots_needs_no_more_queries_than_with_one(client):
    course = CoursePageFactory()
    one = LessonPageFactory(
        parent=course, body=[step("Langkah 1", PhotoFactory(), "Gambar 1")]
    )
    four = LessonPageFactory(
        parent=course,
        body=[step(f"Langkah {n}", PhotoFactory(), f"Gambar {n}") for n in range(4)],
    )
    assert queries_to_draw(client, four.url) == queries_to_draw(client, one.url)
    assert picture_markup(client.get(four.url).content.decode()).count("<source") == (
        len(FORMATS) - 1
    )


def test_pages_published_before_get_their_picture_sizes_from_a_command():
    photo = PhotoFactory()
    LessonPageFactory(body=[step("Lihat daftar obrolan.", photo, "Daftar obrolan")])
    photo.renditions.all().delete()
    cache.clear()

    call_command("make_picture_sizes", stdout=io.StringIO())

    assert has_renditions(photo, STEP_PICTURE)
