"""Operations that write: generated handouts are stored and reused until the page
(or anything printed on it) is published again."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from wagtail.images.shortcuts import get_rendition_or_not_found

from courses import handouts
from courses.blocks import STEP_IMAGE_SPEC
from courses.models import CoursePage, LessonPage
from courses.selectors import COVER_IMAGE_SPEC, course_lessons
from literacy_site import pdf
from literacy_site.models import OrganisationSettings

HANDOUT_FOLDER = "handouts"


def handout_get_or_create(*, name, version, render) -> bytes:
    """The stored PDF for this version, or a new one rendered and stored.

    `version` lists everything printed on the handout that can change: the
    published revisions, the organisation, the address, the language. Older
    versions of the same handout are removed when a new one is stored.
    """
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:20]
    folder = f"{HANDOUT_FOLDER}/{name}"
    path = f"{folder}/{digest}.pdf"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    pdf = render()
    try:
        _directories, old_files = default_storage.listdir(folder)
    except FileNotFoundError:
        old_files = []
    for old in old_files:
        default_storage.delete(f"{folder}/{old}")
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(pdf))
    return pdf


def organisation_version(settings):
    if settings is None or not settings.pk:
        return None
    logo = settings.logo
    return (settings.name, logo.pk if logo else None, logo.file_hash if logo else "")


def lesson_handout_pdf(*, lesson, request) -> bytes:
    course = lesson.get_parent()
    lessons = course_lessons(course)
    ids = [sibling.pk for sibling in lessons]
    position = ids.index(lesson.pk) + 1 if lesson.pk in ids else None
    organisation = OrganisationSettings.for_request(request)
    url = lesson.get_full_url(request)
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
    )

    def render():
        data = handouts.lesson_data(
            lesson,
            url=url,
            course_title=course.title,
            position=position,
            lesson_count=len(ids),
        )
        return handouts.render_lesson_handout(data, pdf.organisation_data(organisation))

    return handout_get_or_create(
        name=f"lesson-{lesson.pk}", version=version, render=render
    )


def course_handout_pdf(*, course, request) -> bytes:
    # With their bodies: every lesson is printed in full.
    lessons = list(LessonPage.objects.live().public().child_of(course).order_by("path"))
    organisation = OrganisationSettings.for_request(request)
    url = course.get_full_url(request)
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
    )

    def render():
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
                    url=lesson.get_full_url(request),
                    course_title=course.title,
                    position=position,
                    lesson_count=count,
                )
                for position, lesson in enumerate(lessons, start=1)
            ),
        )
        return handouts.render_course_handout(data, pdf.organisation_data(organisation))

    return handout_get_or_create(
        name=f"course-{course.pk}", version=version, render=render
    )


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
