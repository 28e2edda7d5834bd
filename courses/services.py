"""Operations that write: generated handouts are stored and reused until the page
(or anything printed on it) is published again.

Handouts are drawn by the task worker (`tasks.py` says when they are asked for):
on publish, and when someone asks for one that is not drawn yet (the `cetak/`
address shows a waiting page meanwhile)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import translation
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Site

from courses import handouts
from courses.blocks import STEP_IMAGE_SPEC
from courses.models import COVER_IMAGE_SPEC, CoursePage, LessonPage, course_lessons
from literacy_site import pdf
from literacy_site.addresses import page_full_url
from literacy_site.files import write_in_place
from literacy_site.models import OrganisationSettings

HANDOUT_FOLDER = "handouts"


@dataclass(frozen=True)
class Handout:
    """One version of a page's handout: where it is kept and how to draw it.

    The version lists everything printed on the handout that can change: the
    published revisions, the organisation, the address, the language."""

    name: str
    version: tuple
    render: Callable[[], bytes]
    short: bool = False

    @property
    def path(self):
        digest = hashlib.sha256(repr(self.version).encode()).hexdigest()[:20]
        return f"{HANDOUT_FOLDER}/{self.name}/{digest}.pdf"


def organisation_version(settings):
    if settings is None or not settings.pk:
        return None
    logo = settings.logo
    return (settings.name, logo.pk if logo else None, logo.file_hash if logo else "")


def _organisation():
    # Handouts are drawn by the worker, with no request: the default site's.
    return OrganisationSettings.for_site(Site.objects.get(is_default_site=True))


def lesson_handout(lesson, *, short=False) -> Handout:
    course = lesson.get_parent()
    lessons = course_lessons(course)
    ids = [sibling.pk for sibling in lessons]
    position = ids.index(lesson.pk) + 1 if lesson.pk in ids else None
    organisation = _organisation()
    url = page_full_url(lesson)
    version = (
        # The publication time as well as the revision: ids can come back after
        # a database is restored, times do not.
        lesson.live_revision_id,
        lesson.last_published_at,
        course.live_revision_id,
        tuple(ids),
        organisation_version(organisation),
        url,
        translation.get_language(),
        "short" if short else "full",
    )

    def render():
        data = handouts.lesson_data(
            lesson,
            url=url,
            course_title=course.title,
            position=position,
            lesson_count=len(ids),
        )
        return handouts.render_lesson_handout(
            data, pdf.organisation_data(organisation), short=short
        )

    return Handout(
        name=handout_name(lesson, short), version=version, render=render, short=short
    )


def course_handout(course, *, short=True) -> Handout:
    live_lessons = LessonPage.objects.live().public().child_of(course).order_by("path")
    # The version needs no lesson bodies; the waiting page asks for it every few
    # seconds, so only render() loads them.
    lessons = list(live_lessons.defer_streamfields())
    organisation = _organisation()
    url = page_full_url(course)
    version = (
        course.live_revision_id,
        course.last_published_at,
        tuple(
            (lesson.pk, lesson.live_revision_id, lesson.last_published_at)
            for lesson in lessons
        ),
        organisation_version(organisation),
        url,
        translation.get_language(),
        "short" if short else "full",
    )

    def render():
        lessons = list(live_lessons)  # with their bodies
        count = len(lessons)
        data = handouts.CourseHandout(
            title=course.title,
            summary=course.summary,
            url=url,
            pillar=course.get_pillar_display(),
            level=course.get_level_display(),
            minutes=sum(lesson.minutes for lesson in lessons),
            outcomes=tuple(course.outcome_list),
            cover=pdf.picture_of(course.cover_image),
            lessons=tuple(
                handouts.lesson_data(
                    lesson,
                    url=page_full_url(lesson),
                    course_title=course.title,
                    position=position,
                    lesson_count=count,
                )
                for position, lesson in enumerate(lessons, start=1)
            ),
        )
        return handouts.render_course_handout(
            data, pdf.organisation_data(organisation), short=short
        )

    return Handout(
        name=handout_name(course, short), version=version, render=render, short=short
    )


def handout_name(page, short):
    kind = "course" if isinstance(page, CoursePage) else "lesson"
    return f"{kind}-{page.pk}" + ("-short" if short else "")


def handout_of(page, *, short=None) -> Handout:
    """The page's handout, short (steps and warnings, at most two pages a lesson)
    or in full. Unless told, a lesson prints in full and a course short, as print
    packs take it."""
    page = page.specific
    if isinstance(page, CoursePage):
        return course_handout(page, short=True if short is None else short)
    return lesson_handout(page, short=bool(short))


def handout_build(*, page, short=None) -> str:
    """Draw and store the page's handout unless this version is stored already.
    Older versions of it are removed. Returns the stored path."""
    handout = handout_of(page, short=short)
    if default_storage.exists(handout.path):
        return handout.path
    path = Path(default_storage.path(handout.path))
    write_in_place(path, handout.render())
    for other in path.parent.iterdir():
        if other.name != path.name and not other.name.startswith("."):
            other.unlink(missing_ok=True)
    return handout.path


def page_renditions_create(*, page) -> None:
    """Make the picture sizes a page shows as it is published.

    Otherwise the first reader's visit writes them (a file and a database row),
    and while the database is read-only or the disk full that page cannot be read.
    """
    page = page.specific
    wanted = []
    if isinstance(page, LessonPage):
        wanted += [
            (child.value["image"], STEP_IMAGE_SPEC)
            for child in page.body
            if child.block_type == "step" and child.value["image"]
        ]
    if isinstance(page, CoursePage) and page.cover_image:
        wanted.append((page.cover_image, COVER_IMAGE_SPEC))
    for image, spec in wanted:
        get_rendition_or_not_found(image, spec)
