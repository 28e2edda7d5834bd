"""What a lesson costs to download, and what its listening plays.

Read from the stored bodies and the files on disk, in a fixed number of queries
however many lessons: a course page shows its lessons' costs without loading
their blocks."""

import gzip
import json
from dataclasses import dataclass, field
from functools import cache

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.utils.formats import number_format
from django.utils.translation import gettext
from wagtail.images import get_image_model
from wagtailmedia import get_media_model

from courses import speech
from courses.pictures import STEP_PICTURE

# A lesson page without its lesson (header, controls, help box, footer), as
# sent compressed (with the page's own markup around its text); bench/offline.py
# compares the estimate with what saving a course sends: within 6% for the demo.
PAGE_SHELL_BYTES = 4_500
# Our own styles and scripts a saved course needs once (its first page).
SAVED_ASSETS = ("css/site.css", "css/courses.css", "js/site.js", "js/courses.js")


@dataclass
class Listening:
    """Where a lesson's sound comes from: the lesson's recording, else the
    parts the server spoke, each with its step's recording when there is one."""

    recording_url: str = ""
    recording_bytes: int = 0
    parts: list = field(default_factory=list)  # [(block_id, url, bytes)]

    @property
    def playlist(self):
        if self.recording_url:
            return [self.recording_url]
        return [url for _block, url, _size in self.parts if url]

    def url_for(self, block_id):
        return next((url for block, url, _s in self.parts if block == block_id), "")

    @property
    def bytes(self):
        return self.recording_bytes or sum(size for _b, _u, size in self.parts)


@dataclass
class DataCost:
    page_bytes: int
    picture_bytes: int
    audio_bytes: int

    @property
    def without_audio(self):
        return self.page_bytes + self.picture_bytes

    @property
    def with_audio(self):
        return self.without_audio + self.audio_bytes


def size_label(size):
    """'± 180 KB', '± 2,1 MB': rounded, with the language's decimal mark."""
    if size < 1_000_000:
        return gettext("± %(size)s KB") % {"size": max(1, round(size / 1000))}
    megabytes = number_format(round(size / 1_000_000, 1), decimal_pos=1)
    return gettext("± %(size)s MB") % {"size": megabytes}


def _file_size(storage_name):
    try:
        return default_storage.size(storage_name)
    except OSError:
        return 0


def _rendition_sizes(image_ids):
    """{image id: bytes of the step-picture rendition a phone shows} in one query:
    of those made, the one the phone's browser would take first."""
    if not image_ids:
        return {}
    likeliest = STEP_PICTURE.phone_specs()
    Rendition = get_image_model().get_rendition_model()
    rows = Rendition.objects.filter(
        image_id__in=image_ids, filter_spec__in=likeliest
    ).values_list("image_id", "filter_spec", "file")
    shown = {}
    for image_id, _spec, name in sorted(rows, key=lambda row: likeliest.index(row[1])):
        shown.setdefault(image_id, name)
    return {image_id: _file_size(name) for image_id, name in shown.items()}


def _recordings(media_ids):
    if not media_ids:
        return {}
    return {
        media.pk: media
        for media in get_media_model().objects.filter(pk__in=media_ids, type="audio")
    }


def _step_images_and_recordings(lesson):
    images, recordings = [], {}
    for child in lesson.body.raw_data:
        if child["type"] == "step":
            if child["value"].get("image"):
                images.append(child["value"]["image"])
            if child["value"].get("recording"):
                recordings[child["id"]] = child["value"]["recording"]
    return images, recordings


def _page_bytes(lesson):
    text = json.dumps([lesson.title, lesson.summary, list(lesson.body.raw_data)])
    return PAGE_SHELL_BYTES + len(gzip.compress(text.encode(), 6))


def lessons_listening_and_cost(lessons):
    """{lesson pk: (Listening, DataCost)} for lessons loaded with their bodies."""
    found = {lesson.pk: _step_images_and_recordings(lesson) for lesson in lessons}
    picture_sizes = _rendition_sizes(
        {image for images, _r in found.values() for image in images}
    )
    recordings = _recordings(
        {lesson.recording_id for lesson in lessons if lesson.recording_id}
        | {media for _i, rec in found.values() for media in rec.values()}
    )
    result = {}
    for lesson in lessons:
        images, step_recordings = found[lesson.pk]
        listening = Listening()
        recording = recordings.get(lesson.recording_id)
        if recording:
            listening.recording_url = recording.url
            listening.recording_bytes = _file_size(recording.file.name)
        for part in speech.spoken_parts(lesson):
            step_recording = recordings.get(step_recordings.get(part.block_id))
            if step_recording:
                url = step_recording.url
                size = _file_size(step_recording.file.name)
            else:
                size = _file_size(part.path)
                url = default_storage.url(part.path) if size else ""
            listening.parts.append((part.block_id, url, size))
        cost = DataCost(
            page_bytes=_page_bytes(lesson),
            picture_bytes=sum(picture_sizes.get(image, 0) for image in images),
            audio_bytes=listening.bytes,
        )
        result[lesson.pk] = (listening, cost)
    return result


@cache
def assets_bytes():
    """Our styles and scripts, compressed as whitenoise sends them."""
    total = 0
    for name in SAVED_ASSETS:
        found = finders.find(name)
        if found:
            with open(found, "rb") as file:
                total += len(gzip.compress(file.read(), 9))
    return total


def course_cost(costs):
    """A whole course saved: its lessons, its own page and our assets once."""
    return DataCost(
        page_bytes=PAGE_SHELL_BYTES
        + assets_bytes()
        + sum(cost.page_bytes for cost in costs),
        picture_bytes=sum(cost.picture_bytes for cost in costs),
        audio_bytes=sum(cost.audio_bytes for cost in costs),
    )


def course_offline_context(course, lessons, *, with_bodies, request=None):
    """The data cost of each lesson (set as `lesson.data_cost`) and of the whole
    course, and the addresses "save for reading without signal" stores.
    `with_bodies` is the same lessons with their bodies, loaded in one query."""
    found = lessons_listening_and_cost(list(with_bodies))
    costs = []
    for lesson in lessons:
        lesson.data_cost = found[lesson.pk][1]
        costs.append(lesson.data_cost)
    return {
        "course_cost": course_cost(costs),
        "saved_pages": [course.get_url(request)]
        + [lesson.get_url(request) for lesson in lessons],
    }
