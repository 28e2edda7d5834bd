"""Speech made on the server for lessons without a recorded voice."""

import io
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from wagtailmedia.models import Media

from courses import services, speech
from tests.courses.factories import LessonPageFactory, step

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_speech_left_behind(settings):
    """Speech files outlive the test database: other tests expect none."""
    yield
    shutil.rmtree(Path(settings.MEDIA_ROOT) / speech.SPEECH_FOLDER, ignore_errors=True)


def publish(lesson, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    lesson.refresh_from_db()


def stored_speech(lesson):
    return {part.text: part.path for part in speech.spoken_parts(lesson)}


def test_publishing_a_lesson_speaks_each_step_and_a_changed_step_again(
    settings, django_capture_on_commit_callbacks
):
    settings.SPEECH_BUILD_ON_PUBLISH = True
    lesson = LessonPageFactory(
        publish=False,
        title="Pesan Pertama",
        body=[step("Buka aplikasi WhatsApp."), step("Ketuk nama anak Bapak/Ibu.")],
    )

    publish(lesson, django_capture_on_commit_callbacks)

    before = stored_speech(lesson)
    assert list(before) == [
        "Pesan Pertama. Mengirim pesan pertama kepada keluarga.",
        "Langkah 1. Buka aplikasi WhatsApp.",
        "Langkah 2. Ketuk nama anak Bapak/Ibu.",
    ]
    for path in before.values():
        with default_storage.open(path, "rb") as audio:
            assert audio.read(4) == b"OggS"
    first_step = before["Langkah 1. Buka aplikasi WhatsApp."]
    made_at = default_storage.get_modified_time(first_step)

    lesson.body = [step("Buka aplikasi WhatsApp."), step("Ketuk nama cucu.")]
    publish(lesson, django_capture_on_commit_callbacks)

    after = stored_speech(lesson)
    assert (
        after["Langkah 2. Ketuk nama cucu."]
        != before["Langkah 2. Ketuk nama anak Bapak/Ibu."]
    )
    assert default_storage.exists(after["Langkah 2. Ketuk nama cucu."])
    # The unchanged step keeps its file: it is not spoken again.
    assert default_storage.get_modified_time(first_step) == made_at


def test_the_lesson_page_plays_the_made_speech_and_says_what_it_costs(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SPEECH_BUILD_ON_PUBLISH = True
    lesson = LessonPageFactory(publish=False)
    publish(lesson, django_capture_on_commit_callbacks)
    intro, first_step, second_step = speech.spoken_parts(lesson)

    page = client.get(lesson.url).content.decode()

    playlist = " ".join(
        default_storage.url(part.path) for part in (intro, first_step, second_step)
    )
    assert f'data-playlist="{playlist}"' in page
    assert f'src="{default_storage.url(second_step.path)}"' in page
    assert 'aria-label="Dengarkan langkah 2"' in page
    assert re.search(r"Data: ± \d+ KB · ± \d+ KB dengan suara", page)


def test_a_step_with_a_recorded_voice_plays_it_and_is_not_spoken(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SPEECH_BUILD_ON_PUBLISH = True
    recording = Media.objects.create(
        title="Bu Guru membaca langkah 1",
        type="audio",
        duration=2,
        file=ContentFile(b"OggS recorded", "langkah-1.ogg"),
    )
    lesson = LessonPageFactory(
        publish=False,
        body=[
            ("step", {"text": "Buka WhatsApp.", "recording": recording}),
            step("Ketuk nama anak."),
        ],
    )

    publish(lesson, django_capture_on_commit_callbacks)

    _intro, recorded, spoken = speech.spoken_parts(lesson)
    assert not default_storage.exists(recorded.path)
    assert default_storage.exists(spoken.path)
    page = client.get(lesson.url).content.decode()
    assert f'src="{recording.url}"' in page


def test_lessons_published_before_speech_existed_are_spoken_by_a_command():
    # Published while speech at publish was switched off.
    lesson = LessonPageFactory(body=[step("Buka aplikasi Telegram.")])
    parts = speech.spoken_parts(lesson)
    assert not any(default_storage.exists(part.path) for part in parts)

    call_command("speak_lessons", stdout=io.StringIO())

    assert all(default_storage.exists(part.path) for part in parts)


def test_speech_no_live_lesson_says_is_deleted_after_a_month(settings):
    """An edited step leaves its old speech behind; a year of edits must not fill
    the disk, yet a page opened before the edit keeps its sound for a while."""
    lesson = LessonPageFactory(body=[step("Buka aplikasi WhatsApp.")])
    draft = LessonPageFactory(publish=False, body=[step("Langkah yang belum terbit.")])
    current = {part.path for part in speech.spoken_parts(lesson)}
    unpublished = {part.path for part in speech.spoken_parts(draft)}
    old_text = speech.speech_path("Langkah 1. Buka aplikasi Facebook.")
    for path in current | unpublished | {old_text}:
        default_storage.save(path, ContentFile(b"OggS"))

    a_week_later = timezone.now() + timedelta(days=7)
    assert services.speech_files_prune(now=a_week_later) == 0

    two_months_later = timezone.now() + timedelta(days=60)
    assert services.speech_files_prune(now=two_months_later) == 3
    assert all(default_storage.exists(path) for path in current)
    assert not default_storage.exists(old_text)
    assert not any(default_storage.exists(path) for path in unpublished)


def test_speech_made_long_ago_stays_a_month_after_its_step_changed():
    lesson = LessonPageFactory(body=[step("Buka aplikasi WhatsApp.")])
    said_before = {part.path for part in speech.spoken_parts(lesson)}
    for path in said_before:
        default_storage.save(path, ContentFile(b"OggS"))
        half_a_year_ago = (timezone.now() - timedelta(days=180)).timestamp()
        os.utime(default_storage.path(path), (half_a_year_ago, half_a_year_ago))
    services.speech_files_prune()  # the nightly run, while the step still says it

    lesson.body = [step("Buka aplikasi WhatsApp di HP.")]
    lesson.save_revision().publish()

    assert services.speech_files_prune() == 0  # a reader's saved copy still plays
    a_month_later = timezone.now() + timedelta(days=31)
    assert services.speech_files_prune(now=a_month_later) == 1
