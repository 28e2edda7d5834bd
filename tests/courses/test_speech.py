"""Speech made on the server for lessons without a recorded voice."""

import pytest
from django.core.files.storage import default_storage

from courses import speech
from tests.courses.factories import LessonPageFactory, step

pytestmark = pytest.mark.django_db


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
